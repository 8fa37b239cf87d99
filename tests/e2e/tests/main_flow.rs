//! The main flow in the real app: create a customer, quote two lines, check the total, write the PDF.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use fieldquote_e2e::{
    Session, add_product, all, choose_customer, demo_data_dir, el, in_english, screenshot, text_of,
    type_into, wait_text,
};

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn customer_quote_total_and_pdf() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    let (data, _) = demo_data_dir().await;

    let session = Session::start(&binary, data.path()).await;
    let c = session.client.clone();
    in_english(&c).await;

    // A new customer with a Chinese name.
    let name = "杭州未来智造科技有限公司";
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-new").await.click().await.unwrap();
    // Saving an empty name is refused with a message next to the field.
    el(&c, "customer-save").await.click().await.unwrap();
    el(&c, "error-name").await;
    type_into(&el(&c, "customer-name").await, name).await;
    type_into(&el(&c, "customer-contact").await, "钱晓明").await;
    el(&c, "customer-save").await.click().await.unwrap();
    type_into(&el(&c, "customer-search").await, "未来智造").await;
    wait_text(&c, "customer-row", |t| t.contains(name)).await;
    screenshot(&c, "customers.png").await;

    // A quote with two lines: 3 × PLC-S7-1200 at 10 % off, 2 hours of engineering.
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    choose_customer(&c, name).await;
    // Keyboard only: search, Enter adds the product and moves to its quantity; Enter walks quantity →
    // discount % → amount off → back to the search for the next product.
    let enter = Key::Enter.to_string();
    add_product(&c, "PLC-S7-1200").await;
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("data-testid").await.unwrap().as_deref(),
        Some("line-qty")
    );
    focused.send_keys(&format!("3{enter}")).await.unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("10{enter}{enter}"))
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
        Some("line-picker"),
        "Enter in the last field of a line goes back to the product search"
    );
    add_product(&c, "SVC-ENG-HR").await;
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("2{enter}"))
        .await
        .unwrap();
    let products = all(&c, "line-product").await;
    assert_eq!(products.len(), 2);
    let qty = all(&c, "line-qty").await;
    assert_eq!(qty[0].prop("value").await.unwrap().as_deref(), Some("3"));
    assert_eq!(
        all(&c, "line-discount").await[0]
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("10")
    );
    // A negative quantity is refused next to the field, and the total ignores that line.
    type_into(&qty[1], "-2").await;
    el(&c, "error-lines[1].quantity").await;
    type_into(&qty[1], "2").await;

    // 3 × 3880.00 × 0.90 = 10476.00 (+13 % = 1361.88); 2 × 680.00 = 1360.00 (+6 % = 81.60)
    wait_text(&c, "quote-total", |t| t == "CNY 13,279.48").await;
    assert_eq!(
        text_of(&c, "quote-subtotal").await.as_deref(),
        Some("CNY 11,836.00")
    );
    let mut vat = Vec::new();
    for row in all(&c, "quote-vat").await {
        vat.push(row.text().await.unwrap());
    }
    assert_eq!(
        vat,
        ["CNY 81.60", "CNY 1,361.88"],
        "VAT by rate, 6 % then 13 %"
    );

    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;

    el(&c, "quote-pdf").await.click().await.unwrap();
    let path = wait_text(&c, "quote-pdf-path", |t| t.ends_with(".pdf")).await;
    assert!(path.contains(&number), "{path} is named after {number}");
    screenshot(&c, "quote-editor.png").await;
    assert!(Path::new(&path).is_file(), "the PDF exists at {path}");
    let out = Command::new("pdftotext")
        .args([&path, "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(name), "the PDF names the customer: {text}");
    assert!(
        text.contains("13,279.48"),
        "the PDF shows the total: {text}"
    );

    // The quote is in the list with the same total.
    el(&c, "quote-back").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains("CNY 13,279.48")).await;

    // The whole list, counted by the backend: the demo's ten and this one, newest first. Filtered by status
    // (the new one is the drafts' newest), then sorted by total, largest first.
    // (Select all and delete, as a user does: the box hears its input event.)
    el(&c, "quote-search")
        .await
        .send_keys(&format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace))
        .await
        .unwrap();
    wait_text(&c, "list-count", |t| t == "11 quotes").await;
    wait_text(&c, "quote-row", |t| t.contains(&number)).await;
    el(&c, "quote-filter-status")
        .await
        .select_by_value("draft")
        .await
        .unwrap();
    let drafts = wait_text(&c, "list-count", |t| {
        t.ends_with(" quotes") && t != "11 quotes"
    })
    .await;
    let rows = all(&c, "quote-row").await;
    assert_eq!(
        drafts,
        format!("{} quotes", rows.len()),
        "every draft is on the first page"
    );
    for row in &rows {
        assert!(row.text().await.unwrap().contains("Draft"), "only drafts");
    }
    // (The drafts by number, newest first, happen to run from the smallest total up.)
    el(&c, "sort-total").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let mut totals = Vec::new();
        for row in all(&c, "quote-row").await {
            let text = row.text().await.unwrap_or_default();
            // "… CNY 13,279.48": the amount in fen.
            let amount = text
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .replace([',', '.'], "");
            totals.push(amount.parse::<i64>().unwrap_or(-1));
        }
        let mut sorted = totals.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        if totals.len() == rows.len() && totals == sorted && !totals.contains(&-1) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never sorted largest first: {totals:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        el(&c, "sort-total")
            .await
            .attr("data-dir")
            .await
            .unwrap()
            .as_deref(),
        Some("desc")
    );
    screenshot(&c, "quotes.png").await;

    session.close().await;
}
