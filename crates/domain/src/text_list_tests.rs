use super::*;

#[test]
fn lists_round_trip_and_empty_fields_are_empty_lists() {
    let tags = vec!["汽车".to_string(), "tier 1".to_string()];
    assert_eq!(parse(&to_json(&tags)), tags);
    assert!(parse("").is_empty());
    assert!(parse("not json").is_empty());
    let ids = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
    assert_eq!(parse_ids(&ids_to_json(&ids)), ids);
}

#[test]
fn typed_lists_are_trimmed_deduplicated_and_bounded() {
    let typed = [" a ", "", "b", "a"].map(String::from);
    assert_eq!(validate("tags", &typed, 5, 10).unwrap(), ["a", "b"]);
    let errors = validate("tags", &["x".repeat(11), "ok".into()], 5, 10).unwrap_err();
    assert_eq!(errors[0].field, "tags[0]");
    let many: Vec<String> = (0..4).map(|i| i.to_string()).collect();
    let errors = validate("tags", &many, 3, 10).unwrap_err();
    assert_eq!(errors[0].field, "tags");
}
