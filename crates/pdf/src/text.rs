//! Text measuring and line wrapping with the font's own glyph advances.
//!
//! printpdf draws a string exactly where it is told and never wraps, so every line on the page is
//! measured here first. Widths are in *em* (1.0 = the font size), so one measurement serves every
//! size. printpdf maps characters to glyphs one by one through the font's cmap (no shaping, no
//! kerning), and the PDF's `/W` array carries the same `hmtx` advances, so the sum of advances
//! measured here is the width a viewer draws.

use printpdf::ParsedFont;

/// Widths of characters in one font.
pub(crate) trait Measure {
    /// Advance width of `ch` in em, or `None` when the font has no glyph for it.
    fn advance_em(&self, ch: char) -> Option<f32>;

    /// Width of `s` in em; characters without a glyph count as zero (callers sanitize first).
    fn width_em(&self, s: &str) -> f32 {
        s.chars().map(|c| self.advance_em(c).unwrap_or(0.0)).sum()
    }
}

/// Glyph advances read from a parsed font (its `cmap` and `hmtx` tables).
pub(crate) struct FontMeasure<'a> {
    font: &'a ParsedFont,
    units_per_em: f32,
    /// Advances of the ASCII range, looked up once: most of a quote's characters.
    ascii: [Option<f32>; 128],
}

impl<'a> FontMeasure<'a> {
    pub(crate) fn new(font: &'a ParsedFont) -> Self {
        let upm = font.font_metrics.units_per_em;
        let units_per_em = if upm == 0 { 1000.0 } else { f32::from(upm) };
        let mut m = FontMeasure {
            font,
            units_per_em,
            ascii: [None; 128],
        };
        for i in 0..128u8 {
            m.ascii[usize::from(i)] = m.lookup(char::from(i));
        }
        m
    }

    fn lookup(&self, ch: char) -> Option<f32> {
        // Glyph 0 is `.notdef`: the font does not have the character.
        let gid = self
            .font
            .lookup_glyph_index(u32::from(ch))
            .filter(|g| *g != 0)?;
        Some(f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em)
    }

    /// Ascent and descent (positive, below the baseline) in em.
    pub(crate) fn vertical_em(&self) -> (f32, f32) {
        let m = &self.font.font_metrics;
        (
            m.ascent / self.units_per_em,
            m.descent.abs() / self.units_per_em,
        )
    }
}

impl Measure for FontMeasure<'_> {
    fn advance_em(&self, ch: char) -> Option<f32> {
        match self.ascii.get(ch as usize) {
            Some(cached) => *cached,
            None => self.lookup(ch),
        }
    }
}

/// What replaces a character the font cannot draw: a visible `?` instead of an empty box.
const REPLACEMENT: char = '?';

/// Make `s` drawable with the font: tabs become spaces, other control and format characters
/// are dropped, characters without a glyph become `?`. Newlines are kept when `keep_newlines`
/// (for [`wrap`]), otherwise they become spaces.
pub(crate) fn sanitize(s: &str, keep_newlines: bool, m: &impl Measure) -> String {
    let normalized = s.replace("\r\n", "\n");
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                out.push(if keep_newlines { '\n' } else { ' ' })
            }
            '\t' => out.push(' '),
            // Other controls, zero-width and bidi format characters: nothing to draw.
            c if c.is_control() || ('\u{200B}'..='\u{200F}').contains(&c) => {}
            '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if m.advance_em(c).is_some() => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

/// Han, kana, hangul, CJK punctuation and full-width forms: a line may break between any two.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF
        | 0x2E80..=0x2FFF
        | 0x3000..=0x303F
        | 0x3040..=0x31FF
        | 0x3200..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// Punctuation that must not start a line.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '］'
            | '｝'
            | '】'
            | '》'
            | '」'
            | '』'
            | '〕'
            | '〉'
            | '〗'
            | '”'
            | '’'
            | '…'
            | '％'
            | '·'
            | '・'
            | 'ー'
    )
}

/// Punctuation that must not end a line.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '（'
            | '［'
            | '｛'
            | '【'
            | '《'
            | '「'
            | '『'
            | '〔'
            | '〈'
            | '〖'
            | '“'
            | '‘'
    )
}

/// May a line break between `a` and `b` (`before_a` precedes `a`)? A small subset of UAX #14:
/// after spaces, around CJK characters (not before closing or after opening punctuation), and
/// after a hyphen or slash inside a word.
fn break_between(before_a: Option<char>, a: char, b: char) -> bool {
    // Closing punctuation stays on its line even after a space ("Discount %"), as in UAX #14.
    if b == ' ' || is_closing(b) {
        return false;
    }
    if a == ' ' {
        return true;
    }
    if is_opening(a) {
        return false;
    }
    if is_cjk(a) || is_cjk(b) {
        return true;
    }
    matches!(a, '-' | '/') && before_a.is_some_and(char::is_alphanumeric) && b.is_alphanumeric()
}

/// Split a paragraph (no newlines) into segments that must stay on one line; each segment
/// carries its trailing spaces.
fn segments(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut before: Option<char> = None;
    let mut prev: Option<char> = None;
    for (i, c) in paragraph.char_indices() {
        if let Some(p) = prev
            && break_between(before, p, c)
        {
            out.push(&paragraph[start..i]);
            start = i;
        }
        before = prev;
        prev = Some(c);
    }
    if start < paragraph.len() {
        out.push(&paragraph[start..]);
    }
    out
}

/// Wrap `text` into lines no wider than `max_em` (in em of the font size). Newlines in `text`
/// are kept as line breaks; a segment wider than a whole line is broken between characters.
/// Every line holds at least one character, so this always terminates, whatever the width.
/// `text` should already be [`sanitize`]d.
pub(crate) fn wrap(text: &str, max_em: f32, m: &impl Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.trim_end().split('\n') {
        wrap_paragraph(paragraph.trim_end(), max_em, m, &mut lines);
    }
    lines
}

fn wrap_paragraph(paragraph: &str, max_em: f32, m: &impl Measure, lines: &mut Vec<String>) {
    if paragraph.is_empty() {
        lines.push(String::new());
        return;
    }
    let mut line = String::new();
    let mut line_w = 0.0_f32;
    for seg in segments(paragraph) {
        let content = seg.trim_end_matches(' ');
        let content_w = m.width_em(content);
        let seg_w = content_w + m.width_em(&seg[content.len()..]);
        if !line.is_empty() && line_w + content_w > max_em {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            line_w = 0.0;
        }
        if line.is_empty() && content_w > max_em {
            // Longer than a whole line (a URL, a part number, 5,000 characters of nothing):
            // break it wherever the line is full.
            for c in seg.chars() {
                let w = m.advance_em(c).unwrap_or(0.0);
                if !line.is_empty() && line_w + w > max_em && c != ' ' {
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                    line_w = 0.0;
                }
                line.push(c);
                line_w += w;
            }
        } else {
            line.push_str(seg);
            line_w += seg_w;
        }
    }
    lines.push(line.trim_end().to_string());
}

#[cfg(test)]
mod tests {
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
}
