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

/// `num / den` rounded half away from zero: [`round`] on integers, for amounts kept in minor units.
/// `den` must not be zero.
pub fn round_div(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    // Compare 2|r| with |den| without overflowing: |r| ≥ |den| − |r|.
    let (ar, ad) = (r.unsigned_abs(), den.unsigned_abs());
    if ar >= ad - ar {
        if (num < 0) == (den < 0) { q + 1 } else { q - 1 }
    } else {
        q
    }
}

/// An exact amount: integer minor units (cents, fen, yen, fils) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub const fn from_minor(minor: i64, currency: Currency) -> Self {
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

    /// Minor units computed in `i128`, if they fit an amount.
    pub fn try_from_minor(minor: i128, currency: Currency) -> Result<Self, DomainError> {
        let minor = i64::try_from(minor).map_err(|_| DomainError::Overflow)?;
        Ok(Self::from_minor(minor, currency))
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

    pub fn checked_sub(self, other: Money) -> Result<Money, DomainError> {
        self.checked_add(Money::from_minor(
            other.minor.checked_neg().ok_or(DomainError::Overflow)?,
            other.currency,
        ))
    }

    pub fn is_negative(self) -> bool {
        self.minor < 0
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

/// How many units of `to` one unit of `from` buys, recorded on a quote line when the line is added so its
/// converted price never drifts afterwards.
///
/// A converted price is `round(price × rate)` to the exponent of `to` (half away from zero), computed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExchangeRate {
    from: Currency,
    to: Currency,
    rate: Decimal,
}

impl ExchangeRate {
    /// Most decimals a rate may have.
    pub const MAX_DP: u32 = 10;
    /// Rates are below this (no pair of our currencies comes close).
    pub const MAX: i64 = 1_000_000;

    /// A rate for two different currencies: greater than zero, below [`Self::MAX`], at most
    /// [`Self::MAX_DP`] decimals. Errors name `field`.
    pub fn new(
        field: &str,
        from: Currency,
        to: Currency,
        rate: Decimal,
    ) -> Result<Self, crate::FieldError> {
        use crate::{FieldError, FieldErrorKind};
        if from == to {
            return Err(FieldError::new(
                field,
                FieldErrorKind::CurrencyMismatch {
                    expected: to.to_string(),
                    found: from.to_string(),
                },
            ));
        }
        let rate = rate.normalize();
        if rate <= Decimal::ZERO {
            return Err(FieldError::new(field, FieldErrorKind::MustBePositive));
        }
        if rate >= Decimal::from(Self::MAX) {
            return Err(FieldError::new(
                field,
                FieldErrorKind::AboveMax {
                    max: Self::MAX.to_string(),
                },
            ));
        }
        if rate.scale() > Self::MAX_DP {
            return Err(FieldError::new(
                field,
                FieldErrorKind::TooManyDecimals { max: Self::MAX_DP },
            ));
        }
        Ok(Self { from, to, rate })
    }

    /// Parse a typed rate (`7.1234`) with the same rules as [`Self::new`].
    pub fn parse(
        field: &str,
        from: Currency,
        to: Currency,
        input: &str,
    ) -> Result<Self, crate::FieldError> {
        let rate = crate::validation::decimal(field, input, Self::MAX_DP)?;
        Self::new(field, from, to, rate)
    }

    pub fn from(self) -> Currency {
        self.from
    }

    pub fn to(self) -> Currency {
        self.to
    }

    pub fn rate(self) -> Decimal {
        self.rate
    }

    /// `round(price × rate)` in `to`. `price` must be in `from`.
    pub fn convert(self, price: Money) -> Result<Money, DomainError> {
        if price.currency != self.from {
            return Err(DomainError::CurrencyMismatch(
                self.from.to_string(),
                price.currency.to_string(),
            ));
        }
        // price_minor / 10^e_from × mantissa / 10^scale × 10^e_to, in integers: at most
        // 9.3e18 × 1e16 × 1e3 < 1.7e38.
        let scale = self.rate.scale();
        let num = i128::from(price.minor)
            .checked_mul(self.rate.mantissa())
            .and_then(|v| v.checked_mul(10_i128.pow(self.to.exponent())))
            .ok_or(DomainError::Overflow)?;
        let den = 10_i128.pow(scale + self.from.exponent());
        Money::try_from_minor(round_div(num, den), self.to)
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
}
