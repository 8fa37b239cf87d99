//! A small page-layout engine over printpdf's drawing ops, for any document made of flowing text, tables,
//! images and blocks kept together. It knows pages, not quotes: the quote and the proposal are built on it.
//!
//! - [`text`]: glyph advances from the font, sanitizing and line breaking (CJK and Latin).
//! - [`Canvas`]: drawing on the current page — text, rules, rectangles, images — in points measured from the
//!   *top* of the page (it turns them into PDF's bottom-up coordinates).
//! - [`Flow`]: pages and a cursor running down them; a new page when the next piece does not fit, the running
//!   header on continuation pages, keep-together blocks, paragraphs whose last lines stay with what follows,
//!   and footers with "page X of Y" once the page count is known.
//! - [`table`]: tables whose columns are fixed, fitted to their content or filling the rest, with cells of
//!   several styled paragraphs (or paragraphs of bold and italic runs), rows that move to the next page whole
//!   or split between their lines, and the header repeated on every page.
//!
//! - [`rich`]: paragraphs of runs in several styles (bold, italic), wrapped as one text.
//! - [`blocks`]: headings, paragraphs, list items with their markers, tables and images flowing down the pages,
//!   a heading never left at a page's bottom without what follows it.
//! - [`contents`]: a table of contents with the pages its entries start on (the document is laid out twice).
//! - [`cover`]: a cover page (logo, title, client, date), which the footer leaves alone.
//!
//! Text is drawn in one font (the bundled CJK font, which also covers Latin); bold is a faux bold (fill and a
//! thin stroke of the same colour) because the font has a single weight, and italic is slanted by the text matrix.

pub(crate) mod blocks;
mod canvas;
pub(crate) mod contents;
pub(crate) mod cover;
mod flow;
pub(crate) mod rich;
pub(crate) mod table;
#[cfg(test)]
mod testing;
pub(crate) mod text;

pub(crate) use canvas::{Canvas, ImageRef};
pub(crate) use flow::{Decor, Flow};

use printpdf::{Color, Rgb};

pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;

/// A page's size and the box content flows in, in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_top: f32,
    /// Where content stops; the footer lives below.
    pub content_bottom: f32,
    pub footer_baseline: f32,
}

impl Page {
    /// A4 with 15 mm side and top margins, content down to 20 mm above the bottom edge.
    pub(crate) const A4: Page = Page {
        width: 210.0 * PT_PER_MM,
        height: 297.0 * PT_PER_MM,
        margin_x: 15.0 * PT_PER_MM,
        margin_top: 15.0 * PT_PER_MM,
        content_bottom: (297.0 - 20.0) * PT_PER_MM,
        footer_baseline: (297.0 - 10.0) * PT_PER_MM,
    };

    pub(crate) fn width_mm(&self) -> f32 {
        self.width / PT_PER_MM
    }

    pub(crate) fn height_mm(&self) -> f32 {
        self.height / PT_PER_MM
    }

    /// The left edge of the content.
    pub(crate) fn left(&self) -> f32 {
        self.margin_x
    }

    /// The right edge of the content.
    pub(crate) fn right(&self) -> f32 {
        self.width - self.margin_x
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }
}

/// An RGB colour (0..1), copyable unlike printpdf's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ink(pub f32, pub f32, pub f32);

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

/// How text looks: size in points, faux bold, faux italic (the glyphs slanted), colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub ink: Ink,
}

impl Style {
    pub(crate) const fn new(size: f32, bold: bool, ink: Ink) -> Self {
        Style {
            size,
            bold,
            italic: false,
            ink,
        }
    }

    pub(crate) fn line_height(self) -> f32 {
        self.size * LEADING
    }

    pub(crate) fn bold(self) -> Self {
        Style { bold: true, ..self }
    }

    pub(crate) fn italic(self) -> Self {
        Style {
            italic: true,
            ..self
        }
    }

    pub(crate) fn ink(self, ink: Ink) -> Self {
        Style { ink, ..self }
    }

    pub(crate) fn size(self, size: f32) -> Self {
        Style { size, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// Lines of text already wrapped to a width, each with its style: what a paragraph or a table cell becomes
/// once measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lines(pub Vec<(String, Style)>);

impl Lines {
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The height of lines `from..to`.
    pub(crate) fn height_of(&self, range: std::ops::Range<usize>) -> f32 {
        self.0[range].iter().map(|(_, s)| s.line_height()).sum()
    }
}
