//! Why a rule of the client visit refused a step, as data: the screens word it in the user's language, `fq`
//! in English ([`Display`](std::fmt::Display)). Nothing was written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::feedback::FeedbackStatus;
use crate::opportunity::Stage;
use crate::quote::QuoteStatus;

/// A step the rules do not allow, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleRefusal {
    /// The opportunity is at that stage already.
    #[error("the opportunity is at stage {stage} already")]
    StageUnchanged { stage: Stage },
    /// Losing an opportunity needs the reason it was lost.
    #[error(
        "say why the opportunity was lost (price, product_fit, competitor, timing, no_decision, other)"
    )]
    LostNeedsReason,
    /// Lost to a competitor: name the competitor.
    #[error("name the competitor the opportunity was lost to")]
    CompetitorNeeded,
    /// Winning needs the quote the client accepted.
    #[error("an opportunity is won with the quote the client accepted: mark that quote accepted")]
    WonNeedsAcceptedQuote,
    /// The quote named belongs to another opportunity (or none).
    #[error("quote {quote} is not a quote of this opportunity")]
    QuoteNotOfOpportunity { quote: Uuid },
    /// The quote named is not accepted.
    #[error("quote {quote} is {}, not accepted: mark it accepted first", status.as_str())]
    QuoteNotAccepted { quote: Uuid, status: QuoteStatus },
    /// Reopening a won or lost opportunity needs a reason.
    #[error("say why the {from} opportunity is reopened")]
    ReopenNeedsReason { from: Stage },
    /// A won opportunity is not lost directly: reopen it first (with the reason), then mark it lost.
    #[error("a won opportunity cannot be marked lost: reopen it first, saying why")]
    WonCannotBeLost,
    /// The opportunity is won with another accepted quote already.
    #[error("the opportunity is won already with quote {quote}")]
    AlreadyWon { quote: Uuid },
    /// Only a sent quote is accepted or rejected by the client.
    #[error("only a sent quote can be accepted or rejected; this one is {}", status.as_str())]
    QuoteNotSent { status: QuoteStatus },
    /// A visit is checked in once.
    #[error("the visit was checked in already at {at}")]
    AlreadyCheckedIn { at: String },
    /// Checking out needs a check-in first.
    #[error("the visit was not checked in: check in first")]
    NotCheckedIn,
    /// A visit is checked out once; its end can still be corrected.
    #[error("the visit was checked out already at {at}; correct its end time instead")]
    AlreadyCheckedOut { at: String },
    /// The device's clock says the check-out is before the check-in.
    #[error(
        "the check-out time {at} is before the check-in at {checked_in_at}: check the computer's clock"
    )]
    CheckOutBeforeCheckIn { at: String, checked_in_at: String },
    /// An activity cannot end before it starts.
    #[error("the activity ends ({ends_at}) before it starts ({starts_at})")]
    EndsBeforeStart { starts_at: String, ends_at: String },
    /// A next step is marked done only when there is one.
    #[error("the activity has no next step to mark done")]
    NoNextStep,
    /// A feedback status the flow does not reach from here.
    #[error("feedback that is {from} cannot become {to}")]
    FeedbackTransition {
        from: FeedbackStatus,
        to: FeedbackStatus,
    },
    /// Assigning feedback needs the colleague who owns it.
    #[error("assign the feedback to a colleague")]
    FeedbackNeedsOwner,
    /// Resolving feedback needs what was done.
    #[error("say how the feedback was resolved")]
    FeedbackNeedsResolution,
    /// A step a proposal version's status does not allow: a draft is edited, sent or deleted; a sent version
    /// is revised or signed; an accepted or superseded one is history.
    #[error("proposal version {version} is {}: it cannot be {}", status.as_str(), step_words(*.step))]
    ProposalStep {
        version: u32,
        status: crate::proposal::ProposalStatus,
        step: crate::proposal::ProposalStep,
    },
}

fn step_words(step: crate::proposal::ProposalStep) -> &'static str {
    use crate::proposal::ProposalStep as S;
    match step {
        S::Edit => "changed (revise it to make a new version)",
        S::Send => "sent again",
        S::Revise => "revised (only a sent version is)",
        S::Sign => "signed (only a sent version is)",
        S::Delete => "deleted (only a draft is)",
    }
}
