//! Pages: tables across pages with their header, page numbers, one-page quotes, and where the signature
//! block goes.

mod common;

use common::*;
use fieldquote_domain::model::QuoteTotalsView;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_pdf::Lang;

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
