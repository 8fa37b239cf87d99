//! A table of contents: each entry's title, a dotted leader and the page it starts on, right-aligned.
//!
//! The pages are only known once the document is laid out, so a document with contents is laid out twice:
//! the first pass records where each entry starts (with every number printed as wide as the last page's, so
//! both passes break the same way), the second prints those pages. [`Flow::page_number`] gives the pages.

use super::{Align, Flow, Style};

/// One entry of the contents.
pub(crate) struct Entry {
    pub title: String,
    /// Levels indent by this many points.
    pub indent: f32,
    pub style: Style,
    /// The page; `None` on the first pass.
    pub page: Option<usize>,
}

/// Room between a title and its page number.
const GAP: f32 = 12.0;
/// Space under each entry.
const ENTRY_SPACE: f32 = 3.0;

/// Draw `entries` at the cursor, flowing onto new pages. `number_width` is the width of the widest page number
/// the document may have, so the titles wrap the same on both passes.
pub(crate) fn draw_contents(flow: &mut Flow<'_>, entries: &[Entry], number_width: f32) {
    let left = flow.page.left();
    let width = flow.page.content_width();
    for e in entries {
        let title_width = width - e.indent - number_width - GAP;
        let lines = flow.canvas.lines(&e.title, title_width, e.style);
        let h = lines.len() as f32 * e.style.line_height();
        flow.keep_together(h, |flow| {
            let mut top = flow.y();
            for (i, line) in lines.iter().enumerate() {
                let baseline = flow.canvas.baseline(top, e.style);
                flow.canvas
                    .text_at(left + e.indent, baseline, line, e.style);
                if i + 1 == lines.len() {
                    let number = e.page.map(|p| p.to_string()).unwrap_or_default();
                    let end = left + e.indent + flow.canvas.width(line, e.style) + 4.0;
                    let dots_to = left + width - number_width - 4.0;
                    let dot = flow.canvas.width(". ", e.style);
                    if dot > 0.0 && dots_to > end {
                        let count = ((dots_to - end) / dot).floor() as usize;
                        let leader = ". ".repeat(count);
                        let x = dots_to - flow.canvas.width(leader.trim_end(), e.style);
                        flow.canvas.text_at(x, baseline, leader.trim_end(), e.style);
                    }
                    flow.canvas
                        .text_aligned(left, width, Align::Right, baseline, &number, e.style);
                }
                top += e.style.line_height();
            }
            flow.advance(h + ENTRY_SPACE);
        });
    }
}
