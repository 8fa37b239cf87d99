//! A section's rich-text document measured into the engine's blocks: headings, paragraphs, list items with
//! their bullets and numbers, tables (header repeated on every page) and images scaled to fit.

use std::collections::HashMap;

use fieldquote_domain::proposal::{self as doc, Doc, Inline, ListItem, Mark};

use super::{BODY, CAPTION, CELL, HEAD, HEADER_FILL, HEADINGS, RULE};
use crate::engine::blocks::{Block, Marker, fit_image};
use crate::engine::rich::Span;
use crate::engine::table::{Cell, Column, Grid, Row, TableStyle, Width};
use crate::engine::{Align, Canvas, ImageRef, Page, Style};

/// How far each level of a list is indented.
const LIST_INDENT: f32 = 16.0;
/// An image and its caption take at most this share of a page's content height.
const IMAGE_MAX_SHARE: f32 = 0.8;

const TABLE: TableStyle = TableStyle {
    pad_x: 4.0,
    pad_y: 3.0,
    header_fill: HEADER_FILL,
    rule: RULE,
    rule_width: 0.4,
};

/// Measures documents into blocks, with the images already added to the PDF (by SHA-256).
pub(crate) struct Measurer<'a, 'c> {
    pub canvas: &'a Canvas<'c>,
    pub page: Page,
    /// Room on a fresh page.
    pub fresh_room: f32,
    pub images: &'a HashMap<String, ImageRef>,
}

impl Measurer<'_, '_> {
    /// `d`'s blocks, in order.
    pub(crate) fn blocks(&self, d: &Doc) -> Vec<Block> {
        let mut out = Vec::new();
        for b in &d.content {
            self.block(b, &mut out);
        }
        out
    }

