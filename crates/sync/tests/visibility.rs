//! Shares on real devices, against the real server on SQLite and on PostgreSQL: a colleague of another team
//! made a member of an opportunity receives it with its account and everything made before; when the share
//! is withdrawn the records leave the colleague's laptop (rows and shadows, no outbox entry), the changes
//! made there and not sent yet are recorded as refused, and the colleague's own quote on the account waits
//! for the account to come back.
#![allow(clippy::unwrap_used, clippy::too_many_lines)] // test code: a panic is a failed test

mod common;
mod laptop;

use std::collections::BTreeMap;

use common::{Backend, Server, ServerDb};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_domain::sync::EntityKind;
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{Origin, Store};
use fieldquote_sync::{Client, Session};
use laptop::{sign_in, sync};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

const ANN: &str = "ann@example.cn";
const PAT: &str = "pat@example.cn";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    withdrawn_shares_leave_the_laptop(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    withdrawn_shares_leave_the_laptop(Backend::Postgres).await;
}

fn fields(v: Value) -> BTreeMap<String, Value> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A device: its store, client and session.
struct Laptop {
    store: Store,
    client: Client,
    session: Session,
    _dir: tempfile::TempDir,
}

impl Laptop {
    async fn new(server: &Server, email: &str) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let (client, session) = sign_in(&store, server, email).await;
        Laptop {
            store,
            client,
            session,
            _dir: dir,
        }
    }

    async fn put(&self, kind: EntityKind, id: Uuid, v: Value) {
        self.store
            .write_record(kind, id, &fields(v), Origin::Ui)
            .await
            .unwrap();
    }

    async fn sync(&self) -> fieldquote_sync::SyncReport {
        sync(&self.store, &self.client, &self.session).await
    }

    /// Pull and apply until caught up, without pushing first (as when a push failed, or changes were made
    /// while the pull ran): what the device does with revocations while changes wait in its outbox.
    async fn pull_only(&self) -> (usize, usize) {
        let (mut removed, mut dropped) = (0, 0);
        loop {
            let cursor = self.store.sync_state().await.unwrap().cursor;
            let page = self
                .client
                .pull(&self.session.token, cursor, 3)
                .await
                .unwrap();
            let tally = self.store.apply_pull(&page).await.unwrap();
            removed += tally.removed;
            dropped += tally.dropped;
            if !page.has_more {
                return (removed, dropped);
            }
        }
    }

    async fn db(&self) -> DatabaseConnection {
        Database::connect(format!("sqlite://{}", self.store.path().display()))
            .await
            .unwrap()
    }
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_string()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap()
}

/// Whether the row `kind`/`id` is in its table.
async fn has(db: &DatabaseConnection, kind: EntityKind, id: Uuid) -> bool {
    count(
        db,
        &format!("SELECT COUNT(*) FROM {} WHERE id = '{id}'", kind.as_str()),
    )
    .await
        == 1
}

/// The shadow of `kind`/`id`: `None` when there is none, else whether it is in its table.
async fn shadow(db: &DatabaseConnection, kind: EntityKind, id: Uuid) -> Option<bool> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT materialized FROM sync_shadow WHERE entity = '{}' AND id = '{id}'",
                kind.as_str()
            ),
        ))
        .await
        .unwrap()?;
    Some(row.try_get_by_index::<i32>(0).unwrap() == 1)
}

