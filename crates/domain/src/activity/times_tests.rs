use super::*;

fn t(s: &str) -> DateTime<FixedOffset> {
    device_time::parse(s).unwrap()
}

#[test]
fn a_visit_is_checked_in_and_out_once_at_the_device_time() {
    let checked_in = check_in(&VisitTimes::default(), t("2026-12-07T09:30:12+08:00")).unwrap();
    assert_eq!(checked_in.starts_at, "2026-12-07T09:30:12+08:00");
    assert_eq!(checked_in.checked_in_at, "2026-12-07T09:30:12+08:00");
    assert_eq!(
        check_in(&checked_in, t("2026-12-07T09:31:00+08:00")),
        Err(RuleRefusal::AlreadyCheckedIn {
            at: "2026-12-07T09:30:12+08:00".into()
        })
    );
    assert_eq!(
        check_out(&VisitTimes::default(), t("2026-12-07T11:00:00+08:00")),
        Err(RuleRefusal::NotCheckedIn)
    );
    assert!(matches!(
        check_out(&checked_in, t("2026-12-07T09:00:00+08:00")),
        Err(RuleRefusal::CheckOutBeforeCheckIn { .. })
    ));
    let out = check_out(&checked_in, t("2026-12-07T11:05:00+08:00")).unwrap();
    assert_eq!(out.ends_at, "2026-12-07T11:05:00+08:00");
    assert_eq!(out.checked_out_at, "2026-12-07T11:05:00+08:00");
    assert!(!out.corrected());
    assert!(matches!(
        check_out(&out, t("2026-12-07T12:00:00+08:00")),
        Err(RuleRefusal::AlreadyCheckedOut { .. })
    ));
}

#[test]
fn a_corrected_time_is_kept_beside_the_recorded_one() {
    let visit = VisitTimes {
        starts_at: "2026-12-07T09:30:00+08:00".into(),
        ends_at: "2026-12-07T18:40:00+08:00".into(),
        checked_in_at: "2026-12-07T09:30:00+08:00".into(),
        checked_out_at: "2026-12-07T18:40:00+08:00".into(),
    };
    let fixed = correct_times(
        &visit,
        "2026-12-07T09:30:00+08:00",
        "2026-12-07T11:00:00+08:00",
    )
    .unwrap();
    assert_eq!(fixed.ends_at, "2026-12-07T11:00:00+08:00");
    assert_eq!(fixed.checked_out_at, "2026-12-07T18:40:00+08:00");
    assert!(fixed.corrected());
    assert!(matches!(
        correct_times(
            &visit,
            "2026-12-07T12:00:00+08:00",
            "2026-12-07T11:00:00+08:00"
        ),
        Err(DomainError::Rule(RuleRefusal::EndsBeforeStart { .. }))
    ));
    assert!(matches!(
        correct_times(&visit, "9:30", ""),
        Err(DomainError::Invalid(_))
    ));
}
