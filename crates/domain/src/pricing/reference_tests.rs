//! An independent reference for [`super::price`], and property tests comparing the engine against it on random
//! quotes with every feature at once: prices in other currencies, tax-exclusive and tax-inclusive lines at
//! several rates, line discounts (percentage then amount), optional lines, bundles priced as the sum of their
//! components or at a fixed price, and a quote discount (percentage or amount).
//!
//! The reference is written from the rules in the [module docs](super), not from the engine: every quantity
//! is read from the input's decimals as an exact fraction (numerator, denominator) and each rounded value is
//! one fraction rounded half away from zero by its own helper. It works line by line in the order a
//! person would on paper: which lines count, their prices, the lines' total, the quote discount, its shares
//! (its own largest-remainder loop over the counted lines only), then tax per line, then the bundle headers
//! and the totals. None of the engine's helpers (`discounted`, `tax_on_net`, `net_of_gross`,
//! `spread_largest_remainder`, `round_div`, `Percent::millionths`, `ExchangeRate::convert`) is used.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::DomainError;
use crate::FieldErrorKind;
use crate::money::{Currency, ExchangeRate, Money};
use crate::validation::{Percent, Quantity};

// ---------------------------------------------------------------------------------------------------------------
// Exact fractions.

/// `n / d` rounded half away from zero (`d > 0`).
fn round_half_away(n: i128, d: i128) -> i128 {
    assert!(d > 0, "denominator {d}");
    let whole = n / d; // towards zero
    let rest = n % d; // the sign of n
    if 2 * rest.abs() >= d {
        whole + n.signum()
    } else {
        whole
    }
}

/// A decimal as an exact fraction `(numerator, 10^scale)`.
fn fraction(d: Decimal) -> (i128, i128) {
    (d.mantissa(), 10_i128.pow(d.scale()))
}

/// A percentage as the fraction of the whole it stands for: 12.5 % → (125, 1000).
fn part_of_whole(p: Percent) -> (i128, i128) {
    let (n, d) = fraction(p.value());
    (n, 100 * d)
}

// ---------------------------------------------------------------------------------------------------------------
// The reference.

/// One line as the reference prices it, in minor units of the quote's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RefLine {
    unit: i128,
    list: i128,
    amount: i128,
    share: i128,
    net: i128,
    tax: i128,
    gross: i128,
    counts: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RefQuote {
    lines: Vec<RefLine>,
    lines_total: i128,
    discount: i128,
    subtotal: i128,
    tax: i128,
    total: i128,
    /// (rate, Σ net, Σ tax) of the counted lines, by rate ascending.
    by_rate: Vec<(Decimal, i128, i128)>,
}

/// Why the reference refuses a quote (the only refusal the random quotes can meet).
#[derive(Debug, PartialEq, Eq)]
struct DiscountAboveLines {
    lines_total: i128,
}

fn is_sum_bundle(l: &PricingLine) -> bool {
    l.kind == LineKind::Bundle(BundlePricing::SumOfComponents)
}

fn selected(l: &PricingLine) -> bool {
    match l.inclusion {
        LineInclusion::Always | LineInclusion::Optional { selected: true } => true,
        LineInclusion::Optional { selected: false } => false,
    }
}

/// The unit price in minor units of `to`: `round(price × rate)` for a converted price.
fn unit_in_quote_currency(l: &PricingLine, to: Currency) -> i128 {
    let price = i128::from(l.unit_price.minor());
    match l.exchange_rate {
        None => price,
        Some(rate) => {
            // price / 10^e_from × rn / rd, in minor units of `to`: × 10^e_to.
            let (rn, rd) = fraction(rate.rate());
            let from = l.unit_price.currency();
            round_half_away(
                price * rn * 10_i128.pow(to.exponent()),
                rd * 10_i128.pow(from.exponent()),
            )
        }
    }
}

