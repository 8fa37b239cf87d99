//! The demo quarter on a real SQLite file, loaded as if the device's clock said a fixed day: every stage of
//! the pipeline, a won deal with its accepted quote, lost ones with their reasons, the workstreams' states,
//! a buying process stalled at approval, an agenda with next steps due today and overdue and an open
//! complaint, feedback in every state — and a second load that writes nothing.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};

use fieldquote_domain::account::{AccountFilter, InvoiceType};
use fieldquote_domain::activity::{ActivityFilter, ActivityKind};
use fieldquote_domain::buying_process::{BuyingStepKind, BuyingStepStatus};
use fieldquote_domain::feedback::{FeedbackFilter, FeedbackStatus};
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::opportunity::{LostReason, OpportunityFilter, Stage};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::workstream::WorkState;
use fieldquote_store::{Store, demo};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-16T11:20:00+08:00").unwrap()
}

#[tokio::test]
async fn the_demo_quarter_shows_every_stage_state_and_agenda_item_and_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let first = demo::load_at(&store, now()).await.unwrap();
    assert_eq!(
        (
            first.customers_created,
            first.quotes_created,
            first.colleagues_created,
            first.contacts_created,
            first.buying_steps_created,
            first.opportunities_created,
            first.activities_created,
            first.feedback_created,
            first.proposals_created
        ),
        (24, 10, 6, 28, 18, 12, 27, 7, 1)
    );
    let today = now().date_naive();

    // Accounts: several industries and sizes; the Chinese ones carry their invoicing details.
    let accounts = store
        .list_accounts(&ListQuery::filtered(AccountFilter::default()))
        .await
        .unwrap()
        .rows;
    let industries: BTreeSet<&str> = accounts.iter().map(|a| a.industry.as_str()).collect();
    for i in [
        "manufacturing",
        "energy",
        "healthcare",
        "logistics",
        "education",
    ] {
        assert!(industries.contains(i), "{industries:?}");
    }
    let sizes: BTreeSet<_> = accounts.iter().map(|a| a.size_class).collect();
    assert_eq!(sizes.len(), 3, "{sizes:?}");
    let wuxi = store
        .find_account_by_name("无锡新能电池科技有限公司")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(wuxi.invoice_type, Some(InvoiceType::Special));
    assert!(!wuxi.invoice_bank.is_empty() && !wuxi.invoice_account.is_empty());

    // Its buying process stalls at approval, waiting for its general manager.
    let process = store.buying_process(wuxi.id, None, today).await.unwrap();
    assert_eq!(process.steps.len(), 6);
    assert_eq!(process.stalled.len(), 1, "{:?}", process.stalled);
    assert_eq!(process.stalled[0].step, BuyingStepKind::Approval);
    assert_eq!(process.stalled[0].approver_name, "钱海峰");
    let current = process.steps.iter().find(|s| Some(s.id) == process.current);
    assert_eq!(current.unwrap().status, BuyingStepStatus::Stalled);

    // The pipeline: every stage.
    let pipeline = store
        .list_opportunities(&ListQuery::filtered(OpportunityFilter::default()))
        .await
        .unwrap()
        .rows;
    let stages: BTreeSet<&str> = pipeline.iter().map(|o| o.stage.as_str()).collect();
    for s in Stage::ALL {
        assert!(stages.contains(s.as_str()), "no {s:?} in {stages:?}");
    }

    // Won, with its accepted quote; its history in the order it happened.
    let won = pipeline.iter().find(|o| o.stage == Stage::Won).unwrap();
    let won = store.get_opportunity(won.id).await.unwrap();
    let quote = store.get_quote(won.won_quote_id.unwrap()).await.unwrap();
    assert_eq!(quote.status, QuoteStatus::Accepted);
    let history: Vec<Stage> = store
        .stage_changes(won.id)
        .await
        .unwrap()
        .iter()
        .map(|c| c.to)
        .collect();
    assert_eq!(
        history,
        [
            Stage::NeedsIdentified,
            Stage::SolutionDesign,
            Stage::Quoted,
            Stage::Negotiation,
            Stage::Won
        ]
    );
    assert_eq!(store.opportunity_members(won.id).await.unwrap().len(), 3);

    // Lost, with reasons; one to a named competitor.
    let mut lost = Vec::new();
    for o in pipeline.iter().filter(|o| o.stage == Stage::Lost) {
        let o = store.get_opportunity(o.id).await.unwrap();
        lost.push((o.lost_reason.unwrap(), o.competitor));
    }
    assert!(
        lost.iter().any(|(r, _)| *r == LostReason::Price),
        "{lost:?}"
    );
    assert!(
        lost.iter()
            .any(|(r, c)| *r == LostReason::Competitor && c.contains("DeKon")),
        "{lost:?}"
    );

    // The stalled deal's workstreams: on track, late, blocked; its needs with a SWOT and requirements.
    let stalled = pipeline.iter().find(|o| o.account_id == wuxi.id).unwrap();
    assert_eq!(stalled.stage, Stage::Negotiation);
    assert_eq!(stalled.probability, 75, "the stage's usual estimate");
    let states: Vec<WorkState> = store
        .workstreams(stalled.id, today)
        .await
        .unwrap()
        .iter()
        .map(|w| w.state)
        .collect();
    assert_eq!(
        states,
        [WorkState::OnTrack, WorkState::Late, WorkState::Blocked]
    );
    let needs = store.get_needs(stalled.id).await.unwrap();
    assert!(!needs.needs.pains.is_empty() && !needs.needs.budget.is_empty());
    assert!(!needs.needs.swot.threats.is_empty());
    assert_eq!(needs.requirements.len(), 4);

    // Activities over the quarter; visits checked in and out.
    let activities = store
        .list_activities(&ListQuery::filtered(ActivityFilter::default()))
        .await
        .unwrap()
        .rows;
    let kinds: BTreeSet<&str> = activities.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds.len(), ActivityKind::ALL.len(), "{kinds:?}");
    let oldest = activities
        .iter()
        .map(|a| a.starts_at.as_str())
        .min()
        .unwrap();
    assert!(oldest < "2025-12-20", "{oldest}");
    let visit = activities
        .iter()
        .find(|a| a.kind == ActivityKind::Visit)
        .unwrap();
    let visit = store.get_activity(visit.id).await.unwrap();
    assert!(!visit.checked_in_at.is_empty() && visit.checked_out_at > visit.checked_in_at);

    // The agenda: next steps due today and overdue, and the open complaint.
    let agenda = store.agenda(today).await.unwrap();
    assert!(agenda.due_today.len() >= 3, "{agenda:?}");
    assert!(agenda.overdue.len() >= 3, "{agenda:?}");
    assert!(agenda.overdue.iter().all(|i| i.overdue));
    assert!(
        agenda
            .open_complaints
            .iter()
            .any(|c| c.description.contains("投诉")),
        "{agenda:?}"
    );

    // Feedback in every state.
    let feedback = store
        .list_feedback(&ListQuery::filtered(FeedbackFilter::default()))
        .await
        .unwrap()
        .rows;
    let statuses: BTreeSet<&str> = feedback.iter().map(|f| f.status.as_str()).collect();
    for s in FeedbackStatus::ALL {
        assert!(statuses.contains(s.as_str()), "no {s:?} in {statuses:?}");
    }

    // A complete proposal, sent and frozen: its document stored, the case study of the client's industry in
    // it, the quote's modules described from the library.
    let proposals = store
        .list_proposals(&fieldquote_store::ProposalFilter::default())
        .await
        .unwrap();
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    let p = &proposals[0];
    assert_eq!(p.status, fieldquote_domain::proposal::ProposalStatus::Sent);
    assert_eq!(p.content_hash.len(), 64);
    let blob = fieldquote_domain::content::BlobHash::parse(&p.document_blob).unwrap();
    let doc: fieldquote_domain::proposal::ProposalDocument =
        serde_json::from_slice(&store.read_blob(&blob).unwrap().unwrap()).unwrap();
    assert_eq!(
        fieldquote_domain::proposal::content_hash(&doc),
        p.content_hash
    );
    let text = serde_json::to_string(&doc).unwrap();
    for wanted in [
        "常州某电池厂化成线计量",
        "Metering by process and shift",
        "钱海峰",
    ] {
        assert!(text.contains(wanted), "{wanted} in the demo proposal");
    }
    assert!(doc.pricing.is_some_and(|p| !p.lines.is_empty()));

    // A second load (a day later) creates nothing and writes nothing.
    let pending = store.pending_changes().await.unwrap();
    let later = now() + chrono::Duration::days(1);
    let second = demo::load_at(&store, later).await.unwrap();
    assert_eq!(
        second,
        demo::DemoReport {
            products: 32,
            ..Default::default()
        }
    );
    assert_eq!(store.pending_changes().await.unwrap(), pending);
}

#[tokio::test]
async fn signing_in_replaces_the_demo_team_with_the_company_directory() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fieldquote_store::demo::load(&store).await.unwrap();
    assert!(
        store.list_colleagues().await.unwrap().len() > 1,
        "the demo brings its team"
    );
    let user = uuid::Uuid::now_v7();
    store
        .set_sync_account("http://127.0.0.1:9", user, "rep@example.cn", "RE1")
        .await
        .unwrap();
    assert!(
        store.list_colleagues().await.unwrap().is_empty(),
        "the server's directory arrives with the first sync; the demo's team is gone"
    );
    assert_eq!(
        store
            .outbox_batch(10_000)
            .await
            .unwrap()
            .iter()
            .filter(|c| c.change.entity == fieldquote_domain::sync::EntityKind::Colleague)
            .count(),
        0,
        "nothing to send: the directory is the server's"
    );
}
