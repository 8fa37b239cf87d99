use super::*;

#[test]
fn page_numbers_in_both_languages() {
    assert_eq!(Labels::get(PdfLanguage::En).page_of(2, 5), "Page 2 of 5");
    assert_eq!(
        Labels::get(PdfLanguage::Zh).page_of(2, 5),
        "第 2 页 / 共 5 页"
    );
    assert_eq!(
        Labels::get(PdfLanguage::Bilingual).page_of(2, 5),
        "Page 2 of 5 第 2 页 / 共 5 页"
    );
}

#[test]
fn bilingual_labels_read_english_then_chinese() {
    let bi = Labels::get(PdfLanguage::Bilingual);
    assert_eq!(bi.total, "Total 合计");
    assert_eq!(bi.title, "QUOTATION 报价单");
    assert_eq!(bi.in_capitals, "人民币大写");
    assert_eq!(
        bi.tax_at_rate("13", "CNY 10,476.00"),
        "VAT 增值税 13 % on CNY 10,476.00"
    );
    assert_eq!(
        bi.revision_of(1, "Q-1"),
        "Revision 1 of Q-1 修订版 1（原报价 Q-1）"
    );
}

#[test]
fn revisions_in_both_languages() {
    assert_eq!(
        Labels::get(PdfLanguage::En).revision_of(1, "Q-2026-0007"),
        "Revision 1 of Q-2026-0007"
    );
    assert_eq!(
        Labels::get(PdfLanguage::Zh).revision_of(1, "Q-2026-0007"),
        "修订版 1（原报价 Q-2026-0007）"
    );
}

#[test]
fn tax_rows_in_both_languages() {
    assert_eq!(
        Labels::get(PdfLanguage::En).tax_at_rate("13", "CNY 10,476.00"),
        "VAT 13 % on CNY 10,476.00"
    );
    assert_eq!(
        Labels::get(PdfLanguage::Zh).tax_at_rate("13", "CNY 10,476.00"),
        "增值税 13%（计税金额 CNY 10,476.00）"
    );
}
