//! One pull's pages applied to real SQLite files in different orders, and with a page delivered twice: the
//! device ends with the same rows, shadows and conflicts. The pages hold customers this device edited without
//! pushing yet (so conflicts are recorded), and quotes and lines that may arrive before what they point to.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{EntityKind, FieldValue, PullResponse, PulledRecord, Record};
use fieldquote_store::{Origin, Store};
use proptest::prelude::*;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

fn id(kind: u8, n: u32) -> Uuid {
    Uuid::from_u128((u128::from(kind) << 64) | u128::from(n) | (1 << 100))
}

fn record(entity: EntityKind, id: Uuid, at: &str, fields: &[(&str, Value)]) -> Record {
    let mut r = Record::new(entity, id, Uuid::nil());
    for (name, value) in fields.iter().chain([&("_deleted", json!(false))]) {
        r.fields.insert(
            (*name).to_string(),
            FieldValue {
                value: value.clone(),
                hlc: at.to_string(),
                base: None,
            },
        );
    }
    r
}

/// The device before the pull (a data directory to copy) and the pull's records.
struct World {
    template: tempfile::TempDir,
    records: Vec<Record>,
}

/// What a quote or line points to, by index into `customers` / `quotes` (past the end: nobody sends it).
#[derive(Debug, Clone)]
struct Shape {
    /// Per local customer: the server's name for it, and how many milliseconds after the local edit the
    /// server's write was (negative: before).
    remote_edits: Vec<(usize, i64)>,
    /// Per quote: its customer (local ones first, then the server's).
    quotes: Vec<usize>,
    /// Per line: its quote and product.
    lines: Vec<(usize, usize)>,
}

const NAMES: [&str; 3] = ["苏州精工", "Northwind", "绿源水务"];

async fn world(shape: &Shape) -> World {
    let template = tempfile::tempdir().unwrap();
    let store = Store::open(template.path()).await.unwrap();
    let mut customers = Vec::new();
    for n in 0..shape.remote_edits.len() {
        let c = store
            .create_account(
                &AccountInput {
                    name: format!("本地客户 {n}"),
                    ..Default::default()
                },
                Origin::Ui,
            )
            .await
            .unwrap();
        customers.push(c.id);
    }
    let edits = store.outbox_batch(100).await.unwrap();
    store.close().await.unwrap();
    let local_ms = edits.first().map_or(1_800_000_000_000, |c| {
        c.change.hlc.parse::<Hlc>().unwrap().wall_ms
    });
    let srv = |delta: i64| {
        Hlc {
            wall_ms: local_ms + delta,
            counter: 0,
            node: "srv".into(),
        }
        .to_string()
    };

    let mut records = Vec::new();
    for (n, (name, delta)) in shape.remote_edits.iter().enumerate() {
        records.push(record(
            EntityKind::Customer,
            customers[n],
            &srv(*delta),
            &[("name", json!(NAMES[*name])), ("phone", json!("0512-1"))],
        ));
    }
    for n in 0..2 {
        customers.push(id(1, n));
        records.push(record(
            EntityKind::Customer,
            id(1, n),
            &srv(-50),
            &[("name", json!(format!("Server customer {n}")))],
        ));
    }
    for n in 0..2 {
        records.push(record(
            EntityKind::Product,
            id(2, n),
            &srv(-60),
            &[
                ("sku", json!(format!("SRV-{n}"))),
                ("name", json!("Drive")),
                ("unit", json!("pcs")),
                ("unit_price_minor", json!(428_000)),
                ("currency", json!("CNY")),
                ("tax_rate", json!("13")),
            ],
        ));
    }
    for (n, customer) in shape.quotes.iter().enumerate() {
        let n = u32::try_from(n).unwrap();
        let customer = customers
            .get(*customer)
            .copied()
            .unwrap_or_else(|| id(9, n));
        records.push(record(
            EntityKind::Quote,
            id(3, n),
            &srv(-40),
            &[
                ("number", json!(format!("Q-2026-SRV-{n:04}"))),
                ("customer_id", json!(customer.to_string())),
                ("status", json!("draft")),
                ("currency", json!("CNY")),
                ("issue_date", json!("2026-12-05")),
                ("valid_until", json!("2027-01-04")),
            ],
        ));
    }
    for (n, (quote, product)) in shape.lines.iter().enumerate() {
        let n = u32::try_from(n).unwrap();
        records.push(record(
            EntityKind::QuoteLine,
            id(4, n),
            &srv(-30),
            &[
                (
                    "quote_id",
                    json!(id(3, u32::try_from(*quote).unwrap()).to_string()),
                ),
                (
                    "product_id",
                    json!(id(2, u32::try_from(*product).unwrap()).to_string()),
                ),
                ("position", json!(n)),
                ("quantity", json!("2")),
                ("discount_percent", json!("0")),
                ("tax_rate", json!("13")),
                ("kind", json!("item")),
            ],
        ));
    }
    World { template, records }
}

