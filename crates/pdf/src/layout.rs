//! Page layout: where every word and rule of a quote goes, as printpdf drawing ops.
//!
//! Coordinates here are PDF points measured from the *top* of an A4 page (y grows downwards);
//! [`Flow`] turns them into PDF's bottom-up coordinates when it emits an op. Text is drawn in
//! one font (the bundled CJK font, which also covers Latin); headings use a faux bold (fill and
//! a thin stroke of the same colour) because the font has a single weight.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextRenderingMode, XObjectId, XObjectTransform,
};

use crate::labels::Labels;
use fieldquote_domain::money::group_thousands;

use crate::text::{FontMeasure, Measure, sanitize, wrap};
use crate::{CompanyProfile, QuoteView};
use fieldquote_domain::quote::{QuoteLineKind, QuoteLineView};

/// A4, in points.
pub(crate) const PAGE_W_MM: f32 = 210.0;
pub(crate) const PAGE_H_MM: f32 = 297.0;
const PT_PER_MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = PAGE_W_MM * PT_PER_MM;
const PAGE_H: f32 = PAGE_H_MM * PT_PER_MM;
const MARGIN_X: f32 = 15.0 * PT_PER_MM;
const MARGIN_TOP: f32 = 15.0 * PT_PER_MM;
/// Content stops 20 mm above the bottom edge; the footer lives below.
const CONTENT_BOTTOM: f32 = PAGE_H - 20.0 * PT_PER_MM;
const FOOTER_BASELINE: f32 = PAGE_H - 10.0 * PT_PER_MM;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const RIGHT: f32 = PAGE_W - MARGIN_X;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;

/// An RGB colour (0..1), copyable unlike printpdf's.
#[derive(Clone, Copy)]
struct Ink(f32, f32, f32);

impl Ink {
    fn color(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

const INK: Ink = Ink(0.12, 0.12, 0.12);
const MUTED: Ink = Ink(0.38, 0.38, 0.38);
const RULE: Ink = Ink(0.75, 0.75, 0.75);
const HEADER_FILL: Ink = Ink(0.92, 0.93, 0.95);
const ACCENT: Ink = Ink(0.75, 0.1, 0.1);

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    ink: Ink,
}

impl Style {
    const fn new(size: f32, bold: bool, ink: Ink) -> Self {
        Style { size, bold, ink }
    }

    fn line_height(self) -> f32 {
        self.size * LEADING
    }

    fn bold(self) -> Self {
        Style { bold: true, ..self }
    }

    fn ink(self, ink: Ink) -> Self {
        Style { ink, ..self }
    }
}

const COMPANY: Style = Style::new(16.0, true, INK);
const TITLE: Style = Style::new(16.0, true, INK);
const BODY: Style = Style::new(9.0, false, INK);
const SMALL: Style = Style::new(8.5, false, MUTED);
const CUSTOMER: Style = Style::new(11.0, true, INK);
const CELL: Style = Style::new(8.5, false, INK);
const HEAD: Style = Style::new(8.0, true, INK);
const TOTAL: Style = Style::new(10.5, true, INK);
const HEADING: Style = Style::new(10.0, true, INK);
const FOOTER: Style = Style::new(8.0, false, MUTED);

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// The lines table: SKU, description, quantity with unit, unit price, discount %, net total.
const COLUMNS: usize = 6;
const COL_WIDTHS: [f32; COLUMNS] = [66.0, 0.0, 56.0, 66.0, 52.0, 80.0];
const COL_ALIGN: [Align; COLUMNS] = [
    Align::Left,
    Align::Left,
    Align::Right,
    Align::Right,
    Align::Right,
    Align::Right,
];
/// The description column takes what the others leave.
const DESCRIPTION_COL: usize = 1;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

fn column_widths() -> [f32; COLUMNS] {
    let mut w = COL_WIDTHS;
    w[DESCRIPTION_COL] = CONTENT_W - COL_WIDTHS.iter().sum::<f32>();
    w
}

/// One table row: each cell's text, already wrapped to its column.
type Cells = [Vec<String>; COLUMNS];

/// How far a bundle's component is indented under its bundle line, in the description column.
const COMPONENT_INDENT: f32 = 14.0;

/// A row of the lines table: its cells and how far its description is indented.
struct Row {
    cells: Cells,
    indent: f32,
}

fn line_count(cells: &Cells) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

/// Lays content out top to bottom, starting a new page whenever the next piece does not fit.
pub(crate) struct Flow<'a> {
    font: PdfFontHandle,
    m: &'a FontMeasure<'a>,
    ascent: f32,
    descent: f32,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Top of the next thing to draw.
    y: f32,
    /// Where content starts on the current page (below the running header).
    content_top: f32,
    /// Table rows drawn on the current page (a row is only moved to a new page if this is > 0).
    rows_on_page: usize,
    /// Company name and quote number, repeated small on the top of continuation pages.
    running_left: String,
    running_right: String,
}

