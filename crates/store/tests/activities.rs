//! Activities and feedback on a real SQLite file: check-in and check-out at the device's time, corrected
//! times kept beside the recorded clicks, next steps, the agenda, the feedback loop and the lists.
#![allow(clippy::unwrap_used)]

mod common;

use common::visit::{account, at, colleagues, day, store};
use fieldquote_domain::DomainError;
use fieldquote_domain::Refusal;
use fieldquote_domain::activity::{ActivityFilter, ActivityInput, ActivityKind, ActivitySort};
use fieldquote_domain::contact::ContactInput;
use fieldquote_domain::feedback::{
    FeedbackAction, FeedbackCategory, FeedbackFilter, FeedbackInput, FeedbackSort, FeedbackStatus,
    Severity,
};
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_store::{Origin, StoreError};
use uuid::Uuid;

fn refusal(e: StoreError) -> RuleRefusal {
    match e {
        StoreError::Domain(DomainError::Rule(r)) => r,
        other => panic!("expected a rule's refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_visit_is_checked_in_and_out_and_its_corrected_times_kept_beside_the_clicks() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let wang = store
        .create_contact(&ContactInput::named(a, "王芳"), Origin::Ui)
        .await
        .unwrap();
    let mut input = ActivityInput::new(a, ActivityKind::Call, "技术交流");
    input.contact_ids = vec![wang.id];
    let visit = store
        .check_in(&input, at("2026-12-07T09:30:12+08:00"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(visit.kind, ActivityKind::Visit);
    assert_eq!(visit.checked_in_at, "2026-12-07T09:30:12+08:00");
    assert_eq!(visit.starts_at, visit.checked_in_at);
    assert_eq!(visit.contact_ids, [wang.id]);
    let e = store
        .check_in_activity(visit.id, at("2026-12-07T09:40:00+08:00"), Origin::Ui)
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), RuleRefusal::AlreadyCheckedIn { .. }));
    let out = store
        .check_out(visit.id, at("2026-12-07T18:40:00+08:00"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(out.ends_at, "2026-12-07T18:40:00+08:00");
    // The rep forgot to check out on time: the end is corrected, the click is kept.
    let fixed = store
        .correct_activity_times(
            visit.id,
            "2026-12-07T09:30:12+08:00",
            "2026-12-07T11:00:00+08:00",
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(fixed.ends_at, "2026-12-07T11:00:00+08:00");
    assert_eq!(fixed.checked_out_at, "2026-12-07T18:40:00+08:00");
    assert!(fixed.corrected);
    // An edit of what was said keeps the clicks too.
    let mut edit = input.clone();
    edit.kind = ActivityKind::Visit;
    edit.starts_at = fixed.starts_at.clone();
    edit.ends_at = fixed.ends_at.clone();
    edit.outcome = "确认二期需求".into();
    edit.next_step = "发送方案".into();
    edit.next_step_due = "2026-12-09".into();
    let edited = store
        .update_activity(visit.id, &edit, Origin::Ui)
        .await
        .unwrap();
    assert_eq!(edited.checked_in_at, "2026-12-07T09:30:12+08:00");
    assert_eq!(edited.checked_out_at, "2026-12-07T18:40:00+08:00");
    assert_eq!(edited.next_step_due, "2026-12-09");
    // A contact of another account is refused by name of field.
    let other = account(&store, "北京精密").await;
    let stranger = store
        .create_contact(&ContactInput::named(other, "陌生人"), Origin::Ui)
        .await
        .unwrap();
    let mut bad = input.clone();
    bad.contact_ids = vec![wang.id, stranger.id];
    let Err(StoreError::Invalid(e)) = store.log_activity(&bad, Origin::Ui).await else {
        panic!("a stranger took part");
    };
    assert_eq!(e[0].field, "contact_ids[1]");
    // An end before the start is refused.
    let e = store
        .correct_activity_times(
            visit.id,
            "2026-12-07T12:00:00+08:00",
            "2026-12-07T11:00:00+08:00",
            Origin::Ui,
        )
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), RuleRefusal::EndsBeforeStart { .. }));
    let e = store
        .check_out(visit.id, at("2026-12-07T19:00:00+08:00"), Origin::Ui)
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), RuleRefusal::AlreadyCheckedOut { .. }));
}

