use super::*;

#[test]
fn line_draft_errors_name_the_line() {
    let line = QuoteLineDraft {
        id: None,
        product_id: Uuid::nil(),
        quantity: "-2".into(),
        discount_percent: "120".into(),
        ..Default::default()
    };
    let errors = line.parse(3).unwrap_err();
    assert_eq!(errors[0].field, "lines[3].quantity");
    assert_eq!(errors[0].kind, FieldErrorKind::MustBePositive);
    assert_eq!(errors[1].field, "lines[3].discount_percent");
}

fn draft_line(kind: QuoteLineKind, parent: Option<u32>, product: u128) -> QuoteLineDraft {
    QuoteLineDraft {
        product_id: Uuid::from_u128(product),
        quantity: "1".into(),
        kind,
        parent,
        ..Default::default()
    }
}

#[test]
fn removing_a_bundle_line_removes_its_components() {
    use QuoteLineKind::{Bundle, Component, Item};
    let mut draft = QuoteDraft {
        lines: vec![
            draft_line(Item, None, 1),
            draft_line(Bundle, None, 2),
            draft_line(Component, Some(1), 3),
            draft_line(Component, Some(1), 4),
            draft_line(Bundle, None, 5),
            draft_line(Component, Some(4), 6),
        ],
        ..Default::default()
    };
    draft.remove_line(1);
    let left: Vec<_> = draft
        .lines
        .iter()
        .map(|l| (l.product_id.as_u128(), l.parent))
        .collect();
    assert_eq!(left, [(1, None), (5, None), (6, Some(1))]);
    draft.remove_line(2);
    assert_eq!(draft.lines.len(), 2, "a component goes alone");
    draft.remove_line(9);
    assert_eq!(draft.lines.len(), 2);
    // Older drafts without kinds still parse.
    let old: QuoteLineDraft = serde_json::from_str(
        r#"{"id":null,"product_id":"00000000-0000-0000-0000-000000000001","quantity":"1","discount_percent":""}"#,
    )
    .unwrap();
    assert_eq!((old.kind, old.parent), (Item, None));
}

#[test]
fn a_sum_bundle_takes_no_discount_of_its_own() {
    use crate::money::Money;
    use crate::pricing::{BundlePricing, LineKind};
    let sum = LineKind::Bundle(BundlePricing::SumOfComponents);
    let ten = Percent::parse("d", "10").ok();
    let amount = Some(Money::from_minor(100, crate::Currency::CNY));
    let e = check_own_discount(2, sum, ten, None).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.kind),
        ("lines[2].discount_percent", FieldErrorKind::BundleDiscount)
    );
    assert!(check_own_discount(2, sum, None, amount).is_err());
    assert!(check_own_discount(2, sum, Some(Percent::ZERO), None).is_ok());
    assert!(check_own_discount(2, sum, None, None).is_ok());
    for kind in [
        LineKind::Item,
        LineKind::Bundle(BundlePricing::Fixed),
        LineKind::Component { parent: 0 },
    ] {
        assert!(check_own_discount(0, kind, ten, amount).is_ok(), "{kind:?}");
    }
}

#[test]
fn a_draft_names_its_pdf_language_by_code_or_leaves_it_to_the_default() {
    let draft = |lang: serde_json::Value| {
        serde_json::from_value::<QuoteDraft>(serde_json::json!({
            "id": null, "customer_id": null, "notes": "", "lines": [], "pdf_lang": lang,
        }))
    };
    assert_eq!(draft(serde_json::json!(null)).unwrap().pdf_lang, None);
    assert_eq!(
        draft(serde_json::json!("bilingual")).unwrap().pdf_lang,
        Some(PdfLanguage::Bilingual)
    );
    // An editor that predates the choice sends none; a language nobody prints in is refused whole.
    let old: QuoteDraft =
        serde_json::from_str(r#"{"id":null,"customer_id":null,"notes":"","lines":[]}"#).unwrap();
    assert_eq!(old.pdf_lang, None);
    assert!(draft(serde_json::json!("fr")).is_err());
}
