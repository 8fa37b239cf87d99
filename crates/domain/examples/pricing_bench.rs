//! Times `pricing::price` on a 1 000-line quote.
//!
//! ```text
//! cargo run --release -p fieldquote-domain --example pricing_bench [LINES]
//! ```
//! The quote mixes what the pricing does: four VAT rates, tax-inclusive (含税) and tax-exclusive prices, a USD
//! price converted at a recorded rate, line discounts in percent and amount, optional lines (taken or not), sum
//! and fixed-price bundles with components, fractional quantities and a 3 % quote discount spread over the
//! lines. Prints min and median microseconds over many runs and the totals, so a run can be checked.

use std::time::Instant;

use fieldquote_domain::money::{Currency, ExchangeRate, Money};
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricingInput, PricingLine, QuoteDiscount, price,
};
use fieldquote_domain::validation::{Percent, Quantity};

const RUNS: usize = 2_000;

fn pct(s: &str) -> Percent {
    Percent::parse("p", s).expect("percent")
}

fn qty(s: &str) -> Quantity {
    Quantity::parse("q", s).expect("quantity")
}

fn input(lines: usize) -> PricingInput {
    let cny = Currency::CNY;
    let usd_rate = ExchangeRate::parse("rate", Currency::USD, cny, "7.1234").expect("rate");
    let mut out = Vec::with_capacity(lines);
    let mut bundle = None;
    for i in 0..lines {
        let rate = ["13", "9", "6", "0"][i % 4];
        let mut line = PricingLine::new(
            qty(["1", "2.5", "12", "0.125", "40"][i % 5]),
            Money::from_minor(1_000 + (i as i64 * 7_919) % 1_500_000, cny),
            pct(rate),
        );
        match i % 10 {
            0 => {
                line.kind = LineKind::Bundle(if i % 20 == 0 {
                    BundlePricing::SumOfComponents
                } else {
                    BundlePricing::Fixed
                });
                bundle = Some(out.len());
            }
            1..=3 => {
                if let Some(parent) = bundle {
                    line.kind = LineKind::Component { parent };
                }
            }
            4 => line.tax_inclusive = true,
            5 => {
                line.unit_price = Money::from_minor(1_999 + i as i64, Currency::USD);
                line.exchange_rate = Some(usd_rate);
            }
            6 => line.discount_percent = pct("7.5"),
            7 => line.discount_amount = Some(Money::from_minor(500, cny)),
            8 => {
                line.inclusion = LineInclusion::Optional {
                    selected: i % 20 == 8,
                }
            }
            _ => {}
        }
        out.push(line);
    }
    PricingInput {
        currency: cny,
        lines: out,
        quote_discount: QuoteDiscount::Percent(pct("3")),
    }
}

fn main() {
    let lines = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("LINES is a number"))
        .unwrap_or(1_000);
    let input = input(lines);
    let priced = price(&input).expect("the bench quote prices");
    let mut micros = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let p = price(std::hint::black_box(&input)).expect("prices");
        std::hint::black_box(&p);
        micros.push(start.elapsed().as_secs_f64() * 1e6);
    }
    micros.sort_by(f64::total_cmp);
    println!(
        "{lines} lines: median {:.0} µs, min {:.0} µs, max {:.0} µs over {RUNS} runs",
        micros[RUNS / 2],
        micros[0],
        micros[RUNS - 1]
    );
    println!(
        "totals: subtotal {} + tax {} = {}",
        priced.totals.subtotal, priced.totals.tax, priced.totals.total
    );
}
