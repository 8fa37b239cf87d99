//! A proposal drafted, handed over and signed at the client's site, in the real app against the real server.
//!
//! From an opportunity with captured needs and a sent quote with an optional item, the rep makes a proposal from
//! the template (the case study of the client's industry already in it) and adds a case study from the company
//! library. She sees the live preview, sends the proposal and saves its PDF. The client ticks the optional item
//! (the totals and the document's hash change), types a name and title and signs with the mouse. The quote is
//! accepted and the opportunity won. After a sync the server holds the signature with its witness, and the
//! manager's app shows the proposal accepted.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fieldquote_e2e::{
    Session, add_product, all, answer_confirm, el, exists, in_chinese, in_english, screenshot,
    send_quote, sync_now_and_wait, type_into, wait_text,
};

mod common;

use common::visit::{
    add_contact, capture_needs, new_account, new_opportunity, open_account, open_opportunity,
    press, top, wait_any,
};
use common::{ADMIN, REP, TeamServer, sign_in};

const ACCOUNT: &str = "无锡恒远精工机械有限公司";
const OPPORTUNITY: &str = "数控车间产线改造";
const MANAGER: &str = "wang.min@example.cn";
const CASE: &str = "Precision machining line, Suzhou";

fn field<'a>(record: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    record["fields"][name]["value"].as_str()
}

/// Wait until the preview shows at least one page of the PDF.
async fn preview_drawn(c: &Client) {
    pages_drawn(c, "pdf-preview-page").await;
}

