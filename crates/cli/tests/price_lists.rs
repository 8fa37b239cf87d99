//! `fq` and price lists: import and export, assignment to a customer, exchange rates, a quote's price sources
//! and re-pricing.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_store::{Origin, Store};

mod fq;
use fq::{db_bytes, fails_with, ok, ok_json};

const HEADER: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

/// A customer and two products (one priced in USD).
async fn setup(dir: &Path) {
    let store = Store::open(dir).await.unwrap();
    store
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    for (sku, price, currency) in [("PLC", "3880.00", "CNY"), ("SENSOR", "100.00", "USD")] {
        store
            .upsert_product(
                &ProductInput {
                    sku: sku.into(),
                    name: sku.into(),
                    description: String::new(),
                    unit: "pcs".into(),
                    unit_price: price.into(),
                    currency: currency.into(),
                    tax_rate: "13".into(),
                    ..Default::default()
                },
                Origin::Cli,
            )
            .await
            .unwrap();
    }
    store.close().await.unwrap();
}

/// A new draft for 苏州精工 with these (SKU, quantity) lines; returns its number.
async fn quote(dir: &Path, lines: &[(&str, &str)]) -> String {
    let store = Store::open(dir).await.unwrap();
    let c = store
        .find_account_by_name("苏州精工")
        .await
        .unwrap()
        .unwrap();
    let products = store.all_products().await.unwrap();
    let lines = lines
        .iter()
        .map(|(sku, qty)| QuoteLineDraft {
            product_id: products.iter().find(|p| p.sku == *sku).unwrap().id,
            quantity: (*qty).into(),
            discount_percent: "0".into(),
            ..Default::default()
        })
        .collect();
    let q = store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(c.id),
                lines,
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    store.close().await.unwrap();
    q.number.unwrap()
}

