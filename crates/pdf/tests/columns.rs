//! The figures on a quote add up: read back with `pdftotext -layout` and added up in exact integers.

mod common;

use common::priced::{Spec, priced_quote};
use common::printed::{self, Printed, Words, assert_columns_add_up, minor};
use common::{poppler, render, write};
use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteView};
use fieldquote_pdf::PdfLanguage;

/// A quote a finance department would check: line discounts in percent and amount, two VAT rates, a sum
/// bundle, a fixed bundle, an option taken and one not taken, and a 5 % quote discount.
fn finance_quote() -> QuoteView {
    let specs = [
        Spec::item(
            "SRV-DRV-1K",
            "Servo drive 1 kW — single-axis AC servo drive, EtherCAT, STO",
            "pcs",
            "6",
            "4280.00",
        )
        .discount("8"),
        Spec::item(
            "SVC-COMM-DAY",
            "On-site commissioning, per engineer-day",
            "day",
            "3",
            "2800.00",
        )
        .off("150.00")
        .rate("6"),
        Spec::sum_bundle(
            "KIT-SERVO-1K",
            "Servo axis kit 1 kW, priced as its parts",
            "set",
            "2",
        ),
        Spec::item("SRV-MOT-1K", "Servo motor 1 kW", "pcs", "2", "3160.00")
            .discount("5")
            .component_of(2),
        Spec::item("SRV-CBL-5M", "Servo cable set 5 m", "set", "2", "420.00").component_of(2),
        Spec::fixed_bundle(
            "KIT-PLC-START",
            "PLC starter kit at a package price",
            "set",
            "1",
            "8200.00",
        )
        .discount("2.5")
        .off("50.00"),
        Spec::item("PLC-S7-1200", "PLC CPU 1214C", "台", "1", "3880.00").component_of(5),
        Spec::item("HMI-7", "7\" touch panel", "台", "1", "2980.00").component_of(5),
        Spec::item(
            "SNS-PRESS-10B",
            "压力变送器 0–10 bar, 4–20 mA",
            "台",
            "8",
            "890.00",
        ),
        Spec::item(
            "ENC-1024",
            "Incremental encoder 1024 ppr",
            "pcs",
            "4",
            "680.00",
        )
        .option(true),
        Spec::item(
            "SVC-TRAIN",
            "Operator training, one day on site",
            "day",
            "1",
            "4500.00",
        )
        .rate("6")
        .option(false),
    ];
    priced_quote(&specs, QuoteDiscountDraft::Percent { value: "5".into() })
}

fn skus(q: &QuoteView) -> Vec<&str> {
    q.lines.iter().map(|l| l.sku.as_str()).collect()
}

fn layout_text(q: &QuoteView, lang: PdfLanguage, name: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(dir.path(), name, &render(q, lang));
    poppler("pdftotext", &["-layout"], &pdf)
}

/// The view's figure, in minor units.
fn figure(s: &str) -> i128 {
    minor(s).unwrap_or_else(|| panic!("{s:?} is not an amount"))
}

/// Every line is printed once; the ones that do not count are not above the totals with an amount.
fn assert_rows(q: &QuoteView, printed: &Printed, text: &str) {
    for l in &q.lines {
        let rows = printed.rows.iter().filter(|r| r.sku == l.sku).count();
        assert_eq!(rows, 1, "{} printed {rows} times:\n{text}", l.sku);
    }
    for r in printed.above_totals() {
        let line = q.lines.iter().find(|l| l.sku == r.sku).expect("a line");
        if r.amount.is_some() {
            assert!(
                line.counts_in_totals,
                "{} does not count in the totals but its amount is in the column above them:\n{text}",
                r.sku
            );
        }
    }
}

fn check(q: &QuoteView, lang: PdfLanguage, words: &Words, name: &str) -> (Printed, String) {
    let text = layout_text(q, lang, name);
    let printed = assert_columns_add_up(&text, &skus(q), words);
    assert_rows(q, &printed, &text);
    // The figures are the engine's, to the minor unit.
    assert_eq!(
        printed.totals[0].value,
        figure(&q.totals.lines_total),
        "{text}"
    );
    assert_eq!(
        printed.total(words.total),
        figure(&q.totals.total),
        "{text}"
    );
    (printed, text)
}

#[test]
fn every_printed_column_adds_up_with_a_quote_discount_options_and_bundles() {
    let q = finance_quote();
    for (lang, words, name) in [
        (PdfLanguage::En, &printed::EN, "columns-en.pdf"),
        (PdfLanguage::Zh, &printed::ZH, "columns-zh.pdf"),
        (
            PdfLanguage::Bilingual,
            &printed::BILINGUAL,
            "columns-bi.pdf",
        ),
    ] {
        let (printed, text) = check(&q, lang, words, name);
        // Every line with a price shows it, with its discount, so its amount can be checked.
        for sku in [
            "SRV-DRV-1K",
            "SVC-COMM-DAY",
            "SRV-MOT-1K",
            "KIT-PLC-START",
            "ENC-1024",
        ] {
            let row = printed.row(sku);
            assert!(
                row.quantity.is_some() && row.unit_price.is_some() && row.amount.is_some(),
                "{sku} in:\n{text}"
            );
        }
        assert_eq!(printed.row("SRV-DRV-1K").percent, Some(80_000), "{text}");
        assert_eq!(printed.row("SVC-COMM-DAY").off, Some(15_000), "{text}");
        let kit = printed.row("KIT-PLC-START");
        assert_eq!(
            (kit.percent, kit.off),
            (Some(25_000), Some(5_000)),
            "{text}"
        );
        // The line: 6 × 4,280.00 less 8 % is 23,625.60, whatever the quote discount.
        assert_eq!(printed.row("SRV-DRV-1K").amount, Some(2_362_560), "{text}");
        // The option not taken is printed with its price, below the totals, outside the sum.
        let declined = printed.row("SVC-TRAIN");
        assert_eq!(declined.amount, Some(450_000), "{text}");
        assert!(declined.at > printed.totals[0].at, "{text}");
        // The quote discount comes off the lines total, then the subtotal.
        assert_eq!(
            printed.totals[1].value,
            -figure(&q.totals.quote_discount),
            "{text}"
        );
        assert_eq!(
            printed.total(words.subtotal),
            figure(&q.totals.subtotal),
            "{text}"
        );
    }
}

