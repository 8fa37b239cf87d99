//! Drawing on one page: text, rules, rectangles and images, in points from the top-left corner.

use printpdf::{
    FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem, TextMatrix,
    TextRenderingMode, XObjectId, XObjectTransform,
};

use super::text::{FontMeasure, Measure, sanitize, wrap};
use super::{Align, Ink, Lines, Style};

/// How far faux italic leans: the tangent of the slant.
const ITALIC_SLANT: f32 = 0.2;

/// An image added to the document, with its size in pixels.
#[derive(Debug, Clone)]
pub(crate) struct ImageRef {
    pub(crate) id: XObjectId,
    pub(crate) width: f32,
    pub(crate) height: f32,
}

/// The ops of the page being drawn, and the font's measurements to place text with.
pub(crate) struct Canvas<'a> {
    font: PdfFontHandle,
    m: &'a FontMeasure<'a>,
    ascent: f32,
    descent: f32,
    page_height: f32,
    ops: Vec<Op>,
}

impl<'a> Canvas<'a> {
    pub(crate) fn new(font: FontId, m: &'a FontMeasure<'a>, page_height: f32) -> Self {
        let (ascent, descent) = m.vertical_em();
        Canvas {
            font: PdfFontHandle::External(font),
            m,
            ascent,
            descent,
            page_height,
            ops: Vec::new(),
        }
    }

    /// The ops drawn so far; the canvas starts a blank page.
    pub(crate) fn take_ops(&mut self) -> Vec<Op> {
        std::mem::take(&mut self.ops)
    }

    /// Go on drawing over `ops` (a finished page, to add its footer).
    pub(crate) fn resume(&mut self, ops: Vec<Op>) {
        self.ops = ops;
    }

    // ---- measuring ----------------------------------------------------------------------------

    /// The font's glyph advances.
    pub(crate) fn measure(&self) -> &FontMeasure<'a> {
        self.m
    }

    /// Width of `s` in points.
    pub(crate) fn width(&self, s: &str, style: Style) -> f32 {
        self.m.width_em(s) * style.size
    }

    /// The baseline of a line of `style` whose line box starts at `top`: the glyphs' ascent and descent
    /// centred in the line box.
    pub(crate) fn baseline(&self, top: f32, style: Style) -> f32 {
        let glyphs = (self.ascent + self.descent) * style.size;
        top + (style.line_height() - glyphs) / 2.0 + self.ascent * style.size
    }

    /// Sanitize `text` and wrap it into lines of at most `width` points (newlines are kept).
    pub(crate) fn lines(&self, text: &str, width: f32, style: Style) -> Vec<String> {
        self.wrap_clean(&self.clean(text), width, style)
    }

    /// `text` made drawable with the font, newlines kept (see [`sanitize`]).
    pub(crate) fn clean(&self, text: &str) -> String {
        sanitize(text, true, self.m)
    }

    /// Wrap text already [`Self::clean`]ed.
    pub(crate) fn wrap_clean(&self, clean: &str, width: f32, style: Style) -> Vec<String> {
        wrap(clean, width / style.size, self.m)
    }

    /// [`Self::lines`], each line with `style`.
    pub(crate) fn styled_lines(&self, text: &str, width: f32, style: Style) -> Lines {
        Lines(
            self.lines(text, width, style)
                .into_iter()
                .map(|l| (l, style))
                .collect(),
        )
    }

    /// Sanitize a one-line value (newlines become spaces).
    pub(crate) fn one_line(&self, text: &str) -> String {
        sanitize(text, false, self.m).trim().to_string()
    }

    /// The widest line of `text` (sanitized, unwrapped), in points.
    #[cfg(test)]
    pub(crate) fn widest_line(&self, text: &str, style: Style) -> f32 {
        self.widest_clean_line(&self.clean(text), style)
    }

    /// [`Self::widest_line`] of text already [`Self::clean`]ed.
    pub(crate) fn widest_clean_line(&self, clean: &str, style: Style) -> f32 {
        clean
            .split('\n')
            .map(|l| self.width(l.trim_end(), style))
            .fold(0.0, f32::max)
    }

    /// The first line of `s`, cut with an ellipsis if it is wider than `width`.
    pub(crate) fn fit(&self, s: &str, width: f32, style: Style) -> String {
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

    // ---- drawing ------------------------------------------------------------------------------

    /// Draw one already sanitized line with its left end at `x`.
    pub(crate) fn text_at(&mut self, x: f32, baseline: f32, s: &str, style: Style) {
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
        let y = self.page_height - baseline;
        if style.italic {
            // The font has no italic: the glyphs are slanted by the text matrix (about 11°).
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([1.0, 0.0, ITALIC_SLANT, 1.0, x, y]),
            });
        } else {
            self.ops.push(Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            });
        }
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

    /// One line in a box `width` wide from `left`, aligned in it.
    pub(crate) fn text_aligned(
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

    pub(crate) fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, ink: Ink) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        let y = self.page_height - y;
        let point = |x: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1), point(x2)],
                is_closed: false,
            },
        });
    }

    fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.page_height - top - height),
                width: Pt(width),
                height: Pt(height),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink) {
        self.ops.push(Op::SetFillColor { col: ink.color() });
        self.rect(x, top, width, height, PaintMode::Fill);
    }

    pub(crate) fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        self.rect(x, top, width, height, PaintMode::Stroke);
    }

    /// Draw `image` with its top-left corner at (`x`, `top`), scaled to fit `max_w` × `max_h` with its
    /// proportions kept. Returns the height drawn.
    pub(crate) fn image(
        &mut self,
        image: &ImageRef,
        x: f32,
        top: f32,
        max_w: f32,
        max_h: f32,
    ) -> f32 {
        let scale = (max_w / image.width).min(max_h / image.height);
        let h = image.height * scale;
        self.ops.push(Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(self.page_height - top - h)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                // One pixel is one point before scaling.
                dpi: Some(72.0),
                ..XObjectTransform::default()
            },
        });
        h
    }
}
