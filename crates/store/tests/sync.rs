//! The device side of sync on real SQLite files: outbox → changes, push results, pulled pages applied with
//! their cursor, conflicts, and the server's catalog replacing a local one. The server's part is played by
//! `Hub`, which merges with the same `Record::apply` the server uses; the HTTP server has its own tests.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_domain::sync::{
    Change, ChangeOutcome, ChangeResult, EntityKind, PullResponse, PulledRecord, Record, RejectCode,
};
use fieldquote_store::{Origin, OutboxChange, Store};
use serde_json::json;
use uuid::Uuid;

/// Merged records with a sequence number each, like the server's table.
#[derive(Default)]
struct Hub {
    records: BTreeMap<(EntityKind, Uuid), (Record, i64)>,
    seq: i64,
    applied: std::collections::HashSet<Uuid>,
}

impl Hub {
    fn write(&mut self, change: &Change, owner: Uuid) {
        if !self.applied.insert(change.change_id) {
            return;
        }
        let key = (change.entity, change.entity_id);
        let (mut record, seq) = self
            .records
            .remove(&key)
            .unwrap_or_else(|| (Record::new(change.entity, change.entity_id, owner), 0));
        let changed = record.apply(change);
        let seq = if changed {
            self.seq += 1;
            self.seq
        } else {
            seq
        };
        self.records.insert(key, (record, seq));
    }

    fn push(&mut self, batch: &[OutboxChange], owner: Uuid) -> Vec<ChangeResult> {
        batch
            .iter()
            .map(|c| {
                self.write(&c.change, owner);
                ChangeResult {
                    change_id: c.change.change_id,
                    outcome: ChangeOutcome::Accepted,
                }
            })
            .collect()
    }

    fn pull(&self, cursor: i64, limit: usize) -> PullResponse {
        let mut rows: Vec<_> = self.records.values().filter(|(_, s)| *s > cursor).collect();
        rows.sort_by_key(|(_, s)| *s);
        let has_more = rows.len() > limit;
        let records: Vec<PulledRecord> = rows
            .into_iter()
            .take(limit)
            .map(|(r, s)| PulledRecord {
                seq: *s,
                record: r.clone(),
            })
            .collect();
        let cursor = records.last().map_or(cursor, |r| r.seq);
        PullResponse {
            records,
            cursor,
            has_more,
            revoked: Vec::new(),
        }
    }

    /// A catalog product written on the server.
    fn product(&mut self, sku: &str, price_minor: i64) -> Uuid {
        self.product_with(sku, price_minor, Vec::new())
    }

    /// A product written by the server with `extra` fields besides the first seven.
    fn product_with(
        &mut self,
        sku: &str,
        price_minor: i64,
        extra: Vec<(&str, serde_json::Value)>,
    ) -> Uuid {
        let id = Uuid::now_v7();
        let hlc = fieldquote_domain::hlc::Hlc::tick(
            None,
            chrono::Utc::now().timestamp_millis(),
            "server",
        );
        let fields = [
            ("sku", json!(sku)),
            ("name", json!(format!("Server {sku}"))),
            ("description", json!("")),
            ("unit", json!("pcs")),
            ("unit_price_minor", json!(price_minor)),
            ("currency", json!("CNY")),
            ("tax_rate", json!("13")),
        ]
        .into_iter()
        .chain(extra);
        let change = Change {
            change_id: Uuid::now_v7(),
            entity: EntityKind::Product,
            entity_id: id,
            hlc: hlc.to_string(),
            fields: fields.map(|(k, v)| (k.to_string(), v)).collect(),
            deleted: false,
            base: BTreeMap::new(),
        };
        self.write(&change, Uuid::nil());
        id
    }
}

