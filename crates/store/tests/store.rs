//! Store tests on real SQLite files in temporary directories.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use fieldquote_domain::FieldErrorKind;
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_store::{DB_FILE, Origin, Store, StoreError, demo};

fn customer(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        ..Default::default()
    }
}

fn product(sku: &str, price: &str, rate: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        name: format!("Product {sku}"),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: price.into(),
        currency: "CNY".into(),
        tax_rate: rate.into(),
        ..Default::default()
    }
}

fn line(product_id: uuid::Uuid, qty: &str, disc: &str) -> QuoteLineDraft {
    QuoteLineDraft {
        id: None,
        product_id,
        quantity: qty.into(),
        discount_percent: disc.into(),
        ..Default::default()
    }
}

/// Bytes of the database and its WAL, after the pool is closed.
fn files(dir: &Path) -> Vec<Vec<u8>> {
    ["", "-wal"]
        .iter()
        .map(|suffix| std::fs::read(dir.join(format!("{DB_FILE}{suffix}"))).unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn opening_creates_and_migrates_and_reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let store = Store::open(&data).await.unwrap();
    assert!(data.join(DB_FILE).exists());
    store
        .create_account(&customer("上海华东机电设备有限公司"), Origin::Ui)
        .await
        .unwrap();
    let device = store.device().await.unwrap();
    store.close().await.unwrap();

    let again = Store::open(&data).await.unwrap();
    assert_eq!(
        again.sqlite_settings().await.unwrap(),
        ("wal".to_string(), true)
    );
    assert_eq!(
        again
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("")
            ))
            .await
            .unwrap()
            .rows
            .len(),
        1
    );
    assert_eq!(
        again.device().await.unwrap().device_id,
        device.device_id,
        "device identity is stable"
    );
}

#[tokio::test]
async fn customers_are_searchable_in_chinese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    for name in [
        "上海华东机电设备有限公司",
        "苏州精工自动化有限公司",
        "Northwind Food Processing",
        "100% Pure_Water Ltd",
    ] {
        store
            .create_account(&customer(name), Origin::Ui)
            .await
            .unwrap();
    }
    let names = |v: Vec<fieldquote_domain::account::AccountRow>| {
        v.into_iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(
            store
                .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                    fieldquote_domain::account::AccountFilter::text("华东")
                ))
                .await
                .unwrap()
                .rows
        ),
        ["上海华东机电设备有限公司"]
    );
    assert_eq!(
        store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("有限公司")
            ))
            .await
            .unwrap()
            .rows
            .len(),
        2
    );
    assert_eq!(
        names(
            store
                .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                    fieldquote_domain::account::AccountFilter::text("northwind")
                ))
                .await
                .unwrap()
                .rows
        ),
        ["Northwind Food Processing"]
    );
    // Wildcards in the query are literal.
    assert_eq!(
        names(
            store
                .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                    fieldquote_domain::account::AccountFilter::text("0% P")
                ))
                .await
                .unwrap()
                .rows
        ),
        ["100% Pure_Water Ltd"]
    );
    assert!(
        store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("e_W")
            ))
            .await
            .unwrap()
            .rows
            .len()
            == 1
    );
    assert!(
        store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("%")
            ))
            .await
            .unwrap()
            .rows
            .len()
            == 1
    );
    assert_eq!(
        store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("")
            ))
            .await
            .unwrap()
            .rows
            .len(),
        4
    );
}

#[tokio::test]
async fn updating_a_customer_changes_it_and_appends_to_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(store.pending_changes().await.unwrap(), 1);
    let input = AccountInput {
        name: "Acme Ltd".into(),
        email: "buy@acme.example".into(),
        ..Default::default()
    };
    let updated = store
        .update_account(c.id, &input, Origin::Ui)
        .await
        .unwrap();
    assert_eq!(updated.name, "Acme Ltd");
    assert!(updated.updated_at > c.updated_at, "the clock moves forward");
    assert_eq!(
        store.get_account(c.id).await.unwrap().email,
        "buy@acme.example"
    );
    assert_eq!(store.pending_changes().await.unwrap(), 2);
    let missing = store
        .update_account(uuid::Uuid::now_v7(), &input, Origin::Ui)
        .await;
    assert!(matches!(
        missing,
        Err(StoreError::Refused(fieldquote_domain::Refusal::NotFound {
            record: fieldquote_domain::refusal::Record::Account,
            ..
        }))
    ));
}

