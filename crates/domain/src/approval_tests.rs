use super::*;
use crate::money::{Currency, ExchangeRate, Money};
use crate::pricing::{BundlePricing, LineInclusion, LineKind, PricingLine, QuoteDiscount, price};
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
        let input: Vec<PricingLine> = lines.iter().map(|&(q, p, d, a)| line(q, p, d, a)).collect();
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

#[test]
fn the_largest_discount_says_what_it_is_made_of() {
    // 20 % off the line and 5 % off the quote: 1 − 0.8 × 0.95 = 24 %, of which 4 points are the quote's.
    let r = review(
        vec![
            line("1", "100", "10", "0"),
            line("2", "3880", "20", "0"),
            line("1", "50", "0", "0"),
        ],
        QuoteDiscount::Percent(pct("5")),
        "15",
    );
    let b = r.largest.unwrap();
    assert_eq!(b.line, 1);
    assert_eq!(b.effective, Decimal::from(24));
    assert_eq!(b.own, Decimal::from(20));
    assert_eq!(b.quote, Decimal::from(5));
    assert_eq!(b.quote_share, Decimal::from(4));
    assert_eq!(b.effective, r.max_line_discount);

    // Without a quote discount the figure is the line's own; an amount off counts in the line's own part.
    let r = review(
        vec![line("1", "100", "0", "0"), line("1", "200", "10", "20")],
        QuoteDiscount::None,
        "15",
    );
    let b = r.largest.unwrap();
    assert_eq!(
        (b.line, b.effective, b.own, b.quote_share),
        (1, Decimal::from(20), Decimal::from(20), Decimal::ZERO)
    );

    // A quote discount given as an amount is its share of the lines total: 16 of 200 = 8 %.
    let r = review(
        vec![line("1", "100", "0", "0"), line("1", "100", "0", "0")],
        QuoteDiscount::Amount(cny("16")),
        "15",
    );
    let b = r.largest.unwrap();
    assert_eq!(
        (b.line, b.own, b.quote),
        (0, Decimal::ZERO, Decimal::from(8))
    );
    assert_eq!(b.quote_share, Decimal::from(8));

    // No reviewed lines: nothing to break down.
    assert_eq!(review(vec![], QuoteDiscount::None, "15").largest, None);
}

#[test]
fn the_breakdown_reaches_the_view() {
    let r = review(
        vec![line("3", "33.33", "12.5", "0")],
        QuoteDiscount::Percent(pct("2.5")),
        "10",
    );
    let v = DiscountReviewView::from(&r);
    let b = v.largest.unwrap();
    // 1 − 0.875 × 0.975 = 14.6875 %
    assert_eq!(
        (b.line, b.effective.as_str(), b.own.as_str()),
        (0, "14.6875", "12.5")
    );
    assert_eq!(
        (b.quote_discount.as_str(), b.quote_share.as_str()),
        ("2.5", "2.1875")
    );
    assert_eq!(v.lines_over_limit, [0]);
}
