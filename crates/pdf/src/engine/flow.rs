//! Content laid out top to bottom over as many pages as it takes.

use printpdf::Op;

use super::{Align, Canvas, Ink, Lines, Page, Style};

/// What every page carries besides its content: a running header on continuation pages (small, left and
/// right, over a rule) and a footer with "page X of Y".
pub(crate) struct Decor<'a> {
    pub header_left: String,
    pub header_right: String,
    pub footer_left: String,
    /// The page number at the bottom right, from (page, pages).
    pub page_label: Box<dyn Fn(usize, usize) -> String + 'a>,
    /// The running header's text.
    pub style: Style,
    pub footer_style: Style,
    pub rule: Ink,
    /// The first page is a cover: no footer on it (it never has the running header).
    pub plain_first: bool,
}

/// Space under the running header's text, then under its rule.
const RUNNING_GAP: f32 = 3.0;
const RUNNING_AFTER_RULE: f32 = 8.0;
/// The footer's rule sits this far below the content's bottom.
const FOOTER_RULE_GAP: f32 = 8.0;

/// A cursor running down the pages: everything drawn goes to the current page at the cursor, and a new page
/// starts when the next piece does not fit.
pub(crate) struct Flow<'a> {
    pub(crate) canvas: Canvas<'a>,
    pub(crate) page: Page,
    decor: Decor<'a>,
    pages: Vec<Vec<Op>>,
    /// Top of the next thing to draw.
    y: f32,
    /// Where content starts on the current page (below the running header).
    content_top: f32,
}

impl<'a> Flow<'a> {
    pub(crate) fn new(canvas: Canvas<'a>, page: Page, decor: Decor<'a>) -> Self {
        Flow {
            canvas,
            page,
            decor,
            pages: Vec::new(),
            y: page.margin_top,
            content_top: page.margin_top,
        }
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    pub(crate) fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    /// The current page's number, from 1.
    pub(crate) fn page_number(&self) -> usize {
        self.pages.len() + 1
    }

    pub(crate) fn is_first_page(&self) -> bool {
        self.pages.is_empty()
    }

    /// Whether nothing was drawn on this page yet.
    pub(crate) fn at_page_top(&self) -> bool {
        self.y <= self.content_top
    }

    /// Room left on this page below the cursor.
    pub(crate) fn room(&self) -> f32 {
        self.page.content_bottom - self.y
    }

    /// Room on a new page, below its running header.
    pub(crate) fn fresh_room(&self) -> f32 {
        self.page.content_bottom - self.page.margin_top - self.running_header_height()
    }

    fn running_header_height(&self) -> f32 {
        self.decor.style.line_height() + RUNNING_GAP + RUNNING_AFTER_RULE
    }

    /// End this page and start the next, with the running header.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(self.canvas.take_ops());
        let page = self.page;
        let style = self.decor.style;
        let top = page.margin_top;
        let baseline = self.canvas.baseline(top, style);
        let width = page.content_width();
        let right = self.canvas.one_line(&self.decor.header_right);
        let right_w = self.canvas.width(&right, style).min(width / 2.0);
        let left = self.canvas.one_line(&self.decor.header_left);
        let left = self.canvas.fit(&left, width - right_w - 12.0, style);
        self.canvas.text_at(page.left(), baseline, &left, style);
        self.canvas
            .text_aligned(page.left(), width, Align::Right, baseline, &right, style);
        let rule_y = top + style.line_height() + RUNNING_GAP;
        self.canvas
            .rule(page.left(), page.right(), rule_y, 0.5, self.decor.rule);
        self.y = top + self.running_header_height();
        self.content_top = self.y;
    }

    /// Start a new page unless `height` still fits on this one, or this page has nothing on it yet (something
    /// taller than a page is drawn anyway rather than looping). Returns whether a page was started.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > self.page.content_bottom && !self.at_page_top() {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// A block `height` tall that must not be split: on this page if it fits, else at the top of the next.
    pub(crate) fn keep_together(&mut self, height: f32, draw: impl FnOnce(&mut Self)) {
        self.ensure(height);
        draw(self);
    }

    /// Draw `lines` at `x`, one under the other, flowing onto new pages. The last `keep_last` lines stay on one
    /// page together with the `keep_with` points that follow them (a heading, a signature block), so that
    /// what follows never starts a page alone.
    pub(crate) fn draw_lines(&mut self, x: f32, lines: &Lines, keep_last: usize, keep_with: f32) {
        let n = lines.len();
        let tail_from = n.saturating_sub(keep_last);
        for (i, (line, style)) in lines.0.iter().enumerate() {
            if i == tail_from {
                let tail = lines.height_of(tail_from..n) + keep_with;
                if tail <= self.fresh_room() {
                    self.ensure(tail);
                }
            }
            self.ensure(style.line_height());
            let baseline = self.canvas.baseline(self.y, *style);
            self.canvas.text_at(x, baseline, line, *style);
            self.y += style.line_height();
        }
    }

    /// Wrapped text at `x`, `width` wide, flowing onto new pages as needed.
    pub(crate) fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lines = self.canvas.styled_lines(text, width, style);
        self.draw_lines(x, &lines, 0, 0.0);
    }

    /// Every page's ops, each with its footer (a rule, the footer text, "page X of Y").
    pub(crate) fn finish(mut self) -> Vec<Vec<Op>> {
        self.pages.push(self.canvas.take_ops());
        let total = self.pages.len();
        let page = self.page;
        let style = self.decor.footer_style;
        let left = self.canvas.one_line(&self.decor.footer_left);
        let mut pages = std::mem::take(&mut self.pages);
        for (i, ops) in pages.iter_mut().enumerate() {
            if i == 0 && self.decor.plain_first {
                continue;
            }
            self.canvas.resume(std::mem::take(ops));
            let rule_y = page.content_bottom + FOOTER_RULE_GAP;
            self.canvas
                .rule(page.left(), page.right(), rule_y, 0.5, self.decor.rule);
            let baseline = page.footer_baseline;
            self.canvas.text_at(page.left(), baseline, &left, style);
            let number = (self.decor.page_label)(i + 1, total);
            self.canvas.text_aligned(
                page.left(),
                page.content_width(),
                Align::Right,
                baseline,
                &number,
                style,
            );
            *ops = self.canvas.take_ops();
        }
        pages
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
