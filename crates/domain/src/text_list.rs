//! Lists of short texts or ids stored as one JSON field each (tags, SWOT entries, an activity's
//! participants), so a merge never mixes two devices' lists. An empty field is an empty list.

use uuid::Uuid;

use crate::validation::{self, collect};
use crate::{FieldError, FieldErrorKind};

/// The list a stored field holds; an empty or unreadable field is empty (it came from no form of ours).
pub fn parse(raw: &str) -> Vec<String> {
    if raw.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str(raw).unwrap_or_default()
}

/// The stored form of a list.
pub fn to_json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// The ids a stored field holds (entries that are no id are left out).
pub fn parse_ids(raw: &str) -> Vec<Uuid> {
    parse(raw).iter().filter_map(|s| s.parse().ok()).collect()
}

/// The stored form of a list of ids.
pub fn ids_to_json(ids: &[Uuid]) -> String {
    to_json(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
}

/// What a person typed as a list: each entry trimmed and at most `max_len` characters, empty entries dropped,
/// repeats dropped (the first kept), at most `max_items` entries. Errors name the entry (`tags[2]`).
pub fn validate(
    field: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(v) = collect(
            &mut errors,
            validation::text(&format!("{field}[{i}]"), item, max_len, false),
        ) else {
            continue;
        };
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    if out.len() > max_items {
        errors.push(FieldError::new(
            field,
            FieldErrorKind::AboveMax {
                max: max_items.to_string(),
            },
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[path = "text_list_tests.rs"]
mod tests;
