//! How a quote's figures are presented, the same on screen and on the PDF, so that every column adds up to the
//! figure beneath it:
//!
//! - **A line's amount** is its own `amount`: after its own discounts, before its share of the quote discount,
//!   so it follows from its own quantity, unit price and discount.
//! - **A sum bundle's row** shows no unit price and no amount: its components carry the amounts, and the row
//!   says what they add up to. A fixed bundle's components are *included* in the bundle's price and show none
//!   either. So the amounts shown add up to the lines total.
//! - **Options not taken** are priced and shown, visibly outside the sum.
//! - **The totals** continue the amount column ([`QuoteShown::totals`]): for prices without VAT, *lines total*
//!   and *quote discount* (when there is one), *subtotal*, VAT per rate, *total*; for prices with VAT
//!   included, *lines total*, *quote discount*, *total* and its breakdown (*of which net*, *of which VAT* per
//!   rate); for both kinds on one quote, the VAT added to the prices without it per rate before the total.
//!
//! Every string is made by [`crate::format`]; the editor and the PDF only put them on the screen or the page,
//! each with its own words for the labels.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{QuoteDiscountDraft, QuoteLineKind, QuoteLineView, QuoteView, TaxRateView};
use crate::format;

/// Whether the prices on a quote's lines include VAT (含税价): what the amount column says and which totals
/// rows follow it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// No price includes VAT (also for no lines at all).
    #[default]
    Exclusive,
    /// Every price includes VAT.
    Inclusive,
    /// Both kinds.
    Mixed,
}

impl PriceBasis {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a QuoteLineView>) -> PriceBasis {
        let (mut with, mut without) = (false, false);
        for l in lines {
            if l.price.tax_inclusive {
                with = true;
            } else {
                without = true;
            }
        }
        match (with, without) {
            (true, false) => PriceBasis::Inclusive,
            (true, true) => PriceBasis::Mixed,
            (false, _) => PriceBasis::Exclusive,
        }
    }
}

/// A line's figures as shown. Empty strings are empty cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineShown {
    /// The quantity with thousands separators.
    pub quantity: String,
    /// Empty on a sum bundle's row and a fixed bundle's components.
    pub unit_price: String,
    /// The amount off, as `-500.00`; empty without one, and where the row shows no price.
    pub discount_amount: String,
    /// The line's own amount (after its own discounts, before the quote discount); empty on a sum bundle's
    /// row and a fixed bundle's components.
    pub amount: String,
    /// On a sum bundle's row: what its components add up to.
    pub sum_of_components: String,
    /// A fixed bundle's component: its price is in the bundle's.
    pub included: bool,
    /// An option the client has not taken (or a component of one): priced, but outside the totals.
    pub not_taken: bool,
    /// On a quote with both kinds of price, a price that includes VAT says so under its amount.
    pub incl_vat: bool,
}

impl LineShown {
    /// How `line` of `quote` is shown.
    pub fn of(quote: &QuoteView, line: &QuoteLineView) -> LineShown {
        let bundle = bundle_of(quote, line);
        let sum_bundle = line.kind == QuoteLineKind::Bundle && line.bundle_pricing == "sum";
        let included = bundle.is_some_and(|b| b.bundle_pricing == "fixed");
        let not_taken =
            (line.optional && !line.selected) || bundle.is_some_and(|b| b.optional && !b.selected);
        let quantity = format::decimal(&line.quantity);
        if sum_bundle {
            return LineShown {
                quantity,
                sum_of_components: format::decimal(&line.amount),
                not_taken,
                ..LineShown::default()
            };
        }
        if included {
            return LineShown {
                quantity,
                included,
                not_taken,
                ..LineShown::default()
            };
        }
        LineShown {
            quantity,
            unit_price: format::decimal(&line.unit_price),
            discount_amount: if is_zero(&line.discount_amount) {
                String::new()
            } else {
                format!("-{}", format::decimal(&line.discount_amount))
            },
            amount: format::decimal(&line.amount),
            sum_of_components: String::new(),
            included: false,
            not_taken,
            incl_vat: line.price.tax_inclusive && PriceBasis::of(&quote.lines) == PriceBasis::Mixed,
        }
    }
}

/// What a row of the totals block is; each screen and the PDF word it in their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TotalsRowKind {
    /// What the counted lines' amounts add up to.
    LinesTotal,
    /// The quote discount taken off (with its percentage in `rate` when it was given as one).
    QuoteDiscount,
    /// The net: lines total less the quote discount.
    Subtotal,
    /// VAT at `rate` on `base` (prices without VAT).
    Vat,
    /// VAT without a breakdown by rate (a view that has none).
    Tax,
    /// VAT at `rate` on `base`, added to the prices without VAT on a quote with both kinds of price.
    VatAdded,
    Total,
    /// Under a total that includes VAT: the net it holds.
    OfWhichNet,
    /// Under a total that includes VAT: the VAT at `rate` it holds (`rate` empty without a breakdown).
    OfWhichVat,
}

/// How a totals row relates to the rows above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TotalsRowStyle {
    /// Added to the rows above it.
    Figure,
    /// What the rows above add up to: a rule over it.
    Subtotal,
    /// The total.
    Grand,
    /// Part of the total above ("of which …"), in small grey type.
    Part,
}