#[tokio::test]
async fn failed_validation_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let p = store
        .upsert_product(&product("A-1", "10.00", "13"), Origin::Ui)
        .await
        .unwrap();
    store.close().await.unwrap();
    let before = files(dir.path());

    let store = Store::open(dir.path()).await.unwrap();
    let err = store
        .create_account(&customer("   "), Origin::Ui)
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(e) if e[0].kind == FieldErrorKind::Required));
    let huge = "字".repeat(35_000_000); // ~100 MB
    let err = store
        .create_account(&customer(&huge), Origin::Ui)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if matches!(e[0].kind, FieldErrorKind::TooLong { .. }))
    );
    let bad_email = AccountInput {
        name: "X".into(),
        email: "x@".into(),
        ..Default::default()
    };
    assert!(
        store
            .update_account(c.id, &bad_email, Origin::Ui)
            .await
            .is_err()
    );
    assert!(
        store
            .upsert_product(&product("A-1", "-5", "13"), Origin::Ui)
            .await
            .is_err()
    );
    let bad_quote = QuoteDraft {
        customer_id: Some(c.id),
        lines: vec![
            line(p.id, "-1", "0"),
            line(p.id, "1", "101"),
            line(p.id, "abc", ""),
        ],
        ..Default::default()
    };
    let err = store.save_quote(&bad_quote, Origin::Ui).await.unwrap_err();
    let StoreError::Invalid(errors) = err else {
        panic!("expected validation errors")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "lines[0].quantity",
            "lines[1].discount_percent",
            "lines[2].quantity"
        ]
    );
    assert_eq!(store.pending_changes().await.unwrap(), 2);
    store.close().await.unwrap();

    assert!(
        files(dir.path()) == before,
        "a rejected write must not touch the database files"
    );
}

#[tokio::test]
async fn quotes_are_numbered_priced_and_edited() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("上海华东机电设备有限公司"), Origin::Ui)
        .await
        .unwrap();
    let plc = store
        .upsert_product(&product("PLC", "3880.00", "13"), Origin::Ui)
        .await
        .unwrap();
    let svc = store
        .upsert_product(&product("SVC", "680.00", "6"), Origin::Ui)
        .await
        .unwrap();

    let draft = QuoteDraft {
        id: None,
        customer_id: Some(c.id),
        notes: "二号产线".into(),
        lines: vec![line(plc.id, "2", "5"), line(svc.id, "12.5", "0")],
        ..Default::default()
    };
    // Preview prices without writing.
    let preview = store.preview_quote(&draft).await.unwrap();
    assert!(preview.errors.is_empty());
    assert_eq!(store.list_quotes("").await.unwrap().len(), 0);
    // 2 × 3880 × 0.95 = 7372.00, tax 958.36; 12.5 × 680 = 8500.00, tax 510.00
    assert_eq!(
        (
            preview.subtotal.as_str(),
            preview.tax.as_str(),
            preview.total.as_str()
        ),
        ("15872.00", "1468.36", "17340.36")
    );

    let saved = store.save_quote(&draft, Origin::Ui).await.unwrap();
    let year = chrono::Local::now().format("%Y").to_string();
    assert_eq!(
        saved.number.as_deref(),
        Some(format!("Q-{year}-0001").as_str())
    );
    assert_eq!(saved.total, preview.total);
    assert_eq!(saved.lines[0].net, "7372.00");
    assert_eq!(saved.lines[1].quantity, "12.5");

    // A catalog price change does not alter the saved line.
    store
        .upsert_product(&product("PLC", "9999.00", "13"), Origin::Ui)
        .await
        .unwrap();
    let mut edit = draft.clone();
    edit.id = saved.id;
    edit.lines = vec![QuoteLineDraft {
        id: saved.lines[0].id,
        ..line(plc.id, "3", "5")
    }];
    let edited = store.save_quote(&edit, Origin::Ui).await.unwrap();
    assert_eq!(edited.number, saved.number);
    assert_eq!(edited.lines.len(), 1);
    assert_eq!(edited.lines[0].unit_price, "3880.00");
    assert_eq!(edited.lines[0].net, "11058.00");
    assert_eq!(edited.total, "12495.54");

    let second = store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(
        second.number.as_deref(),
        Some(format!("Q-{year}-0002").as_str())
    );

    let list = store.list_quotes("").await.unwrap();
    assert_eq!(list.len(), 2);
    let first = list
        .iter()
        .find(|q| q.number == saved.number.clone().unwrap())
        .unwrap();
    assert_eq!((first.line_count, first.total.as_str()), (1, "12495.54"));
    assert_eq!(store.list_quotes("华东").await.unwrap().len(), 2);
    assert_eq!(store.list_quotes("0002").await.unwrap().len(), 1);
    // The second quote was priced after the catalog change: 2 × 9999 × 0.95 = 18998.10 (+2469.75 tax) + 8510.00.
    assert_eq!(
        store
            .get_quote_by_number(&second.number.clone().unwrap())
            .await
            .unwrap()
            .total,
        "30477.85"
    );

    // Sent quotes are frozen.
    let sent = store
        .send_quote(saved.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(sent.status, QuoteStatus::Sent);
    let err = store.save_quote(&edit, Origin::Ui).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Refused(fieldquote_domain::Refusal::Frozen { .. })
    ));
}

