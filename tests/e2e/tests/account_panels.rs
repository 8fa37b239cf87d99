//! The panels of the account and opportunity pages on a laptop that never synced (no server, no demo data,
//! so no company directory): the client's buying process stalling at an approver, a complaint's whole loop
//! owned by the laptop's own user, sharing that waits for a server, and the won and lost rules refusing in
//! words, in English and in Chinese.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fantoccini::Client;
use fieldquote_e2e::{
    Session, el, in_chinese, in_english, screenshot, text_of, type_into, wait_text,
};

mod common;

use common::visit::{
    add_contact, css, new_account, new_opportunity, open_account, open_opportunity, press, top,
    wait_count,
};

const ACCOUNT: &str = "宁波海锐塑机有限公司";

/// The element with `testid` inside the buying step `step`.
async fn in_step(c: &Client, step: &str, testid: &str) -> fantoccini::elements::Element {
    css(
        c,
        &format!("[data-testid='buying-step'][data-step='{step}'] [data-testid='{testid}']"),
    )
    .await
}

/// The `data-status` of the only feedback row, once it is `want`.
async fn feedback_status(c: &Client, want: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let row = css(c, "[data-testid='feedback-row']").await;
        let status = row.attr("data-status").await.unwrap().unwrap_or_default();
        if status == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "feedback is {status}, not {want}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Try to move the open opportunity to `to` and return the refusal shown (a new one).
async fn refused_move(c: &Client, to: &str) -> String {
    // The refusal shown before this one (if any) stays until the new one replaces it.
    let before = text_of(c, "stage-error").await.unwrap_or_default();
    el(c, "stage-to").await.select_by_value(to).await.unwrap();
    press(c, "stage-move").await;
    wait_text(c, "stage-error", |t| !t.is_empty() && t != before).await
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_account_panels_on_a_laptop_that_never_synced() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    let data = tempfile::tempdir().unwrap();
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    new_account(&c, ACCOUNT, "Plastics machinery", "Ningbo", "b").await;
    open_account(&c, "海锐", ACCOUNT).await;
    add_contact(&c, "钱进", "qian.jin@hairui.cn", "finance", "neutral").await;

    // The client's buying process: the usual six steps; approval, with its approver, is late.
    press(&c, "buying-start").await;
    wait_count(&c, "buying-step", 6).await;
    in_step(&c, "approval", "buying-step-approver")
        .await
        .select_by_label("钱进")
        .await
        .unwrap();
    wait_text(&c, "buying-process", |t| t.contains("钱进")).await;
    in_step(&c, "approval", "buying-step-status")
        .await
        .select_by_value("in_progress")
        .await
        .unwrap();
    let expected = in_step(&c, "approval", "buying-step-expected").await;
    type_into(&expected, "2026-01-05").await;
    expected.send_keys("\t").await.unwrap();
    let stalled = wait_text(&c, "buying-stalled", |t| t.contains("Approval")).await;
    assert!(
        stalled.contains("钱进") && stalled.contains("days late"),
        "{stalled}"
    );

    // A complaint, owned by this laptop's user (the only one it knows), resolved and confirmed.
    press(&c, "feedback-add").await;
    el(&c, "feedback-category")
        .await
        .select_by_value("delivery")
        .await
        .unwrap();
    el(&c, "feedback-severity")
        .await
        .select_by_value("high")
        .await
        .unwrap();
    el(&c, "feedback-satisfaction")
        .await
        .select_by_index(2)
        .await
        .unwrap();
    type_into(&el(&c, "feedback-description").await, "注塑机交货晚了两周").await;
    press(&c, "feedback-save").await;
    feedback_status(&c, "identified").await;
    el(&c, "feedback-assignee")
        .await
        .select_by_label("Me")
        .await
        .unwrap();
    press(&c, "feedback-assign").await;
    feedback_status(&c, "assigned").await;
    wait_text(&c, "account-feedback", |t| t.contains("· Me")).await;
    // Resolving needs what was done: the refusal says so.
    press(&c, "feedback-resolve").await;
    wait_text(&c, "toast", |t| t.contains("how the feedback was resolved")).await;
    css(&c, "[data-testid='toast'] button")
        .await
        .click()
        .await
        .unwrap();
    type_into(&el(&c, "feedback-resolution").await, "加急补发备件").await;
    press(&c, "feedback-resolve").await;
    feedback_status(&c, "resolved").await;
    press(&c, "feedback-confirm").await;
    feedback_status(&c, "confirmed").await;

    // Sharing waits for the company directory, which a server brings.
    let share = wait_text(&c, "account-share", |t| t.contains("sign in")).await;
    assert!(share.contains("Sync"), "{share}");
    assert!(
        !fieldquote_e2e::exists(&c, "share-colleague").await,
        "nobody to share with on a laptop that never synced"
    );
    top(&c).await;
    screenshot(&c, "account-panels.png").await;

    // The stage rules refuse in words: lost needs its reason, and the competitor when it lost to one; won needs
    // the accepted quote.
    open_account(&c, "海锐", ACCOUNT).await;
    new_opportunity(&c, "二期扩产", "450000").await;
    let lost = refused_move(&c, "lost").await;
    assert_eq!(lost, "Say why the opportunity was lost.");
    el(&c, "stage-lost-reason")
        .await
        .select_by_value("competitor")
        .await
        .unwrap();
    press(&c, "stage-move").await;
    wait_text(&c, "stage-error", |t| {
        t == "Name the competitor it was lost to."
    })
    .await;
    let won = refused_move(&c, "won").await;
    assert!(
        won.starts_with("An opportunity is won with the quote the client accepted"),
        "{won}"
    );

    in_chinese(&c).await;
    open_account(&c, "海锐", ACCOUNT).await;
    top(&c).await;
    screenshot(&c, "account-panels-zh.png").await;
    open_opportunity(&c, "二期扩产").await;
    let lost = refused_move(&c, "lost").await;
    assert_eq!(lost, "请选择输单原因。");
    el(&c, "stage-lost-reason")
        .await
        .select_by_value("price")
        .await
        .unwrap();
    type_into(&el(&c, "stage-reason").await, "预算削减").await;
    press(&c, "stage-move").await;
    wait_text(&c, "opportunity-stage-badge", |t| t == "输单").await;
    assert!(
        text_of(&c, "opportunity-lost")
            .await
            .is_some_and(|t| t.contains("价格")),
        "the reason is shown"
    );

    session.close().await;
}
