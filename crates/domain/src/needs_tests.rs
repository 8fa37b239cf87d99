use super::*;

#[test]
fn needs_are_cleaned_and_every_bad_entry_is_named() {
    let input = NeedsInput {
        background: " 产线扩建，二期 ".into(),
        swot: Swot {
            strengths: vec!["本地服务团队".into(), " ".into(), "本地服务团队".into()],
            threats: vec!["x".repeat(MAX_SWOT_ENTRY + 1), "汇川报价更低".into()],
            ..Swot::default()
        },
        ..NeedsInput::default()
    };
    let errors = input.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "swot.threats[0]");
    let ok = NeedsInput {
        swot: Swot {
            threats: vec!["汇川报价更低".into()],
            ..input.swot.clone()
        },
        ..input
    }
    .validate()
    .unwrap();
    assert_eq!(ok.background, "产线扩建，二期");
    assert_eq!(ok.swot.strengths, ["本地服务团队"]);
    // An empty form is fine: no template needed.
    assert_eq!(
        NeedsInput::default().validate().unwrap(),
        NeedsInput::default()
    );
}

#[test]
fn the_fit_summary_counts_by_priority_and_flags_must_gaps() {
    let req = |priority, fit| Requirement {
        id: Uuid::nil(),
        opportunity_id: Uuid::nil(),
        text: "x".into(),
        priority,
        fit,
        notes: String::new(),
        position: 0,
    };
    use RequirementFit::*;
    use RequirementPriority::*;
    let s = fit_summary(&[
        req(Must, Meets),
        req(Must, Gap),
        req(Must, Partial),
        req(Should, Unknown),
        req(Nice, Gap),
    ]);
    assert_eq!((s.must.meets, s.must.partial, s.must.gap), (1, 1, 1));
    assert_eq!(s.should.unknown, 1);
    assert_eq!(s.nice.gap, 1);
    assert_eq!(s.must_gaps, 1);
    let bad = RequirementInput {
        opportunity_id: Uuid::nil(),
        text: "".into(),
        priority: Must,
        fit: Unknown,
        notes: String::new(),
    };
    assert_eq!(bad.validate().unwrap_err()[0].field, "text");
}
