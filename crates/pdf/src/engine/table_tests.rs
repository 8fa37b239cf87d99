use super::*;
use crate::engine::testing::{TEXT, page_of, texts, with_flow};
use crate::engine::{Align, Ink, Page};

const STYLE: TableStyle = TableStyle {
    pad_x: 4.0,
    pad_y: 3.0,
    header_fill: Ink(0.9, 0.9, 0.9),
    rule: Ink(0.7, 0.7, 0.7),
    rule_width: 0.4,
};

fn columns() -> [Column; 3] {
    [
        Column {
            width: Width::Fit {
                min: 30.0,
                max: 80.0,
            },
            align: Align::Left,
        },
        Column {
            width: Width::Fill { min: 100.0 },
            align: Align::Left,
        },
        Column {
            width: Width::Fit {
                min: 40.0,
                max: 60.0,
            },
            align: Align::Right,
        },
    ]
}

fn row(a: &str, b: &str, c: &str) -> Row {
    Row::new(vec![
        Cell::new(a, TEXT),
        Cell::new(b, TEXT),
        Cell::new(c, TEXT),
    ])
}

fn header() -> Vec<Cell> {
    ["CODE", "TEXT", "SUM"]
        .into_iter()
        .map(|h| Cell::new(h, TEXT))
        .collect()
}

/// Draw `rows` under the header from `top`, then a block "AFTER" of `after` points; returns the pages.
fn draw(rows: &[Row], top: f32, keep_with_last: f32) -> Vec<Vec<(f32, String)>> {
    texts(&with_flow(|flow| {
        let head = header();
        let grid = Grid::fit(
            &flow.canvas,
            &columns(),
            Page::A4.left(),
            Page::A4.content_width(),
            std::iter::once(head.as_slice()).chain(rows.iter().map(|r| r.cells.as_slice())),
            STYLE,
        );
        let table = grid.table(&flow.canvas, Some(&head), rows);
        flow.set_y(top);
        table.draw(flow, keep_with_last);
        if keep_with_last > 0.0 {
            let baseline = flow.canvas.baseline(flow.y(), TEXT);
            flow.canvas
                .text_at(Page::A4.left(), baseline, "AFTER", TEXT);
            flow.advance(keep_with_last);
        }
    }))
}

