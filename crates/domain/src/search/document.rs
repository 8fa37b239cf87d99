//! What a record puts in the index.

use super::SearchKind;
use super::terms::{key, pinyin, pinyin_terms, terms};

/// The longest title shown for a record whose title is taken from its text (a piece of feedback), in
/// characters.
const DERIVED_TITLE_CHARS: usize = 60;

/// One record's entry in the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What a hit shows as its name.
    pub title: String,
    /// The other searched fields, non-empty ones joined by ` · `: what snippets are cut from.
    pub body: String,
    /// The title's pinyin for the trigram table ([`super::pinyin`]); empty unless the kind is named.
    pub pinyin: String,
    /// The word table's terms ([`super::terms`], [`super::pinyin_terms`]).
    pub title_terms: String,
    pub body_terms: String,
    pub pinyin_terms: String,
    /// The title as a query is compared with it ([`super::key`]), for exact and prefix matches.
    pub title_key: String,
}

/// The entry of a record of `kind` named `title` whose other searched fields are `parts`. A record without a
/// name (an activity without a subject, a piece of feedback) is titled by the start of its first non-empty
/// part.
pub fn document(kind: SearchKind, title: &str, parts: &[&str]) -> Document {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    let title = match title.trim() {
        "" => parts.first().map_or_else(String::new, |first| {
            let line = first.lines().next().unwrap_or_default().trim();
            let mut out: String = line.chars().take(DERIVED_TITLE_CHARS).collect();
            if line.chars().count() > DERIVED_TITLE_CHARS || first.lines().nth(1).is_some() {
                out.push('…');
            }
            out
        }),
        t => t.to_string(),
    };
    let body = parts.join(" · ");
    let (pinyin, pinyin_terms) = if kind.named() {
        (pinyin(&title), pinyin_terms(&title))
    } else {
        (String::new(), String::new())
    };
    Document {
        title_terms: terms(&title),
        body_terms: terms(&body),
        title_key: key(&title),
        title,
        body,
        pinyin,
        pinyin_terms,
    }
}
