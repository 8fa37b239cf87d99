//! A quote as the screens, the PDF and `fq` show it: lines, totals, and the quotes list.
//!
//! Money in views is a decimal string with exactly the currency's decimals (`"1234.50"`), never a float: the
//! UI and the CLI display it, they never compute with it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::draft::{QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, QuoteLineKind};
use super::shown::{LineShown, QuoteShown};
use super::{QuoteActions, QuoteStatus};
use crate::FieldError;
use crate::account::Account;
use crate::approval::{ApprovalView, DiscountReviewView};
use crate::document::PdfLanguage;
use crate::format;
use crate::money::Currency;
use crate::pricing::{PricedLine, PricedTotals, TaxBucket};

/// A priced line as shown in the editor, the PDF and the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteLineView {
    pub id: Option<Uuid>,
    pub product_id: Uuid,
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_percent: String,
    /// The line's discount amount (`"0.00"` for none).
    pub discount_amount: String,
    pub optional: bool,
    pub selected: bool,
    pub tax_rate: String,
    /// `round(quantity × unit price)`, before any discount.
    pub list_amount: String,
    /// After the line's own discounts, before the quote discount.
    pub amount: String,
    /// The line's part of the quote discount.
    pub quote_discount_share: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    /// False for an optional line the client has not selected: shown, not added up.
    pub counts_in_totals: bool,
    /// An item, a bundle or a component of the bundle line at `parent`.
    pub kind: QuoteLineKind,
    /// A bundle line's pricing: `sum` (the line shows its components' sums) or `fixed` (its own price; the
    /// components are included); empty for other lines.
    pub bundle_pricing: String,
    /// For a component: the index in `lines` of its bundle line.
    pub parent: Option<u32>,
    /// How far to indent the line: 1 for a component, 0 otherwise.
    pub depth: u32,
    /// Where the unit price came from and the rate it was converted with.
    pub price: LinePriceView,
    /// The line's figures as the editor and the PDF show them ([`QuoteView::with_shown`]).
    #[serde(default)]
    pub shown: LineShown,
}

/// Where a line's unit price came from, as recorded when the line was priced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LinePriceView {
    /// The price list and its version, or the product's base price.
    pub source: crate::price_list::PriceSource,
    /// The list's name (empty for the base price, or for a list this device no longer has).
    pub price_list_name: String,
    /// The unit price includes tax (含税价): the line's gross is what the client sees.
    pub tax_inclusive: bool,
    /// The currency the price was given in (the quote's, unless converted).
    pub source_currency: String,
    /// The unit price in `source_currency`, before conversion.
    pub source_unit_price: String,
    /// The exchange rate `source_currency` → quote currency recorded on the line; empty when not converted.
    pub exchange_rate: String,
}

/// A whole quote with its totals: the editor's preview, a saved quote, the PDF's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteView {
    pub id: Option<Uuid>,
    pub number: Option<String>,
    /// As stored.
    pub status: QuoteStatus,
    /// As shown today: a sent quote past its valid-until date shows as expired.
    pub shown_status: QuoteStatus,
    /// What can be done with the quote now (edit, send, revise, approve…), for the editor's buttons.
    pub actions: QuoteActions,
    /// The account the quote is for (a `customer` on the wire).
    pub customer: Option<Account>,
    pub currency: Currency,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    pub valid_until: String,
    pub notes: String,
    pub payment_terms: String,
    pub delivery_terms: String,
    /// The labels of the quote's PDF (`None`: the device's default).
    #[serde(default)]
    pub pdf_lang: Option<PdfLanguage>,
    /// 0 for an original quote; `Q-2026-0007-R2` is revision 2.
    pub revision: u32,
    /// The quote this one revises.
    pub revises_id: Option<Uuid>,
    pub revises_number: Option<String>,
    pub quote_discount: QuoteDiscountDraft,
    pub lines: Vec<QuoteLineView>,
    /// The same as `totals.subtotal`, `totals.tax`, `totals.total`.
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub totals: QuoteTotalsView,
    /// The discounts against this device's limit.
    pub discount_review: DiscountReviewView,
    /// A manager's decision on the discounts (cleared when the quote is edited again).
    pub approval: Option<ApprovalView>,
    /// Validation problems of a preview; empty for a saved quote.
    pub errors: Vec<FieldError>,
    /// How the figures are shown: the amount column's basis and the totals block ([`QuoteView::with_shown`]).
    #[serde(default)]
    pub shown: QuoteShown,
}

impl QuoteView {
    /// Whether the PDF should say DRAFT: the quote is not approved or sent yet.
    pub fn is_draft_document(&self) -> bool {
        matches!(
            self.status,
            QuoteStatus::Draft | QuoteStatus::PendingApproval
        )
    }

