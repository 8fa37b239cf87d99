use super::*;
use crate::content::{BlobHash, BlockKind};

#[test]
fn json_and_csv_files_read_the_same_blocks() {
    let json = r#"[{"kind": "faq", "title_en": "Warranty?", "title_zh": "保修？", "tags": ["warranty"],
        "images": ["img/a.png"]}, {"kind": "terms", "id": "0190f0f0-0000-7000-8000-000000000001",
        "title_en": "Payment"}]"#;
    let from_json = parse_json(json).unwrap();
    assert_eq!(from_json.len(), 2);
    assert_eq!(from_json[0].images, ["img/a.png"]);
    assert_eq!(from_json[1].row, 2);
    let csv = "kind,title_en,title_zh,tags,images\nfaq,Warranty?,保修？,warranty,img/a.png\n";
    let from_csv = parse_csv(csv.as_bytes()).unwrap();
    assert_eq!(from_csv[0].input, from_json[0].input);
    assert_eq!(from_csv[0].row, 2);
    let valid = validate(&from_json, Scope::Company).unwrap();
    assert_eq!(valid[0].0, derived_id(&from_json[0].input));
    assert_eq!(
        valid[1].0,
        Uuid::parse_str("0190f0f0-0000-7000-8000-000000000001").unwrap()
    );
    assert_eq!(valid[0].1["scope"], "company");
}

#[test]
fn problems_name_the_row_and_the_file_is_refused_whole() {
    assert!(parse_json("{").is_err());
    assert!(parse_json("3").is_err());
    let problems = parse_csv(b"kind,colour\nfaq,red\n").unwrap_err();
    assert_eq!(problems[0].column, Some((2, "colour".to_string())));
    let problems = parse_csv(b"kind,product_ids\nfaq,not-an-id\n").unwrap_err();
    assert_eq!(problems[0].row, 2);
    let blocks = parse_json(
        r#"[{"kind": "faq", "title_en": "A"}, {"kind": "faq", "title_en": "A"},
            {"kind": "poem", "title_en": "B"}]"#,
    )
    .unwrap();
    let problems = validate(&blocks, Scope::Company).unwrap_err();
    let rows: Vec<u64> = problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 3]);
}

#[test]
fn an_export_reads_back_as_the_same_blocks() {
    let fields = ContentBlockInput {
        kind: "case_study".into(),
        title_en: "Dairy, \"cold\" chain".into(),
        title_zh: "乳品".into(),
        body_en: "line 1\nline 2".into(),
        tags: vec!["a".into(), "b".into()],
        product_ids: vec![Uuid::from_u128(9)],
        image_blobs: vec![BlobHash::of(b"x").to_string()],
        ..Default::default()
    }
    .validate(Scope::Personal)
    .unwrap();
    let block = ContentBlock::from_fields(Uuid::from_u128(1), Uuid::from_u128(2), &fields);
    assert_eq!(block.kind, Some(BlockKind::CaseStudy));
    for read in [
        parse_json(&to_json(std::slice::from_ref(&block))).unwrap(),
        parse_csv(&to_csv(std::slice::from_ref(&block)).unwrap()).unwrap(),
    ] {
        assert_eq!(read[0].id, Some(block.id));
        assert_eq!(read[0].input, block.to_input());
    }
}
