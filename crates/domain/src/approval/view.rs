//! What the screens show of approvals: a quote's discounts against the limit, a manager's decision, and the
//! Approvals list.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{DiscountBreakdown, DiscountReview};
use crate::money::Currency;

/// A quote waiting for a manager's approval, as the Approvals list shows it. Money and percentages are the
/// strings `domain` produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingApprovalView {
    pub quote_id: Uuid,
    pub number: String,
    pub customer_name: String,
    /// Who asked for approval (the rep's name), empty when the quote was saved before requests were recorded.
    pub requested_by: String,
    /// RFC 3339, empty when unknown.
    pub requested_at: String,
    /// The account that owns the quote.
    pub owner_id: String,
    pub currency: Currency,
    pub total: String,
    /// The total as the list shows it (`CNY 44,793.20`).
    #[serde(default)]
    pub shown_total: String,
    /// The largest effective line discount, in percent.
    pub max_discount: String,
    /// The limit it exceeds (the rep's), in percent.
    pub limit: String,
}

/// A manager's decision on a quote's discounts: an approval, or a refusal that sent the quote back to draft
/// (then `approved` is false, `approved_by` is empty and the comment says who refused and why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApprovalView {
    pub approved: bool,
    pub approved_by: String,
    /// RFC 3339, UTC.
    pub approved_at: String,
    pub comment: String,
}

/// Whether a quote's discounts need approval, for the editor's banner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiscountReviewView {
    pub needs_approval: bool,
    /// Percentages, as decimal strings.
    pub limit: String,
    pub max_line_discount: String,
    pub quote_discount: String,
    /// Indexes of the lines above the limit.
    pub lines_over_limit: Vec<u32>,
    /// What the largest line discount is made of, for the banner to say and the table to mark.
    #[serde(default)]
    pub largest: Option<DiscountBreakdownView>,
}

/// What a line's effective discount is made of: its own discount, and the quote discount on what remains
/// (`effective = own + quote_share`). Percentages as decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiscountBreakdownView {
    /// The line's index in the quote's lines.
    pub line: u32,
    pub effective: String,
    /// The line's own discount (percentage and amount off together) against its list value.
    pub own: String,
    /// The quote discount, in percent of the lines total.
    pub quote_discount: String,
    /// What the quote discount adds to the line's own, in percentage points.
    pub quote_share: String,
}

impl From<&DiscountBreakdown> for DiscountBreakdownView {
    fn from(b: &DiscountBreakdown) -> Self {
        Self {
            line: u32::try_from(b.line).unwrap_or(u32::MAX),
            effective: b.effective.normalize().to_string(),
            own: b.own.normalize().to_string(),
            quote_discount: b.quote.normalize().to_string(),
            quote_share: b.quote_share.normalize().to_string(),
        }
    }
}

impl From<&DiscountReview> for DiscountReviewView {
    fn from(r: &DiscountReview) -> Self {
        Self {
            needs_approval: r.needs_approval,
            limit: r.limit.to_string(),
            max_line_discount: r.max_line_discount.normalize().to_string(),
            quote_discount: r.quote_discount.normalize().to_string(),
            lines_over_limit: r
                .lines_over_limit
                .iter()
                .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
            largest: r.largest.as_ref().map(DiscountBreakdownView::from),
        }
    }
}
