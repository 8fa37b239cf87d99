//! An opportunity's stage and its history.
//!
//! - Between the open stages (needs identified, solution design, quoted, negotiation) an opportunity moves
//!   freely, forward or back: a failed demo sends it back to solution design.
//! - **Lost** needs the reason ([`LostReason`]), and the competitor's name when the reason is `competitor`;
//!   the probability becomes 0 %.
//! - **Won** needs the quote the client accepted: a quote of this opportunity whose status is `accepted`
//!   (marking a quote accepted does both, see [`super::mark_quote`]); the probability becomes 100 %.
//! - **Reopening** a won or lost opportunity (back to an open stage) needs a reason; it clears the lost
//!   reason, the competitor and the won quote, and takes the stage's default probability. A won
//!   opportunity is not marked lost directly: it is reopened first (the order fell through), then lost. A lost
//!   one may be won directly when a quote of it is accepted after all.
//! - Every change is a [`StageChangeRecord`]: from, to, who, when (device time) and why. The records are
//!   written once and never edited; replayed in time order ([`replay`]) they give the stage, and
//!   [`stage_history`] gives how long the opportunity spent in each stage (conversion and cycle times).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{LostReason, Stage, StageChange};
use crate::device_time;
use crate::quote::QuoteStatus;
use crate::rule::RuleRefusal;
use crate::validation::{self, MAX_NAME, MAX_TEXT};
use crate::{DomainError, FieldError};

/// A quote of the opportunity, as far as its stage goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteFact {
    pub id: Uuid,
    pub status: QuoteStatus,
}

/// A stage change as the user asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageMove {
    pub to: Stage,
    /// Why it was lost (moving to lost).
    #[serde(default)]
    pub lost_reason: Option<LostReason>,
    /// Who won it instead (needed when the reason is `competitor`).
    #[serde(default)]
    pub competitor: String,
    /// The accepted quote (moving to won).
    #[serde(default)]
    pub won_quote_id: Option<Uuid>,
    /// Why (needed to reopen a won or lost opportunity; kept with every change).
    #[serde(default)]
    pub reason: String,
}

impl StageMove {
    /// A plain move to `to`, without reason or quote.
    pub fn to(to: Stage) -> Self {
        Self {
            to,
            lost_reason: None,
            competitor: String::new(),
            won_quote_id: None,
            reason: String::new(),
        }
    }
}

/// The record of one stage change, as written (once) to `stage_change`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChangeRecord {
    /// `None` for the opening record of a new opportunity.
    pub from: Option<Stage>,
    pub to: Stage,
    pub by_user_id: Uuid,
    /// Device time, RFC 3339 with offset.
    pub at: String,
    pub reason: String,
}

/// What a stage change writes on the opportunity, and its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageOutcome {
    pub stage: Stage,
    pub lost_reason: Option<LostReason>,
    pub competitor: String,
    pub won_quote_id: Option<Uuid>,
    /// The probability it takes (`None`: left as it is).
    pub probability: Option<u8>,
    pub change: StageChangeRecord,
}

/// The record of a new opportunity's first stage.
pub fn opening_change(stage: Stage, by: Uuid, at: DateTime<FixedOffset>) -> StageChangeRecord {
    StageChangeRecord {
        from: None,
        to: stage,
        by_user_id: by,
        at: device_time::format(at),
        reason: String::new(),
    }
}

fn invalid(e: FieldError) -> DomainError {
    DomainError::Invalid(vec![e])
}

