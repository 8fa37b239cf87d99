//! An opportunity and a member as the user types them, and their validation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{MemberRole, Stage};
use crate::money::{Currency, Money};
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};
use crate::{FieldError, FieldErrorKind};

/// An opportunity as the user types it. Its stage changes by [`super::move_stage`] only; `stage` is the
/// stage a new opportunity starts at (an open one; needs identified when `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpportunityInput {
    pub account_id: Uuid,
    pub name: String,
    /// The expected value as typed (`"1200000"`, `"1 200 000.50"` is refused); empty is zero.
    pub expected_value: String,
    pub currency: String,
    /// `YYYY-MM-DD`, or empty when not known.
    pub expected_close: String,
    /// 0–100; `None` takes the stage's default.
    pub probability: Option<u32>,
    pub notes: String,
    #[serde(default)]
    pub stage: Option<Stage>,
}

/// An opportunity input that passed validation, with its values parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOpportunity {
    pub account_id: Uuid,
    pub name: String,
    pub expected_value: Money,
    pub expected_close: Option<NaiveDate>,
    pub probability: Option<u8>,
    pub notes: String,
    /// The stage a new opportunity starts at.
    pub stage: Stage,
}

impl OpportunityInput {
    /// An opportunity of `account_id` named `name`, in `currency`, with nothing else.
    pub fn named(account_id: Uuid, name: &str, currency: &str) -> Self {
        Self {
            account_id,
            name: name.into(),
            expected_value: String::new(),
            currency: currency.into(),
            expected_close: String::new(),
            probability: None,
            notes: String::new(),
            stage: None,
        }
    }

    pub fn validate(&self) -> Result<ValidOpportunity, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let notes = collect(
            &mut e,
            validation::text("notes", &self.notes, MAX_TEXT, false),
        );
        let currency = collect(&mut e, validation::currency("currency", &self.currency));
        let expected_value = currency.and_then(|c| {
            if self.expected_value.trim().is_empty() {
                Some(Money::zero(c))
            } else {
                collect(
                    &mut e,
                    validation::price("expected_value", &self.expected_value, c),
                )
            }
        });
        let expected_close = collect(
            &mut e,
            validation::date("expected_close", &self.expected_close),
        );
        let probability = match self.probability {
            Some(p) if p > 100 => {
                e.push(FieldError::new(
                    "probability",
                    FieldErrorKind::AboveMax { max: "100".into() },
                ));
                None
            }
            p => p.and_then(|p| u8::try_from(p).ok()),
        };
        let stage = self.stage.unwrap_or(Stage::NeedsIdentified);
        if stage.is_closed() {
            e.push(FieldError::new(
                "stage",
                FieldErrorKind::NotOneOf {
                    allowed: Stage::OPEN.map(Stage::as_str).join(", "),
                },
            ));
        }
        match (name, notes, expected_value, expected_close) {
            (Some(name), Some(notes), Some(expected_value), Some(expected_close))
                if e.is_empty() =>
            {
                Ok(ValidOpportunity {
                    account_id: self.account_id,
                    name,
                    expected_value,
                    expected_close,
                    probability,
                    notes,
                    stage,
                })
            }
            _ => Err(e),
        }
    }
}

impl ValidOpportunity {
    pub fn currency(&self) -> Currency {
        self.expected_value.currency()
    }
}

/// A colleague made a member of an opportunity (the explicit share of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberInput {
    pub opportunity_id: Uuid,
    pub user_id: Uuid,
    pub role: MemberRole,
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
