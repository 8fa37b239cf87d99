use super::*;

fn at(s: &str) -> DateTime<FixedOffset> {
    device_time::parse(s).unwrap()
}

fn state(status: FeedbackStatus, owner: Option<u128>) -> FeedbackState {
    FeedbackState {
        status,
        owner_user_id: owner.map(Uuid::from_u128),
        resolution: String::new(),
        resolved_at: String::new(),
        confirmed_at: String::new(),
    }
}

#[test]
fn the_loop_runs_identified_assigned_resolved_confirmed() {
    let t = at("2026-12-08T14:00:00+08:00");
    let s = state(FeedbackStatus::Identified, None);
    let s = feedback_step(
        &s,
        &FeedbackAction::Assign {
            owner_user_id: Uuid::from_u128(7),
        },
        t,
    )
    .unwrap();
    assert_eq!(
        (s.status, s.owner_user_id),
        (FeedbackStatus::Assigned, Some(Uuid::from_u128(7)))
    );
    assert!(matches!(
        feedback_step(
            &s,
            &FeedbackAction::Resolve {
                resolution: " ".into()
            },
            t
        ),
        Err(DomainError::Rule(RuleRefusal::FeedbackNeedsResolution))
    ));
    let s = feedback_step(
        &s,
        &FeedbackAction::Resolve {
            resolution: "换货，已发顺丰".into(),
        },
        t,
    )
    .unwrap();
    assert_eq!(
        (s.status, s.resolved_at.as_str()),
        (FeedbackStatus::Resolved, "2026-12-08T14:00:00+08:00")
    );
    // The client is not satisfied: back to its owner.
    let reopened = feedback_step(&s, &FeedbackAction::Reopen, t).unwrap();
    assert_eq!(
        (reopened.status, reopened.resolved_at.as_str()),
        (FeedbackStatus::Assigned, "")
    );
    let s = feedback_step(
        &s,
        &FeedbackAction::Confirm,
        at("2026-12-12T10:00:00+08:00"),
    )
    .unwrap();
    assert_eq!(
        (s.status, s.confirmed_at.as_str()),
        (FeedbackStatus::Confirmed, "2026-12-12T10:00:00+08:00")
    );
    assert!(!s.status.is_open());
}

#[test]
fn steps_out_of_order_are_refused() {
    let t = at("2026-12-08T14:00:00+08:00");
    let cases = [
        (
            state(FeedbackStatus::Identified, None),
            FeedbackAction::Resolve {
                resolution: "x".into(),
            },
        ),
        (
            state(FeedbackStatus::Identified, None),
            FeedbackAction::Confirm,
        ),
        (
            state(FeedbackStatus::Assigned, Some(1)),
            FeedbackAction::Confirm,
        ),
        (
            state(FeedbackStatus::Assigned, Some(1)),
            FeedbackAction::Reopen,
        ),
        (
            state(FeedbackStatus::Confirmed, Some(1)),
            FeedbackAction::Reopen,
        ),
        (
            state(FeedbackStatus::Confirmed, Some(1)),
            FeedbackAction::Assign {
                owner_user_id: Uuid::nil(),
            },
        ),
    ];
    for (s, action) in cases {
        assert!(
            matches!(
                feedback_step(&s, &action, t),
                Err(DomainError::Rule(RuleRefusal::FeedbackTransition { .. }))
            ),
            "{:?} then {action:?}",
            s.status
        );
    }
    assert!(matches!(
        feedback_step(
            &state(FeedbackStatus::Assigned, None),
            &FeedbackAction::Resolve {
                resolution: "x".into()
            },
            t
        ),
        Err(DomainError::Rule(RuleRefusal::FeedbackNeedsOwner))
    ));
}

#[test]
fn feedback_needs_a_description_and_a_score_from_1_to_5() {
    let input = FeedbackInput {
        account_id: Uuid::nil(),
        product_id: None,
        quote_id: None,
        category: FeedbackCategory::Delivery,
        severity: Severity::High,
        satisfaction: Some(6),
        description: " ".into(),
        owner_user_id: None,
    };
    let fields: Vec<_> = input
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["description", "satisfaction"]);
    let ok = FeedbackInput {
        satisfaction: Some(2),
        description: " 交货晚了两周 ".into(),
        owner_user_id: Some(Uuid::from_u128(3)),
        ..input
    };
    assert_eq!(ok.validate().unwrap().description, "交货晚了两周");
    assert_eq!(ok.initial_status(), FeedbackStatus::Assigned);
}
