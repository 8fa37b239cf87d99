//! Helpers shared by the PDF test files: sample quotes, rendering, and reading the PDFs back with poppler
//! (`pdftotext`, `pdfinfo`, `pdffonts`).
#![allow(dead_code)]

pub mod priced;
pub mod printed;
pub mod proposal;

use std::path::{Path, PathBuf};
use std::process::Command;

use fieldquote_domain::Currency;
use fieldquote_domain::account::Account;
use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteLineView, QuoteTotalsView, QuoteView, TaxRateView};
use fieldquote_pdf::{PdfLanguage, RenderOptions, render_quote};

pub const CUSTOMER_ZH: &str = "上海华东机电设备有限公司";

pub fn company() -> CompanyProfile {
    CompanyProfile {
        name: "Northwind Industrial Supply Ltd.".into(),
        address: "88 Harbour Road, Wan Chai, Hong Kong".into(),
        phone: "+852 2345 6789".into(),
        email: "sales@northwind.example".into(),
        tax_id: "HK-12345678".into(),
        currency: Currency::CNY,
        bank: Default::default(),
    }
}

/// Bank details like the demo company's: bilingual bank and branch names, every field given.
pub fn demo_bank() -> BankDetails {
    BankDetails {
        bank_name: "中国工商银行 Industrial and Commercial Bank of China".into(),
        account_name: "华东智控科技有限公司".into(),
        account_number: "1001 2345 0900 0123 456".into(),
        branch: "上海张江支行 Shanghai Zhangjiang Sub-branch".into(),
        swift: "ICBKCNBJSHI".into(),
    }
}

/// A sales contact like the demo laptop's.
pub fn demo_seller() -> SellerContact {
    SellerContact {
        name: "李明 Li Ming".into(),
        title: "销售工程师 Sales Engineer".into(),
        phone: "+86 138 1650 2231".into(),
        email: "li.ming@ecsmartcontrol.cn".into(),
    }
}

pub fn customer(name: &str) -> Account {
    Account {
        id: Default::default(),
        name: name.into(),
        contact_person: "王建国".into(),
        phone: "021-6543 2100".into(),
        email: "purchasing@huadong.example".into(),
        address: "上海市浦东新区张江高科技园区碧波路 690 号".into(),
        tax_id: "91310115MA1H7XXXXX".into(),
        updated_at: "2026-01-02T03:04:05Z".into(),
        ..Account::default()
    }
}

/// A tax-exclusive line with no quote discount, so its amount is its net (the figures are made up: only
/// `common::priced` quotes add up).
pub fn line(sku: &str, description: &str, net: &str) -> QuoteLineView {
    QuoteLineView {
        id: None,
        product_id: Default::default(),
        sku: sku.into(),
        description: description.into(),
        unit: "台".into(),
        quantity: "2".into(),
        unit_price: "1940.00".into(),
        discount_percent: "0".into(),
        tax_rate: "13".into(),
        amount: net.into(),
        net: net.into(),
        tax: "0.00".into(),
        gross: net.into(),
        counts_in_totals: true,
        ..Default::default()
    }
}

pub fn quote(lines: Vec<QuoteLineView>, customer_name: &str) -> QuoteView {
    QuoteView {
        id: None,
        number: Some("Q-2026-0042".into()),
        status: QuoteStatus::Sent,
        shown_status: QuoteStatus::Sent,
        actions: Default::default(),
        customer: Some(customer(customer_name)),
        currency: Currency::CNY,
        issue_date: "2026-03-01".into(),
        valid_until: "2026-03-31".into(),
        notes: "Delivery within 4 weeks after order confirmation. 价格含运费。".into(),
        payment_terms: String::new(),
        delivery_terms: String::new(),
        pdf_lang: None,
        revision: 0,
        revises_id: None,
        revises_number: None,
        quote_discount: Default::default(),
        lines,
        subtotal: "465600.00".into(),
        tax: "60528.00".into(),
        total: "526128.00".into(),
        totals: QuoteTotalsView {
            subtotal: "465600.00".into(),
            tax: "60528.00".into(),
            total: "526128.00".into(),
            lines_total: "465600.00".into(),
            quote_discount: "0.00".into(),
            ..Default::default()
        },
        discount_review: Default::default(),
        approval: None,
        errors: Vec::new(),
        shown: Default::default(),
    }
}

