//! What a push may carry, on SQLite and on PostgreSQL: no NUL character in any text of any kind (driven from
//! the kinds' own column lists, so kinds and columns added later are covered too), change ids that name one
//! change each and per user, and references only to records the pusher may see (driven from the server's
//! one list of references).
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::collections::HashMap;

use common::{Api, Backend, Device, TestDb, TestServer, data, field, rejection, sync_snapshot};
use fieldquote_domain::sync::{Change, ChangeOutcome, ColumnKind, EntityKind, RejectCode};
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::entities::applied_change;
use fieldquote_server::migration::Migrator;
use fieldquote_server::sync::refs::REFERENCES;
use sea_orm::{ConnectionTrait, Database, EntityTrait, Statement};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    a_nul_in_any_text_of_any_kind_is_rejected_per_change,
    a_change_id_names_one_change_of_one_user,
    references_must_name_records_the_pusher_may_see,
    the_migration_keeps_the_changes_applied_before,
);

/// Reps ann (North) and sam (South), admin root.
struct Cast {
    s: TestServer,
    ann: Api,
    sam: Api,
    root: Api,
    /// Ann's user id (her entry in the company directory).
    ann_id: Uuid,
}

async fn cast(backend: Backend) -> Option<Cast> {
    let s = TestServer::start(backend).await?;
    s.add_team("North").await;
    s.add_team("South").await;
    let ann = s
        .add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    s.add_user("sam@example.com", Role::Rep, Some("South"))
        .await;
    s.add_user("root@example.com", Role::Admin, None).await;
    Some(Cast {
        ann_id: Uuid::parse_str(&ann.id).unwrap(),
        ann: s.api("ann@example.com").await,
        sam: s.api("sam@example.com").await,
        root: s.api("root@example.com").await,
        s,
    })
}

fn customer(name: &str) -> Value {
    json!({"name": name, "contact_person": "", "phone": "", "email": "", "address": "", "tax_id": ""})
}

fn codes(out: &fieldquote_domain::sync::PushResponse) -> Vec<Option<RejectCode>> {
    out.results.iter().map(|r| rejection(&r.outcome)).collect()
}

fn reason(out: &fieldquote_domain::sync::PushResponse, i: usize) -> String {
    match &out.results[i].outcome {
        ChangeOutcome::Rejected { reason, .. } => reason.clone(),
        ChangeOutcome::Accepted => panic!("change {i} was accepted"),
    }
}

async fn a_nul_in_any_text_of_any_kind_is_rejected_per_change(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann-laptop");
    let mut admin = Device::new("root-laptop");
    let mut good_ids = Vec::new();
    let mut cases = 0;
    for kind in EntityKind::ALL {
        // Server-owned kinds are an admin's to push; the rule is the same for everyone.
        let (api, device) = if kind.server_owned() {
            (&c.root, &mut admin)
        } else {
            (&c.ann, &mut dev)
        };
        for (column, ty) in kind.columns() {
            if *ty != ColumnKind::Text {
                continue;
            }
            cases += 1;
            let good_id = Uuid::now_v7();
            let good = device.change(EntityKind::Customer, good_id, customer(column));
            let bad = device.change(kind, Uuid::now_v7(), json!({ *column: "a\u{0}b" }));
            let out = api.push(&[good, bad]).await;
            assert_eq!(
                codes(&out),
                [None, Some(RejectCode::InvalidField)],
                "{}.{column}",
                kind.as_str()
            );
            let why = reason(&out, 1);
            assert!(why.contains(column) && why.contains("NUL"), "{why}");
            good_ids.push(good_id);
        }
    }
    assert!(cases > 40, "every text column of every kind: {cases}");
    // A NUL in a clock reading, a base, a field's name.
    let good_id = Uuid::now_v7();
    let good = dev.change(EntityKind::Customer, good_id, customer("clock"));
    let mut bad_clock = dev.change(EntityKind::Customer, Uuid::now_v7(), customer("x"));
    bad_clock.hlc.push('\0');
    let mut bad_base = dev.change(EntityKind::Customer, Uuid::now_v7(), customer("y"));
    let base = format!("{}\u{0}", dev.tick());
    bad_base.base.insert("name".into(), base);
    let bad_name = dev.change(
        EntityKind::Customer,
        Uuid::now_v7(),
        json!({"na\u{0}me": "z"}),
    );
    let out = c.ann.push(&[bad_clock, good, bad_base, bad_name]).await;
    assert_eq!(
        codes(&out),
        [
            Some(RejectCode::InvalidClock),
            None,
            Some(RejectCode::InvalidClock),
            Some(RejectCode::InvalidField)
        ]
    );
    good_ids.push(good_id);
    // Every valid change of those batches is stored, nothing else.
    let everything = data(&c.root.pull_all().await);
    let stored: Vec<Uuid> = everything.iter().map(|r| r.record.id).collect();
    assert_eq!(stored.len(), good_ids.len(), "only the valid changes");
    assert!(good_ids.iter().all(|id| stored.contains(id)));
}

