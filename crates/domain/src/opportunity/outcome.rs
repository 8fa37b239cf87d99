//! A sent quote accepted or rejected by the client, and what it does to its opportunity.
//!
//! - Only a sent quote is accepted or rejected (the status machine's `sent → accepted | rejected`); a sent
//!   quote that shows as expired may still be accepted: the client's order is what counts.
//! - **Accepted**: the opportunity is won with that quote (from any stage but won: a lost opportunity is won
//!   after all). An opportunity already won with another quote refuses a second.
//! - **Rejected**: the talks go on. A `quoted` opportunity moves to `negotiation` (a revised quote usually
//!   follows); at any other stage it stays where it is. It is never marked lost by a rejection: losing needs
//!   the reason, which the rep gives.
//! - Sending a quote of an opportunity that is still at needs identified or solution design moves it to
//!   `quoted` ([`stage_after_quote_sent`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Stage;
use super::stage::{QuoteFact, StageMove, StageOutcome, move_stage};
use crate::DomainError;
use crate::quote::QuoteStatus;
use crate::rule::RuleRefusal;

/// The client's answer to a sent quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuoteOutcome {
    Accepted,
    Rejected,
}

impl QuoteOutcome {
    pub fn status(self) -> QuoteStatus {
        match self {
            QuoteOutcome::Accepted => QuoteStatus::Accepted,
            QuoteOutcome::Rejected => QuoteStatus::Rejected,
        }
    }
}

/// What marking a quote writes: its new status, and the opportunity's stage change if it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeEffect {
    pub status: QuoteStatus,
    pub stage: Option<StageOutcome>,
}

/// Mark `quote` accepted or rejected, by `by` at device time `at`. `opportunity` is the quote's opportunity,
/// if it has one: its stage, the quote it was won with, and its quotes.
pub fn mark_quote(
    quote: QuoteFact,
    outcome: QuoteOutcome,
    opportunity: Option<(Stage, Option<Uuid>, &[QuoteFact])>,
    by: Uuid,
    at: DateTime<FixedOffset>,
) -> Result<OutcomeEffect, DomainError> {
    let status = outcome.status();
    if quote.status != QuoteStatus::Sent || !quote.status.can_become(status) {
        return Err(RuleRefusal::QuoteNotSent {
            status: quote.status,
        }
        .into());
    }
    let Some((stage, won_with, quotes)) = opportunity else {
        return Ok(OutcomeEffect {
            status,
            stage: None,
        });
    };
    let stage_outcome = match outcome {
        QuoteOutcome::Accepted => {
            if stage == Stage::Won {
                return Err(RuleRefusal::AlreadyWon {
                    quote: won_with.unwrap_or(quote.id),
                }
                .into());
            }
            let mut after: Vec<QuoteFact> = quotes
                .iter()
                .copied()
                .filter(|q| q.id != quote.id)
                .collect();
            after.push(QuoteFact {
                id: quote.id,
                status,
            });
            let mv = StageMove {
                won_quote_id: Some(quote.id),
                ..StageMove::to(Stage::Won)
            };
            Some(move_stage(stage, &after, &mv, by, at)?)
        }
        QuoteOutcome::Rejected if stage == Stage::Quoted => Some(move_stage(
            stage,
            quotes,
            &StageMove::to(Stage::Negotiation),
            by,
            at,
        )?),
        QuoteOutcome::Rejected => None,
    };
    Ok(OutcomeEffect {
        status,
        stage: stage_outcome,
    })
}

/// The stage an opportunity moves to when one of its quotes is sent: `quoted` from needs identified or
/// solution design; otherwise it stays.
pub fn stage_after_quote_sent(stage: Stage) -> Option<Stage> {
    matches!(stage, Stage::NeedsIdentified | Stage::SolutionDesign).then_some(Stage::Quoted)
}

#[cfg(test)]
#[path = "outcome_tests.rs"]
mod tests;
