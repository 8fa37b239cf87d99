//! Placeholders: `{{client.name}}` in a document's text, filled from the proposal's data.
//!
//! The names are a fixed vocabulary ([`PLACEHOLDERS`]). Filling ([`fill`]) replaces every one with its value; a
//! name outside the vocabulary, a known one without a value, and an unclosed `{{` are errors that name the
//! placeholder, so nothing ever prints as blank text or as braces.

use std::collections::BTreeMap;

use super::doc::{Block, Doc, Inline};

/// Every placeholder a template may use, with what it stands for.
pub const PLACEHOLDERS: [(&str, &str); 17] = [
    ("client.name", "the client company's name"),
    ("client.address", "the client's address"),
    ("contact.name", "the client contact's name"),
    ("contact.title", "the client contact's job title"),
    ("opportunity.name", "the opportunity's name"),
    ("proposal.title", "the proposal's title"),
    ("date", "the proposal's date (YYYY-MM-DD)"),
    ("quote.number", "the quote's number"),
    ("quote.subtotal", "the quote's subtotal, with its currency"),
    ("quote.tax", "the quote's VAT, with its currency"),
    ("quote.total", "the quote's total, with its currency"),
    ("quote.valid_until", "the last day the quote is valid"),
    ("rep.name", "the sales rep's name"),
    ("rep.title", "the sales rep's job title"),
    ("rep.phone", "the sales rep's phone"),
    ("rep.email", "the sales rep's e-mail"),
    ("company.name", "our company's name"),
];

/// Whether `name` is in the vocabulary.
pub fn is_known(name: &str) -> bool {
    PLACEHOLDERS.iter().any(|(n, _)| *n == name)
}

/// The placeholders' values, by name (`client.name` → `上海华东机电设备有限公司`).
pub type PlaceholderValues = BTreeMap<String, String>;

/// A placeholder that cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceholderError {
    #[error("unknown placeholder {{{{{0}}}}}")]
    Unknown(String),
    #[error("placeholder {{{{{0}}}}} has no value for this proposal")]
    NoValue(String),
    #[error("a placeholder opened with {{{{ is not closed: {0:?}")]
    Unclosed(String),
}

impl PlaceholderError {
    /// The placeholder's name (or the unclosed text).
    pub fn name(&self) -> &str {
        match self {
            PlaceholderError::Unknown(n)
            | PlaceholderError::NoValue(n)
            | PlaceholderError::Unclosed(n) => n,
        }
    }
}

/// Every placeholder name in `doc`, in order (unknown ones too); an unclosed `{{` is an error.
pub fn placeholders(doc: &Doc) -> Result<Vec<String>, PlaceholderError> {
    let mut names = Vec::new();
    let mut failed = None;
    visit_text(&mut doc.clone(), &mut |text| {
        if failed.is_some() {
            return;
        }
        match scan(text, &mut |name| {
            names.push(name.to_string());
            Ok(String::new())
        }) {
            Ok(_) => {}
            Err(e) => failed = Some(e),
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(names),
    }
}

/// `doc` with every placeholder replaced by its value in `values`. The first that cannot be filled is the
/// error.
pub fn fill(doc: &Doc, values: &PlaceholderValues) -> Result<Doc, PlaceholderError> {
    let mut out = doc.clone();
    let mut failed = None;
    visit_text(&mut out, &mut |text| {
        if failed.is_some() {
            return;
        }
        match scan(text, &mut |name| value_of(name, values)) {
            Ok(filled) => *text = filled,
            Err(e) => failed = Some(e),
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Fill one string (a section's title, a caption).
pub fn fill_text(text: &str, values: &PlaceholderValues) -> Result<String, PlaceholderError> {
    scan(text, &mut |name| value_of(name, values))
}

fn value_of(name: &str, values: &PlaceholderValues) -> Result<String, PlaceholderError> {
    if !is_known(name) {
        return Err(PlaceholderError::Unknown(name.to_string()));
    }
    match values.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(PlaceholderError::NoValue(name.to_string())),
    }
}

/// `text` with each `{{name}}` (spaces inside the braces allowed) replaced by `with(name)`.
fn scan(
    text: &str,
    with: &mut dyn FnMut(&str) -> Result<String, PlaceholderError>,
) -> Result<String, PlaceholderError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            let shown: String = rest[open..].chars().take(40).collect();
            return Err(PlaceholderError::Unclosed(shown));
        };
        out.push_str(&with(after[..close].trim())?);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Call `f` on every text a document prints: runs and image captions.
fn visit_text(doc: &mut Doc, f: &mut dyn FnMut(&mut String)) {
    fn blocks(list: &mut [Block], f: &mut dyn FnMut(&mut String)) {
        for b in list {
            match b {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    for i in content {
                        if let Inline::Text { text, .. } = i {
                            f(text);
                        }
                    }
                }
                Block::BulletList { content } | Block::OrderedList { content } => {
                    for item in content {
                        blocks(&mut item.content, f);
                    }
                }
                Block::Table { content } => {
                    for row in content {
                        for cell in &mut row.content {
                            blocks(&mut cell.content, f);
                        }
                    }
                }
                Block::Image { attrs } => f(&mut attrs.caption),
            }
        }
    }
    blocks(&mut doc.content, f);
}