#[tokio::test]
async fn the_agenda_lists_todays_and_overdue_next_steps_and_open_complaints() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let b = account(&store, "北京精密").await;
    let mut ids = Vec::new();
    for (acct, step, due) in [
        (a, "发送方案", "2026-12-09"),
        (b, "电话跟进", "2026-12-10"),
        (a, "安排演示", "2026-12-15"),
        (b, "催款", "2026-12-01"),
    ] {
        let mut input = ActivityInput::new(acct, ActivityKind::Meeting, "会议");
        input.next_step = step.into();
        input.next_step_due = due.into();
        ids.push(store.log_activity(&input, Origin::Ui).await.unwrap().id);
    }
    store
        .set_next_step_done(ids[3], true, Origin::Ui)
        .await
        .unwrap();
    let complaint = store
        .add_feedback(
            &FeedbackInput {
                account_id: a,
                product_id: None,
                quote_id: None,
                category: FeedbackCategory::Delivery,
                severity: Severity::High,
                satisfaction: Some(2),
                description: "交货晚了两周".into(),
                owner_user_id: None,
            },
            at("2026-12-08T10:00:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap();
    let agenda = store.agenda(day("2026-12-10")).await.unwrap();
    let overdue: Vec<_> = agenda
        .overdue
        .iter()
        .map(|i| (i.next_step.as_str(), i.days_overdue))
        .collect();
    assert_eq!(overdue, [("发送方案", 1)]);
    let today: Vec<_> = agenda
        .due_today
        .iter()
        .map(|i| i.account_name.as_str())
        .collect();
    assert_eq!(today, ["北京精密"]);
    assert_eq!(agenda.open_complaints.len(), 1);
    assert_eq!(agenda.open_complaints[0].feedback_id, complaint.id);
    // A deleted account's steps leave the agenda.
    store.delete_account(b, Origin::Ui).await.unwrap();
    assert!(
        store
            .agenda(day("2026-12-10"))
            .await
            .unwrap()
            .due_today
            .is_empty()
    );
    // Ticking off a step of an activity without one is refused.
    let plain = store
        .log_activity(
            &ActivityInput::new(a, ActivityKind::Note, "笔记"),
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        refusal(
            store
                .set_next_step_done(plain.id, true, Origin::Ui)
                .await
                .unwrap_err()
        ),
        RuleRefusal::NoNextStep
    );
}

#[tokio::test]
async fn feedback_runs_its_loop_and_closes_it() {
    let (_dir, store) = store().await;
    let ida = Uuid::now_v7();
    colleagues(&store, &[(ida, "Ida", "service", "rep")]).await;
    let a = account(&store, "苏州精工").await;
    let input = FeedbackInput {
        account_id: a,
        product_id: None,
        quote_id: None,
        category: FeedbackCategory::ProductQuality,
        severity: Severity::Critical,
        satisfaction: None,
        description: "伺服驱动器过热".into(),
        owner_user_id: None,
    };
    let f = store
        .add_feedback(&input, at("2026-12-08T10:00:00+08:00"), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(
        (f.status, f.reported_at.as_str()),
        (FeedbackStatus::Identified, "2026-12-08T10:00:00+08:00")
    );
    let t = at("2026-12-09T10:00:00+08:00");
    let e = store
        .feedback_action(
            f.id,
            &FeedbackAction::Resolve {
                resolution: "换货".into(),
            },
            t,
            Origin::Ui,
        )
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), RuleRefusal::FeedbackTransition { .. }));
    // Only a colleague of the directory is assigned.
    assert!(matches!(
        store
            .feedback_action(
                f.id,
                &FeedbackAction::Assign {
                    owner_user_id: Uuid::now_v7()
                },
                t,
                Origin::Ui
            )
            .await,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    let f = store
        .feedback_action(
            f.id,
            &FeedbackAction::Assign { owner_user_id: ida },
            t,
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        (f.status, f.owner_user_id),
        (FeedbackStatus::Assigned, Some(ida))
    );
    let f = store
        .feedback_action(
            f.id,
            &FeedbackAction::Resolve {
                resolution: "更换批次，已发货".into(),
            },
            t,
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(
        (f.status, f.resolved_at.as_str()),
        (FeedbackStatus::Resolved, "2026-12-09T10:00:00+08:00")
    );
    let f = store
        .feedback_action(
            f.id,
            &FeedbackAction::Confirm,
            at("2026-12-12T10:00:00+08:00"),
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(f.status, FeedbackStatus::Confirmed);
    let open = ListQuery {
        filter: FeedbackFilter {
            open_only: true,
            ..FeedbackFilter::default()
        },
        sort: FeedbackSort::Severity,
        ..ListQuery::default()
    };
    assert_eq!(store.list_feedback(&open).await.unwrap().total, 0);
    assert_eq!(
        store
            .list_feedback(&ListQuery::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert!(
        store
            .agenda(day("2026-12-12"))
            .await
            .unwrap()
            .open_complaints
            .is_empty()
    );
    // A score out of 1–5 is refused by field.
    let Err(StoreError::Invalid(e)) = store
        .add_feedback(
            &FeedbackInput {
                satisfaction: Some(9),
                ..input
            },
            t,
            Origin::Ui,
        )
        .await
    else {
        panic!("a score of 9 was kept");
    };
    assert_eq!(e[0].field, "satisfaction");
}

#[tokio::test]
async fn the_activity_list_filters_by_days_and_sorts() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    for (n, start) in [
        "2026-12-01T09:00:00+08:00",
        "2026-12-03T09:00:00+08:00",
        "2026-12-05T09:00:00+08:00",
    ]
    .iter()
    .enumerate()
    {
        let mut input = ActivityInput::new(a, ActivityKind::Call, &format!("call {n}"));
        input.starts_at = (*start).into();
        store.log_activity(&input, Origin::Ui).await.unwrap();
    }
    let q = ListQuery {
        filter: ActivityFilter {
            from: "2026-12-02".into(),
            to: "2026-12-05".into(),
            ..ActivityFilter::default()
        },
        sort: ActivitySort::StartsAt,
        dir: fieldquote_domain::list::SortDir::Desc,
        ..ListQuery::default()
    };
    let page = store.list_activities(&q).await.unwrap();
    let subjects: Vec<_> = page.rows.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!((page.total, subjects), (2, vec!["call 2", "call 1"]));
    assert_eq!(page.rows[0].account_name, "苏州精工");
}
