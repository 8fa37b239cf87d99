//! Bundles (solution modules) and the catalog's fields on real SQLite files: catalog imports with
//! components and accessories, quotes with sum and fixed bundles and options, revisions, and every refused
//! structure leaving the database as it was.
#![allow(clippy::unwrap_used)]

use fieldquote_domain::DomainError;
use fieldquote_domain::FieldErrorKind;
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::catalog::{Product, ProductInput};
use fieldquote_domain::import::parse_products;
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricingInput, PricingLine, QuoteDiscount, price,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft, QuoteLineKind, QuoteView};
use fieldquote_domain::validation::{Percent, Quantity};
use fieldquote_domain::{Currency, Money};
use fieldquote_store::{Origin, Store, StoreError};
use uuid::Uuid;

const CATALOG: &str = "\
sku,name,description,unit,unit_price,currency,tax_rate,name_zh,category,active,bundle_pricing,components,accessories
DRV,Servo drive,,pcs,4280.00,CNY,13,伺服驱动器,Servo,1,,,
MOT,Servo motor,,pcs,3160.00,CNY,13,伺服电机,Servo,1,,,
CBL,Servo cable 5 m,,set,420.00,CNY,13,伺服电缆,Servo,1,,,
ENC,Encoder,,pcs,610.00,CNY,13,编码器,Sensors,1,,,
OLD,Retired sensor,,pcs,99.00,CNY,13,旧传感器,Sensors,0,,,
SVC,Commissioning,,day,2800.00,CNY,6,现场调试,Services,1,,,
AXIS,Servo axis kit,,set,0.00,CNY,13,伺服轴套装,Kits,1,sum,DRV*1;MOT*1;CBL*2,ENC;SVC
START,Starter kit,,set,8200.00,CNY,13,入门套装,Kits,1,fixed,DRV;ENC*2,
";

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    customer: Uuid,
}

impl Fixture {
    async fn id(&self, sku: &str) -> Uuid {
        self.store
            .all_products()
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.sku == sku)
            .unwrap()
            .id
    }

    /// The lines of `qty` of the product `sku`, appended to `draft`.
    async fn add(&self, draft: &mut QuoteDraft, sku: &str, qty: &str) {
        let lines = self
            .store
            .lines_for_product(self.id(sku).await, qty)
            .await
            .unwrap();
        draft.push_lines(lines);
    }

    fn draft(&self) -> QuoteDraft {
        QuoteDraft {
            customer_id: Some(self.customer),
            ..Default::default()
        }
    }
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let rows = parse_products(CATALOG.as_bytes()).unwrap();
    let report = store.import_products(&rows, Origin::Import).await.unwrap();
    assert_eq!(report.created, 8);
    let customer = store
        .create_account(
            &AccountInput {
                name: "苏州精工自动化有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    Fixture {
        _dir: dir,
        store,
        customer,
    }
}

/// What a refused write must leave: the same outbox and the same quotes.
async fn snapshot(store: &Store) -> (u64, usize, Vec<String>) {
    let quotes = store.list_quotes("").await.unwrap();
    let products = store.all_products().await.unwrap();
    (
        store.pending_changes().await.unwrap(),
        quotes.len(),
        products
            .iter()
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>(),
    )
}

