//! The client visit on one laptop (demo data), in the real app: a new account with two contacts and their
//! buying roles, a visit checked in, an opportunity with its needs and SWOT, the technical evaluation assigned
//! to a colleague, a quote made from the opportunity and accepted (the opportunity is won), the visit checked
//! out with a next step — and the agenda, the account page and the search box show all of it.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fieldquote_domain::sync::{Change, EntityKind, PullResponse, PulledRecord, Record};
use fieldquote_e2e::{
    Session, all, demo_data_dir, el, in_chinese, in_english, screenshot, text_of, type_into,
    wait_text,
};
use serde_json::json;
use uuid::Uuid;

const ACCOUNT: &str = "苏州恒远精密机械有限公司";
const OPPORTUNITY: &str = "产线自动化改造";
const NEXT_STEP: &str = "发送样机测试方案";

mod common;

use common::visit::{
    accept_quote, add_contact, assign_technical, capture_needs, check_in, check_out, css, enter,
    new_account, new_opportunity, open_account as open, quote_and_send, technical, texts, top,
    wait_any, wait_count,
};

/// Open the account from the Accounts list, found by a part of its name.
async fn open_account(c: &fantoccini::Client) {
    open(c, "恒远", ACCOUNT).await;
}

/// The company directory as a server's pull brings it: one presales colleague of another team.
async fn seed_colleague(data: &Path, id: Uuid) {
    let store = fieldquote_store::Store::open(data).await.unwrap();
    let mut record = Record::new(EntityKind::Colleague, id, Uuid::nil());
    record.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: EntityKind::Colleague,
        entity_id: id,
        hlc: "001765000000000000-00000-server".into(),
        fields: [
            ("name", json!("Ida Presales")),
            ("email", json!("ida@ecsmartcontrol.cn")),
            ("team_id", json!("presales")),
            ("team_name", json!("Presales")),
            ("role", json!("rep")),
            ("active", json!(1)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect::<BTreeMap<_, _>>(),
        deleted: false,
        base: BTreeMap::new(),
    });
    store
        .apply_pull(&PullResponse {
            records: vec![PulledRecord { seq: 1, record }],
            cursor: 1,
            has_more: false,
            revoked: Vec::new(),
        })
        .await
        .unwrap();
    store.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_client_visit_from_check_in_to_check_out() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    let (data, _) = demo_data_dir().await;
    let ida = Uuid::now_v7();
    seed_colleague(data.path(), ida).await;

    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // 1. A new account, classified, and two contacts with their roles in the buying decision.
    new_account(&c, ACCOUNT, "Machinery", "Suzhou", "a").await;
    type_into(&el(&c, "customer-search").await, "恒远").await;
    let row = wait_text(&c, "customer-row", |t| t.contains(ACCOUNT)).await;
    assert!(
        row.contains("Machinery") && row.contains("Suzhou") && row.contains("Prospect"),
        "{row}"
    );
    assert_eq!(
        text_of(&c, "list-count").await.as_deref(),
        Some("1 account")
    );
    screenshot(&c, "accounts.png").await;
    el(&c, "customer-row").await.click().await.unwrap();
    wait_text(&c, "account-name", |t| t == ACCOUNT).await;

    for (name, email, role, stance) in [
        (
            "王芳",
            "wang.fang@hengyuan.cn",
            "technical_evaluator",
            "supporter",
        ),
        ("李强", "li.qiang@hengyuan.cn", "decision_maker", "neutral"),
    ] {
        add_contact(&c, name, email, role, stance).await;
    }
    wait_count(&c, "contact-row", 2).await;
    let mut roles = texts(&c, "contact-row-role").await;
    roles.sort();
    assert_eq!(roles, ["Decision maker", "Technical evaluator"]);

    // 2. Check in: the visit starts now and shows on Today, open.
    check_in(&c).await;

    // 3. An opportunity on the account; its page opens.
    open_account(&c).await;
    new_opportunity(&c, OPPORTUNITY, "1200000").await;
    assert_eq!(
        text_of(&c, "opportunity-stage-badge").await.as_deref(),
        Some("Needs identified")
    );
    assert_eq!(
        text_of(&c, "opportunity-value-shown").await.as_deref(),
        Some("CNY 1,200,000.00")
    );

    // 4. Needs and a SWOT, keyboard-first: Enter adds the next item.
    capture_needs(&c).await;

    // 5. The colleague joins, and owns the technical evaluation.
    assign_technical(&c, "Ida Presales", "样机测试").await;
    let panel = css(&c, "[data-testid='workstream-technical']").await;
    assert_eq!(
        panel.attr("data-state").await.unwrap().as_deref(),
        Some("on_track")
    );
    assert_eq!(
        technical(&c, "workstream-owner")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(ida.to_string().as_str())
    );
    assert_eq!(
        text_of(&c, "workstream-state").await.as_deref(),
        Some("On track")
    );
    top(&c).await;
    screenshot(&c, "opportunity.png").await;

    // 6. A quote from the opportunity: the account is filled in; saved, it is one of the opportunity's quotes.
    let number = quote_and_send(&c, ACCOUNT, "PLC-S7-1200").await;
    // The client accepts it: the opportunity is won with it.
    accept_quote(&c).await;

    // 7. Check out with what came of it and the next step, due today.
    let today = check_out(&c, "客户认可方案，要求样机测试", NEXT_STEP).await;

    // The agenda lists the next step for today, with its account, among the demo team's.
    let due = wait_any(&c, "agenda-today", |t| t.contains(NEXT_STEP)).await;
    assert!(due.contains(ACCOUNT) && due.contains(&today), "{due}");
    screenshot(&c, "today.png").await;

    // 8. The account page shows all of it.
    open_account(&c).await;
    wait_count(&c, "contact-row", 2).await;
    let opportunity = wait_text(&c, "account-opportunity", |t| t.contains(OPPORTUNITY)).await;
    assert!(opportunity.contains("Won"), "{opportunity}");
    let quote = text_of(&c, "account-quote").await.unwrap();
    assert!(
        quote.contains(&number) && quote.contains("Accepted"),
        "{quote}"
    );
    let visit = wait_text(&c, "account-activities-entry", |t| t.contains(NEXT_STEP)).await;
    assert!(
        visit.contains(&format!("Visit to {ACCOUNT}")) && visit.contains("客户认可方案"),
        "{visit}"
    );
    top(&c).await;
    screenshot(&c, "account-page.png").await;

    // The list of every account, the new one among the demo's.
    el(&c, "nav-customers").await.click().await.unwrap();
    let count = wait_text(&c, "list-count", |t| t.ends_with("accounts")).await;
    assert!(
        count.split(' ').next().unwrap().parse::<u32>().unwrap() > 1,
        "{count}"
    );
    screenshot(&c, "accounts.png").await;

    // 9. The search box (Ctrl+K from anywhere) finds the account, its contact by e-mail, the opportunity.
    el(&c, "nav-quotes").await.click().await.unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}k{}", Key::Control, Key::Null))
        .await
        .unwrap();
    let input = el(&c, "global-search-input").await;
    // The demo data has another wang.fang; both are found, ours names its account.
    type_into(&input, "wang.fang").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    let hit = loop {
        let hits = texts(&c, "search-hit").await;
        if let Some(hit) = hits.iter().find(|t| t.contains("王芳")) {
            break hit.clone();
        }
        assert!(Instant::now() < deadline, "no hit for 王芳 among {hits:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        hit.contains(ACCOUNT) && hit.contains("wang.fang@hengyuan.cn"),
        "{hit}"
    );
    type_into(&input, "恒远").await;
    wait_text(&c, "search-hit-title", |t| t == ACCOUNT).await;
    let mut kinds = Vec::new();
    for g in all(&c, "search-group").await {
        kinds.push(g.attr("data-kind").await.unwrap().unwrap_or_default());
    }
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("account"),
        "{kinds:?}"
    );
    screenshot(&c, "search.png").await;
    input.send_keys(&enter()).await.unwrap();
    wait_text(&c, "account-name", |t| t == ACCOUNT).await;

    // 10. The same page in Chinese.
    in_chinese(&c).await;
    open_account(&c).await;
    wait_text(&c, "account-opportunity", |t| t.contains("赢单")).await;
    top(&c).await;
    screenshot(&c, "account-page-zh.png").await;

    session.close().await;
}
