//! Scale-out: two real `fieldquote-server serve` processes on one PostgreSQL, with clients pushing to
//! one and pulling from the other, interleaved and concurrent. The processes keep no state of their
//! own, so every client must end with exactly what a fresh pull from either process gives, and the
//! server sequence must have no duplicates and no gaps a cursor could fall into.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use common::{Api, Backend, Device, ServerProcess, TestDb, rejection, sync_snapshot, test_config};
use fieldquote_domain::sync::{Change, EntityKind, PulledRecord, RejectCode};
use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};
use uuid::Uuid;

const ROUNDS: usize = 25;

/// What one client did and ended with.
struct Outcome {
    name: &'static str,
    /// Its incrementally pulled copy (by id) and cursor.
    local: BTreeMap<Uuid, PulledRecord>,
    cursor: i64,
    /// Its own records as it last wrote them: field values and whether deleted.
    own: HashMap<Uuid, (BTreeMap<String, Value>, bool)>,
    /// Its writes to the shared record: (field, hlc, value).
    shared_writes: Vec<(String, String, Value)>,
    /// Changes applied for the first time.
    applied: usize,
}

fn apply_pulled(local: &mut BTreeMap<Uuid, PulledRecord>, records: Vec<PulledRecord>) {
    for r in records {
        if let Some(old) = local.get(&r.record.id) {
            assert!(
                r.seq > old.seq,
                "a record comes again only with a later seq"
            );
        }
        local.insert(r.record.id, r);
    }
}