impl<'a> Flow<'a> {
    pub(crate) fn new(font: FontId, m: &'a FontMeasure<'a>) -> Self {
        let (ascent, descent) = m.vertical_em();
        Flow {
            font: PdfFontHandle::External(font),
            m,
            ascent,
            descent,
            pages: Vec::new(),
            ops: Vec::new(),
            y: MARGIN_TOP,
            content_top: MARGIN_TOP,
            rows_on_page: 0,
            running_left: String::new(),
            running_right: String::new(),
        }
    }

    // ---- drawing primitives -------------------------------------------------------------------

    /// Width of `s` in points.
    fn width(&self, s: &str, style: Style) -> f32 {
        self.m.width_em(s) * style.size
    }

    /// The baseline of a line of `style` whose line box starts at `top`: the glyphs' ascent and
    /// descent centred in the line box.
    fn baseline(&self, top: f32, style: Style) -> f32 {
        let glyphs = (self.ascent + self.descent) * style.size;
        top + (style.line_height() - glyphs) / 2.0 + self.ascent * style.size
    }

    /// Draw `logo` with its top-left corner at (`x`, `top`), scaled to fit `max_w` × `max_h` with its
    /// proportions kept; the flow continues below it.
    fn image(&mut self, logo: &LogoRef, x: f32, top: f32, max_w: f32, max_h: f32) {
        let scale = (max_w / logo.width).min(max_h / logo.height);
        let h = logo.height * scale;
        self.ops.push(Op::UseXobject {
            id: logo.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_H - top - h)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                // One pixel is one point before scaling.
                dpi: Some(72.0),
                ..XObjectTransform::default()
            },
        });
        self.y = self.y.max(top + h);
    }

    /// Draw one already sanitized line with its left end at `x`.
    fn text_at(&mut self, x: f32, baseline: f32, s: &str, style: Style) {
        if s.is_empty() {
            return;
        }
        let color = style.ink.color();
        self.ops.push(Op::SetFillColor { col: color.clone() });
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: self.font.clone(),
            size: Pt(style.size),
        });
        if style.bold {
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            });
            self.ops.push(Op::SetOutlineColor { col: color });
            self.ops.push(Op::SetOutlineThickness {
                pt: Pt(style.size * 0.035),
            });
        }
        self.ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(x),
                y: Pt(PAGE_H - baseline),
            },
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
        if style.bold {
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        self.ops.push(Op::EndTextSection);
    }

    fn text_aligned(
        &mut self,
        left: f32,
        width: f32,
        align: Align,
        baseline: f32,
        s: &str,
        style: Style,
    ) {
        let x = match align {
            Align::Left => left,
            Align::Right => left + width - self.width(s, style),
        };
        self.text_at(x, baseline, s, style);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, ink: Ink) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        let point = |x: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_H - y),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1), point(x2)],
                is_closed: false,
            },
        });
    }

    fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink) {
        self.ops.push(Op::SetFillColor { col: ink.color() });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - top - height),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - top - height),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// Sanitize `text` and wrap it into lines of at most `width` points.
    fn lines(&self, text: &str, width: f32, style: Style) -> Vec<String> {
        wrap(&sanitize(text, true, self.m), width / style.size, self.m)
    }

    /// Sanitize a one-line value (newlines become spaces).
    fn one_line(&self, text: &str) -> String {
        sanitize(text, false, self.m).trim().to_string()
    }

    // ---- pages --------------------------------------------------------------------------------

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.rows_on_page = 0;
        self.y = MARGIN_TOP;
        let (left, right) = (self.running_left.clone(), self.running_right.clone());
        let baseline = self.baseline(self.y, SMALL);
        let right_w = self.width(&right, SMALL).min(CONTENT_W / 2.0);
        let left = self.fit(&left, CONTENT_W - right_w - 12.0, SMALL);
        self.text_at(MARGIN_X, baseline, &left, SMALL);
        self.text_aligned(MARGIN_X, CONTENT_W, Align::Right, baseline, &right, SMALL);
        self.y += SMALL.line_height() + 3.0;
        self.rule(MARGIN_X, RIGHT, self.y, 0.5, RULE);
        self.y += 8.0;
        self.content_top = self.y;
    }

    /// Start a new page unless `height` still fits on this one (or this page is still empty:
    /// something taller than a page is drawn anyway rather than looping).
    fn ensure(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && self.y > self.content_top {
            self.new_page();
        }
    }

    /// The first line of `s`, cut with an ellipsis if it is wider than `width`.
    fn fit(&self, s: &str, width: f32, style: Style) -> String {
        let mut lines = self.lines(s, width, style).into_iter();
        let first = lines.next().unwrap_or_default();
        if lines.next().is_none() {
            return first;
        }
        let mut cut = first;
        while !cut.is_empty() && self.width(&cut, style) + self.width("…", style) > width {
            cut.pop();
        }
        format!("{}…", cut.trim_end())
    }

    /// Wrapped text at `x`, `width` wide, flowing onto new pages as needed.
    /// `label: value` paragraphs, one per pair, skipping empty values.
    fn labelled_lines(
        &mut self,
        x: f32,
        width: f32,
        colon: &str,
        pairs: &[(&str, &str)],
        style: Style,
    ) {
        for (label, value) in pairs {
            let value = self.one_line(value);
            if !value.is_empty() {
                self.paragraph(x, width, &format!("{label}{colon}{value}"), style);
            }
        }
    }

    fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) {
        for line in self.lines(text, width, style) {
            self.ensure(style.line_height());
            let baseline = self.baseline(self.y, style);
            self.text_at(x, baseline, &line, style);
            self.y += style.line_height();
        }
    }

    /// Every page's ops, each with its footer ("Page X of Y").
    pub(crate) fn finish(mut self, labels: &Labels) -> Vec<Vec<Op>> {
        self.pages.push(std::mem::take(&mut self.ops));
        let total = self.pages.len();
        let mut pages = std::mem::take(&mut self.pages);
        for (i, page) in pages.iter_mut().enumerate() {
            self.ops = std::mem::take(page);
            self.rule(MARGIN_X, RIGHT, CONTENT_BOTTOM + 8.0, 0.5, RULE);
            let baseline = FOOTER_BASELINE;
            let left = self.running_right.clone();
            self.text_at(MARGIN_X, baseline, &left, FOOTER);
            let number = labels.page_of(i + 1, total);
            self.text_aligned(MARGIN_X, CONTENT_W, Align::Right, baseline, &number, FOOTER);
            *page = std::mem::take(&mut self.ops);
        }
        pages
    }

    // ---- table --------------------------------------------------------------------------------

    fn row_height(lines: usize) -> f32 {
        lines as f32 * CELL.line_height() + 2.0 * CELL_PAD_Y
    }

    fn wrap_cells(&self, texts: [&str; COLUMNS], style: Style) -> Cells {
        let widths = column_widths();
        std::array::from_fn(|c| self.lines(texts[c], widths[c] - 2.0 * CELL_PAD_X, style))
    }

    fn table_header(&mut self, header: &Cells) {
        let height = line_count(header) as f32 * HEAD.line_height() + 2.0 * CELL_PAD_Y;
        self.fill_rect(MARGIN_X, self.y, CONTENT_W, height, HEADER_FILL);
        self.draw_cells(header, 0..line_count(header), HEAD, 0.0);
        self.y += height;
    }

    /// Lines `range` of every cell, on one row starting at the cursor; the description column starts
    /// `indent` points further right.
    fn draw_cells(
        &mut self,
        cells: &Cells,
        range: std::ops::Range<usize>,
        style: Style,
        indent: f32,
    ) {
        let widths = column_widths();
        let mut x = MARGIN_X;
        for (c, lines) in cells.iter().enumerate() {
            let shift = if c == DESCRIPTION_COL { indent } else { 0.0 };
            let inner = widths[c] - 2.0 * CELL_PAD_X - shift;
            for (j, line) in lines.iter().enumerate().take(range.end).skip(range.start) {
                let top = self.y + CELL_PAD_Y + (j - range.start) as f32 * style.line_height();
                let baseline = self.baseline(top, style);
                self.text_aligned(
                    x + CELL_PAD_X + shift,
                    inner,
                    COL_ALIGN[c],
                    baseline,
                    line,
                    style,
                );
            }
            x += widths[c];
        }
    }

    fn draw_row_part(&mut self, row: &Row, range: std::ops::Range<usize>, style: Style) {
        let height = Self::row_height(range.len());
        self.draw_cells(&row.cells, range, style, row.indent);
        self.y += height;
        self.rule(MARGIN_X, RIGHT, self.y, 0.4, RULE);
        self.rows_on_page += 1;
    }

    fn table_page_break(&mut self, header: &Cells) {
        self.new_page();
        self.table_header(header);
    }

    /// The table, its header repeated on every page it reaches. A row moves to the next page
    /// whole if it fits there; a row taller than a page is split between its lines. The last
    /// row is kept on one page with the `keep_with_last` points that follow it (the totals).
    fn table(&mut self, header: &Cells, rows: &[Row], style: Style, keep_with_last: f32) {
        let header_h = line_count(header) as f32 * HEAD.line_height() + 2.0 * CELL_PAD_Y;
        self.ensure(header_h + Self::row_height(2));
        self.table_header(header);
        let lh = style.line_height();
        for (i, row) in rows.iter().enumerate() {
            let extra = if i + 1 == rows.len() {
                keep_with_last
            } else {
                0.0
            };
            let n = line_count(&row.cells);
            let mut start = 0;
            loop {
                let rest = Self::row_height(n - start);
                let avail = CONTENT_BOTTOM - self.y;
                if rest + extra <= avail {
                    self.draw_row_part(row, start..n, style);
                    break;
                }
                // The space a fresh page offers below its running header and table header.
                let fresh = CONTENT_BOTTOM - (MARGIN_TOP + SMALL.line_height() + 11.0 + header_h);
                if start == 0 && self.rows_on_page > 0 && rest + extra <= fresh {
                    self.table_page_break(header);
                    continue;
                }
                let fitting = ((avail - 2.0 * CELL_PAD_Y) / lh).floor().max(0.0) as usize;
                // On a page without rows yet, always place at least one line: that is what
                // guarantees progress.
                let take = if self.rows_on_page == 0 {
                    fitting.max(1)
                } else {
                    fitting
                };
                let take = take.min(n - start);
                if take == n - start {
                    // The rest fits, just not together with what must follow it.
                    self.draw_row_part(row, start..n, style);
                    break;
                }
                if take > 0 {
                    self.draw_row_part(row, start..start + take, style);
                    start += take;
                }
                self.table_page_break(header);
            }
        }
    }
}

