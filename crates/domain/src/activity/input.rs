//! An activity as the user logs it, and its validation.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ActivityKind;
use crate::rule::RuleRefusal;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};
use crate::{DomainError, FieldError, FieldErrorKind, device_time};

/// Most participants of one activity (contacts, colleagues).
pub const MAX_PARTICIPANTS: usize = 100;

/// An activity as the user logs it. Times are device times (RFC 3339 with offset), empty when not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityInput {
    pub account_id: Uuid,
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
    pub kind: ActivityKind,
    pub subject: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    /// The client's people there (contacts of the account).
    #[serde(default)]
    pub contact_ids: Vec<Uuid>,
    /// Colleagues there.
    #[serde(default)]
    pub user_ids: Vec<Uuid>,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub next_step: String,
    /// `YYYY-MM-DD`; needs a next step.
    #[serde(default)]
    pub next_step_due: String,
    #[serde(default)]
    pub next_step_done: bool,
}

/// An activity input that passed validation: texts trimmed, times in their stored form, participants without
/// repeats. Only [`ActivityInput::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidActivity(ActivityInput);

impl ValidActivity {
    pub fn get(&self) -> &ActivityInput {
        &self.0
    }
}

fn dedup(ids: &[Uuid]) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

impl ActivityInput {
    /// An activity of `kind` on `account_id` about `subject`, with nothing else.
    pub fn new(account_id: Uuid, kind: ActivityKind, subject: &str) -> Self {
        Self {
            account_id,
            opportunity_id: None,
            kind,
            subject: subject.into(),
            notes: String::new(),
            starts_at: String::new(),
            ends_at: String::new(),
            contact_ids: Vec::new(),
            user_ids: Vec::new(),
            outcome: String::new(),
            next_step: String::new(),
            next_step_due: String::new(),
            next_step_done: false,
        }
    }

    /// Every field problem at once ([`DomainError::Invalid`]); then the rule that an activity does not end
    /// before it starts ([`RuleRefusal::EndsBeforeStart`]).
    pub fn validate(&self) -> Result<ValidActivity, DomainError> {
        let mut e = Vec::new();
        let mut t = |field: &str, value: &str, max: usize, required: bool| {
            collect(&mut e, validation::text(field, value, max, required)).unwrap_or_default()
        };
        let subject = t("subject", &self.subject, MAX_NAME, true);
        let notes = t("notes", &self.notes, MAX_TEXT, false);
        let outcome = t("outcome", &self.outcome, MAX_TEXT, false);
        let next_step = t("next_step", &self.next_step, MAX_TEXT, false);
        let starts = collect(
            &mut e,
            device_time::parse_field("starts_at", &self.starts_at),
        )
        .flatten();
        let ends = collect(&mut e, device_time::parse_field("ends_at", &self.ends_at)).flatten();
        let due = collect(
            &mut e,
            validation::date("next_step_due", &self.next_step_due),
        )
        .flatten();
        if due.is_some() && next_step.is_empty() && !e.iter().any(|x| x.field == "next_step") {
            e.push(FieldError::new("next_step", FieldErrorKind::Required));
        }
        for (field, ids) in [
            ("contact_ids", &self.contact_ids),
            ("user_ids", &self.user_ids),
        ] {
            if ids.len() > MAX_PARTICIPANTS {
                e.push(FieldError::new(
                    field,
                    FieldErrorKind::AboveMax {
                        max: MAX_PARTICIPANTS.to_string(),
                    },
                ));
            }
        }
        if !e.is_empty() {
            return Err(DomainError::Invalid(e));
        }
        if let (Some(s), Some(en)) = (starts, ends)
            && en < s
        {
            return Err(RuleRefusal::EndsBeforeStart {
                starts_at: device_time::format(s),
                ends_at: device_time::format(en),
            }
            .into());
        }
        Ok(ValidActivity(ActivityInput {
            account_id: self.account_id,
            opportunity_id: self.opportunity_id,
            kind: self.kind,
            subject,
            notes,
            starts_at: starts.map(device_time::format).unwrap_or_default(),
            ends_at: ends.map(device_time::format).unwrap_or_default(),
            contact_ids: dedup(&self.contact_ids),
            user_ids: dedup(&self.user_ids),
            outcome,
            next_step_done: self.next_step_done && !next_step.is_empty(),
            next_step,
            next_step_due: due.map(|d| d.to_string()).unwrap_or_default(),
        }))
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
