//! A typed query as index queries. Every term is quoted, so nothing typed is FTS5 syntax: `"`, `*`, `(`,
//! `NEAR`, `AND`, `-` and `:` are searched as text.

use super::terms::{is_cjk, key};
use crate::{FieldError, FieldErrorKind};

/// The longest query, in characters (the search box is one line).
pub const MAX_QUERY_CHARS: u32 = 200;
/// The most terms a query may have; every one must match.
pub const MAX_TERMS: usize = 12;
/// Trigram matching needs this many characters; shorter terms go to the word table.
const TRIGRAM: usize = 3;

/// One whitespace-separated part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed, lowercased.
    pub text: String,
    /// For a term of fewer than 3 characters, the word-table queries it stands for (each a quoted FTS5
    /// string, a prefix query where the term may be the start of a longer word); empty for a term of 3
    /// characters or more, which the trigram table answers.
    pub words: Vec<String>,
}

impl Term {
    fn is_short(&self) -> bool {
        !self.words.is_empty()
    }
}

/// A query as the index answers it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The whole query as a title is compared with it ([`super::key`]).
    pub key: String,
    /// The terms that can match something (a short term of punctuation alone is left out).
    pub terms: Vec<Term>,
}

/// An FTS5 string: the text in double quotes, a quote inside doubled.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The word-table queries of a term under 3 characters: a pair of Chinese characters is a term of its own;
/// one Chinese character, a Latin word or a number may start a longer term.
fn short_words(term: &str) -> Vec<String> {
    // Runs of Chinese characters and runs of letters and digits, in order; anything else separates.
    let mut segments: Vec<(bool, String)> = Vec::new();
    let mut last: Option<bool> = None;
    for c in term.chars() {
        let cjk = is_cjk(c);
        if !cjk && !c.is_alphanumeric() {
            last = None;
            continue;
        }
        match segments.last_mut() {
            Some((kind, text)) if last == Some(cjk) && *kind == cjk => {
                text.extend(c.to_lowercase())
            }
            _ => segments.push((cjk, c.to_lowercase().collect())),
        }
        last = Some(cjk);
    }
    segments
        .into_iter()
        .map(|(cjk, text)| {
            if cjk && text.chars().count() == 2 {
                quoted(&text)
            } else {
                format!("{}*", quoted(&text))
            }
        })
        .collect()
}

impl SearchQuery {
    /// Read a typed query. Refused: an empty query, one longer than [`MAX_QUERY_CHARS`] characters, one with
    /// more than [`MAX_TERMS`] terms, or with control characters (tabs and line breaks count as spaces).
    pub fn parse(raw: &str) -> Result<SearchQuery, FieldError> {
        let err = |kind| FieldError::new("query", kind);
        // Checked on bytes first, so a huge input is refused without reading it through.
        if raw.len() > MAX_QUERY_CHARS as usize * 4
            || raw.chars().count() > MAX_QUERY_CHARS as usize
        {
            return Err(err(FieldErrorKind::TooLong {
                max: MAX_QUERY_CHARS,
            }));
        }
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(err(FieldErrorKind::ControlCharacters));
        }
        let typed: Vec<&str> = raw.split_whitespace().collect();
        if typed.is_empty() {
            return Err(err(FieldErrorKind::Required));
        }
        if typed.len() > MAX_TERMS {
            return Err(FieldError::new(
                "number of words in the query",
                FieldErrorKind::AboveMax {
                    max: MAX_TERMS.to_string(),
                },
            ));
        }
        let terms = typed
            .into_iter()
            .filter_map(|t| {
                let text = key(t);
                if text.chars().count() >= TRIGRAM {
                    return Some(Term {
                        text,
                        words: Vec::new(),
                    });
                }
                let words = short_words(&text);
                (!words.is_empty()).then_some(Term { text, words })
            })
            .collect();
        Ok(SearchQuery {
            key: key(raw),
            terms,
        })
    }

    /// Whether no term can match anything (the query was punctuation alone).
    pub fn matches_nothing(&self) -> bool {
        self.terms.is_empty()
    }

    /// The trigram table's query for the terms of 3 characters or more, within `columns` (an FTS5 column
    /// filter such as `{title pinyin}`, or `None` for every column); `None` when there are no such terms.
    pub fn trigram_match(&self, columns: Option<&str>) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .filter(|t| !t.is_short())
            .map(|t| scoped(columns, &quoted(&t.text)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// The word table's query for the terms under 3 characters, within `columns` as for
    /// [`Self::trigram_match`]; `None` when there are no such terms.
    pub fn words_match(&self, columns: Option<&str>) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .flat_map(|t| &t.words)
            .map(|w| scoped(columns, w))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// The terms as typed, for snippets.
    pub fn texts(&self) -> Vec<&str> {
        self.terms.iter().map(|t| t.text.as_str()).collect()
    }
}

fn scoped(columns: Option<&str>, expr: &str) -> String {
    match columns {
        Some(c) => format!("{c} : {expr}"),
        None => expr.to_string(),
    }
}
