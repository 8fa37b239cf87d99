//! The client's buying process: its steps (need → information → evaluation → approval → purchase →
//! delivery), who approves each, the expected dates, and where the deal stands.

use crate::text_enum::text_enum;

text_enum! {
    /// A step of the client's buying process, in the order clients usually go through them.
    pub enum BuyingStepKind {
        Need = "need",
        Information = "information",
        Evaluation = "evaluation",
        Approval = "approval",
        Purchase = "purchase",
        Delivery = "delivery",
    }
}

text_enum! {
    /// Where one step of the buying process is.
    pub enum BuyingStepStatus {
        Pending = "pending",
        InProgress = "in_progress",
        Done = "done",
        /// Stuck (typically waiting for an approver): what the rep can help along.
        Stalled = "stalled",
    }
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::validation::{self, MAX_TEXT, collect};

/// A step of the buying process as the user sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BuyingStepInput {
    pub account_id: Uuid,
    /// `None`: the account's usual process; else this opportunity's.
    pub opportunity_id: Option<Uuid>,
    pub step: BuyingStepKind,
    /// Who at the client approves the step (a contact of the account).
    pub approver_contact_id: Option<Uuid>,
    /// `YYYY-MM-DD`, empty when not known.
    pub expected_date: String,
    /// The day it was done (needed when `status` is done; today when left empty then).
    pub done_date: String,
    pub status: BuyingStepStatus,
    #[serde(default)]
    pub notes: String,
}

impl BuyingStepInput {
    /// The input checked: dates, notes; a done date only on a done step.
    pub fn validate(&self) -> Result<BuyingStepInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let expected = collect(
            &mut e,
            validation::date("expected_date", &self.expected_date),
        );
        let done = collect(&mut e, validation::date("done_date", &self.done_date));
        let notes = collect(
            &mut e,
            validation::text("notes", &self.notes, MAX_TEXT, false),
        );
        match (expected, done, notes) {
            (Some(expected), Some(done), Some(notes)) if e.is_empty() => Ok(BuyingStepInput {
                expected_date: expected.map(|d| d.to_string()).unwrap_or_default(),
                // A step that is not done has no done date (reopening a step clears it).
                done_date: done
                    .filter(|_| self.status == BuyingStepStatus::Done)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                notes,
                ..self.clone()
            }),
            _ => Err(e),
        }
    }
}

/// A stored step of a buying process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BuyingStep {
    pub id: Uuid,
    pub account_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub step: BuyingStepKind,
    pub position: i32,
    pub approver_contact_id: Option<Uuid>,
    /// The approver's name (empty when none or not found).
    pub approver_name: String,
    pub expected_date: String,
    pub done_date: String,
    pub status: BuyingStepStatus,
    pub notes: String,
}

/// A step where the client's buying stalls: marked stalled, or past its expected date and not done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StalledStep {
    pub step_id: Uuid,
    pub step: BuyingStepKind,
    /// Who to help along.
    pub approver_contact_id: Option<Uuid>,
    pub approver_name: String,
    /// Days past the expected date (0 when marked stalled before it).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub days_overdue: i64,
}

/// A buying process and where the deal stands in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BuyingProcessView {
    /// By position.
    pub steps: Vec<BuyingStep>,
    /// Where the deal stands: the first step not done (`None` when every step is done, or there is none).
    pub current: Option<Uuid>,
    pub stalled: Vec<StalledStep>,
    pub done: u32,
}

/// The steps of the usual process, in order: what a new process starts from.
pub fn usual_steps() -> &'static [BuyingStepKind] {
    BuyingStepKind::ALL
}

/// The process of `steps` on `today`: ordered by position, the current step, and where it stalls.
pub fn buying_process(mut steps: Vec<BuyingStep>, today: NaiveDate) -> BuyingProcessView {
    steps.sort_by_key(|s| (s.position, s.id));
    let current = steps
        .iter()
        .find(|s| s.status != BuyingStepStatus::Done)
        .map(|s| s.id);
    let stalled = steps
        .iter()
        .filter(|s| s.status != BuyingStepStatus::Done)
        .filter_map(|s| {
            let overdue = NaiveDate::parse_from_str(&s.expected_date, "%Y-%m-%d")
                .ok()
                .map(|d| (today - d).num_days())
                .filter(|d| *d > 0);
            (s.status == BuyingStepStatus::Stalled || overdue.is_some()).then(|| StalledStep {
                step_id: s.id,
                step: s.step,
                approver_contact_id: s.approver_contact_id,
                approver_name: s.approver_name.clone(),
                days_overdue: overdue.unwrap_or(0),
            })
        })
        .collect();
    let done = u32::try_from(
        steps
            .iter()
            .filter(|s| s.status == BuyingStepStatus::Done)
            .count(),
    )
    .unwrap_or(u32::MAX);
    BuyingProcessView {
        steps,
        current,
        stalled,
        done,
    }
}

#[cfg(test)]
#[path = "buying_process_tests.rs"]
mod tests;
