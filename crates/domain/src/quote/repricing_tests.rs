use super::*;
use crate::quote::{LinePriceView, QuoteLineKind};
use uuid::Uuid;

fn line(
    sku: &str,
    kind: QuoteLineKind,
    pricing: &str,
    unit: &str,
    source_unit: &str,
) -> QuoteLineView {
    QuoteLineView {
        id: Some(Uuid::from_u128(sku.len() as u128)),
        sku: sku.into(),
        kind,
        bundle_pricing: pricing.into(),
        unit_price: unit.into(),
        net: unit.into(),
        price: LinePriceView {
            source_currency: "CNY".into(),
            source_unit_price: source_unit.into(),
            ..LinePriceView::default()
        },
        ..QuoteLineView::default()
    }
}

#[test]
fn a_sum_bundle_has_no_price_of_its_own_to_change() {
    // The sum bundle's recorded price is its components' sum (31 440.00); priced anew from the catalog, the
    // bundle product's own price (0.00) is what it would record. Its shown price does not change.
    let old = line(
        "KIT-SERVO-1K",
        QuoteLineKind::Bundle,
        "sum",
        "31440.00",
        "31440.00",
    );
    let new = line(
        "KIT-SERVO-1K",
        QuoteLineKind::Bundle,
        "sum",
        "31440.00",
        "0.00",
    );
    assert!(!price_changes(&old, &new));
    // The same difference on a line priced by itself is a change.
    for (kind, pricing) in [
        (QuoteLineKind::Bundle, "fixed"),
        (QuoteLineKind::Item, ""),
        (QuoteLineKind::Component, ""),
    ] {
        let old = line("X", kind, pricing, "100.00", "100.00");
        let new = line("X", kind, pricing, "100.00", "90.00");
        assert!(price_changes(&old, &new), "{kind:?} {pricing}");
        assert!(!price_changes(&old, &old.clone()), "{kind:?} {pricing}");
    }
    let mut inclusive = line("X", QuoteLineKind::Item, "", "100.00", "100.00");
    inclusive.price.tax_inclusive = true;
    assert!(price_changes(
        &line("X", QuoteLineKind::Item, "", "100.00", "100.00"),
        &inclusive
    ));
}

fn view(lines: Vec<QuoteLineView>) -> QuoteView {
    serde_json::from_value::<QuoteView>(serde_json::json!({
        "id": null, "number": null, "status": "draft", "shown_status": "draft", "customer": null,
        "actions": crate::quote::QuoteActions::default(),
        "currency": "CNY", "issue_date": "2026-12-05", "valid_until": "2027-01-04", "notes": "",
        "payment_terms": "", "delivery_terms": "", "revision": 0, "revises_id": null,
        "revises_number": null, "quote_discount": {"kind": "none"}, "lines": [], "subtotal": "0.00",
        "tax": "0.00", "total": "0.00", "totals": QuoteTotalsView::default(),
        "discount_review": crate::approval::DiscountReviewView::default(), "approval": null, "errors": []
    }))
    .map(|mut v| {
        v.lines = lines;
        v
    })
    .unwrap()
}

#[test]
fn the_lines_that_would_change_and_the_offer_they_make() {
    let list = Uuid::from_u128(7);
    let bundle = line("KIT", QuoteLineKind::Bundle, "sum", "300.00", "300.00");
    let part_a = line("PART-A", QuoteLineKind::Component, "", "100.00", "100.00");
    let part_b = line("PART-BB", QuoteLineKind::Component, "", "200.00", "200.00");
    let mut unsaved = line("NEW", QuoteLineKind::Item, "", "5.00", "5.00");
    unsaved.id = None;
    let before = view(vec![
        bundle.clone(),
        part_a.clone(),
        part_b.clone(),
        unsaved.clone(),
    ]);
    let mut new_a = line("PART-A", QuoteLineKind::Component, "", "90.00", "90.00");
    new_a.price.source = PriceSource::PriceList {
        list_id: list,
        version: 2,
    };
    let mut new_bundle = bundle.clone();
    new_bundle.price.source_unit_price = "0.00".into();
    let mut new_unsaved = unsaved.clone();
    new_unsaved.unit_price = "4.00".into();
    let after = view(vec![new_bundle, new_a, part_b, new_unsaved]);
    let lines = repriced_lines(&before, &after);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!((lines[0].position, lines[0].sku.as_str()), (1, "PART-A"));
    assert_eq!(
        (
            lines[0].old_unit_price.as_str(),
            lines[0].new_unit_price.as_str()
        ),
        ("100.00", "90.00")
    );
    assert_eq!(
        (lines[0].old_list_version, lines[0].new_list_version),
        (None, Some(2))
    );

    let repricing = RepricingView {
        quote_id: Uuid::nil(),
        number: "Q-2026-0004".into(),
        currency: Currency::CNY,
        can_reprice: true,
        lines,
        before: QuoteTotalsView::default(),
        after: QuoteTotalsView::default(),
        kept: false,
        prompt: false,
    };
    let offer = repricing.offer();
    assert_eq!(offer, format!("PART-A\t{list}@2\t90.00"));
    let asked = repricing.clone().with_declined(None);
    assert!(asked.prompt && !asked.kept);
    let kept = repricing.clone().with_declined(Some(&offer));
    assert!(!kept.prompt && kept.kept, "kept for this offer");
    let newer = repricing
        .clone()
        .with_declined(Some(&format!("PART-A\t{list}@1\t95.00")));
    assert!(
        newer.prompt && !newer.kept,
        "a newer list version asks again"
    );
    let frozen = RepricingView {
        can_reprice: false,
        ..repricing.clone()
    }
    .with_declined(None);
    assert!(!frozen.prompt);
    let nothing = RepricingView {
        lines: vec![],
        ..repricing
    }
    .with_declined(Some(""));
    assert!(!nothing.prompt && !nothing.kept);
}
