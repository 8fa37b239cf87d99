use super::*;
use crate::approval::DEFAULT_DISCOUNT_LIMIT;
use QuoteStatus::*;

fn review(needs_approval: bool) -> DiscountReview {
    DiscountReview {
        limit: DEFAULT_DISCOUNT_LIMIT,
        line_discounts: vec![Some(Decimal::new(20, 0))],
        max_line_discount: Decimal::new(20, 0),
        quote_discount: Decimal::new(20, 0),
        lines_over_limit: if needs_approval { vec![0] } else { vec![] },
        needs_approval,
        largest: None,
    }
}

#[test]
fn a_save_waits_for_approval_exactly_when_the_discounts_need_it() {
    assert_eq!(status_after_edit(&review(true)), PendingApproval);
    assert_eq!(status_after_edit(&review(false)), Draft);
}

#[test]
fn what_may_be_sent() {
    let approval = || SendRefusal::ApprovalRequired {
        max_discount: Decimal::new(20, 0),
        limit: DEFAULT_DISCOUNT_LIMIT,
    };
    let not_allowed = Err(SendRefusal::NotAllowed(NotAllowed::SendOnlyDraftOrApproved));
    // (status, needs approval, outcome)
    let table = [
        (Draft, false, Ok(())),
        (Draft, true, Err(approval())),
        (PendingApproval, true, Err(approval())),
        // Waiting for approval under a limit raised since: still the manager's to decide first.
        (PendingApproval, false, Err(approval())),
        (Approved, true, Ok(())),
        (Approved, false, Ok(())),
        (Sent, false, not_allowed.clone()),
        (Accepted, false, not_allowed.clone()),
        (Rejected, true, not_allowed.clone()),
        (Expired, false, not_allowed.clone()),
        (Superseded, false, not_allowed),
    ];
    for (status, needs, outcome) in table {
        assert_eq!(
            check_send(status, &review(needs)),
            outcome,
            "{status:?} needs {needs}"
        );
    }
}

#[test]
fn only_a_quote_that_went_out_gets_a_revision() {
    for status in QuoteStatus::ALL {
        let expected = match status {
            Sent | Rejected | Expired => Ok(()),
            Draft | PendingApproval | Approved => Err(NotAllowed::ReviseEditInstead),
            Accepted | Superseded => Err(NotAllowed::ReviseOnlySent),
        };
        assert_eq!(check_revise(status), expected, "{status:?}");
    }
    assert!(
        NotAllowed::ReviseEditInstead
            .to_string()
            .starts_with("it has not been sent, so edit it instead")
    );
}

#[test]
fn every_refusal_says_why_in_words() {
    let all = [
        NotAllowed::SendOnlyDraftOrApproved,
        NotAllowed::NoApprovalNeeded,
        NotAllowed::ApproveOnlyWaiting,
        NotAllowed::RefuseOnlyWaiting,
        NotAllowed::ReviseEditInstead,
        NotAllowed::ReviseOnlySent,
        NotAllowed::NotARevision,
    ];
    let texts: std::collections::HashSet<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), all.len(), "each reason reads differently");
    assert_eq!(
        NotAllowed::NoApprovalNeeded.to_string(),
        "its discounts are within the limit, so it needs no approval"
    );
}