/// 120 lines mixing Chinese and English descriptions, every seventh long enough to wrap.
pub fn big_quote() -> QuoteView {
    let lines = (0..120)
        .map(|i| {
            let description = match i % 7 {
                0 => format!(
                    "Heavy-duty stainless steel conveyor module #{i}, 1200 mm belt width, including \
                     motor, gearbox, frame, emergency stop and on-site installation and commissioning"
                ),
                1 => format!("PLC 控制器 S7-1200 第 {i} 号，含编程与现场调试服务，质保两年"),
                2 => "变频器 7.5kW".to_string(),
                3 => format!("Proximity sensor M18, PNP, item {i}"),
                4 => "伺服电机及驱动器套装（含编码器电缆 5 米、动力电缆 5 米、安装支架）".to_string(),
                5 => "Cable tray 2 m".to_string(),
                _ => format!("工业触摸屏 10 寸 #{i}"),
            };
            line(&format!("SKU-{i:04}"), &description, "3880.00")
        })
        .collect();
    quote(lines, CUSTOMER_ZH)
}

pub fn render(q: &QuoteView, lang: PdfLanguage) -> Vec<u8> {
    render_quote(
        q,
        &company(),
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
    )
    .expect("the quote renders")
}

/// Write the PDF into the test's temp dir (and into `$FIELDQUOTE_PDF_OUT`, if set, to look at).
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    if let Some(out) = std::env::var_os("FIELDQUOTE_PDF_OUT") {
        std::fs::write(Path::new(&out).join(name), bytes)
            .expect("write the PDF to $FIELDQUOTE_PDF_OUT");
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    path
}

pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("run {tool} (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler prints UTF-8")
}

pub fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

pub fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
}

/// pdftotext's text with all whitespace removed, so words split over lines still match.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every font of the PDF is embedded and subset.
pub fn assert_fonts_embedded_and_subset(pdf: &Path) -> String {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "unexpected pdffonts row {row:?}");
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni of {row:?}\n{fonts}"
        );
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "subset tag on {row:?}"
        );
    }
    fonts
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("read the fixture")
}

/// Two tax rates, a quote discount and a CNY total of 12,345.67.
pub fn discounted_quote() -> QuoteView {
    let mut q = quote(
        vec![
            line("PUMP-01", "Centrifugal pump, 5.5 kW", "10476.00"),
            line("SVC-01", "Installation and commissioning", "536.79"),
        ],
        "Acme Manufacturing Inc.",
    );
    // The pump carries the whole discount.
    q.lines[0].amount = "10976.00".into();
    q.lines[0].quote_discount_share = "500.00".into();
    q.subtotal = "11012.79".into();
    q.tax = "1332.88".into();
    q.total = "12345.67".into();
    q.totals = QuoteTotalsView {
        lines_total: "11512.79".into(),
        quote_discount: "500.00".into(),
        subtotal: "11012.79".into(),
        tax: "1332.88".into(),
        total: "12345.67".into(),
        tax_by_rate: vec![
            TaxRateView {
                rate: "13".into(),
                net: "10476.00".into(),
                tax: "1361.88".into(),
            },
            TaxRateView {
                rate: "6".into(),
                net: "536.79".into(),
                tax: "32.21".into(),
            },
        ],
        total_in_capitals: Some("壹万贰仟叁佰肆拾伍元陆角柒分".into()),
        ..Default::default()
    };
    q
}

/// A bundle line and its components, as the store prices them.
pub fn bundle_lines(
    sku: &str,
    pricing: &str,
    at: u32,
    parts: &[(&str, &str, &str)],
) -> Vec<QuoteLineView> {
    use fieldquote_domain::quote::QuoteLineKind;
    let mut bundle = line(sku, &format!("{sku} module"), "9999.00");
    bundle.kind = QuoteLineKind::Bundle;
    bundle.bundle_pricing = pricing.into();
    bundle.quantity = "1".into();
    bundle.unit_price = if pricing == "sum" {
        "7777.00".into()
    } else {
        "8200.00".into()
    };
    bundle.net = if pricing == "sum" {
        "7777.00".into()
    } else {
        "8200.00".into()
    };
    bundle.amount = bundle.net.clone();
    bundle.counts_in_totals = pricing == "fixed";
    let mut lines = vec![bundle];
    for (part, description, net) in parts {
        let mut l = line(part, description, net);
        l.kind = QuoteLineKind::Component;
        l.parent = Some(at);
        l.depth = 1;
        l.unit_price = "1234.00".into();
        l.counts_in_totals = pricing == "sum";
        lines.push(l);
    }
    lines
}

/// The column where `needle` starts on the first layout line holding it.
pub fn column_of(text: &str, needle: &str) -> usize {
    text.lines()
        .find_map(|l| l.find(needle).map(|byte| l[..byte].chars().count()))
        .unwrap_or_else(|| panic!("{needle:?} in:\n{text}"))
}

/// The words of the signature block on `page`, which must all be there.
pub fn assert_signature_block(pdf: &Path, page: usize, words: [&str; 5]) {
    let text = squeezed(&page_text(pdf, page));
    for word in words {
        assert!(text.contains(word), "{word:?} on page {page}:\n{text}");
    }
}
