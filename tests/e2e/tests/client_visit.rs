//! The client visit on one laptop (demo data), in the real app: a new account with two contacts and their
//! buying roles, a visit checked in, an opportunity with its needs and SWOT, the technical evaluation assigned
//! to a colleague, a quote made from the opportunity and accepted (the opportunity is won), the visit checked
//! out with a next step — and the agenda, the account page and the search box show all of it.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fieldquote_domain::sync::{Change, EntityKind, PullResponse, PulledRecord, Record};
use fieldquote_e2e::{
    Session, add_product, all, answer_confirm, demo_data_dir, el, in_chinese, in_english,
    screenshot, send_quote, text_of, type_into, wait_text,
};
use serde_json::json;
use uuid::Uuid;

const ACCOUNT: &str = "苏州恒远精密机械有限公司";
const OPPORTUNITY: &str = "产线自动化改造";
const NEXT_STEP: &str = "发送样机测试方案";

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

/// The element matching a CSS selector, waiting up to 15 s.
async fn css(c: &Client, selector: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
}

/// The texts of every element with `testid`, from `textContent`, whitespace folded.
async fn texts(c: &Client, testid: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in all(c, testid).await {
        let t = e.prop("textContent").await.unwrap().unwrap_or_default();
        out.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Wait until one of the elements with `testid` has a text that `ok` accepts, and return it.
async fn wait_any(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = texts(c, testid).await;
        if let Some(t) = found.iter().find(|t| ok(t)) {
            return t.clone();
        }
        assert!(Instant::now() < deadline, "{testid}: none of {found:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Wait until `testid` is on the page `n` times.
async fn wait_count(c: &Client, testid: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = all(c, testid).await.len();
        if found == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{testid}: {found} on the page, not {n}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Set a date input (WebKit's date field does not take typed text the same way everywhere).
async fn set_date(c: &Client, testid: &str, day: &str) {
    let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                  e.dispatchEvent(new Event('input', { bubbles: true })); \
                  e.dispatchEvent(new Event('change', { bubbles: true }));";
    c.execute(
        script,
        vec![json!(format!("[data-testid='{testid}']")), json!(day)],
    )
    .await
    .unwrap();
}

/// Click `testid` once it is scrolled to the middle of the screen (a toast may cover the bottom corner).
async fn press(c: &Client, testid: &str) {
    let e = el(c, testid).await;
    c.execute(
        "arguments[0].scrollIntoView({ block: 'center' });",
        vec![serde_json::to_value(&e).unwrap()],
    )
    .await
    .unwrap();
    e.click().await.unwrap();
}

/// Scroll the screen back to its top (for a screenshot), once the page has settled.
async fn top(c: &Client) {
    tokio::time::sleep(Duration::from_millis(400)).await;
    c.execute(
        "document.activeElement && document.activeElement.blur(); document.querySelector('.content').scrollTo(0, 0);",
        vec![],
    )
    .await
    .unwrap();
}

/// Open the account from the Accounts list, found by a part of its name.
async fn open_account(c: &Client) {
    el(c, "nav-customers").await.click().await.unwrap();
    type_into(&el(c, "customer-search").await, "恒远").await;
    wait_text(c, "customer-row", |t| t.contains(ACCOUNT)).await;
    el(c, "customer-row").await.click().await.unwrap();
    wait_text(c, "account-name", |t| t == ACCOUNT).await;
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
    let enter = Key::Enter.to_string();

    // 1. A new account, classified, and two contacts with their roles in the buying decision.
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-new").await.click().await.unwrap();
    type_into(&el(&c, "customer-name").await, ACCOUNT).await;
    type_into(&el(&c, "customer-industry").await, "Machinery").await;
    type_into(&el(&c, "customer-region").await, "Suzhou").await;
    el(&c, "customer-value-class")
        .await
        .select_by_value("a")
        .await
        .unwrap();
    el(&c, "customer-save").await.click().await.unwrap();
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
        el(&c, "contact-add").await.click().await.unwrap();
        type_into(&el(&c, "contact-name").await, name).await;
        type_into(&el(&c, "contact-email").await, email).await;
        el(&c, "contact-role")
            .await
            .select_by_value(role)
            .await
            .unwrap();
        el(&c, "contact-stance")
            .await
            .select_by_value(stance)
            .await
            .unwrap();
        // Enter in the row saves it.
        el(&c, "contact-name")
            .await
            .send_keys(&enter)
            .await
            .unwrap();
        wait_text(&c, "account-contacts", |t| t.contains(name)).await;
    }
    wait_count(&c, "contact-row", 2).await;
    let mut roles = texts(&c, "contact-row-role").await;
    roles.sort();
    assert_eq!(roles, ["Decision maker", "Technical evaluator"]);

    // 2. Check in: the visit starts now and shows on Today, open.
    el(&c, "account-check-in").await.click().await.unwrap();
    let times = wait_text(&c, "visit-times", |t| t.starts_with("In ")).await;
    assert!(
        !times.contains("out"),
        "a visit just checked in is not checked out: {times}"
    );
    assert_eq!(
        css(&c, "[data-testid='visit']")
            .await
            .attr("data-open")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );

    // 3. An opportunity on the account; its page opens.
    open_account(&c).await;
    el(&c, "opportunity-new").await.click().await.unwrap();
    type_into(&el(&c, "opportunity-name").await, OPPORTUNITY).await;
    type_into(&el(&c, "opportunity-value").await, "1200000").await;
    el(&c, "opportunity-save").await.click().await.unwrap();
    wait_text(&c, "opportunity-title", |t| t == OPPORTUNITY).await;
    assert_eq!(
        text_of(&c, "opportunity-stage-badge").await.as_deref(),
        Some("Needs identified")
    );
    assert_eq!(
        text_of(&c, "opportunity-value-shown").await.as_deref(),
        Some("CNY 1,200,000.00")
    );

    // 4. Needs and a SWOT, keyboard-first: Enter adds the next item.
    type_into(
        &el(&c, "needs-background").await,
        "两条装配线，人工检测为主",
    )
    .await;
    type_into(&el(&c, "needs-pains").await, "漏检率高，返工多").await;
    type_into(&el(&c, "needs-budget").await, "120 万").await;
    let strengths = el(&c, "swot-strengths-new").await;
    strengths
        .send_keys(&format!("本地服务团队{enter}"))
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("交付快{enter}"))
        .await
        .unwrap();
    el(&c, "swot-threats-new")
        .await
        .send_keys(&format!("竞争对手报价更低{enter}"))
        .await
        .unwrap();
    wait_count(&c, "swot-strengths-item", 2).await;
    wait_count(&c, "swot-threats-item", 1).await;
    el(&c, "needs-save").await.click().await.unwrap();
    wait_text(&c, "needs-state", |t| t == "Saved").await;
    el(&c, "requirement-new")
        .await
        .send_keys(&format!("支持 Profinet 通讯{enter}"))
        .await
        .unwrap();
    wait_count(&c, "requirement-row", 1).await;

    // 5. The colleague joins, and owns the technical evaluation.
    el(&c, "member-colleague")
        .await
        .select_by_value(&ida.to_string())
        .await
        .unwrap();
    el(&c, "member-add").await.click().await.unwrap();
    wait_text(&c, "opportunity-members", |t| t.contains("Ida Presales")).await;
    css(
        &c,
        "[data-testid='workstream-technical'] [data-testid='workstream-setup']",
    )
    .await
    .click()
    .await
    .unwrap();
    css(
        &c,
        "[data-testid='workstream-technical'] [data-testid='workstream-owner']",
    )
    .await
    .select_by_value(&ida.to_string())
    .await
    .unwrap();
    css(
        &c,
        "[data-testid='workstream-technical'] [data-testid='workstream-item-new']",
    )
    .await
    .send_keys(&format!("样机测试{enter}"))
    .await
    .unwrap();
    wait_count(&c, "workstream-item", 1).await;
    let technical = css(&c, "[data-testid='workstream-technical']").await;
    assert_eq!(
        technical.attr("data-state").await.unwrap().as_deref(),
        Some("on_track")
    );
    assert_eq!(
        css(
            &c,
            "[data-testid='workstream-technical'] [data-testid='workstream-owner']"
        )
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
    press(&c, "opportunity-new-quote").await;
    wait_text(&c, "quote-title", |t| !t.is_empty()).await;
    assert_eq!(
        el(&c, "quote-customer")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(ACCOUNT)
    );
    add_product(&c, "PLC-S7-1200").await;
    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    send_quote(&c).await;
    wait_text(&c, "quote-status", |t| t == "Sent").await;
    el(&c, "quote-back").await.click().await.unwrap();
    wait_text(&c, "opportunity-quote", |t| {
        t.contains(&number) && t.contains("Sent")
    })
    .await;
    // The client accepts it: the opportunity is won with it.
    press(&c, "quote-mark-accepted").await;
    answer_confirm(&c, true).await;
    wait_text(&c, "opportunity-stage-badge", |t| t == "Won").await;
    wait_text(&c, "opportunity-quote", |t| t.contains("Accepted")).await;

    // 7. Check out with what came of it and the next step, due today.
    el(&c, "nav-today").await.click().await.unwrap();
    let today = wait_text(&c, "today-date", |t| t.len() == 10).await;
    el(&c, "visit-check-out").await.click().await.unwrap();
    type_into(&el(&c, "visit-outcome").await, "客户认可方案，要求样机测试").await;
    type_into(&el(&c, "visit-next-step").await, NEXT_STEP).await;
    set_date(&c, "visit-next-due", &today).await;
    el(&c, "visit-check-out-confirm")
        .await
        .click()
        .await
        .unwrap();
    let times = wait_text(&c, "visit-times", |t| t.contains("out ")).await;
    assert!(times.starts_with("In "), "{times}");
    assert_eq!(
        css(&c, "[data-testid='visit']")
            .await
            .attr("data-open")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );

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
    let visit = wait_text(&c, "account-activity", |t| t.contains(NEXT_STEP)).await;
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
    input.send_keys(&enter).await.unwrap();
    wait_text(&c, "account-name", |t| t == ACCOUNT).await;

    // 10. The same page in Chinese.
    in_chinese(&c).await;
    open_account(&c).await;
    wait_text(&c, "account-opportunity", |t| t.contains("赢单")).await;
    top(&c).await;
    screenshot(&c, "account-page-zh.png").await;

    session.close().await;
}
