//! Tests of [`super::price`]: worked examples, boundary cases against an integer reference, and properties of
//! random quotes. The whole engine is compared against an independent reference in `reference_tests.rs`.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::money::{Currency, ExchangeRate, Money};
use crate::validation::{Percent, Quantity};
use crate::{DomainError, FieldErrorKind};

fn q(s: &str) -> Quantity {
    Quantity::parse("q", s).unwrap()
}
fn pct(s: &str) -> Percent {
    Percent::parse("p", s).unwrap()
}
fn m(s: &str, c: Currency) -> Money {
    Money::from_decimal_rounded(Decimal::from_str(s).unwrap(), c).unwrap()
}
fn cny(s: &str) -> Money {
    m(s, Currency::CNY)
}
fn item(qty: &str, price: &str, rate: &str) -> PricingLine {
    PricingLine::new(q(qty), cny(price), pct(rate))
}
fn incl(qty: &str, price: &str, rate: &str) -> PricingLine {
    PricingLine {
        tax_inclusive: true,
        ..item(qty, price, rate)
    }
}
fn quote(lines: Vec<PricingLine>, quote_discount: QuoteDiscount) -> PricingInput {
    PricingInput {
        currency: Currency::CNY,
        lines,
        quote_discount,
    }
}
/// (amount, share, net, tax, gross, counts) of every line, as strings.
fn summary(p: &PricedQuote) -> Vec<(String, String, String, String, String, bool)> {
    p.lines
        .iter()
        .map(|l| {
            (
                l.amount.amount_string(),
                l.quote_discount_share.amount_string(),
                l.net.amount_string(),
                l.tax.amount_string(),
                l.gross.amount_string(),
                l.counts_in_totals,
            )
        })
        .collect()
}
fn row(
    amount: &str,
    share: &str,
    net: &str,
    tax: &str,
    gross: &str,
    counts: bool,
) -> (String, String, String, String, String, bool) {
    (
        amount.into(),
        share.into(),
        net.into(),
        tax.into(),
        gross.into(),
        counts,
    )
}
fn totals(p: &PricedQuote) -> [String; 5] {
    let t = &p.totals;
    [t.lines_total, t.quote_discount, t.subtotal, t.tax, t.total].map(|m| m.amount_string())
}

#[test]
fn tax_exclusive_and_tax_inclusive_lines() {
    let p = price(&quote(
        vec![
            item("3", "19.99", "13"),
            incl("1", "113", "13"),
            incl("3", "99.99", "13"),
            incl("1", "0.01", "13"),
        ],
        QuoteDiscount::None,
    ))
    .unwrap();
    assert_eq!(
        summary(&p),
        [
            // 59.97 × 13 % = 7.7961
            row("59.97", "0.00", "59.97", "7.80", "67.77", true),
            row("113.00", "0.00", "100.00", "13.00", "113.00", true),
            // 299.97 / 1.13 = 265.460…
            row("299.97", "0.00", "265.46", "34.51", "299.97", true),
            // 0.01 / 1.13 = 0.00885 → 0.01: all of it is net
            row("0.01", "0.00", "0.01", "0.00", "0.01", true),
        ]
    );
    assert_eq!(
        totals(&p),
        ["472.95", "0.00", "425.44", "55.31", "480.75"].map(String::from)
    );
    assert_eq!(p.totals.tax_by_rate.len(), 1);
    assert_eq!(p.totals.tax_by_rate[0].rate, pct("13"));
    assert_eq!(p.totals.tax_by_rate[0].tax, p.totals.tax);
}