#[tokio::test]
async fn the_catalog_holds_bundles_accessories_and_chinese_names() {
    let f = fixture().await;
    let products = f.store.all_products().await.unwrap();
    let axis = products.iter().find(|p| p.sku == "AXIS").unwrap();
    assert_eq!(axis.name_zh, "伺服轴套装");
    assert_eq!(axis.category, "Kits");
    assert_eq!(axis.bundle_pricing, "sum");
    // The catalog shows a sum bundle at what its components cost: 4280.00 + 3160.00 + 2 × 420.00.
    assert_eq!(axis.unit_price, "0.00");
    assert_eq!(axis.shown_price, "CNY 8,280.00");
    let start = products.iter().find(|p| p.sku == "START").unwrap();
    assert_eq!(
        start.shown_price, "CNY 8,200.00",
        "a fixed bundle's own price"
    );
    let parts: Vec<(Uuid, &str)> = axis
        .components
        .iter()
        .map(|c| (c.product_id, c.quantity.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (f.id("DRV").await, "1"),
            (f.id("MOT").await, "1"),
            (f.id("CBL").await, "2")
        ]
    );
    let suggested: Vec<String> = f
        .store
        .suggested_accessories(axis.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.sku)
        .collect();
    assert_eq!(suggested, ["ENC", "SVC"]);
    assert!(!products.iter().find(|p| p.sku == "OLD").unwrap().active);
    // Search finds Chinese names and categories.
    let found = f.store.list_products("伺服").await.unwrap();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(f.store.list_products("Kits").await.unwrap().len(), 2);

    // A file with only the first seven columns changes prices and keeps the rest.
    let plain = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate\nAXIS,Servo axis kit,,set,0.00,CNY,13\nDRV,Servo drive,,pcs,4300.00,CNY,13\n"
            .as_bytes(),
    )
    .unwrap();
    let report = f
        .store
        .import_products(&plain, Origin::Import)
        .await
        .unwrap();
    assert_eq!((report.updated, report.unchanged), (1, 1));
    let again = f.store.get_product(axis.id).await.unwrap();
    // The drive's new price shows in the bundle's sum; nothing else of the bundle changed.
    assert_eq!(again.shown_price, "CNY 8,300.00");
    assert_eq!(
        Product {
            shown_price: axis.shown_price.clone(),
            ..again
        },
        *axis
    );
    let listed = f.store.list_products("AXIS").await.unwrap();
    assert_eq!(listed[0].shown_price, "CNY 8,300.00");

    // A bundle made an item loses its components.
    let unbundle = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing\nSTART,Starter kit,,set,8200.00,CNY,13,\n"
            .as_bytes(),
    )
    .unwrap();
    f.store
        .import_products(&unbundle, Origin::Import)
        .await
        .unwrap();
    let start = f.store.get_product(f.id("START").await).await.unwrap();
    assert_eq!(
        (start.bundle_pricing.as_str(), start.components.len()),
        ("", 0)
    );
}