/// One row of the totals block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TotalsRow {
    pub kind: TotalsRowKind,
    pub style: TotalsRowStyle,
    /// The VAT rate of a VAT row, or the percentage of a quote discount given as one (`"13"`, `"5"`); empty
    /// otherwise.
    pub rate: String,
    /// The amount a VAT row taxes, shown (`CNY 10,476.00`); empty otherwise.
    pub base: String,
    /// The figure, shown (`CNY 44,793.20`, `-CNY 310.40`).
    pub value: String,
}

/// A quote's presentation as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteShown {
    /// Of all lines: what the amount column says.
    pub basis: PriceBasis,
    /// The totals block, top to bottom.
    pub totals: Vec<TotalsRow>,
}

impl QuoteShown {
    /// How `quote`'s totals are shown (the rows are described in the [module docs](self)).
    pub fn of(quote: &QuoteView) -> QuoteShown {
        let t = &quote.totals;
        // The view's flat fields mirror `totals`; fall back to them for a view built without.
        let pick =
            |a: &str, b: &str| -> String { if a.trim().is_empty() { b } else { a }.to_string() };
        let subtotal = pick(&t.subtotal, &quote.subtotal);
        let tax = pick(&t.tax, &quote.tax);
        let total = pick(&t.total, &quote.total);
        let money = |s: &str| format::money_text(quote.currency, s);
        let row = |kind, style, value: String| TotalsRow {
            kind,
            style,
            rate: String::new(),
            base: String::new(),
            value,
        };
        let vat_rows = |buckets: &[TaxRateView], kind| -> Vec<TotalsRow> {
            buckets
                .iter()
                .map(|b| TotalsRow {
                    kind,
                    style: TotalsRowStyle::Figure,
                    rate: b.rate.trim().to_string(),
                    base: money(&b.net),
                    value: money(&b.tax),
                })
                .collect()
        };

        let basis = PriceBasis::of(quote.lines.iter().filter(|l| l.counts_in_totals));
        let discounted = !is_zero(&t.quote_discount);
        let mut rows = Vec::new();
        // The lines total continues the amount column: shown whenever something is taken off or added to it
        // before the next sum.
        if discounted || basis == PriceBasis::Mixed {
            rows.push(row(
                TotalsRowKind::LinesTotal,
                TotalsRowStyle::Figure,
                money(&t.lines_total),
            ));
        }
        if discounted {
            let amount = t.quote_discount.trim();
            let amount = amount.strip_prefix('-').unwrap_or(amount);
            let mut discount = row(
                TotalsRowKind::QuoteDiscount,
                TotalsRowStyle::Figure,
                money(&format!("-{amount}")),
            );
            if let QuoteDiscountDraft::Percent { value } = &quote.quote_discount
                && !is_zero(value)
            {
                discount.rate = value.trim().to_string();
            }
            rows.push(discount);
        }
        match basis {
            PriceBasis::Exclusive => {
                let style = if discounted {
                    TotalsRowStyle::Subtotal
                } else {
                    TotalsRowStyle::Figure
                };
                rows.push(row(TotalsRowKind::Subtotal, style, money(&subtotal)));
                if t.tax_by_rate.is_empty() {
                    rows.push(row(TotalsRowKind::Tax, TotalsRowStyle::Figure, money(&tax)));
                } else {
                    rows.extend(vat_rows(&t.tax_by_rate, TotalsRowKind::Vat));
                }
            }
            PriceBasis::Inclusive => {}
            PriceBasis::Mixed => {
                rows.extend(vat_rows(&t.added_tax_by_rate, TotalsRowKind::VatAdded));
            }
        }
        rows.push(row(
            TotalsRowKind::Total,
            TotalsRowStyle::Grand,
            money(&total),
        ));
        if basis != PriceBasis::Exclusive {
            rows.push(row(
                TotalsRowKind::OfWhichNet,
                TotalsRowStyle::Part,
                money(&subtotal),
            ));
            if t.tax_by_rate.is_empty() {
                rows.push(row(
                    TotalsRowKind::OfWhichVat,
                    TotalsRowStyle::Part,
                    money(&tax),
                ));
            }
            for b in &t.tax_by_rate {
                rows.push(TotalsRow {
                    kind: TotalsRowKind::OfWhichVat,
                    style: TotalsRowStyle::Part,
                    rate: b.rate.trim().to_string(),
                    base: String::new(),
                    value: money(&b.tax),
                });
            }
        }
        QuoteShown {
            basis: PriceBasis::of(&quote.lines),
            totals: rows,
        }
    }
}

impl QuoteView {
    /// The view with its display strings filled in: [`QuoteShown`] and each line's [`LineShown`].
    pub fn with_shown(mut self) -> QuoteView {
        let lines: Vec<LineShown> = self.lines.iter().map(|l| LineShown::of(&self, l)).collect();
        for (line, shown) in self.lines.iter_mut().zip(lines) {
            line.shown = shown;
        }
        self.shown = QuoteShown::of(&self);
        self
    }
}

/// The bundle line a component belongs to.
pub fn bundle_of<'q>(quote: &'q QuoteView, line: &QuoteLineView) -> Option<&'q QuoteLineView> {
    line.parent
        .and_then(|p| quote.lines.get(usize::try_from(p).ok()?))
}

/// Is a decimal string zero (or empty, or not a number)? Only to decide whether something is worth showing.
fn is_zero(s: &str) -> bool {
    Decimal::from_str(s.trim()).map_or(true, |d| d.is_zero())
}

#[cfg(test)]
#[path = "shown_tests.rs"]
mod tests;
