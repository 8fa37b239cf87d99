//! The sync API (push and pull) against the real router, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use common::{
    Api, Backend, Device, TestServer, change_at, data, data_rows, error_body, field, rejection,
    sync_snapshot, test_config,
};
use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{Change, ChangeOutcome, EntityKind, PulledRecord, RejectCode};
use fieldquote_server::ServerConfig;
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    push_then_pull_round_trip,
    replaying_a_batch_changes_nothing,
    concurrent_edits_merge_per_field,
    roles_scope_pulls_and_pushes,
    bad_changes_are_rejected_one_by_one,
    malformed_requests_are_400_and_store_nothing,
    batch_over_1000_changes_is_413,
    sync_needs_a_valid_token,
    pull_pages_give_every_record_once_in_order,
    tombstones_are_pulled,
);

/// A server with teams North (reps ann and bob, manager mia) and South (rep sam), and admin root.
struct Cast {
    s: TestServer,
    ann: Api,
    bob: Api,
    mia: Api,
    sam: Api,
    root: Api,
    id: HashMap<&'static str, Uuid>,
}

async fn cast_with(backend: Backend, config: ServerConfig) -> Option<Cast> {
    let s = TestServer::start_with(backend, config).await?;
    s.add_team("North").await;
    s.add_team("South").await;
    let mut id = HashMap::new();
    for (name, role, team) in [
        ("ann", Role::Rep, Some("North")),
        ("bob", Role::Rep, Some("North")),
        ("mia", Role::Manager, Some("North")),
        ("sam", Role::Rep, Some("South")),
        ("root", Role::Admin, None),
    ] {
        let u = s.add_user(&format!("{name}@example.com"), role, team).await;
        id.insert(name, Uuid::parse_str(&u.id).unwrap());
    }
    Some(Cast {
        ann: s.api("ann@example.com").await,
        bob: s.api("bob@example.com").await,
        mia: s.api("mia@example.com").await,
        sam: s.api("sam@example.com").await,
        root: s.api("root@example.com").await,
        s,
        id,
    })
}

async fn cast(backend: Backend) -> Option<Cast> {
    cast_with(backend, test_config()).await
}

/// The ids of the records the test made (the company directory left out).
fn ids(records: &[PulledRecord]) -> HashSet<Uuid> {
    data(records).iter().map(|r| r.record.id).collect()
}

fn customer(name: &str) -> Value {
    json!({"name": name, "contact_person": "", "phone": "", "email": "", "address": "", "tax_id": ""})
}

fn codes(results: &[fieldquote_domain::sync::ChangeResult]) -> Vec<Option<RejectCode>> {
    results.iter().map(|r| rejection(&r.outcome)).collect()
}

fn hlc(wall_ms: i64, counter: u32, node: &str) -> String {
    Hlc {
        wall_ms,
        counter,
        node: node.into(),
    }
    .to_string()
}