/// Lay out the whole quote; returns each page's ops.
/// A logo added to the document, with its size in pixels.
pub(crate) struct LogoRef {
    pub(crate) id: XObjectId,
    pub(crate) width: f32,
    pub(crate) height: f32,
}

/// The box a logo is scaled into (keeping its proportions), in points.
const LOGO_MAX_W: f32 = 160.0;
const LOGO_MAX_H: f32 = 48.0;

pub(crate) fn quote_pages(
    quote: &QuoteView,
    company: &CompanyProfile,
    labels: &Labels,
    font: FontId,
    logo: Option<&LogoRef>,
    m: &FontMeasure<'_>,
) -> Vec<Vec<Op>> {
    let mut flow = Flow::new(font, m);
    let number = quote
        .number
        .as_deref()
        .map(|n| flow.one_line(n))
        .unwrap_or_default();
    flow.running_left = flow.one_line(&company.name);
    flow.running_right = if number.is_empty() {
        String::new()
    } else {
        format!("{}{}{}", labels.quote_number, labels.colon, number)
    };

    letterhead(&mut flow, quote, company, labels, logo, &number);
    client_block(&mut flow, quote, labels);

    let header = flow.wrap_cells(
        [
            labels.sku,
            labels.description,
            labels.quantity,
            labels.unit_price,
            labels.discount,
            labels.line_total,
        ],
        HEAD,
    );
    // A bundle's components go with their bundle line, into the options when the bundle is one.
    let bundle_of = |l: &QuoteLineView| {
        l.parent
            .and_then(|p| quote.lines.get(usize::try_from(p).ok()?))
    };
    let (optional, main): (Vec<&QuoteLineView>, Vec<&QuoteLineView>) = quote
        .lines
        .iter()
        .partition(|l| l.optional || bundle_of(l).is_some_and(|b| b.optional));
    let mut rows: Vec<Row> = main
        .iter()
        .map(|line| line_cells(&flow, line, bundle_of(line), None, labels))
        .collect();
    if rows.is_empty() && optional.is_empty() {
        rows.push(Row {
            cells: flow.wrap_cells(["", labels.no_lines, "", "", "", ""], CELL),
            indent: 0.0,
        });
    }
    let optional_rows: Vec<Row> = optional
        .iter()
        .map(|line| {
            let status = match (line.optional, line.selected) {
                (false, _) => None,
                (true, true) => Some(labels.selected_included),
                (true, false) => Some(labels.not_selected),
            };
            line_cells(&flow, line, bundle_of(line), status, labels)
        })
        .collect();
    let totals = Totals::new(&flow, quote, labels);
    flow.y += 6.0;
    if !rows.is_empty() {
        // The totals follow the last table, whichever it is.
        let keep = if optional_rows.is_empty() {
            totals.height()
        } else {
            0.0
        };
        flow.table(&header, &rows, CELL, keep);
    }
    if !optional_rows.is_empty() {
        // Options: after the lines, with their prices, marked chosen or not.
        let heading = HEADING.line_height() + 3.0;
        if !rows.is_empty() {
            flow.y += 12.0;
        }
        flow.ensure(heading + Flow::row_height(4));
        flow.paragraph(MARGIN_X, CONTENT_W, labels.optional_items, HEADING);
        flow.y += 3.0;
        flow.table(&header, &optional_rows, CELL, totals.height());
    }
    totals.draw(&mut flow);
    terms(&mut flow, quote, labels);
    signatures(&mut flow, quote, company, labels);
    flow.finish(labels)
}

