use printpdf::FontId;

use super::*;
use crate::PdfLanguage;
use crate::engine::text::FontMeasure;

fn with_canvas(f: impl FnOnce(&Canvas<'_>)) {
    let font = crate::fonts::cjk().expect("the bundled font parses");
    let m = FontMeasure::new(font);
    f(&Canvas::new(FontId::new(), &m, Page::A4.height));
}

fn row(sku: &str, quantity: &str, unit_price: &str, discount: &str, amount: &str) -> Row {
    Row::new(vec![
        Cell::new(sku, CELL).shrink_to(SKU_MIN_SIZE),
        Cell::new("", CELL),
        Cell::new(quantity, CELL),
        Cell::new(unit_price, CELL),
        Cell::new(discount, CELL),
        Cell::new(amount, CELL),
    ])
}

fn texts(labels: &Labels, basis: PriceBasis) -> [&str; 6] {
    let amount = match basis {
        PriceBasis::Exclusive => labels.amount_excl_vat,
        PriceBasis::Inclusive => labels.amount_incl_vat,
        PriceBasis::Mixed => labels.amount,
    };
    [
        labels.sku,
        labels.description,
        labels.quantity,
        labels.unit_price,
        labels.discount,
        amount,
    ]
}

#[test]
fn header_labels_and_large_amounts_fit_their_columns() {
    with_canvas(|c| {
        let rows = [row(
            "PLC-S7-1200",
            "1,000.5 台",
            "12,345,678.90",
            "12.5 %",
            "123,456,789.00",
        )];
        for basis in [
            PriceBasis::Exclusive,
            PriceBasis::Inclusive,
            PriceBasis::Mixed,
        ] {
            for lang in [PdfLanguage::En, PdfLanguage::Zh] {
                let l = Labels::get(lang);
                let g = grid(c, &Page::A4, &header(l, basis), rows.iter());
                for (col, label) in texts(l, basis).iter().enumerate() {
                    let w = c.widest_line(label, HEAD);
                    assert!(
                        w <= g.inner_width(col),
                        "{label:?}: {w} pt in {:?}",
                        g.widths()
                    );
                }
                for (col, cell) in [
                    "PLC-S7-1200",
                    "",
                    "1,000.5 台",
                    "12,345,678.90",
                    "12.5 %",
                    "123,456,789.00",
                ]
                .iter()
                .enumerate()
                {
                    assert!(c.widest_line(cell, CELL) <= g.inner_width(col), "{cell:?}");
                }
            }
            // Bilingual headers wrap onto a second line, never more.
            let l = Labels::get(PdfLanguage::Bilingual);
            let g = grid(c, &Page::A4, &header(l, basis), rows.iter());
            for (col, label) in texts(l, basis).iter().enumerate() {
                let lines = c.lines(label, g.inner_width(col), HEAD);
                assert!(lines.len() <= 2, "{lines:?}");
            }
        }
    });
}

#[test]
fn the_sku_column_holds_the_longest_catalog_skus_and_the_description_the_rest() {
    with_canvas(|c| {
        let skus = [
            "SNS-PRESS-10B",
            "SNS-PHOTO-10M",
            "LIC-SCADA-500",
            "SVC-COMM-DAY",
            "KIT-PLC-START",
        ];
        let rows: Vec<Row> = skus
            .iter()
            .map(|s| row(s, "8 台", "890.00", "", "7,120.00"))
            .collect();
        // The old fixed columns left the description 190 pt; bilingual headings need more room.
        for (lang, description) in [
            (PdfLanguage::En, 230.0),
            (PdfLanguage::Zh, 230.0),
            (PdfLanguage::Bilingual, 180.0),
        ] {
            let l = Labels::get(lang);
            let g = grid(c, &Page::A4, &header(l, PriceBasis::Exclusive), rows.iter());
            for sku in skus {
                assert!(
                    c.width(sku, CELL) <= g.inner_width(0),
                    "{sku} in {:?}",
                    g.widths()
                );
            }
            assert!(g.widths()[1] >= description, "{lang:?}: {:?}", g.widths());
            let total: f32 = g.widths().iter().sum();
            assert!((total - Page::A4.content_width()).abs() < 0.01);
        }

        // An absurd SKU is capped; the description keeps its room.
        let l = Labels::get(PdfLanguage::Bilingual);
        let rows = [row(&"S".repeat(300), "1", "1.00", "", "1.00")];
        let g = grid(c, &Page::A4, &header(l, PriceBasis::Exclusive), rows.iter());
        assert!(
            g.widths()[0] <= 112.0 && g.widths()[1] >= 150.0,
            "{:?}",
            g.widths()
        );
    });
}
