//! The client visit as a team works it: two laptops, each the real app, and the real `fieldquote-server`.
//!
//! The rep (team East) creates the account and its contacts, checks in, captures the needs, opens the
//! opportunity and gives its technical evaluation to a presales colleague of another team, quotes and checks
//! out with a next step. After syncs the colleague's app shows the opportunity with the workstream she owns;
//! she ticks its first item off, and the rep sees it. The rep marks the quote accepted, the opportunity is won
//! on the server and on her laptop, and the rep's agenda, account page and search box show all of it.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fantoccini::Client;
use fantoccini::key::Key;
use fieldquote_e2e::{
    Session, el, in_english, screenshot, sync_now_and_wait, text_of, type_into, wait_text,
};

mod common;

use common::visit::{
    accept_quote, add_contact, assign_technical, capture_needs, check_in, check_out, chosen_label,
    css, new_account, new_opportunity, open_account, open_opportunity, quote_and_send, technical,
    top, wait_any, wait_count,
};
use common::{ADMIN, REP, TeamServer, sign_in};

const ACCOUNT: &str = "常州恒通精密机械有限公司";
const OPPORTUNITY: &str = "装配线视觉检测";
const ITEM: &str = "样机测试";
const NEXT_STEP: &str = "发送样机测试方案";
const IDA: &str = "ida@example.cn";

fn field<'a>(record: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    record["fields"][name]["value"].as_str()
}

/// Whether the technical evaluation's first checklist item is ticked.
async fn first_item_done(c: &Client) -> bool {
    css(
        c,
        "[data-testid='workstream-technical'] [data-testid='workstream-item'] input[type='checkbox']",
    )
    .await
    .prop("checked")
    .await
    .unwrap()
    .as_deref()
        == Some("true")
}