#[tokio::test]
async fn a_quote_needs_a_real_customer_and_products_in_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let usd = store
        .upsert_product(
            &ProductInput {
                currency: "USD".into(),
                ..product("US-1", "5.00", "0")
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let draft = QuoteDraft {
        id: None,
        customer_id: None,
        notes: String::new(),
        lines: vec![line(usd.id, "1", "0")],
        ..Default::default()
    };
    let preview = store.preview_quote(&draft).await.unwrap();
    let codes: Vec<_> = preview
        .errors
        .iter()
        .map(|e| (e.field.as_str(), &e.kind))
        .collect();
    assert_eq!(codes[0], ("customer_id", &FieldErrorKind::Required));
    // A USD price on a CNY quote needs a USD → CNY rate on this device.
    assert_eq!(
        codes[1],
        (
            "lines[0].product_id",
            &FieldErrorKind::MissingExchangeRate {
                from: "USD".into(),
                to: "CNY".into()
            }
        )
    );
    let ghost = QuoteDraft {
        customer_id: Some(uuid::Uuid::now_v7()),
        lines: vec![],
        ..draft
    };
    let err = store.save_quote(&ghost, Origin::Ui).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(e) if e[0].kind == FieldErrorKind::NotFound));
}

#[tokio::test]
async fn demo_data_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let first = demo::load(&store).await.unwrap();
    assert_eq!(
        (
            first.products,
            first.customers_created,
            first.quotes_created
        ),
        (32, 24, 10)
    );
    let pending = store.pending_changes().await.unwrap();
    let second = demo::load(&store).await.unwrap();
    assert_eq!(
        second,
        demo::DemoReport {
            products: 32,
            ..Default::default()
        },
        "a second load creates nothing"
    );
    assert_eq!(
        store.pending_changes().await.unwrap(),
        pending,
        "a second load writes nothing"
    );
    let products = store.list_products("").await.unwrap();
    assert_eq!(products.len(), 32);
    assert!(
        products
            .iter()
            .all(|p| !p.name_zh.is_empty() && !p.category.is_empty())
    );
    let kits: Vec<(&str, &str, usize)> = products
        .iter()
        .filter(|p| !p.bundle_pricing.is_empty())
        .map(|p| {
            (
                p.sku.as_str(),
                p.bundle_pricing.as_str(),
                p.components.len(),
            )
        })
        .collect();
    assert_eq!(
        kits,
        [("KIT-PLC-START", "fixed", 4), ("KIT-SERVO-1K", "sum", 3)]
    );
    let plc = products.iter().find(|p| p.sku == "PLC-S7-1200").unwrap();
    assert_eq!(store.suggested_accessories(plc.id).await.unwrap().len(), 3);
    assert_eq!(
        store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text("")
            ))
            .await
            .unwrap()
            .rows
            .len(),
        24
    );
    let quotes = store.list_quotes("").await.unwrap();
    assert_eq!(quotes.len(), 10);
    let kit_quote = quotes
        .iter()
        .find(|q| q.customer.contains("苏州精工"))
        .unwrap();
    let kit_quote = store.get_quote(kit_quote.id).await.unwrap();
    let kinds: Vec<String> = kit_quote
        .lines
        .iter()
        .map(|l| format!("{:?}{}{}", l.kind, l.bundle_pricing, l.depth))
        .collect();
    assert_eq!(
        kinds,
        [
            "Bundlesum0",
            "Component1",
            "Component1",
            "Component1",
            "Bundlefixed0",
            "Component1",
            "Component1",
            "Component1",
            "Component1",
            "Item0"
        ]
    );
    assert!(
        store
            .company()
            .await
            .unwrap()
            .unwrap()
            .name
            .contains("华东智控")
    );
}