/// Price `input` by the documented rules, independently of the engine.
fn reference(input: &PricingInput) -> Result<RefQuote, DiscountAboveLines> {
    let lines = &input.lines;
    let n = lines.len();
    let mut out = vec![RefLine::default(); n];

    // 1. Which lines count in the totals: a selected item or fixed bundle; a selected component of a selected
    //    sum bundle. Sum-bundle headers and fixed bundles' components never do.
    for (i, l) in lines.iter().enumerate() {
        out[i].counts = selected(l)
            && match l.kind {
                LineKind::Item | LineKind::Bundle(BundlePricing::Fixed) => true,
                LineKind::Bundle(BundlePricing::SumOfComponents) => false,
                LineKind::Component { parent } => {
                    is_sum_bundle(&lines[parent]) && selected(&lines[parent])
                }
            };
    }

    // 2. Each line's price on its own (a sum bundle's header comes from its components, below).
    for (i, l) in lines.iter().enumerate() {
        if is_sum_bundle(l) {
            continue;
        }
        let unit = unit_in_quote_currency(l, input.currency);
        let (qn, qd) = fraction(l.quantity.value());
        let (dn, dd) = part_of_whole(l.discount_percent);
        let list = round_half_away(qn * unit, qd);
        // quantity × unit × (1 − d) = qn × unit × (dd − dn) / (qd × dd)
        let after_percent = round_half_away(qn * unit * (dd - dn), qd * dd);
        let off = l.discount_amount.map_or(0, |a| i128::from(a.minor()));
        out[i].unit = unit;
        out[i].list = list;
        out[i].amount = (after_percent - off).max(0);
    }

    // 3. The lines' total and the quote discount.
    let counted: Vec<usize> = (0..n).filter(|&i| out[i].counts).collect();
    let lines_total: i128 = counted.iter().map(|&i| out[i].amount).sum();
    let discount = match input.quote_discount {
        QuoteDiscount::None => 0,
        QuoteDiscount::Percent(p) => {
            let (pn, pd) = part_of_whole(p);
            round_half_away(lines_total * pn, pd)
        }
        QuoteDiscount::Amount(a) => i128::from(a.minor()),
    };
    if discount > lines_total {
        return Err(DiscountAboveLines { lines_total });
    }

    // 4. Its shares over the counted lines, by the largest remainder: everyone gets the whole part of their
    //    exact share; the units left over go one at a time to the line with the largest fractional part not
    //    served yet (the earliest of equals).
    if lines_total > 0 {
        let exact: Vec<(i128, i128)> = counted
            .iter()
            .map(|&i| {
                let e = discount * out[i].amount;
                (e / lines_total, e % lines_total)
            })
            .collect();
        let mut given: i128 = exact.iter().map(|e| e.0).sum();
        let mut served = vec![false; counted.len()];
        for (k, &i) in counted.iter().enumerate() {
            out[i].share = exact[k].0;
        }
        while given < discount {
            let mut best: Option<usize> = None;
            for k in 0..counted.len() {
                if served[k] {
                    continue;
                }
                if best.is_none_or(|b| exact[k].1 > exact[b].1) {
                    best = Some(k);
                }
            }
            let k = best.expect("a line left to serve");
            served[k] = true;
            out[counted[k]].share += 1;
            given += 1;
        }
    }

    // 5. Tax, per line, on what is left of its price after its share.
    for (i, l) in lines.iter().enumerate() {
        if is_sum_bundle(l) {
            continue;
        }
        let r = &mut out[i];
        let shown = r.amount - r.share;
        let (tn, td) = part_of_whole(l.tax_rate);
        if l.tax_inclusive {
            // net = shown / (1 + t) = shown × td / (td + tn)
            r.gross = shown;
            r.net = round_half_away(shown * td, td + tn);
            r.tax = r.gross - r.net;
        } else {
            r.net = shown;
            r.tax = round_half_away(shown * tn, td);
            r.gross = r.net + r.tax;
        }
    }

    // 6. A sum bundle's header shows the sums of its selected components.
    for (b, header) in lines.iter().enumerate() {
        if !is_sum_bundle(header) {
            continue;
        }
        let mut sum = RefLine::default();
        for (i, l) in lines.iter().enumerate() {
            if l.kind == (LineKind::Component { parent: b }) && selected(l) {
                let c = out[i];
                sum.unit += c.list;
                sum.list += c.list;
                sum.amount += c.amount;
                sum.share += c.share;
                sum.net += c.net;
                sum.tax += c.tax;
                sum.gross += c.gross;
            }
        }
        sum.counts = false;
        out[b] = sum;
    }

    // 7. Totals and tax by rate, over the counted lines.
    let mut by_rate: BTreeMap<Decimal, (i128, i128)> = BTreeMap::new();
    let (mut subtotal, mut tax, mut total) = (0, 0, 0);
    for &i in &counted {
        let r = out[i];
        subtotal += r.net;
        tax += r.tax;
        total += r.gross;
        let bucket = by_rate
            .entry(lines[i].tax_rate.value().normalize())
            .or_default();
        bucket.0 += r.net;
        bucket.1 += r.tax;
    }
    Ok(RefQuote {
        lines: out,
        lines_total,
        discount,
        subtotal,
        tax,
        total,
        by_rate: by_rate
            .into_iter()
            .map(|(rate, (net, tax))| (rate, net, tax))
            .collect(),
    })
}