/// A line's cells; `status` (an optional line's "selected"/"not selected") goes under its
/// description. A bundle's component (`bundle` is its bundle line) is indented; a bundle priced as the sum
/// of its components shows that sum without a unit price, a fixed-price bundle's components show as
/// included in it.
fn line_cells(
    flow: &Flow<'_>,
    line: &QuoteLineView,
    bundle: Option<&QuoteLineView>,
    status: Option<&str>,
    labels: &Labels,
) -> Row {
    let quantity = match line.unit.trim() {
        "" => group_thousands(&line.quantity),
        unit => format!("{} {unit}", group_thousands(&line.quantity)),
    };
    let description = match status {
        Some(status) => format!("{}\n{status}", line.description.trim_end()),
        None => line.description.clone(),
    };
    let sum_bundle = line.kind == QuoteLineKind::Bundle && line.bundle_pricing == "sum";
    let included = bundle.is_some_and(|b| b.bundle_pricing == "fixed");
    let (unit_price, discount, total) = if sum_bundle {
        (String::new(), String::new(), group_thousands(&line.net))
    } else if included {
        (String::new(), String::new(), labels.included.to_string())
    } else {
        (
            group_thousands(&line.unit_price),
            line.discount_percent.clone(),
            group_thousands(&line.net),
        )
    };
    let indent = if bundle.is_some() {
        COMPONENT_INDENT
    } else {
        0.0
    };
    let mut cells = flow.wrap_cells(
        [&line.sku, "", &quantity, &unit_price, &discount, &total],
        CELL,
    );
    let width = column_widths()[DESCRIPTION_COL] - 2.0 * CELL_PAD_X - indent;
    cells[DESCRIPTION_COL] = flow.lines(&description, width, CELL);
    Row { cells, indent }
}

