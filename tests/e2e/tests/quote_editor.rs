//! The quote editor in the real app, as a new user meets it: the customer search, the validity a new quote
//! saves, the product column, a sum bundle's row, the same figures on screen as in the PDF, the approval
//! explained without moving the lines, the toolbar on one row, sending only once allowed and confirmed.
#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::key::Key;
use fieldquote_e2e::{
    Session, add_product, all, answer_confirm, choose_customer, demo_data_dir, el, exists,
    in_chinese, in_english, rect_of, screenshot, send_quote, text_of, type_into, wait_text,
};
use serde_json::Value;

fn binary() -> String {
    std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app")
}

/// Days since 1970-01-01 of an ISO date (`2027-01-04`), to check a validity without a date library.
fn days(iso: &str) -> i64 {
    let parts: Vec<i64> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A figure as shown (`CNY 12,345.60`, `-310.40`) in hundredths.
fn cents(shown: &str) -> i64 {
    let s: String = shown
        .trim()
        .trim_start_matches('-')
        .trim_start_matches("CNY ")
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let v = int.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if shown.trim().starts_with('-') { -v } else { v }
}

/// The lines table as the screen shows it, row by row.
async fn rows(c: &Client) -> Vec<Value> {
    let script = r#"return [...document.querySelectorAll("[data-testid='line-row']")].map(r => {
        const text = (id) => { const e = r.querySelector(`[data-testid='${id}']`); return e ? e.textContent.trim() : null; };
        return {
          kind: r.dataset.kind,
          sku: text("line-sku"),
          unit: text("line-unit-price"),
          amount: text("line-total"),
          sum: text("line-sum-of-components"),
          included: text("line-included") !== null,
          notTaken: text("line-not-taken") !== null,
          discountInput: r.querySelector("[data-testid='line-discount']") !== null,
          noDiscount: text("line-discount-none"),
          overLimit: r.dataset.overLimit === "true",
        };
    });"#;
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The y of the lines table in the scrolled content (WebDriver scrolls the field it types into into view;
/// the layout is what must not jump).
async fn table_y(c: &Client) -> f64 {
    let script = "const t = document.querySelector(\"[data-testid='lines-table']\"); \
                  const s = document.querySelector('.content'); \
                  return t.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop;";
    c.execute(script, vec![]).await.unwrap().as_f64().unwrap()
}

/// The editor's header holds the title and the toolbar on one row, with room to spare for a longer quote
/// number (a connected laptop's `Q-2026-AL1-0042`, a revision's `-R2`: eight characters more).
async fn header_on_one_row(c: &Client) {
    let (_, _, header_w, header_h) = rect_of(c, "quote-header").await.unwrap();
    let (_, _, title_w, _) = rect_of(c, "quote-title").await.unwrap();
    let (_, _, bar_w, bar_h) = rect_of(c, "quote-toolbar").await.unwrap();
    assert!(
        header_h < 48.0 && bar_h < 48.0,
        "the header is {header_h} px tall, its toolbar {bar_h} px: it wraps"
    );
    let spare = header_w - title_w - bar_w;
    assert!(
        spare >= 90.0,
        "the header has {spare} px to spare (title {title_w}, toolbar {bar_w}, header {header_w}): a longer \
         quote number would wrap it"
    );
}

/// Scroll the screen back to its top (for a screenshot that shows the header).
async fn to_top(c: &Client) {
    c.execute(
        "document.querySelector('.content').scrollTop = 0; document.activeElement.blur(); \
         document.querySelector('.toast-close')?.click();",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Wait until the live preview has answered (the totals are not marked stale).
async fn settled(c: &Client) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let busy = c
            .execute(
                "const p = document.querySelector('.totals-panel'); return p ? p.getAttribute('aria-busy') : null;",
                vec![],
            )
            .await
            .unwrap();
        if busy.as_str() == Some("false") {
            tokio::time::sleep(Duration::from_millis(100)).await;
            return;
        }
        assert!(Instant::now() < deadline, "the preview never answered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn value_of(c: &Client, testid: &str) -> String {
    el(c, testid)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn a_new_quote_finds_its_customer_shows_its_validity_and_gives_products_room() {
    let (data, _) = demo_data_dir().await;
    let session = Session::start(&binary(), data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // The catalog shows a sum bundle at what its components cost (4 280.00 + 3 160.00 + 420.00).
    el(&c, "nav-catalog").await.click().await.unwrap();
    type_into(&el(&c, "product-search").await, "KIT-SERVO-1K").await;
    wait_text(&c, "product-row", |t| t.starts_with("KIT-SERVO-1K")).await;
    let price = text_of(&c, "product-price").await.unwrap();
    assert_eq!(price, "CNY 7,860.00 sum of its components");

    // A new quote shows the validity it saves, 30 days from today, as a real value in ISO form: not a
    // greyed-out date in the system's format.
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    let issued = wait_text(&c, "quote-issue-date", |t| !t.is_empty()).await;
    let until = value_of(&c, "quote-valid-until").await;
    assert_eq!(
        el(&c, "quote-valid-until")
            .await
            .attr("type")
            .await
            .unwrap()
            .as_deref(),
        Some("text")
    );
    assert_eq!(days(&until) - days(&issued), 30, "{issued} → {until}");
    assert_eq!(
        text_of(&c, "quote-valid-until-shown").await.as_deref(),
        Some(until.as_str())
    );

    // The customer is found by typing part of its name, in Chinese or in English, and chosen from the
    // keyboard: ↓ moves to the next match, Enter takes it.
    let picker = el(&c, "quote-customer").await;
    type_into(&picker, "有限公司").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while all(&c, "customer-option").await.len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the customer search listed nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    screenshot(&c, "quote-new.png").await;
    let second = all(&c, "customer-option").await[1]
        .attr("data-name")
        .await
        .unwrap()
        .unwrap();
    picker
        .send_keys(&format!("{}{}", Key::Down, Key::Enter))
        .await
        .unwrap();
    assert_eq!(value_of(&c, "quote-customer").await, second);
    choose_customer(&c, "Northwind Food Processing Inc.").await;

    // A mistyped date is refused next to the field; a good one is kept and saved.
    type_into(&el(&c, "quote-valid-until").await, "2027-02-30").await;
    wait_text(&c, "error-valid_until", |t| t.contains("YYYY-MM-DD")).await;
    type_into(&el(&c, "quote-valid-until").await, "2027-03-15").await;
    wait_text(&c, "quote-valid-until-shown", |t| t == "2027-03-15").await;
    assert!(!exists(&c, "error-valid_until").await);

    // A sum bundle: its discount is not an input (its components take the discounts) and says so; Enter in
    // its quantity goes straight back to the product search.
    add_product(&c, "KIT-SERVO-1K").await;
    let bundle = rows(&c).await[0].clone();
    assert_eq!(bundle["kind"], "bundle");
    assert_eq!(bundle["discountInput"], false);
    assert_eq!(
        bundle["noDiscount"],
        "No discount of its own: discount its components"
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    assert_eq!(
        c.active_element()
            .await
            .unwrap()
            .attr("data-testid")
            .await
            .unwrap()
            .as_deref(),
        Some("line-picker")
    );
    // Its row shows no unit price (the bundle has none of its own; quantity 2 must not show the components'
    // total as a unit price) and no amount: it says what its components add up to, and they carry the amounts.
    type_into(&all(&c, "line-qty").await[0], "2").await;
    settled(&c).await;
    let shown = rows(&c).await;
    assert_eq!(shown[0]["unit"], "");
    assert_eq!(shown[0]["amount"], Value::Null);
    let parts: i64 = shown[1..]
        .iter()
        .map(|r| cents(r["amount"].as_str().unwrap()))
        .sum();
    let sum = shown[0]["sum"].as_str().unwrap();
    let figure = sum.strip_prefix("Components total: ").unwrap();
    assert_eq!(cents(figure), parts, "{sum}");
    assert!(figure.contains(','), "{sum}");
    el(&c, "quote-save").await.click().await.unwrap();
    wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    wait_text(&c, "quote-valid-until-shown", |t| t == "2027-03-15").await;

    // The product column has room: on the demo's first quote (descriptions of 30 to 50 characters) no product
    // cell is taller than three lines and no SKU is broken or cut.
    el(&c, "quote-back").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, "上海华东").await;
    wait_text(&c, "quote-row", |t| t.contains("上海华东")).await;
    el(&c, "quote-row").await.click().await.unwrap();
    wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    settled(&c).await;
    let script = r#"return [...document.querySelectorAll("[data-testid='line-product']")].map(p => {
        const sku = p.querySelector("[data-testid='line-sku']");
        const line = parseFloat(getComputedStyle(p.querySelector('.name')).lineHeight);
        return { sku: sku.textContent, lines: p.getBoundingClientRect().height / line,
                 skuRows: sku.getClientRects().length, skuCut: sku.scrollWidth > sku.clientWidth,
                 width: p.getBoundingClientRect().width };
    });"#;
    let cells = c.execute(script, vec![]).await.unwrap();
    let cells = cells.as_array().unwrap();
    assert_eq!(cells.len(), 5);
    for cell in cells {
        assert!(
            cell["lines"].as_f64().unwrap() <= 3.2,
            "a product cell is more than three lines tall: {cell}"
        );
        assert_eq!(cell["skuRows"], 1, "a SKU wraps: {cell}");
        assert_eq!(cell["skuCut"], false, "a SKU is cut: {cell}");
    }
    screenshot(&c, "quote-lines.png").await;

    // In Chinese: the same search, the same ISO dates.
    in_chinese(&c).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    let until = wait_text(&c, "quote-valid-until-shown", |t| !t.is_empty()).await;
    assert_eq!(value_of(&c, "quote-valid-until").await, until);
    type_into(&el(&c, "quote-customer").await, "华东").await;
    wait_text(&c, "customer-option", |t| {
        t.contains("上海华东机电设备有限公司")
    })
    .await;
    screenshot(&c, "quote-new-zh.png").await;

    session.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn the_editor_shows_the_figures_of_the_pdf() {
    let (data, _) = demo_data_dir().await;
    let session = Session::start(&binary(), data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // The demo's quote with a sum bundle, a fixed bundle and an option not taken; 5 % off the whole quote.
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, "苏州精工").await;
    wait_text(&c, "quote-row", |t| t.contains("苏州精工")).await;
    el(&c, "quote-row").await.click().await.unwrap();
    wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    el(&c, "quote-discount-kind")
        .await
        .select_by_value("percent")
        .await
        .unwrap();
    type_into(&el(&c, "quote-discount-value").await, "5").await;
    wait_text(&c, "quote-discount-amount", |t| t.starts_with("-CNY ")).await;
    settled(&c).await;

    // Each row shows its own amount; the sum bundle's row shows none (its components carry them), the fixed
    // bundle's components are included, the option not taken is marked outside the total. The amounts
    // counted add up to the lines total, and the rows below it to the total.
    let shown = rows(&c).await;
    let sum_bundle = shown.iter().find(|r| r["sum"].is_string()).unwrap();
    assert_eq!(sum_bundle["unit"], "");
    assert_eq!(sum_bundle["amount"], Value::Null);
    assert!(shown.iter().any(|r| r["included"] == true));
    assert!(shown.iter().any(|r| r["notTaken"] == true));
    let counted: i64 = shown
        .iter()
        .filter(|r| r["notTaken"] == false)
        .filter_map(|r| r["amount"].as_str())
        .map(cents)
        .sum();
    let lines_total = text_of(&c, "quote-lines-total").await.unwrap();
    assert_eq!(counted, cents(&lines_total), "{shown:?}");
    let discount = text_of(&c, "quote-discount-amount").await.unwrap();
    let subtotal = text_of(&c, "quote-subtotal").await.unwrap();
    assert_eq!(cents(&lines_total) + cents(&discount), cents(&subtotal));
    let vat: i64 = {
        let mut sum = 0;
        for e in all(&c, "quote-vat").await {
            sum += cents(&e.text().await.unwrap());
        }
        sum
    };
    let total = text_of(&c, "quote-total").await.unwrap();
    assert_eq!(cents(&subtotal) + vat, cents(&total));
    assert!(
        total.starts_with("CNY ") && total.contains(','),
        "the total has thousands separators and its currency: {total}"
    );

    // Saved and printed: the PDF shows the very same strings.
    el(&c, "quote-save").await.click().await.unwrap();
    wait_text(&c, "quote-save-state", |t| t == "Saved").await;
    el(&c, "quote-pdf").await.click().await.unwrap();
    let path = wait_text(&c, "quote-pdf-path", |t| t.ends_with(".pdf")).await;
    to_top(&c).await;
    screenshot(&c, "quote-editor-bundle.png").await;
    c.execute(
        "document.querySelector('.totals-panel').scrollIntoView({ block: 'end' }); \
         document.querySelector('.toast-close')?.click();",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&c, "quote-editor-totals.png").await;
    let out = Command::new("pdftotext")
        .args(["-layout", &path, "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let pdf = String::from_utf8_lossy(&out.stdout);
    for figure in [&total, &lines_total, &subtotal, &discount] {
        assert!(
            pdf.contains(figure.as_str()),
            "the PDF shows {figure}: {pdf}"
        );
    }
    for row in &shown {
        if let Some(amount) = row["amount"].as_str() {
            assert!(
                pdf.contains(amount),
                "the PDF shows the amount {amount}: {pdf}"
            );
        }
    }
    let sum = sum_bundle["sum"].as_str().unwrap();
    assert!(
        pdf.contains(sum),
        "the PDF says what the components add up to, {sum}: {pdf}"
    );

    // The "PDF written" notice belongs to the quote as printed: the next edit clears it.
    assert!(exists(&c, "quote-pdf-written").await);
    type_into(
        &el(&c, "quote-notes").await,
        "Price valid for the whole order.",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while exists(&c, "quote-pdf-written").await {
        assert!(
            Instant::now() < deadline,
            "the PDF notice stayed after an edit"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // In Chinese the figures are written the same way.
    el(&c, "quote-save").await.click().await.unwrap();
    wait_text(&c, "quote-save-state", |t| t == "Saved").await;
    let number = text_of(&c, "quote-number").await.unwrap();
    in_chinese(&c).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains(&number)).await;
    el(&c, "quote-row").await.click().await.unwrap();
    wait_text(&c, "quote-total", |t| t == total).await;
    to_top(&c).await;
    screenshot(&c, "quote-editor-bundle-zh.png").await;

    session.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn approval_is_explained_without_moving_the_lines_and_sending_is_confirmed() {
    let (data, customer) = demo_data_dir().await;
    let session = Session::start(&binary(), data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    choose_customer(&c, &customer).await;
    add_product(&c, "PLC-S7-1200").await;
    type_into(&all(&c, "line-qty").await[0], "2").await;
    settled(&c).await;
    let y = table_y(&c).await;

    // A discount over the limit: the banner says which line and why, the line is marked, and the lines do
    // not move under the pointer.
    type_into(&all(&c, "line-discount").await[0], "20").await;
    let reason = wait_text(&c, "approval-reason", |t| t.contains("20 %")).await;
    assert_eq!(
        reason,
        "Line 1 (PLC-S7-1200) is 20 % below its list price, all of it its own discount. That is above the limit of 15 %."
    );
    assert_eq!(table_y(&c).await, y, "the approval banner moved the lines");
    assert_eq!(rows(&c).await[0]["overLimit"], true);

    // With 5 % off the whole quote the figure is 24 %: the banner says what it is made of.
    el(&c, "quote-discount-kind")
        .await
        .select_by_value("percent")
        .await
        .unwrap();
    type_into(&el(&c, "quote-discount-value").await, "5").await;
    let reason = wait_text(&c, "approval-reason", |t| t.contains("24 %")).await;
    assert_eq!(
        reason,
        "Line 1 (PLC-S7-1200) is 24 % below its list price: its own discount of 20 %, plus 4 % from the 5 % quote discount on what remains. That is above the limit of 15 %."
    );
    wait_text(&c, "line-over-limit", |t| t.contains("24 %")).await;

    // Back within the limit the banner goes, and the lines still do not move.
    type_into(&all(&c, "line-discount").await[0], "5").await;
    settled(&c).await;
    assert!(!exists(&c, "quote-needs-approval").await);
    assert!(!rows(&c).await[0]["overLimit"].as_bool().unwrap());
    assert_eq!(table_y(&c).await, y, "the approval banner moved the lines");
    type_into(&all(&c, "line-discount").await[0], "20").await;
    wait_text(&c, "approval-reason", |t| t.contains("24 %")).await;
    assert_eq!(table_y(&c).await, y, "the approval banner moved the lines");

    // Saved, it waits for approval. The toolbar stays on one row, and Mark as sent cannot be clicked.
    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;
    wait_text(&c, "quote-status", |t| t == "Awaiting approval").await;
    header_on_one_row(&c).await;
    let send = el(&c, "quote-send").await;
    assert_eq!(
        send.prop("disabled").await.unwrap().as_deref(),
        Some("true")
    );
    wait_text(&c, "quote-needs-approval", |t| {
        t.contains("Waiting for a manager's approval")
    })
    .await;
    to_top(&c).await;
    screenshot(&c, "quote-awaiting-approval.png").await;

    // The same in Chinese.
    in_chinese(&c).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains(&number)).await;
    el(&c, "quote-row").await.click().await.unwrap();
    let reason = wait_text(&c, "approval-reason", |t| t.contains("24%")).await;
    assert_eq!(
        reason,
        "第 1 行（PLC-S7-1200）比标价低 24%：本行折扣 20%，加上 5% 整单折扣作用于其余部分带来的 4%。超过了 15% 的上限。"
    );
    header_on_one_row(&c).await;
    to_top(&c).await;
    screenshot(&c, "quote-awaiting-approval-zh.png").await;

    // Approved on this laptop: "Approved by …" replaces the request, and the quote can be sent.
    in_english(&c).await;
    el(&c, "nav-quotes").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains(&number)).await;
    el(&c, "quote-row").await.click().await.unwrap();
    el(&c, "quote-approve").await.click().await.unwrap();
    type_into(&el(&c, "approve-by").await, "Wang Fang").await;
    type_into(&el(&c, "approve-comment").await, "Key account").await;
    el(&c, "approve-confirm").await.click().await.unwrap();
    wait_text(&c, "quote-status", |t| t == "Approved").await;
    wait_text(&c, "quote-approval-notice", |t| {
        t.starts_with("Approved by Wang Fang on ")
    })
    .await;
    wait_text(&c, "quote-approval-comment", |t| t == "Key account").await;
    assert!(
        !exists(&c, "quote-needs-approval").await,
        "the approval request stays next to the approval"
    );

    // Sending asks first: cancelled, nothing changes; confirmed, the quote is sent and frozen.
    el(&c, "quote-send").await.click().await.unwrap();
    let question = answer_confirm(&c, false).await;
    assert!(question.contains(&number), "{question}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        text_of(&c, "quote-status").await.as_deref(),
        Some("Approved")
    );
    send_quote(&c).await;
    wait_text(&c, "quote-status", |t| t == "Sent").await;
    assert!(!exists(&c, "quote-save").await);

    session.close().await;
}