#[test]
fn the_vat_added_to_tax_exclusive_prices_closes_the_gap_to_the_total() {
    // Two rates, prices with and without VAT, an option not taken, and a 3 % quote discount.
    let lines = vec![
        item("2", "3880", "13"),
        item("16", "480", "6"),
        incl("3", "4068", "13"),
        incl("1", "4770", "6"),
        PricingLine {
            inclusion: LineInclusion::Optional { selected: false },
            ..item("1", "999", "13")
        },
    ];
    let p = price(&quote(lines, QuoteDiscount::Percent(pct("3")))).unwrap();
    let t = &p.totals;
    let added: Vec<(String, String, String)> = t
        .added_tax_by_rate
        .iter()
        .map(|b| {
            (
                b.rate.to_string(),
                b.net.amount_string(),
                b.tax.amount_string(),
            )
        })
        .collect();
    // Only the tax-exclusive lines, after their shares of the discount: 7 760.00 and 7 680.00 less 3 %.
    assert_eq!(
        added,
        [
            ("6".into(), "7449.60".into(), "446.98".into()),
            ("13".into(), "7527.20".into(), "978.54".into()),
        ]
    );
    let added_tax: i64 = t.added_tax_by_rate.iter().map(|b| b.tax.minor()).sum();
    assert_eq!(
        t.lines_total.minor() - t.quote_discount.minor() + added_tax,
        t.total.minor()
    );

    // All without VAT: the same as the breakdown by rate; all with VAT: nothing is added.
    let p = price(&quote(
        vec![item("2", "3880", "13"), item("1", "480", "6")],
        QuoteDiscount::None,
    ))
    .unwrap();
    assert_eq!(p.totals.added_tax_by_rate, p.totals.tax_by_rate);
    let p = price(&quote(vec![incl("3", "4068", "13")], QuoteDiscount::None)).unwrap();
    assert!(p.totals.added_tax_by_rate.is_empty());
    assert_eq!(p.totals.lines_total, p.totals.total);
}

#[test]
fn line_discount_percent_then_amount_never_below_zero() {
    let mut a = item("2", "100", "13");
    a.discount_percent = pct("10");
    a.discount_amount = Some(cny("5"));
    let mut b = item("1", "3", "13");
    b.discount_amount = Some(cny("5"));
    let mut c = incl("1", "113", "13");
    c.discount_amount = Some(cny("13"));
    let p = price(&quote(vec![a, b, c], QuoteDiscount::None)).unwrap();
    assert_eq!(
        summary(&p),
        [
            row("175.00", "0.00", "175.00", "22.75", "197.75", true),
            row("0.00", "0.00", "0.00", "0.00", "0.00", true),
            // 100 / 1.13 = 88.495… → 88.50
            row("100.00", "0.00", "88.50", "11.50", "100.00", true),
        ]
    );
    assert_eq!(p.lines[0].list_amount.amount_string(), "200.00");
}

#[test]
fn a_quote_discount_amount_is_spread_to_the_cent() {
    let p = price(&quote(
        vec![
            item("1", "100", "13"),
            item("1", "200", "13"),
            item("1", "300", "13"),
        ],
        QuoteDiscount::Amount(cny("100")),
    ))
    .unwrap();
    assert_eq!(
        summary(&p),
        [
            // 100 × 1/6 = 16.666…, the largest remainder gets the odd cent
            row("100.00", "16.67", "83.33", "10.83", "94.16", true),
            row("200.00", "33.33", "166.67", "21.67", "188.34", true),
            row("300.00", "50.00", "250.00", "32.50", "282.50", true),
        ]
    );
    assert_eq!(
        totals(&p),
        ["600.00", "100.00", "500.00", "65.00", "565.00"].map(String::from)
    );
}

#[test]
fn a_quote_discount_percent_on_tax_inclusive_lines_keeps_the_gross_total() {
    let p = price(&quote(
        vec![incl("1", "99.99", "13"), incl("2", "33.33", "6")],
        QuoteDiscount::Percent(pct("5")),
    ))
    .unwrap();
    // lines 99.99 + 66.66 = 166.65; 5 % = 8.3325 → 8.33; shares 4.998 / 3.332 → 5.00 / 3.33
    assert_eq!(
        summary(&p),
        [
            // 94.99 / 1.13 = 84.061…
            row("99.99", "5.00", "84.06", "10.93", "94.99", true),
            // 63.33 / 1.06 = 59.745…
            row("66.66", "3.33", "59.75", "3.58", "63.33", true),
        ]
    );
    assert_eq!(
        totals(&p),
        ["166.65", "8.33", "143.81", "14.51", "158.32"].map(String::from)
    );
    let rates: Vec<(String, String, String)> = p
        .totals
        .tax_by_rate
        .iter()
        .map(|b| {
            (
                b.rate.to_string(),
                b.net.amount_string(),
                b.tax.amount_string(),
            )
        })
        .collect();
    assert_eq!(
        rates,
        [
            ("6".into(), "59.75".into(), "3.58".into()),
            ("13".into(), "84.06".into(), "10.93".into())
        ]
    );
}

