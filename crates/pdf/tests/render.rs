//! Renders real quotes and reads the PDFs back with poppler (`pdftotext`, `pdfinfo`, `pdffonts`).

use std::path::{Path, PathBuf};
use std::process::Command;

use fieldquote_domain::Currency;
use fieldquote_domain::company::CompanyProfile;
use fieldquote_domain::customer::Customer;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteLineView, QuoteTotalsView, QuoteView, TaxRateView};
use fieldquote_pdf::{Logo, PdfError, PdfLanguage as Lang, RenderOptions, render_quote};

const CUSTOMER_ZH: &str = "上海华东机电设备有限公司";

fn company() -> CompanyProfile {
    CompanyProfile {
        name: "Northwind Industrial Supply Ltd.".into(),
        address: "88 Harbour Road, Wan Chai, Hong Kong".into(),
        phone: "+852 2345 6789".into(),
        email: "sales@northwind.example".into(),
        tax_id: "HK-12345678".into(),
        currency: Currency::CNY,
    }
}

fn customer(name: &str) -> Customer {
    Customer {
        id: Default::default(),
        name: name.into(),
        contact_person: "王建国".into(),
        phone: "021-6543 2100".into(),
        email: "purchasing@huadong.example".into(),
        address: "上海市浦东新区张江高科技园区碧波路 690 号".into(),
        tax_id: "91310115MA1H7XXXXX".into(),
        updated_at: "2026-01-02T03:04:05Z".into(),
    }
}

fn line(sku: &str, description: &str, net: &str) -> QuoteLineView {
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
        net: net.into(),
        tax: "0.00".into(),
        gross: net.into(),
        ..Default::default()
    }
}

fn quote(lines: Vec<QuoteLineView>, customer_name: &str) -> QuoteView {
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
    }
}

/// 120 lines mixing Chinese and English descriptions, every seventh long enough to wrap.
fn big_quote() -> QuoteView {
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

fn render(q: &QuoteView, lang: Lang) -> Vec<u8> {
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
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    if let Some(out) = std::env::var_os("FIELDQUOTE_PDF_OUT") {
        std::fs::write(Path::new(&out).join(name), bytes)
            .expect("write the PDF to $FIELDQUOTE_PDF_OUT");
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    path
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
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

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
}

/// pdftotext's text with all whitespace removed, so words split over lines still match.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every font of the PDF is embedded and subset.
fn assert_fonts_embedded_and_subset(pdf: &Path) -> String {
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

#[test]
fn long_chinese_quote_spans_pages_with_subset_fonts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render(&big_quote(), Lang::En);
    let pdf = write(dir.path(), "big.pdf", &bytes);

    let text = poppler("pdftotext", &[], &pdf);
    let flat = squeezed(&text);
    assert!(flat.contains(CUSTOMER_ZH), "customer name in:\n{text}");
    assert!(flat.contains("Q-2026-0042"));
    assert!(flat.contains("CNY526,128.00"), "grouped total in:\n{text}");
    assert!(
        flat.contains("PLC控制器S7-1200第1号"),
        "Chinese description"
    );
    assert!(flat.contains("SKU-0119"), "the last line");
    assert!(pages(&pdf) > 1);
    assert_fonts_embedded_and_subset(&pdf);
    assert!(
        bytes.len() < 400_000,
        "subset, not the whole 5 MB font: {} bytes",
        bytes.len()
    );
}

#[test]
fn every_page_has_the_table_header_and_its_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(dir.path(), "big.pdf", &render(&big_quote(), Lang::En));
    let n = pages(&pdf);
    assert!(n > 1);
    for page in 1..=n {
        let text = page_text(&pdf, page);
        for column in ["SKU", "Description", "Qty", "Unit price", "Discount %"] {
            assert!(
                text.contains(column),
                "page {page} lacks header {column:?}:\n{text}"
            );
        }
        assert!(squeezed(&text).contains("Linetotal(net)"), "page {page}");
        assert!(
            text.contains(&format!("Page {page} of {n}")),
            "page {page} number:\n{text}"
        );
    }
    // Lines are not lost or repeated across page breaks.
    let all = poppler("pdftotext", &[], &pdf);
    for i in 0..120 {
        assert_eq!(all.matches(&format!("SKU-{i:04}")).count(), 1, "SKU-{i:04}");
    }
}

#[test]
fn short_english_quote_is_one_small_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = quote(
        vec![
            line("PUMP-01", "Centrifugal pump, 5.5 kW", "3880.00"),
            line("VALVE-02", "Ball valve DN50", "1200.50"),
        ],
        "Acme Manufacturing Inc.",
    );
    q.subtotal = "5080.50".into();
    q.tax = "660.47".into();
    q.total = "5740.97".into();
    q.totals = QuoteTotalsView {
        lines_total: "5080.50".into(),
        quote_discount: "0.00".into(),
        subtotal: "5080.50".into(),
        tax: "660.47".into(),
        total: "5740.97".into(),
        ..Default::default()
    };
    let bytes = render(&q, Lang::En);
    let pdf = write(dir.path(), "short.pdf", &bytes);
    assert_eq!(pages(&pdf), 1);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let text = poppler("pdftotext", &[], &pdf);
    for expected in [
        "Acme Manufacturing Inc.",
        "Centrifugal pump",
        "5,740.97",
        "Page 1 of 1",
        "QUOTATION",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    assert_fonts_embedded_and_subset(&pdf);
}

#[test]
fn chinese_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = big_quote();
    q.status = QuoteStatus::Draft;
    let pdf = write(dir.path(), "zh.pdf", &render(&q, Lang::Zh));
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
    let last = squeezed(&page_text(&pdf, n));
    assert!(
        last.contains("合计") && last.contains("备注"),
        "totals and notes on the last page"
    );
}