async fn push_then_pull_round_trip(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann-laptop");
    // The company directory comes first (one record per user, made with the users): pulled from the start,
    // then the test's records after it.
    let directory = c.ann.pull(0, 500).await;
    assert_eq!(directory.records.len(), 5);
    assert!(
        directory
            .records
            .iter()
            .all(|r| r.record.entity == EntityKind::Colleague)
    );
    let (cust, quote, line) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let changes = vec![
        dev.change(
            EntityKind::Customer,
            cust,
            json!({"name": "华东机电", "contact_person": "李工", "phone": "021-5555", "email": "li@example.cn",
                   "address": "上海", "tax_id": "91310000"}),
        ),
        dev.change(
            EntityKind::Quote,
            quote,
            json!({"number": "Q-2026-LW1-0001", "customer_id": cust, "status": "draft", "currency": "CNY",
                   "issue_date": "2026-12-01", "valid_until": "2026-12-31", "notes": "",
                   "subtotal_minor": 388_000, "tax_minor": 50_440, "total_minor": 438_440}),
        ),
        dev.change(
            EntityKind::QuoteLine,
            line,
            json!({"quote_id": quote, "position": 1, "product_id": Uuid::now_v7(), "sku": "PLC-200",
                   "description": "PLC 控制器", "unit": "台", "quantity": "1", "unit_price_minor": 388_000,
                   "discount_percent": "0", "tax_rate": "13", "net_minor": 388_000, "tax_minor": 50_440,
                   "gross_minor": 438_440}),
        ),
    ];
    c.ann.push_accepted(&changes).await;

    let page = c.ann.pull(directory.cursor, 500).await;
    assert!(!page.has_more);
    assert_eq!(page.records.len(), 3);
    let mut last = directory.cursor;
    for (r, ch) in page.records.iter().zip(&changes) {
        assert!(r.seq > last, "seq order");
        last = r.seq;
        assert_eq!(r.record.entity, ch.entity);
        assert_eq!(r.record.id, ch.entity_id);
        assert_eq!(
            r.record.owner_id, c.id["ann"],
            "the pusher owns what they create"
        );
        for (name, value) in &ch.fields {
            assert_eq!(&r.record.fields[name].value, value, "{name}");
            assert_eq!(r.record.fields[name].hlc, ch.hlc);
        }
        assert_eq!(field(r, "_deleted"), &json!(false));
        assert_eq!(r.record.fields.len(), ch.fields.len() + 1);
    }
    assert_eq!(page.cursor, last);
    // Caught up: nothing after the cursor, which stays put.
    let again = c.ann.pull(page.cursor, 500).await;
    assert!(again.records.is_empty() && !again.has_more);
    assert_eq!(again.cursor, page.cursor);
    // No query at all: from the start, default limit.
    let res = c.ann.pull_raw("").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["records"].as_array().unwrap().len(), 5 + 3);
    // The wire shape: the record is flattened beside its seq; nothing was withdrawn, so no `revoked`.
    assert_eq!(body["records"][5]["entity"], "customer");
    assert_eq!(body["records"][5]["fields"]["name"]["value"], "华东机电");
    assert!(body.get("revoked").is_none(), "{body}");
    assert_eq!(body["cursor"], json!(last));
}

async fn replaying_a_batch_changes_nothing(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann-laptop");
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let batch = vec![
        dev.change(EntityKind::Customer, a, customer("A")),
        dev.change(EntityKind::Customer, a, json!({"phone": "123"})),
        dev.change(EntityKind::Customer, b, customer("B")),
        dev.delete(EntityKind::Customer, b),
    ];
    c.ann.push_accepted(&batch).await;
    let before = sync_snapshot(c.s.accounts.db()).await;
    let pulled = c.ann.pull_all().await;
    assert_eq!(data_rows(&before.0).len(), 2);
    assert_eq!(before.2, 4, "four changes remembered");

    // The same batch again (a device that lost the response): all accepted, nothing changes.
    let out = c.ann.push(&batch).await;
    assert_eq!(codes(&out.results), vec![None; 4]);
    assert_eq!(sync_snapshot(c.s.accounts.db()).await, before);
    assert_eq!(c.ann.pull_all().await, pulled, "same records, same seqs");

    // Replays mixed with a new change, in another order: only the new one does anything.
    let newer = dev.change(EntityKind::Customer, a, json!({"email": "a@example.com"}));
    let mixed = vec![
        batch[2].clone(),
        newer.clone(),
        batch[0].clone(),
        newer.clone(),
    ];
    let out = c.ann.push(&mixed).await;
    assert_eq!(codes(&out.results), vec![None; 4]);
    let after = sync_snapshot(c.s.accounts.db()).await;
    assert_eq!(after.2, 5);
    assert_eq!(after.1[0].last_seq, before.1[0].last_seq + 1, "one new seq");
    let rec_a = after.0.iter().find(|r| r.id == a.to_string()).unwrap();
    assert!(rec_a.doc.contains("a@example.com"));
    assert!(rec_a.doc.contains("\"123\""), "the earlier edit stays");
}