#[test]
fn optional_lines_count_only_when_selected() {
    let mut opt = item("1", "50", "13");
    opt.inclusion = LineInclusion::Optional { selected: false };
    let mut chosen = item("1", "30", "13");
    chosen.inclusion = LineInclusion::Optional { selected: true };
    let p = price(&quote(
        vec![item("1", "100", "13"), opt, chosen],
        QuoteDiscount::Percent(pct("10")),
    ))
    .unwrap();
    assert_eq!(
        summary(&p),
        [
            row("100.00", "10.00", "90.00", "11.70", "101.70", true),
            // Shown at its price, without a share of the quote discount.
            row("50.00", "0.00", "50.00", "6.50", "56.50", false),
            row("30.00", "3.00", "27.00", "3.51", "30.51", true),
        ]
    );
    assert_eq!(
        totals(&p),
        ["130.00", "13.00", "117.00", "15.21", "132.21"].map(String::from)
    );
}

#[test]
fn bundles_sum_of_components_and_fixed_price() {
    let component = |parent: usize, qty: &str, price: &str| PricingLine {
        kind: LineKind::Component { parent },
        ..item(qty, price, "13")
    };
    let mut opt_component = component(0, "1", "40");
    opt_component.inclusion = LineInclusion::Optional { selected: false };
    let lines = vec![
        PricingLine {
            kind: LineKind::Bundle(BundlePricing::SumOfComponents),
            ..item("1", "0", "13")
        },
        component(0, "2", "100"),
        component(0, "1", "50"),
        opt_component,
        PricingLine {
            kind: LineKind::Bundle(BundlePricing::Fixed),
            ..item("1", "500", "13")
        },
        component(4, "1", "400"),
        component(4, "1", "300"),
    ];
    let p = price(&quote(lines, QuoteDiscount::None)).unwrap();
    assert_eq!(
        summary(&p),
        [
            row("250.00", "0.00", "250.00", "32.50", "282.50", false),
            row("200.00", "0.00", "200.00", "26.00", "226.00", true),
            row("50.00", "0.00", "50.00", "6.50", "56.50", true),
            row("40.00", "0.00", "40.00", "5.20", "45.20", false),
            row("500.00", "0.00", "500.00", "65.00", "565.00", true),
            row("400.00", "0.00", "400.00", "52.00", "452.00", false),
            row("300.00", "0.00", "300.00", "39.00", "339.00", false),
        ]
    );
    assert_eq!(p.lines[0].unit_price.amount_string(), "250.00");
    assert_eq!(
        totals(&p),
        ["750.00", "0.00", "750.00", "97.50", "847.50"].map(String::from)
    );
}

#[test]
fn an_unselected_optional_bundle_takes_its_components_out() {
    let lines = vec![
        item("1", "10", "0"),
        PricingLine {
            kind: LineKind::Bundle(BundlePricing::SumOfComponents),
            inclusion: LineInclusion::Optional { selected: false },
            ..item("1", "0", "13")
        },
        PricingLine {
            kind: LineKind::Component { parent: 1 },
            ..item("1", "100", "13")
        },
    ];
    let p = price(&quote(lines, QuoteDiscount::Amount(cny("5")))).unwrap();
    assert_eq!(
        summary(&p),
        [
            row("10.00", "5.00", "5.00", "0.00", "5.00", true),
            row("100.00", "0.00", "100.00", "13.00", "113.00", false),
            row("100.00", "0.00", "100.00", "13.00", "113.00", false),
        ]
    );
    assert_eq!(p.totals.total.amount_string(), "5.00");
}

#[test]
fn prices_in_other_currencies_convert_at_the_recorded_rate() {
    let rate = ExchangeRate::parse("rate", Currency::USD, Currency::CNY, "7.1234").unwrap();
    let line = PricingLine {
        unit_price: m("19.99", Currency::USD),
        exchange_rate: Some(rate),
        ..item("3", "0", "13")
    };
    let p = price(&quote(vec![line], QuoteDiscount::None)).unwrap();
    // 19.99 × 7.1234 = 142.396766 → 142.40; × 3 = 427.20
    assert_eq!(p.lines[0].unit_price.amount_string(), "142.40");
    assert_eq!(p.lines[0].net.amount_string(), "427.20");

    let no_rate = PricingLine {
        exchange_rate: None,
        ..line
    };
    let wrong_rate = PricingLine {
        exchange_rate: Some(
            ExchangeRate::parse("rate", Currency::EUR, Currency::CNY, "7.8").unwrap(),
        ),
        ..line
    };
    let err = price(&quote(vec![no_rate, wrong_rate], QuoteDiscount::None)).unwrap_err();
    let DomainError::Invalid(errors) = err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["lines[0].unit_price", "lines[1].exchange_rate"]);
}