/// The records in pages, cut after the positions in `cuts`.
fn pages(records: &[Record], cuts: &[usize]) -> Vec<Vec<PulledRecord>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (records.len() + 1)).collect();
    cuts.push(records.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            out.push(
                records[start..cut]
                    .iter()
                    .zip(1_i64..)
                    .map(|(r, seq)| PulledRecord {
                        seq,
                        record: r.clone(),
                    })
                    .collect(),
            );
            start = cut;
        }
    }
    out
}

/// The tables a pull writes, as text: each row as a JSON array, the shadows, and the conflicts without
/// their ids and detection times.
async fn dump(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let url = format!(
        "sqlite://{}?mode=ro",
        dir.join(fieldquote_store::DB_FILE).display()
    );
    let db = Database::connect(url.as_str()).await.unwrap();
    let mut out = BTreeMap::new();
    for table in [
        "customer",
        "product",
        "quote",
        "quote_line",
        "sync_shadow",
        "sync_conflict",
        "outbox",
    ] {
        let columns: Vec<String> = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT name FROM pragma_table_info('{table}')"),
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .filter(|c| !(table == "sync_conflict" && (c == "id" || c == "detected_at")))
            .collect();
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!(
                    "SELECT json_array({cols}) AS row FROM {table} ORDER BY row",
                    cols = columns.join(", ")
                ),
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect();
        out.insert(table.to_string(), rows);
    }
    db.close().await.unwrap();
    out
}

/// A copy of the world's device with `pages` pulled, dumped.
async fn pull_all(world: &World, pages: &[Vec<PulledRecord>]) -> BTreeMap<String, Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(world.template.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let store = Store::open(dir.path()).await.unwrap();
    for (i, page) in pages.iter().enumerate() {
        store
            .apply_pull(&PullResponse {
                records: page.clone(),
                cursor: i64::try_from(i).unwrap() + 1,
                has_more: false,
                revoked: Vec::new(),
            })
            .await
            .unwrap();
    }
    store.close().await.unwrap();
    dump(dir.path()).await
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::collection::vec((0_usize..3, -3_i64..=3), 1..3),
        prop::collection::vec(0_usize..5, 0..3),
        prop::collection::vec((0_usize..4, 0_usize..2), 0..4),
    )
        .prop_map(|(remote_edits, quotes, lines)| Shape {
            remote_edits,
            quotes,
            lines,
        })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn pages_in_any_order_or_delivered_twice_leave_the_same_device(
        shape in shape(),
        cuts in prop::collection::vec(0_usize..16, 1..4),
        swaps in prop::collection::vec(any::<prop::sample::Index>(), 1..5),
        again in any::<prop::sample::Index>(),
        again_at in any::<prop::sample::Index>(),
    ) {
        let rt = runtime();
        let world = rt.block_on(world(&shape));
        let in_order = pages(&world.records, &cuts);
        let mut shuffled = in_order.clone();
        for (i, pick) in swaps.iter().enumerate() {
            let n = shuffled.len();
            shuffled.swap(i % n, pick.index(n));
        }
        let i = again.index(in_order.len());
        let mut twice = in_order.clone();
        twice.insert(i + 1 + again_at.index(in_order.len() - i), in_order[i].clone());

        let expected = rt.block_on(pull_all(&world, &in_order));
        let conflicts = expected["sync_conflict"].len();
        prop_assert!(conflicts <= shape.remote_edits.len() * 2);
        prop_assert_eq!(&rt.block_on(pull_all(&world, &shuffled)), &expected, "pages reordered");
        prop_assert_eq!(&rt.block_on(pull_all(&world, &twice)), &expected, "page {} twice", i);
    }
}

/// The world above, once by hand: a local edit another device overwrote is a conflict, a line before its
/// quote waits and is written when the quote arrives, a quote whose customer never came waits.
#[tokio::test]
async fn a_pull_in_pages_records_conflicts_and_writes_children_after_their_parents() {
    let shape = Shape {
        remote_edits: vec![(1, 2)],
        quotes: vec![1, 9],
        lines: vec![(0, 0), (1, 1)],
    };
    let world = world(&shape).await;
    // Lines first, then the quotes, then everything else.
    let mut records = world.records.clone();
    records.sort_by_key(|r| match r.entity {
        EntityKind::QuoteLine => 0,
        EntityKind::Quote => 1,
        _ => 2,
    });
    let state = pull_all(&world, &pages(&records, &[1, 2, 3, 4])).await;
    // The name and the phone were both changed here (the customer is new here) and on the server.
    let conflicts = &state["sync_conflict"];
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    assert!(
        conflicts
            .iter()
            .any(|c| c.contains("Northwind") && c.contains("本地客户 0")),
        "{conflicts:?}"
    );
    assert_eq!(
        state["quote"].len(),
        1,
        "the quote of an unknown customer waits"
    );
    assert_eq!(state["quote_line"].len(), 1, "its line waits with it");
    let waiting = state["sync_shadow"]
        .iter()
        .filter(|s| s.ends_with(",0]"))
        .count();
    assert_eq!(waiting, 2, "{:?}", state["sync_shadow"]);
    // In order, the same.
    assert_eq!(pull_all(&world, &pages(&world.records, &[])).await, state);
}
