//! Price lists on real SQLite files: import and export, resolution (customer list, default list, base price;
//! tiers; validity dates), tax-inclusive lines, converted prices, re-pricing, and refusal once connected.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use chrono::{Duration, Local};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::approval::Decision;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::import::parse_price_lists;
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::price_list::PriceListSummary;
use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_domain::{Currency, FieldErrorKind};
use fieldquote_store::{Origin, Store, StoreError};
use uuid::Uuid;

const HEADER: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

fn product(sku: &str, price: &str, currency: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        name: format!("Product {sku}"),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: price.into(),
        currency: currency.into(),
        tax_rate: "13".into(),
        ..Default::default()
    }
}

fn line(product_id: Uuid, qty: &str) -> QuoteLineDraft {
    QuoteLineDraft {
        product_id,
        quantity: qty.into(),
        discount_percent: "0".into(),
        ..Default::default()
    }
}

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    customer: Uuid,
    plc: Uuid,
    cable: Uuid,
    sensor: Uuid,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = store
        .create_account(
            &AccountInput {
                name: "上海华东机电设备有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for (sku, price, currency) in [
        ("PLC", "3880.00", "CNY"),
        ("CABLE", "15.00", "CNY"),
        ("SENSOR", "100.00", "USD"),
    ] {
        ids.push(
            store
                .upsert_product(&product(sku, price, currency), Origin::Ui)
                .await
                .unwrap()
                .id,
        );
    }
    Fixture {
        _dir: dir,
        store,
        customer,
        plc: ids[0],
        cable: ids[1],
        sensor: ids[2],
    }
}

async fn import(
    store: &Store,
    body: &str,
) -> Result<fieldquote_store::PriceListImportReport, StoreError> {
    let file = parse_price_lists(format!("{HEADER}{body}").as_bytes()).unwrap();
    store.import_price_lists(&file, Origin::Import).await
}

/// The lists every test starts from: a tax-inclusive customer list with PLC tiers valid around today, an
/// expired one, and a tax-exclusive default list.
fn lists() -> String {
    let (from, until) = (day(-10), day(10));
    let (old_from, old_until) = (day(-40), day(-1));
    format!(
        "华东 VIP,CNY,yes,{from},{until},no,PLC,0,3500.00\n\
         华东 VIP,CNY,yes,{from},{until},no,PLC,10,3300.00\n\
         华东 VIP,CNY,yes,{from},{until},no,CABLE,100,12.00\n\
         Expired,CNY,no,{old_from},{old_until},no,PLC,0,1.00\n\
         Standard,CNY,no,{old_from},,yes,PLC,0,3700.00\n\
         Standard,CNY,no,{old_from},,yes,CABLE,0,14.00\n"
    )
}

/// [`fixture`] with [`lists`] imported and the customer on 华东 VIP.
async fn fixture_on_the_vip_list() -> (Fixture, PriceListSummary) {
    let f = fixture().await;
    import(&f.store, &lists()).await.unwrap();
    let vip = f.store.price_list_by_name("华东 VIP").await.unwrap();
    f.store
        .assign_price_list(f.customer, Some(vip.id), Origin::Ui)
        .await
        .unwrap();
    (f, vip)
}

async fn new_quote(
    f: &Fixture,
    lines: Vec<QuoteLineDraft>,
) -> Result<fieldquote_domain::quote::QuoteView, StoreError> {
    f.store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(f.customer),
                lines,
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
}

