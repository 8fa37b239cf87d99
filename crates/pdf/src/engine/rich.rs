//! Rich text: paragraphs of runs in different styles (bold, italic) wrapped as one text, and drawn span by
//! span.

use super::text::wrap_ranges;
use super::{Canvas, Flow, Style};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
        }
    }
}

/// One wrapped line: its spans left to right, and its height (the tallest style's line height).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RichLine {
    pub spans: Vec<(String, Style)>,
    pub height: f32,
    /// The style the line's baseline is placed for.
    pub style: Style,
}

impl RichLine {
    /// The line's visible text.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.spans.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// The height of `lines`.
pub(crate) fn height(lines: &[RichLine]) -> f32 {
    lines.iter().map(|l| l.height).sum()
}

impl Canvas<'_> {
    /// Wrap `spans` (newlines in their text break lines) into lines at most `width` points wide. The spans are
    /// made drawable and wrapped as one text, so a line breaks where the words allow whatever their styles;
    /// each line then gets back the styles of its characters. Faux bold and italic do not change advances, so
    /// the widths are exact for one size; runs of several sizes are wrapped by the largest.
    pub(crate) fn rich_lines(&self, spans: &[Span], width: f32) -> Vec<RichLine> {
        let Some(first) = spans.first() else {
            return Vec::new();
        };
        let mut all = String::new();
        let mut bounds: Vec<(usize, Style)> = Vec::with_capacity(spans.len());
        for s in spans {
            bounds.push((all.len(), s.style));
            all.push_str(&self.clean(&s.text));
        }
        let tallest = spans
            .iter()
            .map(|s| s.style)
            .fold(first.style, |a, b| if b.size > a.size { b } else { a });
        let ranges = wrap_ranges(&all, width / tallest.size, self.measure());
        ranges
            .into_iter()
            .map(|r| {
                let mut line = Vec::new();
                for (i, (start, style)) in bounds.iter().enumerate() {
                    let end = bounds.get(i + 1).map_or(all.len(), |b| b.0);
                    let (a, b) = (r.start.max(*start), r.end.min(end));
                    if a < b {
                        line.push((all[a..b].to_string(), *style));
                    }
                }
                let style = line
                    .iter()
                    .map(|(_, s)| *s)
                    .fold(None::<Style>, |a, b| match a {
                        Some(a) if a.size >= b.size => Some(a),
                        _ => Some(b),
                    })
                    .unwrap_or(tallest);
                RichLine {
                    height: style.line_height(),
                    spans: line,
                    style,
                }
            })
            .collect()
    }

    /// Draw one line's spans from `x`, its line box starting at `top`.
    pub(crate) fn rich_line_at(&mut self, x: f32, top: f32, line: &RichLine) {
        let baseline = self.baseline(top, line.style);
        let mut x = x;
        for (text, style) in &line.spans {
            self.text_at(x, baseline, text, *style);
            x += self.width(text, *style);
        }
    }
}

impl Flow<'_> {
    /// Draw `lines` at `x`, flowing onto new pages: the first `keep_first` lines start on one page (no line
    /// alone at a page's bottom), and the last `keep_last` lines stay together with the `keep_with` points that
    /// follow. Returns the page the first line was drawn on.
    pub(crate) fn draw_rich(
        &mut self,
        x: f32,
        lines: &[RichLine],
        keep_first: usize,
        keep_last: usize,
        keep_with: f32,
    ) -> usize {
        let n = lines.len();
        let head = height(&lines[..keep_first.min(n)]);
        if head <= self.fresh_room() {
            self.ensure(head);
        }
        let first_page = self.page_number();
        let tail_from = n.saturating_sub(keep_last).max(keep_first.min(n));
        for (i, line) in lines.iter().enumerate() {
            if i == tail_from && i > 0 {
                let tail = height(&lines[tail_from..]) + keep_with;
                if tail <= self.fresh_room() {
                    self.ensure(tail);
                }
            }
            self.ensure(line.height);
            let top = self.y();
            self.canvas.rich_line_at(x, top, line);
            self.advance(line.height);
        }
        first_page
    }
}

#[cfg(test)]
#[path = "rich_tests.rs"]
mod tests;