    fn spans(inlines: &[Inline], base: Style) -> Vec<Span> {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text { text, marks } => {
                    let mut style = base;
                    if marks.contains(&Mark::Bold) {
                        style = style.bold();
                    }
                    if marks.contains(&Mark::Italic) {
                        style = style.italic();
                    }
                    Span::new(text.clone(), style)
                }
                Inline::HardBreak => Span::new("\n", base),
            })
            .collect()
    }

    fn text(
        &self,
        inlines: &[Inline],
        style: Style,
        indent: f32,
    ) -> Vec<crate::engine::rich::RichLine> {
        let spans = Self::spans(inlines, style);
        let width = self.page.content_width() - indent;
        let mut lines = self.canvas.rich_lines(&spans, width);
        if lines.is_empty() {
            // An empty paragraph is a blank line, as in the editor.
            lines = self.canvas.rich_lines(&[Span::new(" ", style)], width);
        }
        lines
    }

    fn block(&self, b: &doc::Block, out: &mut Vec<Block>) {
        match b {
            doc::Block::Heading { attrs, content } => {
                let style = HEADINGS[usize::from(attrs.level.clamp(1, 3)) - 1];
                out.push(Block::Text {
                    indent: 0.0,
                    marker: None,
                    lines: self.text(content, style, 0.0),
                    heading: true,
                    space_before: style.size * 0.8,
                    space_after: 3.0,
                });
            }
            doc::Block::Paragraph { content } => out.push(Block::Text {
                indent: 0.0,
                marker: None,
                lines: self.text(content, BODY, 0.0),
                heading: false,
                space_before: 0.0,
                space_after: 5.0,
            }),
            doc::Block::BulletList { content } => self.list(content, false, 1, 0.0, out),
            doc::Block::OrderedList { content } => self.list(content, true, 1, 0.0, out),
            doc::Block::Table { content } => self.table(content, out),
            doc::Block::Image { attrs } => self.image(attrs, out),
        }
    }

    /// A list `base` points in: its text indented past its widest marker (`100.` takes more room than `•`),
    /// its markers hanging in front.
    fn list(&self, items: &[ListItem], numbered: bool, depth: u8, base: f32, out: &mut Vec<Block>) {
        let widest = if numbered {
            self.marker(&format!("{}.", items.len())).width
        } else {
            0.0
        };
        let indent = base + LIST_INDENT.max(widest);
        for (n, item) in items.iter().enumerate() {
            let mut first = true;
            for b in &item.content {
                match b {
                    doc::Block::Paragraph { content } => {
                        let marker = first.then(|| {
                            let text = if numbered {
                                format!("{}.", n + 1)
                            } else if depth == 1 {
                                "•".to_string()
                            } else {
                                "–".to_string()
                            };
                            self.marker(&text)
                        });
                        first = false;
                        out.push(Block::Text {
                            indent,
                            marker,
                            lines: self.text(content, BODY, indent),
                            heading: false,
                            space_before: 0.0,
                            space_after: 2.0,
                        });
                    }
                    doc::Block::BulletList { content } => {
                        self.list(content, false, depth + 1, indent, out)
                    }
                    doc::Block::OrderedList { content } => {
                        self.list(content, true, depth + 1, indent, out)
                    }
                    _ => {}
                }
            }
        }
        if let Some(Block::Text { space_after, .. }) = out.last_mut() {
            *space_after = 6.0;
        }
    }

    /// A list item's bullet or number.
    fn marker(&self, text: &str) -> Marker {
        let span = Span::new(text, BODY);
        let line = self
            .canvas
            .rich_lines(std::slice::from_ref(&span), self.page.content_width())
            .into_iter()
            .next()
            .unwrap_or(crate::engine::rich::RichLine {
                spans: Vec::new(),
                height: BODY.line_height(),
                style: BODY,
            });
        Marker {
            line,
            width: self.canvas.width(text, BODY) + 5.0,
        }
    }

    /// A cell's paragraphs, each with its runs' bold and italic.
    fn cell(&self, c: &doc::TableCell) -> Cell {
        let base = if c.header { HEAD } else { CELL };
        let mut cell = Cell::empty();
        for b in &c.content {
            if let doc::Block::Paragraph { content } = b {
                cell = cell.then_rich(Self::spans(content, base));
            }
        }
        cell
    }

    fn table(&self, rows: &[doc::TableRow], out: &mut Vec<Block>) {
        let Some(first) = rows.first() else {
            return;
        };
        let has_header = first.content.iter().all(|c| c.header);
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| r.content.iter().map(|c| self.cell(c)).collect())
            .collect();
        let n = first.content.len().max(1);
        let width = self.page.content_width();
        // The column with the most text takes what the others leave; the others fit their text up to an
        // equal share.
        let longest = (0..n)
            .max_by_key(|&c| {
                rows.iter()
                    .filter_map(|r| r.content.get(c))
                    .map(text_len)
                    .sum::<usize>()
            })
            .unwrap_or(0);
        let columns: Vec<Column> = (0..n)
            .map(|c| Column {
                width: if c == longest {
                    Width::Fill {
                        min: width / n as f32,
                    }
                } else {
                    Width::Fit {
                        min: 28.0_f32.min(width / n as f32),
                        max: width / n as f32,
                    }
                },
                align: Align::Left,
            })
            .collect();
        let grid = Grid::fit(
            self.canvas,
            &columns,
            self.page.left(),
            width,
            cells.iter().map(Vec::as_slice),
            TABLE,
        );
        let (header, body) = if has_header {
            (Some(cells[0].as_slice()), &cells[1..])
        } else {
            (None, &cells[..])
        };
        let body: Vec<Row> = body.iter().map(|c| Row::new(c.clone())).collect();
        out.push(Block::Table {
            table: grid.table(self.canvas, header, &body),
            space_after: 8.0,
        });
    }

    fn image(&self, attrs: &doc::ImageAttrs, out: &mut Vec<Block>) {
        let Some(image) = self.images.get(&attrs.sha256) else {
            // Checked before layout: every image of the document is there.
            return;
        };
        let width = self.page.content_width() * attrs.width.clamp(0.05, 1.0);
        let caption = if attrs.caption.trim().is_empty() {
            Vec::new()
        } else {
            self.canvas.rich_lines(
                &[Span::new(attrs.caption.clone(), CAPTION)],
                width.max(120.0),
            )
        };
        let caption_h = crate::engine::rich::height(&caption) + 3.0;
        // However long the caption, the image keeps a visible size (the caption then flows on).
        let max_h = (self.fresh_room * IMAGE_MAX_SHARE - caption_h).max(self.fresh_room * 0.25);
        let (w, h) = fit_image(image, width, max_h);
        out.push(Block::Image {
            image: image.clone(),
            indent: 0.0,
            width: w,
            height: h,
            caption,
            space_after: 8.0,
        });
    }
}

/// How many bytes of text a cell holds.
fn text_len(cell: &doc::TableCell) -> usize {
    cell.content
        .iter()
        .map(|b| match b {
            doc::Block::Paragraph { content } => content
                .iter()
                .map(|i| match i {
                    Inline::Text { text, .. } => text.len(),
                    Inline::HardBreak => 1,
                })
                .sum(),
            _ => 0,
        })
        .sum()
}
