//! Tables that break across pages: columns sized once for every table that shares them, cells of styled
//! paragraphs wrapped to their column, the header repeated on each page the table reaches.

use super::rich::{RichLine, Span};
use super::{Align, Canvas, Flow, Ink, Style};

/// How wide a column is (a fixed width is a fit with equal bounds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Width {
    /// As wide as its widest cell (header included) needs, within `min..=max`.
    Fit { min: f32, max: f32 },
    /// What the other columns leave, at least `min`: fitted columns give back room, down to their minimum,
    /// before this one gets narrower.
    Fill { min: f32 },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub width: Width,
    pub align: Align,
}

/// One paragraph of a cell.
#[derive(Debug, Clone)]
struct Para {
    text: String,
    style: Style,
    /// Runs in several styles (bold, italic), wrapped as one text; empty for a paragraph in `style` alone.
    spans: Vec<Span>,
    /// `text` made drawable, once: it is measured to fit the columns, then wrapped.
    clean: std::cell::OnceCell<String>,
}

impl Para {
    fn clean(&self, canvas: &Canvas<'_>) -> &str {
        self.clean.get_or_init(|| canvas.clean(&self.text))
    }
}

/// A line of a cell's text in one style.
fn plain_line(text: String, style: Style) -> RichLine {
    RichLine {
        spans: vec![(text, style)],
        height: style.line_height(),
        style,
    }
}

/// A cell: paragraphs one under the other (a description and a note under it, a value and its unit).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    paras: Vec<Para>,
    /// Points the cell's text starts further in from its column's edge.
    indent: f32,
    /// For a code that must not break (a SKU): the smallest font size it may shrink to before it wraps.
    shrink_to: Option<f32>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Cell {
        Cell::default().then(text, style)
    }

    pub(crate) fn empty() -> Cell {
        Cell::default()
    }

    /// Add a paragraph under the others (nothing for empty text).
    pub(crate) fn then(mut self, text: impl Into<String>, style: Style) -> Cell {
        let text = text.into();
        if !text.trim().is_empty() {
            self.paras.push(Para {
                text,
                style,
                spans: Vec::new(),
                clean: std::cell::OnceCell::new(),
            });
        }
        self
    }

    /// Add a paragraph of runs in several styles under the others (nothing when they hold no text). It is
    /// measured in the style of its largest run.
    pub(crate) fn then_rich(mut self, spans: Vec<Span>) -> Cell {
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        let Some(style) = spans
            .iter()
            .map(|s| s.style)
            .reduce(|a, b| if b.size > a.size { b } else { a })
        else {
            return self;
        };
        if !text.trim().is_empty() {
            self.paras.push(Para {
                text,
                style,
                spans,
                clean: std::cell::OnceCell::new(),
            });
        }
        self
    }

    pub(crate) fn indent(self, indent: f32) -> Cell {
        Cell { indent, ..self }
    }

    /// Rather than break a line of this cell, print it smaller, down to `min_size` points; only what does not
    /// fit even then wraps.
    pub(crate) fn shrink_to(self, min_size: f32) -> Cell {
        Cell {
            shrink_to: Some(min_size),
            ..self
        }
    }
}

/// A row of cells, one per column.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// Start a new page rather than leave this row as the last of a page without the next one (a group's
    /// heading row).
    pub keep_with_next: bool,
}

impl Row {
    pub(crate) fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            keep_with_next: false,
        }
    }
}

/// Padding and colours of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableStyle {
    pub pad_x: f32,
    pub pad_y: f32,
    pub header_fill: Ink,
    /// The rule under each row.
    pub rule: Ink,
    pub rule_width: f32,
}

/// Columns resolved to widths, shared by every table drawn with them so that they line up.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    left: f32,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    style: TableStyle,
}

