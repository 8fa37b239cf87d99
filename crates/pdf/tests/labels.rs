//! The printed words in English, Chinese and both, revisions and terms.

mod common;

use common::*;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_pdf::PdfLanguage;

#[test]
fn chinese_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = big_quote();
    q.status = QuoteStatus::Draft;
    let pdf = write(dir.path(), "zh.pdf", &render(&q, PdfLanguage::Zh));
    let n = pages(&pdf);
    let first = squeezed(&page_text(&pdf, 1));
    for expected in [
        "报价单",
        "报价单号",
        "草稿",
        "客户",
        "联系人：王建国",
        "描述",
        "金额（不含税）",
    ] {
        assert!(first.contains(expected), "{expected:?} in:\n{first}");
    }
    assert!(
        first.contains(&format!("第1页/共{n}页")),
        "page number in:\n{first}"
    );
    // The totals end the table; the terms and the signatures follow, together.
    let end = squeezed(&(page_text(&pdf, n - 1) + &page_text(&pdf, n)));
    assert!(
        end.contains("合计CNY526,128.00"),
        "the total at the end:\n{end}"
    );
    let last = squeezed(&page_text(&pdf, n));
    assert!(
        last.contains("备注") && last.contains("签字"),
        "notes and signatures on the last page:\n{last}"
    );
}

#[test]
fn bilingual_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = big_quote();
    q.status = QuoteStatus::Draft;
    q.totals = discounted_quote().totals;
    q.payment_terms = "30 % 预付".into();
    let pdf = write(
        dir.path(),
        "bilingual.pdf",
        &render(&q, PdfLanguage::Bilingual),
    );
    let n = pages(&pdf);
    assert!(n > 1);
    let first = squeezed(&page_text(&pdf, 1));
    for expected in [
        "QUOTATION报价单",
        "QuoteNo.报价单号:Q-2026-0042",
        "DRAFT草稿",
        "Billto客户",
        "Attn.联系人:王建国",
        &format!("Page1of{n}第1页/共{n}页"),
    ] {
        assert!(first.contains(expected), "{expected:?} in:\n{first}");
    }
    // Column headers wrap within their cells; both languages are on every page of the table.
    for page in 1..=n {
        let text = squeezed(&page_text(&pdf, page));
        if !text.contains("SKU-0") {
            continue;
        }
        for word in [
            "SKU",
            "编号",
            "Description",
            "描述",
            "Qty",
            "数量",
            "单价",
            "折扣",
        ] {
            assert!(text.contains(word), "{word:?} on page {page}:\n{text}");
        }
    }
    let all = squeezed(&poppler("pdftotext", &["-layout"], &pdf));
    for expected in [
        "Subtotal小计",
        "VAT增值税13%onCNY10,476.00",
        "Total合计CNY12,345.67",
        "人民币大写:壹万贰仟叁佰肆拾伍元陆角柒分",
        "Termsandconditions条款",
        "Paymentterms付款条件",
        "Notes备注",
    ] {
        assert!(all.contains(expected), "{expected:?} in:\n{all}");
    }
    assert_signature_block(
        &pdf,
        n,
        [
            "Forthecompany供方",
            "Fortheclient需方",
            "Name姓名:",
            "Signature签字:",
            "Date日期:",
        ],
    );
    assert_fonts_embedded_and_subset(&pdf);
}

#[test]
fn a_revision_says_which_quote_it_revises() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    q.number = Some("Q-2026-0042-R1".into());
    q.revision = 1;
    q.revises_number = Some("Q-2026-0042".into());
    let pdf = write(dir.path(), "revision.pdf", &render(&q, PdfLanguage::En));
    let first = squeezed(&page_text(&pdf, 1));
    assert!(first.contains("QuoteNo.:Q-2026-0042-R1"), "{first}");
    assert!(first.contains("Revision1ofQ-2026-0042"), "{first}");
    let pdf = write(dir.path(), "revision-zh.pdf", &render(&q, PdfLanguage::Zh));
    let first = squeezed(&page_text(&pdf, 1));
    assert!(first.contains("修订版1（原报价Q-2026-0042）"), "{first}");

    q.revises_number = None;
    let pdf = write(dir.path(), "original.pdf", &render(&q, PdfLanguage::En));
    assert!(!squeezed(&page_text(&pdf, 1)).contains("Revision"));
}

#[test]
fn terms_print_when_given_and_long_ones_wrap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    q.payment_terms = "30 % with the order, 70 % before shipment, by bank transfer. ".repeat(6);
    q.delivery_terms = "FCA Shanghai, 4 weeks after the down payment 预付款到账后四周交货".into();
    let pdf = write(dir.path(), "terms.pdf", &render(&q, PdfLanguage::En));
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let flat = squeezed(&text);
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{text}"));
    assert!(at("TotalCNY12,345.67") < at("Termsandconditions"));
    assert!(at("Termsandconditions") < at("Paymentterms30%withtheorder"));
    assert!(at("Paymentterms") < at("DeliverytermsFCAShanghai"));
    assert!(at("Deliveryterms") < at("ValidityValiduntil2026-03-31"));
    assert!(at("Validity") < at("NotesDeliverywithin4weeks"));
    assert_eq!(flat.matches("bybanktransfer").count(), 6, "{text}");
    // The long payment terms wrap onto several lines within the margins.
    let lines = text.lines().filter(|l| l.contains("shipment")).count();
    assert!(lines >= 3, "{text}");

    // Nothing to say: no heading, no empty items.
    q.payment_terms = String::new();
    q.delivery_terms = " ".into();
    q.valid_until = String::new();
    q.notes = String::new();
    let pdf = write(dir.path(), "no-terms.pdf", &render(&q, PdfLanguage::Zh));
    let flat = squeezed(&poppler("pdftotext", &[], &pdf));
    for absent in ["条款", "付款条件", "交货条件", "有效期", "备注"] {
        assert!(!flat.contains(absent), "{absent:?} in {flat}");
    }
}
