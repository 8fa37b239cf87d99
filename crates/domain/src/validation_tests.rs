use super::*;

fn kind<T: std::fmt::Debug>(r: Result<T, FieldError>) -> FieldErrorKind {
    r.unwrap_err().kind
}

#[test]
fn text_is_trimmed_and_bounded() {
    assert_eq!(
        text("name", "  上海华东机电  ", MAX_NAME, true).unwrap(),
        "上海华东机电"
    );
    assert_eq!(
        kind(text("name", "   ", MAX_NAME, true)),
        FieldErrorKind::Required
    );
    assert_eq!(text("notes", "", MAX_TEXT, false).unwrap(), "");
    assert_eq!(
        kind(text("name", &"x".repeat(201), MAX_NAME, true)),
        FieldErrorKind::TooLong { max: 200 }
    );
    assert_eq!(
        kind(text("name", "a\u{0}b", MAX_NAME, true)),
        FieldErrorKind::ControlCharacters
    );
    assert_eq!(
        text("notes", "line 1\nline 2", MAX_TEXT, false).unwrap(),
        "line 1\nline 2"
    );
}

#[test]
fn a_hundred_megabyte_string_is_refused_quickly() {
    let huge = "字".repeat(100 * 1024 * 1024 / 3);
    assert_eq!(
        kind(text("name", &huge, MAX_NAME, true)),
        FieldErrorKind::TooLong { max: 200 }
    );
    assert_eq!(
        kind(Quantity::parse("qty", &"9".repeat(1_000_000))),
        FieldErrorKind::NotANumber
    );
}

#[test]
fn emails() {
    assert_eq!(email("email", "").unwrap(), "");
    assert_eq!(
        email("email", " li.wei@huadong.cn ").unwrap(),
        "li.wei@huadong.cn"
    );
    for bad in [
        "li",
        "li@",
        "@x.cn",
        "li@cn",
        "li wei@x.cn",
        "a@b@c.cn",
        "a@.cn",
    ] {
        assert_eq!(
            kind(email("email", bad)),
            FieldErrorKind::InvalidEmail,
            "{bad}"
        );
    }
}

#[test]
fn quantities() {
    assert_eq!(Quantity::parse("q", "2").unwrap().value(), Decimal::from(2));
    assert_eq!(Quantity::parse("q", "1.250").unwrap().to_string(), "1.25");
    assert_eq!(
        Quantity::parse("q", "１２．５").unwrap().to_string(),
        "12.5"
    );
    assert_eq!(
        kind(Quantity::parse("q", "-1")),
        FieldErrorKind::MustBePositive
    );
    assert_eq!(
        kind(Quantity::parse("q", "0")),
        FieldErrorKind::MustBePositive
    );
    assert_eq!(
        kind(Quantity::parse("q", "1.2345")),
        FieldErrorKind::TooManyDecimals { max: 3 }
    );
    assert_eq!(
        kind(Quantity::parse("q", "abc")),
        FieldErrorKind::NotANumber
    );
    assert_eq!(
        kind(Quantity::parse("q", "1e3")),
        FieldErrorKind::NotANumber
    );
    assert_eq!(
        kind(Quantity::parse("q", "1,000")),
        FieldErrorKind::NotANumber
    );
    assert_eq!(kind(Quantity::parse("q", "")), FieldErrorKind::Required);
    assert_eq!(kind(Quantity::parse("q", ".")), FieldErrorKind::NotANumber);
    assert!(matches!(
        kind(Quantity::parse("q", "1000000001")),
        FieldErrorKind::AboveMax { .. }
    ));
}

#[test]
fn percentages() {
    assert_eq!(Percent::parse("d", "12.5").unwrap().to_string(), "12.5");
    assert_eq!(
        Percent::parse("d", "100").unwrap().value(),
        Decimal::ONE_HUNDRED
    );
    assert_eq!(Percent::parse_or_zero("d", " ").unwrap(), Percent::ZERO);
    assert!(matches!(
        kind(Percent::parse("d", "100.01")),
        FieldErrorKind::AboveMax { .. }
    ));
    assert_eq!(kind(Percent::parse("d", "-5")), FieldErrorKind::Negative);
}

#[test]
fn prices_respect_the_currency_exponent() {
    assert_eq!(
        price("p", "1234.5", Currency::CNY).unwrap().minor(),
        123_450
    );
    assert_eq!(price("p", "1200", Currency::JPY).unwrap().minor(), 1200);
    assert_eq!(
        kind(price("p", "12.5", Currency::JPY)),
        FieldErrorKind::TooManyDecimals { max: 0 }
    );
    assert_eq!(price("p", "1.234", Currency::KWD).unwrap().minor(), 1234);
    assert_eq!(
        kind(price("p", "-0.01", Currency::USD)),
        FieldErrorKind::Negative
    );
    assert_eq!(
        kind(price("p", "twelve", Currency::USD)),
        FieldErrorKind::NotANumber
    );
    assert!(matches!(
        kind(price("p", "10000000000000", Currency::USD)),
        FieldErrorKind::AboveMax { .. }
    ));
}
