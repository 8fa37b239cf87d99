//! Feedback and complaints: recorded on an account (optionally on a product or a quote), with a category,
//! a severity, a satisfaction score and an owner; identified → assigned → resolved → confirmed.

use crate::text_enum::text_enum;

text_enum! {
    /// What the feedback is about.
    pub enum FeedbackCategory {
        ProductQuality = "product_quality",
        Delivery = "delivery",
        Service = "service",
        Price = "price",
        Documentation = "documentation",
        Other = "other",
    }
}

text_enum! {
    /// How serious it is.
    pub enum Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

text_enum! {
    /// Where the loop stands: identified → assigned → resolved → confirmed with the client.
    pub enum FeedbackStatus {
        Identified = "identified",
        Assigned = "assigned",
        Resolved = "resolved",
        Confirmed = "confirmed",
    }
}

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::rule::RuleRefusal;
use crate::validation::{self, MAX_TEXT, collect};
use crate::{DomainError, FieldError, FieldErrorKind, device_time};

impl FeedbackStatus {
    /// Not resolved yet: shown on the account and in the agenda.
    pub fn is_open(self) -> bool {
        matches!(self, FeedbackStatus::Identified | FeedbackStatus::Assigned)
    }

    /// The flow: identified → assigned → resolved → confirmed; assigned again to someone else; a resolution the
    /// client does not accept goes back to assigned. Confirmed is final.
    pub fn can_become(self, next: FeedbackStatus) -> bool {
        use FeedbackStatus::*;
        matches!(
            (self, next),
            (Identified, Assigned)
                | (Assigned, Assigned | Resolved)
                | (Resolved, Confirmed | Assigned)
        )
    }
}

/// Feedback as the user records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackInput {
    pub account_id: Uuid,
    #[serde(default)]
    pub product_id: Option<Uuid>,
    #[serde(default)]
    pub quote_id: Option<Uuid>,
    pub category: FeedbackCategory,
    pub severity: Severity,
    /// 1–5; `None`: not given.
    #[serde(default)]
    pub satisfaction: Option<u8>,
    pub description: String,
    /// The colleague who owns it; given, the feedback starts assigned.
    #[serde(default)]
    pub owner_user_id: Option<Uuid>,
}

impl FeedbackInput {
    pub fn validate(&self) -> Result<FeedbackInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let description = collect(
            &mut e,
            validation::text("description", &self.description, MAX_TEXT, true),
        );
        match self.satisfaction {
            Some(0) => e.push(FieldError::new(
                "satisfaction",
                FieldErrorKind::MustBePositive,
            )),
            Some(s) if s > 5 => e.push(FieldError::new(
                "satisfaction",
                FieldErrorKind::AboveMax { max: "5".into() },
            )),
            _ => {}
        }
        match description {
            Some(description) if e.is_empty() => Ok(FeedbackInput {
                description,
                ..self.clone()
            }),
            _ => Err(e),
        }
    }

    /// The status new feedback starts in: assigned when it has an owner, identified otherwise.
    pub fn initial_status(&self) -> FeedbackStatus {
        if self.owner_user_id.is_some() {
            FeedbackStatus::Assigned
        } else {
            FeedbackStatus::Identified
        }
    }
}

/// A step of the feedback loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FeedbackAction {
    Assign {
        owner_user_id: Uuid,
    },
    Resolve {
        resolution: String,
    },
    /// The client confirmed the resolution.
    Confirm,
    /// The client did not accept the resolution: back to its owner.
    Reopen,
}

/// Feedback's state as far as its loop goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackState {
    pub status: FeedbackStatus,
    pub owner_user_id: Option<Uuid>,
    pub resolution: String,
    pub resolved_at: String,
    pub confirmed_at: String,
}

/// Take `action` on feedback in `state` at device time `at`: the state after it.
pub fn feedback_step(
    state: &FeedbackState,
    action: &FeedbackAction,
    at: DateTime<FixedOffset>,
) -> Result<FeedbackState, DomainError> {
    let to = match action {
        FeedbackAction::Assign { .. } | FeedbackAction::Reopen => FeedbackStatus::Assigned,
        FeedbackAction::Resolve { .. } => FeedbackStatus::Resolved,
        FeedbackAction::Confirm => FeedbackStatus::Confirmed,
    };
    // Resolved → assigned is the client's refusal of the resolution (reopen), not a reassignment.
    let allowed = match action {
        FeedbackAction::Reopen => state.status == FeedbackStatus::Resolved,
        FeedbackAction::Assign { .. } => {
            state.status != FeedbackStatus::Resolved && state.status.can_become(to)
        }
        _ => state.status.can_become(to),
    };
    if !allowed {
        return Err(RuleRefusal::FeedbackTransition {
            from: state.status,
            to,
        }
        .into());
    }
    let now = device_time::format(at);
    let mut next = FeedbackState {
        status: to,
        ..state.clone()
    };
    match action {
        FeedbackAction::Assign { owner_user_id } => next.owner_user_id = Some(*owner_user_id),
        FeedbackAction::Resolve { resolution } => {
            if state.owner_user_id.is_none() {
                return Err(RuleRefusal::FeedbackNeedsOwner.into());
            }
            let resolution = validation::text("resolution", resolution, MAX_TEXT, false)
                .map_err(|e| DomainError::Invalid(vec![e]))?;
            if resolution.is_empty() {
                return Err(RuleRefusal::FeedbackNeedsResolution.into());
            }
            next.resolution = resolution;
            next.resolved_at = now;
        }
        FeedbackAction::Confirm => next.confirmed_at = now,
        FeedbackAction::Reopen => next.resolved_at = String::new(),
    }
    Ok(next)
}

/// Stored feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Feedback {
    pub id: Uuid,
    pub account_id: Uuid,
    pub product_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub category: FeedbackCategory,
    pub severity: Severity,
    pub satisfaction: Option<u8>,
    pub owner_user_id: Option<Uuid>,
    pub status: FeedbackStatus,
    pub description: String,
    pub resolution: String,
    /// Device times, RFC 3339 with offset.
    pub reported_at: String,
    pub resolved_at: String,
    pub confirmed_at: String,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// Which feedback a list keeps. Empty fields keep all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackFilter {
    #[serde(default)]
    pub account_id: Option<Uuid>,
    #[serde(default)]
    pub status: Option<FeedbackStatus>,
    /// Only identified or assigned.
    #[serde(default)]
    pub open_only: bool,
    #[serde(default)]
    pub owner_user_id: Option<Uuid>,
}

/// The columns the feedback list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackSort {
    #[default]
    ReportedAt,
    Severity,
    Status,
    Account,
}

#[cfg(test)]
#[path = "feedback_tests.rs"]
mod tests;
