use super::*;
use crate::document::PdfLanguage;

#[test]
fn the_standard_template_is_valid_in_every_language_and_uses_only_known_placeholders() {
    for lang in PdfLanguage::ALL {
        let t = standard_template(lang);
        assert_eq!(t.lang, lang);
        ProposalTemplate::check(&t.sections).expect("a valid shape");
        for s in &t.sections {
            for name in placeholder::placeholders(&s.body).expect("closed") {
                assert!(placeholder::is_known(&name), "{name} in {}", s.title);
            }
        }
        let kinds: Vec<SectionKind> = t.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds.first(), Some(&SectionKind::Cover));
        assert_eq!(kinds.last(), Some(&SectionKind::Signature));
        assert!(
            kinds.contains(&SectionKind::Pricing) && kinds.contains(&SectionKind::Requirements)
        );
    }
    assert_eq!(
        standard_template(PdfLanguage::Zh).sections[4].title,
        "需求应答"
    );
    assert_eq!(
        standard_template(PdfLanguage::Bilingual).sections[1].title,
        "Contents 目录"
    );
}

#[test]
fn file_names_follow_the_pattern_and_are_safe() {
    let mut v = PlaceholderValues::new();
    v.insert("client.name".into(), "上海华东/机电: \"A\"".into());
    v.insert("proposal.title".into(), "Line 3".into());
    v.insert("date".into(), "2026-12-06".into());
    assert_eq!(
        file_name(DEFAULT_FILE_NAME, &v).expect("named"),
        "上海华东_机电_ _A_ - Line 3 - 2026-12-06.pdf"
    );
    assert_eq!(
        file_name("{{client.nickname}}", &v),
        Err(PlaceholderError::Unknown("client.nickname".into()))
    );
    assert_eq!(file_name("..", &v).expect("named"), "proposal.pdf");
    let long = file_name(&"x".repeat(400), &v).expect("named");
    assert_eq!(long.chars().count(), standard::MAX_FILE_NAME + 4);
}