async fn a_change_id_names_one_change_of_one_user(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let mut dev = Device::new("ann-laptop");
    let id = Uuid::now_v7();
    let first = dev.change(EntityKind::Customer, id, customer("Alpha"));
    c.ann.push_accepted(std::slice::from_ref(&first)).await;
    let before = sync_snapshot(c.s.accounts.db()).await;

    // The same change again: accepted, nothing changes.
    c.ann.push_accepted(std::slice::from_ref(&first)).await;
    assert_eq!(sync_snapshot(c.s.accounts.db()).await, before);

    // Other content under its id: rejected with the reason, nothing changes.
    let reused = Change {
        fields: customer("Beta")
            .as_object()
            .unwrap()
            .clone()
            .into_iter()
            .collect(),
        ..first.clone()
    };
    let out = c.ann.push(std::slice::from_ref(&reused)).await;
    assert_eq!(codes(&out), [Some(RejectCode::InvalidField)]);
    let why = reason(&out, 0);
    assert!(
        why.contains(&first.change_id.to_string()) && why.contains("already used"),
        "{why}"
    );
    assert_eq!(sync_snapshot(c.s.accounts.db()).await, before);

    // Twice in one batch: the same change is applied once; other content under the id is rejected.
    let id2 = Uuid::now_v7();
    let second = dev.change(EntityKind::Customer, id2, customer("Gamma"));
    let other = Change {
        fields: customer("Delta")
            .as_object()
            .unwrap()
            .clone()
            .into_iter()
            .collect(),
        ..second.clone()
    };
    let out = c.ann.push(&[second.clone(), second.clone(), other]).await;
    assert_eq!(codes(&out), [None, None, Some(RejectCode::InvalidField)]);
    let pulled = c.ann.pull_all().await;
    let gamma: Vec<_> = pulled.iter().filter(|r| r.record.id == id2).collect();
    assert_eq!(gamma.len(), 1);
    assert_eq!(field(gamma[0], "name"), "Gamma");

    // Another user's change under ann's id is sam's own change: applied, not taken for ann's.
    let mut sams = Device::new("sam-laptop");
    let sam_id = Uuid::now_v7();
    let borrowed = Change {
        change_id: first.change_id,
        ..sams.change(EntityKind::Customer, sam_id, customer("Sam's"))
    };
    c.sam.push_accepted(&[borrowed]).await;
    let pulled = data(&c.sam.pull_all().await);
    assert_eq!(pulled.len(), 1, "sam's customer is stored");
    assert_eq!(field(&pulled[0], "name"), "Sam's");
    let rows = applied_change::Entity::find()
        .all(c.s.accounts.db().connection())
        .await
        .unwrap();
    let same_id: Vec<_> = rows
        .iter()
        .filter(|r| r.change_id == first.change_id.to_string())
        .collect();
    assert_eq!(same_id.len(), 2, "one per user: {same_id:?}");
    assert!(
        same_id
            .iter()
            .all(|r| r.digest.as_deref().is_some_and(|d| d.len() == 64))
    );
}

