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
