//! Parsing what people type into values that can only be valid.
//!
//! Every parser takes the field name so errors point at the input that caused them. Numbers accept ASCII and
//! full-width digits (`１２．５`, common with Chinese input methods) and surrounding spaces; nothing else
//! (no exponents, no thousands separators, no `NaN`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::money::{Currency, Money};
use crate::{FieldError, FieldErrorKind};

/// Longest free text we accept in one field; longer input is refused rather than truncated.
pub const MAX_TEXT: usize = 2_000;
/// Longest short text (names, SKUs, phone numbers).
pub const MAX_NAME: usize = 200;

fn err(field: &str, kind: FieldErrorKind) -> FieldError {
    FieldError::new(field, kind)
}

/// Trimmed text of at most `max` characters, without control characters other than newlines and tabs.
pub fn text(field: &str, input: &str, max: usize, required: bool) -> Result<String, FieldError> {
    // Refuse huge input by byte length before doing any per-character work on it.
    if input.len() > max * 4 {
        return Err(err(field, FieldErrorKind::TooLong { max: max as u32 }));
    }
    let value = input.trim();
    if required && value.is_empty() {
        return Err(err(field, FieldErrorKind::Required));
    }
    if value.chars().count() > max {
        return Err(err(field, FieldErrorKind::TooLong { max: max as u32 }));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(err(field, FieldErrorKind::ControlCharacters));
    }
    Ok(value.to_string())
}

/// An optional e-mail address: empty, or `local@domain.tld` without spaces.
pub fn email(field: &str, input: &str) -> Result<String, FieldError> {
    let value = text(field, input, MAX_NAME, false)?;
    if value.is_empty() {
        return Ok(value);
    }
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if ok {
        Ok(value)
    } else {
        Err(err(field, FieldErrorKind::InvalidEmail))
    }
}

/// Turn full-width digits and punctuation into ASCII and trim.
fn normalize_number(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            '＋' => '+',
            other => other,
        })
        .collect()
}

/// A plain decimal number with at most `max_dp` decimals.
pub fn decimal(field: &str, input: &str, max_dp: u32) -> Result<Decimal, FieldError> {
    let s = normalize_number(input);
    if s.is_empty() {
        return Err(err(field, FieldErrorKind::Required));
    }
    let plain = s.strip_prefix(['+', '-']).unwrap_or(&s);
    let digits_ok = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.chars().filter(|&c| c == '.').count() <= 1
        && plain.chars().any(|c| c.is_ascii_digit())
        && plain.len() <= 40;
    if !digits_ok {
        return Err(err(field, FieldErrorKind::NotANumber));
    }
    let value = Decimal::from_str(&s).map_err(|_| err(field, FieldErrorKind::NotANumber))?;
    if value.normalize().scale() > max_dp {
        return Err(err(field, FieldErrorKind::TooManyDecimals { max: max_dp }));
    }
    Ok(value.normalize())
}

/// A quantity: greater than zero, at most 3 decimals (hours, metres), at most one billion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(Decimal);

impl Quantity {
    pub const MAX_DP: u32 = 3;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let v = decimal(field, input, Self::MAX_DP)?;
        if v <= Decimal::ZERO {
            return Err(err(field, FieldErrorKind::MustBePositive));
        }
        if v > Decimal::from(1_000_000_000) {
            return Err(err(
                field,
                FieldErrorKind::AboveMax {
                    max: "1000000000".into(),
                },
            ));
        }
        Ok(Self(v))
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// The quantity in thousandths, exactly (it has at most [`Self::MAX_DP`] decimals).
    pub fn thousandths(self) -> i128 {
        scaled(self.0, Self::MAX_DP)
    }
}

/// `v × 10^dp` as an integer, for a value known to have at most `dp` decimals.
pub(crate) fn scaled(v: Decimal, dp: u32) -> i128 {
    let mut x = v;
    x.rescale(dp);
    x.mantissa()
}

/// A percentage from 0 to 100 inclusive with up to 4 decimals: discounts and tax rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(Decimal);

impl Percent {
    pub const MAX_DP: u32 = 4;
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let v = decimal(field, input, Self::MAX_DP)?;
        if v < Decimal::ZERO {
            return Err(err(field, FieldErrorKind::Negative));
        }
        if v > Decimal::ONE_HUNDRED {
            return Err(err(field, FieldErrorKind::AboveMax { max: "100".into() }));
        }
        Ok(Self(v))
    }

    /// Empty input means 0 %.
    pub fn parse_or_zero(field: &str, input: &str) -> Result<Self, FieldError> {
        if input.trim().is_empty() {
            Ok(Self::ZERO)
        } else {
            Self::parse(field, input)
        }
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// A whole percentage known to be in range, for constants.
    pub(crate) const fn whole(p: u32) -> Self {
        assert!(p <= 100);
        Self(Decimal::from_parts(p, 0, 0, false, 0))
    }

    /// The percentage in ten-thousandths of a percent, exactly: 13 % → 130 000, 12.5 % → 125 000. A fraction of
    /// the whole is this over 1 000 000.
    pub fn millionths(self) -> i128 {
        scaled(self.0, Self::MAX_DP)
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

/// A price as typed: not negative, no more decimals than the currency has, below 10^13 major units.
pub fn price(field: &str, input: &str, currency: Currency) -> Result<Money, FieldError> {
    let v = decimal(field, input, currency.exponent())?;
    if v < Decimal::ZERO {
        return Err(err(field, FieldErrorKind::Negative));
    }
    if v >= Decimal::from(10_000_000_000_000_i64) {
        return Err(err(
            field,
            FieldErrorKind::AboveMax {
                max: "9999999999999".into(),
            },
        ));
    }
    Money::from_decimal_rounded(v, currency).map_err(|_| err(field, FieldErrorKind::NotANumber))
}

/// A currency code.
pub fn currency(field: &str, input: &str) -> Result<Currency, FieldError> {
    input
        .parse()
        .map_err(|()| err(field, FieldErrorKind::UnknownCurrency))
}

/// Collect the field errors of several parses; `Ok` only if all succeeded.
pub(crate) fn collect<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// Parse a `YYYY-MM-DD` date; empty is `None`.
pub fn date(field: &str, input: &str) -> Result<Option<NaiveDate>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| FieldError::new(field, FieldErrorKind::InvalidDate))
}

#[cfg(test)]
#[path = "validation_tests.rs"]
mod tests;
