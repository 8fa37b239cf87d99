//! The lifecycle rules the store applies when it saves, sends or revises a quote, and the reasons it refuses a
//! step. The status graph itself is [`QuoteStatus`]'s; the rules here add what a step needs beyond the graph
//! (a send within the discount limit, a revision of a quote that went out).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::QuoteStatus;
use crate::DomainError;
use crate::access::Role;
use crate::approval::DiscountReview;
use crate::validation::Percent;

/// The status a quote takes when its content is saved (a new quote, an edit, a revision, a re-pricing): it
/// waits for a manager's approval when its discounts exceed the limit, and is a draft otherwise. An edit of a
/// quote waiting for or holding approval goes through here too, which voids that approval.
pub fn status_after_edit(review: &DiscountReview) -> QuoteStatus {
    if review.needs_approval {
        QuoteStatus::PendingApproval
    } else {
        QuoteStatus::Draft
    }
}

/// Why a quote's status (or who is signed in) does not allow a step. Its text completes "quote Q-2026-0001 is
/// sent: …". Serialized as `{"code": "send_only_draft_or_approved"}`, with the role for `only_managers_decide`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NotAllowed {
    /// Sending: the quote is neither a draft nor approved.
    SendOnlyDraftOrApproved,
    /// Approving a draft whose discounts are within the limit.
    NoApprovalNeeded,
    /// Approving a quote that does not wait for approval.
    ApproveOnlyWaiting,
    /// Refusing a quote that does not wait for approval.
    RefuseOnlyWaiting,
    /// Revising a quote that was never sent: it is edited instead.
    ReviseEditInstead,
    /// Revising a quote that is accepted or superseded.
    ReviseOnlySent,
    /// Comparing a quote that revises nothing.
    NotARevision,
    /// Deciding an approval while signed in with an account that is not a manager or an admin (`None`: its
    /// role is not known yet).
    OnlyManagersDecide { role: Option<Role> },
    /// A manager deciding the approval of their own quote.
    OwnQuote,
}

impl fmt::Display for NotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotAllowed::SendOnlyDraftOrApproved => "only a draft or an approved quote can be sent",
            NotAllowed::NoApprovalNeeded => {
                "its discounts are within the limit, so it needs no approval"
            }
            NotAllowed::ApproveOnlyWaiting => "only a quote waiting for approval can be approved",
            NotAllowed::RefuseOnlyWaiting => "only a quote waiting for approval can be refused",
            NotAllowed::ReviseEditInstead => {
                "it has not been sent, so edit it instead; only a sent, rejected or expired quote gets a new revision"
            }
            NotAllowed::ReviseOnlySent => {
                "only a sent, rejected or expired quote gets a new revision"
            }
            NotAllowed::NotARevision => {
                "it is not a revision, so there is nothing to compare it with"
            }
            NotAllowed::OnlyManagersDecide { role: Some(role) } => {
                return write!(
                    f,
                    "only a manager of the team (or an admin) may decide its approval; this laptop is signed in as \
                     a {role}"
                );
            }
            NotAllowed::OnlyManagersDecide { role: None } => {
                "only a manager of the team (or an admin) may decide its approval; this laptop's account has a \
                 role not known yet (sign in again)"
            }
            NotAllowed::OwnQuote => {
                "a manager may not decide the approval of their own quote: another manager or an admin does"
            }
        })
    }
}

/// Why a quote may not be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendRefusal {
    /// Its discounts need a manager's approval first: the largest effective line discount and the limit, in
    /// percent.
    ApprovalRequired {
        max_discount: Decimal,
        limit: Percent,
    },
    /// Its status does not allow sending.
    NotAllowed(NotAllowed),
}

/// Whether a quote in `status`, whose discounts were reviewed as `review`, may be sent now: a draft within the
/// limit or an approved quote. A quote waiting for approval, or a draft whose discounts need it, is refused
/// for the approval; anything already sent is refused for its status.
pub fn check_send(status: QuoteStatus, review: &DiscountReview) -> Result<(), SendRefusal> {
    let approval_required = || SendRefusal::ApprovalRequired {
        max_discount: review.max_line_discount,
        limit: review.limit,
    };
    match status.check_transition(QuoteStatus::Sent, review.needs_approval) {
        Ok(()) => Ok(()),
        Err(DomainError::ApprovalRequired) => Err(approval_required()),
        Err(_) if status == QuoteStatus::PendingApproval => Err(approval_required()),
        Err(_) => Err(SendRefusal::NotAllowed(NotAllowed::SendOnlyDraftOrApproved)),
    }
}

/// Whether a new revision may be made of a quote in `status` (which then becomes `superseded`): one that
/// went out (sent, rejected, expired). A quote that can still change is edited instead.
pub fn check_revise(status: QuoteStatus) -> Result<(), NotAllowed> {
    if status.can_be_revised() {
        Ok(())
    } else if status.content_may_change() {
        Err(NotAllowed::ReviseEditInstead)
    } else {
        Err(NotAllowed::ReviseOnlySent)
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
