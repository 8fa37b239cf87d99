//! Re-pricing a quote from the current price lists: which lines would change, and the totals before and after.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{QuoteLineView, QuoteTotalsView, QuoteView};
use crate::catalog::ProductKind;
use crate::format;
use crate::money::Currency;
use crate::price_list::PriceSource;
use crate::pricing::BundlePricing;

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
    pub old_source: PriceSource,
    pub new_source: PriceSource,
    /// The price list versions (`None` for the base price).
    pub old_list_version: Option<u32>,
    pub new_list_version: Option<u32>,
    /// The prices and nets above as shown (`4,280.00`).
    #[serde(default)]
    pub shown: RepricedFigures,
}

/// A re-priced line's figures as shown, with thousands separators ([`crate::format`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepricedFigures {
    pub old_unit_price: String,
    pub new_unit_price: String,
    pub old_net: String,
    pub new_net: String,
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
    /// The rep chose "Keep current prices" for exactly these new prices (see [`RepricingView::offer`]).
    pub kept: bool,
    /// Whether the editor asks to re-price: the quote can still change, some line would change, and the rep
    /// has not kept the current prices against these new ones.
    pub prompt: bool,
}

impl RepricingView {
    /// The new prices this re-pricing offers, as one canonical text: each changed line's SKU, the list version
    /// (or base price) its new price comes from and that price, sorted. It leaves line ids out, so a revision
    /// of the quote (whose lines have new ids) offers the same; a list that moves to a new version, or a base
    /// price that changes, makes another offer.
    pub fn offer(&self) -> String {
        let mut parts: Vec<String> = self
            .lines
            .iter()
            .map(|l| {
                let source = match l.new_source {
                    PriceSource::PriceList { list_id, version } => format!("{list_id}@{version}"),
                    PriceSource::BasePrice => "base".to_string(),
                };
                format!("{}\t{source}\t{}", l.sku, l.new_unit_price)
            })
            .collect();
        parts.sort();
        parts.dedup();
        parts.join("\n")
    }

    /// Set [`Self::kept`] and [`Self::prompt`] from the offer the rep declined on this quote (`None`: none).
    pub fn with_declined(mut self, declined: Option<&str>) -> Self {
        self.kept = !self.lines.is_empty() && declined == Some(self.offer().as_str());
        self.prompt = self.can_reprice && !self.lines.is_empty() && !self.kept;
        self
    }
}

/// Whether re-pricing changes line `old` into `new` (the same line priced from today's lists): its unit price,
/// its tax inclusion, or its price in its own currency differ. A line that is not priced by itself — a bundle
/// priced as the sum of its components, whose price is its components' sum — never does by itself: its
/// components are compared, and its amounts follow theirs.
pub fn price_changes(old: &QuoteLineView, new: &QuoteLineView) -> bool {
    let sum_bundle = old.kind == super::QuoteLineKind::Bundle
        && ProductKind::parse(&old.bundle_pricing)
            == Some(ProductKind::Bundle(BundlePricing::SumOfComponents));
    !sum_bundle
        && (old.unit_price != new.unit_price
            || old.price.tax_inclusive != new.price.tax_inclusive
            || old.price.source_currency != new.price.source_currency
            || old.price.source_unit_price != new.price.source_unit_price)
}

/// The saved lines of `before` (a stored quote as it is) whose price changes in `after` (the same quote with
/// every line priced from today's lists), in the quote's order.
pub fn repriced_lines(before: &QuoteView, after: &QuoteView) -> Vec<RepricedLineView> {
    let version = |s: PriceSource| match s {
        PriceSource::PriceList { version, .. } => Some(version),
        PriceSource::BasePrice => None,
    };
    before
        .lines
        .iter()
        .zip(&after.lines)
        .enumerate()
        .filter(|(_, (old, new))| price_changes(old, new))
        .filter_map(|(position, (old, new))| {
            Some(RepricedLineView {
                line_id: old.id?,
                position: u32::try_from(position).unwrap_or(u32::MAX),
                sku: old.sku.clone(),
                old_unit_price: old.unit_price.clone(),
                new_unit_price: new.unit_price.clone(),
                old_net: old.net.clone(),
                new_net: new.net.clone(),
                old_source: old.price.source,
                new_source: new.price.source,
                old_list_version: version(old.price.source),
                new_list_version: version(new.price.source),
                shown: RepricedFigures {
                    old_unit_price: format::decimal(&old.unit_price),
                    new_unit_price: format::decimal(&new.unit_price),
                    old_net: format::decimal(&old.net),
                    new_net: format::decimal(&new.net),
                },
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "repricing_tests.rs"]
mod tests;