#[test]
fn quote_without_lines_renders_one_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = quote(Vec::new(), "Acme Manufacturing Inc.");
    q.number = None;
    q.customer = None;
    q.notes = String::new();
    q.status = QuoteStatus::Draft;
    let pdf = write(dir.path(), "empty.pdf", &render(&q, Lang::En));
    assert_eq!(pages(&pdf), 1);
    let text = poppler("pdftotext", &[], &pdf);
    assert!(
        text.contains("No lines.") && text.contains("DRAFT"),
        "{text}"
    );
    // A quote waiting for approval is still a draft on paper; an approved or sent one is not.
    for (status, draft) in [
        (QuoteStatus::PendingApproval, true),
        (QuoteStatus::Approved, false),
        (QuoteStatus::Sent, false),
    ] {
        q.status = status;
        let pdf = write(dir.path(), "status.pdf", &render(&q, Lang::En));
        let text = poppler("pdftotext", &[], &pdf);
        assert_eq!(text.contains("DRAFT"), draft, "{status:?}: {text}");
    }
}

#[test]
fn hostile_text_wraps_instead_of_overflowing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long_words = "Lorem ipsum dolor sit amet, 不锈钢输送带 consectetur adipiscing. ".repeat(80);
    let unbroken = "Z".repeat(3000);
    let lines = vec![
        line(
            "LONG",
            &long_words.chars().take(5000).collect::<String>(),
            "1.00",
        ),
        line(&"S".repeat(300), &unbroken, "2.00"),
        line(
            "CTRL",
            "tab\there\u{0}nul\u{7}bell 🚀 emoji \u{202E}bidi\r\nnext line",
            "3.00",
        ),
        line("NUM", "Huge numbers", "123456789012345678.99"),
    ];
    let mut q = quote(lines, &"很长的客户名称".repeat(40));
    q.notes = "备注 note ".repeat(600);
    let bytes = render(&q, Lang::Zh);
    let pdf = write(dir.path(), "hostile.pdf", &bytes);
    let n = pages(&pdf);
    assert!(n >= 3, "5,000 characters of text flow over pages, got {n}");
    assert_fonts_embedded_and_subset(&pdf);

    // No text runs past the right margin or below the bottom one.
    let bbox = poppler("pdftotext", &["-bbox"], &pdf);
    let (mut words, mut page) = (0, 0);
    for l in bbox.lines() {
        let l = l.trim();
        if l.starts_with("<page ") {
            page += 1;
        }
        if let Some(rest) = l.strip_prefix("<word ") {
            let attr = |name: &str| -> f32 {
                let start = rest.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                let end = rest[start..].find('"').expect("closing quote") + start;
                rest[start..end].parse().expect("a number")
            };
            assert!(
                attr("xMax") <= 595.3 - 42.0,
                "page {page} word past the right margin: {l}"
            );
            assert!(
                attr("yMax") <= 841.9 - 20.0,
                "page {page} word past the bottom: {l}"
            );
            assert!(
                attr("xMin") >= 42.0,
                "page {page} word before the left margin: {l}"
            );
            words += 1;
        }
    }
    assert!(words > 1000);
    let text = squeezed(&poppler("pdftotext", &[], &pdf));
    assert_eq!(
        text.matches('Z').count(),
        3000,
        "the unbroken string is broken by characters"
    );
    assert!(text.contains("123,456,789,012,345,678.99"));
    assert!(
        text.contains("tabherenulbell?emojibidi"),
        "control characters dropped, emoji replaced"
    );
}