#[tokio::test]
#[ignore = "needs the built app and server, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_colleague_of_another_team_follows_the_visit_on_her_laptop() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let server_binary = std::env::var("FIELDQUOTE_E2E_SERVER")
        .expect("set FIELDQUOTE_E2E_SERVER to the built fieldquote-server");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    assert!(
        Path::new(&server_binary).is_file(),
        "no server at {server_binary}"
    );

    // The company: the rep's team, the presales team, an admin, and the catalog.
    let server = TeamServer::new(server_binary);
    server.admin(&["team", "add", "East"]);
    server.admin(&["team", "add", "Presales"]);
    server.add_user(REP, "Li Wei", "rep", Some("East"));
    server.add_user(IDA, "Ida Presales", "rep", Some("Presales"));
    server.add_user(ADMIN, "Admin", "admin", None);
    server.import(
        "catalog.csv",
        "PLC-S7-1200,PLC S7-1200 控制器,,台,9800.00,CNY,13\n",
    );
    let _serving = server.serve().await;

    // Two fresh laptops, each signed in as its user.
    let rep_data = tempfile::tempdir().unwrap();
    let ida_data = tempfile::tempdir().unwrap();
    let rep_app = Session::start(&binary, rep_data.path()).await;
    let ida_app = Session::start(&binary, ida_data.path()).await;
    let (rep, ida) = (rep_app.client.clone(), ida_app.client.clone());
    for c in [&rep, &ida] {
        in_english(c).await;
    }
    sign_in(&rep, &server.listen, REP).await;
    sign_in(&ida, &server.listen, IDA).await;

    // 1. The rep: a new account and two contacts with their roles in the buying decision.
    new_account(&rep, ACCOUNT, "Machinery", "Changzhou", "a").await;
    open_account(&rep, "恒通", ACCOUNT).await;
    add_contact(
        &rep,
        "周敏",
        "zhou.min@hengtong.cn",
        "technical_evaluator",
        "supporter",
    )
    .await;
    add_contact(
        &rep,
        "孙涛",
        "sun.tao@hengtong.cn",
        "decision_maker",
        "neutral",
    )
    .await;
    wait_count(&rep, "contact-row", 2).await;

    // 2. Check in, the opportunity, its needs and SWOT, and the technical evaluation for the colleague.
    check_in(&rep).await;
    open_account(&rep, "恒通", ACCOUNT).await;
    new_opportunity(&rep, OPPORTUNITY, "860000").await;
    capture_needs(&rep).await;
    assign_technical(&rep, "Ida Presales", ITEM).await;

    // 3. A quote from the opportunity, sent; the visit checked out with a next step. Then a sync.
    let number = quote_and_send(&rep, ACCOUNT, "PLC-S7-1200").await;
    let today = check_out(&rep, "客户认可方案，要求样机测试", NEXT_STEP).await;
    el(&rep, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&rep, 30).await;
    wait_text(&rep, "sync-pending", |t| t == "0").await;

    // 4. The colleague's laptop, after a sync: the opportunity with the workstream she owns, its account with
    //    its contacts — records of another team, hers because she is a member.
    el(&ida, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&ida, 30).await;
    open_opportunity(&ida, OPPORTUNITY).await;
    assert_eq!(
        text_of(&ida, "opportunity-stage-badge").await.as_deref(),
        Some("Quoted"),
        "a sent quote moved the opportunity on"
    );
    wait_text(&ida, "opportunity-members", |t| t.contains("Ida Presales")).await;
    assert_eq!(
        chosen_label(&ida, &technical(&ida, "workstream-owner").await).await,
        "Ida Presales"
    );
    wait_any(&ida, "workstream-item", |t| t.contains(ITEM)).await;
    assert_eq!(
        css(&ida, "[data-testid='workstream-technical']")
            .await
            .attr("data-state")
            .await
            .unwrap()
            .as_deref(),
        Some("on_track")
    );
    wait_text(&ida, "opportunity-quote", |t| {
        t.contains(&number) && t.contains("Sent")
    })
    .await;
    top(&ida).await;
    screenshot(&ida, "opportunity-colleague.png").await;
    open_account(&ida, "恒通", ACCOUNT).await;
    wait_count(&ida, "contact-row", 2).await;

    // She ticks the first check off; after syncs the rep sees it.
    open_opportunity(&ida, OPPORTUNITY).await;
    css(
        &ida,
        "[data-testid='workstream-technical'] [data-testid='workstream-item'] input[type='checkbox']",
    )
    .await
    .click()
    .await
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !first_item_done(&ida).await {
        assert!(std::time::Instant::now() < deadline, "the tick was kept");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    el(&ida, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&ida, 30).await;
    wait_text(&ida, "sync-pending", |t| t == "0").await;
    el(&rep, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&rep, 30).await;
    open_opportunity(&rep, OPPORTUNITY).await;
    assert!(
        first_item_done(&rep).await,
        "the colleague's tick reached the rep"
    );

    // 5. The rep marks the quote accepted: the opportunity is won, on the server and on her laptop.
    accept_quote(&rep).await;
    el(&rep, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&rep, 30).await;
    wait_text(&rep, "sync-pending", |t| t == "0").await;
    let records = server.records().await;
    let opportunity = records
        .iter()
        .find(|r| r["entity"] == "opportunity" && field(r, "name") == Some(OPPORTUNITY))
        .unwrap_or_else(|| panic!("the server has the opportunity"));
    assert_eq!(field(opportunity, "stage"), Some("won"), "{opportunity}");
    let quote = records
        .iter()
        .find(|r| r["entity"] == "quote" && field(r, "number") == Some(number.as_str()))
        .unwrap_or_else(|| panic!("the server has quote {number}"));
    assert_eq!(field(quote, "status"), Some("accepted"), "{quote}");
    el(&ida, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&ida, 30).await;
    open_opportunity(&ida, OPPORTUNITY).await;
    wait_text(&ida, "opportunity-stage-badge", |t| t == "Won").await;

    // 6. The rep's agenda, account page and search box show all of it.
    el(&rep, "nav-today").await.click().await.unwrap();
    let due = wait_any(&rep, "agenda-today", |t| t.contains(NEXT_STEP)).await;
    assert!(due.contains(ACCOUNT) && due.contains(&today), "{due}");
    open_account(&rep, "恒通", ACCOUNT).await;
    wait_count(&rep, "contact-row", 2).await;
    let row = wait_text(&rep, "account-opportunity", |t| t.contains(OPPORTUNITY)).await;
    assert!(row.contains("Won"), "{row}");
    let quote = text_of(&rep, "account-quote").await.unwrap();
    assert!(
        quote.contains(&number) && quote.contains("Accepted"),
        "{quote}"
    );
    wait_text(&rep, "account-activities-entry", |t| t.contains(NEXT_STEP)).await;
    rep.active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}k{}", Key::Control, Key::Null))
        .await
        .unwrap();
    type_into(&el(&rep, "global-search-input").await, "视觉检测").await;
    wait_any(&rep, "search-hit-title", |t| t == OPPORTUNITY).await;

    rep_app.close().await;
    ida_app.close().await;
}
