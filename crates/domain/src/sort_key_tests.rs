use super::*;

#[test]
fn chinese_names_spell_as_pinyin_syllables() {
    assert_eq!(sort_key("苏州精工"), "su zhou jing gong");
    assert_eq!(
        sort_key("深圳华为技术有限公司"),
        "shen zhen hua wei ji shu you xian gong si"
    );
    assert_eq!(
        sort_key("  Siemens-Lindqvist  Process AB "),
        "siemens-lindqvist process ab"
    );
    assert_eq!(sort_key("ABB(中国)"), "abb( zhong guo )");
    assert_eq!(sort_key(""), "");
}

#[test]
fn names_sort_in_pinyin_order_syllable_by_syllable() {
    let mut names = vec![
        "中国石化",
        "Apple",
        "阿里巴巴",
        "先锋电子",
        "西安交大",
        "北京精密",
        "Zeiss",
        "苏州精工",
        "博世",
    ];
    names.sort_by_key(|n| (sort_key(n), n.to_string()));
    assert_eq!(
        names,
        [
            "阿里巴巴",
            "Apple",
            "北京精密",
            "博世",
            "苏州精工",
            "西安交大",
            "先锋电子",
            "Zeiss",
            "中国石化",
        ]
    );
}