#[test]
fn no_customer_name_needed_and_no_panic_on_odd_amounts() {
    let mut q = quote(vec![line("A", "", "not-a-number")], "");
    q.subtotal = String::new();
    q.total = "-0.5".into();
    q.issue_date = String::new();
    assert!(render_quote(&q, &company(), &RenderOptions::default()).is_ok());
}

/// Two tax rates, a quote discount and a CNY total of 12,345.67.
fn discounted_quote() -> QuoteView {
    let mut q = quote(
        vec![
            line("PUMP-01", "Centrifugal pump, 5.5 kW", "10476.00"),
            line("SVC-01", "Installation and commissioning", "536.79"),
        ],
        "Acme Manufacturing Inc.",
    );
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
    };
    q
}

#[test]
fn totals_show_the_discount_tax_by_rate_and_the_total_in_capitals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(
        dir.path(),
        "totals.pdf",
        &render(&discounted_quote(), Lang::En),
    );
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let flat = squeezed(&text);
    for expected in [
        "Linestotal",
        "CNY11,512.79",
        "Quotediscount-CNY500.00",
        "SubtotalCNY11,012.79",
        "VAT13%onCNY10,476.00CNY1,361.88",
        "VAT6%onCNY536.79CNY32.21",
        "TotalCNY12,345.67",
        "人民币大写:壹万贰仟叁佰肆拾伍元陆角柒分",
    ] {
        assert!(flat.contains(expected), "{expected:?} in:\n{text}");
    }
    // The rows come in order: discount before subtotal, the rates, then the total.
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s:?}"));
    assert!(at("Linestotal") < at("Quotediscount"));
    assert!(at("Quotediscount") < at("Subtotal"));
    assert!(at("Subtotal") < at("VAT13%"));
    assert!(at("VAT6%") < at("TotalCNY12,345.67"));
    assert!(at("TotalCNY12,345.67") < at("人民币大写"));

    // No discount: no discount row, no lines-total row; a USD quote has no capitals.
    let mut q = discounted_quote();
    q.totals.quote_discount = "0.00".into();
    q.totals.total_in_capitals = None;
    q.currency = Currency::USD;
    let pdf = write(dir.path(), "plain.pdf", &render(&q, Lang::Zh));
    let flat = squeezed(&poppler("pdftotext", &["-layout"], &pdf));
    assert!(
        !flat.contains("整单折扣") && !flat.contains("明细合计"),
        "{flat}"
    );
    assert!(!flat.contains("人民币大写"), "{flat}");
    assert!(
        flat.contains("增值税13%（计税金额USD10,476.00）USD1,361.88"),
        "{flat}"
    );
    assert_fonts_embedded_and_subset(&pdf);
}

