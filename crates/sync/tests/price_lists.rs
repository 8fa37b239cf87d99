//! Price lists end to end: the admin imports them on the server, a rep's laptop pulls them and prices new lines
//! from them, a local import on the connected laptop is refused, a new version on the server shows as a
//! re-pricing on the laptop, and a customer's list reaches the manager's laptop.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;
mod laptop;

use common::{Server, ServerDb};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::import::parse_price_lists;
use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::price_lists::PriceLists;
use fieldquote_store::{Origin, Store, StoreError};
use laptop::{sign_in, sync};

const REP: &str = "rep@example.cn";
const MANAGER: &str = "manager@example.cn";
const HEADER: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

async fn server_import(server: &Server, rows: &str) {
    PriceLists::new(server.db.clone())
        .import(format!("{HEADER}{rows}").as_bytes())
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_price_lists_price_a_laptops_new_lines() {
    let db = ServerDb::new();
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server.add_user(MANAGER, Role::Manager, Some("North")).await;
    server
        .import("PLC-200,PLC 控制器,,台,3880.00,CNY,13\nCBL-5,Cable 5 m,,pcs,12.50,CNY,13\n")
        .await;
    server_import(
        &server,
        "华东 VIP,CNY,yes,2020-01-01,,no,PLC-200,0,3500.00\n\
         华东 VIP,CNY,yes,2020-01-01,,no,PLC-200,10,3300.00\n\
         Standard,CNY,no,2020-01-01,,yes,CBL-5,0,11.00\n",
    )
    .await;

    // The rep's laptop had a list of its own before it was connected: the server's replace it.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let local =
        parse_price_lists(format!("{HEADER}Mine,CNY,no,2020-01-01,,yes,PLC-X,0,1.00\n").as_bytes())
            .unwrap();
    store
        .upsert_product(
            &fieldquote_domain::catalog::ProductInput {
                sku: "PLC-X".into(),
                name: "Local".into(),
                description: String::new(),
                unit: "pcs".into(),
                unit_price: "9.00".into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    store
        .import_price_lists(&local, Origin::Import)
        .await
        .unwrap();
    let (client, session) = sign_in(&store, &server, REP).await;
    sync(&store, &client, &session).await;
    let lists = store.list_price_lists().await.unwrap();
    let names: Vec<_> = lists
        .iter()
        .map(|l| (l.name.as_str(), l.version, l.entries, l.is_default))
        .collect();
    assert_eq!(names, [("Standard", 1, 1, true), ("华东 VIP", 1, 2, false)]);
    let vip = lists.iter().find(|l| l.name == "华东 VIP").unwrap().id;

    // A local import is refused now, and changes nothing.
    let err = store
        .import_price_lists(&local, Origin::Import)
        .await
        .unwrap_err();
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
    assert_eq!(store.list_price_lists().await.unwrap(), lists);

    // A customer given the VIP list; its quote's lines come from the customer list and the default list.
    let customer = store
        .create_account(
            &AccountInput {
                name: "上海华东机电设备有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    store
        .assign_price_list(customer.id, Some(vip), Origin::Ui)
        .await
        .unwrap();
    let products = store.list_products("").await.unwrap();
    let id_of = |sku: &str| products.iter().find(|p| p.sku == sku).unwrap().id;
    let line = |sku: &str, qty: &str| QuoteLineDraft {
        product_id: id_of(sku),
        quantity: qty.into(),
        discount_percent: "0".into(),
        ..Default::default()
    };
    let q = store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(customer.id),
                lines: vec![line("PLC-200", "12"), line("CBL-5", "10")],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(q.lines[0].unit_price, "3300.00");
    assert_eq!(
        q.lines[0].price.source,
        PriceSource::PriceList {
            list_id: vip,
            version: 1
        }
    );
    assert!(q.lines[0].price.tax_inclusive);
    assert_eq!(q.lines[0].gross, "39600.00");
    assert_eq!(q.lines[1].unit_price, "11.00");
    assert_eq!(q.lines[1].price.price_list_name, "Standard");
    sync(&store, &client, &session).await;
    assert_eq!(store.sync_state().await.unwrap().rejected_changes, 0);

    // The manager's laptop gets the customer with its list and the quote with its recorded sources.
    let mdir = tempfile::tempdir().unwrap();
    let manager = Store::open(mdir.path()).await.unwrap();
    let (mclient, msession) = sign_in(&manager, &server, MANAGER).await;
    sync(&manager, &mclient, &msession).await;
    assert_eq!(
        manager.account_price_list(customer.id).await.unwrap(),
        Some(vip)
    );
    let seen = manager.get_quote(q.id.unwrap()).await.unwrap();
    assert_eq!(seen.lines, q.lines);
    assert_eq!(seen.total, q.total);

    // A new version on the server: the rep's draft shows what would change, and takes it.
    server_import(
        &server,
        "华东 VIP,CNY,yes,2020-01-01,,no,PLC-200,0,3500.00\n\
         华东 VIP,CNY,yes,2020-01-01,,no,PLC-200,10,3250.00\n",
    )
    .await;
    sync(&store, &client, &session).await;
    let r = store.repricing(q.id.unwrap()).await.unwrap();
    assert_eq!(r.lines.len(), 1);
    assert_eq!(
        (
            r.lines[0].old_unit_price.as_str(),
            r.lines[0].new_unit_price.as_str()
        ),
        ("3300.00", "3250.00")
    );
    assert_eq!(
        (r.lines[0].old_list_version, r.lines[0].new_list_version),
        (Some(1), Some(2))
    );
    let repriced = store
        .reprice_quote(q.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(repriced.lines[0].gross, "39000.00");
    sync(&store, &client, &session).await;
    sync(&manager, &mclient, &msession).await;
    assert_eq!(
        manager.get_quote(q.id.unwrap()).await.unwrap().total,
        repriced.total
    );
}
