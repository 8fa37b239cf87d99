//! Re-pricing a quote from the current price lists: which lines would change, and the totals before and after.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::QuoteTotalsView;
use crate::money::Currency;

/// One line whose price would change if the quote were priced again from the current price lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepricedLineView {
    pub line_id: Uuid,
    /// Index of the line in the quote.
    pub position: u32,
    pub sku: String,
    /// Unit prices in the quote's currency (after conversion).
    pub old_unit_price: String,
    pub new_unit_price: String,
    pub old_net: String,
    pub new_net: String,
    pub old_source: crate::price_list::PriceSource,
    pub new_source: crate::price_list::PriceSource,
    /// The price list versions (`None` for the base price).
    pub old_list_version: Option<u32>,
    pub new_list_version: Option<u32>,
}

/// What re-pricing a quote from the current price lists would change: the lines whose price differs, and the
/// totals before and after. Empty (`lines` empty, equal totals) when nothing changes or the quote can no longer
/// change (sent, accepted…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepricingView {
    pub quote_id: Uuid,
    pub number: String,
    pub currency: Currency,
    /// False for a quote that can no longer change: it is never re-priced.
    pub can_reprice: bool,
    pub lines: Vec<RepricedLineView>,
    pub before: QuoteTotalsView,
    pub after: QuoteTotalsView,
}