#[test]
fn zero_and_three_decimal_currencies() {
    let jpy = |s: &str| m(s, Currency::JPY);
    let kwd = |s: &str| m(s, Currency::KWD);
    let p = price(&PricingInput {
        currency: Currency::JPY,
        lines: vec![
            PricingLine::new(q("1.5"), jpy("15"), pct("10")),
            PricingLine {
                tax_inclusive: true,
                ..PricingLine::new(q("1"), jpy("1100"), pct("10"))
            },
        ],
        quote_discount: QuoteDiscount::Percent(pct("3")),
    })
    .unwrap();
    // 22.5 → 23; 3 % of 1123 = 33.69 → 34, shares 0.696 / 33.3 → 1 / 33
    assert_eq!(
        summary(&p),
        [
            row("23", "1", "22", "2", "24", true),
            // 1067 / 1.1 = 970
            row("1100", "33", "970", "97", "1067", true),
        ]
    );
    let p = price(&PricingInput {
        currency: Currency::KWD,
        lines: vec![PricingLine::new(q("0.5"), kwd("0.001"), pct("5"))],
        quote_discount: QuoteDiscount::None,
    })
    .unwrap();
    // 0.0005 → 0.001; tax 0.00005 → 0.000
    assert_eq!(
        summary(&p),
        [row("0.001", "0.000", "0.001", "0.000", "0.001", true)]
    );
}

#[test]
fn negative_discounts_and_oversized_quote_discounts_are_rejected() {
    assert_eq!(
        Percent::parse("d", "-5").unwrap_err().kind,
        FieldErrorKind::Negative
    );
    let mut l = item("1", "100", "13");
    l.discount_amount = Some(cny("-1"));
    let err = price(&quote(vec![l], QuoteDiscount::Amount(cny("-1")))).unwrap_err();
    assert_eq!(
        err,
        DomainError::Invalid(vec![
            FieldError::new("lines[0].discount_amount", FieldErrorKind::Negative),
            FieldError::new("quote_discount", FieldErrorKind::Negative),
        ])
    );
    let err = price(&quote(
        vec![item("1", "100", "13")],
        QuoteDiscount::Amount(cny("100.01")),
    ))
    .unwrap_err();
    assert_eq!(
        err,
        DomainError::Invalid(vec![FieldError::new(
            "quote_discount",
            FieldErrorKind::AboveMax {
                max: "10000".into()
            }
        )])
    );
    let all = price(&quote(
        vec![item("1", "100", "13")],
        QuoteDiscount::Amount(cny("100")),
    ))
    .unwrap();
    assert_eq!(all.totals.total.minor(), 0);
    let usd = price(&quote(
        vec![item("1", "100", "13")],
        QuoteDiscount::Amount(m("1", Currency::USD)),
    ));
    assert!(matches!(usd, Err(DomainError::Invalid(_))));
}

#[test]
fn malformed_line_trees_are_rejected() {
    let comp = |parent| PricingLine {
        kind: LineKind::Component { parent },
        ..item("1", "1", "13")
    };
    let sum = PricingLine {
        kind: LineKind::Bundle(BundlePricing::SumOfComponents),
        ..item("1", "0", "13")
    };
    let cases: Vec<(Vec<PricingLine>, usize)> = vec![
        (vec![comp(0)], 0),
        (vec![comp(1), sum], 0),
        (vec![item("1", "1", "13"), comp(0)], 1),
        (vec![sum, comp(0), comp(1)], 2),
        (
            vec![
                PricingLine {
                    discount_percent: pct("5"),
                    ..sum
                },
                comp(0),
            ],
            0,
        ),
        (
            vec![
                sum,
                PricingLine {
                    tax_inclusive: true,
                    ..comp(0)
                },
            ],
            1,
        ),
    ];
    for (lines, bad) in cases {
        assert!(
            matches!(price(&quote(lines.clone(), QuoteDiscount::None)), Err(DomainError::InvalidLineTree { line, .. }) if line == bad),
            "{lines:?}"
        );
    }
}

