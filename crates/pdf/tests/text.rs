//! Text that does not fit: long, unbroken, hostile or missing.

mod common;

use common::*;
use fieldquote_pdf::{PdfLanguage, RenderOptions, render_quote};

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
    let bytes = render(&q, PdfLanguage::Zh);
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

#[test]
fn skus_are_never_broken() {
    let dir = tempfile::tempdir().expect("tempdir");
    let skus = [
        "SVC-COMM-DAY",
        "SNS-PRESS-10B",
        "SNS-PHOTO-10M",
        "LIC-SCADA-500",
        "KIT-PLC-START",
        "PUMP-CENTRIFUGAL-5K5",
    ];
    let lines = skus
        .iter()
        .map(|sku| {
            line(
                sku,
                "Commissioning on site — one engineer-day, travel within 50 km included, 现场调试",
                "2800.00",
            )
        })
        .collect();
    let q = quote(lines, "Acme Manufacturing Inc.");
    for lang in [PdfLanguage::En, PdfLanguage::Zh, PdfLanguage::Bilingual] {
        let pdf = write(dir.path(), "skus.pdf", &render(&q, lang));
        let text = poppler("pdftotext", &["-layout"], &pdf);
        for sku in skus {
            assert!(
                text.lines().any(|l| l.split_whitespace().any(|w| w == sku)),
                "{sku} whole on one line in {lang:?}:\n{text}"
            );
        }
    }
}
