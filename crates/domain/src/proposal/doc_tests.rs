use serde_json::json;

use super::doc::{MAX_JSON_BYTES, MAX_NODES, MAX_RUN_CHARS};
use super::*;

const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn parse(v: serde_json::Value) -> Result<Doc, DocError> {
    Doc::from_json(&v.to_string())
}

fn kind(v: serde_json::Value) -> (String, DocErrorKind) {
    let e = parse(v).expect_err("refused");
    (e.at, e.kind)
}

fn editor_doc() -> serde_json::Value {
    json!({"type": "doc", "content": [
        {"type": "heading", "attrs": {"level": 1, "textAlign": "left"}, "content": [{"type": "text", "text": "Why us"}]},
        {"type": "paragraph", "content": [
            {"type": "text", "text": "Dear "},
            {"type": "text", "text": "{{contact.name}}", "marks": [{"type": "bold"}, {"type": "italic"}]},
            {"type": "hardBreak"},
            {"type": "text", "text": "second line"}]},
        {"type": "paragraph"},
        {"type": "bulletList", "content": [
            {"type": "listItem", "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "one"}]},
                {"type": "orderedList", "attrs": {"start": 1}, "content": [
                    {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "one.a"}]}]}]}]}]},
        {"type": "table", "content": [
            {"type": "tableRow", "content": [
                {"type": "tableHeader", "attrs": {"colspan": 1}, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "A"}]}]},
                {"type": "tableHeader", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "B"}]}]}]},
            {"type": "tableRow", "content": [
                {"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "1"}]}]},
                {"type": "tableCell", "content": [{"type": "paragraph"}]}]}]},
        {"type": "image", "attrs": {"sha256": SHA.to_uppercase(), "caption": "Line 3", "width": 0.5}}
    ]})
}

#[test]
fn an_editor_document_parses_and_serializes_back_to_the_same_shape() {
    let doc = parse(editor_doc()).expect("valid");
    assert_eq!(doc.content.len(), 6);
    let Block::Paragraph { content } = &doc.content[1] else {
        panic!("a paragraph")
    };
    assert_eq!(
        content[1],
        Inline::Text {
            text: "{{contact.name}}".into(),
            marks: vec![Mark::Bold, Mark::Italic]
        }
    );
    assert_eq!(content[2], Inline::HardBreak);
    let Block::Image { attrs } = &doc.content[5] else {
        panic!("an image")
    };
    assert_eq!(attrs.sha256, SHA, "kept in lowercase");
    assert_eq!(doc.images(), vec![SHA]);

    let json: serde_json::Value = serde_json::from_str(&doc.to_json()).expect("json");
    assert_eq!(json["type"], "doc");
    assert_eq!(json["content"][0]["type"], "heading");
    assert_eq!(json["content"][0]["attrs"]["level"], 1);
    assert_eq!(json["content"][1]["content"][1]["marks"][0]["type"], "bold");
    assert_eq!(json["content"][3]["type"], "bulletList");
    assert_eq!(json["content"][3]["content"][0]["type"], "listItem");
    assert_eq!(
        json["content"][4]["content"][0]["content"][0]["type"],
        "tableHeader"
    );
    assert_eq!(
        json["content"][4]["content"][1]["content"][0]["type"],
        "tableCell"
    );
    // And it reads back as itself, through serde too.
    assert_eq!(Doc::from_json(&doc.to_json()).expect("again"), doc);
    let via_serde: Doc = serde_json::from_str(&doc.to_json()).expect("serde");
    assert_eq!(via_serde, doc);
}

