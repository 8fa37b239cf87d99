//! Text measuring and line wrapping with the font's own glyph advances.
//!
//! printpdf draws a string exactly where it is told and never wraps, so every line on the page is
//! measured here first. Widths are in *em* (1.0 = the font size), so one measurement serves every
//! size. printpdf maps characters to glyphs one by one through the font's cmap (no shaping, no
//! kerning), and the PDF's `/W` array carries the same `hmtx` advances, so the sum of advances
//! measured here is the width a viewer draws.

use std::ops::Range;

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
    wrap_ranges(text, max_em, m)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

/// [`wrap`], as the byte ranges of `text` each line is (trailing spaces left out): for text whose characters
/// carry styles, which the caller finds again by their offsets.
pub(crate) fn wrap_ranges(text: &str, max_em: f32, m: &impl Measure) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for paragraph in text.trim_end().split('\n') {
        let trimmed = paragraph.trim_end();
        wrap_paragraph(trimmed, offset, max_em, m, &mut lines);
        offset += paragraph.len() + 1;
    }
    lines
}

/// `range` of the paragraph at `base` in the whole text, its trailing spaces left out.
fn push_line(paragraph: &str, base: usize, range: Range<usize>, lines: &mut Vec<Range<usize>>) {
    let end = range.start + paragraph[range.clone()].trim_end().len();
    lines.push(base + range.start..base + end);
}

fn wrap_paragraph(
    paragraph: &str,
    base: usize,
    max_em: f32,
    m: &impl Measure,
    lines: &mut Vec<Range<usize>>,
) {
    // Most paragraphs (codes, amounts, short names) fit as they are.
    if paragraph.is_empty() || m.width_em(paragraph) <= max_em {
        lines.push(base..base + paragraph.len());
        return;
    }
    // The line being filled: from `start` to `end` of the paragraph.
    let mut start = 0;
    let mut end = 0;
    let mut line_w = 0.0_f32;
    let mut at = 0;
    for seg in segments(paragraph) {
        let seg_start = at;
        at += seg.len();
        let content = seg.trim_end_matches(' ');
        let content_w = m.width_em(content);
        let seg_w = content_w + m.width_em(&seg[content.len()..]);
        if end > start && line_w + content_w > max_em {
            push_line(paragraph, base, start..end, lines);
            start = seg_start;
            end = seg_start;
            line_w = 0.0;
        }
        if end == start && content_w > max_em {
            // Longer than a whole line (a URL, a part number, 5,000 characters of nothing):
            // break it wherever the line is full.
            for (i, c) in seg.char_indices() {
                let w = m.advance_em(c).unwrap_or(0.0);
                if end > start && line_w + w > max_em && c != ' ' {
                    push_line(paragraph, base, start..end, lines);
                    start = seg_start + i;
                    line_w = 0.0;
                }
                end = seg_start + i + c.len_utf8();
                line_w += w;
            }
        } else {
            end = at;
            line_w += seg_w;
        }
    }
    push_line(paragraph, base, start..end, lines);
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
