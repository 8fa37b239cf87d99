//! The totals block, optional lines and bundles.

mod common;

use common::*;
use fieldquote_domain::Currency;
use fieldquote_pdf::PdfLanguage;

#[test]
fn totals_show_the_discount_tax_by_rate_and_the_total_in_capitals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(
        dir.path(),
        "totals.pdf",
        &render(&discounted_quote(), PdfLanguage::En),
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
    let pdf = write(dir.path(), "plain.pdf", &render(&q, PdfLanguage::Zh));
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
fn options_not_taken_come_after_the_total_and_taken_ones_count_in_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut q = discounted_quote();
    let mut chosen = line("OPT-A", "Spare impeller kit", "880.00");
    chosen.optional = true;
    chosen.selected = true;
    chosen.counts_in_totals = true;
    let mut declined = line("OPT-B", "Extended warranty, 3 years", "1500.00");
    declined.optional = true;
    declined.counts_in_totals = false;
    q.lines.push(chosen);
    q.lines.insert(0, declined);
    let pdf = write(dir.path(), "optional.pdf", &render(&q, PdfLanguage::En));
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let flat = squeezed(&text);
    let at = |s: &str| flat.find(s).unwrap_or_else(|| panic!("{s:?} in:\n{text}"));
    assert_eq!(flat.matches("Optionalitems").count(), 1, "{text}");
    // The lines that count, the option taken among them and marked, then the totals; then the options not
    // taken, under their own heading, with their prices.
    assert!(at("SVC-01") < at("OPT-A"));
    assert!(at("OPT-A") < at("Optiontaken(includedinthetotal)"));
    assert!(at("Optiontaken(includedinthetotal)") < at("TotalCNY12,345.67"));
    assert!(at("TotalCNY12,345.67") < at("Optionalitems(notincludedinthetotal)"));
    assert!(at("Optionalitems(notincludedinthetotal)") < at("OPT-B"));
    assert!(
        flat.contains("1,500.00") && flat.contains("880.00"),
        "prices shown"
    );
    // The options' header repeats the table's columns.
    assert_eq!(flat.matches("Amount(excl.VAT)").count(), 2, "{text}");

    // Only options not taken: no empty main table, no "No lines.".
    q.lines.retain(|l| l.optional && !l.selected);
    let pdf = write(
        dir.path(),
        "only-optional.pdf",
        &render(&q, PdfLanguage::Zh),
    );
    let flat = squeezed(&poppler("pdftotext", &["-layout"], &pdf));
    assert!(flat.contains("可选项目（不计入合计）"), "{flat}");
    assert_eq!(flat.matches("金额（不含税）").count(), 1, "{flat}");
    assert!(!flat.contains("无明细"), "{flat}");
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
    let pdf = write(dir.path(), "bundles.pdf", &render(&q, PdfLanguage::En));
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

    // A sum bundle's amounts are its components': its own row has none, so the column does not count them
    // twice, and says under its description what they add up to. A fixed bundle shows its price and its
    // components as included.
    let row = |sku: &str| {
        text.lines()
            .find(|l| l.contains(sku))
            .unwrap_or_else(|| panic!("{sku} in:\n{text}"))
            .to_string()
    };
    assert!(
        !row("KIT-SUM").contains("7,777.00") && !row("KIT-SUM").contains("1,940.00"),
        "no amount and no unit price on a sum bundle's row:\n{text}"
    );
    assert!(at("KIT-SUM") < at("Componentstotal:7,777.00"), "{text}");
    assert!(at("Componentstotal:7,777.00") < at("DRV-1"), "{text}");
    assert!(row("DRV-1").contains("4,280.00"), "{text}");
    assert!(row("KIT-FIX").contains("8,200.00"), "{text}");
    assert!(
        row("CPU-1").contains("Included") && !row("CPU-1").contains("3,880.00"),
        "{text}"
    );

    let zh = write(dir.path(), "bundles-zh.pdf", &render(&q, PdfLanguage::Zh));
    assert!(squeezed(&page_text(&zh, 1)).contains("已含"));
}
