use super::*;

#[test]
fn codes_are_the_stored_and_synced_words() {
    let codes: Vec<&str> = PdfLanguage::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, ["en", "zh", "bilingual"]);
    assert_eq!(PdfLanguage::choice_code(None), "");
    assert_eq!(PdfLanguage::choice_code(Some(PdfLanguage::Zh)), "zh");
    for l in PdfLanguage::ALL {
        assert_eq!(PdfLanguage::parse_choice(l.code()), Ok(Some(l)));
        assert_eq!(
            serde_json::to_value(l).expect("serializes"),
            serde_json::json!(l.code())
        );
    }
}

#[test]
fn a_choice_is_read_leniently_but_never_guessed() {
    assert_eq!(PdfLanguage::parse_choice(""), Ok(None));
    assert_eq!(PdfLanguage::parse_choice("  "), Ok(None));
    assert_eq!(
        PdfLanguage::parse_choice(" Bilingual "),
        Ok(Some(PdfLanguage::Bilingual))
    );
    let err = PdfLanguage::parse_choice("fr").unwrap_err();
    assert_eq!(err, UnknownPdfLanguage("fr".into()));
    assert_eq!(
        err.to_string(),
        "unknown PDF language \"fr\": use en, zh or bilingual"
    );
}

#[test]
fn the_first_choice_made_wins() {
    use PdfLanguage::{Bilingual, En, Zh};
    // Chosen for this print > the quote's own > the device's setting > the front door's default.
    assert_eq!(
        PdfLanguage::resolve(Some(Zh), Some(Bilingual), Some(En), En),
        Zh
    );
    assert_eq!(
        PdfLanguage::resolve(None, Some(Bilingual), Some(Zh), En),
        Bilingual
    );
    assert_eq!(PdfLanguage::resolve(None, None, Some(Zh), En), Zh);
    assert_eq!(PdfLanguage::resolve(None, None, None, Bilingual), Bilingual);
    assert_eq!(PdfLanguage::default(), En);
}
