use super::*;

/// Latin characters 0.5 em, CJK 1 em, and no glyph for U+E000 (private use).
struct Mono;

impl Measure for Mono {
    fn advance_em(&self, ch: char) -> Option<f32> {
        match ch {
            '\u{E000}' => None,
            c if is_cjk(c) => Some(1.0),
            _ => Some(0.5),
        }
    }
}

fn wrap_str(s: &str, max_em: f32) -> Vec<String> {
    wrap(s, max_em, &Mono)
}

#[test]
fn breaks_latin_at_spaces() {
    // 5 em = 10 Latin characters.
    assert_eq!(wrap_str("aaa bbb ccc ddd", 5.0), ["aaa bbb", "ccc ddd"]);
    assert_eq!(wrap_str("aaa bbb", 100.0), ["aaa bbb"]);
}

#[test]
fn trailing_spaces_do_not_force_a_break() {
    // "aaaa bbbbb" is exactly 5 em; the space after it hangs.
    assert_eq!(wrap_str("aaaa bbbbb cc", 5.0), ["aaaa bbbbb", "cc"]);
}

#[test]
fn breaks_between_cjk_characters_but_not_before_closing_punctuation() {
    assert_eq!(
        wrap_str("上海华东机电设备", 3.0),
        ["上海华", "东机电", "设备"]
    );
    // "，" may not start a line: it stays with "华".
    let lines = wrap_str("上海华，东机", 3.0);
    assert_eq!(lines, ["上海", "华，东", "机"]);
    assert!(lines.iter().all(|l| !l.starts_with('，')));
}

#[test]
fn mixed_cjk_and_latin() {
    assert_eq!(
        wrap_str("PLC控制器 S7-1200", 4.0),
        ["PLC控制", "器 S7-", "1200"]
    );
}

#[test]
fn hyphen_breaks_only_inside_words() {
    assert_eq!(wrap_str("stainless-steel", 5.0), ["stainless-", "steel"]);
    assert_eq!(segments("a -5"), ["a ", "-5"]);
    assert_eq!(segments("Discount % a"), ["Discount % ", "a"]);
}

#[test]
fn long_unbroken_strings_break_by_characters() {
    let s = "x".repeat(25);
    let lines = wrap_str(&s, 5.0);
    assert_eq!(lines, ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    for line in &lines {
        assert!(Mono.width_em(line) <= 5.0);
    }
}

#[test]
fn newlines_are_kept_and_blank_lines_preserved() {
    assert_eq!(wrap_str("a\n\nb\n", 10.0), ["a", "", "b"]);
    assert_eq!(wrap_str("", 10.0), [""]);
}

#[test]
fn narrower_than_one_character_still_terminates() {
    assert_eq!(wrap_str("ab 中", 0.1), ["a", "b", "中"]);
    assert_eq!(wrap_str("ab", 0.0), ["a", "b"]);
}

#[test]
fn every_line_fits_for_a_long_mixed_text() {
    let text = "Heavy-duty 不锈钢 conveyor belt, 1200 mm, 含安装调试。".repeat(100);
    let lines = wrap_str(&text, 20.0);
    assert!(lines.len() > 10);
    for line in &lines {
        assert!(Mono.width_em(line) <= 20.0, "{line:?}");
    }
    let rejoined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
    let original: String = text.chars().filter(|c| *c != ' ').collect();
    assert_eq!(rejoined, original, "wrapping loses no characters");
}

#[test]
fn sanitize_replaces_what_cannot_be_drawn() {
    assert_eq!(sanitize("a\tb\u{0007}c\u{E000}d", false, &Mono), "a bc?d");
    assert_eq!(sanitize("a\r\nb", true, &Mono), "a\nb");
    assert_eq!(sanitize("a\r\nb", false, &Mono), "a b");
    assert_eq!(sanitize("a\u{200B}b\u{00A0}c", false, &Mono), "ab c");
}
