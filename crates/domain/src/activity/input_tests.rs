use super::*;

fn call() -> ActivityInput {
    ActivityInput::new(Uuid::from_u128(1), ActivityKind::Call, " 电话跟进报价 ")
}

#[test]
fn an_activity_is_cleaned_and_its_times_kept_with_their_offset() {
    let v = ActivityInput {
        starts_at: "2026-12-07T09:30:00+08:00".into(),
        ends_at: "2026-12-07T10:15:00+08:00".into(),
        contact_ids: vec![Uuid::from_u128(5), Uuid::from_u128(5), Uuid::from_u128(6)],
        next_step: "发送修订报价".into(),
        next_step_due: "2026-12-09".into(),
        ..call()
    }
    .validate()
    .unwrap();
    let a = v.get();
    assert_eq!(a.subject, "电话跟进报价");
    assert_eq!(a.starts_at, "2026-12-07T09:30:00+08:00");
    assert_eq!(a.contact_ids, [Uuid::from_u128(5), Uuid::from_u128(6)]);
    assert_eq!(a.next_step_due, "2026-12-09");
}

#[test]
fn a_due_date_needs_a_next_step_and_an_end_follows_the_start() {
    let no_step = ActivityInput {
        next_step_due: "2026-12-09".into(),
        starts_at: "noon".into(),
        ..call()
    };
    match no_step.validate() {
        Err(DomainError::Invalid(e)) => assert_eq!(
            e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["starts_at", "next_step"]
        ),
        other => panic!("{other:?}"),
    }
    let backwards = ActivityInput {
        starts_at: "2026-12-07T10:00:00+08:00".into(),
        ends_at: "2026-12-07T09:00:00+08:00".into(),
        ..call()
    };
    assert!(matches!(
        backwards.validate(),
        Err(DomainError::Rule(RuleRefusal::EndsBeforeStart { .. }))
    ));
    // The same instant in another offset is not before.
    let other_zone = ActivityInput {
        starts_at: "2026-12-07T10:00:00+08:00".into(),
        ends_at: "2026-12-07T03:00:00+01:00".into(),
        ..call()
    };
    assert!(other_zone.validate().is_ok());
}