/// Company name and contact details on the left, title, number and dates on the right.
fn letterhead(
    flow: &mut Flow<'_>,
    quote: &QuoteView,
    company: &CompanyProfile,
    labels: &Labels,
    logo: Option<&LogoRef>,
    number: &str,
) {
    const META_W: f32 = 200.0;
    let top = flow.y;

    // Right column: drawn first, at fixed positions (it is short and bounded).
    let mut y = top;
    let title = flow.one_line(labels.title);
    flow.text_aligned(
        RIGHT - META_W,
        META_W,
        Align::Right,
        flow.baseline(y, TITLE),
        &title,
        TITLE,
    );
    y += TITLE.line_height() + 4.0;
    let mut meta: Vec<(&str, String)> = Vec::new();
    if !number.is_empty() {
        meta.push((labels.quote_number, number.to_string()));
    }
    // The number already ends in -R1; say which quote it revises.
    if let Some(original) = quote.revises_number.as_deref() {
        let original = flow.one_line(original);
        if !original.is_empty() {
            meta.push(("", labels.revision_of(quote.revision, &original)));
        }
    }
    meta.push((labels.issue_date, flow.one_line(&quote.issue_date)));
    meta.push((labels.valid_until, flow.one_line(&quote.valid_until)));
    for (label, value) in meta {
        if value.is_empty() {
            continue;
        }
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("{label}{}", labels.colon)
        };
        let label_w = flow.width(&label, BODY);
        let value_w = (META_W - label_w).max(META_W / 2.0);
        for (i, line) in flow.lines(&value, value_w, BODY).into_iter().enumerate() {
            let baseline = flow.baseline(y, BODY);
            let line_w = flow.width(&line, BODY);
            if i == 0 {
                flow.text_at(RIGHT - line_w - label_w, baseline, &label, BODY.ink(MUTED));
            }
            flow.text_at(RIGHT - line_w, baseline, &line, BODY);
            y += BODY.line_height();
        }
    }
    // Not approved or sent yet: the client must not take it for an offer.
    if quote.is_draft_document() {
        let style = BODY.bold().ink(ACCENT);
        flow.text_aligned(
            RIGHT - META_W,
            META_W,
            Align::Right,
            flow.baseline(y, style),
            labels.draft,
            style,
        );
        y += style.line_height();
    }
    let meta_bottom = y;

    // Left column: flows (a pathological address could run past the page).
    let left_w = CONTENT_W - META_W - 16.0;
    if let Some(logo) = logo {
        flow.image(logo, MARGIN_X, top, LOGO_MAX_W.min(left_w), LOGO_MAX_H);
        flow.y += 6.0;
    }
    flow.paragraph(MARGIN_X, left_w, &company.name, COMPANY);
    flow.y += 2.0;
    flow.paragraph(MARGIN_X, left_w, &company.address, SMALL);
    let contacts = [
        (labels.phone, company.phone.as_str()),
        (labels.email, company.email.as_str()),
        (labels.tax_id, company.tax_id.as_str()),
    ];
    flow.labelled_lines(MARGIN_X, left_w, labels.colon, &contacts, SMALL);
    if flow.pages.is_empty() {
        flow.y = flow.y.max(meta_bottom);
    }
    flow.y += 8.0;
    flow.ensure(1.0);
    flow.rule(MARGIN_X, RIGHT, flow.y, 0.8, INK);
    flow.y += 10.0;
}

