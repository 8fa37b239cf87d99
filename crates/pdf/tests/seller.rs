//! Who sends the quote and where to pay: the sales contact under the dates and the bank account beside the
//! client, read back with `pdftotext` in each language; what is empty is not printed.

mod common;

use common::*;
use fieldquote_domain::company::{BankDetails, SellerContact};
use fieldquote_pdf::{PdfLanguage, RenderOptions, render_quote};

fn render_with(bank: BankDetails, seller: SellerContact, lang: PdfLanguage) -> Vec<u8> {
    let mut company = company();
    company.bank = bank;
    render_quote(
        &discounted_quote(),
        &company,
        &RenderOptions {
            lang,
            seller,
            ..RenderOptions::default()
        },
    )
    .expect("the quote renders")
}

/// The text of the PDF's lines, each squeezed of spaces, so a wrapped value can be found whole.
fn text_of(dir: &std::path::Path, name: &str, bytes: &[u8]) -> (String, String) {
    let pdf = write(dir, name, bytes);
    assert_eq!(pages(&pdf), 1, "{name} fits on one page");
    let text = poppler("pdftotext", &[], &pdf);
    (squeezed(&text), text)
}

#[test]
fn the_sales_contact_and_the_bank_account_are_printed_with_their_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            PdfLanguage::En,
            [
                "Salescontact:李明LiMing",
                "Tel.:+861381650 2231",
                "Email:li.ming@ecsmartcontrol.cn",
                "Paymentto",
                "Accountname:华东智控科技有限公司",
                "Accountno.:1001234509000123456",
                "Bank:中国工商银行IndustrialandCommercialBankofChina",
                "Branch:上海张江支行ShanghaiZhangjiang",
                "SWIFT/BIC:ICBKCNBJSHI",
            ],
        ),
        (
            PdfLanguage::Zh,
            [
                "销售代表：李明LiMing",
                "电话：+861381650 2231",
                "邮箱：li.ming@ecsmartcontrol.cn",
                "收款账户",
                "户名：华东智控科技有限公司",
                "账号：1001234509000123456",
                "开户银行：中国工商银行IndustrialandCommercialBankofChina",
                "开户支行：上海张江支行ShanghaiZhangjiang",
                "SWIFT/BIC：ICBKCNBJSHI",
            ],
        ),
        (
            PdfLanguage::Bilingual,
            [
                "Salescontact销售代表:李明LiMing",
                "Tel.电话:+861381650 2231",
                "Email邮箱:li.ming@ecsmartcontrol.cn",
                "Paymentto收款账户",
                "Accountname户名:华东智控科技有限公司",
                "Accountno.账号:1001234509000123456",
                "Bank开户银行:中国工商银行IndustrialandCommercialBankofChina",
                "Branch开户支行:上海张江支行ShanghaiZhangjiang",
                "SWIFT/BIC:ICBKCNBJSHI",
            ],
        ),
    ];
    for (lang, expected) in cases {
        let bytes = render_with(demo_bank(), demo_seller(), lang);
        let (flat, text) = text_of(dir.path(), &format!("seller-{lang:?}.pdf"), &bytes);
        for printed in expected {
            let printed = squeezed(printed);
            assert!(flat.contains(&printed), "{printed} in {lang:?}:\n{text}");
        }
        assert!(
            flat.contains("销售工程师SalesEngineer"),
            "the title:\n{text}"
        );
    }
}

#[test]
fn the_bank_account_is_beside_the_client_and_the_contact_under_the_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render_with(demo_bank(), demo_seller(), PdfLanguage::En);
    let (flat, text) = text_of(dir.path(), "order.pdf", &bytes);
    let at = |s: &str| {
        flat.find(s)
            .unwrap_or_else(|| panic!("{s} not in:\n{text}"))
    };
    assert!(at("Billto") < at("Paymentto"), "{text}");
    assert!(
        at("Paymentto") < at("Description"),
        "above the lines:\n{text}"
    );
    // The contact sits with the quote's dates, above the client.
    assert!(at("Validuntil") < at("Salescontact"), "{text}");
    assert!(at("Salescontact") < at("Billto"), "{text}");
}

#[test]
fn what_is_empty_is_not_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render_with(
        BankDetails::default(),
        SellerContact::default(),
        PdfLanguage::En,
    );
    let (flat, text) = text_of(dir.path(), "none.pdf", &bytes);
    for absent in ["Salescontact", "Paymentto", "Accountno.", "SWIFT"] {
        assert!(!flat.contains(absent), "{absent} in:\n{text}");
    }
    // Only a phone and an account without branch or SWIFT.
    let bank = BankDetails {
        branch: String::new(),
        swift: String::new(),
        ..demo_bank()
    };
    let seller = SellerContact {
        phone: "+86 21 5080 1299".into(),
        ..SellerContact::default()
    };
    let bytes = render_with(bank, seller, PdfLanguage::En);
    let (flat, text) = text_of(dir.path(), "some.pdf", &bytes);
    assert!(flat.contains(&squeezed("Tel.: +86 21 5080 1299")), "{text}");
    assert!(!flat.contains("Salescontact"), "{text}");
    assert!(flat.contains("Accountno.:1001234509000123456"), "{text}");
    assert!(
        !flat.contains("Branch") && !flat.contains("SWIFT"),
        "{text}"
    );
}