/// Wait until the preview `testid` (its pages' test id) shows at least one page.
async fn pages_drawn(c: &Client, testid: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !exists(c, testid).await {
        assert!(
            std::time::Instant::now() < deadline,
            "the PDF preview shows pages"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The text of the element `selector` matches, once it does.
async fn css_text(c: &Client, selector: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(fantoccini::Locator::Css(selector)).await
            && let Ok(t) = e.text().await
            && ok(&t)
        {
            return t;
        }
        assert!(std::time::Instant::now() < deadline, "{selector}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Wait until one of the elements `testid` shows a text `ok` accepts (read in one script, so a list the
/// screen draws again meanwhile is never half read).
async fn wait_row(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let texts = c
            .execute(
                "return Array.from(document.querySelectorAll(`[data-testid='${arguments[0]}']`)).map((e) => e.innerText);",
                vec![serde_json::json!(testid)],
            )
            .await
            .unwrap();
        if let Some(t) = texts
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str())
            .find(|t| ok(t))
        {
            return t.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {testid} as expected: {texts}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Draw a signature on the pad: two strokes with the mouse.
async fn sign_with_mouse(c: &Client) {
    let canvas = el(c, "signature-pad-canvas").await;
    let mut strokes = MouseActions::new("signature".into())
        .then(PointerAction::MoveToElement {
            element: canvas.clone(),
            duration: None,
            x: -120.0,
            y: 10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for (x, y) in [
        (30.0, -25.0),
        (30.0, 30.0),
        (30.0, -35.0),
        (30.0, 30.0),
        (40.0, -10.0),
    ] {
        strokes = strokes.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(60)),
            x,
            y,
        });
    }
    strokes = strokes.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    c.perform_actions(strokes).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app and server, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_proposal_is_signed_at_the_clients_site_and_the_manager_sees_it() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let server_binary = std::env::var("FIELDQUOTE_E2E_SERVER")
        .expect("set FIELDQUOTE_E2E_SERVER to the built fieldquote-server");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    assert!(
        Path::new(&server_binary).is_file(),
        "no server at {server_binary}"
    );

    // The company: the rep and her manager, the catalog and a case study in the company library.
    let server = TeamServer::new(server_binary);
    server.admin(&["team", "add", "East"]);
    server.add_user(REP, "Li Wei", "rep", Some("East"));
    server.add_user(MANAGER, "Wang Min", "manager", Some("East"));
    server.add_user(ADMIN, "Admin", "admin", None);
    server.import(
        "catalog.csv",
        "PLC-S7-1200,PLC S7-1200 控制器,,台,9800.00,CNY,13\nHMI-KTP700,HMI 触摸屏 KTP700,,台,4200.00,CNY,13\n",
    );
    let body = serde_json::json!({"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "Changeover time down by 40 % in six months. 换型时间六个月内缩短 40%。"}]}]});
    let library = server.dir.path().join("library.json");
    std::fs::write(
        &library,
        serde_json::json!([{
            "kind": "case_study", "title_en": CASE, "title_zh": "苏州精密加工产线",
            "industry": "Machinery", "body_en": body.to_string(), "tags": ["cnc"]
        }])
        .to_string(),
    )
    .unwrap();
    server.admin(&["content", "import", library.to_str().unwrap()]);
    let _serving = server.serve().await;

    let rep_data = tempfile::tempdir().unwrap();
    let rep_app = Session::start(&binary, rep_data.path()).await;
    let rep = rep_app.client.clone();
    in_english(&rep).await;
    sign_in(&rep, &server.listen, REP).await;
    el(&rep, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&rep, 30).await;

    // The company's case study arrived: the library shows it, read only.
    el(&rep, "nav-library").await.click().await.unwrap();
    wait_row(&rep, "library-block", |t| t.contains(CASE)).await;
    el(&rep, "library-company-note").await;

    // 1. The opportunity: its account (in the case study's industry), the decision maker, the needs.
    new_account(&rep, ACCOUNT, "Machinery", "Wuxi", "a").await;
    open_account(&rep, "恒远", ACCOUNT).await;
    add_contact(
        &rep,
        "钱海峰",
        "qian@hengyuan.cn",
        "decision_maker",
        "supporter",
    )
    .await;
    new_opportunity(&rep, OPPORTUNITY, "560000").await;
    capture_needs(&rep).await;

    // 2. A quote with an optional item, sent.
    press(&rep, "opportunity-new-quote").await;
    wait_text(&rep, "quote-title", |t| !t.is_empty()).await;
    add_product(&rep, "PLC-S7-1200").await;
    add_product(&rep, "HMI-KTP700").await;
    let optional = all(&rep, "line-optional").await;
    assert_eq!(optional.len(), 2, "two lines");
    optional[1].click().await.unwrap();
    el(&rep, "quote-save").await.click().await.unwrap();
    let number = wait_text(&rep, "quote-number", |t| t.starts_with("Q-")).await;
    send_quote(&rep).await;
    wait_text(&rep, "quote-status", |t| t == "Sent").await;
    el(&rep, "quote-back").await.click().await.unwrap();

    // 3. A proposal from the template: the live preview is the real PDF.
    wait_any(&rep, "opportunity-quote", |t| t.contains(&number)).await;
    press(&rep, "proposal-new").await;
    el(&rep, "proposal-screen").await;
    preview_drawn(&rep).await;
    wait_row(&rep, "section-list-row", |t| t.contains("Case studies")).await;
    wait_row(&rep, "section-list-row", |t| t.contains("Pricing")).await;
    // The case study of the client's industry is already in, and one more is added from the library.
    wait_row(&rep, "proposal-library-block", |t| t.contains(CASE)).await;
    press(&rep, "proposal-library-add").await;
    wait_row(&rep, "section-list-row", |t| t.contains(CASE)).await;
    preview_drawn(&rep).await;
    top(&rep).await;
    screenshot(&rep, "proposal-editor.png").await;

    // The PDF written to the app's PDF folder.
    press(&rep, "proposal-save-pdf").await;
    let path = wait_text(&rep, "proposal-pdf-path", |t| t.ends_with(".pdf")).await;
    assert!(
        std::fs::metadata(&path).is_ok_and(|m| m.len() > 10_000),
        "the PDF was written: {path}"
    );

    // 4. Sent: frozen.
    press(&rep, "proposal-send").await;
    answer_confirm(&rep, true).await;
    wait_text(&rep, "proposal-screen-status", |t| t == "Sent").await;
    assert!(
        !exists(&rep, "proposal-title").await,
        "a sent version is read only"
    );

    // 5. The client takes the optional item: the totals and the hash follow. Then they sign.
    press(&rep, "proposal-accept-open").await;
    let before = css_text(&rep, "[data-testid='proposal-accept-hash'] code", |t| {
        t.len() == 64
    })
    .await;
    let total_before = css_text(&rep, "[data-testid='proposal-accept-totals']", |t| {
        t.contains("Total")
    })
    .await;
    press(&rep, "proposal-option").await;
    let after = css_text(&rep, "[data-testid='proposal-accept-hash'] code", |t| {
        t.len() == 64 && t != before
    })
    .await;
    let total_after = css_text(&rep, "[data-testid='proposal-accept-totals']", |t| {
        t.contains("Total") && t != total_before
    })
    .await;
    assert_ne!(total_before, total_after);
    type_into(&el(&rep, "proposal-signer-name").await, "钱海峰").await;
    type_into(&el(&rep, "proposal-signer-title").await, "设备部经理").await;
    sign_with_mouse(&rep).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&rep, "proposal-sign.png").await;
    press(&rep, "proposal-sign").await;
    wait_text(&rep, "proposal-screen-status", |t| t == "Accepted").await;
    wait_text(&rep, "proposal-signature", |t| t.contains("钱海峰")).await;

    // The quote is accepted and the opportunity won.
    press(&rep, "proposal-back").await;
    wait_text(&rep, "opportunity-stage-badge", |t| t == "Won").await;
    wait_any(&rep, "opportunity-quote", |t| {
        t.contains(&number) && t.contains("Accepted")
    })
    .await;

    // 6. After a sync the server holds the signature and its witness.
    el(&rep, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&rep, 30).await;
    wait_text(&rep, "sync-pending", |t| t == "0").await;
    let records = server.records().await;
    let proposal = records
        .iter()
        .find(|r| r["entity"] == "proposal")
        .unwrap_or_else(|| panic!("the server has the proposal"));
    assert_eq!(field(proposal, "status"), Some("accepted"), "{proposal}");
    assert_eq!(field(proposal, "seen_sha256"), Some(after.as_str()));
    assert_eq!(
        field(proposal, "witnessed_sha256"),
        Some(after.as_str()),
        "the server witnessed the hash the client saw"
    );

    // 7. The manager's laptop: the proposal accepted, received by the server.
    let boss_data = tempfile::tempdir().unwrap();
    let boss_app = Session::start(&binary, boss_data.path()).await;
    let boss = boss_app.client.clone();
    in_english(&boss).await;
    sign_in(&boss, &server.listen, MANAGER).await;
    el(&boss, "nav-sync").await.click().await.unwrap();
    sync_now_and_wait(&boss, 30).await;
    open_opportunity(&boss, OPPORTUNITY).await;
    wait_text(&boss, "opportunity-stage-badge", |t| t == "Won").await;
    let row = wait_any(&boss, "opportunity-proposal", |t| t.contains("Accepted")).await;
    assert!(
        row.contains("钱海峰") && row.contains("received by the server"),
        "{row}"
    );
    top(&boss).await;
    screenshot(&boss, "proposal-manager.png").await;

    // 8. The same screens in Chinese (drawn with the app's own font on a machine without Chinese fonts): a
    //    second proposal, in Chinese, sent, and the acceptance screen as the client would see it.
    in_chinese(&rep).await;
    open_opportunity(&rep, OPPORTUNITY).await;
    el(&rep, "proposal-new-lang")
        .await
        .select_by_value("zh")
        .await
        .unwrap();
    press(&rep, "proposal-new").await;
    el(&rep, "proposal-screen").await;
    preview_drawn(&rep).await;
    wait_row(&rep, "section-list-row", |t| t.contains("报价")).await;
    top(&rep).await;
    screenshot(&rep, "proposal-editor-zh.png").await;
    press(&rep, "proposal-send").await;
    answer_confirm(&rep, true).await;
    wait_text(&rep, "proposal-screen-status", |t| t == "已发送").await;
    press(&rep, "proposal-accept-open").await;
    css_text(&rep, "[data-testid='proposal-accept-hash'] code", |t| {
        t.len() == 64
    })
    .await;
    pages_drawn(&rep, "proposal-accept-preview-page").await;
    screenshot(&rep, "proposal-sign-zh.png").await;

    rep_app.close().await;
    boss_app.close().await;
}
