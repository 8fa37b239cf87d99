use crate::engine::testing::{TEXT, page_of, texts, with_flow};
use crate::engine::{Lines, Page};

fn numbered(prefix: &str, n: usize) -> Lines {
    Lines((0..n).map(|i| (format!("{prefix} {i}"), TEXT)).collect())
}

#[test]
fn text_flows_onto_new_pages_with_a_running_header_and_page_numbers() {
    let pages = texts(&with_flow(|flow| {
        flow.draw_lines(Page::A4.left(), &numbered("line", 150), 0, 0.0);
    }));
    assert_eq!(pages.len(), 3);
    let mut last = (0, 0.0);
    for i in 0..150 {
        let line = format!("line {i}");
        let page = page_of(&pages, &line);
        let (y, _) = pages[page].iter().find(|(_, t)| *t == line).expect("drawn");
        assert!(
            (page, *y) > last,
            "{line} follows the line before it: {page} {y}"
        );
        assert!(*y <= Page::A4.content_bottom, "{line} at {y}");
        last = (page, *y);
    }
    for (i, page) in pages.iter().enumerate() {
        let has = |t: &str| page.iter().any(|(_, s)| s == t);
        assert_eq!(has("RUNNING"), i > 0, "running header on page {i}");
        assert!(
            has("FOOTER") && has(&format!("page {}/3", i + 1)),
            "{page:?}"
        );
    }
}

#[test]
fn the_last_lines_of_a_paragraph_go_with_what_follows() {
    let pages = texts(&with_flow(|flow| {
        flow.draw_lines(Page::A4.left(), &numbered("filler", 45), 0, 0.0);
        // 12 more lines fit; the last 2 of these 10 do not fit with the 100 points after them.
        flow.draw_lines(Page::A4.left(), &numbered("para", 10), 2, 100.0);
        flow.keep_together(100.0, |flow| {
            let y = flow.y();
            let baseline = flow.canvas.baseline(y, TEXT);
            flow.canvas
                .text_at(Page::A4.left(), baseline, "BLOCK", TEXT);
            flow.advance(100.0);
        });
    }));
    assert_eq!(pages.len(), 2);
    for i in 0..8 {
        assert_eq!(page_of(&pages, &format!("para {i}")), 0);
    }
    for i in 8..10 {
        assert_eq!(page_of(&pages, &format!("para {i}")), 1);
    }
    assert_eq!(page_of(&pages, "BLOCK"), 1);
}

#[test]
fn a_kept_block_moves_whole_and_one_taller_than_a_page_is_drawn_anyway() {
    let mut started = Vec::new();
    let pages = texts(&with_flow(|flow| {
        flow.set_y(Page::A4.content_bottom - 50.0);
        started.push(flow.ensure(40.0));
        started.push(flow.ensure(60.0));
        flow.keep_together(200.0, |flow| {
            let baseline = flow.canvas.baseline(flow.y(), TEXT);
            flow.canvas
                .text_at(Page::A4.left(), baseline, "BLOCK", TEXT);
            flow.advance(200.0);
        });
        flow.keep_together(5000.0, |flow| {
            let baseline = flow.canvas.baseline(flow.y(), TEXT);
            flow.canvas.text_at(Page::A4.left(), baseline, "HUGE", TEXT);
            flow.advance(5000.0);
        });
        // At the top of a page, even a block taller than the page does not start another one.
        flow.new_page();
        started.push(flow.ensure(5000.0));
    }));
    assert_eq!(started, [false, true, false]);
    assert_eq!(pages.len(), 4);
    assert_eq!(page_of(&pages, "BLOCK"), 1);
    assert_eq!(page_of(&pages, "HUGE"), 2);
}
