//! A cover page: the logo at the top, the title a third of the way down, then lines of label and value
//! (client, date), each wrapped to the page.

use super::{Flow, ImageRef, Ink, Style};

/// What a cover shows.
pub(crate) struct Cover<'a> {
    pub logo: Option<&'a ImageRef>,
    pub title: &'a str,
    pub title_style: Style,
    /// A line under the title (the company sending it); may be empty.
    pub subtitle: &'a str,
    pub subtitle_style: Style,
    /// Label and value, one under the other.
    pub lines: Vec<(&'a str, String)>,
    pub label_style: Style,
    pub value_style: Style,
    pub rule: Ink,
}

/// The logo's box at most, in points.
const LOGO_MAX_W: f32 = 160.0;
const LOGO_MAX_H: f32 = 70.0;

/// Draw the cover on the current (first) page and start the next one.
pub(crate) fn draw_cover(flow: &mut Flow<'_>, cover: &Cover<'_>) {
    let page = flow.page;
    let left = page.left();
    let width = page.content_width();
    if let Some(logo) = cover.logo {
        let top = flow.y();
        let h = flow
            .canvas
            .image(logo, left, top, LOGO_MAX_W.min(width), LOGO_MAX_H);
        flow.advance(h);
    }
    flow.set_y(flow.y().max(page.height / 3.0));
    flow.paragraph(left, width, cover.title, cover.title_style);
    if !cover.subtitle.trim().is_empty() {
        flow.advance(4.0);
        flow.paragraph(left, width, cover.subtitle, cover.subtitle_style);
    }
    flow.advance(10.0);
    let y = flow.y();
    flow.canvas
        .rule(left, left + width * 0.4, y, 1.2, cover.rule);
    flow.advance(16.0);
    for (label, value) in &cover.lines {
        if value.trim().is_empty() {
            continue;
        }
        flow.paragraph(left, width, label, cover.label_style);
        flow.paragraph(left, width, value, cover.value_style);
        flow.advance(8.0);
    }
    flow.new_page();
}
