//! Reading a CSV import file row by row: the header and its columns, rows of the wrong width, unreadable
//! text, and problems pointing at a row and a column.

use std::collections::HashMap;
use std::io::Read;

use super::RowProblem;
use crate::FieldError;

pub(super) fn field_message(e: &FieldError) -> String {
    let full = e.to_string();
    full.strip_prefix(&format!("{}: ", e.field))
        .unwrap_or(&full)
        .to_string()
}

fn csv_problem(e: &csv::Error) -> RowProblem {
    let row = e.position().map_or(0, |p| p.record() + 1);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "not valid UTF-8 text: save the file as \"CSV UTF-8\"".to_string()
        }
        _ => e.to_string(),
    };
    RowProblem {
        row,
        column: None,
        message,
    }
}

/// A problem at `row` (and `column`: its 1-based number and name).
pub(super) fn problem(row: u64, column: Option<(usize, String)>, message: String) -> RowProblem {
    RowProblem {
        row,
        column,
        message,
    }
}

/// The next record as wide as the header, with its row number (the header is row 1). A record the CSV reader
/// cannot read, or of another width, is reported in `problems` and skipped; `None` at the end of the file, or
/// after a read error, which ends the reading.
pub(super) fn next_row<R: Read>(
    records: &mut Records<R>,
    width: usize,
    problems: &mut Vec<RowProblem>,
) -> Option<(u64, csv::StringRecord)> {
    for record in records.by_ref() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_problem(&e));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return None;
                }
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.record() + 1);
        if record.len() != width {
            problems.push(problem(
                row,
                None,
                format!("{} fields, but the header has {width}", record.len()),
            ));
            continue;
        }
        return Some((row, record));
    }
    None
}

/// A column name → 0-based index map of a header row.
type ColumnIndex = HashMap<&'static str, usize>;

/// The records after the header.
type Records<R> = csv::StringRecordsIntoIter<R>;

/// Read the header row of a CSV file whose columns are `columns`, optionally with some of `optional` (any
/// order, case-insensitive, a UTF-8 BOM ignored): the header, each known column's index, and the header's
/// problems (unknown, repeated or missing columns). An empty or unreadable file is refused at once.
#[allow(clippy::type_complexity)]
pub(super) fn read_header<R: Read>(
    input: R,
    columns: &[&'static str],
    optional: &[&'static str],
) -> Result<(csv::StringRecord, ColumnIndex, Vec<RowProblem>, Records<R>), Vec<RowProblem>> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.into_records();
    let expected = columns.join(",");
    let header = match records.next() {
        None => {
            return Err(vec![problem(
                1,
                None,
                format!("the file is empty: expected the header {expected}"),
            )]);
        }
        Some(Err(e)) => return Err(vec![csv_problem(&e)]),
        Some(Ok(h)) => h,
    };
    let mut problems = Vec::new();
    let mut index: ColumnIndex = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw
            .trim_start_matches('\u{feff}')
            .trim()
            .to_ascii_lowercase();
        match columns.iter().chain(optional).find(|c| **c == name) {
            Some(c) if index.contains_key(c) => problems.push(problem(
                1,
                Some((i + 1, name.clone())),
                format!("column `{name}` appears twice"),
            )),
            Some(c) => {
                index.insert(c, i);
            }
            None => problems.push(problem(
                1,
                Some((i + 1, raw.to_string())),
                if optional.is_empty() {
                    format!("unknown column `{raw}`: the columns are {expected}")
                } else {
                    format!(
                        "unknown column `{raw}`: the columns are {expected}, optionally followed by {}",
                        optional.join(",")
                    )
                },
            )),
        }
    }
    for c in columns {
        if !index.contains_key(c) {
            problems.push(problem(
                1,
                None,
                format!("missing column `{c}`: the columns are {expected}"),
            ));
        }
    }
    Ok((header, index, problems, records))
}
