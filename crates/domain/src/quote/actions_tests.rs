use super::*;
use QuoteStatus::*;

#[test]
fn the_steps_each_status_offers() {
    // (status, needs approval, edit, send, send blocked, revise, approve, accept)
    let table = [
        (Draft, false, true, true, false, false, false, false),
        (Draft, true, true, true, true, false, false, false),
        (PendingApproval, true, true, true, true, false, true, false),
        (Approved, true, true, true, false, false, false, false),
        (Sent, false, false, false, false, true, false, true),
        (Accepted, false, false, false, false, false, false, false),
        (Rejected, false, false, false, false, true, false, false),
        (Expired, false, false, false, false, true, false, false),
        (Superseded, false, false, false, false, false, false, false),
    ];
    for (status, needs, edit, send, blocked, revise, approve, accept) in table {
        let a = QuoteActions::of(true, status, needs);
        assert_eq!(
            (
                a.edit,
                a.send,
                a.send_blocked,
                a.revise,
                a.approve,
                a.accept
            ),
            (edit, send, blocked, revise, approve, accept),
            "{status:?} needs {needs}"
        );
        assert_eq!(a.reject_approval, a.approve, "{status:?}");
        assert_eq!(a.reject, a.accept, "{status:?}");
        assert_eq!(a.edit, status.content_may_change(), "{status:?}");
    }
}

#[test]
fn a_quote_not_saved_yet_can_only_be_edited() {
    for needs in [false, true] {
        assert_eq!(
            QuoteActions::of(false, Draft, needs),
            QuoteActions {
                edit: true,
                ..QuoteActions::default()
            }
        );
    }
}
