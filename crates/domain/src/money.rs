//! Exact money: an amount in integer minor units of an ISO 4217 currency.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::DomainError;

/// Currencies Fieldquote prices in, each with its ISO 4217 exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Currency {
    CNY,
    USD,
    EUR,
    GBP,
    HKD,
    JPY,
    KRW,
    KWD,
    BHD,
}

impl Currency {
    pub const ALL: [Currency; 9] = [
        Currency::CNY,
        Currency::USD,
        Currency::EUR,
        Currency::GBP,
        Currency::HKD,
        Currency::JPY,
        Currency::KRW,
        Currency::KWD,
        Currency::BHD,
    ];

    /// Number of decimal places of the minor unit (ISO 4217).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::JPY | Currency::KRW => 0,
            Currency::KWD | Currency::BHD => 3,
            _ => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::CNY => "CNY",
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::GBP => "GBP",
            Currency::HKD => "HKD",
            Currency::JPY => "JPY",
            Currency::KRW => "KRW",
            Currency::KWD => "KWD",
            Currency::BHD => "BHD",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim();
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

/// Round half away from zero to the currency's exponent. The one rounding rule of Fieldquote.
pub fn round(value: Decimal, currency: Currency) -> Decimal {
    value.round_dp_with_strategy(currency.exponent(), RoundingStrategy::MidpointAwayFromZero)
}

/// An exact amount: integer minor units (cents, fen, yen, fils) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::from_minor(0, currency)
    }

    /// Round `value` (in major units) with [`round`] and keep it exactly.
    pub fn from_decimal_rounded(value: Decimal, currency: Currency) -> Result<Self, DomainError> {
        let scaled = round(value, currency)
            .checked_mul(Decimal::from(10_i64.pow(currency.exponent())))
            .ok_or(DomainError::Overflow)?;
        let minor = i64::try_from(scaled.trunc()).map_err(|_| DomainError::Overflow)?;
        Ok(Self { minor, currency })
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The amount in major units, exactly.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.minor, self.currency.exponent())
    }

    pub fn checked_add(self, other: Money) -> Result<Money, DomainError> {
        if self.currency != other.currency {
            return Err(DomainError::CurrencyMismatch(
                self.currency.to_string(),
                other.currency.to_string(),
            ));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(DomainError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// Plain decimal string with exactly the currency's decimals: `1234.50`, `-3.000`, `1200`.
    pub fn amount_string(self) -> String {
        let d = self.to_decimal();
        format!("{:.*}", self.currency.exponent() as usize, d)
    }

    /// Human display with thousands separators: `12,345.67`.
    pub fn grouped(self) -> String {
        group_thousands(&self.amount_string())
    }
}

/// Add thousands separators to a plain decimal string (`"-12345.60"` -> `"-12,345.60"`).
/// Display only: anything that is not a plain decimal is returned unchanged.
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return s.to_string();
    }
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 + 1);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount_string())
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(m.grouped(), "1,234.57");
        assert_eq!(
            Money::from_minor(1200, Currency::JPY).amount_string(),
            "1200"
        );
        assert_eq!(
            Money::from_minor(-1_234_567_891, Currency::KWD).grouped(),
            "-1,234,567.891"
        );
        assert_eq!(Money::from_minor(5, Currency::CNY).amount_string(), "0.05");
        assert_eq!(Money::from_minor(100, Currency::CNY).grouped(), "1.00");
    }

    #[test]
    fn groups_thousands_only_in_plain_decimals() {
        assert_eq!(group_thousands("12345.60"), "12,345.60");
        assert_eq!(group_thousands("-1234567"), "-1,234,567");
        assert_eq!(group_thousands("999.999"), "999.999");
        assert_eq!(group_thousands("0.00"), "0.00");
        assert_eq!(group_thousands("abc"), "abc");
        assert_eq!(group_thousands("1.2.3"), "1.2.3");
        assert_eq!(group_thousands(""), "");
        assert_eq!(group_thousands("-"), "-");
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
    fn currency_codes_parse_case_insensitively() {
        assert_eq!("cny".parse::<Currency>(), Ok(Currency::CNY));
        assert_eq!(" JPY ".parse::<Currency>(), Ok(Currency::JPY));
        assert!("XYZ".parse::<Currency>().is_err());
    }
}