async fn withdrawn_shares_leave_the_laptop(backend: Backend) {
    let Some(db) = ServerDb::fresh(backend).await else {
        return;
    };
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_team("East").await;
    server.add_user(ANN, Role::Rep, Some("North")).await;
    let pat_id = server.add_user(PAT, Role::Rep, Some("East")).await;
    server
        .import("PLC-200,PLC 控制器,,台,3880.00,CNY,13\n")
        .await;
    let ann = Laptop::new(&server, ANN).await;
    let pat = Laptop::new(&server, PAT).await;
    ann.sync().await;
    pat.sync().await;

    // Ann's account, contact, opportunity and a visit, synced; Pat sees none of it.
    let (account, contact, opportunity, visit) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    ann.put(EntityKind::Customer, account, json!({"name": "苏州精工"}))
        .await;
    ann.put(
        EntityKind::Contact,
        contact,
        json!({"account_id": account.to_string(), "name": "王芳", "buying_role": "decision_maker"}),
    )
    .await;
    ann.put(
        EntityKind::Opportunity,
        opportunity,
        json!({"account_id": account.to_string(), "name": "Line 3", "stage": "needs_identified"}),
    )
    .await;
    ann.put(
        EntityKind::Activity,
        visit,
        json!({"account_id": account.to_string(), "opportunity_id": opportunity.to_string(),
               "kind": "visit", "checked_in_at": "2026-12-01T09:00:00+08:00"}),
    )
    .await;
    let report = ann.sync().await;
    assert_eq!((report.accepted, report.rejected), (4, 0));
    pat.sync().await;
    let pat_db = pat.db().await;
    assert!(!has(&pat_db, EntityKind::Customer, account).await);

    // Ann makes Pat a member: Pat's next sync brings the account, its contact, the opportunity and the
    // visit, all made before.
    let member = Uuid::now_v7();
    ann.put(
        EntityKind::OpportunityMember,
        member,
        json!({"opportunity_id": opportunity.to_string(), "user_id": pat_id, "role": "presales"}),
    )
    .await;
    ann.sync().await;
    let report = pat.sync().await;
    assert_eq!(report.removed, 0);
    for (kind, id) in [
        (EntityKind::Customer, account),
        (EntityKind::Contact, contact),
        (EntityKind::Opportunity, opportunity),
        (EntityKind::Activity, visit),
        (EntityKind::OpportunityMember, member),
    ] {
        assert!(has(&pat_db, kind, id).await, "{kind:?} on Pat's laptop");
    }
    // Pat quotes for the opportunity (her own quote) and adds a requirement; both reach the server.
    let products = pat.store.list_products("").await.unwrap();
    let quote = pat
        .store
        .save_quote(
            &QuoteDraft {
                id: None,
                customer_id: Some(account),
                lines: vec![QuoteLineDraft {
                    id: None,
                    product_id: products[0].id,
                    quantity: "1".into(),
                    discount_percent: "0".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id
        .unwrap();
    pat.store
        .write_record(
            EntityKind::Quote,
            quote,
            &fields(json!({"opportunity_id": opportunity.to_string()})),
            Origin::Ui,
        )
        .await
        .unwrap();
    let requirement = Uuid::now_v7();
    pat.put(
        EntityKind::Requirement,
        requirement,
        json!({"opportunity_id": opportunity.to_string(), "text": "SIL 2", "priority": "must"}),
    )
    .await;
    let report = pat.sync().await;
    assert_eq!(report.rejected, 0, "{report:?}");

    // Offline, Pat edits the contact and adds another; meanwhile Ann withdraws the share.
    pat.put(
        EntityKind::Contact,
        contact,
        json!({"phone": "138 0000 0000"}),
    )
    .await;
    let new_contact = Uuid::now_v7();
    pat.put(
        EntityKind::Contact,
        new_contact,
        json!({"account_id": account.to_string(), "name": "李工"}),
    )
    .await;
    assert_eq!(pat.store.sync_state().await.unwrap().pending_changes, 2);
    ann.store
        .delete_record(EntityKind::OpportunityMember, member, Origin::Ui)
        .await
        .unwrap();
    ann.sync().await;

    // Pat's laptop pulls before it could push: everything of the account leaves it.
    let (removed, dropped) = pat.pull_only().await;
    assert_eq!(dropped, 2, "the edit and the new contact were not sent");
    assert!(removed >= 7, "{removed}");
    for (kind, id) in [
        (EntityKind::Customer, account),
        (EntityKind::Contact, contact),
        (EntityKind::Contact, new_contact),
        (EntityKind::Opportunity, opportunity),
        (EntityKind::Activity, visit),
        (EntityKind::OpportunityMember, member),
        (EntityKind::Requirement, requirement),
    ] {
        assert!(!has(&pat_db, kind, id).await, "{kind:?} left Pat's laptop");
        assert_eq!(shadow(&pat_db, kind, id).await, None, "{kind:?} shadow");
    }
    let state = pat.store.sync_state().await.unwrap();
    assert_eq!(state.pending_changes, 0, "no outbox entry left, none added");
    assert_eq!(state.rejected_changes, 2);
    let refused = count(
        &pat_db,
        &format!(
            "SELECT COUNT(*) FROM sync_rejection WHERE code = 'forbidden' AND entity = 'contact' \
             AND entity_id IN ('{contact}', '{new_contact}') AND reason LIKE '%no longer see%'"
        ),
    )
    .await;
    assert_eq!(refused, 2, "the user sees what was not sent, and why");
    // Pat's own quote stays hers on the server, but its account left: it waits in its shadow, with its line.
    assert!(!has(&pat_db, EntityKind::Quote, quote).await);
    assert_eq!(shadow(&pat_db, EntityKind::Quote, quote).await, Some(false));
    let waiting_lines = count(
        &pat_db,
        &format!(
            "SELECT COUNT(*) FROM sync_shadow WHERE entity = 'quote_line' AND materialized = 0 \
             AND doc LIKE '%{quote}%'"
        ),
    )
    .await;
    assert_eq!(waiting_lines, 1);
    // A full sync now has nothing to do; the foreign keys hold.
    let report = pat.sync().await;
    assert_eq!((report.pushed, report.removed), (0, 0), "{report:?}");
    assert_eq!(
        count(&pat_db, "SELECT COUNT(*) FROM pragma_foreign_key_check").await,
        0
    );

    // Made a member again, Pat gets it all back, and her quote comes out of waiting.
    ann.store
        .write_record(
            EntityKind::OpportunityMember,
            member,
            &fields(json!({"role": "presales"})),
            Origin::Ui,
        )
        .await
        .unwrap();
    ann.sync().await;
    pat.sync().await;
    for (kind, id) in [
        (EntityKind::Customer, account),
        (EntityKind::Contact, contact),
        (EntityKind::Opportunity, opportunity),
        (EntityKind::Requirement, requirement),
        (EntityKind::Quote, quote),
    ] {
        assert!(
            has(&pat_db, kind, id).await,
            "{kind:?} back on Pat's laptop"
        );
    }
    assert_eq!(shadow(&pat_db, EntityKind::Quote, quote).await, Some(true));
    assert_eq!(
        count(
            &pat_db,
            "SELECT COUNT(*) FROM sync_shadow WHERE materialized = 0"
        )
        .await,
        0
    );
    // The contact as the server has it: Pat's unsent phone number never reached it.
    assert_eq!(
        count(
            &pat_db,
            &format!("SELECT COUNT(*) FROM contact WHERE id = '{contact}' AND phone = ''")
        )
        .await,
        1
    );
    pat_db.close().await.unwrap();
}
