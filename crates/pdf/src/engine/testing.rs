//! What the engine drew, read back from the ops: for the engine's own tests.

use printpdf::{FontId, Op, TextItem};

use super::text::FontMeasure;
use super::{Canvas, Decor, Flow, Ink, Page, Style};

pub(crate) const TEXT: Style = Style::new(10.0, false, Ink(0.0, 0.0, 0.0));

/// Run `f` on a fresh A4 flow whose running header says "RUNNING" and whose pages are labelled
/// "page X/Y"; returns the finished pages.
pub(crate) fn with_flow(f: impl FnOnce(&mut Flow<'_>)) -> Vec<Vec<Op>> {
    let font = crate::fonts::cjk().expect("the bundled font parses");
    let m = FontMeasure::new(font);
    let decor = Decor {
        header_left: "RUNNING".into(),
        header_right: String::new(),
        footer_left: "FOOTER".into(),
        page_label: Box::new(|p, n| format!("page {p}/{n}")),
        style: TEXT,
        footer_style: TEXT,
        rule: Ink(0.5, 0.5, 0.5),
        plain_first: false,
    };
    let mut flow = Flow::new(
        Canvas::new(FontId::new(), &m, Page::A4.height),
        Page::A4,
        decor,
    );
    f(&mut flow);
    flow.finish()
}

/// Every text drawn on each page, as (distance of its baseline from the top, text), top to bottom.
pub(crate) fn texts(pages: &[Vec<Op>]) -> Vec<Vec<(f32, String)>> {
    pages
        .iter()
        .map(|ops| {
            let mut out = Vec::new();
            let mut y = 0.0;
            for op in ops {
                match op {
                    Op::SetTextCursor { pos } => y = Page::A4.height - pos.y.0,
                    Op::SetTextMatrix { matrix } => y = Page::A4.height - matrix.as_array()[5],
                    Op::ShowText { items } => {
                        for item in items {
                            if let TextItem::Text(s) = item {
                                out.push((y, s.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            out.sort_by(|a, b| a.0.total_cmp(&b.0));
            out
        })
        .collect()
}

/// The page (0-based) each text is on; panics if it is missing or drawn twice.
pub(crate) fn page_of(pages: &[Vec<(f32, String)>], text: &str) -> usize {
    let found: Vec<usize> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.iter().filter(|(_, t)| t == text).map(move |_| i))
        .collect();
    assert_eq!(found.len(), 1, "{text:?} drawn {} times", found.len());
    found[0]
}