#[tokio::test]
async fn import_export_round_trip_and_a_bad_file_writes_nothing() {
    let f = fixture().await;
    let report = import(&f.store, &lists()).await.unwrap();
    assert_eq!((report.lists, report.entries, report.created), (3, 6, 3));
    let listed = f.store.list_price_lists().await.unwrap();
    let names: Vec<_> = listed
        .iter()
        .map(|l| (l.name.as_str(), l.version, l.entries, l.is_default))
        .collect();
    assert_eq!(
        names,
        [
            ("Expired", 1, 1, false),
            ("Standard", 1, 2, true),
            ("华东 VIP", 1, 3, false)
        ]
    );

    // Export, import again: nothing changes, no version moves.
    let exported =
        fieldquote_domain::import::write_price_lists(&f.store.export_price_lists().await.unwrap());
    let again = parse_price_lists(exported.as_bytes()).unwrap();
    let report = f
        .store
        .import_price_lists(&again, Origin::Import)
        .await
        .unwrap();
    assert_eq!(
        (report.unchanged, report.updated, report.created),
        (3, 0, 0)
    );
    assert_eq!(f.store.list_price_lists().await.unwrap(), listed);

    // A file with an unknown SKU is refused whole, naming row and column; the good rows are not written.
    let pending = f.store.pending_changes().await.unwrap();
    let err = import(
        &f.store,
        &format!(
            "Standard,CNY,no,{},,yes,PLC,0,1.00\nStandard,CNY,no,{},,yes,NOPE,0,1.00\n",
            day(-40),
            day(-40)
        ),
    )
    .await
    .unwrap_err();
    match &err {
        StoreError::InvalidRows(p) => {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].row, 3);
            assert_eq!(p[0].column, Some((7, "sku".to_string())));
            assert!(
                p[0].message.contains("unknown SKU NOPE"),
                "{}",
                p[0].message
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("row 3, column 7 (sku)"), "{err}");
    let after =
        fieldquote_domain::import::write_price_lists(&f.store.export_price_lists().await.unwrap());
    assert_eq!(
        after, exported,
        "the stored lists are byte-for-byte unchanged"
    );
    assert_eq!(f.store.pending_changes().await.unwrap(), pending);
}