impl Grid {
    /// Size `columns` to fill `width` from `left`, fitting the `Fit` columns to the widest of `rows` (headers
    /// included).
    pub(crate) fn fit<'c>(
        canvas: &Canvas<'_>,
        columns: &[Column],
        left: f32,
        width: f32,
        rows: impl IntoIterator<Item = &'c [Cell]>,
        style: TableStyle,
    ) -> Grid {
        let mut needed = vec![0.0_f32; columns.len()];
        for row in rows {
            for (c, cell) in row.iter().enumerate().take(columns.len()) {
                let w = cell
                    .paras
                    .iter()
                    .map(|p| canvas.widest_clean_line(p.clean(canvas), p.style))
                    .fold(0.0, f32::max);
                needed[c] = needed[c].max(w + cell.indent + 2.0 * style.pad_x);
            }
        }
        let mut widths: Vec<f32> = columns
            .iter()
            .zip(&needed)
            .map(|(col, need)| match col.width {
                Width::Fit { min, max } => need.clamp(min, max.max(min)),
                Width::Fill { .. } => 0.0,
            })
            .collect();
        let fills: Vec<usize> = (0..columns.len())
            .filter(|&c| matches!(columns[c].width, Width::Fill { .. }))
            .collect();
        let fill_min: f32 = fills
            .iter()
            .map(|&c| match columns[c].width {
                Width::Fill { min } => min,
                _ => 0.0,
            })
            .sum();
        let taken: f32 = widths.iter().sum();
        let short = fill_min - (width - taken);
        if short > 0.0 {
            // Fitted columns give back room in proportion to what they have above their minimum.
            let slack: Vec<f32> = columns
                .iter()
                .zip(&widths)
                .map(|(col, w)| match col.width {
                    Width::Fit { min, .. } => (w - min).max(0.0),
                    _ => 0.0,
                })
                .collect();
            let total: f32 = slack.iter().sum();
            if total > 0.0 {
                let give = short.min(total);
                for (w, s) in widths.iter_mut().zip(&slack) {
                    *w -= give * s / total;
                }
            }
        }
        let rest = (width - widths.iter().sum::<f32>()).max(0.0);
        for &c in &fills {
            widths[c] = rest / fills.len() as f32;
        }
        Grid {
            left,
            widths,
            aligns: columns.iter().map(|c| c.align).collect(),
            style,
        }
    }

    #[cfg(test)]
    pub(crate) fn widths(&self) -> &[f32] {
        &self.widths
    }

    /// The width text has in column `c`, inside the padding.
    pub(crate) fn inner_width(&self, c: usize) -> f32 {
        self.widths[c] - 2.0 * self.style.pad_x
    }

    fn width(&self) -> f32 {
        self.widths.iter().sum()
    }

    /// Wrap every cell to its column.
    fn lay(&self, canvas: &Canvas<'_>, cells: &[Cell], keep_with_next: bool) -> LaidRow {
        let mut laid = Vec::with_capacity(self.widths.len());
        let mut indents = Vec::with_capacity(self.widths.len());
        for c in 0..self.widths.len() {
            let Some(cell) = cells.get(c) else {
                laid.push(Vec::new());
                indents.push(0.0);
                continue;
            };
            let inner = (self.inner_width(c) - cell.indent).max(1.0);
            let mut lines = Vec::new();
            for p in &cell.paras {
                if !p.spans.is_empty() {
                    lines.extend(canvas.rich_lines(&p.spans, inner));
                    continue;
                }
                let clean = p.clean(canvas);
                let mut style = p.style;
                if let Some(min) = cell.shrink_to {
                    let widest = canvas.widest_clean_line(clean, style);
                    if widest > inner {
                        style = style.size((style.size * inner / widest).max(min.min(style.size)));
                    }
                }
                let wrapped = canvas.wrap_clean(clean, inner, style);
                lines.extend(wrapped.into_iter().map(|l| plain_line(l, style)));
            }
            laid.push(lines);
            indents.push(cell.indent);
        }
        let slots = (0..laid.iter().map(Vec::len).max().unwrap_or(0).max(1))
            .map(|j| {
                laid.iter()
                    .filter_map(|l| l.get(j))
                    .map(|l| l.height)
                    .fold(0.0, f32::max)
            })
            .collect();
        LaidRow {
            cells: laid,
            indents,
            slots,
            keep_with_next,
        }
    }

    /// Lay out a table of `rows` under `header` (if any) on this grid.
    pub(crate) fn table(
        &self,
        canvas: &Canvas<'_>,
        header: Option<&[Cell]>,
        rows: &[Row],
    ) -> Table {
        Table {
            grid: self.clone(),
            header: header.map(|h| self.lay(canvas, h, false)),
            rows: rows
                .iter()
                .map(|r| self.lay(canvas, &r.cells, r.keep_with_next))
                .collect(),
        }
    }
}

/// A row wrapped to its columns. Its lines are drawn in slots: slot `j` holds line `j` of every cell and is
/// as tall as the tallest of them, so a row can be split between slots.
#[derive(Debug)]
struct LaidRow {
    cells: Vec<Vec<RichLine>>,
    indents: Vec<f32>,
    slots: Vec<f32>,
    keep_with_next: bool,
}

impl LaidRow {
    fn slots_height(&self, range: std::ops::Range<usize>) -> f32 {
        self.slots[range].iter().sum()
    }
}

/// A table laid out and ready to draw.
#[derive(Debug)]
pub(crate) struct Table {
    grid: Grid,
    header: Option<LaidRow>,
    rows: Vec<LaidRow>,
}

impl Table {
    fn pad(&self) -> f32 {
        2.0 * self.grid.style.pad_y
    }

    /// Height of slots `range` of `row` drawn as one piece.
    fn part_height(&self, row: &LaidRow, range: std::ops::Range<usize>) -> f32 {
        row.slots_height(range) + self.pad()
    }

    fn row_height(&self, row: &LaidRow) -> f32 {
        self.part_height(row, 0..row.slots.len())
    }

    fn header_height(&self) -> f32 {
        self.header.as_ref().map_or(0.0, |h| self.row_height(h))
    }

    /// The whole table's height if it fitted on one page.
    pub(crate) fn height(&self) -> f32 {
        self.header_height() + self.rows.iter().map(|r| self.row_height(r)).sum::<f32>()
    }

