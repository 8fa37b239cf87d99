use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn step(n: u128, account: &str, due: &str) -> NextStepFact {
    NextStepFact {
        activity_id: Uuid::from_u128(n),
        account_id: Uuid::from_u128(100 + n),
        account_name: account.into(),
        opportunity_id: None,
        subject: "拜访".into(),
        next_step: format!("step {n}"),
        due: day(due),
    }
}

fn complaint(n: u128, severity: Severity, status: FeedbackStatus, reported: &str) -> ComplaintFact {
    ComplaintFact {
        feedback_id: Uuid::from_u128(n),
        account_id: Uuid::nil(),
        account_name: "苏州精工".into(),
        severity,
        status,
        description: "交货延迟".into(),
        reported_at: reported.into(),
    }
}

#[test]
fn overdue_steps_come_first_and_stand_out_and_later_ones_wait() {
    let a = agenda(
        day("2026-12-10"),
        vec![
            step(1, "B", "2026-12-10"),
            step(2, "A", "2026-12-08"),
            step(3, "C", "2026-12-01"),
            step(4, "A", "2026-12-10"),
            step(5, "A", "2026-12-11"),
        ],
        vec![
            complaint(
                1,
                Severity::Low,
                FeedbackStatus::Identified,
                "2026-12-01T09:00:00+08:00",
            ),
            complaint(
                2,
                Severity::Critical,
                FeedbackStatus::Assigned,
                "2026-12-05T09:00:00+08:00",
            ),
            complaint(
                3,
                Severity::Critical,
                FeedbackStatus::Resolved,
                "2026-12-02T09:00:00+08:00",
            ),
        ],
    );
    let overdue: Vec<_> = a
        .overdue
        .iter()
        .map(|i| (i.next_step.as_str(), i.days_overdue, i.overdue))
        .collect();
    assert_eq!(overdue, [("step 3", 9, true), ("step 2", 2, true)]);
    let today: Vec<_> = a
        .due_today
        .iter()
        .map(|i| (i.account_name.as_str(), i.overdue))
        .collect();
    assert_eq!(today, [("A", false), ("B", false)]);
    let complaints: Vec<_> = a.open_complaints.iter().map(|c| c.feedback_id).collect();
    assert_eq!(complaints, [Uuid::from_u128(2), Uuid::from_u128(1)]);
    assert_eq!(a.today, "2026-12-10");
}
