use super::*;
use crate::Currency;
use crate::approval::DiscountReviewView;
use crate::quote::{QuoteActions, QuoteStatus};

fn line(product: u128, qty: &str, disc: &str, net: &str) -> QuoteLineView {
    QuoteLineView {
        product_id: Uuid::from_u128(product),
        sku: format!("SKU-{product}"),
        quantity: qty.into(),
        unit_price: "100.00".into(),
        discount_percent: disc.into(),
        discount_amount: "0.00".into(),
        tax_rate: "13".into(),
        net: net.into(),
        gross: net.into(),
        counts_in_totals: true,
        ..Default::default()
    }
}

fn view(number: &str, lines: Vec<QuoteLineView>, total: &str) -> QuoteView {
    QuoteView {
        id: None,
        number: Some(number.into()),
        status: QuoteStatus::Draft,
        shown_status: QuoteStatus::Draft,
        actions: QuoteActions::default(),
        customer: None,
        currency: Currency::CNY,
        issue_date: "2026-03-01".into(),
        valid_until: "2026-03-31".into(),
        notes: String::new(),
        payment_terms: String::new(),
        delivery_terms: String::new(),
        pdf_lang: None,
        revision: 0,
        revises_id: None,
        revises_number: None,
        quote_discount: QuoteDiscountDraft::None,
        lines,
        subtotal: total.into(),
        tax: "0.00".into(),
        total: total.into(),
        totals: QuoteTotalsView {
            total: total.into(),
            ..Default::default()
        },
        discount_review: DiscountReviewView::default(),
        approval: None,
        errors: Vec::new(),
        shown: Default::default(),
    }
}

#[test]
fn lines_pair_by_product_in_order() {
    let old = view(
        "Q-2026-0007",
        vec![
            line(1, "2", "0", "200.00"),
            line(2, "1", "0", "100.00"),
            line(1, "1", "0", "100.00"),
        ],
        "400.00",
    );
    let mut new = view(
        "Q-2026-0007-R1",
        vec![
            line(1, "2", "0", "200.00"),
            line(1, "3", "10", "270.00"),
            line(3, "1", "0", "100.00"),
        ],
        "570.00",
    );
    new.payment_terms = "30 days".into();
    let d = quote_diff(&old, &new);
    assert_eq!(d.to_number.as_deref(), Some("Q-2026-0007-R1"));
    assert_eq!(
        d.header,
        [FieldChange::new(
            "payment_terms",
            String::new(),
            "30 days".into()
        )]
    );
    let kinds: Vec<_> = d.lines.iter().map(|l| (l.change, l.sku.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (LineChange::Changed, "SKU-1"),
            (LineChange::Added, "SKU-3"),
            (LineChange::Removed, "SKU-2"),
        ]
    );
    let fields: Vec<_> = d.lines[0].fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["quantity", "discount_percent", "net", "gross"]);
    assert_eq!(d.lines[0].fields[0].before, "1");
    assert_eq!(d.lines[0].fields[0].after, "3");
    // Shown with thousands separators where they are figures.
    let net = &d.lines[0].fields[2];
    assert_eq!(
        (net.shown_before.as_str(), net.shown_after.as_str()),
        ("100.00", "270.00")
    );
    assert_eq!(
        (
            d.totals_before.total.as_str(),
            d.totals_after.total.as_str()
        ),
        ("400.00", "570.00")
    );
    assert!(!d.is_empty());
    assert!(quote_diff(&old, &old).is_empty());
}