#[test]
fn optional_items_have_their_own_section_and_stay_out_of_the_total() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    let mut chosen = line("OPT-A", "Spare impeller kit", "880.00");
    chosen.optional = true;
    chosen.selected = true;
    chosen.counts_in_totals = true;
    let mut declined = line("OPT-B", "Extended warranty, 3 years", "1500.00");
    declined.optional = true;
    q.lines.push(chosen);
    q.lines.insert(0, declined);
    let pdf = write(dir.path(), "optional.pdf", &render(&q, Lang::En));
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let flat = squeezed(&text);
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{text}"));
    assert_eq!(flat.matches("Optionalitems").count(), 1, "{text}");
    // Main lines first, then the options under their heading, then the totals.
    assert!(at("SVC-01") < at("Optionalitems"));
    assert!(at("Optionalitems") < at("OPT-B"));
    assert!(at("OPT-A") < at("TotalCNY12,345.67"));
    assert!(
        flat.contains("1,500.00") && flat.contains("880.00"),
        "prices shown"
    );
    // Each option's mark is printed under its description.
    assert!(at("OPT-B") < at("Notselected(notincludedinthetotal)"));
    assert!(at("Notselected(notincludedinthetotal)") < at("OPT-A"));
    assert!(at("OPT-A") < at("Selected(includedinthetotal)"));
    // The options' header repeats the table's columns.
    assert_eq!(flat.matches("Linetotal(net)").count(), 2, "{text}");

    // Only options: no empty main table, no "No lines.".
    q.lines.retain(|l| l.optional);
    let pdf = write(dir.path(), "only-optional.pdf", &render(&q, Lang::Zh));
    let flat = squeezed(&poppler("pdftotext", &["-layout"], &pdf));
    assert!(
        flat.contains("可选项目") && flat.contains("未选（不计入合计）"),
        "{flat}"
    );
    assert_eq!(flat.matches("金额（不含税）").count(), 1, "{flat}");
    assert!(!flat.contains("无明细"), "{flat}");
}

#[test]
fn terms_print_when_given_and_long_ones_wrap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    q.payment_terms = "30 % with the order, 70 % before shipment, by bank transfer. ".repeat(6);
    q.delivery_terms = "FCA Shanghai, 4 weeks after the down payment 预付款到账后四周交货".into();
    let pdf = write(dir.path(), "terms.pdf", &render(&q, Lang::En));
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
    let pdf = write(dir.path(), "no-terms.pdf", &render(&q, Lang::Zh));
    let flat = squeezed(&poppler("pdftotext", &[], &pdf));
    for absent in ["条款", "付款条件", "交货条件", "有效期", "备注"] {
        assert!(!flat.contains(absent), "{absent:?} in {flat}");
    }
}

#[test]
fn a_revision_says_which_quote_it_revises() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    q.number = Some("Q-2026-0042-R1".into());
    q.revision = 1;
    q.revises_number = Some("Q-2026-0042".into());
    let pdf = write(dir.path(), "revision.pdf", &render(&q, Lang::En));
    let first = squeezed(&page_text(&pdf, 1));
    assert!(first.contains("QuoteNo.:Q-2026-0042-R1"), "{first}");
    assert!(first.contains("Revision1ofQ-2026-0042"), "{first}");
    let pdf = write(dir.path(), "revision-zh.pdf", &render(&q, Lang::Zh));
    let first = squeezed(&page_text(&pdf, 1));
    assert!(first.contains("修订版1（原报价Q-2026-0042）"), "{first}");

    q.revises_number = None;
    let pdf = write(dir.path(), "original.pdf", &render(&q, Lang::En));
    assert!(!squeezed(&page_text(&pdf, 1)).contains("Revision"));
}

/// The words of the signature block on `page`, which must all be there.
fn assert_signature_block(pdf: &Path, page: usize, words: [&str; 5]) {
    let text = squeezed(&page_text(pdf, page));
    for word in words {
        assert!(text.contains(word), "{word:?} on page {page}:\n{text}");
    }
}

