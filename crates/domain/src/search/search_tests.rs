use super::*;

#[test]
fn terms_cut_chinese_into_overlapping_pairs_and_latin_into_words() {
    assert_eq!(terms("深圳华为"), "深圳 圳华 华为 为");
    assert_eq!(terms("华"), "华");
    assert_eq!(
        terms("Siemens-Lindqvist 华为 AB2"),
        "siemens lindqvist 华为 为 ab2"
    );
    assert_eq!(terms("wang.fang@example.com"), "wang fang example com");
    assert_eq!(terms("电话138-0000"), "电话 话 138 0000");
    assert_eq!(terms(""), "");
}

#[test]
fn pinyin_spells_chinese_runs_in_full_and_by_initials() {
    assert_eq!(pinyin("苏州精工"), "suzhoujinggong szjg");
    assert_eq!(pinyin("中华 Trading 精工"), "zhonghua zh jinggong jg");
    assert_eq!(pinyin("Siemens"), "");
    assert_eq!(
        pinyin_terms("苏州精工"),
        "suzhoujinggong zhoujinggong jinggong gong szjg zjg jg g"
    );
}

#[test]
fn pinyin_of_a_long_run_is_cut() {
    let long = "中".repeat(100);
    assert_eq!(
        pinyin(&long),
        format!("{} {}", "zhong".repeat(16), "z".repeat(16))
    );
    assert_eq!(pinyin_terms(&long).split(' ').count(), 32);
}

#[test]
fn key_lowercases_and_collapses_spacing() {
    assert_eq!(key("  Siemens   Lindqvist\tAB "), "siemens lindqvist ab");
}

#[test]
fn documents_carry_pinyin_only_for_named_kinds() {
    let account = document(SearchKind::Account, " 苏州精工 ", &["制造业", "", " 华东 "]);
    assert_eq!(account.title, "苏州精工");
    assert_eq!(account.body, "制造业 · 华东");
    assert_eq!(account.pinyin, "suzhoujinggong szjg");
    assert_eq!(account.title_key, "苏州精工");
    let activity = document(SearchKind::Activity, "拜访精工", &["谈了价格"]);
    assert_eq!(activity.pinyin, "");
    assert_eq!(activity.pinyin_terms, "");
}

#[test]
fn a_record_without_a_name_is_titled_by_its_text() {
    let feedback = document(
        SearchKind::Feedback,
        "",
        &["Delivery was late\nthree weeks", "apologised"],
    );
    assert_eq!(feedback.title, "Delivery was late…");
    assert_eq!(feedback.body, "Delivery was late\nthree weeks · apologised");
    let long = "x".repeat(100);
    let titled = document(SearchKind::Feedback, "", &[&long]);
    assert_eq!(titled.title.chars().count(), 61);
    assert!(document(SearchKind::Activity, "", &[]).title.is_empty());
}

#[test]
fn queries_quote_every_term_so_nothing_typed_is_syntax() {
    let q = SearchQuery::parse(r#"NEAR(a "b*" OR"#).unwrap();
    assert_eq!(q.key, r#"near(a "b*" or"#);
    assert_eq!(q.trigram_match(None).unwrap(), r#""near(a" AND """b*""""#);
    assert_eq!(q.words_match(None).unwrap(), r#""or"*"#);
}

#[test]
fn short_terms_go_to_the_word_table() {
    let q = SearchQuery::parse("华为 zh 华 a华 华为技术").unwrap();
    assert_eq!(
        q.words_match(Some("{title_terms pinyin_terms}")).unwrap(),
        r#"{title_terms pinyin_terms} : "华为" AND {title_terms pinyin_terms} : "zh"* AND {title_terms pinyin_terms} : "华"* AND {title_terms pinyin_terms} : "a"* AND {title_terms pinyin_terms} : "华"*"#
    );
    assert_eq!(q.trigram_match(None).unwrap(), r#""华为技术""#);
    assert_eq!(q.texts(), ["华为", "zh", "华", "a华", "华为技术"]);
}

#[test]
fn punctuation_alone_matches_nothing() {
    let q = SearchQuery::parse("\" *").unwrap();
    assert!(q.matches_nothing());
    assert!(q.trigram_match(None).is_none());
    assert!(q.words_match(None).is_none());
    let kept = SearchQuery::parse("( wang").unwrap();
    assert_eq!(kept.texts(), ["wang"]);
}

#[test]
fn bad_queries_are_refused_with_the_reason() {
    let message = |raw: &str| SearchQuery::parse(raw).unwrap_err().to_string();
    assert_eq!(message(""), "query: required");
    assert_eq!(message(" \t\n "), "query: required");
    assert_eq!(
        message(&"a".repeat(MAX_QUERY_CHARS as usize + 1)),
        "query: longer than 200 characters"
    );
    assert_eq!(
        message(&"华".repeat(100 * 1024 * 1024 / 3)),
        "query: longer than 200 characters"
    );
    assert_eq!(message("a\u{0}b"), "query: contains control characters");
    assert_eq!(
        message(&"a ".repeat(MAX_TERMS + 1)),
        "number of words in the query: must be at most 12"
    );
    assert!(SearchQuery::parse(&"a".repeat(MAX_QUERY_CHARS as usize)).is_ok());
}

#[test]
fn snippets_show_the_first_match_in_context() {
    let body = format!("{} 华为 {}", "前".repeat(40), "后".repeat(100));
    let s = snippet(&body, &["华为"]);
    assert!(s.starts_with('…') && s.ends_with('…'));
    assert!(s.contains("华为"));
    assert_eq!(s.chars().count(), 82);
    assert_eq!(snippet("Met  the\nCTO", &["cto"]), "Met the CTO");
    assert_eq!(snippet("short", &["absent"]), "short");
    assert_eq!(snippet("", &["x"]), "");
}

#[test]
fn ranks_order_tier_before_kind() {
    assert!(rank(Tier::Exact, SearchKind::Feedback) < rank(Tier::Prefix, SearchKind::Account));
    assert!(rank(Tier::Title, SearchKind::Activity) < rank(Tier::Body, SearchKind::Account));
    assert!(rank(Tier::Title, SearchKind::Account) < rank(Tier::Title, SearchKind::Contact));
    for kind in SearchKind::ALL {
        assert_eq!(SearchKind::of_entity(kind.entity()), Some(kind));
    }
}
