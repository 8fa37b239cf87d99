//! Pages: tables across pages with their header, page numbers, one-page quotes, and where the signature
//! block goes.

mod common;

use common::*;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::QuoteTotalsView;
use fieldquote_pdf::PdfLanguage;

#[test]
fn long_chinese_quote_spans_pages_with_subset_fonts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render(&big_quote(), PdfLanguage::En);
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
    let pdf = write(
        dir.path(),
        "big.pdf",
        &render(&big_quote(), PdfLanguage::En),
    );
    let n = pages(&pdf);
    assert!(n > 1);
    for page in 1..=n {
        let text = page_text(&pdf, page);
        for column in ["SKU", "Description", "Qty", "Unit price", "Discount"] {
            assert!(
                text.contains(column),
                "page {page} lacks header {column:?}:\n{text}"
            );
        }
        assert!(squeezed(&text).contains("Amount(excl.VAT)"), "page {page}");
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
    let bytes = render(&q, PdfLanguage::En);
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
fn quote_without_lines_renders_one_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = quote(Vec::new(), "Acme Manufacturing Inc.");
    q.number = None;
    q.customer = None;
    q.notes = String::new();
    q.status = QuoteStatus::Draft;
    let pdf = write(dir.path(), "empty.pdf", &render(&q, PdfLanguage::En));
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
        let pdf = write(dir.path(), "status.pdf", &render(&q, PdfLanguage::En));
        let text = poppler("pdftotext", &[], &pdf);
        assert_eq!(text.contains("DRAFT"), draft, "{status:?}: {text}");
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
        &render(&discounted_quote(), PdfLanguage::En),
    );
    assert_eq!(pages(&pdf), 1);
    assert_signature_block(&pdf, 1, en);
    let text = squeezed(&page_text(&pdf, 1));
    assert_eq!(text.matches("Signature:").count(), 2, "two boxes");
    assert!(
        text.find("Notes") < text.find("Forthecompany"),
        "after the terms"
    );

    let pdf = write(
        dir.path(),
        "sign-long.pdf",
        &render(&big_quote(), PdfLanguage::Zh),
    );
    let n = pages(&pdf);
    assert_signature_block(&pdf, n, ["供方", "需方", "姓名：", "签字：", "日期："]);
    assert_eq!(squeezed(&page_text(&pdf, n)).matches("签字：").count(), 2);

    // Notes of every length: the block is never split and never starts a page alone; it takes the end of the
    // notes along (all of the terms when they fit on the new page with it).
    let (mut moved, mut split) = (0, 0);
    for lines in (10..=74).step_by(4) {
        let mut q = discounted_quote();
        q.notes = (0..lines).map(|i| format!("Note line {i}\n")).collect();
        let pdf = write(dir.path(), "sign-moved.pdf", &render(&q, PdfLanguage::En));
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
        let context = format!("Noteline{}", lines - 1);
        let (end, block) = (last.find(&context), last.find("Forthecompany"));
        assert!(
            end.is_some() && end < block,
            "{lines} notes: the last note line is above the block on its page:\n{last}"
        );
        if n > 1 {
            moved += 1;
            if !last.contains("Noteline0") {
                split += 1;
            }
        }
    }
    assert!(moved > 0, "some notes leave too little room for the block");
    assert!(split > 0, "some notes are longer than a page");
}

/// A quote like the demo's: a company with a two-line address, a customer with all details, lines with
/// two-line descriptions, every kind of term (and, on the page, the bank details and the sales contact).
fn demo_like(lines: usize) -> fieldquote_domain::quote::QuoteView {
    let descriptions = [
        "SCADA software licence, 500 tags — Perpetual licence, one server, with the first year of updates",
        "IoT gateway (Modbus/OPC UA to MQTT) — 4G + Ethernet, edge scripting, DIN rail",
        "压力变送器 0–10 bar — 4–20 mA, 精度 0.25 %, 含安装支架及现场标定",
        "年度维保服务 — 两次预防性维护 + 7×24 电话支持",
    ];
    let rows = (0..lines)
        .map(|i| {
            line(
                &format!("SNS-PRESS-{i:02}B"),
                descriptions[i % 4],
                "14220.00",
            )
        })
        .collect();
    let mut q = quote(rows, "杭州绿源水务集团 Hangzhou Lvyuan Water Group");
    q.payment_terms = "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款".into();
    q.delivery_terms = "Delivered to site within 4 weeks of order / 下单后 4 周内送货到现场".into();
    q.notes = "泵站远程监控系统 (SCADA + 网关)。".into();
    q
}

#[test]
fn a_short_quote_with_terms_is_one_page_with_its_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut company = company();
    company.name = "华东智控科技有限公司 East China Smart Control Co., Ltd.".into();
    company.address =
        "上海市浦东新区张江路 188 号 3 楼\n3F, 188 Zhangjiang Road, Pudong, Shanghai 201203".into();
    company.bank = demo_bank();
    for lines in [3, 6] {
        for (lang, sign) in [
            (PdfLanguage::En, "Signature:"),
            (PdfLanguage::Zh, "签字："),
            (PdfLanguage::Bilingual, "Signature签字:"),
        ] {
            let bytes = fieldquote_pdf::render_quote(
                &demo_like(lines),
                &company,
                &fieldquote_pdf::RenderOptions {
                    lang,
                    logo: Some(fieldquote_pdf::Logo::from_bytes(&fixture("logo.png")).unwrap()),
                    seller: demo_seller(),
                },
            )
            .expect("renders");
            let pdf = write(dir.path(), &format!("short-{lines}-{lang:?}.pdf"), &bytes);
            assert_eq!(pages(&pdf), 1, "{lines} lines in {lang:?}");
            let text = squeezed(&page_text(&pdf, 1));
            assert_eq!(text.matches(sign).count(), 2, "{lang:?}: {text}");
            for printed in [
                "1001 2345 0900 0123 456",
                "+86 138 1650 2231",
                "ICBKCNBJSHI",
            ] {
                assert!(
                    text.contains(&squeezed(printed)),
                    "{printed} in {lang:?}: {text}"
                );
            }
        }
    }
}

#[test]
fn without_terms_the_signatures_stay_with_the_totals_and_the_last_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut moved = 0;
    for lines in (14..=40).step_by(2) {
        let mut q = big_quote();
        q.lines.truncate(lines);
        q.notes = String::new();
        q.valid_until = String::new();
        let pdf = write(dir.path(), "no-terms.pdf", &render(&q, PdfLanguage::En));
        let n = pages(&pdf);
        let last = squeezed(&page_text(&pdf, n));
        let (total, block) = (last.find("TotalCNY"), last.find("Forthecompany"));
        assert!(
            total.is_some() && total < block,
            "{lines} lines: the totals are above the block:\n{last}"
        );
        assert!(
            last.contains(&format!("SKU-{:04}", lines - 1)),
            "{lines} lines: the last line is above the totals:\n{last}"
        );
        if n > 1 && !last.contains("SKU-0000") {
            moved += 1;
        }
    }
    assert!(moved > 0, "some quotes end at the bottom of a page");
}
