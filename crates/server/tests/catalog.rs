//! Server-owned records from the admin commands — `import products FILE.csv` and `company set` — and
//! devices pulling them, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

use common::{
    Api, Backend, Device, TestDb, TestServer, cli, field, rejection, sync_snapshot, test_config,
};
use fieldquote_domain::sync::{EntityKind, PulledRecord, RejectCode};
use fieldquote_server::entities::app_user::Role;
use serde_json::json;
use uuid::Uuid;

on_both_backends!(
    imported_products_are_pulled_by_everyone,
    a_malformed_file_is_refused_whole,
    reimport_updates_what_changed,
    company_set_appears_in_pull,
    bank_details_are_set_checked_and_pulled,
    import_of_10000_products_takes_seconds,
    catalog_fields_and_bundles_are_imported_and_checked,
);

const HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Write `text` to a file in a new temp dir.
fn csv_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("products.csv");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Run `import products` on `text`; returns the output.
fn import(db: &TestDb, text: &str) -> std::process::Output {
    let (_dir, path) = csv_file(text);
    cli(db)
        .args(["import", "products"])
        .arg(&path)
        .output()
        .unwrap()
}

fn import_ok(db: &TestDb, text: &str) -> String {
    let out = import(db, text);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    stdout(&out)
}

/// A server on `db` with a North team rep (ann), a South rep (sam) and an admin (root).
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

fn by_sku(records: &[PulledRecord]) -> HashMap<String, PulledRecord> {
    records
        .iter()
        .filter(|r| r.record.entity == EntityKind::Product)
        .map(|r| (field(r, "sku").as_str().unwrap().to_string(), r.clone()))
        .collect()
}

async fn imported_products_are_pulled_by_everyone(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let out = import_ok(
        &db,
        &format!(
            "{HEADER}PLC-200,PLC 控制器,\"S7, 24 V\",台,3880.00,CNY,13\n\
             M-1,Motor,,pcs,1200,JPY,10\nK-9,Valve,,pcs,1.234,KWD,0.5\n"
        ),
    );
    assert!(out.contains("imported 3 products"), "{out}");
    assert!(out.contains("3 created, 0 updated, 0 unchanged"), "{out}");

    let (_s, ann, sam, _root) = serve(db).await;
    let ann_view = ann.pull_all().await;
    assert_eq!(
        ann_view,
        sam.pull_all().await,
        "every team gets the same catalog"
    );
    let products = by_sku(&ann_view);
    assert_eq!(products.len(), 3);
    let plc = &products["PLC-200"];
    assert_eq!(plc.record.owner_id, Uuid::nil(), "owned by the system");
    let values = plc.record.values();
    assert_eq!(
        serde_json::Value::Object(values.into_iter().collect()),
        json!({"sku": "PLC-200", "name": "PLC 控制器", "description": "S7, 24 V", "unit": "台",
               "unit_price_minor": 388_000, "currency": "CNY", "tax_rate": "13"}),
        "fields in the device's column format"
    );
    assert_eq!(field(&products["M-1"], "unit_price_minor"), &json!(1200));
    assert_eq!(field(&products["K-9"], "unit_price_minor"), &json!(1234));
    assert_eq!(field(&products["K-9"], "tax_rate"), &json!("0.5"));
    let hlc = &plc.record.fields["name"].hlc;
    assert!(hlc.ends_with("-server"), "{hlc}");

    // A rep cannot change the catalog.
    let edit = Device::new("ann").change(
        EntityKind::Product,
        plc.record.id,
        json!({"unit_price_minor": 1}),
    );
    let out = ann.push(&[edit]).await;
    assert_eq!(
        rejection(&out.results[0].outcome),
        Some(RejectCode::ServerOwned)
    );
    assert_eq!(ann.pull_all().await, ann_view);
}

