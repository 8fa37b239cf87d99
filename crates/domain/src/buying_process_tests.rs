use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn step(n: i32, kind: BuyingStepKind, status: BuyingStepStatus, expected: &str) -> BuyingStep {
    BuyingStep {
        id: Uuid::from_u128(u128::try_from(n).unwrap()),
        account_id: Uuid::nil(),
        opportunity_id: None,
        step: kind,
        position: n,
        approver_contact_id: Some(Uuid::from_u128(99)),
        approver_name: format!("approver {n}"),
        expected_date: expected.into(),
        done_date: String::new(),
        status,
        notes: String::new(),
    }
}

#[test]
fn the_deal_stands_at_the_first_step_not_done_and_stalls_where_an_approval_waits() {
    use BuyingStepKind::*;
    use BuyingStepStatus::*;
    let steps = vec![
        step(3, Approval, Stalled, "2026-12-20"),
        step(1, Need, Done, "2026-11-01"),
        step(2, Evaluation, InProgress, "2026-12-05"),
        step(4, Purchase, Pending, ""),
    ];
    let v = buying_process(steps, day("2026-12-10"));
    assert_eq!(
        v.steps.iter().map(|s| s.position).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(v.current, Some(Uuid::from_u128(2)));
    assert_eq!(v.done, 1);
    let stalled: Vec<_> = v
        .stalled
        .iter()
        .map(|s| (s.step, s.days_overdue, s.approver_name.as_str()))
        .collect();
    assert_eq!(
        stalled,
        [(Evaluation, 5, "approver 2"), (Approval, 0, "approver 3")]
    );
    let all_done = buying_process(vec![step(1, Need, Done, "2026-11-01")], day("2026-12-10"));
    assert_eq!((all_done.current, all_done.stalled.len()), (None, 0));
    assert_eq!(usual_steps().first(), Some(&Need));
    assert_eq!(usual_steps().last(), Some(&Delivery));
}

#[test]
fn a_done_date_belongs_to_a_done_step() {
    let input = BuyingStepInput {
        account_id: Uuid::nil(),
        opportunity_id: None,
        step: BuyingStepKind::Approval,
        approver_contact_id: None,
        expected_date: "2026-12-20".into(),
        done_date: "2026-12-18".into(),
        status: BuyingStepStatus::InProgress,
        notes: String::new(),
    };
    assert_eq!(input.validate().unwrap().done_date, "");
    let done = BuyingStepInput {
        status: BuyingStepStatus::Done,
        ..input.clone()
    };
    assert_eq!(done.validate().unwrap().done_date, "2026-12-18");
    let bad = BuyingStepInput {
        expected_date: "soon".into(),
        ..input
    };
    assert_eq!(bad.validate().unwrap_err()[0].field, "expected_date");
}
