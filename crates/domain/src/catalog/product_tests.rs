use super::*;

#[test]
fn product_validation() {
    let p = ProductInput {
        sku: "PLC-200".into(),
        name: "PLC 控制器".into(),
        description: String::new(),
        unit: "台".into(),
        unit_price: "3880.00".into(),
        currency: "CNY".into(),
        tax_rate: "13".into(),
        ..Default::default()
    };
    let v = p.validate().unwrap();
    assert_eq!(
        (v.active, v.kind, v.components.as_ref()),
        (None, None, None)
    );
    let bundle = ProductInput {
        sku: "KIT".into(),
        name_zh: Some("套件".into()),
        active: Some("no".into()),
        bundle_pricing: Some("Sum".into()),
        components: Some("A*2;B".into()),
        accessories: Some("C".into()),
        ..p.clone()
    }
    .validate()
    .unwrap();
    assert_eq!(bundle.active, Some(false));
    assert_eq!(
        bundle.kind,
        Some(ProductKind::Bundle(
            crate::pricing::BundlePricing::SumOfComponents
        ))
    );
    assert_eq!(bundle.components.map(|c| c.len()), Some(2));
    let bad = ProductInput {
        active: Some("maybe".into()),
        bundle_pricing: Some("nested".into()),
        components: Some("A*-1".into()),
        ..p.clone()
    }
    .validate()
    .unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["active", "bundle_pricing", "components"]);
    assert!(bad[2].to_string().contains("quantity of A"), "{}", bad[2]);
    assert_eq!(v.unit_price.minor(), 388_000);
    let bad = ProductInput {
        unit_price: "-1".into(),
        currency: "XXX".into(),
        ..p
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(
        errors.len(),
        1,
        "price is not checked without a currency: {errors:?}"
    );
    assert_eq!(errors[0].kind, FieldErrorKind::UnknownCurrency);
}
