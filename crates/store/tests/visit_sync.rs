//! The client visit's records through sync on real SQLite files: a record of every new kind made on one
//! laptop goes up from its outbox and lands, field for field, in the other laptop's tables through the
//! pull planner; edits of the same field on both are conflicts, as for the older kinds; a visit checked in
//! days before it syncs keeps its time.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::visit::{at, colleagues, day, page, server_record, store};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::activity::{ActivityInput, ActivityKind};
use fieldquote_domain::buying_process::{BuyingStepInput, BuyingStepKind, BuyingStepStatus};
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::contact::ContactInput;
use fieldquote_domain::feedback::{FeedbackCategory, FeedbackInput, Severity};
use fieldquote_domain::needs::{NeedsInput, RequirementFit, RequirementInput, RequirementPriority};
use fieldquote_domain::opportunity::{MemberInput, MemberRole, OpportunityInput, Stage, StageMove};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_domain::sync::{
    ChangeOutcome, ChangeResult, EntityKind, PullResponse, PulledRecord, Record,
};
use fieldquote_domain::workstream::{WorkstreamInput, WorkstreamItemInput, WorkstreamKind};
use fieldquote_store::{Keep, Origin, Store};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::json;
use uuid::Uuid;

/// The server's part: merged records with a sequence number each.
#[derive(Default)]
struct Hub {
    records: BTreeMap<(EntityKind, Uuid), (Record, i64)>,
    seq: i64,
}

impl Hub {
    /// Push everything `store` has in its outbox, as `owner`.
    async fn push(&mut self, store: &Store, owner: Uuid) {
        let batch = store.outbox_batch(10_000).await.unwrap();
        let mut results = Vec::new();
        for c in &batch {
            let key = (c.change.entity, c.change.entity_id);
            let (mut record, seq) = self
                .records
                .remove(&key)
                .unwrap_or_else(|| (Record::new(c.change.entity, c.change.entity_id, owner), 0));
            let seq = if record.apply(&c.change) {
                self.seq += 1;
                self.seq
            } else {
                seq
            };
            self.records.insert(key, (record, seq));
            results.push(ChangeResult {
                change_id: c.change.change_id,
                outcome: ChangeOutcome::Accepted,
            });
        }
        store.finish_push(&batch, &results).await.unwrap();
    }

    /// Everything after `cursor`, in pages of `limit`, applied to `store`; returns the new cursor.
    async fn pull(&self, store: &Store, mut cursor: i64, limit: usize) -> i64 {
        loop {
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
            cursor = records.last().map_or(cursor, |r| r.seq);
            store
                .apply_pull(&PullResponse {
                    records,
                    cursor,
                    has_more,
                    revoked: Vec::new(),
                })
                .await
                .unwrap();
            if !has_more {
                return cursor;
            }
        }
    }
}

/// Every row of a kind's table, every column as an SQL literal, by id.
async fn table(store: &Store, kind: EntityKind) -> Vec<String> {
    let db = Database::connect(format!("sqlite://{}", store.path().display()))
        .await
        .unwrap();
    let columns: Vec<String> = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT name FROM pragma_table_info('{}')", kind.as_str()),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| format!("quote({})", r.try_get_by_index::<String>(0).unwrap()))
        .collect();
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT {} FROM {} ORDER BY id",
                columns.join(" || '|' || "),
                kind.as_str()
            ),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    db.close().await.unwrap();
    rows
}

async fn owner(store: &Store) -> Uuid {
    store.device().await.unwrap().owner_id.parse().unwrap()
}

