//! Checks on text that comes from outside before it may reach the database.
//!
//! PostgreSQL cannot store a NUL character (U+0000) in text, and SQLite can: so that both answer alike, a NUL
//! is refused everywhere, before any query, as bad input (a 400 for a request, a per-change rejection in a
//! push), never a database error.

use std::io::Read;

use fieldquote_domain::import::RowProblem;

use crate::ServerError;

/// Whether `text` holds a NUL character.
pub fn has_nul(text: &str) -> bool {
    text.contains('\0')
}

/// Refuse `text` (described as `what`) if it holds a NUL character.
pub fn check_text(what: &str, text: &str) -> Result<(), ServerError> {
    if has_nul(text) {
        return Err(ServerError::Invalid(format!(
            "the {what} contains a NUL character (U+0000), which is not accepted"
        )));
    }
    Ok(())
}

/// Read a CSV file for an import, refusing it whole when a cell holds a NUL character: every such cell is
/// reported by row (the header is row 1) and column, like the import's other problems.
pub fn nul_free_csv(mut input: impl Read) -> Result<Vec<u8>, ServerError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| {
        ServerError::InvalidRows(vec![RowProblem {
            row: 1,
            column: None,
            message: format!("the file cannot be read: {e}"),
        }])
    })?;
    if !bytes.contains(&0) {
        return Ok(bytes);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let mut header: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let row = i as u64 + 1;
        let Ok(record) = record else {
            break;
        };
        if i == 0 {
            header = record
                .iter()
                .map(|h| {
                    String::from_utf8_lossy(h)
                        .trim()
                        .replace('\0', "")
                        .to_string()
                })
                .collect();
        }
        for (c, cell) in record.iter().enumerate() {
            if cell.contains(&0) {
                let name = header.get(c).cloned().unwrap_or_default();
                problems.push(RowProblem {
                    row,
                    column: Some((c + 1, name)),
                    message: "contains a NUL character (U+0000), which is not accepted".into(),
                });
            }
        }
    }
    if problems.is_empty() {
        problems.push(RowProblem {
            row: 1,
            column: None,
            message: "the file contains a NUL character (U+0000), which is not accepted".into(),
        });
    }
    Err(ServerError::InvalidRows(problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_with_a_nul_is_reported_by_row_and_column() {
        let good = "sku,name\nA,Valve\n";
        assert_eq!(nul_free_csv(good.as_bytes()).unwrap(), good.as_bytes());
        let bad = "sku,name\nA,Valve\nB,Va\0lve\n";
        let Err(ServerError::InvalidRows(problems)) = nul_free_csv(bad.as_bytes()) else {
            panic!("refused");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "row 3, column 2 (name): contains a NUL character (U+0000), which is not accepted"
        );
    }

    #[test]
    fn nul_anywhere_is_refused() {
        assert!(check_text("email", "ann@example.com").is_ok());
        assert!(check_text("email", "").is_ok());
        for bad in ["\0", "ann\0@example.com", "ann@example.com\0"] {
            let e = check_text("email", bad).unwrap_err().to_string();
            assert!(e.contains("email") && e.contains("NUL"), "{e}");
        }
    }
}