    /// What must fit below a heading so that it does not end a page alone: the header and the first row (or
    /// its first two lines, for a row taller than a page), with what the first row keeps with (the next row,
    /// or `keep_with_last` when it is the only one) if that fits on a page.
    pub(crate) fn lead_height(&self, fresh_room: f32, keep_with_last: f32) -> f32 {
        let header = self.header_height();
        let Some(first) = self.rows.first() else {
            return header;
        };
        let whole = self.row_height(first);
        let with = if self.rows.len() == 1 {
            keep_with_last
        } else if first.keep_with_next {
            self.row_height(&self.rows[1])
        } else {
            0.0
        };
        if header + whole + with <= fresh_room {
            header + whole + with
        } else if header + whole <= fresh_room {
            header + whole
        } else {
            header + self.part_height(first, 0..first.slots.len().min(2))
        }
    }

    /// Slots `range` of `row`, at the cursor.
    fn draw_part(&self, flow: &mut Flow<'_>, row: &LaidRow, range: std::ops::Range<usize>) {
        let g = &self.grid;
        let mut x = g.left;
        for (c, lines) in row.cells.iter().enumerate() {
            let indent = row.indents[c];
            let inner = g.inner_width(c) - indent;
            let mut top = flow.y() + g.style.pad_y;
            for j in range.clone() {
                if let Some(line) = lines.get(j) {
                    let left = x + g.style.pad_x + indent;
                    let x = match g.aligns[c] {
                        Align::Left => left,
                        Align::Right => {
                            let width: f32 = line
                                .spans
                                .iter()
                                .map(|(t, s)| flow.canvas.width(t, *s))
                                .sum();
                            left + inner - width
                        }
                    };
                    flow.canvas.rich_line_at(x, top, line);
                }
                top += row.slots[j];
            }
            x += g.widths[c];
        }
        flow.advance(self.part_height(row, range));
    }

    fn draw_header(&self, flow: &mut Flow<'_>) {
        let Some(header) = &self.header else {
            return;
        };
        let g = &self.grid;
        let height = self.header_height();
        flow.canvas
            .fill_rect(g.left, flow.y(), g.width(), height, g.style.header_fill);
        self.draw_part(flow, header, 0..header.slots.len());
    }

    fn draw_row_part(&self, flow: &mut Flow<'_>, row: &LaidRow, range: std::ops::Range<usize>) {
        self.draw_part(flow, row, range);
        let g = &self.grid;
        if g.style.rule_width <= 0.0 {
            return;
        }
        flow.canvas.rule(
            g.left,
            g.left + g.width(),
            flow.y(),
            g.style.rule_width,
            g.style.rule,
        );
    }

    fn page_break(&self, flow: &mut Flow<'_>) {
        flow.new_page();
        self.draw_header(flow);
    }

    /// Draw the table at the cursor, its header repeated on every page it reaches. A row moves to the next page
    /// whole if it fits there; a row taller than a page is split between its lines. The last row stays on one
    /// page with the `keep_with_last` points that follow the table (totals, a signature block).
    pub(crate) fn draw(&self, flow: &mut Flow<'_>, keep_with_last: f32) {
        let header_h = self.header_height();
        let fresh = flow.fresh_room() - header_h;
        flow.ensure(self.lead_height(flow.fresh_room(), keep_with_last));
        self.draw_header(flow);
        let mut rows_on_page = 0;
        for (i, row) in self.rows.iter().enumerate() {
            let mut extra = if i + 1 == self.rows.len() {
                keep_with_last
            } else {
                0.0
            };
            if row.keep_with_next
                && let Some(next) = self.rows.get(i + 1)
            {
                extra += self.row_height(next);
            }
            let n = row.slots.len();
            let mut start = 0;
            loop {
                let rest = self.part_height(row, start..n);
                let avail = flow.room();
                if rest + extra <= avail {
                    self.draw_row_part(flow, row, start..n);
                    rows_on_page += 1;
                    break;
                }
                if start == 0 && rows_on_page > 0 && rest + extra <= fresh {
                    self.page_break(flow);
                    rows_on_page = 0;
                    continue;
                }
                // As many lines as fit here; on a page without rows yet, at least one (that is what
                // guarantees progress).
                let mut take = 0;
                while start + take < n && self.part_height(row, start..start + take + 1) <= avail {
                    take += 1;
                }
                if rows_on_page == 0 {
                    take = take.max(1);
                }
                // What follows the row takes its last lines along rather than start a page alone.
                if extra > 0.0 && n - start > 1 {
                    let tail = (n - start).min(2);
                    let keep = n - tail;
                    if take > keep - start && self.part_height(row, keep..n) + extra <= fresh {
                        let cut = keep - start;
                        if cut > 0 || rows_on_page > 0 {
                            take = cut;
                        }
                    }
                }
                if take == n - start {
                    // The rest fits, just not together with what must follow it.
                    self.draw_row_part(flow, row, start..n);
                    rows_on_page += 1;
                    break;
                }
                if take > 0 {
                    self.draw_row_part(flow, row, start..start + take);
                    start += take;
                }
                self.page_break(flow);
                rows_on_page = 0;
            }
        }
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