/// Who the quote is for.
fn client_block(flow: &mut Flow<'_>, quote: &QuoteView, labels: &Labels) {
    let Some(customer) = &quote.customer else {
        return;
    };
    let width = CONTENT_W * 0.62;
    flow.paragraph(MARGIN_X, width, labels.bill_to, SMALL.bold());
    flow.y += 1.0;
    flow.paragraph(MARGIN_X, width, &customer.name, CUSTOMER);
    let contact = flow.one_line(&customer.contact_person);
    if !contact.is_empty() {
        flow.paragraph(
            MARGIN_X,
            width,
            &format!("{}{}{contact}", labels.contact, labels.colon),
            BODY,
        );
    }
    flow.paragraph(MARGIN_X, width, &customer.address, BODY);
    let contacts = [
        (labels.phone, customer.phone.as_str()),
        (labels.email, customer.email.as_str()),
        (labels.tax_id, customer.tax_id.as_str()),
    ];
    flow.labelled_lines(MARGIN_X, width, labels.colon, &contacts, BODY);
    flow.y += 8.0;
}

const TOTALS_GAP: f32 = 8.0;
/// Space above and below the rule over the total.
const TOTAL_RULE_GAP: f32 = 2.0;

/// Is a decimal string zero (or empty)? Only to decide whether a row is worth printing.
fn is_zero_amount(s: &str) -> bool {
    s.trim()
        .chars()
        .all(|c| matches!(c, '0' | '.' | ',' | '-' | '+'))
}

/// One row of the totals block.
struct TotalRow {
    label: String,
    value: String,
    style: Style,
    /// The total: a rule above it.
    grand: bool,
}

/// The totals under the table, laid out before drawing so the table can keep its last row
/// with them.
struct Totals {
    rows: Vec<TotalRow>,
    /// "人民币大写：…", wrapped, for CNY quotes.
    capitals: Vec<String>,
}

/// Width of the column the amounts of the totals block line up in.
const CAPITALS_W: f32 = CONTENT_W * 0.75;