#[tokio::test]
async fn a_file_with_bad_links_is_refused_whole_with_rows_and_columns() {
    let f = fixture().await;
    let before = snapshot(&f.store).await;
    let file = "\
sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components,accessories
NEW,New part,,pcs,1.00,CNY,13,,,
KIT2,Kit of kits,,set,0,CNY,13,sum,AXIS*1;NEW*2,
SELF,Self kit,,set,0,CNY,13,fixed,SELF*1,
GHOST,Ghost kit,,set,0,CNY,13,sum,NOPE*3,SELF
DRV,Servo drive,,pcs,4280.00,CNY,13,sum,MOT,
";
    let rows = parse_products(file.as_bytes()).unwrap();
    let err = f
        .store
        .import_products(&rows, Origin::Import)
        .await
        .unwrap_err();
    let StoreError::Domain(DomainError::InvalidRows(problems)) = err else {
        panic!("{err:?}");
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "row 3, column 9 (components): AXIS is a bundle itself: a bundle's components must be items (bundles do not nest)",
            "row 4, column 9 (components): SELF is a bundle and cannot contain itself",
            "row 5, column 9 (components): unknown SKU NOPE",
            "row 6, column 8 (bundle_pricing): DRV is a component of the bundle AXIS, so it cannot be a bundle (bundles do not nest)",
            "row 6, column 8 (bundle_pricing): DRV is a component of the bundle START, so it cannot be a bundle (bundles do not nest)",
        ]
    );
    assert_eq!(snapshot(&f.store).await, before, "nothing was written");

    // A bad quantity is caught while reading the file.
    let bad = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components\nK,Kit,,set,0,CNY,13,sum,DRV*-2\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(bad[0].row, 2);
    assert_eq!(bad[0].column, Some((9, "components".into())));

    // The single-product form reports on the field.
    let err = f
        .store
        .upsert_product(
            &ProductInput {
                sku: "K".into(),
                name: "Kit".into(),
                unit: "set".into(),
                unit_price: "0".into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                bundle_pricing: Some("sum".into()),
                components: Some("START".into()),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap_err();
    let StoreError::Invalid(errors) = err else {
        panic!("{err:?}")
    };
    assert_eq!(errors[0].field, "components");
    assert_eq!(snapshot(&f.store).await, before);
}

/// The same lines priced by `domain` directly.
fn domain_price(q: &QuoteView) -> fieldquote_domain::pricing::PricedQuote {
    let lines = q
        .lines
        .iter()
        .map(|l| {
            let kind = match (l.kind, l.bundle_pricing.as_str()) {
                (QuoteLineKind::Bundle, "sum") => LineKind::Bundle(BundlePricing::SumOfComponents),
                (QuoteLineKind::Bundle, _) => LineKind::Bundle(BundlePricing::Fixed),
                (QuoteLineKind::Component, _) => LineKind::Component {
                    parent: l.parent.unwrap() as usize,
                },
                (QuoteLineKind::Item, _) => LineKind::Item,
            };
            // A sum bundle's own unit price is not used; the view shows its components' sum.
            let unit = if l.bundle_pricing == "sum" {
                "0"
            } else {
                &l.unit_price
            };
            PricingLine {
                kind,
                inclusion: if l.optional {
                    LineInclusion::Optional {
                        selected: l.selected,
                    }
                } else {
                    LineInclusion::Always
                },
                discount_percent: Percent::parse("d", &l.discount_percent).unwrap(),
                ..PricingLine::new(
                    Quantity::parse("q", &l.quantity).unwrap(),
                    fieldquote_domain::validation::price("p", unit, Currency::CNY).unwrap(),
                    Percent::parse("t", &l.tax_rate).unwrap(),
                )
            }
        })
        .collect();
    price(&PricingInput {
        currency: Currency::CNY,
        lines,
        quote_discount: QuoteDiscount::None,
    })
    .unwrap()
}

#[tokio::test]
async fn quotes_with_sum_and_fixed_bundles_and_options_save_price_and_revise() {
    let f = fixture().await;
    let mut draft = f.draft();
    f.add(&mut draft, "AXIS", "2").await;
    f.add(&mut draft, "START", "1").await;
    f.add(&mut draft, "ENC", "3").await;
    let last = draft.lines.len() - 1;
    draft.lines[last].optional = true;
    // The components of the sum bundle carry the discounts.
    draft.lines[1].discount_percent = "10".into();
    let saved = f.store.save_quote(&draft, Origin::Ui).await.unwrap();

    let shape: Vec<(QuoteLineKind, &str, Option<u32>, u32, &str)> = saved
        .lines
        .iter()
        .map(|l| {
            (
                l.kind,
                l.bundle_pricing.as_str(),
                l.parent,
                l.depth,
                l.quantity.as_str(),
            )
        })
        .collect();
    use QuoteLineKind::{Bundle, Component, Item};
    assert_eq!(
        shape,
        [
            (Bundle, "sum", None, 0, "2"),
            (Component, "", Some(0), 1, "2"),
            (Component, "", Some(0), 1, "2"),
            (Component, "", Some(0), 1, "4"),
            (Bundle, "fixed", None, 0, "1"),
            (Component, "", Some(4), 1, "1"),
            (Component, "", Some(4), 1, "2"),
            (Item, "", None, 0, "3"),
        ]
    );
    // Sum bundle: DRV 2 × 4280 − 10 % = 7704, MOT 2 × 3160 = 6320, CBL 4 × 420 = 1680.
    assert_eq!(saved.lines[0].net, "15704.00");
    assert!(!saved.lines[0].counts_in_totals && saved.lines[1].counts_in_totals);
    // Fixed bundle: its own price counts; its components are shown, included.
    assert_eq!(saved.lines[4].net, "8200.00");
    assert!(saved.lines[4].counts_in_totals && !saved.lines[5].counts_in_totals);
    // The option is priced, not counted.
    assert_eq!(saved.lines[7].net, "1830.00");
    assert!(!saved.lines[7].counts_in_totals);
    assert_eq!(saved.subtotal, "23904.00");

    // Totals are exactly the domain's for the same lines.
    let priced = domain_price(&saved);
    assert_eq!(saved.totals.total, priced.totals.total.amount_string());
    assert_eq!(saved.totals.tax, priced.totals.tax.amount_string());
    for (view, line) in saved.lines.iter().zip(&priced.lines) {
        assert_eq!(view.gross, line.gross.amount_string(), "{}", view.sku);
    }
    // The stored quote reads back the same.
    let id = saved.id.unwrap();
    assert_eq!(f.store.get_quote(id).await.unwrap(), saved);

    // The client takes the option: it counts now.
    let mut edit = saved.to_draft();
    edit.lines[7].selected = true;
    let taken = f.store.save_quote(&edit, Origin::Ui).await.unwrap();
    assert_eq!(taken.subtotal, "25734.00");

    // Removing the sum bundle line from the draft removes its components, on save too.
    let mut smaller = taken.to_draft();
    smaller.remove_line(0);
    let smaller = f.store.save_quote(&smaller, Origin::Ui).await.unwrap();
    assert_eq!(smaller.lines.len(), 4);
    assert_eq!(smaller.lines[1].parent, Some(0));
    assert_eq!(smaller.subtotal, "10030.00");

    // A revision copies the bundles intact: same tree, same amounts, parents pointing at the new lines.
    f.store.send_quote(id, Origin::Ui).await.unwrap();
    let revision = f.store.revise_quote(id, Origin::Ui).await.unwrap();
    let tree = |q: &QuoteView| {
        q.lines
            .iter()
            .map(|l| (l.kind, l.parent, l.sku.clone(), l.gross.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(tree(&revision), tree(&smaller));
    assert_eq!(revision.total, smaller.total);
    assert!(revision.lines.iter().all(|l| l.id.is_some()));
    assert!(
        revision
            .lines
            .iter()
            .zip(&smaller.lines)
            .all(|(a, b)| a.id != b.id)
    );
    let diff = f.store.diff_quote(revision.id.unwrap()).await.unwrap();
    assert!(diff.lines.is_empty(), "{diff:?}");
}

#[tokio::test]
async fn malformed_line_trees_are_refused_and_nothing_is_written() {
    let f = fixture().await;
    let mut good = f.draft();
    f.add(&mut good, "AXIS", "1").await;
    let saved = f.store.save_quote(&good, Origin::Ui).await.unwrap();
    let before = snapshot(&f.store).await;
    let stored = f.store.get_quote(saved.id.unwrap()).await.unwrap();

    let line = |sku_id: Uuid, kind, parent| QuoteLineDraft {
        product_id: sku_id,
        quantity: "1".into(),
        kind,
        parent,
        ..Default::default()
    };
    let (axis, start, drv, old) = (
        f.id("AXIS").await,
        f.id("START").await,
        f.id("DRV").await,
        f.id("OLD").await,
    );
    use QuoteLineKind::{Bundle, Component, Item};
    let cases: Vec<(Vec<QuoteLineDraft>, &str, FieldErrorKind)> = vec![
        (
            vec![line(drv, Component, None)],
            "lines[0].parent",
            FieldErrorKind::ComponentWithoutBundle,
        ),
        (
            vec![line(drv, Item, None), line(drv, Component, Some(0))],
            "lines[1].parent",
            FieldErrorKind::ComponentWithoutBundle,
        ),
        (
            vec![line(drv, Component, Some(1)), line(axis, Bundle, None)],
            "lines[0].parent",
            FieldErrorKind::ComponentWithoutBundle,
        ),
        (
            vec![line(axis, Bundle, None), line(start, Component, Some(0))],
            "lines[1].product_id",
            FieldErrorKind::NestedBundle,
        ),
        (
            vec![line(axis, Bundle, None), line(start, Bundle, Some(0))],
            "lines[1].parent",
            FieldErrorKind::NestedBundle,
        ),
        (
            vec![line(drv, Bundle, None)],
            "lines[0].product_id",
            FieldErrorKind::NotABundle,
        ),
        (
            vec![QuoteLineDraft {
                discount_percent: "5".into(),
                ..line(axis, Bundle, None)
            }],
            "lines[0].discount_percent",
            FieldErrorKind::BundleDiscount,
        ),
        (
            vec![line(axis, Item, None)],
            "lines[0].product_id",
            FieldErrorKind::IsABundle,
        ),
        (
            vec![line(old, Item, None)],
            "lines[0].product_id",
            FieldErrorKind::Inactive,
        ),
    ];
    for (lines, field, kind) in cases {
        for id in [None, saved.id] {
            let draft = QuoteDraft {
                id,
                lines: lines.clone(),
                ..f.draft()
            };
            let err = f.store.save_quote(&draft, Origin::Ui).await.unwrap_err();
            let StoreError::Invalid(errors) = err else {
                panic!("{field}: {err:?}")
            };
            assert!(
                errors.iter().any(|e| e.field == field && e.kind == kind),
                "{field} {kind:?}: {errors:?}"
            );
            // The preview shows the same problem, and the components of a bad bundle have no amounts.
            let preview = f.store.preview_quote(&draft).await.unwrap();
            assert!(preview.errors.iter().any(|e| e.field == field));
        }
    }
    assert_eq!(snapshot(&f.store).await, before, "nothing was written");
    assert_eq!(f.store.get_quote(saved.id.unwrap()).await.unwrap(), stored);

    // An inactive product is not offered for new lines.
    let err = f.store.lines_for_product(old, "1").await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(e) if e[0].kind == FieldErrorKind::Inactive));
    let err = f.store.lines_for_product(drv, "0").await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(e) if e[0].field == "quantity"));
    // …but a saved line of a product made inactive later stays.
    let mut keep = f.draft();
    f.add(&mut keep, "ENC", "1").await;
    let kept = f.store.save_quote(&keep, Origin::Ui).await.unwrap();
    let retire = parse_products(
        "sku,name,description,unit,unit_price,currency,tax_rate,active\nENC,Encoder,,pcs,610.00,CNY,13,0\n"
            .as_bytes(),
    )
    .unwrap();
    f.store
        .import_products(&retire, Origin::Import)
        .await
        .unwrap();
    let mut edit = kept.to_draft();
    edit.notes = "still fine".into();
    let edited = f.store.save_quote(&edit, Origin::Ui).await.unwrap();
    assert_eq!(edited.total, kept.total);
    assert_eq!(Money::from_minor(0, Currency::CNY).amount_string(), "0.00");
}