#[test]
fn the_signature_block_ends_the_last_page_in_one_piece() {
    let dir = tempfile::tempdir().expect("tempdir");
    let en = [
        "Forthecompany",
        "Fortheclient",
        "Name:",
        "Signature:",
        "Date:",
    ];
    let pdf = write(
        dir.path(),
        "sign.pdf",
        &render(&discounted_quote(), Lang::En),
    );
    assert_eq!(pages(&pdf), 1);
    assert_signature_block(&pdf, 1, en);
    let text = squeezed(&page_text(&pdf, 1));
    assert_eq!(text.matches("Signature:").count(), 2, "two boxes");
    assert!(
        text.find("Notes") < text.find("Forthecompany"),
        "after the terms"
    );

    let pdf = write(dir.path(), "sign-long.pdf", &render(&big_quote(), Lang::Zh));
    let n = pages(&pdf);
    assert_signature_block(&pdf, n, ["供方", "需方", "姓名：", "签字：", "日期："]);
    assert_eq!(squeezed(&page_text(&pdf, n)).matches("签字：").count(), 2);

    // Notes that end just above the bottom: the whole block moves to a new page, never split.
    let mut moved = 0;
    for lines in (10..=30).step_by(2) {
        let mut q = discounted_quote();
        q.notes = (0..lines).map(|i| format!("Note line {i}\n")).collect();
        let pdf = write(dir.path(), "sign-moved.pdf", &render(&q, Lang::En));
        let n = pages(&pdf);
        assert_signature_block(&pdf, n, en);
        let last = squeezed(&page_text(&pdf, n));
        assert_eq!(
            last.matches("Signature:").count(),
            2,
            "{lines} notes: {last}"
        );
        assert_eq!(last.matches("Date:").count(), 2, "{lines} notes: {last}");
        for page in 1..n {
            let text = squeezed(&page_text(&pdf, page));
            assert!(!text.contains("Signature:"), "{lines} notes, page {page}");
        }
        if n > 1 && !last.contains("Noteline") {
            moved += 1;
        }
    }
    assert!(moved > 0, "some notes leave too little room for the block");
}

#[test]
fn bilingual_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = big_quote();
    q.status = QuoteStatus::Draft;
    q.totals = discounted_quote().totals;
    q.payment_terms = "30 % 预付".into();
    let pdf = write(dir.path(), "bilingual.pdf", &render(&q, Lang::Bilingual));
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

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("read the fixture")
}

#[test]
fn the_logo_heads_the_letterhead_in_png_and_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    for (file, kind) in [("logo.png", "png"), ("logo.jpg", "jpeg")] {
        let logo = Logo::from_bytes(&fixture(file)).expect("the fixture is a usable logo");
        assert_eq!(logo.size(), (240, 80));
        let q = quote(vec![line("PLC-S7-1200", "PLC", "3880.00")], CUSTOMER_ZH);
        let opts = RenderOptions {
            lang: Lang::En,
            logo: Some(logo),
        };
        let bytes = render_quote(&q, &company(), &opts).expect("renders with a logo");
        let pdf = write(dir.path(), &format!("logo-{kind}.pdf"), &bytes);
        // One image on page 1, of the logo's pixel size, and the text is all still there.
        let list = poppler("pdfimages", &["-list"], &pdf);
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), 1, "one image:\n{list}");
        let cols: Vec<&str> = images[0].split_whitespace().collect();
        assert_eq!(cols[0], "1", "on page 1:\n{list}");
        assert_eq!((cols[3], cols[4]), ("240", "80"), "its size:\n{list}");
        let text = squeezed(&page_text(&pdf, 1));
        assert!(text.contains(&squeezed(&company().name)), "{text}");
        assert!(text.contains(&squeezed(CUSTOMER_ZH)), "{text}");
        assert_fonts_embedded_and_subset(&pdf);
    }
    // Without a logo there is no image at all.
    let q = quote(vec![line("PLC-S7-1200", "PLC", "3880.00")], CUSTOMER_ZH);
    let pdf = write(dir.path(), "no-logo.pdf", &render(&q, Lang::En));
    let list = poppler("pdfimages", &["-list"], &pdf);
    assert_eq!(list.lines().skip(2).count(), 0, "{list}");
}