/// A record of every kind of the client visit, made on `store`.
async fn make_everything(store: &Store, colleague: Uuid) {
    let o = Origin::Ui;
    let account = store
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                tags: vec!["汽车".into()],
                ..AccountInput::default()
            },
            o,
        )
        .await
        .unwrap()
        .id;
    let contact = store
        .create_contact(&ContactInput::named(account, "王芳"), o)
        .await
        .unwrap()
        .id;
    store.share_account(account, colleague, o).await.unwrap();
    let opp = store
        .create_opportunity(
            &OpportunityInput {
                expected_value: "1200000".into(),
                ..OpportunityInput::named(account, "二期产线", "CNY")
            },
            at("2026-12-01T09:00:00+08:00"),
            o,
        )
        .await
        .unwrap()
        .id;
    store
        .move_opportunity_stage(
            opp,
            &StageMove::to(Stage::SolutionDesign),
            at("2026-12-02T09:00:00+08:00"),
            o,
        )
        .await
        .unwrap();
    store
        .add_opportunity_member(
            &MemberInput {
                opportunity_id: opp,
                user_id: colleague,
                role: MemberRole::Presales,
            },
            o,
        )
        .await
        .unwrap();
    let ws = store
        .create_workstream(
            &WorkstreamInput {
                opportunity_id: opp,
                kind: WorkstreamKind::Technical,
                owner_user_id: Some(colleague),
                due_date: "2026-12-20".into(),
                blocker: String::new(),
                done: false,
            },
            day("2026-12-02"),
            o,
        )
        .await
        .unwrap();
    store
        .add_workstream_item(
            &WorkstreamItemInput {
                workstream_id: ws.workstream.id,
                text: "I/O 清单".into(),
                done: false,
                due_date: "2026-12-10".into(),
            },
            o,
        )
        .await
        .unwrap();
    store
        .save_needs(
            opp,
            &NeedsInput {
                background: "扩产".into(),
                ..NeedsInput::default()
            },
            o,
        )
        .await
        .unwrap();
    store
        .add_requirement(
            &RequirementInput {
                opportunity_id: opp,
                text: "PROFINET".into(),
                priority: RequirementPriority::Must,
                fit: RequirementFit::Meets,
                notes: String::new(),
            },
            o,
        )
        .await
        .unwrap();
    store
        .add_buying_step(
            &BuyingStepInput {
                account_id: account,
                opportunity_id: Some(opp),
                step: BuyingStepKind::Approval,
                approver_contact_id: Some(contact),
                expected_date: "2026-12-20".into(),
                done_date: String::new(),
                status: BuyingStepStatus::Pending,
                notes: String::new(),
            },
            day("2026-12-02"),
            o,
        )
        .await
        .unwrap();
    let visit = store
        .check_in(
            &ActivityInput {
                opportunity_id: Some(opp),
                contact_ids: vec![contact],
                user_ids: vec![colleague],
                ..ActivityInput::new(account, ActivityKind::Visit, "技术交流")
            },
            at("2026-12-02T09:30:00+08:00"),
            o,
        )
        .await
        .unwrap();
    store
        .check_out(visit.id, at("2026-12-02T11:00:00+08:00"), o)
        .await
        .unwrap();
    let product = store
        .upsert_product(
            &ProductInput {
                sku: "PLC".into(),
                name: "PLC".into(),
                unit: "pcs".into(),
                unit_price: "3880.00".into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                ..Default::default()
            },
            o,
        )
        .await
        .unwrap()
        .id;
    let quote = store
        .save_quote_for_opportunity(
            opp,
            &QuoteDraft {
                lines: vec![QuoteLineDraft {
                    product_id: product,
                    quantity: "1".into(),
                    discount_percent: "0".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            o,
        )
        .await
        .unwrap()
        .id;
    store
        .add_feedback(
            &FeedbackInput {
                account_id: account,
                product_id: Some(product),
                quote_id: quote,
                category: FeedbackCategory::Price,
                severity: Severity::Medium,
                satisfaction: Some(3),
                description: "价格偏高".into(),
                owner_user_id: Some(colleague),
            },
            at("2026-12-02T12:00:00+08:00"),
            o,
        )
        .await
        .unwrap();
}

const VISIT_KINDS: [EntityKind; 15] = [
    EntityKind::Customer,
    EntityKind::Contact,
    EntityKind::AccountShare,
    EntityKind::Opportunity,
    EntityKind::OpportunityMember,
    EntityKind::StageChange,
    EntityKind::Workstream,
    EntityKind::WorkstreamItem,
    EntityKind::Needs,
    EntityKind::Requirement,
    EntityKind::BuyingStep,
    EntityKind::Activity,
    EntityKind::Feedback,
    EntityKind::Quote,
    EntityKind::Colleague,
];

#[tokio::test]
async fn every_new_kind_goes_up_from_the_outbox_and_lands_field_for_field() {
    let (_a_dir, ann) = store().await;
    let (_b_dir, max) = store().await;
    let pat = Uuid::now_v7();
    // The server's directory reaches both laptops.
    let directory = vec![server_record(
        EntityKind::Colleague,
        pat,
        Uuid::nil(),
        "001765000000000000-00000-server",
        &[
            ("name", json!("Pat")),
            ("email", json!("pat@example.cn")),
            ("team_id", json!("east")),
            ("team_name", json!("East")),
            ("role", json!("rep")),
        ],
    )];
    let mut hub = Hub {
        seq: 1,
        ..Hub::default()
    };
    hub.records
        .insert((EntityKind::Colleague, pat), (directory[0].clone(), 1));
    for s in [&ann, &max] {
        s.apply_pull(&page(directory.clone(), 1)).await.unwrap();
    }
    make_everything(&ann, pat).await;
    let pushed = ann.pending_changes().await.unwrap();
    assert!(pushed >= 15, "{pushed} changes");
    hub.push(&ann, owner(&ann).await).await;
    assert_eq!(ann.pending_changes().await.unwrap(), 0);
    // Small pages: children arrive in other pages than their parents.
    hub.pull(&max, 0, 3).await;
    for kind in VISIT_KINDS {
        let (mine, theirs) = (table(&ann, kind).await, table(&max, kind).await);
        assert!(!mine.is_empty(), "{kind:?} has a record");
        assert_eq!(mine, theirs, "{kind:?} differs");
    }
    // The receiving laptop reads them through the same views.
    let account = max.list_accounts(&Default::default()).await.unwrap().rows[0].id;
    let page = max.account_page(account, day("2026-12-02")).await.unwrap();
    assert_eq!(page.contacts[0].name, "王芳");
    assert_eq!(page.shared_with[0].name, "Pat");
    assert_eq!(
        page.activities[0].checked_in_at,
        "2026-12-02T09:30:00+08:00"
    );
    assert_eq!(page.opportunities[0].stage, Stage::SolutionDesign);
    assert_eq!(page.quotes.len(), 1);
    assert_eq!(page.feedback[0].owner_user_id, Some(pat));
}

#[tokio::test]
async fn the_same_field_changed_on_two_laptops_is_a_conflict_for_the_new_kinds_too() {
    let (_a_dir, ann) = store().await;
    let (_b_dir, max) = store().await;
    let mut hub = Hub::default();
    let a = ann
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..AccountInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    let contact = ann
        .create_contact(&ContactInput::named(a, "王芳"), Origin::Ui)
        .await
        .unwrap();
    let ann_owner = owner(&ann).await;
    hub.push(&ann, ann_owner).await;
    let cursor = hub.pull(&max, 0, 100).await;
    hub.pull(&ann, 0, 100).await;
    // Both change the contact's title (and Max its phone) before either syncs.
    let mut mine = ContactInput::named(a, "王芳");
    mine.title = "采购经理".into();
    ann.update_contact(contact.id, &mine, Origin::Ui)
        .await
        .unwrap();
    let mut theirs = ContactInput::named(a, "王芳");
    theirs.title = "采购总监".into();
    theirs.phone = "138 0000 0000".into();
    max.update_contact(contact.id, &theirs, Origin::Ui)
        .await
        .unwrap();
    hub.push(&max, ann_owner).await;
    hub.pull(&ann, cursor, 100).await;
    let conflicts = ann.open_conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(
        (conflicts[0].entity.as_str(), conflicts[0].field.as_str()),
        ("contact", "title")
    );
    // The phone, changed on one side only, merged without a conflict.
    assert_eq!(
        ann.get_contact(contact.id).await.unwrap().phone,
        "138 0000 0000"
    );
    ann.resolve_conflict(&conflicts[0].id, Keep::Mine)
        .await
        .unwrap();
    assert_eq!(ann.get_contact(contact.id).await.unwrap().title, "采购经理");
    // A renamed account (settled as a conflict or not) keeps its sort key.
    let theirs = AccountInput {
        name: "北京精密".into(),
        ..AccountInput::default()
    };
    max.update_account(a, &theirs, Origin::Ui).await.unwrap();
    hub.push(&max, ann_owner).await;
    hub.pull(&ann, 0, 100).await;
    let rows = table(&ann, EntityKind::Customer).await;
    assert!(rows[0].contains("'bei jing jing mi'"), "{rows:?}");
}

#[tokio::test]
async fn a_visit_synced_days_later_keeps_the_time_it_happened() {
    let (_a_dir, ann) = store().await;
    let (_b_dir, max) = store().await;
    let mut hub = Hub::default();
    colleagues(&ann, &[]).await;
    let a = ann
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..AccountInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    // Checked in and out at the client's site, offline, a week ago (device time with its offset).
    let visit = ann
        .check_in(
            &ActivityInput::new(a, ActivityKind::Visit, "拜访"),
            at("2026-11-30T09:30:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap();
    ann.check_out(visit.id, at("2026-11-30T11:15:00+08:00"), Origin::Ui)
        .await
        .unwrap();
    // The laptop syncs today.
    hub.push(&ann, owner(&ann).await).await;
    hub.pull(&max, 0, 100).await;
    let there = max.get_activity(visit.id).await.unwrap();
    assert_eq!(there.checked_in_at, "2026-11-30T09:30:00+08:00");
    assert_eq!(there.checked_out_at, "2026-11-30T11:15:00+08:00");
    assert_eq!(there.starts_at, "2026-11-30T09:30:00+08:00");
    assert!(!there.corrected);
}