async fn concurrent_edits_merge_per_field(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let base = chrono::Utc::now().timestamp_millis();
    for reverse in [false, true] {
        let id = Uuid::now_v7();
        let created = change_at(
            EntityKind::Customer,
            id,
            &hlc(base, 0, "ann"),
            json!({"name": "Original", "contact_person": "", "phone": "000", "email": "o@example.com",
                   "address": "", "tax_id": ""}),
            false,
        );
        c.ann.push_accepted(&[created]).await;
        // Both saw the record, then edited it offline.
        let ann_edits = vec![
            change_at(
                EntityKind::Customer,
                id,
                &hlc(base + 1, 0, "ann"),
                json!({"phone": "111"}),
                false,
            ),
            change_at(
                EntityKind::Customer,
                id,
                &hlc(base + 3, 0, "ann"),
                json!({"name": "Ann's name"}),
                false,
            ),
            change_at(
                EntityKind::Customer,
                id,
                &hlc(base + 5, 0, "ann"),
                json!({"contact_person": "Ann"}),
                false,
            ),
        ];
        let mia_edits = vec![
            change_at(
                EntityKind::Customer,
                id,
                &hlc(base + 2, 0, "mia"),
                json!({"name": "Mia's name", "phone": "222", "address": "Road 1"}),
                false,
            ),
            change_at(
                // Same wall time and counter as ann's: the node breaks the tie ("mia" > "ann").
                EntityKind::Customer,
                id,
                &hlc(base + 5, 0, "mia"),
                json!({"contact_person": "Mia"}),
                false,
            ),
        ];
        if reverse {
            c.mia.push_accepted(&mia_edits).await;
            c.ann.push_accepted(&ann_edits).await;
        } else {
            // At the same time, one batch each.
            let (a, m) = tokio::join!(c.ann.push(&ann_edits), c.mia.push(&mia_edits));
            assert_eq!(codes(&a.results), vec![None; 3]);
            assert_eq!(codes(&m.results), vec![None; 2]);
        }
        let from_ann = c.ann.pull_all().await;
        let from_mia = c.mia.pull_all().await;
        let rec = from_ann.iter().find(|r| r.record.id == id).unwrap();
        assert_eq!(
            from_mia.iter().find(|r| r.record.id == id),
            Some(rec),
            "both see the same merge"
        );
        assert_eq!(field(rec, "name"), "Ann's name", "ann's later name wins");
        assert_eq!(field(rec, "phone"), "222", "mia's later phone wins");
        assert_eq!(field(rec, "address"), "Road 1", "only mia wrote it");
        assert_eq!(field(rec, "email"), "o@example.com", "nobody touched it");
        assert_eq!(field(rec, "contact_person"), "Mia", "tie broken by node");
        assert_eq!(
            rec.record.owner_id, c.id["ann"],
            "an edit does not take ownership"
        );
    }
}

