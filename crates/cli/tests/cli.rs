//! `fq` end to end on fresh data directories: demo, lists as JSON, a quote's PDF read back with poppler.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod fq;
use fq::{db_bytes, fails_with, fq, ok_json};

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn demo_then_list_then_pdf_on_a_fresh_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = fq(&data, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Twice changes nothing. (`fq customer …`, as older scripts say, is `fq account …`.)
    assert!(fq(&data, &["demo"]).status.success());
    let accounts = ok_json(&data, &["customer", "list", "--format", "json"]);
    assert_eq!(accounts["total"], 24);
    assert_eq!(accounts["rows"].as_array().unwrap().len(), 24);
    assert_eq!(
        ok_json(&data, &["product", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        32
    );

    let page = ok_json(&data, &["quote", "list", "--format", "json"]);
    assert_eq!(page["total"], 10, "the real count: {page}");
    let quotes = page["rows"].as_array().unwrap();
    assert_eq!(quotes.len(), 10);
    for q in quotes {
        for key in [
            "number", "customer", "status", "currency", "subtotal", "tax", "total",
        ] {
            assert!(q.get(key).is_some(), "quote JSON lacks {key}: {q}");
        }
        // Money is a decimal string, never a JSON number.
        assert!(q["total"].as_str().unwrap().contains('.'));
    }
    let q = quotes
        .iter()
        .find(|q| q["customer"] == "上海华东机电设备有限公司")
        .unwrap();
    let number = q["number"].as_str().unwrap();
    assert_eq!(q["status"], "draft");
    assert_eq!(q["currency"], "CNY");

    // Newest first; a window of the list keeps the real count; filters and sorts by word.
    let numbers: Vec<&str> = quotes
        .iter()
        .map(|q| q["number"].as_str().unwrap())
        .collect();
    let mut newest_first = numbers.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(numbers, newest_first);
    let window = ok_json(
        &data,
        &[
            "quote", "list", "--limit", "3", "--offset", "3", "--format", "json",
        ],
    );
    assert_eq!(window["total"], 10);
    let in_window: Vec<&str> = window["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["number"].as_str().unwrap())
        .collect();
    assert_eq!(in_window, numbers[3..6]);
    let drafts = ok_json(
        &data,
        &[
            "quote", "list", "--status", "draft", "--asc", "--format", "json",
        ],
    );
    assert!(drafts["total"].as_u64().unwrap() >= 1);
    assert!(
        drafts["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["status"] == "draft"),
        "{drafts}"
    );
    for (flag, word, says) in [
        ("--status", "finished", "draft, pending_approval"),
        ("--sort", "colour", "number, issue_date"),
    ] {
        let out = fq(&data, &["quote", "list", flag, word]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{flag} {word}: {err}");
    }

    let shown = ok_json(&data, &["quote", "show", number, "--format", "json"]);
    assert_eq!(shown["total"], q["total"], "show and list agree");
    assert_eq!(shown["lines"].as_array().unwrap().len(), 5);

    let pdf = dir.path().join("q.pdf");
    let out = fq(
        &data,
        &["quote", "pdf", number, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("上海华东机电设备有限公司"), "{text}");
    assert!(text.contains(number), "{text}");
    // The PDF groups thousands: 1234.50 prints as 1,234.50.
    let total = q["total"].as_str().unwrap();
    let (int, frac) = total.split_once('.').unwrap();
    let grouped: String = int
        .chars()
        .rev()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(",")
        .chars()
        .rev()
        .collect();
    assert!(
        text.contains(&format!("{grouped}.{frac}")),
        "total {total} missing: {text}"
    );
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "font not embedded+subset: {row}"
        );
    }
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = fq(
        dir.path(),
        &["quote", "pdf", "Q-1999-0001", "--out", "x.pdf"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("quote not found: Q-1999-0001"), "{err}");

    let out = fq(
        dir.path(),
        &["account", "add", "--name", "  ", "--email", "nope"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("name: required") && err.contains("email: not a valid e-mail address"),
        "{err}"
    );
    assert_eq!(
        ok_json(dir.path(), &["account", "list", "--format", "json"])["total"],
        0
    );

    let out = fq(dir.path(), &["quote", "list", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");

    // A data directory that cannot be created.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = fq(&file.join("sub"), &["account", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open the Fieldquote data"));
}

#[test]
fn accounts_added_from_the_cli_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let added = ok_json(
        dir.path(),
        &[
            "account",
            "add",
            "--name",
            "苏州精工",
            "--contact",
            "王芳",
            "--format",
            "json",
        ],
    );
    assert_eq!(added["name"], "苏州精工");
    let found = ok_json(
        dir.path(),
        &["account", "list", "--query", "精工", "--format", "json"],
    );
    assert_eq!(found["total"], 1);
    assert_eq!(found["rows"][0]["contact_person"], "王芳");
}

#[test]
fn products_import_export_round_trip_and_bad_files_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(fq(&data, &["demo"]).status.success());
    let csv = dir.path().join("catalog.csv");
    std::fs::write(
        &csv,
        "sku,name,description,unit,unit_price,currency,tax_rate\n\
         PLC-S7-1200,PLC S7-1200 控制器（新价）,,台,3980.00,CNY,13\n\
         NEW-1,\"Cable, 5 m\",屏蔽,m,12.5,CNY,13\n",
    )
    .unwrap();
    let out = fq(&data, &["import", "products", csv.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Imported 2 products") && said.contains("1 new, 1 updated"),
        "{said}"
    );
    let products = ok_json(
        &data,
        &["product", "list", "--query", "NEW-1", "--format", "json"],
    );
    assert_eq!(products[0]["name"], "Cable, 5 m");
    assert_eq!(products[0]["unit_price"], "12.50");

    // A file with problems: every one reported by row and column, and the database files untouched.
    std::fs::write(
        &csv,
        "sku,name,description,unit,unit_price,currency,tax_rate\n\
         OK-1,Fine,,pcs,1.00,CNY,13\n\
         BAD-1,,,pcs,-3,CNY,13\n\
         BAD-2,Two,,pcs,1.00,XYZ,13\n",
    )
    .unwrap();
    let before = db_bytes(&data);
    let out = fq(&data, &["import", "products", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "nothing was imported",
        "row 3, column 2 (name)",
        "row 3, column 5 (unit_price)",
        "row 4, column 6 (currency)",
    ] {
        assert!(err.contains(needle), "{needle:?} in {err}");
    }
    assert!(
        db_bytes(&data) == before,
        "a refused file changes no byte of the database"
    );
    let missing = fq(&data, &["import", "products", "/nonexistent/catalog.csv"]);
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot open /nonexistent/catalog.csv")
    );

    // Export, then import the export elsewhere: the same catalog.
    let exported = dir.path().join("export.csv");
    let out = fq(
        &data,
        &["export", "products", "--out", exported.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let other = dir.path().join("other");
    let out = fq(&other, &["import", "products", exported.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Ids differ between the two databases: compare linked products by SKU.
    let strip = |v: Value| -> Vec<Value> {
        let list = v.as_array().unwrap();
        let sku = |id: &Value| {
            list.iter()
                .find(|p| p["id"] == *id)
                .map(|p| p["sku"].clone())
                .unwrap()
        };
        list.iter()
            .map(|p| {
                let mut p = p.clone();
                let o = p.as_object_mut().unwrap();
                o.remove("id");
                for c in o["components"].as_array_mut().unwrap() {
                    c["product_id"] = sku(&c["product_id"]);
                }
                let accessories: Vec<Value> = o["accessories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(sku)
                    .collect();
                o["accessories"] = Value::Array(accessories);
                p
            })
            .collect()
    };
    assert_eq!(
        strip(ok_json(&data, &["product", "list", "--format", "json"])),
        strip(ok_json(&other, &["product", "list", "--format", "json"]))
    );
    // Importing the same file again changes nothing.
    let out = fq(&other, &["import", "products", exported.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 new, 0 updated"));
}

#[tokio::test]
async fn a_connected_device_refuses_local_catalog_imports() {
    let dir = tempfile::tempdir().unwrap();
    let store = fieldquote_store::Store::open(dir.path()).await.unwrap();
    store
        .set_sync_account(
            "https://sync.example.cn",
            uuid::Uuid::now_v7(),
            "rep@example.cn",
            "RE1",
        )
        .await
        .unwrap();
    store.close().await.unwrap();
    let csv = dir.path().join("catalog.csv");
    std::fs::write(
        &csv,
        "sku,name,description,unit,unit_price,currency,tax_rate\nA-1,A,,pcs,1.00,CNY,13\n",
    )
    .unwrap();
    let out = fq(dir.path(), &["import", "products", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("catalog is managed on the server https://sync.example.cn"),
        "{err}"
    );
    assert_eq!(
        ok_json(dir.path(), &["product", "list", "--format", "json"]),
        serde_json::json!([])
    );
}

/// A data directory with one customer, two products and a quote whose 20 % discount is above the default
/// limit; returns its number.
async fn quote_over_the_limit(dir: &Path) -> String {
    use fieldquote_domain::account::AccountInput;
    use fieldquote_domain::catalog::ProductInput;
    use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteDraft, QuoteLineDraft};
    use fieldquote_store::{Origin, Store};
    let store = Store::open(dir).await.unwrap();
    let c = store
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    let product = |sku: &str, price: &str, rate: &str| ProductInput {
        sku: sku.into(),
        name: sku.into(),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: price.into(),
        currency: "CNY".into(),
        tax_rate: rate.into(),
        ..Default::default()
    };
    let plc = store
        .upsert_product(&product("PLC", "3880.00", "13"), Origin::Cli)
        .await
        .unwrap();
    let svc = store
        .upsert_product(&product("SVC", "680.00", "6"), Origin::Cli)
        .await
        .unwrap();
    let q = store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(c.id),
                payment_terms: "30 天".into(),
                quote_discount: QuoteDiscountDraft::Amount {
                    value: "100.00".into(),
                },
                lines: vec![
                    QuoteLineDraft {
                        product_id: plc.id,
                        quantity: "2".into(),
                        discount_percent: "20".into(),
                        ..Default::default()
                    },
                    QuoteLineDraft {
                        product_id: svc.id,
                        quantity: "1".into(),
                        discount_percent: "0".into(),
                        optional: true,
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    store.close().await.unwrap();
    q.number.unwrap()
}

#[tokio::test]
async fn quote_approval_sending_revision_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let number = quote_over_the_limit(d).await;
    let n = number.as_str();

    let shown = ok_json(d, &["quote", "show", n, "--format", "json"]);
    assert_eq!(shown["status"], "pending_approval");
    assert_eq!(shown["revision"], 0);
    assert_eq!(shown["revises_number"], Value::Null);
    assert_eq!(shown["payment_terms"], "30 天");
    let lines = shown["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    // 2 × 3880 × 0.8 = 6208.00, minus its share of the 100.00 quote discount (all of it: the option does not count).
    assert_eq!(lines[0]["net"], "6108.00");
    assert_eq!(lines[0]["tax"], "794.04");
    assert_eq!(lines[0]["gross"], "6902.04");
    assert_eq!(
        (
            &lines[1]["optional"],
            &lines[1]["selected"],
            &lines[1]["counts_in_totals"]
        ),
        (&Value::Bool(true), &Value::Bool(false), &Value::Bool(false))
    );
    assert_eq!(lines[1]["net"], "680.00");
    let totals = &shown["totals"];
    assert_eq!(totals["quote_discount"], "100.00");
    assert_eq!(totals["subtotal"], "6108.00");
    assert_eq!(totals["total"], "6902.04");
    assert_eq!(totals["tax_by_rate"][0]["rate"], "13");
    assert_eq!(totals["total_in_capitals"], "陆仟玖佰零贰元零肆分");
    assert_eq!(shown["total"], totals["total"]);
    assert_eq!(shown["discount_review"]["needs_approval"], true);

    // Not sendable before approval, and not revisable before sending. The largest discount is the line's 20 %
    // combined with its part of the quote discount: 1 − 0.8 × (1 − 100 / 6208) = 21.2887 %.
    fails_with(
        d,
        &["quote", "send", n],
        &[&format!(
            "{n} needs a manager's approval before it can be sent: its largest discount is 21.2887 % and the limit is 15 %"
        )],
    );
    fails_with(d, &["quote", "revise", n], &["edit it instead"]);
    fails_with(d, &["quote", "diff", n], &["not a revision"]);

    let approved = ok_json(
        d,
        &[
            "quote",
            "approve",
            n,
            "--by",
            "李经理",
            "--comment",
            "战略客户",
            "--format",
            "json",
        ],
    );
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approval"]["approved_by"], "李经理");
    assert_eq!(approved["approval"]["comment"], "战略客户");
    let out = fq(d, &["quote", "send", n]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("sent"));
    fails_with(d, &["quote", "send", n], &["is sent"]);

    let r1 = ok_json(d, &["quote", "revise", n, "--format", "json"]);
    let r1_number = format!("{n}-R1");
    assert_eq!(r1["number"], r1_number.as_str());
    assert_eq!(r1["revises_number"], n);
    assert_eq!(r1["revision"], 1);
    assert_eq!(
        r1["status"], "pending_approval",
        "the copied discount needs approval again"
    );
    assert_eq!(r1["totals"], shown["totals"]);
    let old = ok_json(d, &["quote", "show", n, "--format", "json"]);
    assert_eq!(old["status"], "superseded");

    let diff = ok_json(d, &["quote", "diff", &r1_number, "--format", "json"]);
    assert_eq!(diff["from_number"], n);
    assert_eq!(diff["to_number"], r1_number.as_str());
    assert_eq!(diff["lines"], serde_json::json!([]));
    assert_eq!(diff["totals_before"], diff["totals_after"]);
    let out = fq(d, &["quote", "diff", &r1_number]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No changes."));

    let list = ok_json(d, &["quote", "list", "--format", "json"]);
    assert_eq!(list["rows"].as_array().unwrap().len(), 2);
    let out = fq(d, &["quote", "show", &r1_number]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Revision 1 of {n}")), "{text}");
    assert!(text.contains("人民币陆仟玖佰零贰元零肆分"), "{text}");
    assert!(text.contains("option, not selected"), "{text}");

    // Unknown numbers and bad approvals are clear errors.
    fails_with(
        d,
        &["quote", "send", "Q-1999-0001"],
        &["quote not found: Q-1999-0001"],
    );
    fails_with(d, &["quote", "revise", "Q-1999-0001"], &["quote not found"]);
    fails_with(
        d,
        &["quote", "approve", &r1_number, "--by", " "],
        &["approved_by: required"],
    );
    fails_with(
        d,
        &["quote", "approve", &r1_number],
        &["name the deciding manager with --by NAME"],
    );
    let out = fq(
        d,
        &["quote", "approve", &r1_number, "--manager", "m@example.cn"],
    );
    assert_eq!(out.status.code(), Some(2), "--manager needs --password-env");
    fails_with(
        d,
        &[
            "quote",
            "approve",
            &r1_number,
            "--manager",
            "m@example.cn",
            "--password-env",
            "FQ_TEST_MANAGER_PW",
        ],
        &["approval on the spot needs the server to check the manager's password"],
    );
    let refused = ok_json(
        d,
        &[
            "quote",
            "reject-approval",
            &r1_number,
            "--by",
            "李经理",
            "--comment",
            "最多 15%",
            "--format",
            "json",
        ],
    );
    assert_eq!(refused["status"], "draft");
    assert_eq!(refused["approval"]["approved"], false);
}

#[test]
fn the_discount_limit_is_a_setting_with_checked_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        ok_json(d, &["settings", "show", "--format", "json"])["discount_limit"],
        "15"
    );
    let out = fq(d, &["settings", "discount-limit", "22.5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for bad in ["150", "abc", "--", "-5"] {
        let out = fq(d, &["settings", "discount-limit", bad]);
        assert!(!out.status.success(), "{bad} accepted");
    }
    assert_eq!(
        ok_json(d, &["settings", "show", "--format", "json"])["discount_limit"],
        "22.5"
    );
}

#[test]
fn the_logo_and_pdf_language_settings_reach_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(fq(d, &["demo"]).status.success());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pdf/tests/fixtures");

    // Unusable files are refused with the reason and store nothing.
    let not_image = d.join("logo.svg");
    std::fs::write(&not_image, "<svg/>").unwrap();
    fails_with(
        d,
        &["settings", "logo", not_image.to_str().unwrap()],
        &["not a PNG or JPEG"],
    );
    fails_with(
        d,
        &["settings", "logo", d.join("missing.png").to_str().unwrap()],
        &["cannot open"],
    );
    fails_with(
        d,
        &[
            "settings",
            "logo",
            fixtures.join("too-wide.png").to_str().unwrap(),
        ],
        &["4100×10 pixels"],
    );
    let shown = ok_json(d, &["settings", "show", "--format", "json"]);
    assert_eq!(shown["logo"], Value::Null);
    assert_eq!(shown["pdf_language"], "auto");

    // A JPEG logo and Chinese as the default language.
    let logo = fixtures.join("logo.jpg");
    assert!(
        fq(d, &["settings", "logo", logo.to_str().unwrap()])
            .status
            .success()
    );
    assert!(fq(d, &["settings", "pdf-language", "zh"]).status.success());
    let shown = ok_json(d, &["settings", "show", "--format", "json"]);
    assert_eq!(shown["logo"]["width"], 240);
    assert_eq!(shown["logo"]["height"], 80);
    assert_eq!(shown["pdf_language"], "zh");

    let pdf = d.join("q.pdf");
    let out = fq(
        d,
        &[
            "quote",
            "pdf",
            "Q-2026-0001",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let images = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert_eq!(images.lines().skip(2).count(), 1, "the logo: {images}");
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("报价单"), "Chinese labels by default: {text}");

    // --lang still wins; a removed logo is gone from the next PDF.
    assert!(fq(d, &["settings", "logo", "--remove"]).status.success());
    let out = fq(
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
    assert!(out.status.success());
    let images = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert_eq!(images.lines().skip(2).count(), 0, "no logo: {images}");
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("QUOTATION"), "{text}");
}

#[test]
fn bundles_show_in_quotes_product_lists_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(fq(&data, &["demo"]).status.success());
    let quotes = ok_json(&data, &["quote", "list", "--format", "json"]);
    let number = quotes["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["customer"] == "苏州精工自动化有限公司")
        .unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();

    // JSON: every line with its kind and parent, amounts per line, totals, status and revision.
    let shown = ok_json(&data, &["quote", "show", &number, "--format", "json"]);
    let lines = shown["lines"].as_array().unwrap();
    let shape: Vec<(String, Value, String)> = lines
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap().to_string(),
                l["parent"].clone(),
                l["bundle_pricing"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(shape[0], ("bundle".into(), Value::Null, "sum".into()));
    assert_eq!(
        shape[1],
        ("component".into(), Value::from(0), String::new())
    );
    assert_eq!(shape[4], ("bundle".into(), Value::Null, "fixed".into()));
    assert_eq!(
        shape[5],
        ("component".into(), Value::from(4), String::new())
    );
    assert_eq!(shape[9].0, "item");
    for l in lines {
        for key in ["net", "tax", "gross", "counts_in_totals", "depth"] {
            assert!(l.get(key).is_some(), "line JSON lacks {key}: {l}");
        }
    }
    assert_eq!(shown["status"], "draft");
    assert_eq!(shown["revision"], 0);
    assert!(shown["totals"]["total"].as_str().unwrap().contains('.'));
    assert_eq!(lines[9]["optional"], true);
    assert_eq!(lines[9]["counts_in_totals"], false);

    // Text: components indented under their bundle line, fixed-bundle parts marked included.
    let out = fq(&data, &["quote", "show", &number]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("KIT-") || l.contains("SRV-") || l.contains("PLC-S7"))
        .collect();
    assert!(rows[0].starts_with("KIT-SERVO-1K"), "{text}");
    assert!(
        rows[0].contains("[bundle: sum of its components]"),
        "{text}"
    );
    assert!(rows[1].starts_with("  SRV-DRV-1K"), "{text}");
    let fixed = rows
        .iter()
        .position(|r| r.starts_with("KIT-PLC-START"))
        .unwrap();
    assert!(rows[fixed].contains("[bundle at a fixed price]"), "{text}");
    assert!(
        rows[fixed + 1].starts_with("  PLC-S7-1200") && rows[fixed + 1].contains("[included]"),
        "{text}"
    );

    // The products listing shows bundles with their parts.
    let out = fq(&data, &["product", "list", "--query", "KIT-"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("bundle (sum): SRV-DRV-1K*1 SRV-MOT-1K*1 SRV-CBL-5M*1"),
        "{text}"
    );
    assert!(text.contains("bundle (fixed):"), "{text}");

    // Export writes the catalog columns; a bad link in an import is refused with row and column.
    let exported = dir.path().join("export.csv");
    assert!(
        fq(
            &data,
            &["export", "products", "--out", exported.to_str().unwrap()]
        )
        .status
        .success()
    );
    let csv = std::fs::read_to_string(&exported).unwrap();
    assert!(csv.starts_with("sku,name,description,unit,unit_price,currency,tax_rate,name_zh,description_zh,category,active,bundle_pricing,components,accessories\n"));
    assert!(
        csv.contains(",sum,SRV-DRV-1K*1;SRV-MOT-1K*1;SRV-CBL-5M*1,ENC-1024;SVC-COMM-DAY"),
        "{csv}"
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components\n\
         KIT-X,Kit of kits,,set,0,CNY,13,sum,KIT-SERVO-1K*1;NOPE*2\n",
    )
    .unwrap();
    let before = db_bytes(&data);
    let out = fq(&data, &["import", "products", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv"), "{err}");
    assert!(
        err.contains("row 2, column 9 (components): KIT-SERVO-1K is a bundle itself"),
        "{err}"
    );
    assert!(
        err.contains("row 2, column 9 (components): unknown SKU NOPE"),
        "{err}"
    );
    assert!(db_bytes(&data) == before, "nothing written");
}