/// One full sync of `store` with `hub`: push everything, then pull in pages of `page`.
async fn sync(store: &Store, hub: &mut Hub, user: Uuid, page: usize) -> (usize, usize) {
    let mut conflicts = 0;
    loop {
        let batch = store.outbox_batch(50).await.unwrap();
        if batch.is_empty() {
            break;
        }
        let results = hub.push(&batch, user);
        store.finish_push(&batch, &results).await.unwrap();
    }
    let mut pulled = 0;
    loop {
        let cursor = store.sync_state().await.unwrap().cursor;
        let resp = hub.pull(cursor, page);
        let tally = store.apply_pull(&resp).await.unwrap();
        pulled += tally.records;
        conflicts += tally.conflicts;
        if !resp.has_more {
            break;
        }
    }
    (pulled, conflicts)
}

/// A laptop signed in as `user`, registered with a prefix of its own.
async fn device(dir: &std::path::Path, user: Uuid) -> Store {
    let store = Store::open(dir).await.unwrap();
    register(&store, user).await;
    store
}

async fn register(store: &Store, user: Uuid) -> String {
    static DEVICES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    let prefix = format!(
        "D{}",
        DEVICES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    store
        .set_sync_account("http://127.0.0.1:9", user, "rep@example.cn", &prefix)
        .await
        .unwrap();
    prefix
}

fn customer(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_quote_made_on_one_device_arrives_whole_on_another() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let user = Uuid::now_v7();
    let mut hub = Hub::default();
    let plc = hub.product("PLC-1", 388_000);
    let a = device(da.path(), user).await;
    let b = device(db.path(), user).await;
    sync(&a, &mut hub, user, 2).await;

    let c = a
        .create_account(&customer("上海华东机电设备有限公司"), Origin::Ui)
        .await
        .unwrap();
    let draft = QuoteDraft {
        id: None,
        customer_id: Some(c.id),
        notes: "离线报价".into(),
        lines: vec![QuoteLineDraft {
            id: None,
            product_id: plc,
            quantity: "2".into(),
            discount_percent: "5".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let quote = a.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(a.sync_state().await.unwrap().pending_changes, 3);
    sync(&a, &mut hub, user, 2).await;
    assert_eq!(a.sync_state().await.unwrap().pending_changes, 0);

    // Small pages: the lines may come before their quote; they wait, then appear.
    let (pulled, conflicts) = sync(&b, &mut hub, user, 1).await;
    assert!(pulled >= 4 && conflicts == 0);
    let on_b = b.get_quote(quote.id.unwrap()).await.unwrap();
    assert_eq!(on_b.number, quote.number);
    assert_eq!(on_b.total, quote.total);
    assert_eq!(on_b.customer.unwrap().name, "上海华东机电设备有限公司");
    assert_eq!(
        b.sync_state().await.unwrap().pending_changes,
        0,
        "applied records are not pushed back"
    );

    // Pulling again from the stored cursor brings nothing new.
    let cursor = b.sync_state().await.unwrap().cursor;
    assert_eq!(hub.pull(cursor, 100).records.len(), 0);
}

/// A page is applied a few statements at a time: a quote and its lines in one page arrive whole, whether the
/// lines come after their quote or before it (then they wait for it within the page).
#[tokio::test]
async fn a_page_holding_a_quote_and_its_lines_arrives_whole_in_any_order() {
    let dirs = [(); 3].map(|_| tempfile::tempdir().unwrap());
    let user = Uuid::now_v7();
    let mut hub = Hub::default();
    let plc = hub.product("PLC-1", 388_000);
    let cable = hub.product("CBL-5", 1_250);
    let a = device(dirs[0].path(), user).await;
    sync(&a, &mut hub, user, 100).await;
    let c = a
        .create_account(&customer("上海华东机电设备有限公司"), Origin::Ui)
        .await
        .unwrap();
    let line = |product_id| QuoteLineDraft {
        id: None,
        product_id,
        quantity: "2".into(),
        discount_percent: "5".into(),
        ..Default::default()
    };
    let draft = QuoteDraft {
        id: None,
        customer_id: Some(c.id),
        notes: String::new(),
        lines: vec![line(plc), line(cable), line(plc)],
        ..Default::default()
    };
    let quote = a.save_quote(&draft, Origin::Ui).await.unwrap();
    sync(&a, &mut hub, user, 100).await;

    for (dir, reversed) in [(&dirs[1], false), (&dirs[2], true)] {
        let store = device(dir.path(), user).await;
        let mut page = hub.pull(0, 100);
        assert!(!page.has_more);
        if reversed {
            page.records.reverse();
        }
        let tally = store.apply_pull(&page).await.unwrap();
        assert_eq!((tally.records, tally.conflicts), (7, 0));
        let got = store.get_quote(quote.id.unwrap()).await.unwrap();
        assert_eq!(got.lines.len(), 3, "reversed: {reversed}");
        assert_eq!(got.total, quote.total);
        assert_eq!(got.customer.unwrap().name, "上海华东机电设备有限公司");
        assert_eq!(store.list_products("").await.unwrap().len(), 2);
        assert_eq!(store.sync_state().await.unwrap().cursor, page.cursor);
    }
}

/// Two laptops of one user that both hold customer "Acme", created on A and synced everywhere.
struct SharedCustomer {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    user: Uuid,
    hub: Hub,
    a: Store,
    b: Store,
    id: Uuid,
}

impl SharedCustomer {
    async fn new() -> Self {
        let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let user = Uuid::now_v7();
        let mut hub = Hub::default();
        let a = device(dirs.0.path(), user).await;
        let b = device(dirs.1.path(), user).await;
        let id = a
            .create_account(&customer("Acme"), Origin::Ui)
            .await
            .unwrap()
            .id;
        sync(&a, &mut hub, user, 10).await;
        sync(&b, &mut hub, user, 10).await;
        Self {
            _dirs: dirs,
            user,
            hub,
            a,
            b,
            id,
        }
    }

    /// Sync A; the number of conflicts it recorded.
    async fn sync_a(&mut self) -> usize {
        sync(&self.a, &mut self.hub, self.user, 10).await.1
    }

    async fn sync_b(&mut self) -> usize {
        sync(&self.b, &mut self.hub, self.user, 10).await.1
    }

    /// Edit the customer on `store` (A or B), keeping the name.
    async fn edit(&self, store: &Store, phone: &str, email: &str) {
        let input = AccountInput {
            name: "Acme".into(),
            phone: phone.into(),
            email: email.into(),
            ..Default::default()
        };
        store
            .update_account(self.id, &input, Origin::Ui)
            .await
            .unwrap();
    }

    async fn phone(&self, store: &Store) -> String {
        store.get_account(self.id).await.unwrap().phone
    }
}

/// Lets a later edit get a later clock reading than an earlier one on another device.
async fn later() {
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
}

#[tokio::test]
async fn a_concurrent_edit_that_loses_is_kept_as_a_conflict() {
    let mut t = SharedCustomer::new().await;
    // Both edit the phone offline; B's edit is later.
    t.edit(&t.a, "111", "").await;
    later().await;
    t.edit(&t.b, "222", "").await;

    // B syncs first (its edit is on the server), then A: A's unpushed edit loses to B's later one.
    t.sync_b().await;
    let conflicts_a = t.sync_a().await;
    let conflicts_b = t.sync_b().await;
    assert_eq!(t.phone(&t.a).await, "222");
    assert_eq!(t.phone(&t.b).await, "222");
    assert_eq!((conflicts_a, conflicts_b), (1, 0));
    let open = t.a.open_conflicts().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].field.as_str(),
            open[0].local_value.as_str(),
            open[0].remote_value.as_str()
        ),
        ("phone", "\"111\"", "\"222\"")
    );
}

#[tokio::test]
async fn a_pushed_edit_overwritten_by_a_later_concurrent_one_is_kept_as_a_conflict() {
    let mut t = SharedCustomer::new().await;
    t.edit(&t.a, "111", "").await;
    // A pushes (its own edit comes back unchanged: no conflict).
    assert_eq!(t.sync_a().await, 0);
    // B never saw 111 and edits later, then syncs: B's value wins on the server.
    later().await;
    t.edit(&t.b, "222", "").await;
    assert_eq!(t.sync_b().await, 0);
    // A learns its pushed 111 was replaced: a conflict, both values kept.
    assert_eq!(t.sync_a().await, 1);
    let open = t.a.open_conflicts().await.unwrap();
    assert_eq!(
        (open[0].local_value.as_str(), open[0].remote_value.as_str()),
        ("\"111\"", "\"222\"")
    );
    assert_eq!(t.phone(&t.a).await, "222");
    // Once seen, the same state does not conflict again.
    assert_eq!(t.sync_a().await, 0);
}

#[tokio::test]
async fn overwriting_a_value_one_has_seen_is_not_a_conflict() {
    let mut t = SharedCustomer::new().await;
    t.edit(&t.a, "111", "").await;
    t.sync_a().await;
    // B sees 111, then changes it knowingly.
    t.sync_b().await;
    t.edit(&t.b, "333", "").await;
    t.sync_b().await;
    assert_eq!(t.sync_a().await, 0);
    assert_eq!(t.phone(&t.a).await, "333");
}

#[tokio::test]
async fn edits_of_different_fields_on_two_devices_both_survive() {
    let mut t = SharedCustomer::new().await;
    // A changes the phone first; B, later and without having seen it, changes the e-mail.
    t.edit(&t.a, "111", "").await;
    later().await;
    t.edit(&t.b, "", "buy@acme.example").await;
    // Saving unchanged input records nothing to push.
    t.edit(&t.b, "", "buy@acme.example").await;
    assert_eq!(t.b.sync_state().await.unwrap().pending_changes, 1);

    let conflicts = t.sync_a().await + t.sync_b().await + t.sync_a().await;
    for store in [&t.a, &t.b] {
        let got = store.get_account(t.id).await.unwrap();
        assert_eq!(
            (got.phone.as_str(), got.email.as_str()),
            ("111", "buy@acme.example")
        );
    }
    assert_eq!(conflicts, 0, "different fields do not conflict");
}

#[tokio::test]
async fn the_servers_catalog_fields_and_bundles_reach_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let user = Uuid::now_v7();
    store
        .set_sync_account("http://127.0.0.1:9", user, "rep@example.cn", "RE1")
        .await
        .unwrap();
    let mut hub = Hub::default();
    // Written before the server knew the catalog fields: no `active` field, so active.
    let drv = hub.product("DRV", 428_000);
    let mot = hub.product_with(
        "MOT",
        316_000,
        vec![
            ("name_zh", json!("伺服电机")),
            ("category", json!("Servo")),
            ("active", json!(0)),
        ],
    );
    let components = fieldquote_domain::catalog::encode_components(&[
        fieldquote_domain::catalog::BundleComponent {
            product_id: drv,
            quantity: "1".into(),
        },
        fieldquote_domain::catalog::BundleComponent {
            product_id: mot,
            quantity: "2".into(),
        },
    ]);
    let kit = hub.product_with(
        "KIT",
        0,
        vec![
            ("bundle_pricing", json!("sum")),
            ("components", json!(components)),
            ("accessories", json!(format!("[\"{drv}\"]"))),
        ],
    );
    sync(&store, &mut hub, user, 2).await;
    let drv = store.get_product(drv).await.unwrap();
    assert!(drv.active, "a product from before the flag is active");
    let mot = store.get_product(mot).await.unwrap();
    assert_eq!(
        (mot.name_zh.as_str(), mot.category.as_str(), mot.active),
        ("伺服电机", "Servo", false)
    );
    let kit = store.get_product(kit).await.unwrap();
    assert_eq!(kit.bundle_pricing, "sum");
    assert_eq!(kit.components.len(), 2);
    assert_eq!(kit.components[1].quantity, "2");
    assert_eq!(kit.accessories, vec![drv.id]);
    // The inactive motor is not offered, so the kit cannot be added either.
    let err = store.lines_for_product(kit.id, "1").await.unwrap_err();
    assert!(err.to_string().contains("inactive"), "{err}");
}

