//! What can be done with a quote now: the editor's buttons, decided here from the quote's status and its
//! discount review so that no screen works them out again.

use serde::{Deserialize, Serialize};

use super::QuoteStatus;

/// The steps a quote offers, as the app shows them. Each says whether the step applies; the store still
/// checks every step when it is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteActions {
    /// Its content may change and be saved (see [`QuoteStatus::content_may_change`]): a quote waiting for or
    /// holding approval goes back to draft when edited. False once sent: the quote is read-only.
    pub edit: bool,
    /// "Mark as sent" is offered: a saved quote that has not gone out. While `send_blocked` the store refuses
    /// it with the discount that needs approval.
    pub send: bool,
    /// Sending waits for a manager's approval of the discounts.
    pub send_blocked: bool,
    /// A new revision can be made (a sent, rejected or expired quote).
    pub revise: bool,
    /// A manager may approve its discounts here: it waits for approval.
    pub approve: bool,
    /// A manager may refuse its discounts here: it waits for approval.
    pub reject_approval: bool,
    /// The client's acceptance can be recorded: a sent quote.
    pub accept: bool,
    /// The client's rejection can be recorded: a sent quote.
    pub reject: bool,
}

impl QuoteActions {
    /// The actions of a quote in `status` (`saved`: it has been saved, so it has an id and a number) whose
    /// discounts `needs_approval` against the limit.
    pub fn of(saved: bool, status: QuoteStatus, needs_approval: bool) -> Self {
        let waiting = saved && status == QuoteStatus::PendingApproval;
        QuoteActions {
            edit: status.content_may_change(),
            send: saved && status.content_may_change(),
            send_blocked: saved
                && (status == QuoteStatus::PendingApproval
                    || (status == QuoteStatus::Draft && needs_approval)),
            revise: saved && status.can_be_revised(),
            approve: waiting,
            reject_approval: waiting,
            accept: saved && status.can_become(QuoteStatus::Accepted),
            reject: saved && status.can_become(QuoteStatus::Rejected),
        }
    }
}

#[cfg(test)]
#[path = "actions_tests.rs"]
mod tests;
