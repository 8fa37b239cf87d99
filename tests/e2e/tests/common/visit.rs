//! The steps of a client visit in the app, shared by the visit tests: the page helpers they need and one
//! function per step a rep takes (a new account, a contact, an opportunity, a workstream, a quote, a check-out).

use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fieldquote_e2e::{add_product, all, answer_confirm, el, send_quote, type_into, wait_text};
use serde_json::json;

/// The element matching a CSS selector, waiting up to 15 s.
pub async fn css(c: &Client, selector: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
}

/// The element with `testid` inside the technical evaluation's panel.
pub async fn technical(c: &Client, testid: &str) -> Element {
    css(
        c,
        &format!("[data-testid='workstream-technical'] [data-testid='{testid}']"),
    )
    .await
}

/// The texts of every element with `testid`, from `textContent`, whitespace folded.
pub async fn texts(c: &Client, testid: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in all(c, testid).await {
        let t = e.prop("textContent").await.unwrap().unwrap_or_default();
        out.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Wait until one of the elements with `testid` has a text that `ok` accepts, and return it.
pub async fn wait_any(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
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
pub async fn wait_count(c: &Client, testid: &str, n: usize) {
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
pub async fn set_date(c: &Client, testid: &str, day: &str) {
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
pub async fn press(c: &Client, testid: &str) {
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
pub async fn top(c: &Client) {
    tokio::time::sleep(Duration::from_millis(400)).await;
    c.execute(
        "document.activeElement && document.activeElement.blur(); document.querySelector('.content').scrollTo(0, 0);",
        vec![],
    )
    .await
    .unwrap();
}

/// Enter, as typed.
pub fn enter() -> String {
    Key::Enter.to_string()
}

/// Open the account `name` from the Accounts list, found by `search` (a part of its name).
pub async fn open_account(c: &Client, search: &str, name: &str) {
    el(c, "nav-customers").await.click().await.unwrap();
    type_into(&el(c, "customer-search").await, search).await;
    wait_text(c, "customer-row", |t| t.contains(name)).await;
    el(c, "customer-row").await.click().await.unwrap();
    wait_text(c, "account-name", |t| t == name).await;
}

/// Open the opportunity `name` from the Opportunities list.
pub async fn open_opportunity(c: &Client, name: &str) {
    el(c, "nav-opportunities").await.click().await.unwrap();
    wait_any(c, "opportunity-row", |t| t.contains(name)).await;
    for row in all(c, "opportunity-row").await {
        let text = row.prop("textContent").await.unwrap().unwrap_or_default();
        if text.contains(name) {
            row.click().await.unwrap();
            break;
        }
    }
    wait_text(c, "opportunity-title", |t| t == name).await;
}

/// A new account from the Accounts screen, classified; the list then shows it (searched by `search`).
pub async fn new_account(c: &Client, name: &str, industry: &str, region: &str, value_class: &str) {
    el(c, "nav-customers").await.click().await.unwrap();
    el(c, "customer-new").await.click().await.unwrap();
    type_into(&el(c, "customer-name").await, name).await;
    type_into(&el(c, "customer-industry").await, industry).await;
    type_into(&el(c, "customer-region").await, region).await;
    el(c, "customer-value-class")
        .await
        .select_by_value(value_class)
        .await
        .unwrap();
    el(c, "customer-save").await.click().await.unwrap();
}

/// A contact added on the open account page with its buying role and stance; Enter in the row saves it.
pub async fn add_contact(c: &Client, name: &str, email: &str, role: &str, stance: &str) {
    el(c, "contact-add").await.click().await.unwrap();
    type_into(&el(c, "contact-name").await, name).await;
    type_into(&el(c, "contact-email").await, email).await;
    el(c, "contact-role")
        .await
        .select_by_value(role)
        .await
        .unwrap();
    el(c, "contact-stance")
        .await
        .select_by_value(stance)
        .await
        .unwrap();
    el(c, "contact-name")
        .await
        .send_keys(&enter())
        .await
        .unwrap();
    wait_text(c, "account-contacts", |t| t.contains(name)).await;
}

/// Check in from the open account page: the visit starts now and shows on Today, open.
pub async fn check_in(c: &Client) {
    el(c, "account-check-in").await.click().await.unwrap();
    let times = wait_text(c, "visit-times", |t| t.starts_with("In ")).await;
    assert!(
        !times.contains("out"),
        "a visit just checked in is not checked out: {times}"
    );
    assert_eq!(
        css(c, "[data-testid='visit']")
            .await
            .attr("data-open")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
}

/// On the open opportunity, keyboard-first (Enter adds the next item): the background, pains and budget, a
/// SWOT with two strengths and a threat, saved, and one requirement.
pub async fn capture_needs(c: &Client) {
    let enter = enter();
    type_into(&el(c, "needs-background").await, "两条装配线，人工检测为主").await;
    type_into(&el(c, "needs-pains").await, "漏检率高，返工多").await;
    type_into(&el(c, "needs-budget").await, "120 万").await;
    el(c, "swot-strengths-new")
        .await
        .send_keys(&format!("本地服务团队{enter}"))
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("交付快{enter}"))
        .await
        .unwrap();
    el(c, "swot-threats-new")
        .await
        .send_keys(&format!("竞争对手报价更低{enter}"))
        .await
        .unwrap();
    wait_count(c, "swot-strengths-item", 2).await;
    wait_count(c, "swot-threats-item", 1).await;
    el(c, "needs-save").await.click().await.unwrap();
    wait_text(c, "needs-state", |t| t == "Saved").await;
    el(c, "requirement-new")
        .await
        .send_keys(&format!("支持 Profinet 通讯{enter}"))
        .await
        .unwrap();
    wait_count(c, "requirement-row", 1).await;
}

/// A new opportunity on the open account page; its page opens.
pub async fn new_opportunity(c: &Client, name: &str, value: &str) {
    el(c, "opportunity-new").await.click().await.unwrap();
    type_into(&el(c, "opportunity-name").await, name).await;
    type_into(&el(c, "opportunity-value").await, value).await;
    el(c, "opportunity-save").await.click().await.unwrap();
    wait_text(c, "opportunity-title", |t| t == name).await;
}

/// On the open opportunity: `colleague` (as the directory names them) joins, owns the technical evaluation,
/// and its checklist gets `item`.
pub async fn assign_technical(c: &Client, colleague: &str, item: &str) {
    el(c, "member-colleague")
        .await
        .select_by_label(colleague)
        .await
        .unwrap();
    el(c, "member-add").await.click().await.unwrap();
    wait_text(c, "opportunity-members", |t| t.contains(colleague)).await;
    technical(c, "workstream-setup")
        .await
        .click()
        .await
        .unwrap();
    technical(c, "workstream-owner")
        .await
        .select_by_label(colleague)
        .await
        .unwrap();
    technical(c, "workstream-item-new")
        .await
        .send_keys(&format!("{item}{}", enter()))
        .await
        .unwrap();
    wait_count(c, "workstream-item", 1).await;
}

/// The label of the option chosen in a `<select>`.
pub async fn chosen_label(c: &Client, select: &Element) -> String {
    c.execute(
        "const s = arguments[0]; return s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text;",
        vec![serde_json::to_value(select).unwrap()],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// A quote from the open opportunity with one line of `sku`, saved and sent; back on the opportunity, which
/// lists it. Returns its number.
pub async fn quote_and_send(c: &Client, account: &str, sku: &str) -> String {
    press(c, "opportunity-new-quote").await;
    wait_text(c, "quote-title", |t| !t.is_empty()).await;
    assert_eq!(
        el(c, "quote-customer")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(account),
        "a quote from an opportunity is for its account"
    );
    add_product(c, sku).await;
    el(c, "quote-save").await.click().await.unwrap();
    let number = wait_text(c, "quote-number", |t| t.starts_with("Q-")).await;
    send_quote(c).await;
    wait_text(c, "quote-status", |t| t == "Sent").await;
    el(c, "quote-back").await.click().await.unwrap();
    wait_text(c, "opportunity-quote", |t| {
        t.contains(&number) && t.contains("Sent")
    })
    .await;
    number
}

/// On the open opportunity: the client accepts its sent quote, and the opportunity is won with it.
pub async fn accept_quote(c: &Client) {
    press(c, "quote-mark-accepted").await;
    answer_confirm(c, true).await;
    wait_text(c, "opportunity-stage-badge", |t| t == "Won").await;
    wait_text(c, "opportunity-quote", |t| t.contains("Accepted")).await;
}

/// On Today: check the open visit out with its outcome and a next step due today. Returns today's date.
pub async fn check_out(c: &Client, outcome: &str, next_step: &str) -> String {
    el(c, "nav-today").await.click().await.unwrap();
    let today = wait_text(c, "today-date", |t| t.len() == 10).await;
    el(c, "visit-check-out").await.click().await.unwrap();
    type_into(&el(c, "visit-outcome").await, outcome).await;
    type_into(&el(c, "visit-next-step").await, next_step).await;
    set_date(c, "visit-next-due", &today).await;
    el(c, "visit-check-out-confirm")
        .await
        .click()
        .await
        .unwrap();
    let times = wait_text(c, "visit-times", |t| t.contains("out ")).await;
    assert!(times.starts_with("In "), "{times}");
    assert_eq!(
        css(c, "[data-testid='visit']")
            .await
            .attr("data-open")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    today
}