// ---- Tests across processes: the test binary re-runs itself as the second process. ----

const CHILD_ENV: &str = "FQ_STORE_TEST_CHILD";

fn run_child(test: &str, data_dir: &Path, arg: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{}|{arg}", data_dir.display()))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn child_args() -> Option<(std::path::PathBuf, String)> {
    let raw = std::env::var(CHILD_ENV).ok()?;
    let (dir, arg) = raw.split_once('|')?;
    Some((dir.into(), arg.to_string()))
}

/// In a child process: print the customers' names, one a line, between markers.
#[tokio::test]
async fn child_list_customers() {
    let Some((dir, _)) = child_args() else { return };
    let store = Store::open(&dir).await.unwrap();
    for c in store
        .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
            fieldquote_domain::account::AccountFilter::text(""),
        ))
        .await
        .unwrap()
        .rows
    {
        println!("CUSTOMER:{}", c.name);
    }
}

/// In a child process: create N quotes and print their numbers.
#[tokio::test]
async fn child_create_quotes() {
    let Some((dir, n)) = child_args() else { return };
    let store = Store::open(&dir).await.unwrap();
    let c = store
        .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
            fieldquote_domain::account::AccountFilter::text(""),
        ))
        .await
        .unwrap()
        .rows
        .remove(0);
    let p = store.list_products("").await.unwrap().remove(0);
    for _ in 0..n.parse::<usize>().unwrap() {
        let draft = QuoteDraft {
            id: None,
            customer_id: Some(c.id),
            notes: String::new(),
            lines: vec![line(p.id, "1", "0")],
            ..Default::default()
        };
        let q = store.save_quote(&draft, Origin::Cli).await.unwrap();
        println!("NUMBER:{}", q.number.unwrap());
    }
}

/// In a child process: N times, make a quote, send it and revise it twice (printing every number); then race
/// the other children along the revision chain of the quote numbered ARG, printing each revision it made.
#[tokio::test]
async fn child_create_and_revise_quotes() {
    let Some((dir, arg)) = child_args() else {
        return;
    };
    let (n, shared) = arg.split_once(',').unwrap();
    let store = Store::open(&dir).await.unwrap();
    let c = store.find_account_by_name("Acme").await.unwrap().unwrap();
    let p = store.list_products("").await.unwrap().remove(0);
    for _ in 0..n.parse::<usize>().unwrap() {
        let draft = QuoteDraft {
            customer_id: Some(c.id),
            lines: vec![line(p.id, "1", "0")],
            ..Default::default()
        };
        let mut q = store.save_quote(&draft, Origin::Cli).await.unwrap();
        println!("NUMBER:{}", q.number.clone().unwrap());
        for _ in 0..2 {
            store.send_quote(q.id.unwrap(), Origin::Cli).await.unwrap();
            q = store
                .revise_quote(q.id.unwrap(), Origin::Cli)
                .await
                .unwrap();
            println!("NUMBER:{}", q.number.clone().unwrap());
        }
    }
    // The shared chain: revise whichever revision is sent now; losing a race is expected.
    let mut made = 0;
    for _ in 0..2000 {
        if made == 3 {
            break;
        }
        let sent = store
            .list_quotes(shared)
            .await
            .unwrap()
            .into_iter()
            .find(|q| q.status == QuoteStatus::Sent);
        let Some(sent) = sent else {
            // Another process holds the newest revision as a draft for a moment.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            continue;
        };
        match store.revise_quote(sent.id, Origin::Cli).await {
            Ok(r) => {
                println!("REVISED:{}", r.number.clone().unwrap());
                store.send_quote(r.id.unwrap(), Origin::Cli).await.unwrap();
                made += 1;
            }
            Err(StoreError::Refused(fieldquote_domain::Refusal::NotAllowed { .. })) => {
                println!("LOST:{}", sent.number)
            }
            Err(e) => panic!("{e}"),
        }
    }
}

fn lines_with(prefix: &str, out: &[u8]) -> Vec<String> {
    // libtest prints `test name ... ` without a newline before the test's own output: look anywhere in a line.
    String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| l.find(prefix).map(|at| l[at + prefix.len()..].to_string()))
        .collect()
}

