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

use rust_decimal::{Decimal, RoundingStrategy};

use crate::DomainError;
use crate::pricing::engine::carries_amount;
use crate::pricing::{PricedQuote, PricingInput, QuoteDiscount};
use crate::validation::Percent;

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
    for (line, p) in input.lines.iter().zip(&priced.lines) {
        if !carries_amount(&input.lines, line) {
            line_discounts.push(None);
            continue;
        }
        let list = line
            .quantity
            .value()
            .checked_mul(p.unit_price.to_decimal())
            .ok_or(DomainError::Overflow)?;
        let effective = if list.is_zero() {
            Decimal::ZERO
        } else {
            let off = line
                .discount_amount
                .map_or(Decimal::ZERO, |a| a.to_decimal());
            let kept_by_line = (Decimal::ONE
                - line.discount_percent.value() / hundred
                - off.checked_div(list).ok_or(DomainError::Overflow)?)
            .max(Decimal::ZERO);
            Decimal::ONE - kept_by_line * (Decimal::ONE - quote_fraction)
        };
        line_discounts.push(Some(percent_4dp(effective)));
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, ExchangeRate, Money};
    use crate::pricing::{
        BundlePricing, LineInclusion, LineKind, PricingLine, QuoteDiscount, price,
    };
    use crate::validation::Quantity;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn pct(s: &str) -> Percent {
        Percent::parse("p", s).unwrap()
    }
    fn cny(s: &str) -> Money {
        Money::from_decimal_rounded(Decimal::from_str(s).unwrap(), Currency::CNY).unwrap()
    }
    fn line(qty: &str, price: &str, d: &str, off: &str) -> PricingLine {
        PricingLine {
            discount_percent: pct(d),
            discount_amount: Some(cny(off)),
            ..PricingLine::new(Quantity::parse("q", qty).unwrap(), cny(price), pct("13"))
        }
    }
    fn review(lines: Vec<PricingLine>, qd: QuoteDiscount, limit: &str) -> DiscountReview {
        let input = PricingInput {
            currency: Currency::CNY,
            lines,
            quote_discount: qd,
        };
        let priced = price(&input).unwrap();
        review_discounts(&input, &priced, pct(limit)).unwrap()
    }

    #[test]
    fn the_default_limit_is_fifteen_percent() {
        assert_eq!(DEFAULT_DISCOUNT_LIMIT, pct("15"));
    }

    #[test]
    fn table() {
        use QuoteDiscount as Q;
        // (lines (qty, price, d%, amount), quote discount, limit, needs approval, max line discount)
        type Lines = Vec<(&'static str, &'static str, &'static str, &'static str)>;
        let table: Vec<(Lines, QuoteDiscount, &str, bool, &str)> = vec![
            (vec![("1", "100", "15", "0")], Q::None, "15", false, "15"),
            (
                vec![("1", "100", "15.0001", "0")],
                Q::None,
                "15",
                true,
                "15.0001",
            ),
            // A 15 % line discount on 0.33 rounds to 0.28 (15.15 % off the rounded amount): still 15 %.
            (vec![("1", "0.33", "15", "0")], Q::None, "15", false, "15"),
            (vec![("1", "100", "0", "15")], Q::None, "15", false, "15"),
            (
                vec![("1", "100", "0", "15.01")],
                Q::None,
                "15",
                true,
                "15.01",
            ),
            // 10 % then 5 % off the quote: 1 − 0.9 × 0.95 = 14.5 %
            (
                vec![("1", "100", "10", "0")],
                Q::Percent(pct("5")),
                "15",
                false,
                "14.5",
            ),
            // 10 % then 6 %: 15.4 %
            (
                vec![("1", "100", "10", "0")],
                Q::Percent(pct("6")),
                "15",
                true,
                "15.4",
            ),
            // The quote amount 16 over 100 + 100: 8 % each.
            (
                vec![("1", "100", "0", "0"), ("1", "100", "0", "0")],
                Q::Amount(cny("16")),
                "15",
                false,
                "8",
            ),
            // One line at 50 % is too much even if the quote on average is not.
            (
                vec![("1", "10", "50", "0"), ("1", "1000", "0", "0")],
                Q::None,
                "15",
                true,
                "50",
            ),
            (vec![("1", "100", "100", "0")], Q::None, "100", false, "100"),
            (vec![("1", "0", "50", "0")], Q::None, "0", false, "0"),
            (vec![], Q::None, "15", false, "0"),
            (vec![("1", "100", "20", "0")], Q::None, "25", false, "20"),
        ];
        for (lines, qd, limit, needs, max) in table {
            let input: Vec<PricingLine> =
                lines.iter().map(|&(q, p, d, a)| line(q, p, d, a)).collect();
            let r = review(input, qd, limit);
            let case = format!("{lines:?} {qd:?} limit {limit}");
            assert_eq!(r.needs_approval, needs, "{case}");
            assert_eq!(
                r.max_line_discount,
                Decimal::from_str(max).unwrap(),
                "{case}"
            );
        }
    }

    #[test]
    fn optional_lines_count_and_bundle_headers_do_not() {
        let mut opt = line("1", "100", "40", "0");
        opt.inclusion = LineInclusion::Optional { selected: false };
        let r = review(
            vec![line("1", "100", "0", "0"), opt],
            QuoteDiscount::None,
            "15",
        );
        assert!(r.needs_approval);
        assert_eq!(r.lines_over_limit, [1]);
        assert_eq!(
            r.quote_discount,
            Decimal::ZERO,
            "the option is not in the totals"
        );

        let bundle = PricingLine {
            kind: LineKind::Bundle(BundlePricing::Fixed),
            ..line("1", "800", "0", "0")
        };
        let comp = PricingLine {
            kind: LineKind::Component { parent: 0 },
            ..line("1", "1000", "0", "0")
        };
        let r = review(vec![bundle, comp], QuoteDiscount::None, "15");
        assert_eq!(r.line_discounts, [Some(Decimal::ZERO), None]);
        assert!(!r.needs_approval);
    }

    #[test]
    fn converted_prices_are_their_own_list_price() {
        let rate = ExchangeRate::parse("r", Currency::USD, Currency::CNY, "7.1234").unwrap();
        let l = PricingLine {
            unit_price: Money::from_minor(1999, Currency::USD),
            exchange_rate: Some(rate),
            discount_percent: pct("15"),
            ..line("3", "0", "0", "0")
        };
        let r = review(vec![l], QuoteDiscount::None, "15");
        assert!(!r.needs_approval);
        assert_eq!(r.max_line_discount, Decimal::from(15));
    }

    proptest! {
        /// With no discount amounts, a line's effective discount is exactly 1 − (1 − d)(1 − Q), and approval is
        /// needed exactly when one is above the limit.
        #[test]
        fn effective_discounts_combine_line_and_quote_percentages(
            ds in prop::collection::vec(0_i64..=10_000, 1..10),
            qd in 0_i64..=10_000,
            limit in 0_i64..=10_000,
        ) {
            let lines: Vec<PricingLine> = ds.iter().map(|&d| PricingLine {
                discount_percent: Percent::parse("d", &Decimal::new(d, 2).to_string()).unwrap(),
                ..PricingLine::new(Quantity::parse("q", "1").unwrap(), cny("100"), pct("13"))
            }).collect();
            let q = Percent::parse("q", &Decimal::new(qd, 2).to_string()).unwrap();
            let limit = Percent::parse("l", &Decimal::new(limit, 2).to_string()).unwrap();
            let input = PricingInput { currency: Currency::CNY, lines, quote_discount: QuoteDiscount::Percent(q) };
            let r = review_discounts(&input, &price(&input).unwrap(), limit).unwrap();
            let mut any = false;
            for (&d, got) in ds.iter().zip(&r.line_discounts) {
                let kept = (Decimal::ONE - Decimal::new(d, 4)) * (Decimal::ONE - Decimal::new(qd, 4));
                let want = percent_4dp(Decimal::ONE - kept);
                prop_assert_eq!(*got, Some(want));
                any |= want > limit.value();
            }
            prop_assert_eq!(r.needs_approval, any);
            prop_assert!(r.quote_discount <= r.max_line_discount + Decimal::new(1, 2));
        }
    }
}
