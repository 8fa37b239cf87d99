use super::*;
use crate::quote::QuoteLineKind;

fn line(product: u128, kind: QuoteLineKind, parent: Option<u32>, qty: &str) -> QuoteLineView {
    QuoteLineView {
        product_id: Uuid::from_u128(product),
        sku: format!("SKU-{product}"),
        quantity: qty.into(),
        kind,
        parent,
        ..Default::default()
    }
}

fn quote(lines: Vec<QuoteLineView>) -> QuoteView {
    serde_json::from_value::<QuoteView>(serde_json::json!({
        "id": null, "number": null, "status": "draft", "shown_status": "draft", "customer": null,
        "actions": crate::quote::QuoteActions::default(),
        "currency": "CNY", "issue_date": "", "valid_until": "", "notes": "", "payment_terms": "",
        "delivery_terms": "", "revision": 0, "revises_id": null, "revises_number": null,
        "quote_discount": {"kind": "none"}, "lines": [], "subtotal": "", "tax": "", "total": "",
        "totals": {"lines_total": "", "quote_discount": "", "subtotal": "", "tax": "", "total": "",
                   "tax_by_rate": [], "total_in_capitals": null},
        "discount_review": {"needs_approval": false, "limit": "", "max_line_discount": "",
                            "quote_discount": "", "lines_over_limit": []},
        "approval": null, "errors": []
    }))
    .map(|mut q| {
        q.lines = lines;
        q
    })
    .unwrap()
}

#[test]
fn components_pair_within_their_bundle() {
    use QuoteLineKind::{Bundle, Component, Item};
    let old = quote(vec![
        line(1, Bundle, None, "1"),
        line(2, Component, Some(0), "2"),
        line(2, Item, None, "1"),
    ]);
    // The same part, now more of it in the bundle, and the loose one moved into a second bundle.
    let new = quote(vec![
        line(1, Bundle, None, "1"),
        line(2, Component, Some(0), "3"),
        line(5, Bundle, None, "1"),
        line(2, Component, Some(2), "1"),
    ]);
    let d = quote_diff(&old, &new);
    let summary: Vec<(LineChange, &str, &str)> = d
        .lines
        .iter()
        .map(|l| (l.change, l.sku.as_str(), l.bundle.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (LineChange::Changed, "SKU-2", "SKU-1"),
            (LineChange::Added, "SKU-5", ""),
            (LineChange::Added, "SKU-2", "SKU-5"),
            (LineChange::Removed, "SKU-2", ""),
        ]
    );
    assert_eq!(d.lines[0].fields[0].field, "quantity");
}
