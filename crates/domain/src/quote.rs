//! The quote's status machine.

use serde::{Deserialize, Serialize};

/// Where a quote is in its life. A sent quote is frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(QuoteStatus::Draft),
            "sent" => Some(QuoteStatus::Sent),
            _ => None,
        }
    }

    /// Whether the quote's content may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, QuoteStatus::Draft)
    }

    /// Whether `self → next` is allowed.
    pub fn can_become(self, next: QuoteStatus) -> bool {
        matches!((self, next), (QuoteStatus::Draft, QuoteStatus::Sent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_drafts_are_editable_and_sent_is_final() {
        assert!(QuoteStatus::Draft.is_editable());
        assert!(!QuoteStatus::Sent.is_editable());
        assert!(QuoteStatus::Draft.can_become(QuoteStatus::Sent));
        assert!(!QuoteStatus::Sent.can_become(QuoteStatus::Draft));
        for s in [QuoteStatus::Draft, QuoteStatus::Sent] {
            assert_eq!(QuoteStatus::parse(s.as_str()), Some(s));
        }
    }
}