#[test]
fn columns_add_up_without_a_quote_discount() {
    let specs = [
        Spec::item("PLC-S7-1500", "PLC CPU 1516-3 PN/DP", "台", "1", "28600.00").discount("5"),
        Spec::item("HMI-12", "12\" touch panel", "台", "2", "6800.00"),
        Spec::item("SVC-COMM-DAY", "Commissioning", "day", "6", "2800.00")
            .off("300.00")
            .rate("6"),
    ];
    let q = priced_quote(&specs, QuoteDiscountDraft::None);
    let (printed, text) = check(&q, PdfLanguage::En, &printed::EN, "plain.pdf");
    // No discount: the column goes straight into the subtotal.
    assert_eq!(printed.totals[0].label, "Subtotal", "{text}");
}

/// Lines priced from a 含税 list: the amounts include VAT and the total is what they add up to.
#[test]
fn tax_inclusive_prices_add_up_to_the_total_and_show_the_vat_they_hold() {
    let specs = [
        Spec::item(
            "LIC-SCADA-500",
            "SCADA licence, 500 tags",
            "licence",
            "1",
            "17854.00",
        )
        .discount("10")
        .inclusive(),
        Spec::item("NET-GW-MQTT", "IoT gateway", "pcs", "4", "4068.00").inclusive(),
        Spec::item("SVC-TRAIN", "Training, one day", "day", "1", "4770.00")
            .rate("6")
            .inclusive(),
        Spec::item("SNS-PT100", "PT100 sensor", "pcs", "2", "452.00")
            .inclusive()
            .option(false),
    ];
    let q = priced_quote(
        &specs,
        QuoteDiscountDraft::Amount {
            value: "300.00".into(),
        },
    );
    for (lang, words, header) in [
        (PdfLanguage::En, &printed::EN, "Amount (incl. VAT)"),
        (PdfLanguage::Zh, &printed::ZH, "金额（含税）"),
        (
            PdfLanguage::Bilingual,
            &printed::BILINGUAL,
            "Amount (incl. VAT)",
        ),
    ] {
        let (printed, text) = check(&q, lang, words, &format!("inclusive-{lang:?}.pdf"));
        assert!(text.contains(header), "{text}");
        // Lines total, the discount, then the total itself: no VAT added on top.
        let labels: Vec<&str> = printed.totals.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels.len(), 6, "{labels:?}\n{text}");
        assert_eq!(labels[2], words.total, "{text}");
        // Under it, what it holds: the net and the VAT at each rate.
        let parts: Vec<i128> = printed.totals[3..].iter().map(|t| t.value).collect();
        assert_eq!(parts[0], figure(&q.totals.subtotal), "{text}");
        assert_eq!(parts[1] + parts[2], figure(&q.totals.tax), "{text}");
    }
}

/// Some prices with VAT and some without: the VAT added to the ones without comes between the discount and the
/// total, and each price with VAT says so.
#[test]
fn mixed_tax_bases_add_up_too() {
    let specs = [
        Spec::item("PLC-S7-1200", "PLC CPU 1214C", "台", "2", "3880.00").discount("8"),
        Spec::item("SVC-ENG-HR", "Engineering", "h", "16", "480.00").rate("6"),
        Spec::item("NET-GW-MQTT", "IoT gateway, 含税价", "pcs", "3", "4068.00").inclusive(),
        Spec::item("SVC-TRAIN", "Training, 含税价", "day", "1", "4770.00")
            .rate("6")
            .inclusive()
            .off("270.00"),
    ];
    let q = priced_quote(&specs, QuoteDiscountDraft::Percent { value: "3".into() });
    for (lang, words, note) in [
        (PdfLanguage::En, &printed::EN, "incl. VAT"),
        (PdfLanguage::Zh, &printed::ZH, "含税"),
    ] {
        let (printed, text) = check(&q, lang, words, &format!("mixed-{lang:?}.pdf"));
        for sku in ["NET-GW-MQTT", "SVC-TRAIN"] {
            assert!(printed.row(sku).text.contains(note), "{sku}: {text}");
        }
        for sku in ["PLC-S7-1200", "SVC-ENG-HR"] {
            assert!(!printed.row(sku).text.contains(note), "{sku}: {text}");
        }
        // The VAT rows above the total are the VAT on the prices without it.
        let added: i128 = q
            .totals
            .added_tax_by_rate
            .iter()
            .map(|b| figure(&b.tax))
            .sum();
        let lines_total = printed.totals[0].value;
        let discount = printed.totals[1].value;
        assert_eq!(
            lines_total + discount + added,
            printed.total(words.total),
            "{text}"
        );
    }
}