#[test]
fn an_unknown_node_is_named_with_its_place() {
    let (at, k) = kind(json!({"type": "doc", "content": [
        {"type": "paragraph"}, {"type": "blockquote", "content": []}]}));
    assert_eq!(at, "content[1]");
    assert!(
        matches!(k, DocErrorKind::UnknownNode { ref node, .. } if node == "blockquote"),
        "{k:?}"
    );
    let (at, k) = kind(json!({"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "mention", "attrs": {}}]}]}));
    assert_eq!(at, "content[0].content[0]");
    assert!(matches!(k, DocErrorKind::UnknownNode { ref node, .. } if node == "mention"));
    let (_, k) = kind(json!({"type": "paragraph"}));
    assert!(matches!(k, DocErrorKind::UnknownNode { ref node, .. } if node == "paragraph"));
    let (_, k) = kind(json!({"type": "doc", "content": [{"content": []}]}));
    assert_eq!(k, DocErrorKind::MissingType);
    let (_, k) = kind(json!({"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "x", "marks": [{"type": "link"}]}]}]}));
    assert_eq!(k, DocErrorKind::UnknownMark("link".into()));
    // An image is a block of the document, not of a table cell.
    let (_, k) = kind(
        json!({"type": "doc", "content": [{"type": "table", "content": [{"type": "tableRow", "content": [
        {"type": "tableCell", "content": [{"type": "image", "attrs": {"sha256": SHA}}]}]}]}]}),
    );
    assert!(matches!(k, DocErrorKind::UnknownNode { ref node, .. } if node == "image"));
    let message = parse(json!({"type": "doc", "content": [{"type": "blockquote"}]}))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("content[0]") && message.contains("blockquote"),
        "{message}"
    );
}

#[test]
fn heading_levels_are_one_to_three() {
    for level in [0, 4, -1] {
        let (_, k) = kind(
            json!({"type": "doc", "content": [{"type": "heading", "attrs": {"level": level}}]}),
        );
        assert_eq!(k, DocErrorKind::HeadingLevel(level));
    }
    let (_, k) = kind(json!({"type": "doc", "content": [{"type": "heading"}]}));
    assert_eq!(k, DocErrorKind::BadField("attrs.level"));
}

#[test]
fn a_huge_document_is_refused_by_its_length_before_parsing() {
    let huge = "x".repeat(100 * 1024 * 1024);
    let started = std::time::Instant::now();
    let e = Doc::from_json(&huge).expect_err("refused");
    assert!(started.elapsed() < std::time::Duration::from_millis(50));
    assert_eq!(
        e.kind,
        DocErrorKind::TooLarge {
            bytes: huge.len(),
            max: MAX_JSON_BYTES
        }
    );
    assert!(e.to_string().contains("104857600 bytes"), "{e}");
}

#[test]
fn text_and_node_limits() {
    let long = "字".repeat(MAX_RUN_CHARS + 1);
    let (at, k) = kind(
        json!({"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": long}]}]}),
    );
    assert_eq!(at, "content[0].content[0]");
    assert_eq!(
        k,
        DocErrorKind::RunTooLong {
            chars: MAX_RUN_CHARS + 1,
            max: MAX_RUN_CHARS
        }
    );
    // Exactly at the limit is fine, even with multi-byte characters.
    let at_limit = "字".repeat(MAX_RUN_CHARS);
    parse(json!({"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": at_limit}]}]}))
        .expect("at the limit");
    let many: Vec<_> = (0..MAX_NODES)
        .map(|_| json!({"type": "paragraph"}))
        .collect();
    let (_, k) = kind(json!({"type": "doc", "content": many}));
    assert_eq!(k, DocErrorKind::TooManyNodes { max: MAX_NODES });
}

#[test]
fn images_need_a_sha256_and_a_sensible_width() {
    for bad in ["", "abc", &SHA[1..], &format!("{}g", &SHA[1..])] {
        let (_, k) =
            kind(json!({"type": "doc", "content": [{"type": "image", "attrs": {"sha256": bad}}]}));
        assert_eq!(k, DocErrorKind::BadSha256(bad.into()));
    }
    let (_, k) =
        kind(json!({"type": "doc", "content": [{"type": "image", "attrs": {"src": "http://x"}}]}));
    assert_eq!(k, DocErrorKind::BadField("attrs.sha256"));
    for w in [json!(0), json!(1.5), json!(-0.2), json!("half")] {
        let (_, k) = kind(
            json!({"type": "doc", "content": [{"type": "image", "attrs": {"sha256": SHA, "width": w}}]}),
        );
        assert!(matches!(k, DocErrorKind::BadImageWidth(_)), "{k:?}");
    }
    let doc =
        parse(json!({"type": "doc", "content": [{"type": "image", "attrs": {"sha256": SHA}}]}))
            .expect("ok");
    let Block::Image { attrs } = &doc.content[0] else {
        panic!()
    };
    assert_eq!(attrs.width, 1.0);
}

