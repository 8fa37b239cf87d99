use super::*;
use crate::catalog::{CatalogEntry, LinkRequest, ProductKind, resolve_links};

#[test]
fn optional_columns_are_read_when_present() {
    let plain = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate\nA,Alpha,,pcs,1,CNY,13\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        plain[0].product.name_zh, None,
        "an absent column keeps the stored value"
    );
    assert_eq!(plain[0].product.kind, None);

    let text = "sku,name,description,unit,unit_price,currency,tax_rate,name_zh,category,active,bundle_pricing,components,accessories\n\
                A,Alpha,,pcs,1,CNY,13,甲,Parts,1,,,\n\
                KIT,Kit,,set,0,CNY,13,套件,Kits,0,sum,A*2;B*1,A\n";
    let rows = parse_products(text.as_bytes()).unwrap();
    assert_eq!(rows[0].product.name_zh.as_deref(), Some("甲"));
    assert_eq!(rows[0].product.components.as_deref(), Some(&[][..]));
    assert_eq!(rows[1].product.active, Some(false));
    assert!(rows[1].product.kind.is_some_and(ProductKind::is_bundle));
    assert_eq!(rows[1].product.components.as_ref().map(Vec::len), Some(2));

    // B is unknown: reported at row 3, column 12 (components).
    let catalog: HashMap<String, CatalogEntry> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let e = CatalogEntry {
                id: Uuid::from_u128(i as u128 + 1),
                sku: r.product.sku.clone(),
                kind: r.product.kind.unwrap_or_default(),
                components: Vec::new(),
            };
            (e.sku.clone(), e)
        })
        .collect();
    let requests: Vec<LinkRequest> = rows
        .iter()
        .map(|r| LinkRequest {
            row: r.row,
            sku: r.product.sku.clone(),
            kind: r.product.kind.unwrap_or_default(),
            components: r.product.components.clone(),
            accessories: r.product.accessories.clone(),
        })
        .collect();
    let problems = resolve_links(&requests, &catalog).unwrap_err();
    let problems: Vec<String> = link_row_problems(&rows, problems)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems, ["row 3, column 12 (components): unknown SKU B"]);

    let bad = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate,components\nKIT,Kit,,set,0,CNY,13,A*0\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        bad[0].to_string(),
        "row 2, column 8 (components): the quantity of A (\"0\") is not valid: must be greater than zero"
    );
}

#[test]
fn export_rows_name_linked_products_by_sku() {
    let id = |n| Uuid::from_u128(n);
    let p = Product {
        id: id(3),
        sku: "KIT".into(),
        name: "Kit".into(),
        description: String::new(),
        unit: "set".into(),
        unit_price: "0.00".into(),
        currency: crate::Currency::CNY,
        tax_rate: "13".into(),
        name_zh: "套件".into(),
        description_zh: String::new(),
        category: "Kits".into(),
        active: true,
        bundle_pricing: "sum".into(),
        components: vec![crate::catalog::BundleComponent {
            product_id: id(1),
            quantity: "2".into(),
        }],
        accessories: vec![id(2)],
        shown_price: String::new(),
    };
    let skus = HashMap::from([(id(1), "A".to_string()), (id(2), "B".to_string())]);
    let record = product_record(&p, &skus);
    assert_eq!(record.len(), all_product_columns().count());
    assert_eq!(&record[7..], ["套件", "", "Kits", "1", "sum", "A*2", "B"]);
}
