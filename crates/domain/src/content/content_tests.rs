use super::*;
use crate::access::{Caller, Owner, Role, Subject, may_edit, may_see};
use crate::sync::EntityKind;

fn input() -> ContentBlockInput {
    ContentBlockInput {
        kind: "case_study".into(),
        title_en: " Cold chain for a dairy ".into(),
        title_zh: "乳品冷链".into(),
        body_en: "Client: Bright Dairy".into(),
        body_zh: String::new(),
        tags: vec!["cold chain".into(), " cold chain ".into(), "iot".into()],
        industry: "food".into(),
        product_ids: vec![Uuid::from_u128(7), Uuid::from_u128(7)],
        bundle_ids: vec![],
        image_blobs: vec![BlobHash::of(b"photo").to_string().to_uppercase()],
    }
}

#[test]
fn a_valid_block_gives_every_synced_column() {
    let fields = input().validate(Scope::Personal).unwrap();
    let columns: Vec<&str> = EntityKind::ContentBlock
        .columns()
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(
        fields.keys().map(String::as_str).collect::<Vec<_>>().len(),
        columns.len()
    );
    for c in columns {
        assert!(fields.contains_key(c), "{c}");
    }
    assert_eq!(fields["title_en"], "Cold chain for a dairy");
    assert_eq!(fields["scope"], "personal");
    assert_eq!(fields["tags"], r#"["cold chain","iot"]"#);
    let block = ContentBlock::from_fields(Uuid::from_u128(1), Uuid::from_u128(2), &fields);
    assert_eq!(block.kind, Some(BlockKind::CaseStudy));
    assert_eq!(block.product_ids, vec![Uuid::from_u128(7)]);
    assert_eq!(block.image_blobs, vec![BlobHash::of(b"photo")]);
    assert_eq!(block.to_input().validate(Scope::Personal).unwrap(), fields);
    assert!(check_synced_fields(&fields).is_ok());
}

#[test]
fn bad_input_is_refused_field_by_field() {
    let mut bad = input();
    bad.kind = "brochure".into();
    bad.title_en = String::new();
    bad.title_zh = "  ".into();
    bad.body_zh = "a\0b".into();
    bad.image_blobs = vec!["abc".into()];
    let errors = bad.validate(Scope::Personal).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["kind", "title_en", "body_zh", "image_blobs[0]"]);
}

#[test]
fn a_body_is_a_document_or_plain_text_made_into_one() {
    let mut b = input();
    b.body_en = "Line one\nLine two".into();
    b.body_zh = r#"{"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "正文"}]}]}"#.into();
    let fields = b.validate(Scope::Personal).unwrap();
    let en = crate::proposal::Doc::from_json(fields["body_en"].as_str().unwrap()).unwrap();
    assert_eq!(en, crate::proposal::Doc::from_plain("Line one\nLine two"));
    assert!(crate::proposal::Doc::from_json(fields["body_zh"].as_str().unwrap()).is_ok());
    // JSON that is no document is refused, saying why.
    b.body_en = r#"{"p": "Since 1998"}"#.into();
    let errors = b.validate(Scope::Personal).unwrap_err();
    assert_eq!(errors[0].field, "body_en");
    assert!(
        errors[0].to_string().contains("not a document"),
        "{}",
        errors[0]
    );
}

#[test]
fn pushed_fields_are_checked() {
    let ok = |pairs: &[(&str, &str)]| {
        let map: BTreeMap<String, Value> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::from(*v)))
            .collect();
        check_synced_fields(&map)
    };
    assert!(ok(&[("title_en", "x")]).is_ok());
    assert!(ok(&[("image_blobs", "")]).is_ok());
    assert_eq!(ok(&[("scope", "team")]).unwrap_err().field, "scope");
    assert_eq!(ok(&[("kind", "memo")]).unwrap_err().field, "kind");
    assert_eq!(
        ok(&[("image_blobs", r#"["nothex"]"#)]).unwrap_err().field,
        "image_blobs[0]"
    );
    assert_eq!(
        ok(&[("product_ids", r#"["nope"]"#)]).unwrap_err().field,
        "product_ids[0]"
    );
    assert_eq!(ok(&[("tags", "not json")]).unwrap_err().field, "tags");
}

#[test]
fn blob_hashes_are_sha256_in_lowercase_hex() {
    assert_eq!(
        BlobHash::of(b"abc").as_str(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    assert_eq!(BlobHash::parse(upper).unwrap(), BlobHash::of(b"abc"));
    for bad in ["", "ba78", &format!("{upper}0"), &upper.replace('B', "g")] {
        assert!(BlobHash::parse(bad).is_err(), "{bad}");
    }
    let json = serde_json::to_string(&BlobHash::of(b"abc")).unwrap();
    assert_eq!(
        serde_json::from_str::<BlobHash>(&json).unwrap(),
        BlobHash::of(b"abc")
    );
    assert!(serde_json::from_str::<BlobHash>("\"xyz\"").is_err());
}

#[test]
fn company_blocks_are_everyones_to_read_and_personal_ones_their_owners() {
    let rep = |n: u128, team: &str| Caller {
        user_id: Uuid::from_u128(n),
        role: Role::Rep,
        team_id: Some(team.into()),
    };
    let block = |owner: Uuid, team: Option<&str>| {
        Subject::new(
            EntityKind::ContentBlock,
            Owner {
                user_id: owner,
                team_id: team.map(str::to_string),
            },
        )
    };
    let company = block(COMPANY_OWNER, None);
    let personal = block(Uuid::from_u128(1), Some("north"));
    let (ann, bob, cho) = (rep(1, "north"), rep(2, "north"), rep(3, "south"));
    let manager = Caller {
        role: Role::Manager,
        ..rep(4, "north")
    };
    let admin = Caller {
        role: Role::Admin,
        team_id: None,
        ..rep(5, "x")
    };
    for c in [&ann, &bob, &cho, &manager, &admin] {
        assert!(may_see(c, &company));
        assert_eq!(may_edit(c, &company), c.role == Role::Admin);
    }
    assert!(may_see(&ann, &personal) && may_edit(&ann, &personal));
    for c in [&bob, &cho, &manager] {
        assert!(!may_see(c, &personal) && !may_edit(c, &personal));
    }
    assert!(may_see(&admin, &personal));
}
