//! The full quote pricing: price sources in other currencies, tax-inclusive lines, line discount amounts,
//! optional lines, bundles and the quote-level discount. The rules are in the [parent module](super).

use std::collections::BTreeMap;

use crate::money::{Currency, ExchangeRate, Money, round_div};
use crate::validation::{Percent, Quantity};
use crate::{DomainError, FieldError, FieldErrorKind};

/// One million: percentages are kept in millionths of the whole ([`Percent::millionths`]).
const MILLION: i128 = 1_000_000;

/// What a line is in the line tree. Lines are a flat list; a component names its bundle by index, and the
/// bundle comes first. Bundles do not nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A product or service line.
    Item,
    /// A bundle (solution module): a parent line whose components follow it.
    Bundle(BundlePricing),
    /// A component of the bundle at index `parent`.
    Component { parent: usize },
}

impl LineKind {
    /// Whether the line is priced by itself — its quantity × its own unit price, less its own discounts: every
    /// line but a bundle priced as the sum of its components, which shows its components' sums. Such a bundle
    /// takes no discount of its own (the bundle-discount rule) and has no price of its own to re-price.
    pub fn priced_by_itself(self) -> bool {
        self != LineKind::Bundle(BundlePricing::SumOfComponents)
    }
}

/// How a bundle is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundlePricing {
    /// The bundle costs the sum of its components. The components carry the amounts (and count in the
    /// totals); the bundle line shows their sums and its own quantity, price and discounts are not used.
    SumOfComponents,
    /// The bundle line is priced like an item (its quantity × its unit price, its own discounts and tax). Its
    /// components are priced for information only and do not count in the totals.
    Fixed,
}

/// Whether a line counts in the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineInclusion {
    #[default]
    Always,
    /// An option the client may take: priced and shown, counted only once `selected`.
    Optional { selected: bool },
}

impl LineInclusion {
    pub fn is_included(self) -> bool {
        !matches!(self, LineInclusion::Optional { selected: false })
    }
}

/// A line as the pricing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricingLine {
    pub kind: LineKind,
    pub inclusion: LineInclusion,
    /// Up to three decimals.
    pub quantity: Quantity,
    /// The unit price as resolved, in the currency of its source.
    pub unit_price: Money,
    /// The rate recorded when the line was added, if `unit_price` is not in the quote's currency.
    pub exchange_rate: Option<ExchangeRate>,
    /// Whether `unit_price` includes tax (from a 含税 price list).
    pub tax_inclusive: bool,
    pub tax_rate: Percent,
    pub discount_percent: Percent,
    /// In the quote's currency, subtracted after the percentage; `None` for none.
    pub discount_amount: Option<Money>,
}

impl PricingLine {
    /// A plain, tax-exclusive item without discounts.
    pub fn new(quantity: Quantity, unit_price: Money, tax_rate: Percent) -> Self {
        Self {
            kind: LineKind::Item,
            inclusion: LineInclusion::Always,
            quantity,
            unit_price,
            exchange_rate: None,
            tax_inclusive: false,
            tax_rate,
            discount_percent: Percent::ZERO,
            discount_amount: None,
        }
    }
}

/// A discount on the whole quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteDiscount {
    #[default]
    None,
    Percent(Percent),
    /// In the quote's currency; at most the lines' total.
    Amount(Money),
}

/// Everything the price of a quote depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricingInput {
    pub currency: Currency,
    pub lines: Vec<PricingLine>,
    pub quote_discount: QuoteDiscount,
}

/// A priced line. All amounts are in the quote's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricedLine {
    /// The unit price after conversion (a sum bundle: the sum of its components' list amounts).
    pub unit_price: Money,
    /// `round(quantity × unit_price)`, before any discount.
    pub list_amount: Money,
    /// After the line's own discounts, before the quote discount: the price shown on the line (net for a
    /// tax-exclusive line, gross for a tax-inclusive one).
    pub amount: Money,
    /// This line's part of the quote-level discount (0 for lines that do not count in the totals).
    pub quote_discount_share: Money,
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
    pub tax_inclusive: bool,
    pub tax_rate: Percent,
    /// Whether the line's amounts are part of the quote's totals.
    pub counts_in_totals: bool,
}

/// Net and tax of the counted lines taxed at one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxBucket {
    pub rate: Percent,
    pub net: Money,
    pub tax: Money,
}

