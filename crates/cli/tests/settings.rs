//! `fq settings` for a standalone laptop — the company profile with its bank details, my contact details,
//! exchange rates and the manager PIN — and what they change: the quote PDF (read back with `pdftotext`) and
//! who may approve a discount.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::cargo::cargo_bin_cmd;

mod fq;
use fq::{db_bytes, fails_with, fq, ok, ok_json};

const PIN: &str = "Mgr 4711 东区";

/// `fq` with `vars` in its environment.
fn fq_env(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = cargo_bin_cmd!("fq");
    cmd.arg("--data-dir").arg(dir).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The demo quote Q-2026-0001 given a 30 % discount: it waits for approval.
async fn waiting_for_approval(dir: &Path) -> String {
    use fieldquote_store::{Origin, Store};
    let store = Store::open(dir).await.unwrap();
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    let mut draft = q.to_draft();
    draft.lines[0].discount_percent = "30".into();
    let q = store.save_quote(&draft, Origin::Cli).await.unwrap();
    store.close().await.unwrap();
    q.number.unwrap()
}

#[test]
fn the_company_profile_and_my_contact_reach_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["demo"]);
    let out = ok(
        d,
        &[
            "settings",
            "company",
            "--name",
            "苏州精工机电有限公司",
            "--bank-name",
            "中国银行",
            "--bank-account-name",
            "苏州精工机电有限公司",
            "--bank-account-number",
            "5388 7723 0011",
            "--bank-branch",
            "",
            "--bank-swift",
            "bkchcnbj95h",
        ],
    );
    assert!(out.contains("account 5388 7723 0011 at 中国银行"), "{out}");
    ok(
        d,
        &[
            "settings",
            "my-contact",
            "--name",
            "Zhou Min",
            "--title",
            "Key account manager",
            "--phone",
            "+86 139 0000 7788",
            "--email",
            "zhou.min@example.cn",
        ],
    );
    let shown = ok_json(d, &["settings", "show", "--format", "json"]);
    assert_eq!(shown["company"]["bank"]["swift"], "BKCHCNBJ95H");
    assert_eq!(shown["company"]["bank"]["branch"], "");
    assert_eq!(shown["quote_contact"]["name"], "Zhou Min");
    assert_eq!(
        shown["company"]["address"],
        "上海市浦东新区张江路 188 号 3 楼\n3F, 188 Zhangjiang Road, Pudong, Shanghai 201203",
        "kept"
    );
    let table = ok(d, &["settings", "show"]);
    assert!(table.contains("Bank details: 苏州精工机电有限公司, account 5388 7723 0011 at 中国银行 (SWIFT/BIC BKCHCNBJ95H)"), "{table}");
    assert!(table.contains("Sales contact on quotes: Zhou Min (Key account manager, +86 139 0000 7788, zhou.min@example.cn)"), "{table}");

    let pdf = d.join("q.pdf");
    ok(
        d,
        &[
            "quote",
            "pdf",
            "Q-2026-0001",
            "--out",
            pdf.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    let text = pdf_text(&pdf);
    for printed in [
        "Salescontact:ZhouMin",
        "Tel.:+8613900007788",
        "Accountname:苏州精工机电有限公司",
        "Accountno.:538877230011",
        "Bank:中国银行",
        "SWIFT/BIC:BKCHCNBJ95H",
    ] {
        assert!(text.contains(printed), "{printed} in {text}");
    }
    assert!(!text.contains("Branch:"), "{text}");

    // A bad profile is refused with every field named, and nothing is written.
    let before = db_bytes(d);
    fails_with(
        d,
        &[
            "settings",
            "company",
            "--name",
            " ",
            "--bank-swift",
            "BKCH",
            "--currency",
            "RMB",
        ],
        &["currency: unknown currency"],
    );
    fails_with(
        d,
        &["settings", "company", "--name", " ", "--bank-swift", "BKCH"],
        &["name: required", "bank_swift: not a SWIFT/BIC code"],
    );
    fails_with(
        d,
        &["settings", "my-contact", "--email", "zhou.min"],
        &["email: not a valid e-mail address"],
    );
    assert_eq!(db_bytes(d), before);
}

#[test]
fn exchange_rates_are_set_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ok(d, &["settings", "exchange-rate", "usd", "CNY", "7.1"]);
    assert!(out.contains("1 USD = 7.1 CNY"), "{out}");
    assert_eq!(
        ok_json(d, &["settings", "show", "--format", "json"])["exchange_rates"][0]["rate"],
        "7.1"
    );
    ok(d, &["settings", "exchange-rate", "USD", "CNY", "--remove"]);
    assert_eq!(
        ok_json(d, &["settings", "show", "--format", "json"])["exchange_rates"],
        serde_json::json!([])
    );
    fails_with(
        d,
        &["settings", "exchange-rate", "USD", "CNY", "--remove"],
        &["exchange rate not found: USD → CNY"],
    );
    fails_with(
        d,
        &["settings", "exchange-rate", "XYZ", "CNY", "7"],
        &["from: unknown currency"],
    );
    let out = fq(d, &["settings", "exchange-rate", "USD", "CNY"]);
    assert_eq!(out.status.code(), Some(2), "a rate or --remove is required");
}

