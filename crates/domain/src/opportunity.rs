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