/// The engine's answer in the reference's terms.
fn as_ref(p: &PricedQuote) -> RefQuote {
    let m = |x: Money| i128::from(x.minor());
    RefQuote {
        lines: p
            .lines
            .iter()
            .map(|l| RefLine {
                unit: m(l.unit_price),
                list: m(l.list_amount),
                amount: m(l.amount),
                share: m(l.quote_discount_share),
                net: m(l.net),
                tax: m(l.tax),
                gross: m(l.gross),
                counts: l.counts_in_totals,
            })
            .collect(),
        lines_total: m(p.totals.lines_total),
        discount: m(p.totals.quote_discount),
        subtotal: m(p.totals.subtotal),
        tax: m(p.totals.tax),
        total: m(p.totals.total),
        by_rate: p
            .totals
            .tax_by_rate
            .iter()
            .map(|b| (b.rate.value().normalize(), m(b.net), m(b.tax)))
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The reference on its own, against amounts worked out by hand.

fn pct(s: &str) -> Percent {
    Percent::parse("p", s).unwrap()
}
fn qty(s: &str) -> Quantity {
    Quantity::parse("q", s).unwrap()
}
fn cny(minor: i64) -> Money {
    Money::from_minor(minor, Currency::CNY)
}

#[test]
fn the_reference_rounds_half_away_from_zero() {
    assert_eq!(round_half_away(5, 10), 1);
    assert_eq!(round_half_away(4, 10), 0);
    assert_eq!(round_half_away(-5, 10), -1);
    assert_eq!(round_half_away(-4, 10), 0);
    assert_eq!(round_half_away(15, 10), 2);
    assert_eq!(round_half_away(25, 10), 3);
    assert_eq!(round_half_away(7, 1), 7);
    assert_eq!(part_of_whole(pct("12.5")), (125, 1000));
}

#[test]
fn the_reference_on_a_quote_worked_by_hand() {
    // A tax-exclusive item 3 × 19.99 at 10 % off and 1.00 off, 13 % tax; a tax-inclusive item 2 × 56.50 at
    // 6 %; a sum bundle of 2 × 100.00 and 1 × 50.00 (9 %), and an unselected optional item 1 × 40.00.
    // 5 % off the quote.
    let item = |q: &str, p: i64, rate: &str| PricingLine::new(qty(q), cny(p), pct(rate));
    let lines = vec![
        PricingLine {
            discount_percent: pct("10"),
            discount_amount: Some(cny(100)),
            ..item("3", 1999, "13")
        },
        PricingLine {
            tax_inclusive: true,
            ..item("2", 5650, "6")
        },
        PricingLine {
            kind: LineKind::Bundle(BundlePricing::SumOfComponents),
            ..item("1", 0, "9")
        },
        PricingLine {
            kind: LineKind::Component { parent: 2 },
            ..item("2", 10_000, "9")
        },
        PricingLine {
            kind: LineKind::Component { parent: 2 },
            ..item("1", 5000, "9")
        },
        PricingLine {
            inclusion: LineInclusion::Optional { selected: false },
            ..item("1", 4000, "13")
        },
    ];
    let r = reference(&PricingInput {
        currency: Currency::CNY,
        lines,
        quote_discount: QuoteDiscount::Percent(pct("5")),
    })
    .unwrap();
    // Amounts: 3 × 19.99 × 0.9 = 53.973 → 53.97, − 1.00 = 52.97; 113.00; 200.00; 50.00. Lines total 415.97.
    // 5 % = 20.7985 → 20.80. Exact shares 2.6487…, 5.6504…, 10.0007…, 2.5001…: whole cents 2.64 + 5.65 + 10.00
    // + 2.50 = 20.79; the cent left goes to the largest fraction of a cent (0.87, the first line).
    let amounts: Vec<i128> = r.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [5297, 11_300, 25_000, 20_000, 5000, 4000]);
    assert_eq!((r.lines_total, r.discount), (41_597, 2080));
    let shares: Vec<i128> = r.lines.iter().map(|l| l.share).collect();
    assert_eq!(shares, [265, 565, 1250, 1000, 250, 0]);
    // Tax: 50.32 × 13 % = 6.5416 → 6.54; 107.35 / 1.06 = 101.273… → 101.27 net, 6.08 tax; 190.00 × 9 % = 17.10;
    // 47.50 × 9 % = 4.275 → 4.28.
    let taxes: Vec<i128> = r.lines.iter().map(|l| l.tax).collect();
    assert_eq!(taxes, [654, 608, 2138, 1710, 428, 520]);
    assert_eq!(r.lines[2].unit, 25_000);
    assert_eq!(
        r.by_rate,
        [
            (Decimal::from(6), 10_127, 608),
            (Decimal::from(9), 23_750, 2138),
            (Decimal::from(13), 5032, 654),
        ]
    );
    assert_eq!(
        (r.subtotal, r.tax, r.total),
        (38_909, 3400, 42_309),
        "subtotal 50.32 + 101.27 + 190.00 + 47.50"
    );
}

#[test]
fn the_reference_converts_at_the_recorded_rate() {
    let rate = ExchangeRate::parse("rate", Currency::USD, Currency::JPY, "151.2345").unwrap();
    let line = PricingLine {
        exchange_rate: Some(rate),
        ..PricingLine::new(qty("1"), Money::from_minor(1999, Currency::USD), pct("10"))
    };
    // 19.99 × 151.2345 = 3023.177… → 3023 yen; tax 302.3 → 302.
    let r = reference(&PricingInput {
        currency: Currency::JPY,
        lines: vec![line],
        quote_discount: QuoteDiscount::None,
    })
    .unwrap();
    assert_eq!(
        (r.lines[0].unit, r.lines[0].net, r.lines[0].tax),
        (3023, 3023, 302)
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Random quotes.

/// A line as generated: price in minor units of its own currency (`None`: the quote's), quantity in
/// thousandths, discount in ten-thousandths of a percent, discount amount in minor units, tax rate index,
/// optional / selected.
#[derive(Debug, Clone)]
struct Spec {
    qty: i64,
    price: i64,
    foreign: Option<(Currency, Decimal)>,
    discount: i64,
    off: i64,
    rate: usize,
    optional: bool,
    selected: bool,
}

/// A group of lines: an item, or a bundle (sum or fixed) with its components, all tax-inclusive or not.
#[derive(Debug, Clone)]
enum Group {
    Item(Spec, bool),
    Bundle {
        fixed: bool,
        inclusive: bool,
        header: Spec,
        components: Vec<Spec>,
    },
}

const RATES: [&str; 7] = ["0", "3", "6", "9", "13", "12.5", "17.25"];

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![
            1_i64..5_000,
            1_i64..1_000_000,
            Just(500),
            Just(1_500),
            Just(1),
            Just(5)
        ],
        prop_oneof![0_i64..1_000, 0_i64..100_000_000, Just(1), Just(5)],
        prop_oneof![
            3 => Just(None),
            1 => (
                prop::sample::select(Currency::ALL.to_vec()),
                (1_i64..10_000_000_000, 0_u32..=10),
            )
                .prop_map(|(c, (m, s))| Some((c, Decimal::new(m, s)))),
        ],
        prop_oneof![
            Just(0_i64),
            0_i64..=1_000_000,
            Just(50_000),
            Just(1_000_000),
            Just(125_000)
        ],
        prop_oneof![2 => Just(0_i64), 1 => 0_i64..1_000, 1 => 0_i64..1_000_000],
        0_usize..RATES.len(),
        prop::bool::weighted(0.2),
        any::<bool>(),
    )
        .prop_map(
            |(qty, price, foreign, discount, off, rate, optional, selected)| Spec {
                qty,
                price,
                foreign,
                discount,
                off,
                rate,
                optional,
                selected,
            },
        )
}

fn group() -> impl Strategy<Value = Group> {
    prop_oneof![
        3 => (spec(), any::<bool>()).prop_map(|(s, inclusive)| Group::Item(s, inclusive)),
        2 => (
            any::<bool>(),
            any::<bool>(),
            spec(),
            prop::collection::vec(spec(), 0..4)
        )
            .prop_map(|(fixed, inclusive, header, components)| Group::Bundle {
                fixed,
                inclusive,
                header,
                components,
            }),
    ]
}

fn line_of(s: &Spec, c: Currency, kind: LineKind, inclusive: bool) -> PricingLine {
    let (unit_price, exchange_rate) = match s.foreign {
        Some((from, rate)) if from != c && rate < Decimal::from(20) => (
            Money::from_minor(s.price, from),
            Some(ExchangeRate::new("r", from, c, rate).unwrap()),
        ),
        _ => (Money::from_minor(s.price, c), None),
    };
    let sum = kind == LineKind::Bundle(BundlePricing::SumOfComponents);
    PricingLine {
        kind,
        inclusion: if s.optional {
            LineInclusion::Optional {
                selected: s.selected,
            }
        } else {
            LineInclusion::Always
        },
        quantity: qty(&Decimal::new(s.qty, 3).to_string()),
        unit_price,
        exchange_rate,
        tax_inclusive: inclusive,
        tax_rate: pct(RATES[s.rate]),
        discount_percent: if sum {
            Percent::ZERO
        } else {
            pct(&Decimal::new(s.discount, 4).to_string())
        },
        discount_amount: (!sum && s.off > 0).then(|| Money::from_minor(s.off, c)),
    }
}

fn lines_of(c: Currency, groups: &[Group]) -> Vec<PricingLine> {
    let mut lines = Vec::new();
    for g in groups {
        match g {
            Group::Item(s, inclusive) => lines.push(line_of(s, c, LineKind::Item, *inclusive)),
            Group::Bundle {
                fixed,
                inclusive,
                header,
                components,
            } => {
                let parent = lines.len();
                let pricing = if *fixed {
                    BundlePricing::Fixed
                } else {
                    BundlePricing::SumOfComponents
                };
                lines.push(line_of(header, c, LineKind::Bundle(pricing), *inclusive));
                for s in components {
                    lines.push(line_of(s, c, LineKind::Component { parent }, *inclusive));
                }
            }
        }
    }
    lines
}

/// The quote discount: none, a percentage with up to four decimals, an amount that is a fraction (in
/// millionths) of the lines' total as the reference computes it, or one minor unit more than that total.
#[derive(Debug, Clone, Copy)]
enum Disc {
    None,
    Percent(i64),
    Fraction(i64),
    AboveTotal,
}

fn disc() -> impl Strategy<Value = Disc> {
    prop_oneof![
        1 => Just(Disc::None),
        2 => prop_oneof![0_i64..=1_000_000, Just(50_000), Just(1_000_000)].prop_map(Disc::Percent),
        2 => prop_oneof![0_i64..=1_000_000, Just(1_000_000), Just(333_333)].prop_map(Disc::Fraction),
        1 => Just(Disc::AboveTotal),
    ]
}

fn input_of(c: Currency, groups: &[Group], d: Disc) -> PricingInput {
    let mut input = PricingInput {
        currency: c,
        lines: lines_of(c, groups),
        quote_discount: QuoteDiscount::None,
    };
    let total = reference(&input).unwrap().lines_total;
    let amount = |minor: i128| QuoteDiscount::Amount(Money::try_from_minor(minor, c).unwrap());
    input.quote_discount = match d {
        Disc::None => QuoteDiscount::None,
        Disc::Percent(p) => QuoteDiscount::Percent(pct(&Decimal::new(p, 4).to_string())),
        Disc::Fraction(f) => amount(total * i128::from(f) / 1_000_000),
        Disc::AboveTotal => amount(total + 1),
    };
    input
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Every amount of every line, the totals and the tax by rate are the reference's, exactly; a quote
    /// discount above the lines' total is refused.
    #[test]
    fn the_engine_prices_every_quote_as_the_reference_does(
        c in prop::sample::select(Currency::ALL.to_vec()),
        groups in prop::collection::vec(group(), 0..10),
        d in disc(),
    ) {
        let input = input_of(c, &groups, d);
        let got = price(&input);
        match reference(&input) {
            Ok(want) => {
                let got = as_ref(&got.unwrap());
                for (i, (g, w)) in got.lines.iter().zip(&want.lines).enumerate() {
                    prop_assert_eq!(g, w, "line {} of {:#?}", i, input);
                }
                prop_assert_eq!(got, want, "{:#?}", input);
            }
            Err(DiscountAboveLines { lines_total }) => {
                let err = got.unwrap_err();
                prop_assert!(
                    matches!(&err, DomainError::Invalid(e) if e.len() == 1
                        && e[0].field == "quote_discount"
                        && e[0].kind == FieldErrorKind::AboveMax { max: lines_total.to_string() }),
                    "{:?}", err
                );
            }
        }
    }

    /// The older per-line API ([`super::price_quote`]) prices tax-exclusive lines with a percentage
    /// discount as the reference does, tax included.
    #[test]
    fn price_quote_agrees_with_the_reference(
        c in prop::sample::select(Currency::ALL.to_vec()),
        specs in prop::collection::vec(spec(), 0..20),
    ) {
        let lines: Vec<PricingLine> = specs
            .iter()
            .map(|s| {
                let s = Spec { foreign: None, off: 0, optional: false, ..s.clone() };
                line_of(&s, c, LineKind::Item, false)
            })
            .collect();
        let want = reference(&PricingInput { currency: c, lines: lines.clone(), quote_discount: QuoteDiscount::None })
            .unwrap();
        let inputs: Vec<super::LineInput> = lines
            .iter()
            .map(|l| super::LineInput {
                quantity: l.quantity,
                unit_price: l.unit_price,
                discount: l.discount_percent,
                tax_rate: l.tax_rate,
            })
            .collect();
        let (amounts, totals) = super::price_quote(c, &inputs).unwrap();
        let got: Vec<(i128, i128, i128)> = amounts
            .iter()
            .map(|a| (a.net.minor().into(), a.tax.minor().into(), a.gross.minor().into()))
            .collect();
        let expected: Vec<(i128, i128, i128)> = want.lines.iter().map(|l| (l.net, l.tax, l.gross)).collect();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(
            [totals.subtotal, totals.tax, totals.total].map(|m| i128::from(m.minor())),
            [want.subtotal, want.tax, want.total]
        );
    }
}

#[test]
fn the_engine_agrees_with_the_hand_worked_quote() {
    let item = |q: &str, p: i64, rate: &str| PricingLine::new(qty(q), cny(p), pct(rate));
    let input = PricingInput {
        currency: Currency::CNY,
        lines: vec![
            PricingLine {
                discount_percent: pct("10"),
                discount_amount: Some(cny(100)),
                ..item("3", 1999, "13")
            },
            PricingLine {
                tax_inclusive: true,
                ..item("2", 5650, "6")
            },
            PricingLine {
                kind: LineKind::Bundle(BundlePricing::SumOfComponents),
                ..item("1", 0, "9")
            },
            PricingLine {
                kind: LineKind::Component { parent: 2 },
                ..item("2", 10_000, "9")
            },
            PricingLine {
                kind: LineKind::Component { parent: 2 },
                ..item("1", 5000, "9")
            },
            PricingLine {
                inclusion: LineInclusion::Optional { selected: false },
                ..item("1", 4000, "13")
            },
        ],
        quote_discount: QuoteDiscount::Percent(pct("5")),
    };
    assert_eq!(as_ref(&price(&input).unwrap()), reference(&input).unwrap());
}
