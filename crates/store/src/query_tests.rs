use super::*;

#[test]
fn like_patterns_escape_wildcards() {
    assert_eq!(like_pattern(" 100%_a\\b "), "%100\\%\\_a\\\\b%");
}
