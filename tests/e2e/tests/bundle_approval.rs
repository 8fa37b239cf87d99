//! The quoting flow of a connected laptop, in the real app against the real `fieldquote-server`: a bundle from
//! the server's catalog with a discount over the rep's limit waits for approval; the manager approves on the
//! spot with their password (a wrong one is refused); the quote is sent, revised with a smaller discount, and
//! the revision shows what changed.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fantoccini::key::Key;
use fieldquote_e2e::{
    Session, add_product, all, choose_customer, diff_fields, el, in_english, screenshot,
    send_quote, sync_now_and_wait, text_of, type_into, wait_state, wait_text,
};

mod common;

use common::{ADMIN, PASSWORD, REP, TeamServer};

const MANAGER: &str = "wang.fang@example.cn";
const CUSTOMER: &str = "杭州西湖精密机械有限公司";

fn field<'a>(record: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    record["fields"][name]["value"].as_str()
}

/// The server's record of `entity` whose `key` field is `value`.
fn record<'a>(
    records: &'a [serde_json::Value],
    entity: &str,
    key: &str,
    value: &str,
) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["entity"] == entity && field(r, key) == Some(value))
        .unwrap_or_else(|| panic!("the server has no {entity} with {key} {value}"))
}

#[tokio::test]
#[ignore = "needs the built app and server, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn bundle_over_the_limit_approved_on_the_spot_sent_revised_and_diffed() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let server_binary = std::env::var("FIELDQUOTE_E2E_SERVER")
        .expect("set FIELDQUOTE_E2E_SERVER to the built fieldquote-server");
    assert!(
        Path::new(&server_binary).is_file(),
        "no server at {server_binary}"
    );

    // The company: a rep and their manager, a catalog with a fixed-price bundle (a PLC and a touch panel).
    let server = TeamServer::new(server_binary);
    server.admin(&["team", "add", "East"]);
    server.add_user(REP, "Li Wei", "rep", Some("East"));
    server.add_user(MANAGER, "Wang Fang", "manager", Some("East"));
    server.add_user(ADMIN, "Admin", "admin", None);
    server.import_csv(
        "catalog.csv",
        "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components\n\
         PLC-S7-1200,PLC S7-1200 控制器,,台,3880.00,CNY,13,,\n\
         HMI-10,10 寸触摸屏,,台,2980.00,CNY,13,,\n\
         SVC-COMM,现场调试,,小时,680.00,CNY,6,,\n\
         KIT-START,PLC starter kit,,套,9800.00,CNY,13,fixed,PLC-S7-1200*1;HMI-10*1\n",
    );
    let _serving = server.serve().await;

    // The rep's laptop has one customer of its own.
    let data = tempfile::tempdir().unwrap();
    {
        let store = fieldquote_store::Store::open(data.path()).await.unwrap();
        store
            .create_account(
                &fieldquote_domain::account::AccountInput {
                    name: CUSTOMER.into(),
                    contact_person: "周工".into(),
                    ..Default::default()
                },
                fieldquote_store::Origin::Ui,
            )
            .await
            .unwrap();
        store.close().await.unwrap();
    }
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;
    el(&c, "nav-sync").await.click().await.unwrap();
    type_into(
        &el(&c, "sync-server").await,
        &format!("http://{}", server.listen),
    )
    .await;
    type_into(&el(&c, "sync-email").await, REP).await;
    type_into(&el(&c, "sync-password").await, PASSWORD).await;
    el(&c, "sync-sign-in").await.click().await.unwrap();
    wait_state(&c, "sync-status", "ok", 30).await;

    // The bundle comes with its components; 20 % off the bundle (the limit is 15 %), 2 hours of commissioning.
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    choose_customer(&c, CUSTOMER).await;
    let enter = Key::Enter.to_string();
    add_product(&c, "KIT-START").await;
    let kinds = {
        let mut kinds = Vec::new();
        for row in all(&c, "line-row").await {
            kinds.push(row.attr("data-kind").await.unwrap().unwrap_or_default());
        }
        kinds
    };
    assert_eq!(kinds, ["bundle", "component", "component"]);
    // The bundle's quantity has the focus: Enter moves to its discount.
    c.active_element()
        .await
        .unwrap()
        .send_keys(&enter)
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("20{enter}{enter}"))
        .await
        .unwrap();
    add_product(&c, "SVC-COMM").await;
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("2{enter}"))
        .await
        .unwrap();
    // 9800.00 × 0.80 = 7840.00 (+13 % = 1019.20); 2 × 680.00 = 1360.00 (+6 % = 81.60); the components are
    // included in the bundle's price.
    wait_text(&c, "quote-total", |t| t == "CNY 10,300.80").await;
    wait_text(&c, "quote-needs-approval", |t| t.contains("15")).await;
    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    wait_text(&c, "quote-status", |t| t == "Awaiting approval").await;
    assert_eq!(
        el(&c, "quote-send")
            .await
            .prop("disabled")
            .await
            .unwrap()
            .as_deref(),
        Some("true"),
        "sending waits for the approval"
    );

    // The manager approves at the rep's side: a wrong password is refused, the right one approves.
    el(&c, "quote-approve").await.click().await.unwrap();
    type_into(&el(&c, "approve-email").await, MANAGER).await;
    type_into(&el(&c, "approve-password").await, "not the password").await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "approve-error", |t| {
        t == "The manager's email or password was not accepted. (the server did not accept the \
              manager's email or password: wrong email or password)"
    })
    .await;
    assert_eq!(
        text_of(&c, "quote-status").await.as_deref(),
        Some("Awaiting approval")
    );
    type_into(&el(&c, "approve-password").await, PASSWORD).await;
    type_into(&el(&c, "approve-comment").await, "Strategic account").await;
    screenshot(&c, "quote-approval.png").await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Approved").await;
    // The server decided: its record of the quote, written with its own clock, names the manager and the
    // request the laptop had pushed.
    let records = server.records().await;
    let quote = record(&records, "quote", "number", &number);
    assert_eq!(field(quote, "status"), Some("approved"), "{quote}");
    assert_eq!(field(quote, "approved_by"), Some("Wang Fang"), "{quote}");
    assert_eq!(
        field(quote, "approval_comment"),
        Some("Strategic account"),
        "{quote}"
    );
    assert_eq!(
        field(quote, "approved_request"),
        quote["fields"]["approval_requested_at"]["hlc"].as_str(),
        "{quote}"
    );
    assert!(
        field(quote, "approved_at").is_some_and(|t| t.starts_with("20")),
        "{quote}"
    );
    assert!(
        quote["fields"]["status"]["hlc"]
            .as_str()
            .is_some_and(|h| h.ends_with("-server")),
        "the server's own write: {quote}"
    );
    // And the editor says so, with the manager's name from the server and the comment.
    wait_text(&c, "quote-approval-notice", |t| {
        t.starts_with("Approved by Wang Fang on ")
    })
    .await;
    wait_text(&c, "quote-approval-comment", |t| t == "Strategic account").await;

    // Sent, then revised with 10 % off the bundle (within the limit, so no new approval is needed).
    send_quote(&c).await;
    wait_text(&c, "quote-status", |t| t == "Sent").await;
    el(&c, "quote-revise").await.click().await.unwrap();
    let revision = format!("{number}-R1");
    wait_text(&c, "quote-number", |t| t == revision).await;
    assert_eq!(
        all(&c, "line-row").await.len(),
        4,
        "the revision keeps the bundle and its components"
    );
    type_into(&all(&c, "line-discount").await[0], "10").await;
    // 9800.00 × 0.90 = 8820.00 (+13 % = 1146.60) + 1441.60
    wait_text(&c, "quote-total", |t| t == "CNY 11,408.20").await;
    el(&c, "quote-save").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Draft").await;

    el(&c, "quote-show-diff").await.click().await.unwrap();
    wait_text(&c, "diff-line", |t| t.contains("KIT-START")).await;
    // The bundle's discount, and with it its net and gross (+13 % VAT): nothing else.
    let change =
        |f: &str, before: &str, after: &str| (f.to_string(), before.to_string(), after.to_string());
    assert_eq!(
        diff_fields(&c, "KIT-START").await,
        [
            change("discount_percent", "20", "10"),
            change("net", "7,840.00", "8,820.00"),
            change("gross", "8,859.20", "9,966.60"),
        ]
    );
    assert_eq!(
        text_of(&c, "diff-total-before").await.as_deref(),
        Some("CNY 10,300.80")
    );
    assert_eq!(
        text_of(&c, "diff-total-after").await.as_deref(),
        Some("CNY 11,408.20")
    );
    screenshot(&c, "quote-revision.png").await;

    // The company's prices change on the server: after a sync the draft revision offers today's prices.
    server.import_pricelist(
        "prices.csv",
        "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n\
         Standard 2026,CNY,no,2026-01-01,,yes,SVC-COMM,0,720.00\n",
    );
    el(&c, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&c, 30).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &revision).await;
    wait_text(&c, "quote-row", |t| t.contains(&revision)).await;
    el(&c, "quote-row").await.click().await.unwrap();
    let line = wait_text(&c, "reprice-line", |t| t.contains("SVC-COMM")).await;
    assert!(line.contains("680.00") && line.contains("720.00"), "{line}");
    assert_eq!(
        all(&c, "reprice-line").await.len(),
        1,
        "only the commissioning changes"
    );
    el(&c, "reprice-apply").await.click().await.unwrap();
    // 9966.60 + 2 × 720.00 = 1440.00 (+6 % = 86.40)
    wait_text(&c, "quote-total", |t| t == "CNY 11,493.00").await;
    assert!(all(&c, "reprice-banner").await.is_empty());

    // The customer's form offers the server's price lists; the choice is kept, and reaches the server.
    let records = server.records().await;
    let list = record(&records, "price_list", "name", "Standard 2026");
    let list_id = list["id"].as_str().unwrap().to_string();
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-edit").await.click().await.unwrap();
    let select = el(&c, "customer-price-list").await;
    select.select_by_value(&list_id).await.unwrap();
    el(&c, "customer-save").await.click().await.unwrap();
    wait_text(&c, "toast", |t| t.contains(CUSTOMER)).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-edit").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let selected = "const s = document.querySelector(\"[data-testid='customer-price-list']\"); \
                    return s ? [s.value, s.selectedOptions[0]?.textContent.trim() ?? ''] : null;";
    loop {
        let shown = c.execute(selected, vec![]).await.unwrap();
        if shown == serde_json::json!([list_id, "Standard 2026 (CNY, version 1)"]) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the customer's price list was not kept: {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    el(&c, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&c, 30).await;
    let records = server.records().await;
    let customer = record(&records, "customer", "name", CUSTOMER);
    assert_eq!(
        field(customer, "price_list_id"),
        Some(list_id.as_str()),
        "{customer}"
    );

    session.close().await;
}