#[test]
fn spreading_by_largest_remainder() {
    let table: &[(i64, &[i64], &[i64])] = &[
        (0, &[1, 2, 3], &[0, 0, 0]),
        (1, &[1, 1, 1], &[1, 0, 0]),
        (2, &[1, 1, 1], &[1, 1, 0]),
        (10, &[5, 5, 5], &[4, 3, 3]),
        (10000, &[10000, 20000, 30000], &[1667, 3333, 5000]),
        (5, &[0, 5, 0], &[0, 5, 0]),
        (3, &[2, 0, 1], &[2, 0, 1]),
        (7, &[100, 1], &[7, 0]),
        (0, &[], &[]),
        (0, &[0, 0], &[0, 0]),
    ];
    for &(total, weights, want) in table {
        assert_eq!(
            spread_largest_remainder(total, weights).unwrap(),
            want,
            "{total} over {weights:?}"
        );
    }
    assert!(spread_largest_remainder(1, &[]).is_err());
    assert!(spread_largest_remainder(-1, &[1]).is_err());
    assert!(spread_largest_remainder(1, &[-1, 2]).is_err());
}

// ---------------------------------------------------------------------------------------------------------------
// The integer reference: written independently of the engine (rounding as floor((2|n| + d) / 2d)).

fn ref_round(n: i128, d: i128) -> i128 {
    assert!(d > 0);
    let q = (2 * n.abs() + d) / (2 * d);
    if n < 0 { -q } else { q }
}

/// (amount, net, tax, gross) of a line: quantity in thousandths, price in minor units, discount and tax in
/// ten-thousandths of a percent, discount amount and quote share in minor units.
fn ref_line(
    qty_milli: i128,
    price: i128,
    disc: i128,
    off: i128,
    rate: i128,
    inclusive: bool,
    share: i128,
) -> (i128, i128, i128, i128) {
    let amount = (ref_round(qty_milli * price * (1_000_000 - disc), 1_000_000_000) - off).max(0);
    let shown = amount - share;
    if inclusive {
        let net = ref_round(shown * 1_000_000, 1_000_000 + rate);
        (amount, net, shown - net, shown)
    } else {
        let tax = ref_round(shown * rate, 1_000_000);
        (amount, shown, tax, shown + tax)
    }
}