#[tokio::test]
async fn a_manager_pin_guards_approvals_and_is_never_stored_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["demo"]);
    let number = waiting_for_approval(d).await;
    let n = number.as_str();
    let set = fq_env(
        d,
        &["settings", "manager-pin", "--pin-env", "NEW_PIN"],
        &[("NEW_PIN", PIN)],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(ok(d, &["settings", "show"]).contains("Manager PIN: set"));
    // The PIN is nowhere in the data directory's files as typed.
    for entry in std::fs::read_dir(d).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(PIN.len()).any(|w| w == PIN.as_bytes()),
                "the PIN is in {}",
                path.display()
            );
        }
    }

    // Naming the manager is no longer enough; a wrong PIN decides nothing either.
    fails_with(
        d,
        &["quote", "approve", n, "--by", "Zhang Wei"],
        &["a manager PIN is set on this laptop: pass --pin-env VAR"],
    );
    let wrong = fq_env(
        d,
        &["quote", "approve", n, "--by", "Zhang Wei", "--pin-env", "P"],
        &[("P", "Mgr 4711")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("the manager PIN is wrong (4 more attempts before it locks for a while); nothing was changed"),
        "{}",
        stderr(&wrong)
    );
    let shown = ok_json(d, &["quote", "show", n, "--format", "json"]);
    assert_eq!(shown["status"], "pending_approval");
    assert_eq!(shown["approval"], serde_json::Value::Null);

    // The right PIN approves, and `quote show` says who and why.
    let approved = fq_env(
        d,
        &[
            "quote",
            "approve",
            n,
            "--by",
            "Zhang Wei",
            "--pin-env",
            "P",
            "--comment",
            "战略客户，可以",
        ],
        &[("P", PIN)],
    );
    assert!(approved.status.success(), "{}", stderr(&approved));
    let shown = ok(d, &["quote", "show", n]);
    assert!(shown.contains("Approved by Zhang Wei at "), "{shown}");
    assert!(
        shown.contains("Approval comment: 战略客户，可以"),
        "{shown}"
    );

    // Changing or removing it needs the current one.
    fails_with(
        d,
        &["settings", "manager-pin", "--remove"],
        &["--current-pin-env VAR"],
    );
    let wrong = fq_env(
        d,
        &[
            "settings",
            "manager-pin",
            "--remove",
            "--current-pin-env",
            "P",
        ],
        &[("P", "0000")],
    );
    assert!(
        stderr(&wrong).contains("the manager PIN is wrong"),
        "{}",
        stderr(&wrong)
    );
    let short = fq_env(
        d,
        &[
            "settings",
            "manager-pin",
            "--pin-env",
            "NEW",
            "--current-pin-env",
            "P",
        ],
        &[("P", PIN), ("NEW", "12")],
    );
    assert!(
        stderr(&short).contains("new_pin: shorter than 4 characters"),
        "{}",
        stderr(&short)
    );
    let removed = fq_env(
        d,
        &[
            "settings",
            "manager-pin",
            "--remove",
            "--current-pin-env",
            "P",
        ],
        &[("P", PIN)],
    );
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert!(ok(d, &["settings", "show"]).contains("Manager PIN: none"));
}