#[tokio::test]
async fn the_server_catalog_replaces_a_local_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let local = ProductInput {
        sku: "PLC-1".into(),
        name: "Local PLC".into(),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: "100.00".into(),
        currency: "CNY".into(),
        tax_rate: "13".into(),
        ..Default::default()
    };
    let local = store.upsert_product(&local, Origin::Ui).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let q = QuoteDraft {
        id: None,
        customer_id: Some(c.id),
        notes: String::new(),
        lines: vec![QuoteLineDraft {
            id: None,
            product_id: local.id,
            quantity: "1".into(),
            discount_percent: "0".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let q = store.save_quote(&q, Origin::Ui).await.unwrap();

    let user = Uuid::now_v7();
    store
        .set_sync_account("http://127.0.0.1:9", user, "rep@example.cn", "RE1")
        .await
        .unwrap();
    let batch = store.outbox_batch(100).await.unwrap();
    assert!(
        batch.iter().all(|c| !c.change.entity.server_owned()),
        "local catalog changes are not pushed"
    );
    assert!(
        batch
            .iter()
            .all(|c| !c.change.fields.contains_key("owner_id"))
    );

    let mut hub = Hub::default();
    let server_plc = hub.product("PLC-1", 120_000);
    sync(&store, &mut hub, user, 10).await;
    let catalog = store.list_products("").await.unwrap();
    assert_eq!(catalog.len(), 1);
    assert_eq!(
        (catalog[0].id, catalog[0].unit_price.as_str()),
        (server_plc, "1200.00")
    );
    // The quote made before keeps its recorded price.
    assert_eq!(
        store.get_quote(q.id.unwrap()).await.unwrap().total,
        "113.00"
    );
}

#[tokio::test]
async fn rejected_changes_leave_the_outbox_and_are_kept_for_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let user = Uuid::now_v7();
    let store = device(dir.path(), user).await;
    store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    store
        .create_account(&customer("Beta"), Origin::Ui)
        .await
        .unwrap();
    let batch = store.outbox_batch(10).await.unwrap();
    let results = vec![
        ChangeResult {
            change_id: batch[0].change.change_id,
            outcome: ChangeOutcome::Accepted,
        },
        ChangeResult {
            change_id: batch[1].change.change_id,
            outcome: ChangeOutcome::Rejected {
                code: RejectCode::Forbidden,
                reason: "not yours".into(),
            },
        },
    ];
    let tally = store.finish_push(&batch, &results).await.unwrap();
    assert_eq!((tally.accepted, tally.rejected), (1, 1));
    let state = store.sync_state().await.unwrap();
    assert_eq!((state.pending_changes, state.rejected_changes), (0, 1));
}

#[tokio::test]
async fn signing_in_makes_local_rows_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let c = store
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let user = Uuid::now_v7();
    store
        .set_sync_account("http://127.0.0.1:9", user, "rep@example.cn", "RE1")
        .await
        .unwrap();
    assert_eq!(store.device().await.unwrap().owner_id, user.to_string());
    let state = store.sync_state().await.unwrap();
    assert_eq!(state.user_email.as_deref(), Some("rep@example.cn"));
    assert_eq!(state.pending_changes, 1);
    // New rows belong to the user too.
    store
        .update_account(c.id, &customer("Acme 2"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(store.sync_state().await.unwrap().pending_changes, 2);
}

#[tokio::test]
async fn quotes_numbered_before_registration_on_two_laptops_both_arrive() {
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (ann, bob, boss) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let mut hub = Hub::default();
    hub.product("PLC-1", 388_000);
    let a = Store::open(dirs[0].path()).await.unwrap();
    let b = Store::open(dirs[1].path()).await.unwrap();
    let year = chrono::Local::now().format("%Y").to_string();
    let first = format!("Q-{year}-0001");

    // Offline, before either laptop knows the server: both number their first quote alike.
    let mut ids = Vec::new();
    for (store, user) in [(&a, ann), (&b, bob)] {
        let draft = QuoteDraft {
            id: None,
            customer_id: Some(
                store
                    .create_account(&customer("Acme"), Origin::Ui)
                    .await
                    .unwrap()
                    .id,
            ),
            notes: String::new(),
            lines: vec![],
            ..Default::default()
        };
        let q = store.save_quote(&draft, Origin::Ui).await.unwrap();
        assert_eq!(q.number.as_deref(), Some(first.as_str()));
        ids.push(q.id.unwrap());
        let prefix = register(store, user).await;
        sync(store, &mut hub, user, 10).await;
        // Registered: new numbers carry the device's prefix and go on counting.
        let next = store.save_quote(&draft, Origin::Ui).await.unwrap();
        assert_eq!(next.number, Some(format!("Q-{year}-{prefix}-0002")));
    }
    // Both arrive on a third laptop (and on each other's), numbers kept as they were.
    let m = device(dirs[2].path(), boss).await;
    sync(&a, &mut hub, ann, 10).await;
    sync(&b, &mut hub, bob, 10).await;
    sync(&m, &mut hub, boss, 3).await;
    for id in &ids {
        assert_eq!(
            m.get_quote(*id).await.unwrap().number.as_ref(),
            Some(&first)
        );
        assert_eq!(
            a.get_quote(*id).await.unwrap().number.as_ref(),
            Some(&first)
        );
    }
    // Looking a shared number up: one's own quote on one's laptop; elsewhere it is ambiguous.
    assert_eq!(
        a.get_quote_by_number(&first).await.unwrap().id,
        Some(ids[0])
    );
    assert_eq!(
        b.get_quote_by_number(&first).await.unwrap().id,
        Some(ids[1])
    );
    let err = m.get_quote_by_number(&first).await.unwrap_err();
    assert!(
        matches!(
            err,
            fieldquote_store::StoreError::Refused(fieldquote_domain::Refusal::Ambiguous {
                count: 2,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(m.list_quotes("").await.unwrap().len(), 4);
}

#[tokio::test]
async fn keeping_my_side_of_a_conflict_syncs_back_to_everyone() {
    use fieldquote_store::Keep;
    let mut t = SharedCustomer::new().await;
    // Phone and email edited on both laptops; B's edits are later and win at first.
    t.edit(&t.a, "111", "a@acme.cn").await;
    later().await;
    t.edit(&t.b, "222", "b@acme.cn").await;
    t.sync_b().await;
    assert_eq!(t.sync_a().await, 2);
    let items = t.a.conflict_items().await.unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|c| c.label == "Acme" && !c.showing_mine));
    let phone = items.iter().find(|c| c.field == "phone").unwrap();
    assert_eq!((phone.mine.as_str(), phone.theirs.as_str()), ("111", "222"));
    let email = items.iter().find(|c| c.field == "email").unwrap();

    // A merges: its phone, B's email. Keeping theirs changes nothing locally.
    t.a.resolve_conflict(&phone.id, Keep::Mine).await.unwrap();
    t.a.resolve_conflict(&email.id, Keep::Theirs).await.unwrap();
    assert!(t.a.conflict_items().await.unwrap().is_empty());
    assert_eq!(t.a.sync_state().await.unwrap().pending_changes, 1);
    assert_eq!(t.phone(&t.a).await, "111");
    // A settled conflict cannot be settled again.
    let again = t.a.resolve_conflict(&phone.id, Keep::Theirs).await;
    assert!(matches!(
        again,
        Err(fieldquote_store::StoreError::Refused(
            fieldquote_domain::Refusal::NotFound { .. }
        ))
    ));

    // The choice travels: B ends up with the merge, and it is not a conflict there (A had seen 222).
    assert_eq!(t.sync_a().await, 0);
    assert_eq!(t.sync_b().await, 0);
    let on_b = t.b.get_account(t.id).await.unwrap();
    assert_eq!(
        (on_b.phone.as_str(), on_b.email.as_str()),
        ("111", "b@acme.cn")
    );
    assert!(t.b.conflict_items().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_connected_device_keeps_the_servers_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let store = device(dir.path(), Uuid::now_v7()).await;
    // No demo data on a connected device, and no local catalog edits.
    let report = fieldquote_store::demo::load(&store).await.unwrap();
    assert_eq!(report, fieldquote_store::demo::DemoReport::default());
    let input = ProductInput {
        sku: "X-1".into(),
        name: "X".into(),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: "1.00".into(),
        currency: "CNY".into(),
        tax_rate: "13".into(),
        ..Default::default()
    };
    let err = store.upsert_product(&input, Origin::Ui).await.unwrap_err();
    assert!(
        matches!(
            err,
            fieldquote_store::StoreError::Refused(fieldquote_domain::Refusal::ServerOwned {
                data: fieldquote_domain::refusal::ServerData::Catalog,
                ..
            })
        ),
        "{err}"
    );
    assert!(store.list_products("").await.unwrap().is_empty());
    assert_eq!(store.sync_state().await.unwrap().pending_changes, 0);
}

#[tokio::test]
async fn an_edit_here_against_a_delete_there_is_a_conflict_and_can_bring_the_line_back() {
    use fieldquote_store::Keep;
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let user = Uuid::now_v7();
    let mut hub = Hub::default();
    let plc = hub.product("PLC-1", 388_000);
    let cable = hub.product("CBL-1", 1_250);
    let a = device(da.path(), user).await;
    let b = device(db.path(), user).await;
    sync(&a, &mut hub, user, 10).await;
    let c = a
        .create_account(&customer("Acme"), Origin::Ui)
        .await
        .unwrap();
    let line = |product_id, quantity: &str| QuoteLineDraft {
        id: None,
        product_id,
        quantity: quantity.into(),
        discount_percent: "0".into(),
        ..Default::default()
    };
    let q = a
        .save_quote(
            &QuoteDraft {
                id: None,
                customer_id: Some(c.id),
                notes: String::new(),
                lines: vec![line(plc, "1"), line(cable, "10")],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    sync(&a, &mut hub, user, 10).await;
    sync(&b, &mut hub, user, 10).await;

    // A changes the PLC line's quantity; later, B drops that line. B syncs first.
    let mut on_a = a.get_quote(q.id.unwrap()).await.unwrap().to_draft();
    on_a.lines[0].quantity = "3".into();
    a.save_quote(&on_a, Origin::Ui).await.unwrap();
    later().await;
    let mut on_b = b.get_quote(q.id.unwrap()).await.unwrap().to_draft();
    on_b.lines.remove(0);
    b.save_quote(&on_b, Origin::Ui).await.unwrap();
    sync(&b, &mut hub, user, 10).await;
    let (_, conflicts) = sync(&a, &mut hub, user, 10).await;
    assert!(conflicts >= 1);
    assert_eq!(
        a.get_quote(q.id.unwrap()).await.unwrap().lines.len(),
        1,
        "the delete won"
    );
    let items = a.conflict_items().await.unwrap();
    let deletion = items
        .iter()
        .find(|c| c.field == "_deleted")
        .expect("the lost edit is a conflict, not silently dropped");
    assert_eq!(
        (deletion.mine.as_str(), deletion.theirs.as_str()),
        ("false", "true")
    );
    assert_eq!(deletion.entity, "quote_line");

    // A keeps its line: it comes back, with A's quantity, on both laptops.
    a.resolve_conflict(&deletion.id, Keep::Mine).await.unwrap();
    let back = a.get_quote(q.id.unwrap()).await.unwrap();
    assert_eq!(back.lines.len(), 2);
    assert!(
        back.lines.iter().any(|l| l.quantity == "3"),
        "{:?}",
        back.lines
    );
    sync(&a, &mut hub, user, 10).await;
    sync(&b, &mut hub, user, 10).await;
    let on_b = b.get_quote(q.id.unwrap()).await.unwrap();
    assert_eq!(on_b.lines.len(), 2);
    assert!(on_b.lines.iter().any(|l| l.quantity == "3"));
}