async fn roles_scope_pulls_and_pushes(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut made: HashMap<&str, Uuid> = HashMap::new();
    for (who, api) in [
        ("ann", &c.ann),
        ("bob", &c.bob),
        ("mia", &c.mia),
        ("sam", &c.sam),
        ("root", &c.root),
    ] {
        let id = Uuid::now_v7();
        let mut dev = Device::new(who);
        api.push_accepted(&[dev.change(
            EntityKind::Customer,
            id,
            customer(&format!("{who}'s customer")),
        )])
        .await;
        made.insert(who, id);
    }
    let ann_quote = Uuid::now_v7();
    let mut ann_dev = Device::new("ann");
    c.ann
        .push_accepted(&[ann_dev.change(
            EntityKind::Quote,
            ann_quote,
            json!({"number": "Q-1", "customer_id": made["ann"], "status": "draft"}),
        )])
        .await;

    let set = |names: &[&str]| -> HashSet<Uuid> { names.iter().map(|n| made[n]).collect() };
    // Accounts are the whole team's (since protocol 2; before, a rep saw only their own customers); a
    // quote stays with its owner and the team's managers.
    let mut ann_sees = set(&["ann", "bob", "mia"]);
    ann_sees.insert(ann_quote);
    assert_eq!(ids(&c.ann.pull_all().await), ann_sees);
    assert_eq!(ids(&c.bob.pull_all().await), set(&["ann", "bob", "mia"]));
    let mut mia_sees = set(&["ann", "bob", "mia"]);
    mia_sees.insert(ann_quote);
    assert_eq!(
        ids(&c.mia.pull_all().await),
        mia_sees,
        "a manager sees the team"
    );
    assert_eq!(ids(&c.sam.pull_all().await), set(&["sam"]));
    let mut all = set(&["ann", "bob", "mia", "sam", "root"]);
    all.insert(ann_quote);
    assert_eq!(
        ids(&c.root.pull_all().await),
        all,
        "an admin sees everything"
    );

    // Writes by id to records one may not see, or see and may not change (a rep on a teammate's account), are
    // refused, whatever the kind of write.
    let before = sync_snapshot(c.s.accounts.db()).await;
    for (who, api, target) in [
        ("ann", &c.ann, "bob"),
        ("ann", &c.ann, "sam"),
        ("ann", &c.ann, "mia"),
        ("bob", &c.bob, "mia"),
        ("sam", &c.sam, "ann"),
        ("mia", &c.mia, "sam"),
        ("mia", &c.mia, "root"),
    ] {
        let mut dev = Device::new(who);
        let edit = dev.change(
            EntityKind::Customer,
            made[target],
            json!({"name": "hijacked"}),
        );
        let delete = dev.delete(EntityKind::Customer, made[target]);
        let out = api.push(&[edit.clone(), delete]).await;
        assert_eq!(
            codes(&out.results),
            vec![Some(RejectCode::Forbidden); 2],
            "{who} writing {target}'s customer"
        );
        // A refused change is not remembered: sent again, it is refused again.
        let out = api.push(&[edit]).await;
        assert_eq!(codes(&out.results), [Some(RejectCode::Forbidden)]);
    }
    let ann_writes_quote = ann_dev.change(EntityKind::Quote, ann_quote, json!({"notes": "mine"}));
    let bob_writes_quote =
        Device::new("bob").change(EntityKind::Quote, ann_quote, json!({"notes": "bob"}));
    assert_eq!(
        codes(&c.bob.push(&[bob_writes_quote]).await.results),
        [Some(RejectCode::Forbidden)]
    );
    let after = sync_snapshot(c.s.accounts.db()).await;
    assert_eq!(after.0, before.0, "no refused write changed a record");

    // Allowed: the manager on a rep of the team, an admin on anyone, a rep on their own.
    let mut mia_dev = Device::new("mia");
    let mut root_dev = Device::new("root");
    c.mia
        .push_accepted(&[mia_dev.change(
            EntityKind::Customer,
            made["ann"],
            json!({"phone": "from mia"}),
        )])
        .await;
    c.root
        .push_accepted(&[root_dev.change(
            EntityKind::Customer,
            made["sam"],
            json!({"phone": "from root"}),
        )])
        .await;
    c.ann.push_accepted(&[ann_writes_quote]).await;
    let ann_view = c.ann.pull_all().await;
    let ann_customer = ann_view
        .iter()
        .find(|r| r.record.id == made["ann"])
        .unwrap();
    assert_eq!(field(ann_customer, "phone"), "from mia");
    assert_eq!(ann_customer.record.owner_id, c.id["ann"]);
    let sam_view = data(&c.sam.pull_all().await);
    assert_eq!(field(&sam_view[sam_view.len() - 1], "phone"), "from root");
    assert_eq!(
        ids(&c.sam.pull_all().await),
        set(&["sam"]),
        "still only their own"
    );
}

