//! Contacts: the people at an account, with their role in the buying decision and their stance.

use crate::text_enum::text_enum;

text_enum! {
    /// A contact's part in the client's buying decision.
    pub enum BuyingRole {
        DecisionMaker = "decision_maker",
        Influencer = "influencer",
        TechnicalEvaluator = "technical_evaluator",
        User = "user",
        Procurement = "procurement",
        Finance = "finance",
    }
}

text_enum! {
    /// How a contact stands towards our offer.
    pub enum Stance {
        Supporter = "supporter",
        Neutral = "neutral",
        Opponent = "opponent",
    }
}
