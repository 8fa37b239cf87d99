use super::*;

#[test]
fn quote_discounts_round_trip_through_their_stored_form() {
    let pct = Percent::parse("p", "7.5").unwrap_or(Percent::ZERO);
    for d in [
        QuoteDiscount::None,
        QuoteDiscount::Percent(pct),
        QuoteDiscount::Amount(Money::from_minor(10_050, Currency::CNY)),
    ] {
        let raw = encode_discount(d);
        assert_eq!(decode_discount(&raw, Currency::CNY).ok(), Some(d), "{raw}");
    }
    assert_eq!(encode_discount(QuoteDiscount::Percent(pct)), "percent:7.5");
    assert!(decode_discount("bogus:1", Currency::CNY).is_err());
    assert!(decode_discount("amount:-1", Currency::CNY).is_err());
}

#[test]
fn a_stored_pdf_language_reads_back_and_an_unknown_one_prints_in_the_default() {
    assert_eq!(decode_pdf_lang(""), None);
    for l in PdfLanguage::ALL {
        assert_eq!(decode_pdf_lang(PdfLanguage::choice_code(Some(l))), Some(l));
    }
    assert_eq!(decode_pdf_lang("ja"), None);
}
