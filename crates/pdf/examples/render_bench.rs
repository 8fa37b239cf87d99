//! Times `render_quote` on synthetic quotes.
//!
//! ```text
//! cargo run --release -p fieldquote-pdf --example render_bench [LINES...]
//! ```
//! Defaults to 120 and 500 lines. Prints min and median milliseconds over several renders (the
//! first, which also parses the bundled font, is reported separately), page count and PDF size.

use std::time::Instant;

use fieldquote_domain::Currency;
use fieldquote_domain::account::Account;
use fieldquote_domain::company::CompanyProfile;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteLineView, QuoteTotalsView, QuoteView};
use fieldquote_pdf::{PdfLanguage, RenderOptions, render_quote};

const RUNS: usize = 15;

fn quote(lines: usize) -> QuoteView {
    let lines = (0..lines)
        .map(|i| {
            let description = match i % 4 {
                0 => format!(
                    "Heavy-duty stainless steel conveyor module #{i}, 1200 mm belt width, with motor, \
                     gearbox and on-site commissioning"
                ),
                1 => format!("PLC 控制器 S7-1200 第 {i} 号，含编程与现场调试服务"),
                2 => "伺服电机及驱动器套装（含编码器电缆 5 米、动力电缆 5 米）".to_string(),
                _ => format!("Proximity sensor M18, PNP, item {i}"),
            };
            QuoteLineView {
                id: None,
                product_id: Default::default(),
                sku: format!("SKU-{i:05}"),
                description,
                unit: "台".into(),
                quantity: "3".into(),
                unit_price: "12800.00".into(),
                discount_percent: "5".into(),
                tax_rate: "13".into(),
                list_amount: "38400.00".into(),
                amount: "36480.00".into(),
                net: "36480.00".into(),
                tax: "4742.40".into(),
                gross: "41222.40".into(),
                counts_in_totals: true,
                ..Default::default()
            }
        })
        .collect();
    QuoteView {
        id: None,
        number: Some("Q-2026-0042".into()),
        status: QuoteStatus::Sent,
        shown_status: QuoteStatus::Sent,
        actions: Default::default(),
        customer: Some(Account {
            id: Default::default(),
            name: "上海华东机电设备有限公司".into(),
            contact_person: "王建国".into(),
            phone: "021-6543 2100".into(),
            email: "purchasing@huadong.example".into(),
            address: "上海市浦东新区张江高科技园区碧波路 690 号".into(),
            tax_id: "91310115MA1H7XXXXX".into(),
            updated_at: String::new(),
            ..Account::default()
        }),
        currency: Currency::CNY,
        issue_date: "2026-03-01".into(),
        valid_until: "2026-03-31".into(),
        notes: "Delivery within 4 weeks. 价格含运费。".into(),
        payment_terms: String::new(),
        delivery_terms: String::new(),
        pdf_lang: None,
        revision: 0,
        revises_id: None,
        revises_number: None,
        quote_discount: Default::default(),
        lines,
        subtotal: "1234567.00".into(),
        tax: "160493.71".into(),
        total: "1395060.71".into(),
        totals: QuoteTotalsView {
            subtotal: "1234567.00".into(),
            tax: "160493.71".into(),
            total: "1395060.71".into(),
            lines_total: "1234567.00".into(),
            quote_discount: "0.00".into(),
            ..Default::default()
        },
        discount_review: Default::default(),
        approval: None,
        errors: Vec::new(),
        shown: Default::default(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    if sizes.is_empty() {
        sizes = vec![120, 500];
    }
    let company = CompanyProfile {
        name: "Northwind Industrial Supply Ltd.".into(),
        address: "88 Harbour Road, Wan Chai, Hong Kong".into(),
        phone: "+852 2345 6789".into(),
        email: "sales@northwind.example".into(),
        tax_id: "HK-12345678".into(),
        currency: Currency::CNY,
        bank: Default::default(),
    };
    let opts = RenderOptions {
        lang: PdfLanguage::Zh,
        ..RenderOptions::default()
    };

    let first = Instant::now();
    render_quote(&quote(1), &company, &opts)?;
    println!(
        "first render (parses the bundled font): {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );

    for n in sizes {
        let q = quote(n);
        let mut times = Vec::with_capacity(RUNS);
        let mut bytes = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            bytes = render_quote(&q, &company, &opts)?;
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        // Page dictionaries are not compressed (PDF 1.3, no object streams).
        let raw = String::from_utf8_lossy(&bytes);
        let pages = raw
            .matches("/Type/Page")
            .count()
            .saturating_sub(raw.matches("/Type/Pages").count());
        println!(
            "{n:>5} lines, {pages} pages: min {:.1} ms, median {:.1} ms over {RUNS} runs; {} bytes ({:.0} KB)",
            times[0],
            times[RUNS / 2],
            bytes.len(),
            bytes.len() as f64 / 1024.0,
        );
    }
    Ok(())
}