async fn bad_changes_are_rejected_one_by_one(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann-laptop");
    let now = chrono::Utc::now().timestamp_millis();
    let (good_a, good_b) = (Uuid::now_v7(), Uuid::now_v7());
    let mut bad_ids = Vec::new();
    let mut bad = |dev: &mut Device, entity, fields: Value| {
        let id = Uuid::now_v7();
        bad_ids.push(id);
        dev.change(entity, id, fields)
    };
    let batch = vec![
        dev.change(EntityKind::Customer, good_a, customer("A")),
        bad(
            &mut dev,
            EntityKind::Customer,
            json!({"name": "X", "owner_id": c.id["ann"]}),
        ),
        bad(
            &mut dev,
            EntityKind::Customer,
            json!({"name": "X", "owner_id": c.id["bob"]}),
        ),
        bad(
            &mut dev,
            EntityKind::Product,
            json!({"sku": "X", "unit_price_minor": 0}),
        ),
        bad(
            &mut dev,
            EntityKind::CompanyProfile,
            json!({"name": "Evil Corp"}),
        ),
        bad(
            &mut dev,
            EntityKind::Customer,
            json!({"name": "X", "colour": "red"}),
        ),
        bad(&mut dev, EntityKind::Quote, json!({"total_minor": "12"})),
        bad(
            &mut dev,
            EntityKind::Customer,
            json!({"name": "X", "updated_at": "now"}),
        ),
        bad(&mut dev, EntityKind::Customer, json!({"name": null})),
        {
            let id = Uuid::now_v7();
            bad_ids.push(id);
            change_at(
                EntityKind::Customer,
                id,
                &hlc(now + 25 * 3_600_000, 0, "ann"),
                customer("X"),
                false,
            )
        },
        {
            let id = Uuid::now_v7();
            bad_ids.push(id);
            change_at(EntityKind::Customer, id, "yesterday", customer("X"), false)
        },
        dev.change(EntityKind::Customer, good_b, customer("B")),
    ];
    let out = c.ann.push(&batch).await;
    use RejectCode::*;
    assert_eq!(
        codes(&out.results),
        [
            None,
            Some(ForgedOwner),
            Some(ForgedOwner),
            Some(ServerOwned),
            Some(ServerOwned),
            Some(InvalidField),
            Some(InvalidField),
            Some(InvalidField),
            Some(InvalidField),
            Some(InvalidClock),
            Some(InvalidClock),
            None,
        ]
    );
    let reason = |i: usize| match &out.results[i].outcome {
        ChangeOutcome::Rejected { reason, .. } => reason.clone(),
        ChangeOutcome::Accepted => panic!("accepted"),
    };
    assert!(reason(5).contains("colour"), "{}", reason(5));
    assert!(reason(6).contains("total_minor"), "{}", reason(6));
    assert!(reason(9).contains("24 hours"), "{}", reason(9));

    // Only the good changes were stored or remembered.
    let everything = c.root.pull_all().await;
    assert_eq!(ids(&everything), HashSet::from([good_a, good_b]));
    assert!(bad_ids.iter().all(|id| !ids(&everything).contains(id)));
    assert_eq!(sync_snapshot(c.s.accounts.db()).await.2, 2);

    // An admin may write the catalog; it belongs to the system and everyone pulls it.
    let product = Uuid::now_v7();
    c.root
        .push_accepted(&[Device::new("root").change(
            EntityKind::Product,
            product,
            json!({"sku": "P-1", "name": "Pump", "unit_price_minor": 1000, "currency": "CNY"}),
        )])
        .await;
    for api in [&c.ann, &c.sam, &c.mia] {
        let got = api.pull_all().await;
        let p = got
            .iter()
            .find(|r| r.record.id == product)
            .expect("product pulled");
        assert_eq!(p.record.owner_id, Uuid::nil());
    }
}

