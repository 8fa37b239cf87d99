//! Opportunities on a real SQLite file: the stage rules with their records, quotes made from the
//! opportunity, sent, accepted and rejected, members, workstreams, needs and the buying process, the
//! pipeline list and the opportunity page.
#![allow(clippy::unwrap_used)]

mod common;

use common::visit::{account, at, colleagues, day, store};
use fieldquote_domain::Refusal;
use fieldquote_domain::buying_process::{BuyingStepInput, BuyingStepKind, BuyingStepStatus};
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::contact::ContactInput;
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::needs::{
    NeedsInput, RequirementFit, RequirementInput, RequirementPriority, Swot,
};
use fieldquote_domain::opportunity::{
    LostReason, MemberInput, MemberRole, OpportunityFilter, OpportunityInput, OpportunitySort,
    QuoteOutcome, Stage, StageMove,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft, QuoteStatus};
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_domain::workstream::{
    WorkState, WorkstreamInput, WorkstreamItemInput, WorkstreamKind,
};
use fieldquote_domain::{DomainError, FieldErrorKind};
use fieldquote_store::{Origin, Store, StoreError};
use uuid::Uuid;

fn refusal(e: StoreError) -> RuleRefusal {
    match e {
        StoreError::Domain(DomainError::Rule(r)) => r,
        other => panic!("expected a rule's refusal, got {other:?}"),
    }
}

