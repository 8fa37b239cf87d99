//! `import pricelist FILE.csv`: server-owned price lists pulled by every device, refused from devices, versions
//! bumped on re-import, every problem of a bad file reported with nothing written; on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::{
    Api, Backend, Device, TestDb, TestServer, cli, field, rejection, sync_snapshot, test_config,
};
use fieldquote_domain::sync::{EntityKind, PulledRecord, RejectCode};
use fieldquote_server::entities::app_user::Role;
use serde_json::json;
use uuid::Uuid;

on_both_backends!(
    price_lists_are_pulled_by_everyone_and_refused_from_devices,
    a_bad_price_list_file_writes_nothing,
    reimport_bumps_the_version_and_pulls_only_what_changed,
    import_of_10000_prices_takes_seconds,
);

const PRODUCTS: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n\
                        PLC,PLC 控制器,,台,3880.00,CNY,13\n\
                        CABLE,Cable,,m,15.00,CNY,13\n";
const HEADER: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn import(db: &TestDb, what: &str, text: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.csv");
    std::fs::write(&path, text).unwrap();
    cli(db).args(["import", what]).arg(&path).output().unwrap()
}

fn import_ok(db: &TestDb, what: &str, text: &str) -> String {
    let out = import(db, what, text);
    assert!(
        out.status.success(),
        "import {what} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

async fn serve(db: TestDb) -> (TestServer, Api, Api, Api) {
    let s = TestServer::serve(db, test_config()).await;
    s.add_team("North").await;
    s.add_team("South").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    s.add_user("sam@example.com", Role::Rep, Some("South"))
        .await;
    s.add_user("root@example.com", Role::Admin, None).await;
    let ann = s.api("ann@example.com").await;
    let sam = s.api("sam@example.com").await;
    let root = s.api("root@example.com").await;
    (s, ann, sam, root)
}

fn of_kind(records: &[PulledRecord], kind: EntityKind) -> Vec<PulledRecord> {
    records
        .iter()
        .filter(|r| r.record.entity == kind)
        .cloned()
        .collect()
}

fn lists_by_name(records: &[PulledRecord]) -> HashMap<String, PulledRecord> {
    of_kind(records, EntityKind::PriceList)
        .into_iter()
        .map(|r| (field(&r, "name").as_str().unwrap().to_string(), r))
        .collect()
}

async fn price_lists_are_pulled_by_everyone_and_refused_from_devices(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    import_ok(&db, "products", PRODUCTS);
    let out = import_ok(
        &db,
        "pricelist",
        &format!(
            "{HEADER}华东 VIP,CNY,yes,2026-01-01,2026-12-31,no,PLC,0,3500.00\n\
             华东 VIP,CNY,yes,2026-01-01,2026-12-31,no,PLC,10,3300.00\n\
             Standard,CNY,no,2026-01-01,,yes,CABLE,0,14.00\n"
        ),
    );
    assert!(out.contains("imported 2 price lists (3 prices)"), "{out}");
    assert!(out.contains("2 created, 0 updated, 0 unchanged"), "{out}");

    let (_s, ann, sam, _root) = serve(db).await;
    let view = ann.pull_all().await;
    assert_eq!(view, sam.pull_all().await, "every team gets the same lists");
    let products: HashMap<String, Uuid> = of_kind(&view, EntityKind::Product)
        .iter()
        .map(|r| (field(r, "sku").as_str().unwrap().to_string(), r.record.id))
        .collect();
    let lists = lists_by_name(&view);
    let vip = &lists["华东 VIP"];
    assert_eq!(vip.record.owner_id, Uuid::nil(), "owned by the system");
    assert_eq!(
        serde_json::Value::Object(vip.record.values().into_iter().collect()),
        json!({"name": "华东 VIP", "currency": "CNY", "tax_inclusive": 1, "valid_from": "2026-01-01",
               "valid_until": "2026-12-31", "is_default": 0, "version": 1}),
        "fields in the device's column format"
    );
    assert_eq!(field(&lists["Standard"], "is_default"), &json!(1));
    let entries = of_kind(&view, EntityKind::PriceListEntry);
    assert_eq!(entries.len(), 3);
    let tier = entries
        .iter()
        .find(|e| field(e, "min_qty") == &json!("10"))
        .unwrap();
    assert_eq!(
        field(tier, "price_list_id"),
        &json!(vip.record.id.to_string())
    );
    assert_eq!(
        field(tier, "product_id"),
        &json!(products["PLC"].to_string())
    );
    assert_eq!(field(tier, "unit_price_minor"), &json!(330_000));

    // Devices only pull them.
    let mut ann_device = Device::new("ann");
    let edits = [
        ann_device.change(EntityKind::PriceList, vip.record.id, json!({"version": 9})),
        ann_device.change(
            EntityKind::PriceListEntry,
            tier.record.id,
            json!({"unit_price_minor": 1}),
        ),
        ann_device.change(
            EntityKind::PriceList,
            Uuid::now_v7(),
            json!({"name": "Mine"}),
        ),
    ];
    let out = ann.push(&edits).await;
    for r in &out.results {
        assert_eq!(rejection(&r.outcome), Some(RejectCode::ServerOwned));
    }
    assert_eq!(ann.pull_all().await, view);
}

async fn a_bad_price_list_file_writes_nothing(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    import_ok(&db, "products", PRODUCTS);
    let pool = fieldquote_server::Db::open(&db.url).await.unwrap();
    let before = sync_snapshot(&pool).await;

    let out = import(
        &db,
        "pricelist",
        &format!(
            "{HEADER}VIP,CNY,yes,2026-01-01,,no,PLC,0,3500.00\n\
             VIP,CNY,no,2026-01-01,,no,PLC,10,3300.001\n\
             Other,RMB,no,2026-02-30,,no,CABLE,x,1\n"
        ),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    for needle in [
        "the file has 5 problems; nothing was imported",
        "row 3, column 3 (tax_inclusive): price list VIP has tax_inclusive `yes` on row 2, `no` here",
        "row 3, column 9 (unit_price): at most 2 decimal places",
        "row 4, column 2 (currency): unknown currency `RMB`",
        "row 4, column 4 (valid_from): not a date",
        "row 4, column 8 (min_qty): not a number",
    ] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    assert_eq!(sync_snapshot(&pool).await, before, "nothing written");

    // Valid rows but an SKU the catalog does not have: refused the same way.
    let out = import(
        &db,
        "pricelist",
        &format!(
            "{HEADER}VIP,CNY,yes,2026-01-01,,no,PLC,0,3500.00\nVIP,CNY,yes,2026-01-01,,no,GHOST,0,1.00\n"
        ),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the file has 1 problem; nothing was imported:\n\
         \x20 row 3, column 7 (sku): unknown SKU GHOST: it is not in the catalog (import the product first)\n"
    );
    assert_eq!(sync_snapshot(&pool).await, before, "nothing written");
    pool.close().await.unwrap();
}

async fn reimport_bumps_the_version_and_pulls_only_what_changed(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    import_ok(&db, "products", PRODUCTS);
    let first_file = format!(
        "{HEADER}VIP,CNY,yes,2026-01-01,,no,PLC,0,3500.00\n\
         VIP,CNY,yes,2026-01-01,,no,PLC,10,3300.00\n\
         VIP,CNY,yes,2026-01-01,,no,CABLE,0,12.00\n\
         Standard,CNY,no,2026-01-01,,yes,PLC,0,3700.00\n"
    );
    import_ok(&db, "pricelist", &first_file);
    let (s, ann, _sam, _root) = serve(db).await;
    let first = ann.pull(0, 500).await;
    let v1 = lists_by_name(&first.records);

    // PLC's base tier cheaper, the cable gone, a new tier; a new default list.
    let out = import_ok(
        &s.db,
        "pricelist",
        &format!(
            "{HEADER}VIP,CNY,yes,2026-01-01,,no,PLC,0,3450.00\n\
             VIP,CNY,yes,2026-01-01,,no,PLC,10,3300.00\n\
             VIP,CNY,yes,2026-01-01,,no,PLC,50,3100.00\n\
             New default,CNY,no,2026-01-01,,yes,PLC,0,3600.00\n"
        ),
    );
    assert!(out.contains("1 created, 1 updated, 0 unchanged"), "{out}");
    let (changed, _) = ann.pull_from(first.cursor, 500).await;
    let v2 = lists_by_name(&changed);
    assert_eq!(
        v2["VIP"].record.id, v1["VIP"].record.id,
        "updated in place, by name"
    );
    assert_eq!(field(&v2["VIP"], "version"), &json!(2));
    assert_eq!(field(&v2["New default"], "version"), &json!(1));
    // The old default is no longer the default, and says so with a new version.
    assert_eq!(field(&v2["Standard"], "is_default"), &json!(0));
    assert_eq!(field(&v2["Standard"], "version"), &json!(2));
    let entries = of_kind(&changed, EntityKind::PriceListEntry);
    // Changed 0-tier, new 50-tier, deleted cable, and the new list's tier; the 10-tier is not pulled again.
    assert_eq!(entries.len(), 4, "{entries:#?}");
    assert_eq!(entries.iter().filter(|e| e.record.is_deleted()).count(), 1);
    assert!(!entries.iter().any(|e| field(e, "min_qty") == &json!("10")));

    // The same file again changes nothing at all.
    let before = sync_snapshot(s.accounts.db()).await;
    let out = import_ok(
        &s.db,
        "pricelist",
        &format!(
            "{HEADER}VIP,CNY,yes,2026-01-01,,no,PLC,0,3450.00\n\
             VIP,CNY,yes,2026-01-01,,no,PLC,10,3300.00\n\
             VIP,CNY,yes,2026-01-01,,no,PLC,50,3100.00\n\
             New default,CNY,no,2026-01-01,,yes,PLC,0,3600.00\n"
        ),
    );
    assert!(out.contains("0 created, 0 updated, 2 unchanged"), "{out}");
    assert_eq!(sync_snapshot(s.accounts.db()).await, before);
}

async fn import_of_10000_prices_takes_seconds(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let mut products = String::from("sku,name,description,unit,unit_price,currency,tax_rate\n");
    let mut lists = String::from(HEADER);
    for i in 0..5_000 {
        products.push_str(&format!("S-{i:05},Part {i},,pcs,{i}.50,CNY,13\n"));
        for (min, price) in [(0, 10 + i), (100, 9 + i)] {
            lists.push_str(&format!(
                "Big,CNY,no,2026-01-01,,yes,S-{i:05},{min},{price}.00\n"
            ));
        }
    }
    import_ok(&db, "products", &products);
    let started = Instant::now();
    let out = import_ok(&db, "pricelist", &lists);
    let took = started.elapsed();
    eprintln!(
        "{backend:?}, 10 000 price-list rows imported in {} ms",
        took.as_millis()
    );
    assert!(
        out.contains("imported 1 price lists (10000 prices)"),
        "{out}"
    );
    assert!(took.as_secs() < 60, "took {took:?}");
}
