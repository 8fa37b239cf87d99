//! `fq content` on real SQLite files: personal blocks imported from JSON and CSV with their images, listed and
//! filtered, exported and imported again; a file with problems is refused whole and leaves the database's
//! bytes (and the blob directory) as they were.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

mod fq;
use fq::{db_bytes, fails_with, ok, ok_json};

fn blob_files(dir: &std::path::Path) -> usize {
    let blobs = dir.join(fieldquote_store::BLOB_DIR);
    if !blobs.exists() {
        return 0;
    }
    std::fs::read_dir(blobs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().unwrap() != "partial")
        .map(|p| std::fs::read_dir(p).unwrap().count())
        .sum()
}

#[test]
fn blocks_are_imported_listed_exported_and_imported_again() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let files = tempfile::tempdir().unwrap();
    let f = files.path();
    std::fs::write(f.join("plant.png"), b"not really a png, but bytes").unwrap();
    std::fs::write(
        f.join("a.json"),
        json!([
            {"kind": "case_study", "title_en": "Cold chain for a dairy", "title_zh": "乳品冷链",
             "body_en": "Client: Bright Dairy", "tags": ["dairy", "iot"], "industry": "food",
             "images": ["plant.png"]},
            {"kind": "faq", "title_en": "Warranty?", "title_zh": "保修期？"}
        ])
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        f.join("b.csv"),
        "kind,title_en,tags\nterms,Payment,finance;terms\n",
    )
    .unwrap();
    let out = ok(d, &["content", "import", f.to_str().unwrap()]);
    assert!(
        out.contains("Imported 3 content blocks") && out.contains("3 new"),
        "{out}"
    );
    assert_eq!(blob_files(d), 1);

    let all = ok_json(d, &["content", "list", "--format", "json"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|b| b["scope"] == "personal")
    );
    let dairy = ok_json(
        d,
        &["content", "list", "--tag", "dairy", "--format", "json"],
    );
    assert_eq!(dairy[0]["title_zh"], "乳品冷链");
    assert_eq!(dairy[0]["image_blobs"].as_array().unwrap().len(), 1);
    let found = ok_json(
        d,
        &["content", "list", "--text", "保修", "--format", "json"],
    );
    assert_eq!(found[0]["kind"], "faq");
    let table = ok(d, &["content", "list", "--kind", "terms"]);
    assert!(
        table.contains("Payment") && !table.contains("Warranty"),
        "{table}"
    );

    // Exported, and imported again: the same blocks, updated in place.
    let export = f.join("library.csv");
    ok(d, &["content", "export", "--out", export.to_str().unwrap()]);
    let json_out = ok(d, &["content", "export"]);
    let exported: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(exported.as_array().unwrap().len(), 3);
    std::fs::remove_file(f.join("a.json")).unwrap();
    std::fs::remove_file(f.join("b.csv")).unwrap();
    let out = ok(d, &["content", "import", export.to_str().unwrap()]);
    assert!(out.contains("0 new, 3 updated"), "{out}");
    assert_eq!(
        ok_json(d, &["content", "list", "--format", "json"]),
        all,
        "nothing changed"
    );
}

#[test]
fn a_file_with_problems_is_refused_whole() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(d, &["content", "list"]);
    let before = db_bytes(d);
    let files = tempfile::tempdir().unwrap();
    let f = files.path();
    std::fs::write(f.join("ok.png"), b"bytes").unwrap();
    std::fs::write(
        f.join("bad.json"),
        json!([
            {"kind": "faq", "title_en": "Fine", "images": ["ok.png"]},
            {"kind": "brochure", "title_en": "Bad kind"},
            {"kind": "faq", "title_en": "No picture", "images": ["missing.png"]},
            {"kind": "faq", "title_en": "Bad hash", "image_blobs": ["abc"]}
        ])
        .to_string(),
    )
    .unwrap();
    fails_with(
        d,
        &["content", "import", f.join("bad.json").to_str().unwrap()],
        &[
            "row 2",
            "kind",
            "row 3",
            "missing.png",
            "row 4",
            "image_blobs[0]",
        ],
    );
    std::fs::write(f.join("nul.csv"), "kind,title_en\nfaq,a\u{0}b\n").unwrap();
    fails_with(
        d,
        &["content", "import", f.join("nul.csv").to_str().unwrap()],
        &["row 2", "control characters"],
    );
    fails_with(
        d,
        &["content", "list", "--kind", "poem"],
        &["kind", "case_study"],
    );
    assert_eq!(db_bytes(d), before, "nothing written");
    assert_eq!(blob_files(d), 0, "no image kept");
}
