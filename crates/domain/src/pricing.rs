//! Prices of lines and quotes. Every place that shows an amount (UI, database, PDF, CLI) gets it from here.
//!
//! # The rules
//!
//! **Money** is exact, always with a currency, in integer minor units of its ISO 4217 exponent (CNY, USD, EUR
//! 2; JPY, KRW 0; KWD, BHD 3). **One rounding rule everywhere**: half away from zero, to the quote currency's
//! exponent ([`crate::money::round`], [`crate::money::round_div`]). Intermediate products are computed exactly
//! in integers and rounded once where a rule says `round`.
//!
//! **Unit price**: resolved by [`crate::price_list::resolve_price`] (customer list, default list, base price;
//! quantity tiers) and recorded on the line with its source. A price in another currency is converted with the
//! exchange rate recorded on the line when it was added: `unit = round(price × rate)` to the quote currency's
//! exponent, then priced as below, so totals never drift when rates change.
//!
//! **A line** (quantity `q` with up to 3 decimals, unit price `p` after conversion, discount `d%` from 0 to 100,
//! discount amount `a ≥ 0` in the quote currency, tax rate `r%`):
//! - `list = round(q × p)` — before any discount;
//! - `amount = max(round(q × p × (1 − d/100)) − a, 0)` — the line's price as shown. Negative discounts are
//!   rejected (a negative `a` is an error; a [`Percent`] cannot be negative).
//! - A **tax-exclusive** line (price list or base price without tax): `amount` is the net.
//!   `net = amount − s`, `tax = round(net × r/100)`, `gross = net + tax`.
//! - A **tax-inclusive** line (含税价): `amount` is the gross the client sees.
//!   `gross = amount − s`, `net = round(gross / (1 + r/100))`, `tax = gross − net`; so the gross total is
//!   exactly the sum of the gross prices shown.
//! - `s` is the line's share of the quote discount (below), 0 without one. Tax is computed and rounded per
//!   line, after the share is taken off.
//!
//! **Which lines count** in the totals: an optional line only once the client selected it (an unselected one is
//! priced and shown, without a share of the quote discount); a component only if its bundle counts too. A
//! bundle (solution module) is a parent line followed by its components ([`LineKind`]): priced as the **sum of
//! its components**, the components count and the bundle line shows their sums (its own quantity, price and
//! discounts are not used, and it may not have discounts); at a **fixed price**, the bundle line is priced like
//! an item and counts, its components are priced for information and do not count.
//!
//! **The quote discount** applies to the counted lines' amounts, `lines_total = Σ amount` (nets of
//! tax-exclusive lines, grosses of tax-inclusive ones — each line's price as shown):
//! - a percentage `x%` takes off `D = round(lines_total × x/100)`; an amount takes off exactly that amount
//!   `D`, which must not exceed `lines_total` (a larger one is an error, not silently capped);
//! - `D` is spread over the counted lines in proportion to their amounts by the largest-remainder method
//!   ([`spread_largest_remainder`]): the shares add up to `D` to the minor unit and each share is between 0
//!   and its line's amount, so no line goes negative;
//! - each line then takes its share off its amount and recomputes its tax as above (a tax-inclusive line
//!   spreads over its gross and splits net and tax from the reduced gross).
//!
//! **Totals** are sums of the rounded counted lines: `subtotal = Σ net`, `tax = Σ tax`, `total = Σ gross =
//! subtotal + tax`, tax by rate (Σ net and Σ tax of the lines at each rate, for the PDF), `lines_total` and the
//! `quote_discount` taken off (`lines_total − quote_discount` = the sum of the final line amounts: the
//! subtotal for an all tax-exclusive quote, the total for an all tax-inclusive one). No total is negative.
//!
//! [`price`] implements all of this. The older [`price_quote`] / [`price_line`] (tax-exclusive lines with a
//! percentage discount, no quote discount) give the same amounts as [`price`] for such lines.

use crate::money::{Currency, Money};
use crate::validation::{Percent, Quantity};
use crate::{DomainError, FieldError, FieldErrorKind};

pub(crate) mod engine;
#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod reference_tests;

pub use engine::{
    BundlePricing, LineInclusion, LineKind, PricedLine, PricedQuote, PricedTotals, PricingInput,
    PricingLine, QuoteDiscount, TaxBucket, price, spread_largest_remainder,
};

/// What a line's price depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount: Percent,
    pub tax_rate: Percent,
}

/// A priced line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
}

/// Totals of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteTotals {
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
}

impl QuoteTotals {
    pub fn zero(currency: Currency) -> Self {
        let z = Money::zero(currency);
        Self {
            subtotal: z,
            tax: z,
            total: z,
        }
    }
}

/// Price one tax-exclusive line. Fails only on overflow.
pub fn price_line(line: &LineInput) -> Result<LineAmounts, DomainError> {
    let currency = line.unit_price.currency();
    let net = engine::discounted(
        line.quantity,
        i128::from(line.unit_price.minor()),
        line.discount,
    )?;
    let tax = engine::tax_on_net(net, line.tax_rate)?;
    Ok(LineAmounts {
        net: Money::try_from_minor(net, currency)?,
        tax: Money::try_from_minor(tax, currency)?,
        gross: Money::try_from_minor(net + tax, currency)?,
    })
}

/// Price every line of a quote in `currency` and add them up.
///
/// A line priced in another currency is a validation error on `lines[i].unit_price` (conversion comes with
/// exchange rates recorded on the quote).
pub fn price_quote(
    currency: Currency,
    lines: &[LineInput],
) -> Result<(Vec<LineAmounts>, QuoteTotals), DomainError> {
    let mismatches: Vec<FieldError> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.unit_price.currency() != currency)
        .map(|(i, l)| {
            FieldError::new(
                format!("lines[{i}].unit_price"),
                FieldErrorKind::CurrencyMismatch {
                    expected: currency.to_string(),
                    found: l.unit_price.currency().to_string(),
                },
            )
        })
        .collect();
    if !mismatches.is_empty() {
        return Err(DomainError::Invalid(mismatches));
    }
    let mut totals = QuoteTotals::zero(currency);
    let mut amounts = Vec::with_capacity(lines.len());
    for line in lines {
        let a = price_line(line)?;
        totals.subtotal = totals.subtotal.checked_add(a.net)?;
        totals.tax = totals.tax.checked_add(a.tax)?;
        totals.total = totals.total.checked_add(a.gross)?;
        amounts.push(a);
    }
    Ok((amounts, totals))
}

#[cfg(test)]
#[path = "pricing_tests.rs"]
mod tests;