async fn opportunity(store: &Store, account: Uuid, name: &str) -> Uuid {
    store
        .create_opportunity(
            &OpportunityInput {
                expected_value: "1200000".into(),
                expected_close: "2027-03-31".into(),
                ..OpportunityInput::named(account, name, "CNY")
            },
            at("2026-12-01T09:00:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap()
        .id
}

async fn quote_for(store: &Store, opportunity: Uuid) -> Uuid {
    let plc = store
        .upsert_product(
            &ProductInput {
                sku: format!("PLC-{}", Uuid::now_v7().simple()),
                name: "PLC".into(),
                unit: "pcs".into(),
                unit_price: "3880.00".into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    store
        .save_quote_for_opportunity(
            opportunity,
            &QuoteDraft {
                lines: vec![QuoteLineDraft {
                    product_id: plc,
                    quantity: "2".into(),
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
        .unwrap()
}

#[tokio::test]
async fn a_new_opportunity_records_its_opening_stage() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let o = store
        .get_opportunity(opportunity(&store, a, "二期产线").await)
        .await
        .unwrap();
    assert_eq!((o.stage, o.probability), (Stage::NeedsIdentified, 10));
    assert_eq!(o.expected_value, "1200000.00");
    assert_eq!(o.weighted_value, "120000.00");
    let changes = store.stage_changes(o.id).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].from, changes[0].to),
        (None, Stage::NeedsIdentified)
    );
    assert_eq!(changes[0].at, "2026-12-01T09:00:00+08:00");
    assert_eq!(changes[0].by_user_id, o.owner_id);
    // An opportunity of an account that is not there is refused.
    let orphan = store
        .create_opportunity(
            &OpportunityInput::named(Uuid::now_v7(), "x", "CNY"),
            at("2026-12-01T09:00:00+08:00"),
            Origin::Ui,
        )
        .await;
    assert!(matches!(
        orphan,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    let bad = store
        .create_opportunity(
            &OpportunityInput {
                probability: Some(101),
                ..OpportunityInput::named(a, "x", "CNY")
            },
            at("2026-12-01T09:00:00+08:00"),
            Origin::Ui,
        )
        .await;
    let Err(StoreError::Invalid(e)) = bad else {
        panic!("{bad:?}")
    };
    assert_eq!(e[0].field, "probability");
    assert!(matches!(e[0].kind, FieldErrorKind::AboveMax { .. }));
}

#[tokio::test]
async fn lost_needs_a_reason_and_a_refused_change_writes_nothing() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let o = opportunity(&store, a, "二期产线").await;
    let before = store.pending_changes().await.unwrap();
    let when = at("2026-12-05T15:00:00+08:00");
    let e = store
        .move_opportunity_stage(o, &StageMove::to(Stage::Lost), when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(refusal(e), RuleRefusal::LostNeedsReason);
    let to_competitor = StageMove {
        lost_reason: Some(LostReason::Competitor),
        ..StageMove::to(Stage::Lost)
    };
    let e = store
        .move_opportunity_stage(o, &to_competitor, when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(refusal(e), RuleRefusal::CompetitorNeeded);
    assert_eq!(
        store.pending_changes().await.unwrap(),
        before,
        "nothing written"
    );
    assert_eq!(
        store.get_opportunity(o).await.unwrap().stage,
        Stage::NeedsIdentified
    );

    let lost = store
        .move_opportunity_stage(
            o,
            &StageMove {
                competitor: "汇川".into(),
                reason: "价格高 12%".into(),
                ..to_competitor
            },
            when,
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            lost.stage,
            lost.lost_reason,
            lost.competitor.as_str(),
            lost.probability
        ),
        (Stage::Lost, Some(LostReason::Competitor), "汇川", 0)
    );
    let changes = store.stage_changes(o).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        (changes[1].from, changes[1].to),
        (Some(Stage::NeedsIdentified), Stage::Lost)
    );
    assert_eq!(changes[1].at, "2026-12-05T15:00:00+08:00");
    assert_eq!(changes[1].reason, "价格高 12%");
    // Both the opportunity and the record go up with the next sync.
    let entities: Vec<_> = store
        .outbox_batch(100)
        .await
        .unwrap()
        .into_iter()
        .skip(usize::try_from(before).unwrap())
        .map(|c| c.change.entity.as_str().to_string())
        .collect();
    assert_eq!(entities, ["opportunity", "stage_change"]);
    // Reopening needs a reason.
    let e = store
        .move_opportunity_stage(o, &StageMove::to(Stage::Negotiation), when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(e),
        RuleRefusal::ReopenNeedsReason { from: Stage::Lost }
    );
}

#[tokio::test]
async fn won_needs_an_accepted_quote_and_accepting_a_sent_quote_wins() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let o = opportunity(&store, a, "二期产线").await;
    let q = quote_for(&store, o).await;
    let when = at("2026-12-09T16:45:00+08:00");
    // Won with a quote that is not accepted is refused.
    let win = StageMove {
        won_quote_id: Some(q),
        ..StageMove::to(Stage::Won)
    };
    let e = store
        .move_opportunity_stage(o, &win, when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(e),
        RuleRefusal::QuoteNotAccepted {
            quote: q,
            status: QuoteStatus::Draft
        }
    );
    // A draft is not accepted either.
    let e = store
        .mark_quote_outcome(q, QuoteOutcome::Accepted, when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(e),
        RuleRefusal::QuoteNotSent {
            status: QuoteStatus::Draft
        }
    );
    // Sending it moves the opportunity to quoted and records when.
    let sent = store.send_quote(q, Origin::Ui).await.unwrap();
    assert_eq!(sent.status, QuoteStatus::Sent);
    assert_eq!(store.get_opportunity(o).await.unwrap().stage, Stage::Quoted);
    let accepted = store
        .mark_quote_outcome(q, QuoteOutcome::Accepted, when, Origin::Ui)
        .await
        .unwrap();
    assert_eq!(accepted.status, QuoteStatus::Accepted);
    let won = store.get_opportunity(o).await.unwrap();
    assert_eq!(
        (won.stage, won.won_quote_id, won.probability),
        (Stage::Won, Some(q), 100)
    );
    let changes = store.stage_changes(o).await.unwrap();
    let path: Vec<_> = changes.iter().map(|c| c.to).collect();
    assert_eq!(path, [Stage::NeedsIdentified, Stage::Quoted, Stage::Won]);
    assert_eq!(changes[2].at, "2026-12-09T16:45:00+08:00");
    // The quote's row records when it was sent and accepted.
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let db = Database::connect(format!("sqlite://{}", store.path().display()))
        .await
        .unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT opportunity_id, sent_at, accepted_at FROM quote WHERE id = '{q}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), o.to_string());
    assert!(!row.try_get_by_index::<String>(1).unwrap().is_empty());
    assert_eq!(
        row.try_get_by_index::<String>(2).unwrap(),
        "2026-12-09T16:45:00+08:00"
    );
    // A second accepted quote is refused: the opportunity is won already.
    let q2 = quote_for(&store, o).await;
    store.send_quote(q2, Origin::Ui).await.unwrap();
    let e = store
        .mark_quote_outcome(q2, QuoteOutcome::Accepted, when, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(refusal(e), RuleRefusal::AlreadyWon { quote: q });
}

#[tokio::test]
async fn a_rejected_quote_moves_a_quoted_opportunity_to_negotiation() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let o = opportunity(&store, a, "二期产线").await;
    let q = quote_for(&store, o).await;
    store.send_quote(q, Origin::Ui).await.unwrap();
    let rejected = store
        .mark_quote_outcome(
            q,
            QuoteOutcome::Rejected,
            at("2026-12-10T10:00:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(rejected.status, QuoteStatus::Rejected);
    assert_eq!(
        store.get_opportunity(o).await.unwrap().stage,
        Stage::Negotiation
    );
    // A quote for another account's opportunity is refused.
    let other = account(&store, "北京精密").await;
    let draft = QuoteDraft {
        customer_id: Some(other),
        ..Default::default()
    };
    let e = store
        .save_quote_for_opportunity(o, &draft, Origin::Ui)
        .await;
    let Err(StoreError::Invalid(e)) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e[0].field, "customer_id");
}

#[tokio::test]
async fn members_workstreams_and_their_states() {
    let (_dir, store) = store().await;
    let wes = Uuid::now_v7();
    colleagues(&store, &[(wes, "Wes", "east", "rep")]).await;
    let a = account(&store, "苏州精工").await;
    let o = opportunity(&store, a, "二期产线").await;
    let member = store
        .add_opportunity_member(
            &MemberInput {
                opportunity_id: o,
                user_id: wes,
                role: MemberRole::Presales,
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        (member.name.as_str(), member.role),
        ("Wes", MemberRole::Presales)
    );
    let ws = store
        .create_workstream(
            &WorkstreamInput {
                opportunity_id: o,
                kind: WorkstreamKind::Technical,
                owner_user_id: Some(wes),
                due_date: "2026-12-20".into(),
                blocker: String::new(),
                done: false,
            },
            day("2026-12-10"),
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        (ws.state, ws.owner_name.as_str()),
        (WorkState::OnTrack, "Wes")
    );
    let id = ws.workstream.id;
    store
        .add_workstream_item(
            &WorkstreamItemInput {
                workstream_id: id,
                text: "核对 I/O 清单".into(),
                done: false,
                due_date: "2026-12-08".into(),
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let ws = store.get_workstream(id, day("2026-12-10")).await.unwrap();
    assert_eq!(
        (ws.state, ws.overdue_since.as_str()),
        (WorkState::Late, "2026-12-08")
    );
    assert_eq!(ws.items[0].state, WorkState::Late);
    let blocked = store
        .update_workstream(
            id,
            &WorkstreamInput {
                opportunity_id: o,
                kind: WorkstreamKind::Technical,
                owner_user_id: Some(wes),
                due_date: "2026-12-20".into(),
                blocker: "等客户的 P&ID 图纸".into(),
                done: false,
            },
            day("2026-12-10"),
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!((blocked.state, blocked.late), (WorkState::Blocked, true));
    // A workstream owner must be a colleague of the directory.
    let e = store
        .create_workstream(
            &WorkstreamInput {
                opportunity_id: o,
                kind: WorkstreamKind::Contract,
                owner_user_id: Some(Uuid::now_v7()),
                due_date: String::new(),
                blocker: String::new(),
                done: false,
            },
            day("2026-12-10"),
            Origin::Ui,
        )
        .await;
    assert!(matches!(
        e,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    assert_eq!(
        store
            .remove_opportunity_member(o, wes, Origin::Ui)
            .await
            .unwrap(),
        1
    );
    assert!(store.opportunity_members(o).await.unwrap().is_empty());
}

#[tokio::test]
async fn needs_requirements_the_buying_process_and_the_page() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let o = opportunity(&store, a, "二期产线").await;
    let needs = store
        .save_needs(
            o,
            &NeedsInput {
                background: "二期扩产，新增两条焊装线".into(),
                budget: "约 120 万".into(),
                swot: Swot {
                    strengths: vec!["本地服务".into()],
                    threats: vec!["汇川报价低".into()],
                    ..Swot::default()
                },
                ..NeedsInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(needs.needs.swot.threats, ["汇川报价低"]);
    store
        .add_requirement(
            &RequirementInput {
                opportunity_id: o,
                text: "支持 PROFINET".into(),
                priority: RequirementPriority::Must,
                fit: RequirementFit::Gap,
                notes: String::new(),
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let needs = store.get_needs(o).await.unwrap();
    assert_eq!(needs.fit.must_gaps, 1);
    assert_eq!(needs.needs.background, "二期扩产，新增两条焊装线");

    let approver = store
        .create_contact(&ContactInput::named(a, "张总"), Origin::Ui)
        .await
        .unwrap();
    let process = store
        .start_buying_process(a, Some(o), day("2026-12-10"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(process.steps.len(), 6);
    assert_eq!(process.current, Some(process.steps[0].id));
    let approval = process
        .steps
        .iter()
        .find(|s| s.step == BuyingStepKind::Approval)
        .unwrap()
        .id;
    let need = process.steps[0].id;
    for (id, step, status, expected) in [
        (need, BuyingStepKind::Need, BuyingStepStatus::Done, ""),
        (
            approval,
            BuyingStepKind::Approval,
            BuyingStepStatus::InProgress,
            "2026-12-05",
        ),
    ] {
        store
            .update_buying_step(
                id,
                &BuyingStepInput {
                    account_id: a,
                    opportunity_id: Some(o),
                    step,
                    approver_contact_id: Some(approver.id),
                    expected_date: expected.into(),
                    done_date: String::new(),
                    status,
                    notes: String::new(),
                },
                day("2026-12-10"),
                Origin::Ui,
            )
            .await
            .unwrap();
    }
    let page = store
        .opportunity_page(o, at("2026-12-10T18:00:00+08:00"))
        .await
        .unwrap();
    let bp = &page.buying_process;
    assert_eq!(bp.done, 1);
    assert_eq!(
        bp.steps[0].done_date, "2026-12-10",
        "done today when no date was given"
    );
    assert_eq!(bp.current, Some(bp.steps[1].id));
    assert_eq!(bp.stalled.len(), 1);
    assert_eq!(
        (
            bp.stalled[0].approver_name.as_str(),
            bp.stalled[0].days_overdue
        ),
        ("张总", 5)
    );
    assert_eq!(page.account_name, "苏州精工");
    assert_eq!(page.needs.requirements.len(), 1);
    assert_eq!(page.stage_spans.len(), 1);
    assert_eq!(page.stage_spans[0].days, 9);
    // The account's usual process is another one: empty.
    assert!(
        store
            .buying_process(a, None, day("2026-12-10"))
            .await
            .unwrap()
            .steps
            .is_empty()
    );
}

#[tokio::test]
async fn the_pipeline_filters_by_stage_and_sorts_by_value() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let b = account(&store, "北京精密").await;
    for (acct, name, value) in [(a, "A1", "100"), (a, "A2", "300"), (b, "B1", "200")] {
        store
            .create_opportunity(
                &OpportunityInput {
                    expected_value: value.into(),
                    ..OpportunityInput::named(acct, name, "CNY")
                },
                at("2026-12-01T09:00:00+08:00"),
                Origin::Ui,
            )
            .await
            .unwrap();
    }
    let q = ListQuery {
        sort: OpportunitySort::ExpectedValue,
        dir: fieldquote_domain::list::SortDir::Desc,
        ..ListQuery::<OpportunityFilter, OpportunitySort>::default()
    };
    let page = store.list_opportunities(&q).await.unwrap();
    assert_eq!(page.total, 3);
    let names: Vec<_> = page
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.account_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("A2", "苏州精工"), ("B1", "北京精密"), ("A1", "苏州精工")]
    );
    let first = page.rows[0].id;
    store
        .move_opportunity_stage(
            first,
            &StageMove::to(Stage::SolutionDesign),
            at("2026-12-02T09:00:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap();
    let q = ListQuery {
        filter: OpportunityFilter {
            stage: Some(Stage::SolutionDesign),
            ..OpportunityFilter::default()
        },
        ..q
    };
    let page = store.list_opportunities(&q).await.unwrap();
    assert_eq!((page.total, page.rows[0].id), (1, first));
    let page = store.account_page(a, day("2026-12-10")).await.unwrap();
    assert_eq!(page.opportunities.len(), 2);
}