/// POST a raw body to push.
async fn post_push(api: &Api, body: &str) -> reqwest::Response {
    api.client
        .post(format!("{}/api/v1/sync/push", api.base))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn malformed_requests_are_400_and_store_nothing(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let empty = sync_snapshot(c.s.accounts.db()).await;
    let mut dev = Device::new("ann");
    let good =
        serde_json::to_value(dev.change(EntityKind::Customer, Uuid::now_v7(), customer("A")))
            .unwrap();
    let with = |second: Value| {
        json!({"device_id": Uuid::now_v7(), "changes": [good.clone(), second]}).to_string()
    };
    let mut second = good.clone();
    second["change_id"] = json!(Uuid::now_v7());
    let mut unknown_entity = second.clone();
    unknown_entity["entity"] = json!("invoice");
    let mut no_hlc = second.clone();
    no_hlc.as_object_mut().unwrap().remove("hlc");
    let mut bad_uuid = second.clone();
    bad_uuid["entity_id"] = json!("not-a-uuid");
    let mut fields_not_object = second.clone();
    fields_not_object["fields"] = json!(["name"]);
    let mut deleted_not_bool = second.clone();
    deleted_not_bool["deleted"] = json!("yes");

    let (code, _) = error_body(post_push(&c.ann, r#"{"device_id": "#).await, 400).await;
    assert_eq!(code, "invalid_json");
    for (body, needle) in [
        (with(unknown_entity), "invoice"),
        (with(no_hlc), "missing field `hlc`"),
        (with(bad_uuid), "UUID"),
        (with(fields_not_object), "fields"),
        (with(deleted_not_bool), "deleted"),
        (json!({"changes": []}).to_string(), "device_id"),
    ] {
        let (code, message) = error_body(post_push(&c.ann, &body).await, 400).await;
        assert_eq!(code, "invalid_body");
        assert!(
            message.contains(needle),
            "{message:?} should mention {needle:?}"
        );
    }
    let no_type = c
        .ann
        .client
        .post(format!("{}/api/v1/sync/push", c.ann.base))
        .bearer_auth(&c.ann.token)
        .body(with(second.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(no_type, 415).await.0, "unsupported_media_type");
    assert_eq!(
        sync_snapshot(c.s.accounts.db()).await,
        empty,
        "nothing was stored"
    );

    // Pull parameters.
    for (query, code) in [
        ("?cursor=-1", "invalid_input"),
        ("?cursor=abc", "invalid_query"),
        ("?limit=many", "invalid_query"),
        ("?cursor=1.5", "invalid_query"),
    ] {
        assert_eq!(
            error_body(c.ann.pull_raw(query).await, 400).await.0,
            code,
            "{query}"
        );
    }
    // The limit is clamped, not refused.
    c.ann
        .push_accepted(&[
            dev.change(EntityKind::Customer, Uuid::now_v7(), customer("A")),
            dev.change(EntityKind::Customer, Uuid::now_v7(), customer("B")),
        ])
        .await;
    for (query, n, more) in [
        ("?limit=0", 1, true),
        ("?limit=-5", 1, true),
        // The two customers after the five users' directory entries.
        ("?limit=99999999", 5 + 2, false),
    ] {
        let res = c.ann.pull_raw(query).await;
        assert_eq!(res.status(), 200, "{query}");
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["records"].as_array().unwrap().len(), n, "{query}");
        assert_eq!(page["has_more"], more, "{query}");
    }
}

async fn batch_over_1000_changes_is_413(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann");
    let changes: Vec<Change> = (0..1001)
        .map(|i| {
            dev.change(
                EntityKind::Customer,
                Uuid::now_v7(),
                customer(&format!("C{i}")),
            )
        })
        .collect();
    let body = json!({"device_id": Uuid::now_v7(), "changes": changes});
    let (code, message) = error_body(c.ann.push_raw(&body).await, 413).await;
    assert_eq!(code, "batch_too_large");
    assert!(message.contains("1000"), "{message}");
    assert!(data_rows(&sync_snapshot(c.s.accounts.db()).await.0).is_empty());

    let started = Instant::now();
    c.ann.push_accepted(&changes[..1000]).await;
    let pushed = started.elapsed();
    let started = Instant::now();
    let pulled = data(&c.ann.pull_all().await);
    eprintln!(
        "{backend:?}: push of 1000 new customers {} ms, pull of them {} ms",
        pushed.as_millis(),
        started.elapsed().as_millis()
    );
    assert_eq!(pulled.len(), 1000);
    let seqs: Vec<i64> = pulled.iter().map(|r| r.seq).collect();
    // After the five users' directory entries.
    assert_eq!(
        seqs,
        (6..=1005).collect::<Vec<_>>(),
        "dense seqs in push order"
    );
}

async fn sync_needs_a_valid_token(backend: Backend) {
    let mut cfg = test_config();
    cfg.token_ttl = Duration::from_millis(2000);
    let Some(c) = cast_with(backend, cfg).await else {
        return;
    };
    let mut dev = Device::new("ann");
    let batch = [dev.change(EntityKind::Customer, Uuid::now_v7(), customer("A"))];
    c.ann.push_accepted(&batch).await;
    let body = json!({"device_id": Uuid::now_v7(), "changes": []});
    let no_token = c
        .ann
        .client
        .post(format!("{}/api/v1/sync/push", c.ann.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(no_token, 401).await.0, "unauthorized");
    let no_token = c
        .ann
        .client
        .get(format!("{}/api/v1/sync/pull", c.ann.base))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(no_token, 401).await.0, "unauthorized");
    let garbage = Api {
        token: "garbage".into(),
        ..c.ann.clone()
    };
    assert_eq!(
        error_body(garbage.push_raw(&body).await, 401).await.0,
        "unauthorized"
    );
    assert_eq!(
        error_body(garbage.pull_raw("").await, 401).await.0,
        "unauthorized"
    );
    // A malformed body without a token is still 401: the token is checked first.
    let res = c
        .ann
        .client
        .post(format!("{}/api/v1/sync/push", c.ann.base))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // An outdated client is told to update.
    let res = c
        .ann
        .client
        .get(format!("{}/api/v1/sync/pull", c.ann.base))
        .bearer_auth(&c.ann.token)
        .header("X-Fieldquote-Protocol", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(res, 426).await.0, "client_too_old");

    // A disabled user is refused at once.
    c.s.accounts.disable_user("bob@example.com").await.unwrap();
    assert_eq!(
        c.bob.pull_raw("").await.status(),
        401,
        "disabling revokes the token"
    );

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        error_body(c.ann.push_raw(&body).await, 401).await.0,
        "unauthorized"
    );
    assert_eq!(
        error_body(c.ann.pull_raw("").await, 401).await.0,
        "unauthorized"
    );
    // After signing in again, the same data is there.
    let ann = c.s.api("ann@example.com").await;
    assert_eq!(data(&ann.pull_all().await).len(), 1);
}

async fn pull_pages_give_every_record_once_in_order(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut ann_dev = Device::new("ann");
    let mut bob_dev = Device::new("bob");
    let mut ann_ids = Vec::new();
    for round in 0..8 {
        let mut batch = Vec::new();
        for i in 0..15 {
            let id = Uuid::now_v7();
            ann_ids.push(id);
            batch.push(ann_dev.change(
                EntityKind::Customer,
                id,
                customer(&format!("ann {round}/{i}")),
            ));
        }
        // Edits of older records move them to a new seq.
        if round > 0 {
            batch.push(ann_dev.change(
                EntityKind::Customer,
                ann_ids[round],
                json!({"phone": format!("r{round}")}),
            ));
        }
        c.ann.push_accepted(&batch).await;
        let bob_batch: Vec<Change> = (0..10)
            .map(|i| {
                bob_dev.change(
                    EntityKind::Customer,
                    Uuid::now_v7(),
                    customer(&format!("bob {round}/{i}")),
                )
            })
            .collect();
        c.bob.push_accepted(&bob_batch).await;
    }
    // In small pages: every visible record once, in seq order, equal to one big pull. Sam (team South) sees
    // only his own: the directory entries.
    let (paged, cursor) = c.sam.pull_from(0, 7).await;
    assert_eq!(paged, c.sam.pull(0, 5000).await.records);
    assert!(ids(&paged).is_empty());
    let (paged, cursor_ann) = c.ann.pull_from(0, 7).await;
    let whole = c.ann.pull(0, 5000).await;
    assert!(!whole.has_more);
    assert_eq!(paged, whole.records);
    assert_eq!(cursor_ann, whole.cursor);
    assert!(cursor_ann > cursor);
    // Ann sees the team's accounts: hers and Bob's.
    assert_eq!(data(&paged).len(), 8 * 25);
    let mut both: HashSet<Uuid> = ann_ids.iter().copied().collect();
    both.extend(ids(&c.bob.pull_all().await));
    assert_eq!(ids(&paged), both);
    // The manager's own records are also her team's: still once each, in order.
    let mut mia_dev = Device::new("mia");
    let mia_batch: Vec<Change> = (0..6)
        .map(|i| {
            mia_dev.change(
                EntityKind::Customer,
                Uuid::now_v7(),
                customer(&format!("mia {i}")),
            )
        })
        .collect();
    c.mia.push_accepted(&mia_batch).await;
    let (mia_paged, _) = c.mia.pull_from(0, 11).await;
    assert_eq!(
        data(&mia_paged).len(),
        8 * 25 + 6,
        "the manager gets both reps' records and her own, once each"
    );
    assert_eq!(mia_paged, c.mia.pull(0, 5000).await.records);

    // Resume: a device pulls three pages, stores the cursor, and is interrupted. Meanwhile records
    // it already has are edited and deleted and new ones arrive; continuing from the stored cursor
    // yields a copy equal to a fresh full pull.
    let mut local: BTreeMap<Uuid, PulledRecord> = BTreeMap::new();
    let mut saved = 0;
    for _ in 0..3 {
        let page = c.ann.pull(saved, 10).await;
        for r in page.records {
            local.insert(r.record.id, r);
        }
        saved = page.cursor;
    }
    assert_eq!(local.len(), 30);
    local.retain(|_, r| r.record.entity != EntityKind::Colleague);
    let mut batch = Vec::new();
    for id in ann_ids.iter().take(5) {
        batch.push(ann_dev.change(
            EntityKind::Customer,
            *id,
            json!({"email": "late@example.com"}),
        ));
    }
    for id in ann_ids.iter().skip(5).take(5) {
        batch.push(ann_dev.delete(EntityKind::Customer, *id));
    }
    for i in 0..20 {
        let id = Uuid::now_v7();
        ann_ids.push(id);
        batch.push(ann_dev.change(EntityKind::Customer, id, customer(&format!("late {i}"))));
    }
    let bob_batch = [bob_dev.change(EntityKind::Customer, Uuid::now_v7(), customer("bob late"))];
    let (a, b) = tokio::join!(c.ann.push(&batch), c.bob.push(&bob_batch));
    assert!(
        a.results
            .iter()
            .chain(&b.results)
            .all(|r| r.outcome == ChangeOutcome::Accepted)
    );
    let (rest, _) = c.ann.pull_from(saved, 10).await;
    for r in rest {
        local.insert(r.record.id, r);
    }
    let fresh: BTreeMap<Uuid, PulledRecord> = c
        .ann
        .pull_all()
        .await
        .into_iter()
        .filter(|r| r.record.entity != EntityKind::Colleague)
        .map(|r| (r.record.id, r))
        .collect();
    assert_eq!(local, fresh, "resuming from a saved cursor misses nothing");
    assert_eq!(
        fresh.len(),
        ann_ids.len() + 8 * 10 + 1 + 6,
        "hers, Bob's and Mia's"
    );
    assert_eq!(fresh.values().filter(|r| r.record.is_deleted()).count(), 5);
}

async fn tombstones_are_pulled(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann");
    let (x, y) = (Uuid::now_v7(), Uuid::now_v7());
    c.ann
        .push_accepted(&[
            dev.change(EntityKind::Customer, x, customer("X")),
            dev.change(EntityKind::Customer, y, customer("Y")),
        ])
        .await;
    let cursor = c.ann.pull(0, 500).await.cursor;
    let old_edit_hlc = dev.tick(); // an edit made before the delete, pushed after it
    c.ann
        .push_accepted(&[dev.delete(EntityKind::Customer, x)])
        .await;
    let page = c.ann.pull(cursor, 500).await;
    assert_eq!(page.records.len(), 1);
    let tomb = &page.records[0];
    assert_eq!(tomb.record.id, x);
    assert!(tomb.record.is_deleted());
    assert_eq!(field(tomb, "name"), "X", "a tombstone keeps its fields");
    // The manager's device learns of the deletion too.
    let mia_view = c.mia.pull_all().await;
    assert!(
        mia_view
            .iter()
            .find(|r| r.record.id == x)
            .unwrap()
            .record
            .is_deleted()
    );

    // An edit older than the delete does not bring the record back; a newer one does.
    let cursor = page.cursor;
    c.ann
        .push_accepted(&[change_at(
            EntityKind::Customer,
            x,
            &old_edit_hlc,
            json!({"phone": "1"}),
            false,
        )])
        .await;
    let page = c.ann.pull(cursor, 500).await;
    assert_eq!(page.records.len(), 1, "the phone field changed");
    assert!(page.records[0].record.is_deleted());
    c.ann
        .push_accepted(&[dev.change(EntityKind::Customer, x, json!({"name": "X again"}))])
        .await;
    let page = c.ann.pull(page.cursor, 500).await;
    assert!(!page.records[0].record.is_deleted());
    assert_eq!(field(&page.records[0], "name"), "X again");
}