async fn references_must_name_records_the_pusher_may_see(backend: Backend) {
    let Some(c) = cast(backend).await else {
        return;
    };
    let (mut ann_dev, mut sam_dev, mut root_dev) = (
        Device::new("ann-laptop"),
        Device::new("sam-laptop"),
        Device::new("root-laptop"),
    );
    // One record of every kind a reference names: ann's own, sam's (another team's), and the server's.
    let mut own: HashMap<EntityKind, Uuid> = HashMap::new();
    let mut theirs: HashMap<EntityKind, Uuid> = HashMap::new();
    for (_, _, target) in REFERENCES {
        if own.contains_key(target) || theirs.contains_key(target) {
            continue;
        }
        if target.server_owned() {
            let id = Uuid::now_v7();
            c.root
                .push_accepted(&[root_dev.change(*target, id, json!({}))])
                .await;
            own.insert(*target, id);
            theirs.insert(*target, id);
        } else {
            for (api, dev, into) in [
                (&c.ann, &mut ann_dev, &mut own),
                (&c.sam, &mut sam_dev, &mut theirs),
            ] {
                let id = Uuid::now_v7();
                api.push_accepted(&[dev.change(*target, id, json!({}))])
                    .await;
                into.insert(*target, id);
            }
        }
    }
    let mut checked = 0;
    for (kind, field_name, target) in REFERENCES {
        if kind.server_owned() {
            // Only admins push these, and an admin sees everything.
            continue;
        }
        checked += 1;
        // A share needs its account (an opportunity member its opportunity) and a colleague: ann's own and
        // herself, besides the reference tested.
        let with_rest = |target_id: Uuid| {
            let mut fields = json!({ *field_name: target_id.to_string() });
            let rest = match kind {
                EntityKind::AccountShare => Some(("account_id", EntityKind::Customer)),
                EntityKind::OpportunityMember => Some(("opportunity_id", EntityKind::Opportunity)),
                _ => None,
            };
            if let Some((root_field, root_kind)) = rest {
                for (name, value) in [
                    (root_field, own[&root_kind].to_string()),
                    ("user_id", c.ann_id.to_string()),
                ] {
                    if name != *field_name {
                        fields[name] = json!(value);
                    }
                }
            }
            fields
        };
        let own_ref = ann_dev.change(*kind, Uuid::now_v7(), with_rest(own[target]));
        let their_ref = ann_dev.change(*kind, Uuid::now_v7(), with_rest(theirs[target]));
        let out = c.ann.push(&[own_ref, their_ref]).await;
        let expected = if target.server_owned() {
            None
        } else {
            Some(RejectCode::Forbidden)
        };
        assert_eq!(
            codes(&out),
            [None, expected],
            "{}.{field_name} → {}",
            kind.as_str(),
            target.as_str()
        );
    }
    assert!(checked >= 6, "{checked}");
    // Pointing an existing record of one's own at another team's is refused too, and changes nothing.
    let quote = Uuid::now_v7();
    c.ann
        .push_accepted(&[ann_dev.change(
            EntityKind::Quote,
            quote,
            json!({"customer_id": own[&EntityKind::Customer].to_string()}),
        )])
        .await;
    let out = c
        .ann
        .push(&[ann_dev.change(
            EntityKind::Quote,
            quote,
            json!({"customer_id": theirs[&EntityKind::Customer].to_string()}),
        )])
        .await;
    assert_eq!(codes(&out), [Some(RejectCode::Forbidden)]);
    assert!(
        reason(&out, 0).contains("may not see"),
        "{}",
        reason(&out, 0)
    );
    let pulled = c.ann.pull_all().await;
    let q = pulled.iter().find(|r| r.record.id == quote).unwrap();
    assert_eq!(
        field(q, "customer_id"),
        &json!(own[&EntityKind::Customer].to_string())
    );
    // A reference that is no record id is an invalid field.
    let out = c
        .ann
        .push(&[ann_dev.change(
            EntityKind::Quote,
            quote,
            json!({"customer_id": "someone else's"}),
        )])
        .await;
    assert_eq!(codes(&out), [Some(RejectCode::InvalidField)]);
}

async fn the_migration_keeps_the_changes_applied_before(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    // A database as the previous release left it: three migrations, one change applied.
    let url = if db.url.starts_with("sqlite:") {
        format!("{}?mode=rwc", db.url)
    } else {
        db.url.clone()
    };
    let conn = Database::connect(&url).await.unwrap();
    Migrator::up(&conn, Some(3)).await.unwrap();
    let change_id = Uuid::now_v7().to_string();
    conn.execute_raw(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "INSERT INTO applied_change (change_id, user_id, entity, entity_id, applied_at) \
             VALUES ('{change_id}', 'u-1', 'customer', 'c-1', 42)"
        ),
    ))
    .await
    .unwrap();
    conn.close().await.unwrap();

    let s = TestServer::serve(db, common::test_config()).await;
    let rows = applied_change::Entity::find()
        .all(s.accounts.db().connection())
        .await
        .unwrap();
    assert_eq!(
        rows,
        [applied_change::Model {
            user_id: "u-1".into(),
            change_id,
            entity: "customer".into(),
            entity_id: "c-1".into(),
            digest: None,
            applied_at: 42,
        }]
    );
    // And the new counters work.
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    assert_eq!(s.login("ann@example.com", "wrong").await.status(), 401);
    assert_eq!(
        s.login("ann@example.com", common::PASSWORD).await.status(),
        200
    );
}
