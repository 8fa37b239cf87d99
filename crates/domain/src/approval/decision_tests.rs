use super::*;
use crate::FieldErrorKind;
use crate::approval::DEFAULT_DISCOUNT_LIMIT;
use QuoteStatus::*;
use rust_decimal::Decimal;

const NOW: &str = "2026-12-05T10:00:00Z";

fn input(signer: &str, comment: &str) -> DecisionInput {
    DecisionInput::parse(signer, comment).unwrap()
}

#[test]
fn an_approval_records_who_when_why_and_the_request_it_answers() {
    let record = decide(
        Decision::Approve,
        PendingApproval,
        true,
        &input(" Wang Fang ", "ok for this client"),
        NOW,
        "1733392800000-0003-dev1",
    )
    .unwrap();
    assert_eq!(
        record,
        DecisionRecord {
            status: Approved,
            approved_by: "Wang Fang".into(),
            approved_at: NOW.into(),
            approval_comment: "ok for this client".into(),
            approved_request: "1733392800000-0003-dev1".into(),
        }
    );
}

#[test]
fn a_refusal_sends_the_quote_back_to_draft_saying_who_and_why() {
    let record = decide(
        Decision::Reject,
        PendingApproval,
        true,
        &input("Wang Fang", "too deep"),
        NOW,
        "seen",
    )
    .unwrap();
    assert_eq!(record.status, Draft);
    assert_eq!(record.approval_comment, "Refused by Wang Fang: too deep");
    assert_eq!(
        (
            record.approved_by.as_str(),
            record.approved_at.as_str(),
            record.approved_request.as_str()
        ),
        ("", "", ""),
        "a refusal approves nothing"
    );
    let bare = decide(
        Decision::Reject,
        PendingApproval,
        true,
        &input("Wang Fang", ""),
        NOW,
        "",
    )
    .unwrap();
    assert_eq!(bare.approval_comment, "Refused by Wang Fang");
}

#[test]
fn which_quotes_a_manager_may_decide() {
    // (decision, status, needs approval, outcome)
    let table = [
        (Decision::Approve, PendingApproval, true, Ok(Approved)),
        (Decision::Approve, PendingApproval, false, Ok(Approved)),
        // The limit was lowered after the draft was saved: it may be approved on its way.
        (Decision::Approve, Draft, true, Ok(Approved)),
        (
            Decision::Approve,
            Draft,
            false,
            Err(NotAllowed::NoApprovalNeeded),
        ),
        (
            Decision::Approve,
            Approved,
            true,
            Err(NotAllowed::ApproveOnlyWaiting),
        ),
        (
            Decision::Approve,
            Sent,
            true,
            Err(NotAllowed::ApproveOnlyWaiting),
        ),
        (Decision::Reject, PendingApproval, true, Ok(Draft)),
        (
            Decision::Reject,
            Draft,
            true,
            Err(NotAllowed::RefuseOnlyWaiting),
        ),
        (
            Decision::Reject,
            Approved,
            true,
            Err(NotAllowed::RefuseOnlyWaiting),
        ),
        (
            Decision::Reject,
            Sent,
            false,
            Err(NotAllowed::RefuseOnlyWaiting),
        ),
    ];
    for (decision, status, needs, outcome) in table {
        let got = decide(decision, status, needs, &input("M", ""), NOW, "").map(|r| r.status);
        assert_eq!(got, outcome, "{decision:?} {status:?} needs {needs}");
    }
    for status in QuoteStatus::ALL {
        for decision in [Decision::Approve, Decision::Reject] {
            if let Ok(r) = decide(decision, status, true, &input("M", ""), NOW, "") {
                assert!(
                    status.can_become(r.status) || status == Draft,
                    "{status:?} -> {:?} is not an edge",
                    r.status
                );
            }
        }
    }
}

#[test]
fn the_signer_is_required_and_both_texts_are_bounded() {
    let errors = DecisionInput::parse("  ", &"x".repeat(3_000)).unwrap_err();
    let fields: Vec<(&str, &FieldErrorKind)> =
        errors.iter().map(|e| (e.field.as_str(), &e.kind)).collect();
    assert_eq!(fields[0], ("approved_by", &FieldErrorKind::Required));
    assert_eq!(fields[1].0, "approval_comment");
    let ok = DecisionInput::parse(" 王芳 ", " fine ").unwrap();
    assert_eq!((ok.signer(), ok.comment()), ("王芳", "fine"));
}

#[test]
fn a_save_asks_for_approval_only_when_it_needs_it() {
    let review = |needs_approval| DiscountReview {
        limit: DEFAULT_DISCOUNT_LIMIT,
        line_discounts: vec![],
        max_line_discount: Decimal::ZERO,
        quote_discount: Decimal::ZERO,
        lines_over_limit: vec![],
        needs_approval,
        largest: None,
    };
    assert_eq!(
        ApprovalRequest::on_save(&review(true), "Ann Li", NOW),
        ApprovalRequest {
            requested_by: "Ann Li".into(),
            requested_at: NOW.into()
        }
    );
    assert_eq!(
        ApprovalRequest::on_save(&review(false), "Ann Li", NOW),
        ApprovalRequest::default()
    );
    let json = serde_json::to_string(&Decision::Reject).unwrap();
    assert_eq!(json, r#""reject""#);
}

fn account(role: Option<Role>, name: &str) -> SignedInUser {
    SignedInUser {
        user_id: "u-1".into(),
        email: "wang@example.cn".into(),
        name: name.into(),
        role,
    }
}

#[test]
fn the_signed_in_account_signs_else_the_manager_named_on_the_laptop() {
    let manager = account(Some(Role::Manager), "Wang Fang");
    assert_eq!(signer(Some(&manager), None), Ok("Wang Fang".into()));
    // An account without a name yet signs with its email.
    let unnamed = account(Some(Role::Manager), " ");
    assert_eq!(signer(Some(&unnamed), None), Ok("wang@example.cn".into()));
    assert_eq!(
        signer(Some(&manager), Some("Someone Else")),
        Err(Refusal::AccountSigns {
            email: "wang@example.cn".into()
        })
    );
    // A laptop without a server needs a name (a blank one fails the decision's own validation).
    assert_eq!(signer(None, Some("Li Lei")), Ok("Li Lei".into()));
    assert_eq!(signer(None, None), Err(Refusal::ApproverNotNamed));
    assert!(DecisionInput::parse(&signer(None, Some(" ")).unwrap(), "").is_err());
}

#[test]
fn managers_decide_for_others_admins_for_anyone_reps_never() {
    let manager = account(Some(Role::Manager), "Wang Fang");
    assert_eq!(check_decider(Some(&manager), "u-2"), Ok(()));
    assert_eq!(
        check_decider(Some(&manager), "u-1"),
        Err(NotAllowed::OwnQuote)
    );
    let admin = account(Some(Role::Admin), "Root");
    assert_eq!(check_decider(Some(&admin), "u-1"), Ok(()));
    let rep = account(Some(Role::Rep), "Ann");
    assert_eq!(
        check_decider(Some(&rep), "u-2"),
        Err(NotAllowed::OnlyManagersDecide {
            role: Some(Role::Rep)
        })
    );
    assert_eq!(
        check_decider(Some(&account(None, "Old")), "u-2"),
        Err(NotAllowed::OnlyManagersDecide { role: None })
    );
    // A laptop without a server decides locally.
    assert_eq!(check_decider(None, "u-2"), Ok(()));
}