/// (currency, qty, price, discount %, discount amount, tax %, inclusive, net, tax, gross)
type Boundary = (
    Currency,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const BOUNDARY: &[Boundary] = &[
    // x.xx5 rounds up, for every exponent
    (Currency::CNY, "1", "0.05", "10", "0", "0", false, "0.05", "0.00", "0.05"),
    (Currency::CNY, "0.5", "0.01", "0", "0", "0", false, "0.01", "0.00", "0.01"),
    (Currency::CNY, "0.001", "5", "0", "0", "10", false, "0.01", "0.00", "0.01"),
    (Currency::CNY, "1", "0.5", "0", "0", "1", false, "0.50", "0.01", "0.51"),
    (Currency::CNY, "1", "0.49", "0", "0", "1", false, "0.49", "0.00", "0.49"),
    (Currency::JPY, "0.5", "1", "0", "0", "0", false, "1", "0", "1"),
    (Currency::JPY, "1", "15", "10", "0", "10", false, "14", "1", "15"),
    (Currency::JPY, "1", "5", "0", "0", "10", false, "5", "1", "6"),
    (Currency::KWD, "0.5", "0.001", "0", "0", "0", false, "0.001", "0.000", "0.001"),
    (Currency::BHD, "1", "0.005", "10", "0", "10", false, "0.005", "0.001", "0.006"),
    (Currency::KRW, "2.5", "1", "0", "0", "0", false, "3", "0", "3"),
    // tax-inclusive: 0.04 / 1.6 = 0.025 → 0.03; 4 JPY / 1.6 = 2.5 → 3
    (Currency::CNY, "1", "0.04", "0", "0", "60", true, "0.03", "0.01", "0.04"),
    (Currency::JPY, "1", "4", "0", "0", "60", true, "3", "1", "4"),
    (Currency::KWD, "1", "0.004", "0", "0", "60", true, "0.003", "0.001", "0.004"),
    (Currency::CNY, "1", "1.13", "0", "0", "13", true, "1.00", "0.13", "1.13"),
    // the discount amount after the rounded percentage
    (Currency::CNY, "1", "0.05", "10", "0.01", "0", false, "0.04", "0.00", "0.04"),
    (Currency::CNY, "1", "0.05", "10", "0.06", "13", false, "0.00", "0.00", "0.00"),
];

#[test]
fn boundary_cases_match_the_reference() {
    for &(c, qty, p, d, off, rate, inclusive, net, tax, gross) in BOUNDARY {
        let line = PricingLine {
            tax_inclusive: inclusive,
            discount_percent: pct(d),
            discount_amount: Some(m(off, c)),
            ..PricingLine::new(q(qty), m(p, c), pct(rate))
        };
        let got = price(&PricingInput {
            currency: c,
            lines: vec![line],
            quote_discount: QuoteDiscount::None,
        })
        .unwrap();
        let l = got.lines[0];
        let case = format!("{c} {qty} × {p} −{d}% −{off} @{rate}% incl={inclusive}");
        assert_eq!(
            [l.net, l.tax, l.gross].map(Money::amount_string),
            [net, tax, gross].map(String::from),
            "{case}"
        );
        let r = ref_line(
            q(qty).thousandths(),
            i128::from(m(p, c).minor()),
            pct(d).millionths(),
            i128::from(m(off, c).minor()),
            pct(rate).millionths(),
            inclusive,
            0,
        );
        assert_eq!(
            (r.1, r.2, r.3),
            (
                i128::from(l.net.minor()),
                i128::from(l.tax.minor()),
                i128::from(l.gross.minor())
            ),
            "{case}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Random quotes.

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::ALL.to_vec())
}

/// A random line: (kind 0 item / 1 sum bundle / 2 fixed bundle / 3 component of the last bundle, optional,
/// selected, qty in thousandths, price in minor units, discount in hundredths of a percent, discount amount,
/// tax rate, inclusive).
type RawLine = (u8, bool, bool, i64, i64, i64, i64, u8, bool);

fn raw_line() -> impl Strategy<Value = RawLine> {
    (
        0_u8..4,
        prop::bool::weighted(0.2),
        any::<bool>(),
        prop_oneof![
            1_i64..10_000,
            1_i64..10_000_000,
            Just(500),
            Just(1_500),
            Just(5)
        ],
        prop_oneof![0_i64..1_000, 0_i64..100_000_000, Just(1), Just(5)],
        prop_oneof![Just(0_i64), 0_i64..=10_000, Just(5_000), Just(10_000)],
        prop_oneof![Just(0_i64), 0_i64..1_000, 0_i64..1_000_000],
        0_u8..6,
        any::<bool>(),
    )
}

const RATES: [&str; 6] = ["0", "6", "9", "13", "3", "12.5"];

fn build(c: Currency, raw: &[RawLine]) -> Vec<PricingLine> {
    let mut lines: Vec<PricingLine> = Vec::new();
    let mut last_bundle: Option<usize> = None;
    for &(kind, optional, selected, qty, p, d, off, rate, inclusive) in raw {
        let mut line = PricingLine {
            inclusion: if optional {
                LineInclusion::Optional { selected }
            } else {
                LineInclusion::Always
            },
            tax_inclusive: inclusive,
            discount_percent: Percent::parse("d", &Decimal::new(d, 2).to_string()).unwrap(),
            discount_amount: (off > 0).then(|| Money::from_minor(off, c)),
            ..PricingLine::new(
                Quantity::parse("q", &Decimal::new(qty, 3).to_string()).unwrap(),
                Money::from_minor(p, c),
                pct(RATES[rate as usize]),
            )
        };
        match (kind, last_bundle) {
            (1, _) => {
                line.kind = LineKind::Bundle(BundlePricing::SumOfComponents);
                line.discount_percent = Percent::ZERO;
                line.discount_amount = None;
                last_bundle = Some(lines.len());
            }
            (2, _) => {
                line.kind = LineKind::Bundle(BundlePricing::Fixed);
                last_bundle = Some(lines.len());
            }
            (3, Some(parent)) => {
                line.kind = LineKind::Component { parent };
                line.tax_inclusive = lines[parent].tax_inclusive;
            }
            _ => last_bundle = None,
        }
        lines.push(line);
    }
    lines
}

fn discount_strategy() -> impl Strategy<Value = (u8, i64)> {
    (
        0_u8..3,
        prop_oneof![0_i64..=1_000_000, Just(1_000_000), Just(500_000)],
    )
}

/// Price `lines` with a quote discount: none, a percentage (in ten-thousandths), or an amount that is
/// `frac` millionths of the lines' total.
fn priced(
    c: Currency,
    lines: Vec<PricingLine>,
    (kind, frac): (u8, i64),
) -> (PricingInput, PricedQuote) {
    let mut input = PricingInput {
        currency: c,
        lines,
        quote_discount: QuoteDiscount::None,
    };
    let undiscounted = price(&input).unwrap();
    input.quote_discount = match kind {
        0 => QuoteDiscount::None,
        1 => {
            QuoteDiscount::Percent(Percent::parse("p", &Decimal::new(frac, 4).to_string()).unwrap())
        }
        _ => {
            let total = i128::from(undiscounted.totals.lines_total.minor());
            let amount = i64::try_from(total * i128::from(frac) / 1_000_000).unwrap();
            QuoteDiscount::Amount(Money::from_minor(amount, c))
        }
    };
    let p = price(&input).unwrap();
    (input, p)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Totals are the sums of the counted lines, per rate too; nothing is negative.
    #[test]
    fn totals_equal_the_sum_of_the_lines(
        c in currency(),
        raw in prop::collection::vec(raw_line(), 0..25),
        disc in discount_strategy(),
    ) {
        let (_, p) = priced(c, build(c, &raw), disc);
        let t = &p.totals;
        let counted = || p.lines.iter().filter(|l| l.counts_in_totals);
        prop_assert_eq!(t.subtotal.minor(), counted().map(|l| l.net.minor()).sum::<i64>());
        prop_assert_eq!(t.tax.minor(), counted().map(|l| l.tax.minor()).sum::<i64>());
        prop_assert_eq!(t.total.minor(), counted().map(|l| l.gross.minor()).sum::<i64>());
        prop_assert_eq!(t.total.minor(), t.subtotal.minor() + t.tax.minor());
        prop_assert_eq!(t.tax_by_rate.iter().map(|b| b.net.minor()).sum::<i64>(), t.subtotal.minor());
        prop_assert_eq!(t.tax_by_rate.iter().map(|b| b.tax.minor()).sum::<i64>(), t.tax.minor());
        prop_assert!(t.tax_by_rate.windows(2).all(|w| w[0].rate < w[1].rate));
        for m in [t.lines_total, t.quote_discount, t.subtotal, t.tax, t.total] {
            prop_assert!(m.minor() >= 0);
            prop_assert_eq!(m.currency(), c);
        }
        for l in &p.lines {
            for m in [l.unit_price, l.list_amount, l.amount, l.quote_discount_share, l.net, l.tax, l.gross] {
                prop_assert!(m.minor() >= 0, "{:?}", l);
            }
            prop_assert_eq!(l.gross.minor(), l.net.minor() + l.tax.minor());
        }
    }

    /// The quote discount is spread to the minor unit: the shares add up to it, each is within its line's
    /// amount and within one unit of its exact proportion, and uncounted lines take none.
    #[test]
    fn the_quote_discount_is_spread_to_the_cent(
        c in currency(),
        raw in prop::collection::vec(raw_line(), 1..25),
        disc in discount_strategy(),
    ) {
        let (input, p) = priced(c, build(c, &raw), disc);
        let t = &p.totals;
        let d = i128::from(t.quote_discount.minor());
        let total = i128::from(t.lines_total.minor());
        prop_assert!(d <= total);
        if let QuoteDiscount::Percent(pc) = input.quote_discount {
            prop_assert_eq!(d, ref_round(total * pc.millionths(), 1_000_000));
        }
        let mut shares = 0_i128;
        let mut shown = 0_i128;
        for (l, line) in p.lines.iter().zip(&input.lines) {
            let share = i128::from(l.quote_discount_share.minor());
            let amount = i128::from(l.amount.minor());
            if line.kind == LineKind::Bundle(BundlePricing::SumOfComponents) {
                continue; // shows its components' sums
            }
            prop_assert!(share <= amount);
            if l.counts_in_totals {
                shares += share;
                shown += amount - share;
                prop_assert!((share * total - d * amount).abs() < total.max(1), "share {} of {} for {}/{}", share, d, amount, total);
            } else {
                prop_assert_eq!(share, 0);
            }
            // The line's price after the quote discount is its net (exclusive) or gross (inclusive).
            let after = if line.tax_inclusive { l.gross } else { l.net };
            prop_assert_eq!(i128::from(after.minor()), amount - share);
        }
        prop_assert_eq!(shares, d);
        prop_assert_eq!(shown, total - d);
    }

    /// On a tax-inclusive quote the client pays exactly the sum of the gross prices shown (less the quote
    /// discount), whatever the rounding of nets.
    #[test]
    fn tax_inclusive_gross_total_is_the_sum_of_the_prices_shown(
        c in currency(),
        raw in prop::collection::vec(raw_line(), 1..25),
        disc in discount_strategy(),
    ) {
        let raw: Vec<RawLine> = raw.into_iter().map(|mut r| { r.8 = true; r }).collect();
        let (_, p) = priced(c, build(c, &raw), disc);
        let t = &p.totals;
        let shown: i64 = p.lines.iter().filter(|l| l.counts_in_totals).map(|l| l.amount.minor()).sum();
        prop_assert_eq!(t.lines_total.minor(), shown);
        prop_assert_eq!(t.total.minor(), shown - t.quote_discount.minor());
    }

    /// Midpoints exactly: a quantity of n + ½ (or ½ of a thousandth) times a price of one minor unit.
    #[test]
    fn midpoints_round_away_from_zero(c in currency(), n in 0_i64..1_000_000, inclusive in any::<bool>()) {
        let qty = Quantity::parse("q", &Decimal::new(10 * n + 5, 1).to_string()).unwrap();
        let line = PricingLine { tax_inclusive: inclusive, ..PricingLine::new(qty, Money::from_minor(1, c), Percent::ZERO) };
        let p = price(&PricingInput { currency: c, lines: vec![line], quote_discount: QuoteDiscount::None }).unwrap();
        prop_assert_eq!(p.lines[0].amount.minor(), n + 1);
    }

    /// A converted price is round(price × rate) in the quote currency, exactly.
    #[test]
    fn conversion_matches_the_reference(
        from in currency(),
        to in currency(),
        price_minor in 0_i64..1_000_000_000_000,
        mantissa in 1_i64..10_000_000_000,
        scale in 0_u32..=10,
    ) {
        prop_assume!(from != to);
        let rate = Decimal::new(mantissa, scale);
        prop_assume!(rate < Decimal::from(ExchangeRate::MAX));
        let er = ExchangeRate::new("r", from, to, rate).unwrap();
        let num = i128::from(price_minor) * i128::from(mantissa) * 10_i128.pow(to.exponent());
        let den = 10_i128.pow(scale + from.exponent());
        let want = ref_round(num, den);
        let got = match er.convert(Money::from_minor(price_minor, from)) {
            Err(DomainError::Overflow) => {
                prop_assert!(i64::try_from(want).is_err());
                return Ok(());
            }
            other => other.unwrap(),
        };
        prop_assert_eq!(i128::from(got.minor()), want);
        // And the Decimal rounding rule agrees.
        let dec = crate::money::round(Money::from_minor(price_minor, from).to_decimal() * rate, to);
        prop_assert_eq!(got.to_decimal(), dec);
    }

    /// Any negative discount amount, on a line or on the quote, is refused.
    #[test]
    fn negative_discount_amounts_are_rejected(
        c in currency(),
        off in i64::MIN..0,
        on_quote in any::<bool>(),
    ) {
        let mut line = PricingLine::new(q("1"), Money::from_minor(100, c), Percent::ZERO);
        let mut qd = QuoteDiscount::None;
        if on_quote {
            qd = QuoteDiscount::Amount(Money::from_minor(off, c));
        } else {
            line.discount_amount = Some(Money::from_minor(off, c));
        }
        let err = price(&PricingInput { currency: c, lines: vec![line], quote_discount: qd }).unwrap_err();
        prop_assert!(matches!(err, DomainError::Invalid(ref e) if e[0].kind == FieldErrorKind::Negative));
    }

    /// Largest remainder on its own: exact sum, bounds, and no line that got the extra unit has a smaller
    /// remainder than one that did not.
    #[test]
    fn largest_remainder_properties(
        weights in prop::collection::vec(prop_oneof![Just(0_i64), 0_i64..1_000, 0_i64..1_000_000_000], 0..30),
        frac in 0_i64..=1_000_000,
    ) {
        let sum: i64 = weights.iter().sum();
        let total = i64::try_from(i128::from(sum) * i128::from(frac) / 1_000_000).unwrap();
        let shares = spread_largest_remainder(total, &weights).unwrap();
        prop_assert_eq!(shares.iter().sum::<i64>(), total);
        let rem = |i: usize| (i128::from(total) * i128::from(weights[i])) % i128::from(sum.max(1));
        for (i, (&s, &w)) in shares.iter().zip(&weights).enumerate() {
            prop_assert!(0 <= s && s <= w);
            let floor = i128::from(total) * i128::from(w) / i128::from(sum.max(1));
            prop_assert!(i128::from(s) == floor || i128::from(s) == floor + 1);
            if i128::from(s) == floor + 1 {
                for j in 0..weights.len() {
                    let fj = i128::from(total) * i128::from(weights[j]) / i128::from(sum.max(1));
                    if i128::from(shares[j]) == fj {
                        prop_assert!(rem(i) > rem(j) || (rem(i) == rem(j) && i < j));
                    }
                }
            }
        }
    }
}