#[test]
fn fitted_columns_take_what_their_cells_need_and_the_fill_column_the_rest() {
    let font = crate::fonts::cjk().expect("the bundled font parses");
    let m = crate::engine::text::FontMeasure::new(font);
    let canvas = crate::engine::Canvas::new(printpdf::FontId::new(), &m, Page::A4.height);
    let rows = [
        row("AB-12", "anything", "1.00"),
        row("A", "", "123,456,789,012.00"),
    ];
    let head = header();
    let cells = || std::iter::once(head.as_slice()).chain(rows.iter().map(|r| r.cells.as_slice()));
    let grid = Grid::fit(&canvas, &columns(), 0.0, 500.0, cells(), STYLE);
    let w = grid.widths();
    let need = canvas.width("AB-12", TEXT).max(canvas.width("CODE", TEXT)) + 8.0;
    assert!((w[0] - need.max(30.0)).abs() < 0.01, "{w:?}");
    assert_eq!(w[2], 60.0, "capped at its maximum: {w:?}");
    assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.01, "{w:?}");

    // Too narrow for the fill column's minimum: fitted columns give back room down to theirs.
    let grid = Grid::fit(&canvas, &columns(), 0.0, 150.0, cells(), STYLE);
    let w = grid.widths();
    assert!(
        w[0] < need && w[0] >= 30.0 && w[2] < 60.0 && w[2] >= 40.0,
        "{w:?}"
    );
    assert!((w.iter().sum::<f32>() - 150.0).abs() < 0.01, "{w:?}");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_and_loses_no_row() {
    let rows: Vec<Row> = (0..200)
        .map(|i| row(&format!("R{i}"), "text", &format!("{i}.00")))
        .collect();
    let pages = draw(&rows, Page::A4.margin_top, 0.0);
    assert!(pages.len() >= 4, "{}", pages.len());
    for page in &pages {
        assert_eq!(page.iter().filter(|(_, t)| t == "CODE").count(), 1);
        // The header comes first on the page, after the running header.
        let first = page
            .iter()
            .find(|(_, t)| (t.starts_with('R') && t != "RUNNING") || t == "CODE");
        assert_eq!(first.map(|(_, t)| t.as_str()), Some("CODE"));
    }
    let mut last = 0;
    for i in 0..200 {
        let p = page_of(&pages, &format!("R{i}"));
        assert!(p >= last, "R{i} in order");
        last = p;
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_its_lines() {
    let text: String = (0..120).map(|i| format!("part {i}\n")).collect();
    let pages = draw(&[row("TALL", &text, "1.00")], Page::A4.margin_top, 0.0);
    assert!(pages.len() >= 3, "{}", pages.len());
    for i in 0..120 {
        page_of(&pages, &format!("part {i}"));
    }
    assert_eq!(page_of(&pages, "TALL"), 0);
}

#[test]
fn the_last_row_stays_with_what_follows_and_takes_its_last_lines_along() {
    // One-line rows near the bottom: the last one moves to the next page with the block after it.
    let rows: Vec<Row> = (0..4).map(|i| row(&format!("R{i}"), "x", "1")).collect();
    let bottom = Page::A4.content_bottom;
    let pages = draw(&rows, bottom - 100.0, 60.0);
    assert_eq!(page_of(&pages, "R0"), 0);
    assert_eq!(page_of(&pages, "R3"), 1);
    assert_eq!(page_of(&pages, "AFTER"), 1);

    // A long last row is split so that its last two lines go with the block.
    let text: String = (0..60).map(|i| format!("line {i}\n")).collect();
    let rows = [row("R0", "x", "1"), row("LONG", &text, "2")];
    let pages = draw(&rows, Page::A4.margin_top + 200.0, 100.0);
    assert_eq!(page_of(&pages, "LONG"), 0);
    let after = page_of(&pages, "AFTER");
    assert_eq!(page_of(&pages, "line 59"), after);
    assert_eq!(page_of(&pages, "line 58"), after);
}

#[test]
fn a_row_kept_with_the_next_moves_with_it() {
    let mut rows: Vec<Row> = (0..60).map(|i| row(&format!("R{i}"), "x", "1")).collect();
    // Find the last row of the first page, then make the one before it a group heading.
    let plain = draw(&rows, Page::A4.margin_top, 0.0);
    let last_on_first = (0..60)
        .filter(|i| page_of(&plain, &format!("R{i}")) == 0)
        .max()
        .expect("rows on the first page");
    rows[last_on_first].keep_with_next = true;
    let pages = draw(&rows, Page::A4.margin_top, 0.0);
    assert_eq!(page_of(&pages, &format!("R{last_on_first}")), 1);
    assert_eq!(page_of(&pages, &format!("R{}", last_on_first + 1)), 1);
}

#[test]
fn a_code_shrinks_rather_than_break() {
    let code = "ABCDEFGHIJKLMN-0123";
    let rows = [Row::new(vec![
        Cell::new(code, TEXT).shrink_to(4.0),
        Cell::new("text", TEXT),
        Cell::new("1.00", TEXT),
    ])];
    let pages = draw(&rows, Page::A4.margin_top, 0.0);
    page_of(&pages, code);
    // Without shrinking it breaks.
    let rows = [row(code, "text", "1.00")];
    let pages = draw(&rows, Page::A4.margin_top, 0.0);
    assert!(pages[0].iter().all(|(_, t)| t != code));
}

#[test]
fn a_cell_of_runs_wraps_as_one_text_in_its_column_and_keeps_its_styles() {
    let mut bold_seen = false;
    let mut italic_seen = false;
    let pages = with_flow(|flow| {
        let rich = Cell::empty().then_rich(vec![
            crate::engine::rich::Span::new("Met: ", TEXT.bold()),
            crate::engine::rich::Span::new(
                "through the gateway module and the web dashboard, on every station",
                TEXT.italic(),
            ),
        ]);
        let rows = vec![Row::new(vec![
            Cell::new("A1", TEXT),
            rich,
            Cell::new("9", TEXT),
        ])];
        let head = header();
        let grid = Grid::fit(
            &flow.canvas,
            &columns(),
            Page::A4.left(),
            Page::A4.content_width() / 2.0,
            std::iter::once(head.as_slice()).chain(rows.iter().map(|r| r.cells.as_slice())),
            STYLE,
        );
        let table = grid.table(&flow.canvas, Some(&head), &rows);
        let laid = &table.rows[0].cells[1];
        assert!(laid.len() > 1, "wrapped in its column");
        bold_seen = laid[0].spans[0] == ("Met: ".to_string(), TEXT.bold());
        italic_seen = laid
            .iter()
            .skip(1)
            .all(|l| l.spans.iter().all(|(_, s)| *s == TEXT.italic()));
        table.draw(flow, 0.0);
    });
    assert!(bold_seen && italic_seen);
    let drawn = texts(&pages);
    let met = drawn[0]
        .iter()
        .find(|(_, t)| t == "Met: ")
        .expect("the bold run");
    assert!(
        drawn[0]
            .iter()
            .any(|(y, t)| *y == met.0 && t.starts_with("through")),
        "both runs on the first line: {:?}",
        drawn[0]
    );
}