async fn a_malformed_file_is_refused_whole(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    import_ok(&db, &format!("{HEADER}A-1,Alpha,,pcs,10,CNY,13\n"));
    let pool = fieldquote_server::Db::open(&db.url).await.unwrap();
    let before = sync_snapshot(&pool).await;
    assert_eq!(before.0.len(), 1);

    // A missing column, a bad price, unknown currencies on several rows: each reported, in order.
    let out = import(
        &db,
        "sku,name,description,unit,unit_price,currency\n\
         B-1,Beta,,pcs,-5,CNY\n\
         B-2,Gamma,,pcs,10,RMB\n\
         B-3,Delta,,pcs,10,USD\n\
         B-4,Epsilon,,pcs,abc,EUR\n\
         B-5,Zeta,,pcs,10,XXX\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let columns = "the columns are sku,name,description,unit,unit_price,currency,tax_rate";
    assert_eq!(
        stderr(&out),
        format!(
            "error: the file has 5 problems; nothing was imported:\n\
             \x20 row 1: missing column `tax_rate`: {columns}\n\
             \x20 row 2, column 5 (unit_price): must not be negative\n\
             \x20 row 3, column 6 (currency): unknown currency\n\
             \x20 row 5, column 5 (unit_price): not a number\n\
             \x20 row 6, column 6 (currency): unknown currency\n"
        )
    );
    assert_eq!(sync_snapshot(&pool).await, before, "nothing written");

    // One bad row among many good ones: still nothing is written.
    let mut text = HEADER.to_string();
    for i in 0..500 {
        let price = if i == 298 { "12.345" } else { "12.34" };
        writeln!(text, "S-{i},Part {i},,pcs,{price},CNY,13").unwrap();
    }
    writeln!(text, "A-1,Alpha again,,pcs,11,CNY,13,extra").unwrap();
    let out = import(&db, &text);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the file has 2 problems; nothing was imported:\n\
         \x20 row 300, column 5 (unit_price): at most 2 decimal places\n\
         \x20 row 502: 8 fields, but the header has 7\n"
    );
    assert_eq!(sync_snapshot(&pool).await, before, "nothing written");

    let out = cli(&db)
        .args(["import", "products", "/nonexistent/products.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read /nonexistent/products.csv"),
        "{}",
        stderr(&out)
    );
    pool.close().await.unwrap();
}

async fn reimport_updates_what_changed(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    import_ok(
        &db,
        &format!(
            "{HEADER}P-1,Pump,,pcs,100,CNY,13\nP-2,Pipe,,m,5.50,CNY,13\nP-3,Valve,,pcs,20,CNY,13\n"
        ),
    );
    let (s, ann, _sam, root) = serve(db).await;
    let first = ann.pull(0, 500).await;
    let v1 = by_sku(&first.records);

    // An admin deletes P-3 from a device; the next import brings it back.
    root.push_accepted(&[Device::new("root").delete(EntityKind::Product, v1["P-3"].record.id)])
        .await;
    let out = import_ok(
        &s.db,
        &format!(
            "{HEADER}P-1,Pump,,pcs,120,CNY,13\nP-2,Pipe,,m,5.50,CNY,13\n\
             P-3,Valve,,pcs,20,CNY,13\nP-4,Gauge,,pcs,8,CNY,13\n"
        ),
    );
    assert!(out.contains("imported 4 products"), "{out}");
    assert!(out.contains("1 created, 2 updated, 1 unchanged"), "{out}");

    let (changed, _) = ann.pull_from(first.cursor, 500).await;
    let v2 = by_sku(&changed);
    let mut skus: Vec<&str> = v2.keys().map(String::as_str).collect();
    skus.sort_unstable();
    assert_eq!(
        skus,
        ["P-1", "P-3", "P-4"],
        "the unchanged product is not pulled again"
    );
    assert_eq!(
        v2["P-1"].record.id, v1["P-1"].record.id,
        "updated in place, by SKU"
    );
    assert_eq!(field(&v2["P-1"], "unit_price_minor"), &json!(12_000));
    assert_eq!(
        v2["P-1"].record.fields["name"].hlc, v1["P-1"].record.fields["name"].hlc,
        "an unchanged field keeps its clock"
    );
    assert!(
        v2["P-1"].record.fields["unit_price_minor"].hlc
            > v1["P-1"].record.fields["unit_price_minor"].hlc
    );
    assert!(!v2["P-3"].record.is_deleted(), "re-imported, so live again");
    assert_eq!(v2["P-3"].record.id, v1["P-3"].record.id);

    // The same file again changes nothing at all.
    let before = sync_snapshot(s.accounts.db()).await;
    let out = import_ok(
        &s.db,
        &format!(
            "{HEADER}P-1,Pump,,pcs,120,CNY,13\nP-2,Pipe,,m,5.50,CNY,13\n\
             P-3,Valve,,pcs,20,CNY,13\nP-4,Gauge,,pcs,8,CNY,13\n"
        ),
    );
    assert!(out.contains("0 created, 0 updated, 4 unchanged"), "{out}");
    assert_eq!(sync_snapshot(s.accounts.db()).await, before);
}