#[tokio::test]
async fn a_second_process_sees_committed_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    store
        .create_account(&customer("苏州精工自动化有限公司"), Origin::Ui)
        .await
        .unwrap();
    // The writer stays open: the reader must see the commit through the WAL.
    let out = run_child("child_list_customers", dir.path(), "")
        .wait_with_output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        lines_with("CUSTOMER:", &out.stdout),
        ["苏州精工自动化有限公司"]
    );
}

#[tokio::test]
async fn concurrent_processes_never_share_a_quote_number() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    store
        .upsert_product(&product("A-1", "1.00", "0"), Origin::Ui)
        .await
        .unwrap();
    let children: Vec<_> = (0..3)
        .map(|_| run_child("child_create_quotes", dir.path(), "15"))
        .collect();
    let mut numbers = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        numbers.extend(lines_with("NUMBER:", &out.stdout));
    }
    assert_eq!(numbers.len(), 45);
    let unique: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(unique.len(), 45, "duplicate quote numbers: {numbers:?}");
    assert_eq!(store.list_quotes("").await.unwrap().len(), 45);
}

/// Revisions are numbered inside the write transaction too: processes revising at once (their own quotes,
/// and one shared chain of revisions) never make two quotes with one number, and the shared chain grows
/// R1, R2, … without a gap or a fork.
#[tokio::test]
async fn concurrent_processes_never_share_a_revision_number() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let p = store
        .upsert_product(&product("A-1", "1.00", "0"), Origin::Ui)
        .await
        .unwrap();
    let shared = store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(c.id),
                lines: vec![line(p.id, "1", "0")],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    store
        .send_quote(shared.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    let base = shared.number.clone().unwrap();
    let children: Vec<_> = (0..3)
        .map(|_| {
            run_child(
                "child_create_and_revise_quotes",
                dir.path(),
                &format!("4,{base}"),
            )
        })
        .collect();
    let mut numbers = vec![base.clone()];
    let mut revised = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        numbers.extend(lines_with("NUMBER:", &out.stdout));
        revised.extend(lines_with("REVISED:", &out.stdout));
    }
    assert_eq!(
        revised.len(),
        9,
        "each child made three revisions of the shared quote"
    );
    numbers.extend(revised.iter().cloned());
    let unique: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(
        unique.len(),
        numbers.len(),
        "duplicate numbers: {numbers:?}"
    );
    assert_eq!(numbers.len(), 1 + 3 * 4 * 3 + 9);
    let mut chain: Vec<String> = revised;
    chain.sort_by_key(|n| {
        fieldquote_domain::numbering::QuoteNumber::parse(n)
            .unwrap()
            .revision
    });
    let want: Vec<String> = (1..=9).map(|r| format!("{base}-R{r}")).collect();
    assert_eq!(chain, want);
    // Each revision revises the one before it, and all but the newest are superseded.
    let all = store.list_quotes("").await.unwrap();
    assert_eq!(all.len(), numbers.len());
    for (i, n) in want.iter().enumerate() {
        let q = store.get_quote_by_number(n).await.unwrap();
        let previous = if i == 0 {
            base.clone()
        } else {
            want[i - 1].clone()
        };
        assert_eq!(q.revises_number.as_deref(), Some(previous.as_str()));
        let status = if i == 8 {
            QuoteStatus::Sent
        } else {
            QuoteStatus::Superseded
        };
        assert_eq!(q.status, status, "{n}");
    }
}