/// Totals of a priced quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedTotals {
    /// Σ `amount` of the counted lines: what the quote discount applies to.
    pub lines_total: Money,
    /// The quote-level discount actually taken off (a percentage is rounded once, here).
    pub quote_discount: Money,
    /// Σ net.
    pub subtotal: Money,
    /// Σ tax.
    pub tax: Money,
    /// Σ gross = subtotal + tax.
    pub total: Money,
    /// By rate, ascending; nets and taxes add up to `subtotal` and `tax`.
    pub tax_by_rate: Vec<TaxBucket>,
    /// The same for the counted tax-exclusive lines only: the VAT added on top of the prices shown, so that
    /// `lines_total − quote_discount + Σ tax = total` whatever the mix of prices. Equal to `tax_by_rate` when no
    /// line includes tax, empty when every line does.
    pub added_tax_by_rate: Vec<TaxBucket>,
}

/// A priced quote: one [`PricedLine`] per input line, in order, and the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedQuote {
    pub currency: Currency,
    pub lines: Vec<PricedLine>,
    pub totals: PricedTotals,
}

/// `round(quantity × unit price × (1 − discount%))` in minor units.
pub(crate) fn discounted(
    quantity: Quantity,
    unit_minor: i128,
    discount: Percent,
) -> Result<i128, DomainError> {
    let num = quantity
        .thousandths()
        .checked_mul(unit_minor)
        .and_then(|v| v.checked_mul(MILLION - discount.millionths()))
        .ok_or(DomainError::Overflow)?;
    Ok(round_div(num, 1000 * MILLION))
}

/// `round(net × rate)`: the tax of a tax-exclusive amount.
pub(crate) fn tax_on_net(net: i128, rate: Percent) -> Result<i128, DomainError> {
    let num = net
        .checked_mul(rate.millionths())
        .ok_or(DomainError::Overflow)?;
    Ok(round_div(num, MILLION))
}

/// `round(gross / (1 + rate))`: the net of a tax-inclusive amount.
pub(crate) fn net_of_gross(gross: i128, rate: Percent) -> Result<i128, DomainError> {
    let num = gross.checked_mul(MILLION).ok_or(DomainError::Overflow)?;
    Ok(round_div(num, MILLION + rate.millionths()))
}

/// Split `total` over `weights` in proportion, by the largest-remainder method: each share is the exact
/// proportional share rounded down, and the minor units left over go one each to the largest remainders (ties
/// to the earlier line). The shares add up to `total` exactly, and with `0 ≤ total ≤ Σ weights` each share is
/// between 0 and its weight and within one unit of its exact proportion.
///
/// A negative total or weight, or a total above the weights' sum, is a [`DomainError::Invalid`] on
/// `quote_discount` (`AboveMax` with the sum): this is how the quote discount is spread.
pub fn spread_largest_remainder(total: i64, weights: &[i64]) -> Result<Vec<i64>, DomainError> {
    let sum: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    if total < 0 || weights.iter().any(|&w| w < 0) || i128::from(total) > sum {
        return Err(DomainError::Invalid(vec![FieldError::new(
            "quote_discount",
            FieldErrorKind::AboveMax {
                max: sum.to_string(),
            },
        )]));
    }
    if total == 0 {
        return Ok(vec![0; weights.len()]);
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for (i, &w) in weights.iter().enumerate() {
        let exact = i128::from(total)
            .checked_mul(i128::from(w))
            .ok_or(DomainError::Overflow)?;
        let share = exact / sum;
        given += share;
        shares.push(share);
        remainders.push((exact % sum, i));
    }
    // Largest remainder first; equal remainders in line order.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = usize::try_from(i128::from(total) - given).map_err(|_| DomainError::Overflow)?;
    for &(_, i) in remainders.iter().take(left) {
        shares[i] += 1;
    }
    shares
        .into_iter()
        .map(|s| i64::try_from(s).map_err(|_| DomainError::Overflow))
        .collect()
}

fn tree_error(line: usize, reason: &'static str) -> DomainError {
    DomainError::InvalidLineTree { line, reason }
}

/// Check the line tree: components follow a bundle they name, bundles do not nest, a sum bundle has no
/// discounts of its own, components share their bundle's tax basis.
fn check_tree(lines: &[PricingLine]) -> Result<(), DomainError> {
    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            LineKind::Component { parent } => {
                let Some(p) = lines[..i].get(parent) else {
                    return Err(tree_error(i, "a component must follow its bundle"));
                };
                if !matches!(p.kind, LineKind::Bundle(_)) {
                    return Err(tree_error(i, "a component's parent must be a bundle"));
                }
                if p.tax_inclusive != line.tax_inclusive {
                    return Err(tree_error(
                        i,
                        "a component must be priced with tax included or excluded like its bundle",
                    ));
                }
            }
            kind if !kind.priced_by_itself() => {
                if line.discount_percent != Percent::ZERO
                    || line.discount_amount.is_some_and(|a| a.minor() != 0)
                {
                    return Err(tree_error(
                        i,
                        "a bundle priced as the sum of its components takes no discount of its own",
                    ));
                }
            }
            LineKind::Item | LineKind::Bundle(_) => {}
        }
    }
    Ok(())
}

