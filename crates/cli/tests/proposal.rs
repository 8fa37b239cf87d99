//! `fq proposal` on real SQLite files with the demo data: the demo's sent proposal written as a PDF named by
//! the file name pattern (and by another pattern once set; a bad pattern changes nothing), a new proposal
//! made, sent, signed with a PNG and verified; a changed byte, a PDF of no proposal and an edit of a sent
//! version each refused with a clear message and a non-zero exit status.
#![allow(clippy::unwrap_used)]

mod fq;
use fq::{db_bytes, fails_with, fq, ok, ok_json};

/// A 24×8 grayscale PNG: a stroke.
const SIGNATURE_PNG: &[u8] = include_bytes!("../../service/tests/fixtures/signature.png");

fn pdfs_in(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    out.sort();
    out
}

#[test]
fn proposals_are_written_sent_signed_and_verified_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(d, &["demo"]);

    // The demo's proposal: sent, and written into a folder under the standard name.
    let list = ok_json(d, &["proposal", "list", "--format", "json"]);
    let demo = &list.as_array().unwrap()[0];
    assert_eq!(demo["status"], "sent");
    let id = demo["id"].as_str().unwrap().to_string();
    let out = tempfile::tempdir().unwrap();
    ok(
        d,
        &[
            "proposal",
            "pdf",
            &id,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    let names = pdfs_in(out.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("无锡新能电池科技有限公司 - Proposal")
            && !names[0].ends_with(".pdf.pdf"),
        "{names:?}"
    );

    // Another pattern; a bad one is refused and changes nothing.
    let before = db_bytes(d);
    fails_with(
        d,
        &["settings", "proposal-file-name", "{{client.nickname}}"],
        &["unknown placeholder", "client.nickname"],
    );
    assert_eq!(db_bytes(d), before);
    ok(
        d,
        &[
            "settings",
            "proposal-file-name",
            "方案 {{client.name}} {{date}}",
        ],
    );
    let out = tempfile::tempdir().unwrap();
    ok(
        d,
        &[
            "proposal",
            "pdf",
            &id,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    let names = pdfs_in(out.path());
    assert!(
        names[0].starts_with("方案 无锡新能电池科技有限公司 20"),
        "{names:?}"
    );

    // A sent version does not change; the demo's deal is signed on it.
    let shown = ok_json(d, &["proposal", "show", &id, "--format", "json"]);
    let case = shown["sections"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["kind"] == "case_studies")
        .unwrap();
    assert!(case > 0);
    let blocks = ok_json(
        d,
        &[
            "content",
            "list",
            "--kind",
            "case_study",
            "--format",
            "json",
        ],
    );
    let block = blocks[0]["id"].as_str().unwrap().to_string();
    fails_with(
        d,
        &["proposal", "add", &id, &block],
        &["version 1", "sent", "revise"],
    );
    let sig = out.path().join("sig.png");
    std::fs::write(&sig, SIGNATURE_PNG).unwrap();
    let signed_dir = tempfile::tempdir().unwrap();
    let said = ok(
        d,
        &[
            "proposal",
            "sign",
            &id,
            "--name",
            "钱海峰",
            "--title",
            "设备部经理",
            "--signature",
            sig.to_str().unwrap(),
            "--out",
            signed_dir.path().to_str().unwrap(),
        ],
    );
    assert!(said.contains("accepted"), "{said}");
    let signed = signed_dir.path().join(&pdfs_in(signed_dir.path())[0]);
    let verified = ok(d, &["proposal", "verify", signed.to_str().unwrap()]);
    assert!(verified.contains("valid"), "{verified}");
    let report = ok_json(
        d,
        &[
            "proposal",
            "verify",
            signed.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(report["outcome"], "valid");

    // A byte changed after signing fails, and so does a file that is no proposal.
    let mut bytes = std::fs::read(&signed).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let altered = signed_dir.path().join("altered.pdf");
    std::fs::write(&altered, &bytes).unwrap();
    let out_altered = fq(d, &["proposal", "verify", altered.to_str().unwrap()]);
    assert!(!out_altered.status.success());
    assert!(
        String::from_utf8_lossy(&out_altered.stdout).contains("ALTERED"),
        "{}",
        String::from_utf8_lossy(&out_altered.stdout)
    );
    let other = signed_dir.path().join("other.pdf");
    std::fs::write(&other, b"%PDF-1.7\n%%EOF\n").unwrap();
    let out_other = fq(d, &["proposal", "verify", other.to_str().unwrap()]);
    assert!(!out_other.status.success());
    assert!(String::from_utf8_lossy(&out_other.stdout).contains("UNKNOWN"));

    // The opportunity is won with the accepted quote.
    let opportunities = ok_json(d, &["opportunity", "list", "--format", "json"]);
    let deal = opportunities["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"].as_str().unwrap().contains("化成车间"))
        .unwrap()
        .clone();
    assert_eq!(deal["stage"], "won", "{deal}");

    // A new proposal in Chinese, with a library block in it.
    let smt = opportunities["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"].as_str().unwrap().contains("SMT"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let started = ok_json(
        d,
        &[
            "proposal",
            "new",
            "--opportunity",
            &smt,
            "--lang",
            "zh",
            "--block",
            &block,
            "--format",
            "json",
        ],
    );
    assert_eq!(started["status"], "draft");
    assert!(
        started["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["source_block"] == block.as_str()),
        "{started}"
    );
}