#[test]
fn tables_and_lists_have_a_shape() {
    let (_, k) = kind(json!({"type": "doc", "content": [{"type": "table", "content": []}]}));
    assert_eq!(k, DocErrorKind::EmptyTable);
    let (_, k) = kind(
        json!({"type": "doc", "content": [{"type": "table", "content": [{"type": "tableRow", "content": []}]}]}),
    );
    assert_eq!(k, DocErrorKind::EmptyTable);
    let c = json!({"type": "tableCell"});
    let (_, k) = kind(
        json!({"type": "doc", "content": [{"type": "table", "content": [
        {"type": "tableRow", "content": [c, c]}, {"type": "tableRow", "content": [c]}]}]}),
    );
    assert_eq!(
        k,
        DocErrorKind::RaggedTable {
            row: 2,
            cells: 1,
            expected: 2
        }
    );
    let (_, k) = kind(json!({"type": "doc", "content": [{"type": "bulletList", "content": []}]}));
    assert_eq!(k, DocErrorKind::EmptyList);
    let item = |inner: serde_json::Value| json!({"type": "listItem", "content": [{"type": "paragraph"}, inner]});
    let deepest = json!({"type": "bulletList", "content": [{"type": "listItem", "content": [{"type": "paragraph"}]}]});
    let two = json!({"type": "bulletList", "content": [item(json!({"type": "bulletList", "content": [item(deepest)]}))]});
    let (_, k) = kind(json!({"type": "doc", "content": [two]}));
    assert_eq!(k, DocErrorKind::ListTooDeep);
}

#[test]
fn blank_documents() {
    assert!(Doc::default().is_blank());
    assert!(Doc::new(vec![Block::paragraph("  "), Block::heading(2, "")]).is_blank());
    assert!(!Doc::new(vec![Block::paragraph("x")]).is_blank());
    assert!(!parse(editor_doc()).expect("ok").is_blank());
}

#[test]
fn placeholders_fill_everywhere_and_never_blank() {
    let doc = parse(editor_doc()).expect("ok");
    assert_eq!(
        placeholder::placeholders(&doc).expect("ok"),
        vec!["contact.name"]
    );
    let mut values = PlaceholderValues::new();
    let e = fill(&doc, &values).expect_err("no value");
    assert_eq!(e, PlaceholderError::NoValue("contact.name".into()));
    values.insert("contact.name".into(), "王建国".into());
    let filled = fill(&doc, &values).expect("filled");
    assert!(filled.to_json().contains("王建国"));
    assert!(!filled.to_json().contains("{{"));

    let unknown = Doc::new(vec![Block::paragraph("Hello {{ client.nickname }}!")]);
    assert_eq!(
        fill(&unknown, &values).expect_err("unknown"),
        PlaceholderError::Unknown("client.nickname".into())
    );
    let unclosed = Doc::new(vec![Block::paragraph("Hello {{client.name")]);
    assert!(matches!(
        fill(&unclosed, &values),
        Err(PlaceholderError::Unclosed(_))
    ));
    values.insert("date".into(), "2026-12-06".into());
    assert_eq!(
        fill_text("{{date}}/{{ date }}", &values).expect("ok"),
        "2026-12-06/2026-12-06"
    );
    // A value that is only spaces is no value.
    values.insert("rep.name".into(), "  ".into());
    assert_eq!(
        fill_text("{{rep.name}}", &values).expect_err("blank"),
        PlaceholderError::NoValue("rep.name".into())
    );
}
