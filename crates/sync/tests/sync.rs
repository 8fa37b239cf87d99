//! The sync engine against the real server (in process, SQLite in a temp dir) with real device stores.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;
mod laptop;

use common::{PASSWORD, Server, ServerDb, unused_url};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{Origin, Store};
use fieldquote_sync::{Client, Progress, Session, SyncError, SyncReport, sync_once};
use laptop::{sign_in, sync};

const REP: &str = "rep@example.cn";
const MANAGER: &str = "manager@example.cn";

/// A server with team North (a rep and a manager) and two catalog products.
async fn team_server(db: &ServerDb) -> Server {
    let server = Server::start(db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server.add_user(MANAGER, Role::Manager, Some("North")).await;
    server
        .import(
            "PLC-200,PLC 控制器,\"S7, 24 V\",台,3880.00,CNY,13\n\
             CBL-5,Cable 5 m,,pcs,12.50,CNY,13\n",
        )
        .await;
    server
}

/// A fresh device signed in as `email` at `server`.
async fn device(dir: &tempfile::TempDir, server: &Server, email: &str) -> (Store, Client, Session) {
    let store = Store::open(dir.path()).await.unwrap();
    let (client, session) = sign_in(&store, server, email).await;
    (store, client, session)
}

/// A customer and a two-line quote on `store`; returns the quote's id.
async fn make_quote(store: &Store) -> uuid::Uuid {
    let products = store.list_products("").await.unwrap();
    let id_of = |sku: &str| products.iter().find(|p| p.sku == sku).unwrap().id;
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
    let draft = QuoteDraft {
        id: None,
        customer_id: Some(customer.id),
        notes: "离线报价".into(),
        lines: vec![
            QuoteLineDraft {
                id: None,
                product_id: id_of("PLC-200"),
                quantity: "2".into(),
                discount_percent: "5".into(),
                ..Default::default()
            },
            QuoteLineDraft {
                id: None,
                product_id: id_of("CBL-5"),
                quantity: "10".into(),
                discount_percent: "0".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    store
        .save_quote(&draft, Origin::Ui)
        .await
        .unwrap()
        .id
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quote_made_on_one_device_arrives_on_another() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let (da, dbb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, ca, sa) = device(&da, &server, REP).await;
    let (b, cb, sb) = device(&dbb, &server, MANAGER).await;

    let first = sync(&a, &ca, &sa).await;
    assert_eq!(
        first.pulled,
        2 + 2,
        "the catalog and the directory's two users: {first:?}"
    );
    let quote_id = make_quote(&a).await;
    let pending = a.sync_state().await.unwrap().pending_changes;
    assert_eq!(pending, 4, "customer, quote, two lines");

    let mut seen = Vec::new();
    let report = sync_once(&a, &ca, &sa.token, |p| seen.push(p))
        .await
        .unwrap();
    assert_eq!((report.pushed, report.accepted, report.rejected), (4, 4, 0));
    assert!(seen.contains(&Progress::Pushed {
        pushed: 4,
        remaining: 0
    }));
    assert!(matches!(seen.last(), Some(Progress::Pulled { .. })));
    let state = a.sync_state().await.unwrap();
    assert_eq!(state.pending_changes, 0);
    assert_eq!(state.last_error, None);
    assert!(state.last_sync_at.is_some());

    let on_b = sync(&b, &cb, &sb).await;
    assert!(on_b.pulled >= 6, "catalog and the quote: {on_b:?}");
    assert_eq!(on_b.conflicts, 0);
    let qa = a.get_quote(quote_id).await.unwrap();
    let qb = b.get_quote(quote_id).await.unwrap();
    assert_eq!(qb.number, qa.number);
    let number = qa.number.unwrap_or_default();
    assert!(
        number.contains(&format!("-{}-", sa.quote_prefix)) && sa.quote_prefix != sb.quote_prefix,
        "numbered with the device's own prefix: {number} ({} / {})",
        sa.quote_prefix,
        sb.quote_prefix
    );
    assert_eq!(qb.total, qa.total);
    assert_eq!(qb.lines.len(), 2);
    assert_eq!(qb.customer.unwrap().name, "上海华东机电设备有限公司");
    assert_eq!(b.sync_state().await.unwrap().pending_changes, 0);

    // Both are up to date: another sync moves nothing.
    assert_eq!(sync(&a, &ca, &sa).await, SyncReport::default());
    assert_eq!(sync(&b, &cb, &sb).await, SyncReport::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_product_appears_after_sync() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, client, session) = device(&dir, &server, REP).await;
    sync(&store, &client, &session).await;

    server
        .import("PLC-200,PLC 控制器,\"S7, 24 V\",台,3990.00,CNY,13\nNEW-1,Relay,,pcs,8.80,CNY,13\n")
        .await;
    let report = sync(&store, &client, &session).await;
    assert_eq!(report.pulled, 2, "the new product and the new price");
    let products = store.list_products("").await.unwrap();
    let relay = products.iter().find(|p| p.sku == "NEW-1").unwrap();
    assert_eq!(
        (relay.name.as_str(), relay.unit_price.as_str()),
        ("Relay", "8.80")
    );
    let plc = products.iter().find(|p| p.sku == "PLC-200").unwrap();
    assert_eq!(plc.unit_price, "3990.00");
    assert_eq!(products.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_bad_token_are_unauthorized() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, client, _session) = device(&dir, &server, REP).await;
    store
        .create_account(
            &AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let before = store.sync_state().await.unwrap();

    let err = client
        .login(REP, "wrong password!", "device")
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized(_)), "{err:?}");
    assert_eq!(store.sync_state().await.unwrap(), before, "nothing changed");

    let err = sync_once(&store, &client, "not-a-token", |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized(_)), "{err:?}");
    let after = store.sync_state().await.unwrap();
    assert_eq!(after.pending_changes, 1, "the change waits");
    assert_eq!(after.cursor, before.cursor);
    assert!(after.last_error.unwrap().contains("not signed in"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_keeps_changes_and_records_the_error() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, client, session) = device(&dir, &server, REP).await;
    sync(&store, &client, &session).await;
    make_quote(&store).await;

    let down = Client::without_proxy(&unused_url()).unwrap();
    let err = sync_once(&store, &down, &session.token, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
    let state = store.sync_state().await.unwrap();
    assert_eq!(state.pending_changes, 4);
    assert!(
        state
            .last_error
            .as_deref()
            .unwrap()
            .contains("cannot reach"),
        "{state:?}"
    );
    let err = down.login(REP, PASSWORD, "d").await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");

    // Back online: everything goes, and the error is cleared.
    let report = sync(&store, &client, &session).await;
    assert_eq!(report.accepted, 4);
    assert_eq!(store.sync_state().await.unwrap().last_error, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_cut_off_between_push_and_pull_resumes_without_duplicates() {
    let db = ServerDb::new();
    let mut server = team_server(&db).await;
    let (da, dbb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, ca, sa) = device(&da, &server, REP).await;
    let (b, cb, sb) = device(&dbb, &server, REP).await;
    sync(&a, &ca, &sa).await;
    // B has something for A to pull, so the cut-off pull would have brought records.
    b.create_account(
        &AccountInput {
            name: "From B".into(),
            ..Default::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    sync(&b, &cb, &sb).await;
    make_quote(&a).await;
    let cursor_before = a.sync_state().await.unwrap().cursor;

    // The server goes away right after the push was answered.
    let err = sync_once(&a, &ca, &sa.token, |p| {
        if matches!(p, Progress::Pushed { .. }) {
            tokio::task::block_in_place(|| {
                tokio::runtime::Handle::current().block_on(server.stop());
            });
        }
    })
    .await
    .unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
    let state = a.sync_state().await.unwrap();
    assert_eq!(state.pending_changes, 0, "the push was answered: done");
    assert_eq!(state.cursor, cursor_before, "nothing pulled");
    assert!(state.last_error.is_some());

    // The server is back (same database, another port): the next sync pulls what was missed.
    let server = Server::start(&db).await;
    let ca = Client::without_proxy(&server.base).unwrap();
    let report = sync(&a, &ca, &sa).await;
    assert_eq!(report.pushed, 0);
    assert!(
        report.pulled >= 5,
        "own quote echoed plus B's customer: {report:?}"
    );
    assert_eq!(a.sync_state().await.unwrap().last_error, None);
    assert_eq!(sync(&a, &ca, &sa).await, SyncReport::default());

    let cb = Client::without_proxy(&server.base).unwrap();
    sync(&b, &cb, &sb).await;
    for store in [&a, &b] {
        let customers = store
            .list_accounts(&fieldquote_domain::list::ListQuery::filtered(
                fieldquote_domain::account::AccountFilter::text(""),
            ))
            .await
            .unwrap()
            .rows;
        let mut names: Vec<_> = customers.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["From B", "上海华东机电设备有限公司"]);
        assert_eq!(store.list_quotes("").await.unwrap().len(), 1);
        assert_eq!(store.list_products("").await.unwrap().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundles_and_catalog_fields_reach_devices_and_a_bundle_quote_syncs_whole() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    fieldquote_server::catalog::Catalog::new(server.db.clone())
        .import_products(
            "sku,name,description,unit,unit_price,currency,tax_rate,name_zh,category,bundle_pricing,components,accessories\n\
             DRV,Servo drive,,pcs,4280.00,CNY,13,伺服驱动器,Servo,,,\n\
             MOT,Servo motor,,pcs,3160.00,CNY,13,伺服电机,Servo,,,\n\
             AXIS,Servo axis kit,,set,0,CNY,13,伺服轴套装,Kits,sum,DRV*1;MOT*2,CBL-5\n\
             START,Starter kit,,set,8200.00,CNY,13,入门套装,Kits,fixed,PLC-200;DRV,\n"
                .as_bytes(),
        )
        .await
        .unwrap();
    let (da, dbb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, ca, sa) = device(&da, &server, REP).await;
    let (b, cb, sb) = device(&dbb, &server, MANAGER).await;
    sync(&a, &ca, &sa).await;

    // The catalog fields and the bundles, by the device's own ids.
    let products = a.all_products().await.unwrap();
    let by_sku = |sku: &str| products.iter().find(|p| p.sku == sku).unwrap().clone();
    let axis = by_sku("AXIS");
    assert_eq!(
        (
            axis.name_zh.as_str(),
            axis.category.as_str(),
            axis.bundle_pricing.as_str()
        ),
        ("伺服轴套装", "Kits", "sum")
    );
    assert_eq!(
        axis.components
            .iter()
            .map(|c| (c.product_id, c.quantity.as_str()))
            .collect::<Vec<_>>(),
        [(by_sku("DRV").id, "1"), (by_sku("MOT").id, "2")]
    );
    assert!(
        by_sku("PLC-200").active,
        "a product without the flag is active"
    );
    let suggested = a.suggested_accessories(axis.id).await.unwrap();
    assert_eq!(suggested[0].sku, "CBL-5");

    // A quote with both bundles made on one device arrives on another as the same tree and totals.
    let customer = a
        .create_account(
            &AccountInput {
                name: "苏州精工自动化有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let mut draft = QuoteDraft {
        customer_id: Some(customer.id),
        ..Default::default()
    };
    draft.push_lines(a.lines_for_product(axis.id, "2").await.unwrap());
    draft.push_lines(a.lines_for_product(by_sku("START").id, "1").await.unwrap());
    let saved = a.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(saved.lines.len(), 6);
    sync(&a, &ca, &sa).await;
    sync(&b, &cb, &sb).await;
    let on_b = b.get_quote(saved.id.unwrap()).await.unwrap();
    let tree = |q: &fieldquote_domain::quote::QuoteView| {
        q.lines
            .iter()
            .map(|l| (l.kind, l.parent, l.sku.clone(), l.gross.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(tree(&on_b), tree(&saved));
    assert_eq!(on_b.total, saved.total);
}