impl Totals {
    /// Lines total, quote discount (when there is one), subtotal, tax by rate, total and,
    /// for CNY, the total in capitals. Every amount is a string from the view.
    fn new(flow: &Flow<'_>, quote: &QuoteView, labels: &Labels) -> Self {
        let t = &quote.totals;
        // The view's flat fields mirror `totals`; fall back to them for a view built without.
        let pick =
            |a: &str, b: &str| -> String { if a.trim().is_empty() { b } else { a }.to_string() };
        let subtotal = pick(&t.subtotal, &quote.subtotal);
        let tax = pick(&t.tax, &quote.tax);
        let total = pick(&t.total, &quote.total);
        let code = quote.currency.code();
        let money = |s: &str| flow.one_line(&format!("{code} {}", group_thousands(s.trim())));
        let row = |label: &str, value: String, style: Style| TotalRow {
            label: flow.one_line(label),
            value,
            style,
            grand: false,
        };

        let mut rows = Vec::new();
        let discounted = !is_zero_amount(&t.quote_discount);
        if discounted && !t.lines_total.trim().is_empty() {
            rows.push(row(labels.lines_total, money(&t.lines_total), BODY));
        }
        if discounted {
            let amount = t.quote_discount.trim();
            let value = match amount.strip_prefix('-') {
                Some(positive) => money(positive),
                None => money(amount),
            };
            rows.push(row(labels.quote_discount, format!("-{value}"), BODY));
        }
        rows.push(row(labels.subtotal, money(&subtotal), BODY));
        if t.tax_by_rate.is_empty() {
            rows.push(row(labels.tax, money(&tax), BODY));
        } else {
            for r in &t.tax_by_rate {
                let label = labels.tax_at_rate(r.rate.trim(), &money(&r.net));
                rows.push(row(&label, money(&r.tax), BODY));
            }
        }
        rows.push(TotalRow {
            grand: true,
            ..row(labels.total, money(&total), TOTAL)
        });

        let capitals = match &t.total_in_capitals {
            Some(words) if !words.trim().is_empty() => flow.lines(
                &format!("{}{}{}", labels.in_capitals, labels.colon, words.trim()),
                CAPITALS_W,
                BODY,
            ),
            _ => Vec::new(),
        };
        Totals { rows, capitals }
    }

    fn height(&self) -> f32 {
        let rows: f32 = self
            .rows
            .iter()
            .map(|r| r.style.line_height() + if r.grand { 2.0 * TOTAL_RULE_GAP } else { 0.0 })
            .sum();
        let capitals = if self.capitals.is_empty() {
            0.0
        } else {
            4.0 + self.capitals.len() as f32 * BODY.line_height()
        };
        TOTALS_GAP + rows + capitals
    }

    /// Right-aligned under the table.
    fn draw(&self, flow: &mut Flow<'_>) {
        flow.ensure(self.height());
        flow.y += TOTALS_GAP;
        let value_w = self
            .rows
            .iter()
            .map(|r| flow.width(&r.value, r.style))
            .fold(90.0, f32::max)
            .min(CONTENT_W / 2.0);
        // Values line up with the table's right-aligned amounts.
        let value_right = RIGHT - CELL_PAD_X;
        let label_right = value_right - value_w - 16.0;
        let label_room = label_right - MARGIN_X;
        let labels: Vec<String> = self
            .rows
            .iter()
            .map(|r| flow.fit(&r.label, label_room, r.style))
            .collect();
        let widest = self
            .rows
            .iter()
            .zip(&labels)
            .map(|(r, l)| flow.width(l, r.style))
            .fold(60.0, f32::max);
        for (row, label) in self.rows.iter().zip(&labels) {
            if row.grand {
                flow.y += TOTAL_RULE_GAP;
                flow.rule(label_right - widest, RIGHT, flow.y, 0.8, INK);
                flow.y += TOTAL_RULE_GAP;
            }
            let baseline = flow.baseline(flow.y, row.style);
            let label_w = flow.width(label, row.style);
            flow.text_at(label_right - label_w, baseline, label, row.style);
            let value = flow.fit(&row.value, value_w, row.style);
            flow.text_aligned(
                value_right - value_w,
                value_w,
                Align::Right,
                baseline,
                &value,
                row.style,
            );
            flow.y += row.style.line_height();
        }
        if !self.capitals.is_empty() {
            flow.y += 4.0;
            for line in &self.capitals {
                let baseline = flow.baseline(flow.y, BODY);
                flow.text_aligned(
                    value_right - CAPITALS_W,
                    CAPITALS_W,
                    Align::Right,
                    baseline,
                    line,
                    BODY,
                );
                flow.y += BODY.line_height();
            }
        }
    }
}

/// Payment and delivery terms, validity and notes, each only when there is something to say.
fn terms(flow: &mut Flow<'_>, quote: &QuoteView, labels: &Labels) {
    let valid_until = flow.one_line(&quote.valid_until);
    let validity = if valid_until.is_empty() {
        String::new()
    } else {
        format!("{} {valid_until}", labels.valid_until)
    };
    let items = [
        (labels.payment_terms, quote.payment_terms.as_str()),
        (labels.delivery_terms, quote.delivery_terms.as_str()),
        (labels.validity, validity.as_str()),
        (labels.notes, quote.notes.as_str()),
    ];
    let items: Vec<_> = items
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    if items.is_empty() {
        return;
    }
    flow.y += 14.0;
    // The heading stays with the first item's label and first line.
    flow.ensure(HEADING.line_height() + 3.0 + 2.0 * BODY.line_height());
    flow.paragraph(MARGIN_X, CONTENT_W, labels.terms, HEADING);
    flow.y += 3.0;
    for (i, (label, text)) in items.into_iter().enumerate() {
        if i > 0 {
            flow.y += 5.0;
        }
        flow.ensure(2.0 * BODY.line_height());
        flow.paragraph(MARGIN_X, CONTENT_W, label, BODY.bold());
        flow.y += 1.0;
        flow.paragraph(MARGIN_X, CONTENT_W, text.trim(), BODY);
    }
}

