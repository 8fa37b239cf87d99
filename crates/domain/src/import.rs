//! Reading import files: the product catalog as CSV (`sku,name,description,unit,unit_price,currency,tax_rate`).
//! Shared by the server's `import products` and a standalone laptop's own import, so both accept exactly the
//! same files and report problems the same way: every problem, by row and column, and no partial result.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use crate::FieldError;
use crate::model::{ProductInput, ValidProduct};

/// Columns of a product file, in the documented order (any order is accepted).
pub const PRODUCT_COLUMNS: [&str; 7] = [
    "sku",
    "name",
    "description",
    "unit",
    "unit_price",
    "currency",
    "tax_rate",
];

/// One problem of an import file. Rows count like a spreadsheet's: the header is row 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub row: u64,
    /// 1-based column number and the column's name, when the problem is in one cell.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some((n, name)) => write!(f, "row {}, column {n} ({name}): {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// The message of a refused file: how many problems, then one per line.
pub fn describe_problems(problems: &[RowProblem]) -> String {
    let mut s = format!(
        "the file has {} problem{}; nothing was imported:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s
}

/// A valid product and the row it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRow {
    pub row: u64,
    pub product: ValidProduct,
}

fn field_message(e: &FieldError) -> String {
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

/// Read and check a product file (`sku,name,description,unit,unit_price,currency,tax_rate`, UTF-8,
/// comma-separated, a header row first). Returns every valid row, or every problem.
pub fn parse_products(input: impl Read) -> Result<Vec<ProductRow>, Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.records();
    let problem = |row: u64, column: Option<(usize, String)>, message: String| RowProblem {
        row,
        column,
        message,
    };
    let expected = PRODUCT_COLUMNS.join(",");
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
    // Column name → 0-based index.
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw
            .trim_start_matches('\u{feff}')
            .trim()
            .to_ascii_lowercase();
        match PRODUCT_COLUMNS.iter().find(|c| **c == name) {
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
                format!("unknown column `{raw}`: the columns are {expected}"),
            )),
        }
    }
    for c in PRODUCT_COLUMNS {
        if !index.contains_key(c) {
            problems.push(problem(
                1,
                None,
                format!("missing column `{c}`: the columns are {expected}"),
            ));
        }
    }
    let column_of = |field: &str| {
        PRODUCT_COLUMNS
            .iter()
            .find(|c| **c == field)
            .and_then(|c| index.get(c).map(|&i| (i + 1, (*c).to_string())))
    };
    let mut skus: HashMap<String, u64> = HashMap::new();
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_problem(&e));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.record() + 1);
        if record.len() != header.len() {
            problems.push(problem(
                row,
                None,
                format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |c: &str| {
            index
                .get(c)
                .and_then(|&i| record.get(i))
                .unwrap_or_default()
                .to_string()
        };
        let input = ProductInput {
            sku: get("sku"),
            name: get("name"),
            description: get("description"),
            unit: get("unit"),
            unit_price: get("unit_price"),
            currency: get("currency"),
            tax_rate: get("tax_rate"),
        };
        let sku = input.sku.trim();
        if !sku.is_empty() {
            match skus.get(sku) {
                Some(first) => problems.push(problem(
                    row,
                    column_of("sku"),
                    format!("SKU {sku} is already on row {first}"),
                )),
                None => {
                    skus.insert(sku.to_string(), row);
                }
            }
        }
        match input.validate() {
            Ok(product) => rows.push(ProductRow { row, product }),
            Err(errors) => {
                // A missing column was reported once, in the header; its empty cells are not.
                problems.extend(errors.iter().filter_map(|e| {
                    column_of(&e.field).map(|c| problem(row, Some(c), field_message(e)))
                }));
            }
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(problem(
            1,
            None,
            "the file has a header but no products".into(),
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}