#[tokio::test]
async fn price_lists_from_import_to_reprice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("data");
    setup(&d).await;
    let csv = dir.path().join("lists.csv");
    let path = csv.to_str().unwrap();

    // A malformed file: every problem by row and column, not a byte of the database changed.
    std::fs::write(
        &csv,
        format!(
            "{HEADER}VIP,CNY,yes,2020-01-01,,no,PLC,0,3500.00\n\
             VIP,CNY,no,2020-01-01,,no,PLC,10,abc\n"
        ),
    )
    .unwrap();
    let before = db_bytes(&d);
    fails_with(
        &d,
        &["import", "pricelist", path],
        &[
            "nothing was imported",
            "row 3, column 3 (tax_inclusive)",
            "row 3, column 9 (unit_price)",
        ],
    );
    assert!(
        db_bytes(&d) == before,
        "a refused file changes no byte of the database"
    );
    // An unknown SKU is found against the catalog: refused the same way.
    std::fs::write(
        &csv,
        format!("{HEADER}VIP,CNY,yes,2020-01-01,,no,NOPE,0,1.00\n"),
    )
    .unwrap();
    fails_with(
        &d,
        &["import", "pricelist", path],
        &["row 2, column 7 (sku): unknown SKU NOPE"],
    );
    assert!(
        db_bytes(&d) == before,
        "a refused file changes no byte of the database"
    );

    std::fs::write(
        &csv,
        format!(
            "{HEADER}VIP,CNY,yes,2020-01-01,,no,PLC,0,3500.00\n\
             VIP,CNY,yes,2020-01-01,,no,PLC,10,3300.00\n\
             Standard,CNY,no,2020-01-01,,yes,PLC,0,3700.00\n"
        ),
    )
    .unwrap();
    let said = ok(&d, &["import", "pricelist", path]);
    assert!(
        said.contains("Imported 2 price lists (3 prices)") && said.contains("2 new"),
        "{said}"
    );
    let lists = ok_json(&d, &["price-list", "list", "--format", "json"]);
    assert_eq!(lists.as_array().unwrap().len(), 2);
    assert_eq!(lists[0]["name"], "Standard");
    assert_eq!(lists[0]["is_default"], true);

    // Export and import the export: nothing changes.
    let exported = dir.path().join("export.csv");
    ok(
        &d,
        &["export", "pricelist", "--out", exported.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.starts_with(HEADER) && text.contains("VIP,CNY,yes,2020-01-01,,no,PLC,10,3300.00"),
        "{text}"
    );
    let said = ok(&d, &["import", "pricelist", exported.to_str().unwrap()]);
    assert!(said.contains("0 new, 0 updated, 2 unchanged"), "{said}");
    assert_eq!(ok(&d, &["export", "pricelist"]), text);

    // The customer's list prices its new lines; the quote says where each price came from.
    let said = ok(&d, &["customer", "price-list", "苏州精工", "VIP"]);
    assert!(
        said.contains("苏州精工 now gets prices from VIP (version 1)"),
        "{said}"
    );
    fails_with(
        &d,
        &["customer", "price-list", "苏州精工", "Nope"],
        &["price list not found: Nope"],
    );
    fails_with(
        &d,
        &["customer", "price-list", "Nobody", "VIP"],
        &["account not found: Nobody"],
    );
    let number = quote(&d, &[("PLC", "2")]).await;
    let shown = ok_json(&d, &["quote", "show", &number, "--format", "json"]);
    let line = &shown["lines"][0];
    assert_eq!(line["unit_price"], "3500.00");
    assert_eq!(line["price"]["source"]["kind"], "price_list");
    assert_eq!(line["price"]["source"]["version"], 1);
    assert_eq!(line["price"]["price_list_name"], "VIP");
    assert_eq!(line["price"]["tax_inclusive"], true);
    assert_eq!(line["gross"], "7000.00");
    assert!(ok(&d, &["quote", "show", &number]).contains("VIP v1, incl. tax"));

    // Exchange rates: checked, shown, and recorded on a converted line.
    fails_with(
        &d,
        &["settings", "exchange-rate", "USD", "CNY", "abc"],
        &["rate: not a number"],
    );
    fails_with(
        &d,
        &["settings", "exchange-rate", "USD", "XYZ", "7"],
        &["unknown currency"],
    );
    ok(&d, &["settings", "exchange-rate", "USD", "CNY", "7.1"]);
    let settings = ok_json(&d, &["settings", "show", "--format", "json"]);
    assert_eq!(settings["exchange_rates"][0]["rate"], "7.1");
    let usd = quote(&d, &[("SENSOR", "1")]).await;
    let shown = ok_json(&d, &["quote", "show", &usd, "--format", "json"]);
    assert_eq!(shown["lines"][0]["unit_price"], "710.00");
    assert_eq!(shown["lines"][0]["price"]["source"]["kind"], "base_price");
    assert_eq!(shown["lines"][0]["price"]["exchange_rate"], "7.1");
    assert_eq!(shown["lines"][0]["price"]["source_unit_price"], "100.00");

    // A new version of VIP: --check shows the change, reprice applies it.
    std::fs::write(
        &csv,
        format!(
            "{HEADER}VIP,CNY,yes,2020-01-01,,no,PLC,0,3450.00\n\
             VIP,CNY,yes,2020-01-01,,no,PLC,10,3300.00\n"
        ),
    )
    .unwrap();
    assert!(ok(&d, &["import", "pricelist", path]).contains("1 updated"));
    let check = ok_json(
        &d,
        &["quote", "reprice", &number, "--check", "--format", "json"],
    );
    assert_eq!(check["lines"].as_array().unwrap().len(), 1);
    assert_eq!(check["lines"][0]["old_unit_price"], "3500.00");
    assert_eq!(check["lines"][0]["new_unit_price"], "3450.00");
    assert_eq!(check["lines"][0]["new_list_version"], 2);
    assert_eq!(check["after"]["total"], "6900.00");
    let table = ok(&d, &["quote", "reprice", &number, "--check"]);
    assert!(
        table.contains("3500.00 -> 3450.00") && table.contains("v1 -> v2"),
        "{table}"
    );
    // --check changed nothing.
    assert_eq!(
        ok_json(&d, &["quote", "show", &number, "--format", "json"])["total"],
        "7000.00"
    );
    let said = ok(&d, &["quote", "reprice", &number]);
    assert!(said.contains("Re-priced 1 line(s)"), "{said}");
    let shown = ok_json(&d, &["quote", "show", &number, "--format", "json"]);
    assert_eq!(shown["total"], "6900.00");
    assert_eq!(shown["lines"][0]["price"]["source"]["version"], 2);
    assert!(ok(&d, &["quote", "reprice", &number]).contains("nothing to re-price"));

    // Sent: never re-priced.
    ok(&d, &["quote", "send", &number]);
    fails_with(
        &d,
        &["quote", "reprice", &number],
        &["has been sent and can no longer be changed"],
    );
    assert!(ok(&d, &["quote", "reprice", &number, "--check"]).contains("can no longer change"));
    assert_eq!(
        ok_json(&d, &["quote", "show", &number, "--format", "json"])["total"],
        "6900.00"
    );

    // Back to no list of its own.
    let said = ok(&d, &["customer", "price-list", "苏州精工", "--none"]);
    assert!(said.contains("the default list applies"), "{said}");
}
