//! A quote's life in the real app: a discount over the limit waits for approval and cannot be sent; once a
//! manager has approved it, it is sent and frozen; revising it opens a linked quote numbered `-R1` whose
//! changes the editor shows.
#![allow(clippy::unwrap_used)]

use fieldquote_e2e::{
    Session, add_product, all, choose_customer, demo_data_dir, diff_fields, el, in_english,
    send_quote, text_of, type_into, wait_text,
};

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn over_the_limit_then_approved_sent_and_revised() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let (data, customer) = demo_data_dir().await;
    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // 2 × 3880.00 at 20 % off (the limit is 15 %), 5 % off the whole quote, with payment terms.
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    choose_customer(&c, &customer).await;
    add_product(&c, "PLC-S7-1200").await;
    type_into(&all(&c, "line-qty").await[0], "2").await;
    type_into(&all(&c, "line-discount").await[0], "20").await;
    el(&c, "quote-discount-kind")
        .await
        .select_by_value("percent")
        .await
        .unwrap();
    type_into(&el(&c, "quote-discount-value").await, "5").await;
    type_into(
        &el(&c, "quote-payment-terms").await,
        "30 % advance, 70 % on delivery",
    )
    .await;
    // 2 × 3880.00 × 0.80 = 6208.00; 5 % off = 310.40 → net 5897.60, VAT 13 % 766.69, total 6664.29
    wait_text(&c, "quote-discount-amount", |t| t == "-CNY 310.40").await;
    wait_text(&c, "quote-total", |t| t == "CNY 6,664.29").await;
    wait_text(&c, "quote-total-capitals", |t| {
        t.contains("陆仟陆佰陆拾肆元贰角玖分")
    })
    .await;
    wait_text(&c, "quote-needs-approval", |t| t.contains("15")).await;

    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    wait_text(&c, "quote-status", |t| t == "Awaiting approval").await;

    // Sending cannot even be asked for while the approval is pending.
    assert_eq!(
        el(&c, "quote-send")
            .await
            .prop("disabled")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    wait_text(&c, "quote-needs-approval", |t| {
        t.contains("Waiting for a manager's approval")
    })
    .await;
    assert_eq!(
        text_of(&c, "quote-status").await.as_deref(),
        Some("Awaiting approval")
    );

    // On a laptop without a server there are no accounts: the approver writes their name in the approval dialog
    // (no manager PIN is set on this laptop, so none is asked), and the editor shows the comment after.
    el(&c, "quote-approve").await.click().await.unwrap();
    assert!(all(&c, "approve-pin").await.is_empty(), "no PIN is set");
    type_into(&el(&c, "approve-by").await, "Wang Fang").await;
    type_into(&el(&c, "approve-comment").await, "OK for this account").await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Approved").await;
    // The time reads as every date in the app does (`2026-12-05 23:55`), in either language.
    let notice = wait_text(&c, "quote-approval-notice", |t| {
        t.starts_with("Approved by Wang Fang on ")
    })
    .await;
    let at = notice
        .trim_start_matches("Approved by Wang Fang on ")
        .split('.')
        .next()
        .unwrap_or_default();
    let shape: String = at
        .chars()
        .map(|ch| if ch.is_ascii_digit() { 'd' } else { ch })
        .collect();
    assert_eq!(shape, "dddd-dd-dd dd:dd", "{notice}");
    wait_text(&c, "quote-approval-comment", |t| t == "OK for this account").await;

    // The list shows it approved too.
    el(&c, "quote-back").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains("Approved")).await;
    el(&c, "quote-row").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Approved").await;

    // Sent (once confirmed): frozen.
    send_quote(&c).await;
    wait_text(&c, "quote-status", |t| t == "Sent").await;
    assert!(
        all(&c, "quote-save").await.is_empty(),
        "a sent quote cannot be saved"
    );

    // Revised: a linked quote numbered -R1, editable again; its discount is still over the limit, so it
    // needs an approval of its own before it can be sent.
    el(&c, "quote-revise").await.click().await.unwrap();
    let revision = format!("{number}-R1");
    wait_text(&c, "quote-number", |t| t == revision).await;
    wait_text(&c, "quote-status", |t| t == "Awaiting approval").await;
    wait_text(&c, "quote-revision-of", |t| t.contains(&number)).await;
    el(&c, "quote-save").await;

    // The revision changes the quantity; its changes show what differs from the sent quote.
    type_into(&all(&c, "line-qty").await[0], "3").await;
    // 3 × 3880.00 × 0.80 = 9312.00; 5 % off = 465.60 → net 8846.40, VAT 1150.03, total 9996.43
    wait_text(&c, "quote-total", |t| t == "CNY 9,996.43").await;
    el(&c, "quote-show-diff").await.click().await.unwrap();
    el(&c, "quote-diff").await;
    wait_text(&c, "diff-line", |t| t.contains("PLC-S7-1200")).await;
    // The quantity, and with it the line's net (after its share of the 5 % off) and gross: nothing else.
    let change =
        |f: &str, before: &str, after: &str| (f.to_string(), before.to_string(), after.to_string());
    assert_eq!(
        diff_fields(&c, "PLC-S7-1200").await,
        [
            change("quantity", "2", "3"),
            change("net", "5,897.60", "8,846.40"),
            change("gross", "6,664.29", "9,996.43"),
        ]
    );
    assert_eq!(
        all(&c, "diff-line").await[0]
            .attr("data-change")
            .await
            .unwrap()
            .as_deref(),
        Some("changed")
    );
    assert_eq!(
        text_of(&c, "diff-total-before").await.as_deref(),
        Some("CNY 6,664.29")
    );
    assert_eq!(
        text_of(&c, "diff-total-after").await.as_deref(),
        Some("CNY 9,996.43")
    );

    session.close().await;
}
