//! Needs: what the client wants (background, pains, goals, budget, timeline, decision criteria,
//! competitors), its requirements with how well we meet them, and the deal's SWOT.

use crate::text_enum::text_enum;

text_enum! {
    /// How much the client needs a requirement.
    pub enum RequirementPriority {
        Must = "must",
        Should = "should",
        Nice = "nice",
    }
}

text_enum! {
    /// Whether our solution meets a requirement.
    pub enum RequirementFit {
        Meets = "meets",
        Partial = "partial",
        Gap = "gap",
        Unknown = "unknown",
    }
}
