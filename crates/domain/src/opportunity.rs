//! Opportunities: a deal with an account, its stage (needs identified → solution design → quoted →
//! negotiation → won / lost), its members and its quotes.

use crate::text_enum::text_enum;

text_enum! {
    /// Where an opportunity is.
    pub enum Stage {
        NeedsIdentified = "needs_identified",
        SolutionDesign = "solution_design",
        Quoted = "quoted",
        Negotiation = "negotiation",
        Won = "won",
        Lost = "lost",
    }
}

text_enum! {
    /// Why an opportunity was lost.
    pub enum LostReason {
        Price = "price",
        ProductFit = "product_fit",
        /// Lost to a competitor, who is named.
        Competitor = "competitor",
        Timing = "timing",
        NoDecision = "no_decision",
        Other = "other",
    }
}

text_enum! {
    /// A member's part in an opportunity.
    pub enum MemberRole {
        Sales = "sales",
        Presales = "presales",
        Contract = "contract",
        Other = "other",
    }
}

mod input;
mod outcome;
mod page;
mod stage;
mod view;

pub use input::{MemberInput, OpportunityInput, ValidOpportunity};
pub use outcome::{OutcomeEffect, QuoteOutcome, mark_quote, stage_after_quote_sent};
pub use page::OpportunityPage;
pub use stage::{
    QuoteFact, StageChangeRecord, StageMove, StageOutcome, StageSpan, move_stage, opening_change,
    replay, stage_history,
};
pub use view::{
    Member, Opportunity, OpportunityFilter, OpportunityRow, OpportunitySort, StageChange,
};

impl Stage {
    /// Needs identified, solution design, quoted or negotiation: still being worked.
    pub fn is_open(self) -> bool {
        !self.is_closed()
    }

    /// Won or lost.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }

    /// The stages an opportunity is worked through, in order (without won and lost).
    pub const OPEN: [Stage; 4] = [
        Stage::NeedsIdentified,
        Stage::SolutionDesign,
        Stage::Quoted,
        Stage::Negotiation,
    ];

    /// The probability an opportunity takes when it reaches the stage and none was set: 10, 25, 50 and 75 %
    /// along the open stages, 100 % won, 0 % lost.
    pub fn default_probability(self) -> u8 {
        match self {
            Stage::NeedsIdentified => 10,
            Stage::SolutionDesign => 25,
            Stage::Quoted => 50,
            Stage::Negotiation => 75,
            Stage::Won => 100,
            Stage::Lost => 0,
        }
    }
}
