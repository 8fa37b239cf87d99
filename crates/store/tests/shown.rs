//! What the screens show of a quote and the catalog, on a real SQLite file with the demo data: figures
//! written by `domain::format`, the presentation of the lines and totals, and what the largest discount is
//! made of.
#![allow(clippy::unwrap_used)]

use fieldquote_domain::format;
use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, TotalsRowKind};
use fieldquote_store::{Origin, Store};
use uuid::Uuid;

async fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fieldquote_store::demo::load(&store).await.unwrap();
    (dir, store)
}

async fn id(store: &Store, sku: &str) -> Uuid {
    store
        .list_products(sku)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.sku == sku)
        .unwrap()
        .id
}

fn line(product_id: Uuid, qty: &str, discount: &str) -> QuoteLineDraft {
    QuoteLineDraft {
        product_id,
        quantity: qty.into(),
        discount_percent: discount.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_largest_discount_names_its_line_and_what_it_is_made_of() {
    let (_dir, store) = demo().await;
    let customer = store
        .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
            fieldquote_domain::account::AccountFilter::text(""),
        ))
        .await
        .unwrap()
        .rows
        .remove(0)
        .id;
    let (plc, plc_big, eng) = (
        id(&store, "PLC-S7-1200").await,
        id(&store, "PLC-S7-1500").await,
        id(&store, "SVC-ENG-HR").await,
    );
    // Line 0 is invalid (not priced), so the reviewed lines start at line 1: the breakdown must still name
    // the draft's line 2.
    let draft = QuoteDraft {
        customer_id: Some(customer),
        quote_discount: QuoteDiscountDraft::Percent { value: "5".into() },
        lines: vec![
            line(plc, "two", "0"),
            line(eng, "1", "10"),
            line(plc_big, "2", "20"),
        ],
        ..Default::default()
    };
    let view = store.preview_quote(&draft).await.unwrap();
    let review = &view.discount_review;
    assert!(review.needs_approval);
    assert_eq!(review.lines_over_limit, [2]);
    let largest = review.largest.as_ref().unwrap();
    assert_eq!(largest.line, 2);
    assert_eq!(
        (
            largest.effective.as_str(),
            largest.own.as_str(),
            largest.quote_discount.as_str(),
            largest.quote_share.as_str()
        ),
        ("24", "20", "5", "4")
    );
    assert_eq!(review.max_line_discount, "24");

    // The figures as shown: 2 × 18 600.00 at 20 % = 29 760.00, the line's own amount; the quote discount is
    // a row of the totals: 5 % of 30 372.00.
    let shown = &view.lines[2].shown;
    assert_eq!(
        (shown.unit_price.as_str(), shown.amount.as_str()),
        ("18,600.00", "29,760.00")
    );
    assert_eq!(view.lines[1].shown.amount, "612.00");
    let rows: Vec<(TotalsRowKind, &str)> = view
        .shown
        .totals
        .iter()
        .map(|r| (r.kind, r.value.as_str()))
        .collect();
    assert_eq!(rows[0], (TotalsRowKind::LinesTotal, "CNY 30,372.00"));
    assert_eq!(rows[1], (TotalsRowKind::QuoteDiscount, "-CNY 1,518.60"));
    assert_eq!(rows[2], (TotalsRowKind::Subtotal, "CNY 28,853.40"));
    let total = view.shown.totals.last().unwrap();
    assert_eq!(total.kind, TotalsRowKind::Total);
    assert_eq!(
        total.value,
        format::money_text(view.currency, &view.totals.total)
    );
    assert_eq!(view.totals.shown.total, total.value);

    // Saved (without the invalid line), the list and the approvals show the same total string.
    let mut valid = draft.clone();
    valid.lines.remove(0);
    let saved = store.save_quote(&valid, Origin::Ui).await.unwrap();
    assert_eq!(saved.discount_review.largest.as_ref().unwrap().line, 1);
    let listed = store.list_quotes("").await.unwrap();
    let row = listed.iter().find(|q| Some(q.id) == saved.id).unwrap();
    assert_eq!(row.shown_total, total.value);
    let waiting = store.pending_approvals().await.unwrap();
    let waiting = waiting
        .iter()
        .find(|q| Some(q.quote_id) == saved.id)
        .unwrap();
    assert_eq!(waiting.shown_total, total.value);
}

#[tokio::test]
async fn a_new_quote_shows_the_validity_it_saves() {
    let (_dir, store) = demo().await;
    let view = store.preview_quote(&QuoteDraft::default()).await.unwrap();
    let issued = chrono::NaiveDate::parse_from_str(&view.issue_date, "%Y-%m-%d").unwrap();
    let until = chrono::NaiveDate::parse_from_str(&view.valid_until, "%Y-%m-%d").unwrap();
    assert_eq!((until - issued).num_days(), 30);
    assert_eq!(view.valid_until, format::date(until));
}

#[tokio::test]
async fn the_catalog_shows_a_sum_bundle_at_the_price_of_its_components() {
    let (_dir, store) = demo().await;
    let products = store.list_products("KIT-").await.unwrap();
    let servo = products.iter().find(|p| p.sku == "KIT-SERVO-1K").unwrap();
    // 4 280.00 + 3 160.00 + 420.00
    assert_eq!(servo.unit_price, "0.00");
    assert_eq!(servo.shown_price, "CNY 7,860.00");
    let starter = products.iter().find(|p| p.sku == "KIT-PLC-START").unwrap();
    assert_eq!(starter.shown_price, "CNY 8,200.00");
    let one = store.get_product(servo.id).await.unwrap();
    assert_eq!(one.shown_price, servo.shown_price);
}
