//! How figures and dates are written for people: the one formatter behind the editor, the lists, the catalog
//! and the quote PDF, in English and in Chinese.
//!
//! Both languages write figures the same way, as Chinese business documents do: thousands separated by commas,
//! a decimal point, exactly the currency's decimals (CNY/USD 2, JPY 0, KWD 3), the minus sign first, and the
//! ISO 4217 code before the amount (`CNY 44,793.20`, `-CNY 310.40`). Dates are ISO `YYYY-MM-DD` (`2027-01-04`)
//! in both languages: unambiguous to an English and a Chinese reader alike, where `01/04/2027` is not.
//!
//! The screens never format a figure themselves: the views carry the strings made here.

use chrono::NaiveDate;

use crate::money::{Currency, Money};

/// An amount without its currency, as a table column shows it: `44,793.20`, `-1,234.5`… with exactly the
/// currency's decimals (`1,200` yen, `1.500` dinars).
pub fn amount(m: Money) -> String {
    group(&m.amount_string())
}

/// An amount with its currency: `CNY 44,793.20`; a negative one `-CNY 310.40`.
pub fn money(m: Money) -> String {
    let grouped = amount(m);
    match grouped.strip_prefix('-') {
        Some(positive) => format!("-{} {positive}", m.currency()),
        None => format!("{} {grouped}", m.currency()),
    }
}

/// A decimal as a view carries it (an amount, a quantity: `"12345.60"`, `"-3"`), with thousands separators:
/// `12,345.60`. Anything that is not a plain decimal is returned as it is, and empty stays empty.
pub fn decimal(s: &str) -> String {
    group(s.trim())
}

/// [`money`] for an amount a view carries as a decimal string in `currency`; empty stays empty.
pub fn money_text(currency: Currency, s: &str) -> String {
    let grouped = decimal(s);
    if grouped.is_empty() {
        return grouped;
    }
    match grouped.strip_prefix('-') {
        Some(positive) => format!("-{currency} {positive}"),
        None => format!("{currency} {grouped}"),
    }
}

/// A date: `2027-01-04`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Thousands separators in a plain decimal string (`"-12345.60"` → `"-12,345.60"`); other text unchanged.
fn group(s: &str) -> String {
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

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
