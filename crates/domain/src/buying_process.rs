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
