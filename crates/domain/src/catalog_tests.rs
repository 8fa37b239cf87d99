use super::*;

fn entry(n: u128, sku: &str, kind: ProductKind, components: &[u128]) -> (String, CatalogEntry) {
    (
        sku.to_string(),
        CatalogEntry {
            id: Uuid::from_u128(n),
            sku: sku.to_string(),
            kind,
            components: components.iter().map(|&c| Uuid::from_u128(c)).collect(),
        },
    )
}

const SUM: ProductKind = ProductKind::Bundle(BundlePricing::SumOfComponents);

#[test]
fn kinds_and_lists_round_trip() {
    for k in [
        ProductKind::Item,
        SUM,
        ProductKind::Bundle(BundlePricing::Fixed),
    ] {
        assert_eq!(ProductKind::parse(k.code()), Some(k));
    }
    assert_eq!(
        ProductKind::parse(" Fixed "),
        Some(ProductKind::Bundle(BundlePricing::Fixed))
    );
    assert_eq!(ProductKind::parse("nested"), None);

    let list = parse_component_list(" A*2; B ;C*0.5;").unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[1].quantity.to_string(), "1");
    let text = format_component_list(
        list.iter()
            .map(|c| (c.sku.as_str(), ""))
            .zip(["2", "1", "0.5"])
            .map(|((s, _), q)| (s, q)),
    );
    assert_eq!(text, "A*2;B*1;C*0.5");
    assert!(
        parse_component_list("A*0")
            .unwrap_err()
            .contains("quantity of A")
    );
    assert!(
        parse_component_list("A*x")
            .unwrap_err()
            .contains("not a number")
    );
    assert!(parse_component_list("*2").unwrap_err().contains("no SKU"));
    assert!(parse_component_list("A;A*2").unwrap_err().contains("twice"));
    assert!(parse_component_list("").unwrap().is_empty());
    assert_eq!(parse_sku_list("X; Y").unwrap(), ["X", "Y"]);

    let components = vec![BundleComponent {
        product_id: Uuid::from_u128(7),
        quantity: "2".into(),
    }];
    let raw = encode_components(&components);
    assert_eq!(decode_components(&raw).unwrap(), components);
    assert_eq!(encode_components(&[]), "");
    assert!(
        decode_components(
            "[{\"product_id\":\"00000000-0000-0000-0000-000000000007\",\"quantity\":\"-1\"}]"
        )
        .is_err()
    );
    let ids = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
    assert_eq!(decode_accessories(&encode_accessories(&ids)).unwrap(), ids);
    assert!(decode_accessories("").unwrap().is_empty());
}

fn request(
    row: u64,
    sku: &str,
    kind: ProductKind,
    components: &str,
    accessories: &str,
) -> LinkRequest {
    LinkRequest {
        row,
        sku: sku.into(),
        kind,
        components: Some(parse_component_list(components).unwrap()),
        accessories: Some(parse_sku_list(accessories).unwrap()),
    }
}

#[test]
fn links_resolve_against_the_catalog() {
    let catalog: HashMap<_, _> = [
        entry(1, "A", ProductKind::Item, &[]),
        entry(2, "B", ProductKind::Item, &[]),
        entry(3, "KIT", SUM, &[]),
    ]
    .into_iter()
    .collect();
    let ok = resolve_links(&[request(2, "KIT", SUM, "A*2;B", "A")], &catalog).unwrap();
    let components = ok[0].components.as_ref().unwrap();
    assert_eq!(components[0].product_id, Uuid::from_u128(1));
    assert_eq!(components[0].quantity, "2");
    assert_eq!(ok[0].accessories, Some(vec![Uuid::from_u128(1)]));
}

#[test]
fn bad_links_are_reported_by_row_and_column() {
    // As it will be after the write: A becomes a bundle.
    let catalog: HashMap<_, _> = [
        entry(1, "A", SUM, &[]),
        entry(3, "KIT", SUM, &[]),
        entry(4, "KIT2", SUM, &[1]),
        entry(5, "OLD", SUM, &[1]),
    ]
    .into_iter()
    .collect();
    let problems = resolve_links(
        &[
            request(2, "KIT", SUM, "A;NOPE*2;KIT", "KIT"),
            request(3, "KIT2", SUM, "KIT*1", "ZZZ"),
            request(4, "A", SUM, "", ""),
            request(5, "X", ProductKind::Item, "A", ""),
        ],
        &catalog,
    )
    .unwrap_err();
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{} {}: {}", p.row, p.column, p.message))
        .collect();
    assert_eq!(
        text,
        [
            "2 components: A is a bundle itself: a bundle's components must be items (bundles do not nest)",
            "2 components: unknown SKU NOPE",
            "2 components: KIT is a bundle and cannot contain itself",
            "2 accessories: KIT cannot suggest itself as an accessory",
            "3 components: KIT is a bundle itself: a bundle's components must be items (bundles do not nest)",
            "3 accessories: unknown SKU ZZZ",
            "4 components: A is a bundle but lists no components",
            "4 bundle_pricing: A is a component of the bundle OLD, so it cannot be a bundle (bundles do not nest)",
            "5 components: A is a bundle itself: a bundle's components must be items (bundles do not nest)",
            "5 components: X lists components but is not a bundle: set bundle_pricing to sum or fixed",
        ]
    );
}

#[test]
fn a_sum_bundle_costs_what_its_components_cost() {
    use crate::money::{Currency, Money};
    let q = |s| Quantity::parse("q", s).unwrap();
    let cny = |minor| Money::from_minor(minor, Currency::CNY);
    // 4 × 1035.00 + 1 × 8280.00, and a third of 0.10 rounds per component like a quote line.
    assert_eq!(
        sum_of_components(
            Currency::CNY,
            [(q("4"), cny(103_500)), (q("1"), cny(828_000))]
        )
        .unwrap(),
        Some(cny(1_242_000))
    );
    assert_eq!(
        sum_of_components(Currency::CNY, [(q("0.333"), cny(10))]).unwrap(),
        Some(cny(3))
    );
    // A component in another currency cannot be added up here; no components, nothing to add.
    assert_eq!(
        sum_of_components(
            Currency::CNY,
            [(q("1"), Money::from_minor(100, Currency::USD))]
        )
        .unwrap(),
        None
    );
    assert_eq!(sum_of_components(Currency::CNY, []).unwrap(), None);
}

#[test]
fn the_catalog_shows_a_sum_bundle_at_its_components_price() {
    use crate::money::{Currency, Money};
    let product = |pricing: &str, price: &str| Product {
        id: Uuid::nil(),
        sku: "KIT".into(),
        name: "Kit".into(),
        description: String::new(),
        unit: "set".into(),
        unit_price: price.into(),
        currency: Currency::CNY,
        tax_rate: "13".into(),
        name_zh: String::new(),
        description_zh: String::new(),
        category: String::new(),
        active: true,
        bundle_pricing: pricing.into(),
        components: vec![],
        accessories: vec![],
        shown_price: String::new(),
    };
    let sum = Some(Money::from_minor(1_242_000, Currency::CNY));
    assert_eq!(
        product("sum", "0.00").with_shown_price(sum).shown_price,
        "CNY 12,420.00"
    );
    assert_eq!(
        product("sum", "0.00").with_shown_price(None).shown_price,
        ""
    );
    assert_eq!(
        product("fixed", "9800.00")
            .with_shown_price(sum)
            .shown_price,
        "CNY 9,800.00"
    );
    assert_eq!(
        product("", "3880.00").with_shown_price(None).shown_price,
        "CNY 3,880.00"
    );
}
