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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cap(minor: i64) -> String {
        rmb_capital(Money::from_minor(minor, Currency::CNY)).unwrap()
    }

    #[test]
    fn table() {
        let table: &[(i64, &str)] = &[
            (0, "零元整"),
            (5, "伍分"),
            (10, "壹角整"),
            (50, "伍角整"),
            (55, "伍角伍分"),
            (100, "壹元整"),
            (105, "壹元零伍分"),
            (150, "壹元伍角整"),
            (1_000, "壹拾元整"),
            (1_500, "壹拾伍元整"),
            (10_005, "壹佰元零伍分"),
            (10_100, "壹佰零壹元整"),
            (101_010, "壹仟零壹拾元壹角整"),
            (168_032, "壹仟陆佰捌拾元叁角贰分"),
            (140_950, "壹仟肆佰零玖元伍角整"),
            (600_714, "陆仟零柒元壹角肆分"),
            (32_504, "叁佰贰拾伍元零肆分"),
            (1_234_567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
            (1_000_000, "壹万元整"),
            (1_000_100, "壹万零壹元整"),
            (10_700_053, "壹拾万柒仟元伍角叁分"),
            (10_010_000, "壹拾万零壹佰元整"),
            (100_010_001, "壹佰万零壹佰元零壹分"),
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (10_000_100_000, "壹亿零壹仟元整"),
            (10_010_000_000, "壹亿零壹拾万元整"),
            (10_100_000_000, "壹亿零壹佰万元整"),
            (11_000_000_000, "壹亿壹仟万元整"),
            (101_000_000_000, "壹拾亿壹仟万元整"),
            (200_000_000_000, "贰拾亿元整"),
            (100_000_000_000_000, "壹万亿元整"),
            (100_000_001_000_000, "壹万亿零壹万元整"),
            (123_450_000_000_000, "壹万贰仟叁佰肆拾伍亿元整"),
            (
                i64::MAX,
                "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分",
            ),
        ];
        for &(minor, want) in table {
            assert_eq!(cap(minor), want, "{minor}");
        }
    }

    #[test]
    fn refuses_negative_amounts_and_other_currencies() {
        assert!(matches!(
            rmb_capital(Money::from_minor(-1, Currency::CNY)),
            Err(DomainError::Invalid(ref e)) if e[0].kind == FieldErrorKind::Negative
        ));
        assert!(matches!(
            rmb_capital(Money::from_minor(100, Currency::USD)),
            Err(DomainError::CurrencyMismatch(_, _))
        ));
    }

    /// An independent reader of capital amounts, back to fen.
    fn read(s: &str) -> Option<i64> {
        let mut total: i64 = 0; // whole 亿 groups, already shifted
        let mut wan: i64 = 0; // below 亿: the 万 part
        let mut section: i64 = 0;
        let mut digit: Option<i64> = None;
        let mut fen: i64 = 0;
        for ch in s.chars() {
            if let Some(d) = DIGITS.iter().position(|&c| c == ch) {
                digit = Some(d as i64);
                continue;
            }
            match ch {
                '拾' => section += digit.take()? * 10,
                '佰' => section += digit.take()? * 100,
                '仟' => section += digit.take()? * 1000,
                '万' => {
                    wan += (section + digit.take().unwrap_or(0)) * 10_000;
                    section = 0;
                }
                '亿' => {
                    total = (total + wan + section + digit.take().unwrap_or(0)) * 100_000_000;
                    wan = 0;
                    section = 0;
                }
                '元' => {
                    total = (total + wan + section + digit.take().unwrap_or(0)) * 100;
                    wan = 0;
                    section = 0;
                }
                '角' => fen += digit.take()? * 10,
                '分' => fen += digit.take()?,
                '整' => {}
                _ => return None,
            }
        }
        Some(total + fen)
    }

    proptest! {
        #[test]
        fn reads_back_and_follows_the_zero_and_zheng_rules(minor in prop_oneof![
            0_i64..100_000,
            0_i64..10_000_000_000,
            0_i64..=i64::MAX,
            // Sparse digits: the zero rules' hard cases.
            (0_u32..18, 0_u32..18, 0_i64..10, 0_i64..10).prop_map(|(a, b, x, y)| x * 10_i64.pow(a) + y * 10_i64.pow(b)),
        ]) {
            let s = cap(minor);
            prop_assert_eq!(read(&s), Some(minor), "{}", s);
            prop_assert!(!s.contains("零零"), "{}", s);
            prop_assert_eq!(s.ends_with('整'), minor % 10 == 0, "{}", s);
            prop_assert!(s == "零元整" || (!s.starts_with('零') && !s.contains("零元") && !s.contains("零万") && !s.contains("零亿")), "{}", s);
        }
    }
}
