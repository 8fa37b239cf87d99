//! The line of a hit that shows why it matched.

/// Characters of context shown on each side of the first match.
const CONTEXT: usize = 24;
/// The longest snippet, in characters.
const WIDTH: usize = 80;

/// A short excerpt of `body` around the first place any of `terms` occurs (ignoring case), with `…` where
/// text was cut; the start of `body` when no term occurs in it (the record matched by its title or pinyin).
/// Runs of whitespace show as one space.
pub fn snippet(body: &str, terms: &[&str]) -> String {
    let text: Vec<char> = body
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let lower: Vec<char> = text
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let first = terms
        .iter()
        .filter_map(|t| {
            let t: Vec<char> = t.chars().flat_map(char::to_lowercase).collect();
            if t.is_empty() || t.len() > lower.len() {
                return None;
            }
            lower.windows(t.len()).position(|w| w == t.as_slice())
        })
        .min();
    let start = first.map_or(0, |at| at.saturating_sub(CONTEXT));
    let end = (start + WIDTH).min(text.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}