async fn bank_details_are_set_checked_and_pulled(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let set = |db: &TestDb, args: &[&str]| {
        cli(db)
            .args(["company", "set"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = set(
        &db,
        &[
            "--name",
            "上海精工机电有限公司",
            "--bank-name",
            "招商银行",
            "--bank-account-name",
            "上海精工机电有限公司",
            "--bank-account-number",
            "1219 0888 0010 001",
            "--bank-swift",
            "cmbccnbs",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&cli(&db).args(["company", "show"]).output().unwrap());
    for line in [
        "bank_name\t招商银行",
        "bank_account_number\t1219 0888 0010 001",
        "bank_swift\tCMBCCNBS",
        "bank_branch\t\n",
    ] {
        assert!(shown.contains(line), "{line:?} in {shown}");
    }
    // An account without its number, or a SWIFT code of the wrong shape, is refused and changes nothing.
    let before = cli(&db).args(["company", "show"]).output().unwrap().stdout;
    for (args, needle) in [
        (
            vec!["--bank-account-number", ""],
            "bank_account_number: required",
        ),
        (
            vec!["--bank-swift", "CMB"],
            "bank_swift: not a SWIFT/BIC code",
        ),
    ] {
        let out = set(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(needle), "{}", stderr(&out));
    }
    assert_eq!(
        cli(&db).args(["company", "show"]).output().unwrap().stdout,
        before
    );

    let (_s, ann, _sam, _root) = serve(db).await;
    let page = ann.pull(0, 500).await;
    let profile = &page.records[0];
    assert_eq!(field(profile, "bank_name"), "招商银行");
    assert_eq!(field(profile, "bank_account_name"), "上海精工机电有限公司");
    assert_eq!(field(profile, "bank_account_number"), "1219 0888 0010 001");
    assert_eq!(field(profile, "bank_swift"), "CMBCCNBS");
    assert!(
        !profile.record.fields.contains_key("bank_branch"),
        "a field never given is not written"
    );
}

async fn company_set_appears_in_pull(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let out = cli(&db)
        .args(["company", "set", "--phone", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("name: required"), "{}", stderr(&out));
    let out = cli(&db).args(["company", "show"]).output().unwrap();
    assert!(stdout(&out).contains("no company profile yet"));

    let out = cli(&db)
        .args([
            "company",
            "set",
            "--name",
            "上海精工机电有限公司",
            "--address",
            "上海市浦东新区",
        ])
        .args([
            "--phone",
            "021-5555-0100",
            "--email",
            "sales@jinggong.example",
            "--tax-id",
            "91310000X",
        ])
        .args(["--currency", "CNY"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "company profile set: 上海精工机电有限公司 (CNY)\n"
    );

    let (s, ann, sam, _root) = serve(db).await;
    let page = ann.pull(0, 500).await;
    assert_eq!(page.records.len(), 1);
    let profile = &page.records[0];
    assert_eq!(profile.record.entity, EntityKind::CompanyProfile);
    assert_eq!(profile.record.owner_id, Uuid::nil());
    assert_eq!(
        serde_json::Value::Object(profile.record.values().into_iter().collect()),
        json!({"name": "上海精工机电有限公司", "address": "上海市浦东新区", "phone": "021-5555-0100",
               "email": "sales@jinggong.example", "tax_id": "91310000X", "currency": "CNY"})
    );
    assert_eq!(sam.pull_all().await, page.records);

    // Change one field: the others keep their values; devices pull the record again.
    let out = cli(&s.db)
        .args(["company", "set", "--phone", "021-5555-0199"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let next = ann.pull(page.cursor, 500).await;
    assert_eq!(next.records.len(), 1);
    assert_eq!(
        next.records[0].record.id, profile.record.id,
        "one profile, a fixed id"
    );
    assert_eq!(field(&next.records[0], "phone"), "021-5555-0199");
    assert_eq!(field(&next.records[0], "name"), "上海精工机电有限公司");

    // Invalid input changes nothing; setting the same values is reported as unchanged.
    let before = sync_snapshot(s.accounts.db()).await;
    for (args, needle) in [
        (vec!["--email", "not-an-email"], "email"),
        (vec!["--currency", "XYZ"], "currency: unknown currency"),
        (vec!["--name", " "], "name: required"),
    ] {
        let out = cli(&s.db)
            .args(["company", "set"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(needle), "{}", stderr(&out));
    }
    let out = cli(&s.db)
        .args(["company", "set", "--currency", "cny"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "company profile unchanged: 上海精工机电有限公司 (CNY)\n"
    );
    assert_eq!(sync_snapshot(s.accounts.db()).await, before);
    let out = cli(&s.db).args(["company", "show"]).output().unwrap();
    assert!(
        stdout(&out).contains("phone\t021-5555-0199\n"),
        "{}",
        stdout(&out)
    );
}

fn big_catalog(rows: usize, price_step: u32) -> String {
    let currencies = ["CNY", "USD", "EUR", "JPY", "KWD"];
    let mut text = HEADER.to_string();
    for i in 0..rows {
        let currency = currencies[i % currencies.len()];
        let whole = i % 1000 + price_step as usize * 1000;
        let price = match currency {
            "JPY" => format!("{whole}"),
            "KWD" => format!("{whole}.{:03}", i % 1000),
            _ => format!("{whole}.{:02}", i % 100),
        };
        writeln!(
            text,
            "SKU-{i:05},\"Part {i}, type {}\",Description of part {i},pcs,{price},{currency},{}",
            i % 7,
            [13, 9, 6, 0][i % 4]
        )
        .unwrap();
    }
    text
}

async fn import_of_10000_products_takes_seconds(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let mut timings = Vec::new();
    for (label, step, expect) in [
        ("first import", 1, "10000 created, 0 updated, 0 unchanged"),
        (
            "same file again",
            1,
            "0 created, 0 updated, 10000 unchanged",
        ),
        (
            "every price changed",
            3,
            "0 created, 10000 updated, 0 unchanged",
        ),
    ] {
        let text = big_catalog(10_000, step);
        let started = Instant::now();
        let out = import_ok(&db, &text);
        let took = started.elapsed();
        assert!(out.contains(expect), "{label}: {out}");
        timings.push(format!("{label}: {} ms", took.as_millis()));
        assert!(took.as_secs() < 30, "{label} took {took:?}");
    }
    eprintln!("{backend:?}, 10 000 products: {}", timings.join("; "));

    let (_s, ann, _sam, _root) = serve(db).await;
    let started = Instant::now();
    let (all, _) = ann.pull_from(0, 5000).await;
    eprintln!(
        "{backend:?}: a rep pulls 10 000 products in {} ms",
        started.elapsed().as_millis()
    );
    let products = by_sku(&all);
    assert_eq!(all.len(), 10_000);
    assert_eq!(products.len(), 10_000);
    assert_eq!(field(&products["SKU-00003"], "currency"), "JPY");
    assert_eq!(
        field(&products["SKU-00003"], "unit_price_minor"),
        &json!(3003)
    );
}

const FULL_HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate,name_zh,description_zh,category,active,bundle_pricing,components,accessories\n";

async fn catalog_fields_and_bundles_are_imported_and_checked(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    // The seven-column file first, as before; then the full one adds the catalog fields and the bundles,
    // whose components may name products of the file or of the catalog.
    import_ok(&db, &format!("{HEADER}DRV,Servo drive,,pcs,4280,CNY,13\n"));
    let out = import_ok(
        &db,
        &format!(
            "{FULL_HEADER}MOT,Servo motor,,pcs,3160,CNY,13,伺服电机,,Servo,1,,,\n\
             OLD,Old sensor,,pcs,99,CNY,13,旧传感器,,Sensors,0,,,\n\
             KIT,Servo axis kit,,set,0,CNY,13,伺服轴套装,电机 + 驱动器,Kits,1,sum,DRV*1;MOT*2,OLD\n\
             FIX,Starter kit,,set,8200,CNY,13,入门套装,,Kits,yes,fixed,DRV,\n"
        ),
    );
    assert!(out.contains("4 created, 0 updated, 0 unchanged"), "{out}");
    let pool = fieldquote_server::Db::open(&db.url).await.unwrap();
    let before = sync_snapshot(&pool).await;

    // Bad links: every problem by row and column, nothing written.
    let out = import(
        &db,
        &format!(
            "{FULL_HEADER}NEST,Kit of kits,,set,0,CNY,13,,,,1,sum,KIT*1,\n\
             LOOP,Loop kit,,set,0,CNY,13,,,,1,fixed,LOOP*1;DRV,\n\
             GONE,Ghost kit,,set,0,CNY,13,,,,1,sum,NOPE*2,LOOP\n\
             BAD,Bad kit,,set,0,CNY,13,,,,1,sum,DRV*0,\n\
             MOT,Servo motor,,pcs,3160,CNY,13,伺服电机,,Servo,1,fixed,DRV,\n"
        ),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the file has 1 problem; nothing was imported:\n\
         \x20 row 5, column 13 (components): the quantity of DRV (\"0\") is not valid: must be greater than zero\n",
        "a file that does not parse is refused before the catalog is read"
    );
    let out = import(
        &db,
        &format!(
            "{FULL_HEADER}NEST,Kit of kits,,set,0,CNY,13,,,,1,sum,KIT*1,\n\
             LOOP,Loop kit,,set,0,CNY,13,,,,1,fixed,LOOP*1;DRV,\n\
             GONE,Ghost kit,,set,0,CNY,13,,,,1,sum,NOPE*2,LOOP\n\
             MOT,Servo motor,,pcs,3160,CNY,13,伺服电机,,Servo,1,fixed,DRV,\n"
        ),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the file has 4 problems; nothing was imported:\n\
         \x20 row 2, column 13 (components): KIT is a bundle itself: a bundle's components must be items (bundles do not nest)\n\
         \x20 row 3, column 13 (components): LOOP is a bundle and cannot contain itself\n\
         \x20 row 4, column 13 (components): unknown SKU NOPE\n\
         \x20 row 5, column 12 (bundle_pricing): MOT is a component of the bundle KIT, so it cannot be a bundle (bundles do not nest)\n"
    );
    assert_eq!(sync_snapshot(&pool).await, before, "nothing written");
    pool.close().await.unwrap();

    let (s, ann, _sam, _root) = serve(db).await;
    let products = by_sku(&ann.pull_all().await);
    let id = |sku: &str| products[sku].record.id;
    let kit = &products["KIT"];
    assert_eq!(field(kit, "name_zh"), &json!("伺服轴套装"));
    assert_eq!(field(kit, "description_zh"), &json!("电机 + 驱动器"));
    assert_eq!(field(kit, "category"), &json!("Kits"));
    assert_eq!(field(kit, "bundle_pricing"), &json!("sum"));
    let components =
        fieldquote_domain::catalog::decode_components(field(kit, "components").as_str().unwrap())
            .unwrap();
    let parts: Vec<(Uuid, &str)> = components
        .iter()
        .map(|c| (c.product_id, c.quantity.as_str()))
        .collect();
    assert_eq!(parts, [(id("DRV"), "1"), (id("MOT"), "2")]);
    assert_eq!(
        fieldquote_domain::catalog::decode_accessories(field(kit, "accessories").as_str().unwrap())
            .unwrap(),
        [id("OLD")]
    );
    assert_eq!(field(&products["OLD"], "active"), &json!(0));
    assert_eq!(field(&products["FIX"], "active"), &json!(1));
    assert!(
        !products["DRV"].record.fields.contains_key("active"),
        "the seven-column file did not write the catalog fields"
    );

    // The seven columns again: prices change, bundles and names stay.
    let out = import_ok(
        &s.db,
        &format!("{HEADER}KIT,Servo axis kit,,set,0,CNY,13\nMOT,Servo motor,,pcs,3300,CNY,13\n"),
    );
    assert!(out.contains("0 created, 1 updated, 1 unchanged"), "{out}");
    let again = by_sku(&ann.pull_all().await);
    assert_eq!(again["KIT"].record, products["KIT"].record);
    assert_eq!(field(&again["MOT"], "name_zh"), &json!("伺服电机"));

    // A bundle made an item loses its components.
    import_ok(
        &s.db,
        "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing\nFIX,Starter kit,,set,8200,CNY,13,\n",
    );
    let fix = &by_sku(&ann.pull_all().await)["FIX"];
    assert_eq!(
        (field(fix, "bundle_pricing"), field(fix, "components")),
        (&json!(""), &json!(""))
    );
}