const SIGN_GAP: f32 = 16.0;
const SIGN_PAD: f32 = 8.0;
/// From one signing line to the next: room to write by hand.
const SIGN_ROW: f32 = 26.0;

fn signature_box_height() -> f32 {
    2.0 * SIGN_PAD + BODY.line_height() + SMALL.line_height() + 3.0 * SIGN_ROW
}

/// Two boxes side by side, for the company and for the client, each with name, signature and
/// date lines; kept together on one page.
fn signatures(flow: &mut Flow<'_>, quote: &QuoteView, company: &CompanyProfile, labels: &Labels) {
    let height = signature_box_height();
    flow.y += 20.0;
    flow.ensure(height);
    let top = flow.y;
    let box_w = (CONTENT_W - SIGN_GAP) / 2.0;
    let client = quote
        .customer
        .as_ref()
        .map(|c| c.name.as_str())
        .unwrap_or_default();
    let parties = [
        (labels.for_company, company.name.as_str()),
        (labels.for_client, client),
    ];
    for (i, (heading, party)) in parties.into_iter().enumerate() {
        let x = MARGIN_X + i as f32 * (box_w + SIGN_GAP);
        let inner = box_w - 2.0 * SIGN_PAD;
        flow.stroke_rect(x, top, box_w, height, RULE);
        let mut y = top + SIGN_PAD;
        let heading = flow.fit(heading, inner, BODY.bold());
        flow.text_at(x + SIGN_PAD, flow.baseline(y, BODY), &heading, BODY.bold());
        y += BODY.line_height();
        let party = flow.fit(party, inner, SMALL);
        flow.text_at(x + SIGN_PAD, flow.baseline(y, SMALL), &party, SMALL);
        y += SMALL.line_height();
        for label in [labels.sign_name, labels.signature, labels.sign_date] {
            y += SIGN_ROW;
            let label = format!("{label}{}", labels.colon);
            let baseline = y - 4.0;
            flow.text_at(x + SIGN_PAD, baseline, &label, BODY.ink(MUTED));
            let line_from = x + SIGN_PAD + flow.width(&label, BODY) + 4.0;
            flow.rule(line_from, x + box_w - SIGN_PAD, baseline + 1.5, 0.5, MUTED);
        }
    }
    flow.y = top + height;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PdfLanguage as Lang;

    fn with_flow(f: impl FnOnce(&Flow<'_>)) {
        let font = crate::fonts::cjk().expect("the bundled font parses");
        let m = FontMeasure::new(font);
        f(&Flow::new(FontId::new(), &m));
    }

    #[test]
    fn header_labels_and_large_amounts_fit_their_columns() {
        with_flow(|flow| {
            let widths = column_widths();
            for lang in [Lang::En, Lang::Zh] {
                let l = Labels::get(lang);
                let labels = [
                    l.sku,
                    l.description,
                    l.quantity,
                    l.unit_price,
                    l.discount,
                    l.line_total,
                ];
                for (c, label) in labels.iter().enumerate() {
                    let w = flow.width(label, HEAD);
                    assert!(
                        w <= widths[c] - 2.0 * CELL_PAD_X,
                        "{label:?}: {w} pt in {}",
                        widths[c]
                    );
                }
            }
            // Bilingual headers wrap onto a second line, never more.
            let l = Labels::get(Lang::Bilingual);
            let header = flow.wrap_cells(
                [
                    l.sku,
                    l.description,
                    l.quantity,
                    l.unit_price,
                    l.discount,
                    l.line_total,
                ],
                HEAD,
            );
            assert!(line_count(&header) <= 2, "{header:?}");
            let cells = flow.wrap_cells(
                [
                    "PLC-S7-1200",
                    "",
                    "1,000.5 台",
                    "12,345,678.90",
                    "12.5",
                    "123,456,789.00",
                ],
                CELL,
            );
            assert!(cells.iter().all(|c| c.len() == 1), "{cells:?}");
        });
    }
}
