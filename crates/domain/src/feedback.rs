//! Feedback and complaints: recorded on an account (optionally on a product or a quote), with a category,
//! a severity, a satisfaction score and an owner; identified → assigned → resolved → confirmed.

use crate::text_enum::text_enum;

text_enum! {
    /// What the feedback is about.
    pub enum FeedbackCategory {
        ProductQuality = "product_quality",
        Delivery = "delivery",
        Service = "service",
        Price = "price",
        Documentation = "documentation",
        Other = "other",
    }
}

text_enum! {
    /// How serious it is.
    pub enum Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

text_enum! {
    /// Where the loop stands: identified → assigned → resolved → confirmed with the client.
    pub enum FeedbackStatus {
        Identified = "identified",
        Assigned = "assigned",
        Resolved = "resolved",
        Confirmed = "confirmed",
    }
}
