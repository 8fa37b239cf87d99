use super::*;
use crate::engine::rich::Span;
use crate::engine::testing::{TEXT, page_of, texts, with_flow};
use crate::engine::{Flow, Page};

fn text(flow: &Flow<'_>, s: &str, heading: bool, marker: Option<&str>) -> Block {
    let style = if heading {
        TEXT.bold().size(14.0)
    } else {
        TEXT
    };
    Block::Text {
        indent: if marker.is_some() { 20.0 } else { 0.0 },
        marker: marker.map(|m| Marker {
            line: flow
                .canvas
                .rich_lines(&[Span::new(m, TEXT)], 100.0)
                .remove(0),
            width: 10.0,
        }),
        lines: flow
            .canvas
            .rich_lines(&[Span::new(s, style)], Page::A4.content_width()),
        heading,
        space_before: 4.0,
        space_after: 4.0,
    }
}

#[test]
fn a_heading_never_ends_a_page() {
    // Headings at every height near the bottom: each stays with the first lines that follow it.
    for room_lines in 0..6 {
        let pages = texts(&with_flow(|flow| {
            let bottom = flow.page.content_bottom;
            flow.set_y(bottom - TEXT.line_height() * room_lines as f32 - 2.0);
            let body = (0..4)
                .map(|i| format!("body{i}"))
                .collect::<Vec<_>>()
                .join("\n");
            let list = vec![
                text(flow, "HeadingOne", true, None),
                text(flow, "HeadingTwo", true, None),
                text(flow, &body, false, None),
            ];
            draw_blocks(flow, &list);
        }));
        let h1 = page_of(&pages, "HeadingOne");
        assert_eq!(
            page_of(&pages, "HeadingTwo"),
            h1,
            "with {room_lines} lines of room"
        );
        assert_eq!(
            page_of(&pages, "body0"),
            h1,
            "with {room_lines} lines of room"
        );
        assert_eq!(
            page_of(&pages, "body1"),
            h1,
            "with {room_lines} lines of room"
        );
    }
}

#[test]
fn a_list_marker_goes_with_its_first_line() {
    let pages = texts(&with_flow(|flow| {
        let bottom = flow.page.content_bottom;
        flow.set_y(bottom - TEXT.line_height() * 0.5);
        let list = vec![text(flow, "item one\nsecond line", false, Some("•"))];
        draw_blocks(flow, &list);
    }));
    let page = page_of(&pages, "item one");
    assert_eq!(page, 1);
    let marker = pages[1].iter().find(|(_, t)| t == "•").expect("the marker");
    let first = pages[1]
        .iter()
        .find(|(_, t)| t == "item one")
        .expect("the item");
    assert_eq!(marker.0, first.0, "on the item's first baseline");
}