#[tokio::test]
async fn unit_prices_come_from_the_customer_list_the_default_list_or_the_base_price() {
    let f = fixture().await;
    import(&f.store, &lists()).await.unwrap();
    let standard = f.store.price_list_by_name("Standard").await.unwrap();
    let vip = f.store.price_list_by_name("华东 VIP").await.unwrap();
    let expired = f.store.price_list_by_name("Expired").await.unwrap();

    // No customer list: the default list, and the base price where it has none.
    let q = new_quote(&f, vec![line(f.plc, "1"), line(f.cable, "5")])
        .await
        .unwrap();
    assert_eq!(q.lines[0].unit_price, "3700.00");
    assert_eq!(
        q.lines[0].price.source,
        PriceSource::PriceList {
            list_id: standard.id,
            version: 1
        }
    );
    assert_eq!(q.lines[0].price.price_list_name, "Standard");
    assert!(!q.lines[0].price.tax_inclusive);
    assert_eq!(q.lines[1].unit_price, "14.00");

    // The customer's list, tier by quantity; below its only cable tier, the default list.
    f.store
        .assign_price_list(f.customer, Some(vip.id), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(
        f.store.account_price_list(f.customer).await.unwrap(),
        Some(vip.id)
    );
    let q = new_quote(
        &f,
        vec![
            line(f.plc, "9.999"),
            line(f.plc, "10"),
            line(f.cable, "99"),
            line(f.cable, "100"),
        ],
    )
    .await
    .unwrap();
    let prices: Vec<_> = q.lines.iter().map(|l| l.unit_price.as_str()).collect();
    assert_eq!(prices, ["3500.00", "3300.00", "14.00", "12.00"]);
    assert_eq!(q.lines[1].price.price_list_name, "华东 VIP");

    // A list outside its validity dates does not apply.
    f.store
        .assign_price_list(f.customer, Some(expired.id), Origin::Ui)
        .await
        .unwrap();
    let q = new_quote(&f, vec![line(f.plc, "1")]).await.unwrap();
    assert_eq!(q.lines[0].unit_price, "3700.00");

    // No list at all: the base price.
    f.store
        .assign_price_list(f.customer, None, Origin::Ui)
        .await
        .unwrap();
    let empty = format!("Standard,CNY,no,{},,no,PLC,1000,1.00\n", day(-40));
    import(&f.store, &empty).await.unwrap();
    let q = new_quote(&f, vec![line(f.plc, "1")]).await.unwrap();
    assert_eq!(q.lines[0].unit_price, "3880.00");
    assert_eq!(q.lines[0].price.source, PriceSource::BasePrice);

    // An unknown list cannot be assigned.
    assert!(matches!(
        f.store
            .assign_price_list(f.customer, Some(Uuid::now_v7()), Origin::Ui)
            .await,
        Err(StoreError::Refused(
            fieldquote_domain::Refusal::NotFound { .. }
        ))
    ));
}

#[tokio::test]
async fn a_tax_inclusive_line_shows_the_list_price_times_the_quantity_as_its_gross() {
    let (f, _) = fixture_on_the_vip_list().await;
    let q = new_quote(&f, vec![line(f.plc, "3")]).await.unwrap();
    let l = &q.lines[0];
    assert!(l.price.tax_inclusive);
    assert_eq!(l.unit_price, "3500.00");
    assert_eq!(l.gross, "10500.00");
    // 10500 / 1.13 = 9292.035… → 9292.04; tax the rest.
    assert_eq!((l.net.as_str(), l.tax.as_str()), ("9292.04", "1207.96"));
    assert_eq!(q.total, "10500.00");
    // Stored and read back the same.
    let again = f.store.get_quote(q.id.unwrap()).await.unwrap();
    assert_eq!(again, q);
}

#[tokio::test]
async fn a_usd_price_on_a_cny_quote_records_its_rate_and_keeps_it() {
    let f = fixture().await;
    // Without a rate: a clear error naming the pair, nothing saved.
    let err = new_quote(&f, vec![line(f.sensor, "2")]).await.unwrap_err();
    match &err {
        StoreError::Invalid(e) => {
            assert_eq!(e[0].field, "lines[0].product_id");
            assert_eq!(
                e[0].kind,
                FieldErrorKind::MissingExchangeRate {
                    from: "USD".into(),
                    to: "CNY".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("fq settings exchange-rate USD CNY RATE"),
        "{err}"
    );
    assert!(f.store.list_quotes("").await.unwrap().is_empty());

    let rate = |r: &str| ExchangeRate::parse("rate", Currency::USD, Currency::CNY, r).unwrap();
    f.store.set_exchange_rate(rate("7.1")).await.unwrap();
    let q = new_quote(&f, vec![line(f.sensor, "2")]).await.unwrap();
    let l = &q.lines[0];
    assert_eq!(
        (l.unit_price.as_str(), l.net.as_str()),
        ("710.00", "1420.00")
    );
    assert_eq!(
        (
            l.price.source_currency.as_str(),
            l.price.source_unit_price.as_str(),
            l.price.exchange_rate.as_str()
        ),
        ("USD", "100.00", "7.1")
    );

    // A new rate applies to new lines; the saved line and the totals stay as they were.
    f.store.set_exchange_rate(rate("7.3")).await.unwrap();
    let rates = f.store.exchange_rates().await.unwrap();
    assert_eq!((rates.len(), rates[0].rate.as_str()), (1, "7.3"));
    let id = q.id.unwrap();
    assert_eq!(f.store.get_quote(id).await.unwrap().total, q.total);
    let mut draft = QuoteDraft {
        id: Some(id),
        customer_id: Some(f.customer),
        lines: vec![
            QuoteLineDraft {
                id: l.id,
                ..line(f.sensor, "2")
            },
            line(f.sensor, "1"),
        ],
        ..Default::default()
    };
    let edited = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(edited.lines[0].price.exchange_rate, "7.1");
    assert_eq!(edited.lines[0].unit_price, "710.00");
    assert_eq!(edited.lines[1].price.exchange_rate, "7.3");
    assert_eq!(edited.lines[1].unit_price, "730.00");
    // A quantity change keeps the recorded rate.
    draft.lines[0].quantity = "3".into();
    let edited = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(
        (
            edited.lines[0].net.as_str(),
            edited.lines[0].price.exchange_rate.as_str()
        ),
        ("2130.00", "7.1")
    );
    // Nothing to re-price: rates are recorded, not looked up again.
    assert!(f.store.repricing(id).await.unwrap().lines.is_empty());
}

#[tokio::test]
async fn a_quantity_change_moves_along_the_tiers_of_the_recorded_list_version() {
    let (f, _) = fixture_on_the_vip_list().await;
    let q = new_quote(&f, vec![line(f.plc, "1")]).await.unwrap();
    assert_eq!(q.lines[0].unit_price, "3500.00");
    let mut draft = QuoteDraft {
        id: q.id,
        customer_id: Some(f.customer),
        lines: vec![QuoteLineDraft {
            id: q.lines[0].id,
            ..line(f.plc, "20")
        }],
        ..Default::default()
    };
    let q = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(q.lines[0].unit_price, "3300.00");
    // Below every tier of the list for the product: priced again, from the default list here.
    let cable = new_quote(&f, vec![line(f.cable, "100")]).await.unwrap();
    assert_eq!(cable.lines[0].unit_price, "12.00");
    let fewer = QuoteDraft {
        id: cable.id,
        customer_id: Some(f.customer),
        lines: vec![QuoteLineDraft {
            id: cable.lines[0].id,
            ..line(f.cable, "50")
        }],
        ..Default::default()
    };
    let fewer = f.store.save_quote(&fewer, Origin::Ui).await.unwrap();
    assert_eq!(fewer.lines[0].unit_price, "14.00");
    assert_eq!(fewer.lines[0].id, cable.lines[0].id, "the same line");
    assert_eq!(fewer.lines[0].price.price_list_name, "Standard");
    // Once the list has a new version, a quantity change keeps the recorded price; re-pricing shows the new one.
    let (from, until) = (day(-10), day(10));
    import(
        &f.store,
        &format!("华东 VIP,CNY,yes,{from},{until},no,PLC,0,3400.00\n"),
    )
    .await
    .unwrap();
    draft.lines[0].quantity = "5".into();
    let q = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(q.lines[0].unit_price, "3300.00");
    let r = f.store.repricing(q.id.unwrap()).await.unwrap();
    assert_eq!(r.lines.len(), 1);
    assert_eq!(r.lines[0].new_unit_price, "3400.00");
}

#[tokio::test]
async fn a_new_list_version_is_shown_then_applied_and_a_sent_quote_never_changes() {
    let (f, vip) = fixture_on_the_vip_list().await;
    let draft = new_quote(&f, vec![line(f.plc, "2"), line(f.cable, "5")])
        .await
        .unwrap();
    let sent = new_quote(&f, vec![line(f.plc, "2")]).await.unwrap();
    let sent = f
        .store
        .send_quote(sent.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert!(
        f.store
            .repricing(draft.id.unwrap())
            .await
            .unwrap()
            .lines
            .is_empty()
    );

    // A new version of the customer's list: PLC cheaper; the default list's cable price unchanged.
    let (from, until) = (day(-10), day(10));
    import(
        &f.store,
        &format!(
            "华东 VIP,CNY,yes,{from},{until},no,PLC,0,3450.00\n\
             华东 VIP,CNY,yes,{from},{until},no,PLC,10,3300.00\n"
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        f.store
            .price_list_by_name("华东 VIP")
            .await
            .unwrap()
            .version,
        2
    );

    let r = f.store.repricing(draft.id.unwrap()).await.unwrap();
    assert!(r.can_reprice);
    assert_eq!(r.lines.len(), 1);
    let l = &r.lines[0];
    assert_eq!((l.sku.as_str(), l.position), ("PLC", 0));
    assert_eq!(
        (l.old_unit_price.as_str(), l.new_unit_price.as_str()),
        ("3500.00", "3450.00")
    );
    assert_eq!(
        (l.old_net.as_str(), l.new_net.as_str()),
        ("6194.69", "6106.19")
    );
    assert_eq!((l.old_list_version, l.new_list_version), (Some(1), Some(2)));
    assert_eq!(r.before.total, draft.total);
    assert_ne!(r.after.total, r.before.total);
    // Looking changes nothing.
    assert_eq!(f.store.get_quote(draft.id.unwrap()).await.unwrap(), draft);

    let pending = f.store.pending_changes().await.unwrap();
    let repriced = f
        .store
        .reprice_quote(draft.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(repriced.lines[0].unit_price, "3450.00");
    assert_eq!(repriced.lines[0].id, Some(l.line_id), "re-priced in place");
    assert_eq!(
        (
            repriced.lines[0].sku.as_str(),
            repriced.lines[0].description.as_str()
        ),
        (
            draft.lines[0].sku.as_str(),
            draft.lines[0].description.as_str()
        )
    );
    // One line and the quote's totals written, nothing else.
    assert_eq!(f.store.pending_changes().await.unwrap(), pending + 2);
    assert_eq!(
        repriced.lines[0].price.source,
        PriceSource::PriceList {
            list_id: vip.id,
            version: 2
        }
    );
    assert_eq!(repriced.lines[1], draft.lines[1]);
    assert_eq!(repriced.total, r.after.total);
    assert_eq!(repriced.status, QuoteStatus::Draft);
    assert!(
        f.store
            .repricing(draft.id.unwrap())
            .await
            .unwrap()
            .lines
            .is_empty()
    );

    // The sent quote: nothing to show, re-pricing refused, unchanged.
    let r = f.store.repricing(sent.id.unwrap()).await.unwrap();
    assert!(!r.can_reprice && r.lines.is_empty());
    assert!(matches!(
        f.store.reprice_quote(sent.id.unwrap(), Origin::Ui).await,
        Err(StoreError::Refused(
            fieldquote_domain::Refusal::Frozen { .. }
        ))
    ));
    assert_eq!(f.store.get_quote(sent.id.unwrap()).await.unwrap(), sent);
}

#[tokio::test]
async fn a_connected_device_refuses_local_price_list_imports() {
    let f = fixture().await;
    import(&f.store, &lists()).await.unwrap();
    f.store
        .set_sync_account(
            "http://127.0.0.1:9",
            Uuid::now_v7(),
            "ann@example.cn",
            "AL1",
        )
        .await
        .unwrap();
    // Local lists make way for the server's.
    assert!(f.store.list_price_lists().await.unwrap().is_empty());
    let err = import(&f.store, &lists()).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(fieldquote_domain::Refusal::ServerOwned {
                data: fieldquote_domain::refusal::ServerData::PriceLists,
                ..
            })
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("price lists are managed on the server"),
        "{err}"
    );
    assert!(f.store.list_price_lists().await.unwrap().is_empty());
}

#[tokio::test]
async fn ten_thousand_prices_import_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let mut catalog = String::from("sku,name,description,unit,unit_price,currency,tax_rate\n");
    for i in 0..5_000 {
        catalog.push_str(&format!("SKU-{i:05},Product {i},,pcs,{i}.50,CNY,13\n"));
    }
    let rows = fieldquote_domain::import::parse_products(catalog.as_bytes()).unwrap();
    store.import_products(&rows, Origin::Import).await.unwrap();
    let mut text = String::from(HEADER);
    for i in 0..5_000 {
        for (min, price) in [(0, 10 + i), (100, 9 + i)] {
            text.push_str(&format!(
                "Big,CNY,no,2026-01-01,,yes,SKU-{i:05},{min},{price}.00\n"
            ));
        }
    }
    let started = Instant::now();
    let file = parse_price_lists(text.as_bytes()).unwrap();
    let parsed = started.elapsed();
    let report = store
        .import_price_lists(&file, Origin::Import)
        .await
        .unwrap();
    let total = started.elapsed();
    eprintln!(
        "10 000 price-list rows: parsed in {} ms, imported in {} ms",
        parsed.as_millis(),
        total.as_millis()
    );
    assert_eq!(report.entries, 10_000);
    assert!(total.as_secs() < 60, "took {total:?}");
    assert_eq!(store.list_price_lists().await.unwrap()[0].entries, 10_000);
}

#[tokio::test]
async fn re_pricing_an_approved_quote_voids_its_approval() {
    let f = fixture().await;
    import(&f.store, &lists()).await.unwrap();
    let q = new_quote(
        &f,
        vec![QuoteLineDraft {
            discount_percent: "20".into(),
            ..line(f.plc, "2")
        }],
    )
    .await
    .unwrap();
    assert_eq!(q.status, QuoteStatus::PendingApproval);
    let id = q.id.unwrap();
    let approved = f
        .store
        .decide_approval(id, Decision::Approve, "Wang Fang", "ok", Origin::Ui)
        .await
        .unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    let old_from = day(-40);
    import(
        &f.store,
        &format!("Standard,CNY,no,{old_from},,yes,PLC,0,3650.00\n"),
    )
    .await
    .unwrap();
    assert_eq!(f.store.repricing(id).await.unwrap().lines.len(), 1);
    let repriced = f.store.reprice_quote(id, Origin::Ui).await.unwrap();
    assert_eq!(repriced.lines[0].unit_price, "3650.00");
    assert_eq!(repriced.status, QuoteStatus::PendingApproval);
    assert!(repriced.approval.is_none(), "{:?}", repriced.approval);
}
