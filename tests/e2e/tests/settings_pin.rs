//! The Settings of a laptop without a server, in the real app: the company profile with its bank details, my
//! contact details, exchange rates (added, changed, removed after a confirmation), a catalog import refused
//! with its problems listed by row and column and then one that works — and a manager PIN that approving a
//! discount then needs: a wrong PIN decides nothing, the right one approves and the editor shows the comment.
//! What the app wrote is then read from the database itself.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fantoccini::Client;
use fieldquote_e2e::{
    Session, all, data_of, demo_data_dir, el, in_english, screenshot, text_of, type_into, wait_text,
};
use fieldquote_store::Store;

const PIN: &str = "Zhang-4711";

async fn value_of(c: &Client, testid: &str) -> String {
    el(c, testid)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The Settings screen from its top, without a toast over it, for a screenshot.
async fn at_top(c: &Client) {
    let script = "document.activeElement?.blur(); document.querySelector('.toast-close')?.click(); \
                  document.querySelector('main.content').scrollTop = 0;";
    c.execute(script, vec![]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

/// Pick `file` in the file input `testid`, as a person choosing it in the file dialog would.
async fn pick_file(c: &Client, testid: &str, file: &Path) {
    el(c, testid)
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_standalone_laptop_sets_up_its_company_rates_and_catalog_in_the_app() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let (data, _) = demo_data_dir().await;
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // The demo company, editable: a bad SWIFT code is refused next to its field, then fixed.
    assert_eq!(
        value_of(&c, "settings-company-name").await,
        "华东智控科技有限公司 East China Smart Control Co., Ltd."
    );
    type_into(&el(&c, "settings-company-phone").await, "+86 21 5080 9999").await;
    type_into(&el(&c, "settings-company-bank_swift").await, "ICBK-CN").await;
    el(&c, "settings-company-save").await.click().await.unwrap();
    wait_text(&c, "error-bank_swift", |t| {
        t.starts_with("Not a SWIFT/BIC code")
    })
    .await;
    type_into(&el(&c, "settings-company-bank_swift").await, "icbkcnbj").await;
    el(&c, "settings-company-save").await.click().await.unwrap();
    wait_text(&c, "toast", |t| t.starts_with("Company profile saved")).await;
    assert_eq!(
        value_of(&c, "settings-company-bank_swift").await,
        "ICBKCNBJ"
    );
    assert!(all(&c, "error-bank_swift").await.is_empty());

    // My contact details.
    type_into(&el(&c, "settings-contact-name").await, "Zhou Min").await;
    type_into(&el(&c, "settings-contact-phone").await, "+86 139 0000 7788").await;
    el(&c, "settings-contact-save").await.click().await.unwrap();
    wait_text(&c, "toast", |t| t == "Contact details saved.").await;

    // An exchange rate: added, changed, removed after a confirmation.
    el(&c, "settings-rate-from")
        .await
        .select_by_value("USD")
        .await
        .unwrap();
    el(&c, "settings-rate-to")
        .await
        .select_by_value("CNY")
        .await
        .unwrap();
    type_into(&el(&c, "settings-rate-input").await, "7.1").await;
    el(&c, "settings-rate-save").await.click().await.unwrap();
    wait_text(&c, "settings-rate-value", |t| t == "7.1").await;
    el(&c, "settings-rate-edit").await.click().await.unwrap();
    type_into(&el(&c, "settings-rate-input").await, "7.25").await;
    el(&c, "settings-rate-save").await.click().await.unwrap();
    wait_text(&c, "settings-rate-value", |t| t == "7.25").await;
    assert_eq!(all(&c, "settings-rate").await.len(), 1, "changed in place");
    at_top(&c).await;
    screenshot(&c, "settings.png").await;

    // A catalog file with problems: every one listed by row and column, nothing imported.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "sku,name,description,unit,unit_price,currency,tax_rate\n\
         NEW-1,Fine,,pcs,10.00,CNY,13\n\
         NEW-2,,,pcs,abc,CNY,13\n\
         NEW-3,Bad currency,,pcs,5,XYZ,13\n",
    )
    .unwrap();
    pick_file(&c, "import-products-file", &bad).await;
    wait_text(&c, "import-products-result", |t| {
        t == "The file has 3 problems; nothing was imported."
    })
    .await;
    let mut problems = Vec::new();
    for row in all(&c, "import-problem").await {
        problems.push((
            row.attr("data-row").await.unwrap().unwrap(),
            row.attr("data-column").await.unwrap().unwrap(),
        ));
    }
    assert_eq!(
        problems,
        [
            ("3".to_string(), "name".to_string()),
            ("3".to_string(), "unit_price".to_string()),
            ("4".to_string(), "currency".to_string()),
        ]
    );
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "sku,name,description,unit,unit_price,currency,tax_rate\n\
         NEW-1,Fine,,pcs,10.00,CNY,13\n\
         PLC-S7-1200,PLC S7-1200,,台,3880.00,CNY,13\n",
    )
    .unwrap();
    pick_file(&c, "import-products-file", &good).await;
    wait_text(&c, "import-products-result", |t| {
        t.starts_with("Imported 2 products: 1 new,")
    })
    .await;
    assert!(all(&c, "import-problem").await.is_empty());

    // A large file shows how far the import got while it checks and writes.
    let large = dir.path().join("large.csv");
    let mut csv = String::from("sku,name,description,unit,unit_price,currency,tax_rate\n");
    for i in 0..5_000 {
        csv.push_str(&format!("BIG-{i:05},Part {i},,pcs,{}.50,CNY,13\n", 100 + i));
    }
    std::fs::write(&large, csv).unwrap();
    c.execute(
        "document.querySelector(\"[data-testid='settings-import']\").scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    pick_file(&c, "import-products-file", &large).await;
    let mut stages = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        let stage = data_of(&c, "import-products-state", "stage")
            .await
            .unwrap_or_default();
        if stages.last() != Some(&stage) {
            if stage == "writing" {
                screenshot(&c, "settings-import-progress.png").await;
            }
            stages.push(stage.clone());
        }
        if stage == "done" || stage == "refused" || stage == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(stages.contains(&"writing".to_string()), "{stages:?}");
    assert_eq!(
        stages.last().map(String::as_str),
        Some("done"),
        "{stages:?}"
    );
    wait_text(&c, "import-products-result", |t| {
        t.starts_with("Imported 5,000 products: 5,000 new,")
    })
    .await;

    // In Chinese.
    el(&c, "lang-select")
        .await
        .select_by_value("zh-CN")
        .await
        .unwrap();
    wait_text(&c, "settings-pin-state", |t| t.contains("PIN")).await;
    at_top(&c).await;
    screenshot(&c, "settings-zh.png").await;
    el(&c, "lang-select")
        .await
        .select_by_value("en")
        .await
        .unwrap();

    // The rate goes away after a confirmation.
    el(&c, "settings-rate-remove").await.click().await.unwrap();
    el(&c, "confirm-ok").await.click().await.unwrap();
    wait_text(&c, "settings-rates-none", |t| t == "No exchange rates yet.").await;
    session.close().await;

    // What the app wrote.
    let store = Store::open(data.path()).await.unwrap();
    let company = store.company().await.unwrap().unwrap();
    assert_eq!(company.phone, "+86 21 5080 9999");
    assert_eq!(company.bank.swift, "ICBKCNBJ");
    let me = store.my_contact().await.unwrap();
    assert_eq!(
        (me.name.as_str(), me.phone.as_str()),
        ("Zhou Min", "+86 139 0000 7788")
    );
    assert!(store.exchange_rates().await.unwrap().is_empty());
    let products = store.all_products().await.unwrap();
    assert!(products.iter().any(|p| p.sku == "NEW-1"));
    assert!(!products.iter().any(|p| p.sku == "NEW-3"));
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn with_a_manager_pin_only_the_right_pin_approves() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let (data, _) = demo_data_dir().await;
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // Set the PIN: the two entries must match.
    assert_eq!(
        data_of(&c, "settings-pin-state", "set").await.as_deref(),
        Some("no")
    );
    type_into(&el(&c, "settings-pin-new").await, PIN).await;
    type_into(&el(&c, "settings-pin-repeat").await, "Zhang-4712").await;
    el(&c, "settings-pin-save").await.click().await.unwrap();
    el(&c, "settings-pin-mismatch").await;
    type_into(&el(&c, "settings-pin-repeat").await, PIN).await;
    el(&c, "settings-pin-save").await.click().await.unwrap();
    wait_text(&c, "toast", |t| t == "Manager PIN saved.").await;
    assert_eq!(
        data_of(&c, "settings-pin-state", "set").await.as_deref(),
        Some("yes")
    );

    // A demo quote given 30 % off waits for approval.
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, "Q-2026-0001").await;
    wait_text(&c, "quote-row", |t| t.contains("Q-2026-0001")).await;
    el(&c, "quote-row").await.click().await.unwrap();
    wait_text(&c, "quote-number", |t| t == "Q-2026-0001").await;
    type_into(&all(&c, "line-discount").await[0], "30").await;
    el(&c, "quote-save").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Awaiting approval").await;

    // The dialog asks for the PIN; a wrong one decides nothing.
    el(&c, "quote-approve").await.click().await.unwrap();
    type_into(&el(&c, "approve-by").await, "Zhang Wei").await;
    type_into(&el(&c, "approve-pin").await, "Zhang-0000").await;
    type_into(&el(&c, "approve-comment").await, "Strategic account").await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "approve-error", |t| {
        t == "The manager PIN is wrong. 4 more wrong PINs lock it for a while."
    })
    .await;
    assert_eq!(
        text_of(&c, "quote-status").await.as_deref(),
        Some("Awaiting approval")
    );
    assert_eq!(
        value_of(&c, "approve-pin").await,
        "",
        "typed again from scratch"
    );

    // The right one approves, and the editor shows who, and the comment.
    type_into(&el(&c, "approve-pin").await, PIN).await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Approved").await;
    wait_text(&c, "quote-approval-notice", |t| {
        t.starts_with("Approved by Zhang Wei on ")
    })
    .await;
    wait_text(&c, "quote-approval-comment", |t| t == "Strategic account").await;
    screenshot(&c, "quote-approval-pin.png").await;
    session.close().await;

    // In the database: approved by the named manager with the comment; the PIN only as a hash.
    let store = Store::open(data.path()).await.unwrap();
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    let approval = q.approval.unwrap();
    assert_eq!(
        (
            approval.approved,
            approval.approved_by.as_str(),
            approval.comment.as_str()
        ),
        (true, "Zhang Wei", "Strategic account")
    );
    assert!(store.manager_pin_is_set().await.unwrap());
    store.close().await.unwrap();
    // The database and its journal files (the driver's log, which records what the test typed, is not the app's).
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && name.starts_with(fieldquote_store::DB_FILE) {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(PIN.len()).any(|w| w == PIN.as_bytes()),
                "the PIN is in {}",
                path.display()
            );
        }
    }
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_connected_laptop_shows_the_servers_settings_read_only() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let (data, _) = demo_data_dir().await;
    // Signed in to a server that is not there: the laptop works offline with the server's rules.
    let store = Store::open(data.path()).await.unwrap();
    store
        .set_sync_account(
            "http://127.0.0.1:9",
            uuid::Uuid::now_v7(),
            "ann@example.cn",
            "AL1",
        )
        .await
        .unwrap();
    store
        .set_account_profile("Ann Li", fieldquote_domain::Role::Rep)
        .await
        .unwrap();
    store.close().await.unwrap();
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    wait_text(&c, "settings-server-note", |t| {
        t.contains("connected to http://127.0.0.1:9")
    })
    .await;
    let name = el(&c, "settings-company-name").await;
    assert_eq!(
        name.attr("readonly").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(all(&c, "settings-company-save").await.is_empty());
    wait_text(&c, "settings-company-readonly", |t| {
        t.contains("http://127.0.0.1:9")
    })
    .await;
    assert!(
        !el(&c, "import-products-file")
            .await
            .is_enabled()
            .await
            .unwrap()
    );
    wait_text(&c, "settings-pin-state", |t| {
        t.starts_with("This laptop is connected to a server")
    })
    .await;
    assert!(all(&c, "settings-pin-new").await.is_empty());
    // Quotes name the account, with this laptop's phone.
    assert_eq!(value_of(&c, "settings-contact-name").await, "Ann Li");
    assert_eq!(
        value_of(&c, "settings-contact-email").await,
        "ann@example.cn"
    );
    assert_eq!(
        value_of(&c, "settings-contact-phone").await,
        "+86 138 1650 2231"
    );
    session.close().await;
}
