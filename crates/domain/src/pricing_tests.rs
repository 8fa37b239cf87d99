use super::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn line(qty: &str, price: &str, disc: &str, rate: &str, c: Currency) -> LineInput {
    LineInput {
        quantity: Quantity::parse("q", qty).unwrap(),
        unit_price: crate::validation::price("p", price, c).unwrap(),
        discount: Percent::parse("d", disc).unwrap(),
        tax_rate: Percent::parse("t", rate).unwrap(),
    }
}

#[test]
fn a_simple_line() {
    let a = price_line(&line("3", "19.99", "10", "13", Currency::CNY)).unwrap();
    // 3 × 19.99 × 0.9 = 53.973 → 53.97; tax 53.97 × 0.13 = 7.0161 → 7.02
    assert_eq!(a.net.amount_string(), "53.97");
    assert_eq!(a.tax.amount_string(), "7.02");
    assert_eq!(a.gross.amount_string(), "60.99");
}

#[test]
fn midpoints_round_away_from_zero() {
    // 1 × 0.05 × 0.9 = 0.045 → 0.05
    let a = price_line(&line("1", "0.05", "10", "0", Currency::USD)).unwrap();
    assert_eq!(a.net.amount_string(), "0.05");
    // JPY: 1 × 15 × 0.9 = 13.5 → 14; tax 14 × 0.1 = 1.4 → 1
    let a = price_line(&line("1", "15", "10", "10", Currency::JPY)).unwrap();
    assert_eq!((a.net.minor(), a.tax.minor()), (14, 1));
    // KWD: 0.5 × 0.001 = 0.0005 → 0.001
    let a = price_line(&line("0.5", "0.001", "0", "0", Currency::KWD)).unwrap();
    assert_eq!(a.net.amount_string(), "0.001");
}

#[test]
fn fractional_quantities_and_full_discount() {
    let a = price_line(&line("1.5", "880", "0", "6", Currency::CNY)).unwrap();
    assert_eq!(a.net.amount_string(), "1320.00");
    assert_eq!(a.tax.amount_string(), "79.20");
    let free = price_line(&line("2", "880", "100", "13", Currency::CNY)).unwrap();
    assert_eq!(free.gross.minor(), 0);
}

#[test]
fn quote_totals_add_up_and_currency_must_match() {
    let lines = [
        line("2", "100", "0", "13", Currency::CNY),
        line("1", "0.99", "5", "6", Currency::CNY),
    ];
    let (amounts, t) = price_quote(Currency::CNY, &lines).unwrap();
    assert_eq!(amounts.len(), 2);
    assert_eq!(t.subtotal.amount_string(), "200.94");
    assert_eq!(t.tax.amount_string(), "26.06");
    assert_eq!(t.total.amount_string(), "227.00");
    let err = price_quote(Currency::USD, &lines).unwrap_err();
    assert!(matches!(err, DomainError::Invalid(ref e) if e.len() == 2));
    assert_eq!(
        price_quote(Currency::USD, &[]).unwrap().1,
        QuoteTotals::zero(Currency::USD)
    );
}

/// A slow, obviously right reference: integer arithmetic on scaled values.
fn reference_net(qty_milli: i128, price_minor: i128, disc_bp: i128) -> i128 {
    // qty × price × (10000 − disc_bp) / (1000 × 10000), rounded half away from zero.
    let num = qty_milli * price_minor * (10_000 - disc_bp);
    let den = 1000 * 10_000;
    let q = num / den;
    let r = num % den;
    if r * 2 >= den { q + 1 } else { q }
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::ALL.to_vec())
}

proptest! {
    #[test]
    fn net_matches_the_integer_reference(
        qty_milli in 1_i64..10_000_000,
        price_minor in 0_i64..100_000_000,
        disc_bp in 0_i64..=10_000,
        c in currency(),
    ) {
        let input = LineInput {
            quantity: Quantity::parse("q", &Decimal::new(qty_milli, 3).to_string()).unwrap(),
            unit_price: Money::from_minor(price_minor, c),
            discount: Percent::parse("d", &Decimal::new(disc_bp, 2).to_string()).unwrap(),
            tax_rate: Percent::ZERO,
        };
        let a = price_line(&input).unwrap();
        prop_assert_eq!(i128::from(a.net.minor()), reference_net(qty_milli.into(), price_minor.into(), disc_bp.into()));
    }

    #[test]
    fn totals_are_sums_of_lines_and_never_negative(
        raw in prop::collection::vec((1_i64..100_000, 0_i64..10_000_000, 0_i64..=10_000, 0_i64..=2_500), 0..60),
        c in currency(),
    ) {
        let lines: Vec<LineInput> = raw.iter().map(|&(q, p, d, t)| LineInput {
            quantity: Quantity::parse("q", &Decimal::new(q, 3).to_string()).unwrap(),
            unit_price: Money::from_minor(p, c),
            discount: Percent::parse("d", &Decimal::new(d, 2).to_string()).unwrap(),
            tax_rate: Percent::parse("t", &Decimal::new(t, 2).to_string()).unwrap(),
        }).collect();
        let (amounts, totals) = price_quote(c, &lines).unwrap();
        let net: i64 = amounts.iter().map(|a| a.net.minor()).sum();
        let tax: i64 = amounts.iter().map(|a| a.tax.minor()).sum();
        prop_assert_eq!(totals.subtotal.minor(), net);
        prop_assert_eq!(totals.tax.minor(), tax);
        prop_assert_eq!(totals.total.minor(), net + tax);
        for a in &amounts {
            prop_assert!(a.net.minor() >= 0 && a.tax.minor() >= 0);
            prop_assert_eq!(a.gross.minor(), a.net.minor() + a.tax.minor());
        }
    }
}

#[test]
fn reference_agrees_on_a_known_value() {
    assert_eq!(reference_net(3000, 1999, 1000), 5397);
    let _ = Decimal::from_str("1").unwrap();
}
