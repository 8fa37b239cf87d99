//! Asking for a manager's approval and deciding it: who asks when a save needs it, who may decide and who
//! signs, and what a manager's approval or refusal writes on the quote.

use serde::{Deserialize, Serialize};

use super::DiscountReview;
use crate::FieldError;
use crate::access::{Role, SignedInUser};
use crate::quote::{NotAllowed, QuoteStatus};
use crate::refusal::Refusal;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};

/// What a manager decided on a quote's discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// Who asked for a manager's approval of a quote and when (RFC 3339); both empty when nobody asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApprovalRequest {
    pub requested_by: String,
    pub requested_at: String,
}

impl ApprovalRequest {
    /// The request a save of a quote's content makes: when its discounts need approval, `requester` (the
    /// signed-in account's name; empty on a laptop without a server) asks at `now`; otherwise nobody asks.
    pub fn on_save(review: &DiscountReview, requester: &str, now: &str) -> Self {
        if review.needs_approval {
            ApprovalRequest {
                requested_by: requester.to_string(),
                requested_at: now.to_string(),
            }
        } else {
            ApprovalRequest::default()
        }
    }
}

/// Who signs a decision taken on this laptop: the signed-in account (its name, else its email), or — on a
/// laptop without a server — the manager `named` there (a blank name is then refused by [`DecisionInput`]).
/// Naming someone while signed in is refused (the account signs), and so is naming nobody without a server.
pub fn signer(account: Option<&SignedInUser>, named: Option<&str>) -> Result<String, Refusal> {
    match (account, named) {
        (Some(user), None) => Ok(user.display_name().to_string()),
        (Some(user), Some(_)) => Err(Refusal::AccountSigns {
            email: user.email.clone(),
        }),
        (None, Some(name)) => Ok(name.to_string()),
        (None, None) => Err(Refusal::ApproverNotNamed),
    }
}

/// Whether the signed-in `account` may decide the approval of a quote owned by `owner_id`: a manager (not for
/// their own quote) or an admin. A laptop without a server (`None`) decides locally, naming the manager.
pub fn check_decider(account: Option<&SignedInUser>, owner_id: &str) -> Result<(), NotAllowed> {
    let Some(user) = account else {
        return Ok(());
    };
    if !user.may_approve() {
        Err(NotAllowed::OnlyManagersDecide { role: user.role })
    } else if user.role == Some(Role::Manager) && user.user_id == owner_id {
        Err(NotAllowed::OwnQuote)
    } else {
        Ok(())
    }
}

/// Who signs a decision and their comment, validated: the name is required, both are bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    signer: String,
    comment: String,
}

impl DecisionInput {
    /// Errors name `approved_by` (the signer) and `approval_comment`.
    pub fn parse(signer: &str, comment: &str) -> Result<Self, Vec<FieldError>> {
        let mut e = Vec::new();
        let signer = collect(
            &mut e,
            validation::text("approved_by", signer, MAX_NAME, true),
        );
        let comment = collect(
            &mut e,
            validation::text("approval_comment", comment, MAX_TEXT, false),
        );
        match (signer, comment) {
            (Some(signer), Some(comment)) if e.is_empty() => Ok(DecisionInput { signer, comment }),
            _ => Err(e),
        }
    }

    pub fn signer(&self) -> &str {
        &self.signer
    }

    pub fn comment(&self) -> &str {
        &self.comment
    }
}

/// What a decision writes on the quote: its new status and the decision's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub status: QuoteStatus,
    /// The approving manager; empty after a refusal.
    pub approved_by: String,
    /// When it was approved (RFC 3339); empty after a refusal.
    pub approved_at: String,
    /// The approval's comment, or who refused and why.
    pub approval_comment: String,
    /// The clock reading of the request the approval answers (see [`decide`]); empty after a refusal.
    pub approved_request: String,
}

/// A manager's decision on a quote in `status` whose discounts `needs_approval`, taken at `now`.
///
/// - **Approve**: a quote waiting for approval becomes `approved`, recording who, when, the comment and
///   `request_seen` — the clock reading of the request as this device last pulled it, so the server can refuse
///   an approval given for an older version of the quote. A draft whose discounts need approval (the limit was
///   lowered after it was saved) may be approved too; a draft within the limit needs none.
/// - **Reject**: a quote waiting for approval goes back to draft for the rep to rework; the comment says who
///   refused and why ("Refused by Wang Fang: …") until the next edit clears it.
///
/// Who may decide (a manager of the team, not for their own quote) is the caller's to check first.
pub fn decide(
    decision: Decision,
    status: QuoteStatus,
    needs_approval: bool,
    input: &DecisionInput,
    now: &str,
    request_seen: &str,
) -> Result<DecisionRecord, NotAllowed> {
    match decision {
        Decision::Approve => {
            match status {
                QuoteStatus::PendingApproval => {}
                QuoteStatus::Draft if needs_approval => {}
                QuoteStatus::Draft => return Err(NotAllowed::NoApprovalNeeded),
                _ => return Err(NotAllowed::ApproveOnlyWaiting),
            }
            Ok(DecisionRecord {
                status: QuoteStatus::Approved,
                approved_by: input.signer.clone(),
                approved_at: now.to_string(),
                approval_comment: input.comment.clone(),
                approved_request: request_seen.to_string(),
            })
        }
        Decision::Reject => {
            if status != QuoteStatus::PendingApproval {
                return Err(NotAllowed::RefuseOnlyWaiting);
            }
            let comment = if input.comment.is_empty() {
                format!("Refused by {}", input.signer)
            } else {
                format!("Refused by {}: {}", input.signer, input.comment)
            };
            Ok(DecisionRecord {
                status: QuoteStatus::Draft,
                approved_by: String::new(),
                approved_at: String::new(),
                approval_comment: comment,
                approved_request: String::new(),
            })
        }
    }
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
