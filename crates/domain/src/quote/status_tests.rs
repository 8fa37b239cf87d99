use super::*;
use QuoteStatus::*;
use proptest::prelude::*;

/// Every allowed edge, written out once. Anything not here is refused.
const ALLOWED: [(QuoteStatus, QuoteStatus); 12] = [
    (Draft, PendingApproval),
    (Draft, Sent),
    (PendingApproval, Approved),
    (PendingApproval, Draft),
    (Approved, Sent),
    (Approved, Draft),
    (Sent, Accepted),
    (Sent, Rejected),
    (Sent, Expired),
    (Sent, Superseded),
    (Rejected, Superseded),
    (Expired, Superseded),
];

#[test]
fn the_transition_table_is_exactly_the_allowed_edges() {
    for from in QuoteStatus::ALL {
        for to in QuoteStatus::ALL {
            assert_eq!(
                from.can_become(to),
                ALLOWED.contains(&(from, to)),
                "{from:?} -> {to:?}"
            );
        }
    }
}

#[test]
fn statuses_round_trip_through_their_names_and_serde() {
    for s in QuoteStatus::ALL {
        assert_eq!(QuoteStatus::parse(s.as_str()), Some(s));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.as_str()));
        assert_eq!(serde_json::from_str::<QuoteStatus>(&json).unwrap(), s);
    }
    assert_eq!(QuoteStatus::parse("Sent"), None);
    assert_eq!(QuoteStatus::parse(""), None);
}

#[test]
fn table_of_properties() {
    // (status, draft, content may change, final, sent, revisable)
    let table = [
        (Draft, true, true, false, false, false),
        (PendingApproval, false, true, false, false, false),
        (Approved, false, true, false, false, false),
        (Sent, false, false, false, true, true),
        (Accepted, false, false, true, true, false),
        (Rejected, false, false, false, true, true),
        (Expired, false, false, false, true, true),
        (Superseded, false, false, true, true, false),
    ];
    for (s, draft, may_change, fin, sent, revisable) in table {
        assert_eq!(s.is_draft(), draft, "{s:?}");
        assert_eq!(s.content_may_change(), may_change, "{s:?}");
        assert_eq!(
            s.content_may_change(),
            !s.was_sent(),
            "{s:?}: changes stop when it goes out"
        );
        assert_eq!(s.is_final(), fin, "{s:?}");
        assert_eq!(s.was_sent(), sent, "{s:?}");
        assert_eq!(s.can_be_revised(), revisable, "{s:?}");
    }
}

#[test]
fn a_draft_that_needs_approval_cannot_be_sent_directly() {
    assert_eq!(
        Draft.check_transition(Sent, true),
        Err(DomainError::ApprovalRequired)
    );
    assert_eq!(Draft.check_transition(Sent, false), Ok(()));
    assert_eq!(Draft.check_transition(PendingApproval, true), Ok(()));
    assert_eq!(PendingApproval.check_transition(Approved, true), Ok(()));
    assert_eq!(Approved.check_transition(Sent, true), Ok(()));
    assert_eq!(
        Sent.check_transition(Draft, false),
        Err(DomainError::StatusTransition {
            from: "sent",
            to: "draft"
        })
    );
}

#[test]
fn a_sent_quote_shows_as_expired_after_its_valid_until_date() {
    let until = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    let next = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let table = [
        (Sent, day(30), Sent),
        (Sent, day(31), Sent),
        (Sent, next, Expired),
        (Draft, next, Draft),
        (Approved, next, Approved),
        (Accepted, next, Accepted),
        (Rejected, next, Rejected),
        (Superseded, next, Superseded),
        (Expired, day(1), Expired),
    ];
    for (status, today, shown) in table {
        assert_eq!(
            status.shown_on(until, today),
            shown,
            "{status:?} on {today}"
        );
    }
}

fn status() -> impl Strategy<Value = QuoteStatus> {
    prop::sample::select(QuoteStatus::ALL.to_vec())
}

proptest! {
    /// Walking the graph at random: a quote leaves draft only forwards, is never editable again once it left
    /// through `sent`, and nothing comes back from a final status.
    #[test]
    fn random_walks_respect_the_lifecycle(steps in prop::collection::vec(status(), 0..40)) {
        let mut current = Draft;
        let mut sent = false;
        for next in steps {
            if current.can_become(next) {
                prop_assert!(!current.is_final());
                current = next;
                sent |= current == Sent;
                if sent {
                    prop_assert!(current.was_sent());
                    prop_assert!(!current.content_may_change());
                }
            }
        }
    }

    #[test]
    fn check_transition_agrees_with_the_graph(from in status(), to in status(), needs in any::<bool>()) {
        let ok = from.check_transition(to, needs).is_ok();
        prop_assert_eq!(ok, from.can_become(to) && !(from == Draft && to == Sent && needs));
        prop_assert!(!from.can_become(from), "no self loops");
    }

    #[test]
    fn only_sent_changes_with_the_date(s in status(), offset in -400_i64..400) {
        let until = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let today = until + chrono::Duration::days(offset);
        let shown = s.shown_on(until, today);
        if s == Sent && offset > 0 {
            prop_assert_eq!(shown, Expired);
        } else {
            prop_assert_eq!(shown, s);
        }
    }
}
