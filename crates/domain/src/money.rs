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

/// An exchange rate set on this device: one `from` buys `rate` `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeRateView {
    pub from: Currency,
    pub to: Currency,
    pub rate: String,
    pub updated_at: String,
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