/// Field checks: currencies, exchange rates, negative amounts.
fn check_fields(input: &PricingInput) -> Result<(), DomainError> {
    let currency = input.currency;
    let mismatch = |field: String, found: Currency| {
        FieldError::new(
            field,
            FieldErrorKind::CurrencyMismatch {
                expected: currency.to_string(),
                found: found.to_string(),
            },
        )
    };
    let mut errors = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        let price_currency = l.unit_price.currency();
        match l.exchange_rate {
            None if price_currency != currency => {
                errors.push(mismatch(format!("lines[{i}].unit_price"), price_currency));
            }
            Some(rate) if rate.from() != price_currency || rate.to() != currency => {
                errors.push(mismatch(format!("lines[{i}].exchange_rate"), rate.to()));
            }
            _ => {}
        }
        if l.unit_price.is_negative() {
            errors.push(FieldError::new(
                format!("lines[{i}].unit_price"),
                FieldErrorKind::Negative,
            ));
        }
        if let Some(a) = l.discount_amount {
            let field = format!("lines[{i}].discount_amount");
            if a.currency() != currency {
                errors.push(mismatch(field, a.currency()));
            } else if a.is_negative() {
                errors.push(FieldError::new(field, FieldErrorKind::Negative));
            }
        }
    }
    if let QuoteDiscount::Amount(a) = input.quote_discount {
        if a.currency() != currency {
            errors.push(mismatch("quote_discount".into(), a.currency()));
        } else if a.is_negative() {
            errors.push(FieldError::new("quote_discount", FieldErrorKind::Negative));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// Amounts of one line in minor units, before they become [`Money`].
#[derive(Default, Clone, Copy)]
struct Raw {
    unit: i128,
    list: i128,
    amount: i128,
    share: i128,
    net: i128,
    tax: i128,
    gross: i128,
}

/// Net, tax and gross of a line whose price as shown (after every discount) is `shown`.
fn split_tax(shown: i128, line: &PricingLine) -> Result<(i128, i128, i128), DomainError> {
    if line.tax_inclusive {
        let net = net_of_gross(shown, line.tax_rate)?;
        Ok((net, shown - net, shown))
    } else {
        let tax = tax_on_net(shown, line.tax_rate)?;
        Ok((shown, tax, shown + tax))
    }
}

/// Whether a line carries an amount of its own (sum-bundle headers and fixed-bundle components do not).
pub(crate) fn carries_amount(lines: &[PricingLine], line: &PricingLine) -> bool {
    match line.kind {
        LineKind::Item | LineKind::Bundle(BundlePricing::Fixed) => true,
        LineKind::Bundle(BundlePricing::SumOfComponents) => false,
        LineKind::Component { parent } => matches!(
            lines[parent].kind,
            LineKind::Bundle(BundlePricing::SumOfComponents)
        ),
    }
}

/// Price a quote. See the [module docs](super) for the rules.
///
/// Errors: [`DomainError::InvalidLineTree`] for a malformed line tree, [`DomainError::Invalid`] for field
/// problems (`lines[i].unit_price`, `lines[i].exchange_rate`, `lines[i].discount_amount`, `quote_discount`:
/// wrong currency, negative, a quote discount above the lines' total), [`DomainError::Overflow`].
pub fn price(input: &PricingInput) -> Result<PricedQuote, DomainError> {
    let lines = &input.lines;
    check_tree(lines)?;
    check_fields(input)?;
    let currency = input.currency;

    let included: Vec<bool> = lines
        .iter()
        .map(|l| {
            l.inclusion.is_included()
                && match l.kind {
                    LineKind::Component { parent } => lines[parent].inclusion.is_included(),
                    _ => true,
                }
        })
        .collect();
    let counts: Vec<bool> = lines
        .iter()
        .zip(&included)
        .map(|(l, &inc)| inc && carries_amount(lines, l))
        .collect();

    // Each line on its own: conversion, list amount, line discounts.
    let mut raw = vec![Raw::default(); lines.len()];
    for (l, r) in lines.iter().zip(raw.iter_mut()) {
        if l.kind == LineKind::Bundle(BundlePricing::SumOfComponents) {
            continue; // its amounts are its components' sums, added below
        }
        let unit = match l.exchange_rate {
            Some(rate) => rate.convert(l.unit_price)?,
            None => l.unit_price,
        };
        r.unit = i128::from(unit.minor());
        r.list = discounted(l.quantity, r.unit, Percent::ZERO)?;
        let off = i128::from(l.discount_amount.map_or(0, Money::minor));
        r.amount = (discounted(l.quantity, r.unit, l.discount_percent)? - off).max(0);
    }

    // The quote discount, spread over the counted lines in proportion to their amounts.
    let weights: Vec<i64> = raw
        .iter()
        .zip(&counts)
        .map(|(r, &c)| if c { i64::try_from(r.amount) } else { Ok(0) })
        .collect::<Result<_, _>>()
        .map_err(|_| DomainError::Overflow)?;
    let lines_total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    let discount = match input.quote_discount {
        QuoteDiscount::None => 0,
        QuoteDiscount::Percent(p) => round_div(
            lines_total
                .checked_mul(p.millionths())
                .ok_or(DomainError::Overflow)?,
            MILLION,
        ),
        QuoteDiscount::Amount(a) => i128::from(a.minor()),
    };
    let discount = i64::try_from(discount).map_err(|_| DomainError::Overflow)?;
    let shares = spread_largest_remainder(discount, &weights)?;

    for ((l, r), &share) in lines.iter().zip(raw.iter_mut()).zip(&shares) {
        r.share = i128::from(share);
        (r.net, r.tax, r.gross) = split_tax(r.amount - r.share, l)?;
    }
    // Sum bundles show the sums of their included components.
    for (i, line) in lines.iter().enumerate() {
        if let LineKind::Component { parent } = line.kind
            && lines[parent].kind == LineKind::Bundle(BundlePricing::SumOfComponents)
            && line.inclusion.is_included()
        {
            let c = raw[i];
            let p = &mut raw[parent];
            p.unit += c.list;
            p.list += c.list;
            p.amount += c.amount;
            p.share += c.share;
            p.net += c.net;
            p.tax += c.tax;
            p.gross += c.gross;
        }
    }

    let money = |minor: i128| Money::try_from_minor(minor, currency);
    let mut priced = Vec::with_capacity(lines.len());
    let (mut subtotal, mut tax, mut total) = (0_i128, 0_i128, 0_i128);
    let mut buckets: BTreeMap<Percent, (i128, i128)> = BTreeMap::new();
    let mut added: BTreeMap<Percent, (i128, i128)> = BTreeMap::new();
    for ((l, r), &c) in lines.iter().zip(&raw).zip(&counts) {
        if c {
            subtotal += r.net;
            tax += r.tax;
            total += r.gross;
            let b = buckets.entry(l.tax_rate).or_default();
            b.0 += r.net;
            b.1 += r.tax;
            if !l.tax_inclusive {
                let b = added.entry(l.tax_rate).or_default();
                b.0 += r.net;
                b.1 += r.tax;
            }
        }
        priced.push(PricedLine {
            unit_price: money(r.unit)?,
            list_amount: money(r.list)?,
            amount: money(r.amount)?,
            quote_discount_share: money(r.share)?,
            net: money(r.net)?,
            tax: money(r.tax)?,
            gross: money(r.gross)?,
            tax_inclusive: l.tax_inclusive,
            tax_rate: l.tax_rate,
            counts_in_totals: c,
        });
    }
    let to_buckets = |buckets: BTreeMap<Percent, (i128, i128)>| {
        buckets
            .into_iter()
            .map(|(rate, (net, tax))| {
                Ok(TaxBucket {
                    rate,
                    net: money(net)?,
                    tax: money(tax)?,
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()
    };
    Ok(PricedQuote {
        currency,
        lines: priced,
        totals: PricedTotals {
            lines_total: money(lines_total)?,
            quote_discount: Money::from_minor(discount, currency),
            subtotal: money(subtotal)?,
            tax: money(tax)?,
            total: money(total)?,
            tax_by_rate: to_buckets(buckets)?,
            added_tax_by_rate: to_buckets(added)?,
        },
    })
}