/// Move an opportunity at `current` (won with `won_quote_id`, if won) whose quotes are `quotes` as `mv` asks,
/// by `by` at device time `at` (see the module docs for the rules).
pub fn move_stage(
    current: Stage,
    quotes: &[QuoteFact],
    mv: &StageMove,
    by: Uuid,
    at: DateTime<FixedOffset>,
) -> Result<StageOutcome, DomainError> {
    let reason = validation::text("reason", &mv.reason, MAX_TEXT, false).map_err(invalid)?;
    let competitor =
        validation::text("competitor", &mv.competitor, MAX_NAME, false).map_err(invalid)?;
    let to = mv.to;
    if to == current {
        return Err(RuleRefusal::StageUnchanged { stage: to }.into());
    }
    if current == Stage::Won && to == Stage::Lost {
        return Err(RuleRefusal::WonCannotBeLost.into());
    }
    let change = StageChangeRecord {
        from: Some(current),
        to,
        by_user_id: by,
        at: device_time::format(at),
        reason: reason.clone(),
    };
    let outcome = match to {
        Stage::Lost => {
            let lost_reason = mv.lost_reason.ok_or(RuleRefusal::LostNeedsReason)?;
            if lost_reason == LostReason::Competitor && competitor.is_empty() {
                return Err(RuleRefusal::CompetitorNeeded.into());
            }
            StageOutcome {
                stage: to,
                lost_reason: Some(lost_reason),
                competitor,
                won_quote_id: None,
                probability: Some(to.default_probability()),
                change,
            }
        }
        Stage::Won => {
            let quote_id = mv.won_quote_id.ok_or(RuleRefusal::WonNeedsAcceptedQuote)?;
            let quote = quotes
                .iter()
                .find(|q| q.id == quote_id)
                .ok_or(RuleRefusal::QuoteNotOfOpportunity { quote: quote_id })?;
            if quote.status != QuoteStatus::Accepted {
                return Err(RuleRefusal::QuoteNotAccepted {
                    quote: quote_id,
                    status: quote.status,
                }
                .into());
            }
            StageOutcome {
                stage: to,
                lost_reason: None,
                competitor: String::new(),
                won_quote_id: Some(quote_id),
                probability: Some(to.default_probability()),
                change,
            }
        }
        _ if current.is_closed() => {
            if reason.is_empty() {
                return Err(RuleRefusal::ReopenNeedsReason { from: current }.into());
            }
            StageOutcome {
                stage: to,
                lost_reason: None,
                competitor: String::new(),
                won_quote_id: None,
                probability: Some(to.default_probability()),
                change,
            }
        }
        _ => StageOutcome {
            stage: to,
            lost_reason: None,
            competitor: String::new(),
            won_quote_id: None,
            probability: None,
            change,
        },
    };
    Ok(outcome)
}

/// The records in the order they happened: by device time, then id (UUIDv7: creation order) for records of
/// the same second.
fn in_time_order(changes: &[StageChange]) -> Vec<(DateTime<FixedOffset>, &StageChange)> {
    let mut timed: Vec<_> = changes
        .iter()
        .filter_map(|c| device_time::parse(&c.at).map(|t| (t, c)))
        .collect();
    timed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    timed
}

/// The stage the history ends at: the last record's `to` (`None` for no history).
pub fn replay(changes: &[StageChange]) -> Option<Stage> {
    in_time_order(changes).last().map(|(_, c)| c.to)
}

/// A stretch of time an opportunity spent in one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageSpan {
    pub stage: Stage,
    /// Device time it entered the stage.
    pub from: String,
    /// Device time it left it; empty while it is still there.
    pub until: String,
    /// Whole days spent there (up to `now` for the current stage).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub days: i64,
}

/// How long the opportunity spent in each stage, in order, up to `now`.
pub fn stage_history(changes: &[StageChange], now: DateTime<FixedOffset>) -> Vec<StageSpan> {
    let timed = in_time_order(changes);
    timed
        .iter()
        .enumerate()
        .map(|(i, (at, c))| {
            let next = timed.get(i + 1).map(|(t, _)| *t);
            let end = next.unwrap_or(now);
            StageSpan {
                stage: c.to,
                from: c.at.clone(),
                until: next.map(device_time::format).unwrap_or_default(),
                days: (end - *at).num_days().max(0),
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "stage_tests.rs"]
mod tests;
