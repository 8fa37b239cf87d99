//! The quote's status machine.
//!
//! ```text
//!            ┌──────────────► pending_approval ──► approved ──┐
//!            │                     │                  │       │
//!   draft ◄──┴─────────────────────┴──────────────────┘       │
//!     │                                                       ▼
//!     └──────────────────────────────────────────────────►  sent ──► accepted
//!                          (only when no approval is needed)  │ ├───► rejected ──► superseded
//!                                                             │ ├───► expired ───► superseded
//!                                                             │ └───► superseded
//! ```
//!
//! - Content is edited in `draft` ([`QuoteStatus::is_draft`]). A quote's content may still change while it has
//!   not gone out ([`QuoteStatus::content_may_change`]: draft, pending approval, approved): editing a quote that
//!   waits for or has approval takes it back to draft, which voids the approval (`pending_approval → draft`,
//!   `approved → draft`); a manager refusing approval is the same `pending_approval → draft` move.
//! - `draft → sent` is allowed only when the quote does not need approval (see [`crate::approval`]);
//!   [`QuoteStatus::check_transition`] enforces it, [`QuoteStatus::can_become`] is the bare graph.
//! - A sent quote is frozen. Changing it makes a new revision (see [`crate::numbering`]) and the old one becomes
//!   `superseded`; so do rejected and expired quotes that get a new revision. `accepted` and `superseded` are
//!   final.
//! - `expired` may be stored (`sent → expired`), but it never needs to be: past its valid-until date a sent quote
//!   *shows* as expired ([`QuoteStatus::shown_on`]), a pure function of status and date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Where a quote is in its life. A sent quote is frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    PendingApproval,
    Approved,
    Sent,
    Accepted,
    Rejected,
    Expired,
    Superseded,
}

impl QuoteStatus {
    pub const ALL: [QuoteStatus; 8] = [
        QuoteStatus::Draft,
        QuoteStatus::PendingApproval,
        QuoteStatus::Approved,
        QuoteStatus::Sent,
        QuoteStatus::Accepted,
        QuoteStatus::Rejected,
        QuoteStatus::Expired,
        QuoteStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::PendingApproval => "pending_approval",
            QuoteStatus::Approved => "approved",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Expired => "expired",
            QuoteStatus::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        QuoteStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether this is the status content is edited in. Only `draft`: an edit of a quote waiting for or holding
    /// approval takes it back here first (see [`Self::content_may_change`]).
    pub fn is_draft(self) -> bool {
        matches!(self, QuoteStatus::Draft)
    }

    /// Whether the quote's content (customer, terms, lines, discounts, prices) may still change: a draft, and
    /// a quote waiting for or holding approval, which an edit takes back to draft. Once sent a quote is frozen:
    /// it changes only by a new revision.
    pub fn content_may_change(self) -> bool {
        matches!(
            self,
            QuoteStatus::Draft | QuoteStatus::PendingApproval | QuoteStatus::Approved
        )
    }

    /// Whether no transition leaves this status.
    pub fn is_final(self) -> bool {
        matches!(self, QuoteStatus::Accepted | QuoteStatus::Superseded)
    }

    /// Whether the quote has been sent to the client (it is frozen and its number is out in the world).
    pub fn was_sent(self) -> bool {
        matches!(
            self,
            QuoteStatus::Sent
                | QuoteStatus::Accepted
                | QuoteStatus::Rejected
                | QuoteStatus::Expired
                | QuoteStatus::Superseded
        )
    }

    /// Whether a new revision may be made from this quote (which then becomes `superseded`).
    pub fn can_be_revised(self) -> bool {
        self.can_become(QuoteStatus::Superseded)
    }

    /// Whether `self → next` is an edge of the status graph (see the module docs). Staying put is not a
    /// transition.
    pub fn can_become(self, next: QuoteStatus) -> bool {
        use QuoteStatus::*;
        matches!(
            (self, next),
            (Draft, PendingApproval | Sent)
                | (PendingApproval, Approved | Draft)
                | (Approved, Sent | Draft)
                | (Sent, Accepted | Rejected | Expired | Superseded)
                | (Rejected | Expired, Superseded)
        )
    }

    /// [`can_become`](Self::can_become) plus the approval rule: a draft whose discounts need approval must go
    /// through `pending_approval` and `approved` before it can be sent.
    pub fn check_transition(
        self,
        next: QuoteStatus,
        needs_approval: bool,
    ) -> Result<(), DomainError> {
        if !self.can_become(next) {
            return Err(DomainError::StatusTransition {
                from: self.as_str(),
                to: next.as_str(),
            });
        }
        if self == QuoteStatus::Draft && next == QuoteStatus::Sent && needs_approval {
            return Err(DomainError::ApprovalRequired);
        }
        Ok(())
    }

    /// The status to show on `today`: a sent quote whose `valid_until` date (inclusive) has passed shows as
    /// expired; every other status shows as stored.
    pub fn shown_on(self, valid_until: NaiveDate, today: NaiveDate) -> QuoteStatus {
        if self == QuoteStatus::Sent && today > valid_until {
            QuoteStatus::Expired
        } else {
            self
        }
    }
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
