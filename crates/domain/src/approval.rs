//! When a quote's discounts need a manager's approval.
//!
//! Each role has a discount limit (a setting; [`DEFAULT_DISCOUNT_LIMIT`] is 15 %). A quote needs approval when
//! any line's **effective discount against its list price** is above the limit (strictly). The effective
//! discount combines everything a rep can give:
//!
//! ```text
//! effective = 1 − max((1 − d/100) − a / (q × p), 0) × (1 − Q)
//! ```
//!
//! with the line's discount `d%` and discount amount `a`, its list value `q × p` (quantity × unit price after
//! conversion, unrounded), and the quote discount as a fraction `Q` (a percentage as given; an amount as
//! `amount / lines_total`). It is computed exactly and rounded half away from zero to four decimals, like any
//! percentage, before the comparison — so rounding of amounts to the cent never tips a quote over its limit.
//!
//! The list price is the resolved unit price (customer list, default list or base price): prices an admin
//! set are not discounts. Lines reviewed are those that carry an amount (items, fixed-price bundles, components
//! of sum bundles) — optional ones too, selected or not, because the client may still select them. Since the
//! quote's overall effective discount is a weighted average of its lines', no quote can exceed the limit
//! without one of its lines doing so; the overall figure is reported for display.
//!
//! A save that needs approval records who asks and when ([`ApprovalRequest`]); a manager then approves or
//! refuses it ([`decide`]). The screens' side of it is in `view`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::DomainError;
use crate::pricing::engine::carries_amount;
use crate::pricing::{PricedQuote, PricingInput, QuoteDiscount};
use crate::validation::Percent;

mod decision;
pub mod pin;
mod view;

pub use decision::{
    ApprovalRequest, Decision, DecisionInput, DecisionRecord, check_decider, decide, signer,
};
pub use pin::{ManagerPin, PinRefusal};
pub use view::{ApprovalView, DiscountBreakdownView, DiscountReviewView, PendingApprovalView};

/// The discount limit of a role that has no setting of its own.
pub const DEFAULT_DISCOUNT_LIMIT: Percent = Percent::whole(15);
/// The limit of a role that needs nobody's approval (admins).
pub const NO_LIMIT: Percent = Percent::whole(100);

/// What [`review_discounts`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountReview {
    pub limit: Percent,
    /// Per input line, the effective discount in percent (4 decimals); `None` for lines without an amount of
    /// their own (sum-bundle headers, fixed-bundle components).
    pub line_discounts: Vec<Option<Decimal>>,
    /// The largest line discount (0 without lines).
    pub max_line_discount: Decimal,
    /// Overall effective discount of the counted lines against their list amounts, in percent (display only).
    pub quote_discount: Decimal,
    /// Indexes of the lines above the limit.
    pub lines_over_limit: Vec<usize>,
    pub needs_approval: bool,
    /// What the largest line discount is made of (the first such line); `None` without reviewed lines.
    pub largest: Option<DiscountBreakdown>,
}

/// What a line's effective discount is made of, as [`review_discounts`] computes it: the line's own discount
/// and, on what remains, the quote discount. `effective = own + quote_share`, where
/// `quote_share = (100 − own) × quote / 100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscountBreakdown {
    /// The line's index among the reviewed lines.
    pub line: usize,
    /// The effective discount against the list price, in percent (4 decimals).
    pub effective: Decimal,
    /// The line's own discount (its percentage and amount off) against its list value, in percent.
    pub own: Decimal,
    /// The quote discount, in percent of the lines total (as given, or an amount's share of the lines total).
    pub quote: Decimal,
    /// What the quote discount adds to the line's own, in percentage points: `effective − own`.
    pub quote_share: Decimal,
}

fn percent_4dp(fraction: Decimal) -> Decimal {
    (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(Percent::MAX_DP, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Review a priced quote's discounts against a role's `limit`. `priced` must be `price(input)`.
pub fn review_discounts(
    input: &PricingInput,
    priced: &PricedQuote,
    limit: Percent,
) -> Result<DiscountReview, DomainError> {
    let hundred = Decimal::ONE_HUNDRED;
    let quote_fraction = match input.quote_discount {
        QuoteDiscount::None => Decimal::ZERO,
        QuoteDiscount::Percent(p) => p.value() / hundred,
        QuoteDiscount::Amount(a) => {
            let total = priced.totals.lines_total.to_decimal();
            if total.is_zero() {
                Decimal::ZERO
            } else {
                a.to_decimal()
                    .checked_div(total)
                    .ok_or(DomainError::Overflow)?
            }
        }
    };
    let mut line_discounts = Vec::with_capacity(input.lines.len());
    let mut largest: Option<DiscountBreakdown> = None;
    for (index, (line, p)) in input.lines.iter().zip(&priced.lines).enumerate() {
        if !carries_amount(&input.lines, line) {
            line_discounts.push(None);
            continue;
        }
        let list = line
            .quantity
            .value()
            .checked_mul(p.unit_price.to_decimal())
            .ok_or(DomainError::Overflow)?;
        let (effective, own) = if list.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            let off = line
                .discount_amount
                .map_or(Decimal::ZERO, |a| a.to_decimal());
            let kept_by_line = (Decimal::ONE
                - line.discount_percent.value() / hundred
                - off.checked_div(list).ok_or(DomainError::Overflow)?)
            .max(Decimal::ZERO);
            (
                Decimal::ONE - kept_by_line * (Decimal::ONE - quote_fraction),
                Decimal::ONE - kept_by_line,
            )
        };
        let effective = percent_4dp(effective);
        if largest.is_none_or(|l| effective > l.effective) {
            let own = percent_4dp(own);
            largest = Some(DiscountBreakdown {
                line: index,
                effective,
                own,
                quote: percent_4dp(quote_fraction),
                quote_share: effective - own,
            });
        }
        line_discounts.push(Some(effective));
    }
    let lines_over_limit: Vec<usize> = line_discounts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_some_and(|d| d > limit.value()))
        .map(|(i, _)| i)
        .collect();
    let max_line_discount = line_discounts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(Decimal::ZERO);
    let (list, kept) = priced.lines.iter().filter(|l| l.counts_in_totals).fold(
        (0_i128, 0_i128),
        |(list, kept), l| {
            (
                list + i128::from(l.list_amount.minor()),
                kept + i128::from(l.amount.minor() - l.quote_discount_share.minor()),
            )
        },
    );
    let quote_discount = if list == 0 {
        Decimal::ZERO
    } else {
        let (list, kept) = (Decimal::from(list), Decimal::from(kept));
        percent_4dp(
            (list - kept)
                .checked_div(list)
                .ok_or(DomainError::Overflow)?,
        )
    };
    Ok(DiscountReview {
        limit,
        needs_approval: !lines_over_limit.is_empty(),
        line_discounts,
        max_line_discount,
        quote_discount,
        lines_over_limit,
        largest,
    })
}

#[cfg(test)]
#[path = "approval_tests.rs"]
mod tests;
