//! Chinese capital amounts (人民币大写) for CNY totals on quotes and contracts.
//!
//! Follows the PBOC rules for bills and vouchers (《正确填写票据和结算凭证的基本规定》):
//! - Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, then 元角分. Tens are always written with their digit
//!   (`10.00` → 壹拾元整), so nothing can be put in front.
//! - 整: an amount that ends at 元 ends with 整 (`10.00` → 壹拾元整). The rules make 整 after 角 optional; we
//!   write it (`1.50` → 壹元伍角整) so nothing can be appended. An amount with 分 never ends with 整.
//! - 零 where the rules require it, and only there: one 零 for any run of zeros between non-zero digits
//!   (`1000100.01` → 壹佰万零壹佰元零壹分, `100000001` → 壹亿零壹元), and 零 after 元 when 角 is zero but 分 is
//!   not (`100.05` → 壹佰元零伍分). Where the rules leave 零 optional — the 万 (or 亿) or 元 digit is zero but
//!   the next 仟 or 角 digit is not — we leave it out (`107000.53` → 壹拾万柒仟元伍角叁分, the form most
//!   invoicing software prints; `壹拾万零柒仟…` would be equally valid).
//! - Below one yuan the integer part is not written (`0.05` → 伍分, `0.50` → 伍角整), the usual financial
//!   convention; zero is 零元整.
//! - Above 9999 亿 the higher group is written before 亿: `1 0000 0000 0000` → 壹万亿元整 (and from 10^16
//!   on, 亿亿), so every amount a [`Money`] can hold has a capital form.
//!
//! The string has no `人民币` prefix; the caller prints its own label.

use crate::money::{Currency, Money};
use crate::{DomainError, FieldError, FieldErrorKind};

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Write a CNY amount in capitals: 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分.
///
/// Refuses other currencies and negative amounts (a capital amount is what is payable, never a credit).
pub fn rmb_capital(amount: Money) -> Result<String, DomainError> {
    if amount.currency() != Currency::CNY {
        return Err(DomainError::CurrencyMismatch(
            Currency::CNY.to_string(),
            amount.currency().to_string(),
        ));
    }
    let minor = amount.minor();
    if minor < 0 {
        return Err(DomainError::Invalid(vec![FieldError::new(
            "amount",
            FieldErrorKind::Negative,
        )]));
    }
    let minor = minor as u64;
    let yuan = minor / 100;
    let jiao = (minor / 10 % 10) as usize;
    let fen = (minor % 10) as usize;

    let mut out = String::new();
    if yuan > 0 {
        integer(yuan, &mut out);
        out.push('元');
    }
    match (yuan, jiao, fen) {
        (0, 0, 0) => out.push_str("零元整"),
        (_, 0, 0) => out.push('整'),
        (_, 0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (_, j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            if f == 0 {
                out.push('整');
            } else {
                out.push(DIGITS[f]);
                out.push('分');
            }
        }
    }
    Ok(out)
}

/// `n > 0`: groups of eight digits joined by 亿, with 零 where a group starts with a zero.
fn integer(n: u64, out: &mut String) {
    const YI: u64 = 100_000_000;
    if n >= YI {
        integer(n / YI, out);
        out.push('亿');
        below_yi(n % YI, 10_000_000, out);
    } else {
        below_yi(n, 0, out);
    }
}

/// `n < 10^8` after a higher group: writes nothing for 0, a leading 零 if `n` is below `zero_below`.
fn below_yi(n: u64, zero_below: u64, out: &mut String) {
    if n == 0 {
        return;
    }
    if n < zero_below {
        out.push('零');
    }
    if n >= 10_000 {
        four(n / 10_000, out);
        out.push('万');
        let low = n % 10_000;
        if low > 0 {
            if low < 1_000 {
                out.push('零');
            }
            four(low, out);
        }
    } else {
        four(n, out);
    }
}

/// `1 ≤ n ≤ 9999`: digits with 仟佰拾, one 零 for a run of inner zeros, trailing zeros silent.
fn four(n: u64, out: &mut String) {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero = false;
    for (d, unit) in digits.into_iter().zip(UNITS) {
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(unit);
        started = true;
    }
}

#[cfg(test)]
#[path = "capital_tests.rs"]
mod tests;