    /// The draft that saves this quote as it is (to edit it from there).
    pub fn to_draft(&self) -> QuoteDraft {
        QuoteDraft {
            id: self.id,
            customer_id: self.customer.as_ref().map(|c| c.id),
            notes: self.notes.clone(),
            payment_terms: self.payment_terms.clone(),
            delivery_terms: self.delivery_terms.clone(),
            valid_until: self.valid_until.clone(),
            quote_discount: self.quote_discount.clone(),
            pdf_lang: self.pdf_lang,
            lines: self
                .lines
                .iter()
                .map(|l| QuoteLineDraft {
                    id: l.id,
                    product_id: l.product_id,
                    quantity: l.quantity.clone(),
                    discount_percent: l.discount_percent.clone(),
                    discount_amount: l.discount_amount.clone(),
                    optional: l.optional,
                    selected: l.selected,
                    kind: l.kind,
                    parent: l.parent,
                })
                .collect(),
        }
    }
}

/// One row of the quotes list (and of `fq quote list --format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteSummary {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub customer: String,
    pub status: QuoteStatus,
    /// As shown today (a sent quote past its validity shows as expired).
    pub shown_status: QuoteStatus,
    pub currency: Currency,
    pub issue_date: String,
    pub valid_until: String,
    pub line_count: u32,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    /// The total as the list shows it (`CNY 44,793.20`).
    #[serde(default)]
    pub shown_total: String,
}

/// One line's prices as shown (amounts in the quote currency, exact decimal strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PricedLineView {
    pub unit_price: String,
    pub list_amount: String,
    /// After the line's own discounts: the price shown on the line (gross when `tax_inclusive`).
    pub amount: String,
    pub quote_discount_share: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub tax_inclusive: bool,
    pub tax_rate: String,
    /// False for unselected options, fixed-bundle components and sum-bundle headers.
    pub counts_in_totals: bool,
}

impl From<&PricedLine> for PricedLineView {
    fn from(l: &PricedLine) -> Self {
        Self {
            unit_price: l.unit_price.amount_string(),
            list_amount: l.list_amount.amount_string(),
            amount: l.amount.amount_string(),
            quote_discount_share: l.quote_discount_share.amount_string(),
            net: l.net.amount_string(),
            tax: l.tax.amount_string(),
            gross: l.gross.amount_string(),
            tax_inclusive: l.tax_inclusive,
            tax_rate: l.tax_rate.to_string(),
            counts_in_totals: l.counts_in_totals,
        }
    }
}

/// Net and tax at one rate, for the tax breakdown on the PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaxRateView {
    pub rate: String,
    pub net: String,
    pub tax: String,
}

impl From<&TaxBucket> for TaxRateView {
    fn from(b: &TaxBucket) -> Self {
        Self {
            rate: b.rate.to_string(),
            net: b.net.amount_string(),
            tax: b.tax.amount_string(),
        }
    }
}

/// A quote's totals as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteTotalsView {
    /// What the quote discount applies to: Σ of the counted lines' amounts.
    pub lines_total: String,
    pub quote_discount: String,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub tax_by_rate: Vec<TaxRateView>,
    /// The total in Chinese capitals (人民币大写), for CNY quotes.
    pub total_in_capitals: Option<String>,
    /// VAT by rate on the counted tax-exclusive lines only: what is added on top of the prices shown
    /// (`tax_by_rate` when no price includes VAT, empty when all do).
    #[serde(default)]
    pub added_tax_by_rate: Vec<TaxRateView>,
    /// The figures above as shown (`CNY 44,793.20`).
    #[serde(default)]
    pub shown: TotalsFigures,
}

/// A quote's totals as shown, each with its currency (`CNY 44,793.20`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TotalsFigures {
    pub lines_total: String,
    pub quote_discount: String,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
}

impl From<&PricedTotals> for QuoteTotalsView {
    fn from(t: &PricedTotals) -> Self {
        Self {
            lines_total: t.lines_total.amount_string(),
            quote_discount: t.quote_discount.amount_string(),
            subtotal: t.subtotal.amount_string(),
            tax: t.tax.amount_string(),
            total: t.total.amount_string(),
            tax_by_rate: t.tax_by_rate.iter().map(TaxRateView::from).collect(),
            total_in_capitals: crate::capital::rmb_capital(t.total).ok(),
            added_tax_by_rate: t.added_tax_by_rate.iter().map(TaxRateView::from).collect(),
            shown: TotalsFigures {
                lines_total: format::money(t.lines_total),
                quote_discount: format::money(t.quote_discount),
                subtotal: format::money(t.subtotal),
                tax: format::money(t.tax),
                total: format::money(t.total),
            },
        }
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
