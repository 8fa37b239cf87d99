use super::*;

fn m(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

#[test]
fn two_decimal_currencies() {
    assert_eq!(amount(m(4_479_320, Currency::CNY)), "44,793.20");
    assert_eq!(money(m(4_479_320, Currency::CNY)), "CNY 44,793.20");
    assert_eq!(money(m(100, Currency::USD)), "USD 1.00");
    assert_eq!(money(m(5, Currency::USD)), "USD 0.05");
    assert_eq!(money(m(0, Currency::CNY)), "CNY 0.00");
    assert_eq!(money(m(99_999, Currency::EUR)), "EUR 999.99");
    assert_eq!(money(m(100_000, Currency::EUR)), "EUR 1,000.00");
}

#[test]
fn currencies_without_decimals() {
    assert_eq!(money(m(1200, Currency::JPY)), "JPY 1,200");
    assert_eq!(amount(m(999, Currency::JPY)), "999");
    assert_eq!(money(m(1_234_567, Currency::KRW)), "KRW 1,234,567");
}

#[test]
fn currencies_with_three_decimals() {
    assert_eq!(money(m(1_500, Currency::KWD)), "KWD 1.500");
    assert_eq!(money(m(1_234_567_891, Currency::KWD)), "KWD 1,234,567.891");
    assert_eq!(amount(m(1, Currency::BHD)), "0.001");
}

#[test]
fn negative_amounts_put_the_sign_first() {
    assert_eq!(amount(m(-31_040, Currency::CNY)), "-310.40");
    assert_eq!(money(m(-31_040, Currency::CNY)), "-CNY 310.40");
    assert_eq!(money(m(-123_456_789, Currency::USD)), "-USD 1,234,567.89");
    assert_eq!(money(m(-1_000, Currency::JPY)), "-JPY 1,000");
    assert_eq!(money(m(-1, Currency::KWD)), "-KWD 0.001");
}

#[test]
fn large_numbers() {
    assert_eq!(
        money(m(i64::MAX, Currency::CNY)),
        "CNY 92,233,720,368,547,758.07"
    );
    assert_eq!(
        money(m(i64::MIN + 1, Currency::JPY)),
        "-JPY 9,223,372,036,854,775,807"
    );
    assert_eq!(
        amount(m(1_000_000_000_000, Currency::KWD)),
        "1,000,000,000.000"
    );
}

#[test]
fn decimal_strings_from_views() {
    assert_eq!(decimal("12345.60"), "12,345.60");
    assert_eq!(decimal("-1234567"), "-1,234,567");
    assert_eq!(decimal(" 1200 "), "1,200");
    assert_eq!(decimal("2.5"), "2.5");
    assert_eq!(decimal("999.999"), "999.999");
    assert_eq!(decimal("0.00"), "0.00");
    // Not a plain decimal: as given.
    assert_eq!(decimal("abc"), "abc");
    assert_eq!(decimal("1.2.3"), "1.2.3");
    assert_eq!(decimal("-"), "-");
    assert_eq!(decimal(""), "");
    assert_eq!(money_text(Currency::CNY, "44793.20"), "CNY 44,793.20");
    assert_eq!(money_text(Currency::CNY, "-310.40"), "-CNY 310.40");
    assert_eq!(money_text(Currency::JPY, "1200"), "JPY 1,200");
    assert_eq!(money_text(Currency::CNY, ""), "");
}

#[test]
fn a_decimal_string_and_its_money_read_the_same() {
    for (minor, c) in [
        (4_479_320, Currency::CNY),
        (-31_040, Currency::USD),
        (1200, Currency::JPY),
        (1_234_567_891, Currency::KWD),
    ] {
        let money_value = m(minor, c);
        assert_eq!(
            money_text(c, &money_value.amount_string()),
            money(money_value)
        );
        assert_eq!(decimal(&money_value.amount_string()), amount(money_value));
    }
}

#[test]
fn dates_are_iso_in_every_language() {
    let d = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    assert_eq!(date(d), "2027-01-04");
    assert_eq!(
        date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
        "2026-12-31"
    );
}