#[test]
fn unusable_logo_files_are_refused_with_the_reason() {
    let refused = |bytes: &[u8]| match Logo::from_bytes(bytes) {
        Err(PdfError::Logo(why)) => why,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("accepted an unusable logo"),
    };
    assert!(refused(b"").contains("empty"));
    assert!(refused(b"<svg xmlns='http://www.w3.org/2000/svg'/>").contains("not a PNG or JPEG"));
    let png = fixture("logo.png");
    assert!(refused(&png[..40]).contains("cannot be read"));
    assert!(refused(&fixture("too-wide.png")).contains("4100×10 pixels"));
    let mut huge = png.clone();
    huge.resize(Logo::MAX_BYTES + 1, 0);
    assert!(refused(&huge).contains("at most 2048 KB"));
}

/// A bundle line and its components, as the store prices them.
fn bundle_lines(
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
    let mut lines = vec![bundle];
    for (part, description, net) in parts {
        let mut l = line(part, description, net);
        l.kind = QuoteLineKind::Component;
        l.parent = Some(at);
        l.depth = 1;
        l.unit_price = "1234.00".into();
        lines.push(l);
    }
    lines
}

/// The column where `needle` starts on the first layout line holding it.
fn column_of(text: &str, needle: &str) -> usize {
    text.lines()
        .find_map(|l| l.find(needle).map(|byte| l[..byte].chars().count()))
        .unwrap_or_else(|| panic!("{needle:?} in:\n{text}"))
}

#[test]
fn bundle_components_are_indented_under_their_bundle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lines = vec![line("ITEM-1", "Standalone pump", "1000.00")];
    lines.extend(bundle_lines(
        "KIT-SUM",
        "sum",
        1,
        &[
            ("DRV-1", "Servo drive", "4280.00"),
            ("MOT-1", "Servo motor", "3497.00"),
        ],
    ));
    lines.extend(bundle_lines(
        "KIT-FIX",
        "fixed",
        4,
        &[
            ("CPU-1", "PLC CPU", "3880.00"),
            ("HMI-1", "Touch panel", "2980.00"),
        ],
    ));
    lines.push(line("ITEM-2", "Commissioning", "2800.00"));
    let q = quote(lines, "Acme Ltd");
    let pdf = write(dir.path(), "bundles.pdf", &render(&q, Lang::En));
    let text = page_text(&pdf, 1);

    // In order: the bundle, then its components, then what follows.
    let flat = squeezed(&text);
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{text}"));
    assert!(at("ITEM-1") < at("KIT-SUM"));
    assert!(at("KIT-SUM") < at("DRV-1") && at("DRV-1") < at("MOT-1"));
    assert!(at("MOT-1") < at("KIT-FIX"));
    assert!(at("KIT-FIX") < at("CPU-1") && at("CPU-1") < at("HMI-1"));
    assert!(at("HMI-1") < at("ITEM-2"));

    // Components' descriptions start to the right of their bundle's (and of plain lines').
    let item = column_of(&text, "Standalone pump");
    assert_eq!(column_of(&text, "KIT-SUM module"), item);
    assert_eq!(column_of(&text, "KIT-FIX module"), item);
    for part in ["Servo drive", "Servo motor", "PLC CPU", "Touch panel"] {
        assert!(
            column_of(&text, part) > item,
            "{part} is not indented:\n{text}"
        );
    }
    // SKUs stay in their column.
    assert_eq!(column_of(&text, "DRV-1"), column_of(&text, "KIT-SUM"));

    // A sum bundle shows its sum and its components' amounts; a fixed one its price and its components
    // as included.
    let row = |sku: &str| {
        text.lines()
            .find(|l| l.contains(sku))
            .unwrap_or_else(|| panic!("{sku} in:\n{text}"))
            .to_string()
    };
    assert!(row("KIT-SUM").contains("7,777.00"), "{text}");
    assert!(
        !row("KIT-SUM").contains("1,940.00"),
        "no unit price on a sum bundle:\n{text}"
    );
    assert!(row("DRV-1").contains("4,280.00"), "{text}");
    assert!(row("KIT-FIX").contains("8,200.00"), "{text}");
    assert!(
        row("CPU-1").contains("Included") && !row("CPU-1").contains("3,880.00"),
        "{text}"
    );

    let zh = write(dir.path(), "bundles-zh.pdf", &render(&q, Lang::Zh));
    assert!(squeezed(&page_text(&zh, 1)).contains("已含"));
}
