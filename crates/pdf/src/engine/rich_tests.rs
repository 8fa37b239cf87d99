use printpdf::Op;

use super::*;
use crate::engine::Page;
use crate::engine::testing::{TEXT, page_of, texts, with_flow};

fn canvas_lines(spans: &[Span], width: f32) -> Vec<RichLine> {
    let mut out = Vec::new();
    with_flow(|flow| out = flow.canvas.rich_lines(spans, width));
    out
}

#[test]
fn runs_wrap_as_one_text_and_keep_their_styles() {
    let bold = TEXT.bold();
    let italic = TEXT.italic();
    let spans = [
        Span::new("Bold start and ", bold),
        Span::new("an italic middle that runs on for a while, ", italic),
        Span::new("then plain text to the end of the paragraph.", TEXT),
    ];
    let lines = canvas_lines(&spans, 120.0);
    assert!(lines.len() > 2, "{lines:?}");
    let joined: Vec<String> = lines.iter().map(RichLine::text).collect();
    assert_eq!(
        joined.join(" "),
        "Bold start and an italic middle that runs on for a while, then plain text to the end of the paragraph."
    );
    // Every character keeps its run's style, across line ends.
    for line in &lines {
        for (text, style) in &line.spans {
            let expected = if "Bold start and".contains(text.trim()) && style.bold {
                bold
            } else if style.italic {
                italic
            } else {
                TEXT
            };
            assert_eq!(*style, expected, "{text:?}");
        }
    }
    assert!(
        lines.iter().any(|l| l.spans.len() > 1),
        "a line mixes styles"
    );
}

#[test]
fn a_hard_break_starts_a_new_line_and_empty_runs_give_nothing() {
    let lines = canvas_lines(
        &[
            Span::new("one", TEXT),
            Span::new("\n", TEXT),
            Span::new("two", TEXT.bold()),
        ],
        400.0,
    );
    assert_eq!(
        lines.iter().map(RichLine::text).collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert!(canvas_lines(&[], 100.0).is_empty());
}

#[test]
fn italic_is_slanted_and_bold_is_stroked() {
    let pages = with_flow(|flow| {
        let lines = flow.canvas.rich_lines(
            &[
                Span::new("slanted ", TEXT.italic()),
                Span::new("heavy", TEXT.bold()),
            ],
            400.0,
        );
        flow.draw_rich(Page::A4.left(), &lines, 1, 0, 0.0);
    });
    let slant = pages[0]
        .iter()
        .any(|op| matches!(op, Op::SetTextMatrix { matrix } if matrix.as_array()[2] > 0.1));
    assert!(slant, "a text matrix with a slant");
    let drawn = texts(&pages);
    let heavy = drawn[0].iter().find(|(_, t)| t == "heavy").expect("drawn");
    let slanted = drawn[0]
        .iter()
        .find(|(_, t)| t.trim() == "slanted")
        .expect("drawn");
    assert_eq!(heavy.0, slanted.0, "one baseline");
}

#[test]
fn the_first_lines_of_a_paragraph_do_not_start_at_a_page_bottom_alone() {
    let pages = texts(&with_flow(|flow| {
        let bottom = flow.page.content_bottom;
        flow.set_y(bottom - TEXT.line_height() * 1.5);
        let spans: Vec<Span> = (0..5)
            .map(|i| Span::new(format!("line{i}\n"), TEXT))
            .collect();
        let lines = flow.canvas.rich_lines(&spans, 400.0);
        assert_eq!(lines.len(), 5);
        flow.draw_rich(Page::A4.left(), &lines, 2, 2, 0.0);
    }));
    assert_eq!(page_of(&pages, "line0"), 1);
    assert_eq!(page_of(&pages, "line1"), 1);
}
