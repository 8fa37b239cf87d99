//! Content library files: blocks to import (an admin's company blocks on the server, a rep's personal
//! blocks on a laptop) and the form blocks are exported in, as JSON or CSV.
//!
//! - **JSON**: one block object, or a list of them, with the fields of [`ContentBlockInput`] plus an
//!   optional `id` and optional `images`: files (paths relative to the JSON file) whose bytes become the
//!   block's image blobs, after any `image_blobs` given as hashes.
//! - **CSV** (read with the `csv` crate, header row first): the columns `kind`, `title_en`, `title_zh`,
//!   `body_en`, `body_zh`, `tags`, `industry`, `product_ids`, `bundle_ids`, `image_blobs`, `images` and `id`,
//!   any order, all but `kind` optional; list columns hold their entries separated by `;`.
//!
//! A block without an `id` gets one derived from its kind and title ([`derived_id`]), so importing the same
//! file again updates the blocks it made instead of adding copies. Every problem is reported by row (the
//! JSON list's 1-based position; the CSV line, the header being row 1) and field; a file with any problem
//! is refused whole.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ContentBlock, ContentBlockInput, Scope};
use crate::import::RowProblem;

/// One block read from a file, not validated yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportedBlock {
    pub id: Option<Uuid>,
    #[serde(flatten)]
    pub input: ContentBlockInput,
    /// Image files, as written in the file (relative to it).
    pub images: Vec<String>,
    /// Where it was in the file (1-based).
    #[serde(skip)]
    pub row: u64,
}

/// A block's synced fields, by column.
pub type BlockFields = std::collections::BTreeMap<String, serde_json::Value>;

/// The CSV columns, in the order an export writes them.
pub const CSV_COLUMNS: [&str; 12] = [
    "id",
    "kind",
    "title_en",
    "title_zh",
    "body_en",
    "body_zh",
    "tags",
    "industry",
    "product_ids",
    "bundle_ids",
    "image_blobs",
    "images",
];

/// The id of a block given without one: the same kind and title (English, else Chinese) give the same id
/// (a version 8 UUID made of the SHA-256 of both).
pub fn derived_id(input: &ContentBlockInput) -> Uuid {
    let title = if input.title_en.trim().is_empty() {
        input.title_zh.trim()
    } else {
        input.title_en.trim()
    };
    use sha2::{Digest, Sha256};
    let name = format!("fieldquote content block\n{}\n{}", input.kind.trim(), title);
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn problem(row: u64, column: Option<(usize, &str)>, message: String) -> RowProblem {
    RowProblem {
        row,
        column: column.map(|(n, c)| (n, c.to_string())),
        message,
    }
}

/// The blocks of a JSON file.
pub fn parse_json(text: &str) -> Result<Vec<ImportedBlock>, Vec<RowProblem>> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| vec![problem(1, None, format!("not valid JSON: {e}"))])?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one @ serde_json::Value::Object(_) => vec![one],
        _ => {
            return Err(vec![problem(
                1,
                None,
                "must be a block (a JSON object) or a list of blocks".into(),
            )]);
        }
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let row = i as u64 + 1;
        match serde_json::from_value::<ImportedBlock>(item) {
            Ok(mut b) => {
                b.row = row;
                out.push(b);
            }
            Err(e) => problems.push(problem(row, None, format!("not a block: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The blocks of a CSV file.
pub fn parse_csv(input: &[u8]) -> Result<Vec<ImportedBlock>, Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| vec![problem(1, None, format!("cannot read the header row: {e}"))])?
        .clone();
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}');
        if !CSV_COLUMNS.contains(&name) {
            problems.push(problem(
                1,
                Some((i + 1, name)),
                format!("unknown column; the columns are {}", CSV_COLUMNS.join(", ")),
            ));
        }
        columns.push(name.to_string());
    }
    if !columns.iter().any(|c| c == "kind") {
        problems.push(problem(1, None, "the column `kind` is missing".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(row, None, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let mut b = ImportedBlock {
            row,
            ..Default::default()
        };
        for (n, (name, cell)) in columns.iter().zip(record.iter()).enumerate() {
            let list = || -> Vec<String> {
                cell.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let ids = |problems: &mut Vec<RowProblem>| -> Vec<Uuid> {
                list()
                    .iter()
                    .filter_map(|s| match Uuid::parse_str(s) {
                        Ok(id) => Some(id),
                        Err(_) => {
                            problems.push(problem(
                                row,
                                Some((n + 1, name)),
                                format!("{s:?} is not a record id (a UUID)"),
                            ));
                            None
                        }
                    })
                    .collect()
            };
            match name.as_str() {
                "id" if !cell.trim().is_empty() => match Uuid::parse_str(cell.trim()) {
                    Ok(id) => b.id = Some(id),
                    Err(_) => problems.push(problem(
                        row,
                        Some((n + 1, name)),
                        format!("{cell:?} is not a UUID"),
                    )),
                },
                "kind" => b.input.kind = cell.to_string(),
                "title_en" => b.input.title_en = cell.to_string(),
                "title_zh" => b.input.title_zh = cell.to_string(),
                "body_en" => b.input.body_en = cell.to_string(),
                "body_zh" => b.input.body_zh = cell.to_string(),
                "industry" => b.input.industry = cell.to_string(),
                "tags" => b.input.tags = list(),
                "product_ids" => b.input.product_ids = ids(&mut problems),
                "bundle_ids" => b.input.bundle_ids = ids(&mut problems),
                "image_blobs" => b.input.image_blobs = list(),
                "images" => b.images = list(),
                _ => {}
            }
        }
        out.push(b);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Validate imported blocks as `scope` (images already turned into hashes in `input.image_blobs`): each
/// block's id (given or [`derived_id`]) with its synced fields, or every problem by row and field. Two
/// blocks of one import with the same id are a problem too.
pub fn validate(
    blocks: &[ImportedBlock],
    scope: Scope,
) -> Result<Vec<(Uuid, BlockFields)>, Vec<RowProblem>> {
    let mut out: Vec<(Uuid, _)> = Vec::new();
    let mut problems = Vec::new();
    for b in blocks {
        let id = b.id.unwrap_or_else(|| derived_id(&b.input));
        match b.input.validate(scope) {
            Ok(fields) => {
                if out.iter().any(|(other, _)| *other == id) {
                    problems.push(problem(
                        b.row,
                        None,
                        format!("block {id} appears twice (same id, or same kind and title)"),
                    ));
                }
                out.push((id, fields));
            }
            Err(errors) => problems.extend(
                errors
                    .into_iter()
                    .map(|e| problem(b.row, None, e.to_string())),
            ),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Blocks as a JSON export file (a list, with ids; images as hashes).
pub fn to_json(blocks: &[ContentBlock]) -> String {
    let items: Vec<ImportedBlock> = blocks
        .iter()
        .map(|b| ImportedBlock {
            id: Some(b.id),
            input: b.to_input(),
            images: Vec::new(),
            row: 0,
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

/// Blocks as a CSV export file ([`CSV_COLUMNS`]).
pub fn to_csv(blocks: &[ContentBlock]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for b in blocks {
        let join = |items: Vec<String>| items.join(";");
        let i = b.to_input();
        w.write_record([
            b.id.to_string(),
            i.kind,
            i.title_en,
            i.title_zh,
            i.body_en,
            i.body_zh,
            join(i.tags),
            i.industry,
            join(i.product_ids.iter().map(Uuid::to_string).collect()),
            join(i.bundle_ids.iter().map(Uuid::to_string).collect()),
            join(i.image_blobs),
            String::new(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