/// One client's session: `ROUNDS` times, push a batch to one server, then pull from the other.
async fn client(
    name: &'static str,
    apis: [Api; 2],
    shared: Uuid,
    may_write_shared: bool,
    offset: usize,
) -> Outcome {
    let mut dev = Device::new(name);
    let mut out = Outcome {
        name,
        local: BTreeMap::new(),
        cursor: 0,
        own: HashMap::new(),
        shared_writes: Vec::new(),
        applied: 0,
    };
    let mut order: Vec<Uuid> = Vec::new();
    let mut previous: Option<(usize, Vec<Change>, Vec<Option<RejectCode>>)> = None;
    for round in 0..ROUNDS {
        let push_to = (round + offset) % 2;
        let mut batch = Vec::new();
        let mut expected = Vec::new();
        for i in 0..3 {
            let id = Uuid::now_v7();
            let fields = json!({"name": format!("{name} {round}/{i}"), "contact_person": "", "phone": "",
                                "email": "", "address": "", "tax_id": ""});
            batch.push(dev.change(EntityKind::Customer, id, fields.clone()));
            expected.push(None);
            out.own.insert(
                id,
                (
                    fields.as_object().unwrap().clone().into_iter().collect(),
                    false,
                ),
            );
            order.push(id);
        }
        let target = order[(round * 7) % order.len()];
        let phone = format!("{name}-{round}");
        batch.push(dev.change(EntityKind::Customer, target, json!({"phone": phone})));
        expected.push(None);
        let own = out.own.get_mut(&target).unwrap();
        own.0.insert("phone".into(), json!(phone));
        own.1 = false; // an edit after a delete brings the record back (last writer wins)
        if round % 5 == 4 {
            let victim = order[round / 5];
            batch.push(dev.delete(EntityKind::Customer, victim));
            expected.push(None);
            out.own.get_mut(&victim).unwrap().1 = true;
        }
        // Clients running side by side write different fields of it at the same time.
        let field = ["name", "phone", "email", "address"][(round + offset) % 4];
        let value = json!(format!("{name} says {round}"));
        let c = dev.change(
            EntityKind::Customer,
            shared,
            json!({ field: value.clone() }),
        );
        if may_write_shared {
            out.shared_writes
                .push((field.to_string(), c.hlc.clone(), value));
            expected.push(None);
        } else {
            expected.push(Some(RejectCode::Forbidden));
        }
        batch.push(c);

        let res = apis[push_to].push(&batch).await;
        let got: Vec<_> = res.results.iter().map(|r| rejection(&r.outcome)).collect();
        assert_eq!(got, expected, "{name} round {round}");
        out.applied += expected.iter().filter(|e| e.is_none()).count();

        // Now and then the response "was lost": the device sends the previous batch again, to the
        // other server. Same answers, nothing changes twice.
        if round % 4 == 3
            && let Some((to, old_batch, old_codes)) = previous.take()
        {
            let res = apis[1 - to].push(&old_batch).await;
            let got: Vec<_> = res.results.iter().map(|r| rejection(&r.outcome)).collect();
            assert_eq!(got, old_codes, "{name} replay");
        }
        previous = Some((push_to, batch, expected));

        let (records, cursor) = apis[1 - push_to].pull_from(out.cursor, 13).await;
        apply_pulled(&mut out.local, records);
        out.cursor = cursor;
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_share_one_postgres() {
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let pool = fieldquote_server::Db::open_with_pool(&db.url, 5)
        .await
        .unwrap();
    let accounts = Accounts::new(pool.clone(), test_config());
    accounts.add_team("North").await.unwrap();
    let mut ids = HashMap::new();
    for (name, role, team) in [
        ("ann", Role::Rep, Some("North")),
        ("bob", Role::Rep, Some("North")),
        ("mia", Role::Manager, Some("North")),
        ("root", Role::Admin, None),
    ] {
        let u = accounts
            .add_user(NewUser {
                email: format!("{name}@example.com"),
                name: name.into(),
                role,
                team: team.map(str::to_string),
                password: common::PASSWORD.into(),
            })
            .await
            .unwrap();
        ids.insert(name, Uuid::parse_str(&u.id).unwrap());
    }

    let servers = [ServerProcess::spawn(&db.url), ServerProcess::spawn(&db.url)];
    let mut apis = HashMap::new();
    for (i, name) in ["ann", "bob", "mia", "root"].into_iter().enumerate() {
        // Sign in on one server; the token works on the other (tokens live in the database).
        let first = Api::login(&servers[i % 2].base, &format!("{name}@example.com")).await;
        let other = first.at(&servers[(i + 1) % 2].base);
        let pair = if i % 2 == 0 {
            [first, other]
        } else {
            [other, first]
        };
        apis.insert(name, pair);
    }

    // A customer of ann's that her manager and the admin edit too (and bob may not).
    let shared = Uuid::now_v7();
    apis["ann"][0]
        .push_accepted(&[Device::new("ann-setup").change(
            EntityKind::Customer,
            shared,
            json!({"name": "Shared", "contact_person": "", "phone": "", "email": "", "address": "", "tax_id": ""}),
        )])
        .await;

    let mut tasks = Vec::new();
    for (offset, (name, may_write)) in
        [("ann", true), ("bob", false), ("mia", true), ("root", true)]
            .into_iter()
            .enumerate()
    {
        let pair = apis[name].clone();
        tasks.push(tokio::spawn(client(name, pair, shared, may_write, offset)));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }

    // Every client catches up from its saved cursor, and its copy equals a fresh pull from either
    // server.
    for out in &mut outcomes {
        let pair = &apis[out.name];
        let (rest, _) = pair[0].pull_from(out.cursor, 13).await;
        apply_pulled(&mut out.local, rest);
        let from_0 = pair[0].pull_all().await;
        let from_1 = pair[1].pull_all().await;
        assert_eq!(from_0, from_1, "{}: both servers answer the same", out.name);
        let fresh: BTreeMap<Uuid, PulledRecord> =
            from_0.into_iter().map(|r| (r.record.id, r)).collect();
        assert_eq!(
            out.local, fresh,
            "{}: the incremental copy missed nothing",
            out.name
        );
    }

    // What each sees: the team's accounts (reps and the manager alike, since protocol 2; before, a rep saw
    // only their own customers), the admin all; and everyone the company directory.
    let directory: HashSet<Uuid> = ids.values().copied().collect();
    let own_ids = |name: &str| -> HashSet<Uuid> {
        outcomes
            .iter()
            .find(|o| o.name == name)
            .unwrap()
            .own
            .keys()
            .copied()
            .collect()
    };
    let seen = |name: &str| -> HashSet<Uuid> {
        outcomes
            .iter()
            .find(|o| o.name == name)
            .unwrap()
            .local
            .keys()
            .copied()
            .filter(|id| !directory.contains(id))
            .collect()
    };
    let mut team: HashSet<Uuid> = own_ids("ann");
    team.insert(shared);
    team.extend(own_ids("bob"));
    team.extend(own_ids("mia"));
    assert_eq!(seen("ann"), team);
    assert_eq!(seen("bob"), team);
    assert_eq!(seen("mia"), team);
    let mut all = team.clone();
    all.extend(own_ids("root"));
    assert_eq!(seen("root"), all);

    // No write was lost: each own record as last written; the shared one per field by clock.
    let root_view = &outcomes.iter().find(|o| o.name == "root").unwrap().local;
    assert!(directory.iter().all(|id| root_view.contains_key(id)));
    for out in &outcomes {
        for (id, (fields, deleted)) in &out.own {
            let r = &root_view[id];
            assert_eq!(r.record.is_deleted(), *deleted, "{id}");
            assert_eq!(&r.record.values(), fields, "{id}");
            assert_eq!(r.record.owner_id, ids[out.name]);
        }
    }
    let mut latest: BTreeMap<String, (String, Value)> = BTreeMap::new();
    for (field, hlc, value) in outcomes.iter().flat_map(|o| &o.shared_writes) {
        if latest.get(field).is_none_or(|(h, _)| h < hlc) {
            latest.insert(field.clone(), (hlc.clone(), value.clone()));
        }
    }
    let shared_rec = &root_view[&shared];
    for (field, (hlc, value)) in &latest {
        assert_eq!(&shared_rec.record.fields[field].value, value, "{field}");
        assert_eq!(&shared_rec.record.fields[field].hlc, hlc, "{field}");
    }
    assert!(
        !shared_rec.record.fields["name"]
            .value
            .as_str()
            .unwrap()
            .starts_with("bob")
    );

    // The sequence: unique, and the counter is at the top.
    let (rows, counter, applied) = sync_snapshot(&pool).await;
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    let distinct: HashSet<i64> = seqs.iter().copied().collect();
    assert_eq!(distinct.len(), seqs.len(), "no duplicate seqs");
    assert_eq!(counter[0].last_seq, *seqs.iter().max().unwrap());
    let pushed: usize = outcomes.iter().map(|o| o.applied).sum();
    assert_eq!(
        applied,
        pushed + 1,
        "every change applied exactly once (+ the setup)"
    );
    eprintln!(
        "scale-out: {} records, {} changes applied, last seq {}",
        rows.len(),
        applied,
        counter[0].last_seq
    );
    drop(servers);
    pool.close().await.unwrap();
}

/// `PUT` part `start..end` of `bytes` as blob `hash` through `api`; the status.
async fn put_part(api: &Api, hash: &str, bytes: &[u8], start: usize, end: usize) -> u16 {
    api.client
        .put(format!("{}/api/v1/blobs/{hash}", api.base))
        .bearer_auth(&api.token)
        .header("Content-Type", "application/octet-stream")
        .header(
            "Content-Range",
            format!("bytes {start}-{}/{}", end - 1, bytes.len()),
        )
        .body(bytes[start..end].to_vec())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Blobs through two processes on one PostgreSQL: an upload whose parts alternate between them, and two
/// devices racing to upload the same blob part by part through different processes, end with one verified
/// blob that both processes serve whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn blobs_go_up_through_either_process() {
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let pool = fieldquote_server::Db::open_with_pool(&db.url, 5)
        .await
        .unwrap();
    let accounts = Accounts::new(pool.clone(), test_config());
    accounts.add_team("North").await.unwrap();
    for name in ["ann", "bob"] {
        accounts
            .add_user(NewUser {
                email: format!("{name}@example.com"),
                name: name.into(),
                role: Role::Rep,
                team: Some("North".into()),
                password: common::PASSWORD.into(),
            })
            .await
            .unwrap();
    }
    let servers = [ServerProcess::spawn(&db.url), ServerProcess::spawn(&db.url)];
    let ann = Api::login(&servers[0].base, "ann@example.com").await;
    let ann_b = ann.at(&servers[1].base);
    let bob = Api::login(&servers[1].base, "bob@example.com").await;
    let part = 256 * 1024;

    // Parts alternating between the processes.
    let first: Vec<u8> = (0..5 * part).map(|i| (i * 7 % 251) as u8).collect();
    let first_hash = fieldquote_domain::content::BlobHash::of(&first).to_string();
    for (i, start) in (0..first.len()).step_by(part).enumerate() {
        let api = if i % 2 == 0 { &ann } else { &ann_b };
        let status = put_part(api, &first_hash, &first, start, start + part).await;
        assert_eq!(
            status,
            if start + part == first.len() {
                201
            } else {
                202
            }
        );
    }

    // Two devices race with the same blobs through different processes, part by part: each blob is stored
    // once, verified; neither device is ever told to go back, and no upload is left behind.
    let mut blobs = Vec::new();
    for n in 0..12u32 {
        let bytes: Vec<u8> = (0..2 * part)
            .map(|i| ((i as u32).wrapping_mul(13 + n) % 241) as u8)
            .collect();
        let hash = fieldquote_domain::content::BlobHash::of(&bytes).to_string();
        blobs.push((hash, bytes));
    }
    let race = |api: Api, blobs: Vec<(String, Vec<u8>)>| async move {
        let mut statuses = Vec::new();
        for (hash, bytes) in &blobs {
            for start in (0..bytes.len()).step_by(part) {
                let status = put_part(&api, hash, bytes, start, start + part).await;
                statuses.push(status);
                if status == 200 || status == 201 {
                    break;
                }
            }
        }
        statuses
    };
    let a = tokio::spawn(race(ann.clone(), blobs.clone()));
    let b = tokio::spawn(race(bob.clone(), blobs.clone()));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let all: Vec<u16> = a.iter().chain(&b).copied().collect();
    assert!(
        all.iter().all(|s| [200, 201, 202].contains(s)),
        "{a:?} {b:?}"
    );
    assert_eq!(
        all.iter().filter(|s| **s == 201).count(),
        blobs.len(),
        "each stored once: {a:?} {b:?}"
    );
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let left = pool
        .connection()
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT COUNT(*) AS n FROM blob_upload",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(left, 0, "no upload left behind");
    let (second_hash, second) = blobs[11].clone();

    // A record names both; each process serves them whole.
    let mut dev = Device::new("ann-laptop");
    let images = serde_json::to_string(&[&first_hash, &second_hash]).unwrap();
    ann.push_accepted(&[dev.change(
        EntityKind::ContentBlock,
        Uuid::now_v7(),
        json!({"kind": "case_study", "scope": "personal", "title_en": "Both", "image_blobs": images}),
    )])
    .await;
    for api in [&ann, &ann_b] {
        for (hash, bytes) in [(&first_hash, &first), (&second_hash, &second)] {
            let res = api
                .client
                .get(format!("{}/api/v1/blobs/{hash}", api.base))
                .bearer_auth(&api.token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(&res.bytes().await.unwrap().to_vec(), bytes);
        }
    }
}
