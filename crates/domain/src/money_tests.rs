use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn rounds_half_away_from_zero_per_exponent() {
    assert_eq!(round(d("1.005"), Currency::CNY), d("1.01"));
    assert_eq!(round(d("1.004999"), Currency::CNY), d("1.00"));
    assert_eq!(round(d("-1.005"), Currency::CNY), d("-1.01"));
    assert_eq!(round(d("2.5"), Currency::JPY), d("3"));
    assert_eq!(round(d("-2.5"), Currency::JPY), d("-3"));
    assert_eq!(round(d("0.0005"), Currency::KWD), d("0.001"));
    assert_eq!(round(d("0.00049"), Currency::KWD), d("0.000"));
}

#[test]
fn money_keeps_minor_units_exactly() {
    let m = Money::from_decimal_rounded(d("1234.565"), Currency::USD).unwrap();
    assert_eq!(m.minor(), 123_457);
    assert_eq!(m.amount_string(), "1234.57");
    assert_eq!(
        Money::from_minor(1200, Currency::JPY).amount_string(),
        "1200"
    );
    assert_eq!(Money::from_minor(5, Currency::CNY).amount_string(), "0.05");
}

#[test]
fn adding_different_currencies_is_an_error() {
    let a = Money::from_minor(1, Currency::CNY);
    let b = Money::from_minor(1, Currency::USD);
    assert!(matches!(
        a.checked_add(b),
        Err(DomainError::CurrencyMismatch(_, _))
    ));
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let big = Money::from_minor(i64::MAX, Currency::CNY);
    assert_eq!(
        big.checked_add(Money::from_minor(1, Currency::CNY)),
        Err(DomainError::Overflow)
    );
    assert_eq!(
        Money::from_decimal_rounded(Decimal::MAX, Currency::CNY),
        Err(DomainError::Overflow)
    );
}

#[test]
fn every_iso_exponent() {
    let table = [
        (Currency::CNY, 2),
        (Currency::USD, 2),
        (Currency::EUR, 2),
        (Currency::GBP, 2),
        (Currency::HKD, 2),
        (Currency::JPY, 0),
        (Currency::KRW, 0),
        (Currency::KWD, 3),
        (Currency::BHD, 3),
    ];
    for (c, e) in table {
        assert_eq!(c.exponent(), e, "{c}");
    }
    assert_eq!(table.len(), Currency::ALL.len());
}

#[test]
fn integer_rounding_is_half_away_from_zero() {
    let table = [
        (5, 10, 1),
        (4, 10, 0),
        (-5, 10, -1),
        (-4, 10, 0),
        (15, 10, 2),
        (25, 10, 3),
        (-25, 10, -3),
        (5, -10, -1),
        (-5, -10, 1),
        (1, 3, 0),
        (2, 3, 1),
        (-2, 3, -1),
        (0, 7, 0),
        (i128::MAX, i128::MAX, 1),
    ];
    for (n, d, want) in table {
        assert_eq!(round_div(n, d), want, "{n}/{d}");
    }
}

#[test]
fn conversion_is_rounded_to_the_target_exponent() {
    let usd_cny = ExchangeRate::parse("rate", Currency::USD, Currency::CNY, "7.1234").unwrap();
    // 19.99 × 7.1234 = 142.396766 → 142.40
    assert_eq!(
        usd_cny
            .convert(Money::from_minor(1999, Currency::USD))
            .unwrap()
            .amount_string(),
        "142.40"
    );
    let jpy_kwd = ExchangeRate::parse("rate", Currency::JPY, Currency::KWD, "0.0025").unwrap();
    // 1 JPY × 0.0025 = 0.0025 → 0.003 (half away from zero)
    assert_eq!(
        jpy_kwd
            .convert(Money::from_minor(1, Currency::JPY))
            .unwrap()
            .amount_string(),
        "0.003"
    );
    let cny_jpy = ExchangeRate::parse("rate", Currency::CNY, Currency::JPY, "20.5").unwrap();
    // 0.01 CNY × 20.5 = 0.205 JPY → 0
    assert_eq!(
        cny_jpy
            .convert(Money::from_minor(1, Currency::CNY))
            .unwrap()
            .minor(),
        0
    );
    // 0.03 × 20.5 = 0.615 → 1; 1.00 × 20.5 = 20.5 → 21
    assert_eq!(
        cny_jpy
            .convert(Money::from_minor(3, Currency::CNY))
            .unwrap()
            .minor(),
        1
    );
    assert_eq!(
        cny_jpy
            .convert(Money::from_minor(100, Currency::CNY))
            .unwrap()
            .minor(),
        21
    );
    assert!(
        cny_jpy
            .convert(Money::from_minor(100, Currency::USD))
            .is_err()
    );
    let cny_krw = ExchangeRate::parse("rate", Currency::CNY, Currency::KRW, "200").unwrap();
    assert_eq!(
        cny_krw.convert(Money::from_minor(i64::MAX, Currency::CNY)),
        Err(DomainError::Overflow)
    );
    use crate::FieldErrorKind as K;
    let kind = |r: &str| {
        ExchangeRate::parse("r", Currency::USD, Currency::CNY, r)
            .unwrap_err()
            .kind
    };
    assert_eq!(kind("0"), K::MustBePositive);
    assert_eq!(kind("-7"), K::MustBePositive);
    assert_eq!(kind("0.00000000001"), K::TooManyDecimals { max: 10 });
    assert_eq!(
        kind("1000000"),
        K::AboveMax {
            max: "1000000".into()
        }
    );
    assert!(ExchangeRate::parse("r", Currency::USD, Currency::USD, "1").is_err());
}

#[test]
fn currency_codes_parse_case_insensitively() {
    assert_eq!("cny".parse::<Currency>(), Ok(Currency::CNY));
    assert_eq!(" JPY ".parse::<Currency>(), Ok(Currency::JPY));
    assert!("XYZ".parse::<Currency>().is_err());
}