#[tokio::test]
async fn a_database_from_before_quote_numbers_went_per_device_keeps_its_quotes() {
    use sea_orm::{ConnectionTrait, Database};
    let dir = tempfile::tempdir().unwrap();
    // The schema as the first release left it (two migrations), with a quote and its line.
    let url = common::old_database(
        dir.path(),
        2,
        &[
        "PRAGMA foreign_keys = ON",
        "INSERT INTO customer VALUES ('019ab000-0000-7000-8000-0000000000c1', 'Acme', '', '', '', '', '', 't', NULL, 'u')",
        "INSERT INTO product VALUES ('019ab000-0000-7000-8000-0000000000a1', 'PLC-1', 'PLC', '', 'pcs', 100, 'CNY', '13', 't', NULL, 'u')",
        "INSERT INTO quote VALUES ('019ab000-0000-7000-8000-0000000000b1', 'Q-2026-0001', '019ab000-0000-7000-8000-0000000000c1', 'draft', 'CNY', '2026-11-23', '2026-12-23', \
         'notes', 100, 13, 113, 't', NULL, 'u')",
        "INSERT INTO quote_line VALUES ('019ab000-0000-7000-8000-0000000000d1', '019ab000-0000-7000-8000-0000000000b1', 1, '019ab000-0000-7000-8000-0000000000a1', 'PLC-1', 'PLC', 'pcs', '1', 100, '0', '13', \
         100, 13, 113, 't', NULL, 'u')",
        ],
    )
    .await;

    let store = Store::open(dir.path()).await.unwrap();
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    assert_eq!(q.lines.len(), 1, "the line still belongs to its quote");
    assert_eq!(q.notes, "notes");
    let (_, foreign_keys) = store.sqlite_settings().await.unwrap();
    assert!(foreign_keys, "foreign keys are back on for the app");
    // The rebuilt table still refuses a quote of an unknown customer, and a line of an unknown quote.
    let db = Database::connect(url.as_str()).await.unwrap();
    db.execute_unprepared("PRAGMA foreign_keys = ON")
        .await
        .unwrap();
    for bad in [
        "INSERT INTO quote (id, number, customer_id, status, currency, issue_date, valid_until, notes, subtotal_minor, tax_minor, total_minor, updated_at, deleted_at, owner_id) \
         VALUES ('019ab000-0000-7000-8000-0000000000b2', 'Q-2026-0002', 'nobody', 'draft', 'CNY', '', '', '', 0, 0, 0, 't', NULL, 'u')",
        "INSERT INTO quote_line (id, quote_id, position, product_id, sku, description, unit, quantity, unit_price_minor, discount_percent, tax_rate, net_minor, tax_minor, gross_minor, updated_at, deleted_at, owner_id) \
         VALUES ('019ab000-0000-7000-8000-0000000000d2', 'nothing', 1, '019ab000-0000-7000-8000-0000000000a1', '', '', '', '1', 0, '0', '0', 0, 0, 0, 't', NULL, 'u')",
    ] {
        assert!(db.execute_unprepared(bad).await.is_err(), "{bad}");
    }
    // Quotes pulled from other laptops may share a number now.
    db.execute_unprepared(
        "INSERT INTO quote (id, number, customer_id, status, currency, issue_date, valid_until, notes, subtotal_minor, tax_minor, total_minor, updated_at, deleted_at, owner_id) \
         VALUES ('019ab000-0000-7000-8000-0000000000b3', 'Q-2026-0001', '019ab000-0000-7000-8000-0000000000c1', 'draft', 'CNY', '', '', '', 0, 0, 0, 't', NULL, 'v')",
    )
    .await
    .unwrap();
}

/// Saving a customer or a quote as it already is writes nothing: no change to sync, and every row keeps the
/// clock of its last change (the clock the server's copy carries, so synced devices agree on it).
#[tokio::test]
async fn saving_without_a_change_writes_nothing() {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let p = store
        .upsert_product(&product("PLC", "3880.00", "13"), Origin::Ui)
        .await
        .unwrap();
    let draft = QuoteDraft {
        id: None,
        customer_id: Some(c.id),
        notes: "n".into(),
        lines: vec![line(p.id, "2", "5"), line(p.id, "1", "0")],
        ..Default::default()
    };
    let saved = store.save_quote(&draft, Origin::Ui).await.unwrap();
    let clocks = || async {
        let db = Database::connect(format!("sqlite://{}", store.path().display()))
            .await
            .unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT updated_at FROM customer UNION ALL SELECT updated_at FROM quote \
                 UNION ALL SELECT updated_at FROM quote_line",
            ))
            .await
            .unwrap();
        db.close().await.unwrap();
        rows.iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect::<Vec<_>>()
    };
    let (before, pending) = (clocks().await, store.pending_changes().await.unwrap());

    let again = store
        .update_account(c.id, &customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(again.updated_at, c.updated_at);
    let same = QuoteDraft {
        id: saved.id,
        lines: saved
            .lines
            .iter()
            .map(|l| QuoteLineDraft {
                id: l.id,
                ..line(l.product_id, &l.quantity, &l.discount_percent)
            })
            .collect(),
        ..draft
    };
    store.save_quote(&same, Origin::Ui).await.unwrap();
    assert_eq!(clocks().await, before);
    assert_eq!(store.pending_changes().await.unwrap(), pending);
}
