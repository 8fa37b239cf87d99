//! Reading import files: the product catalog as CSV (`sku,name,description,unit,unit_price,currency,tax_rate`,
//! then optionally `name_zh,description_zh,category,active,bundle_pricing,components,accessories`).
//! Shared by the server's `import products` and a standalone laptop's own import, so both accept exactly the
//! same files and report problems the same way: every problem, by row and column, and no partial result.
//!
//! A file without an optional column leaves that field of existing products as it is. Bundle components
//! and accessories name products by SKU; whether those exist (in the file or the catalog) and whether
//! bundles nest is checked against the catalog by [`crate::catalog::resolve_links`], and its problems are
//! reported like the others ([`link_row_problems`]).

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use uuid::Uuid;

use crate::FieldError;
use crate::catalog::{LinkProblem, format_component_list};
use crate::model::{Product, ProductInput, ValidProduct};

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

/// Optional columns of a product file, in the documented order after [`PRODUCT_COLUMNS`].
pub const OPTIONAL_PRODUCT_COLUMNS: [&str; 7] = [
    "name_zh",
    "description_zh",
    "category",
    "active",
    "bundle_pricing",
    "components",
    "accessories",
];

/// Every column, as `fq export products` writes them.
pub fn all_product_columns() -> impl Iterator<Item = &'static str> {
    PRODUCT_COLUMNS.into_iter().chain(OPTIONAL_PRODUCT_COLUMNS)
}

/// A product as an export row, in the order of [`all_product_columns`]; `sku_of` names the products its
/// components and accessories refer to (an unknown id is written as the id).
pub fn product_record(p: &Product, sku_of: &HashMap<Uuid, String>) -> Vec<String> {
    let sku = |id: &Uuid| sku_of.get(id).cloned().unwrap_or_else(|| id.to_string());
    let component_skus: Vec<(String, &str)> = p
        .components
        .iter()
        .map(|c| (sku(&c.product_id), c.quantity.as_str()))
        .collect();
    vec![
        p.sku.clone(),
        p.name.clone(),
        p.description.clone(),
        p.unit.clone(),
        p.unit_price.clone(),
        p.currency.code().to_string(),
        p.tax_rate.clone(),
        p.name_zh.clone(),
        p.description_zh.clone(),
        p.category.clone(),
        if p.active { "1" } else { "0" }.to_string(),
        p.bundle_pricing.clone(),
        format_component_list(component_skus.iter().map(|(s, q)| (s.as_str(), *q))),
        p.accessories.iter().map(sku).collect::<Vec<_>>().join(";"),
    ]
}

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
    /// The file's columns in order (lower case), shared by its rows: where a later problem points.
    pub columns: Arc<Vec<String>>,
}

/// Problems of the rows' links ([`crate::catalog::resolve_links`]) as row problems with column numbers.
pub fn link_row_problems(rows: &[ProductRow], problems: Vec<LinkProblem>) -> Vec<RowProblem> {
    let columns = rows.first().map(|r| r.columns.clone()).unwrap_or_default();
    problems
        .into_iter()
        .map(|p| RowProblem {
            row: p.row,
            column: columns
                .iter()
                .position(|c| c == p.column)
                .map(|i| (i + 1, p.column.to_string())),
            message: p.message,
        })
        .collect()
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
    let optional = OPTIONAL_PRODUCT_COLUMNS.join(",");
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
        match all_product_columns().find(|c| *c == name) {
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
                format!(
                    "unknown column `{raw}`: the columns are {expected}, optionally followed by {optional}"
                ),
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
        all_product_columns()
            .find(|c| *c == field)
            .and_then(|c| index.get(c).map(|&i| (i + 1, c.to_string())))
    };
    let columns: Arc<Vec<String>> = Arc::new(
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect(),
    );
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
        let optional = |c: &str| index.contains_key(c).then(|| get(c));
        let input = ProductInput {
            sku: get("sku"),
            name: get("name"),
            description: get("description"),
            unit: get("unit"),
            unit_price: get("unit_price"),
            currency: get("currency"),
            tax_rate: get("tax_rate"),
            name_zh: optional("name_zh"),
            description_zh: optional("description_zh"),
            category: optional("category"),
            active: optional("active"),
            bundle_pricing: optional("bundle_pricing"),
            components: optional("components"),
            accessories: optional("accessories"),
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
            Ok(product) => rows.push(ProductRow {
                row,
                product,
                columns: columns.clone(),
            }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogEntry, LinkRequest, ProductKind, resolve_links};

    #[test]
    fn optional_columns_are_read_when_present() {
        let plain = parse_products(
            "sku,name,description,unit,unit_price,currency,tax_rate\nA,Alpha,,pcs,1,CNY,13\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            plain[0].product.name_zh, None,
            "an absent column keeps the stored value"
        );
        assert_eq!(plain[0].product.kind, None);

        let text = "sku,name,description,unit,unit_price,currency,tax_rate,name_zh,category,active,bundle_pricing,components,accessories\n\
                    A,Alpha,,pcs,1,CNY,13,甲,Parts,1,,,\n\
                    KIT,Kit,,set,0,CNY,13,套件,Kits,0,sum,A*2;B*1,A\n";
        let rows = parse_products(text.as_bytes()).unwrap();
        assert_eq!(rows[0].product.name_zh.as_deref(), Some("甲"));
        assert_eq!(rows[0].product.components.as_deref(), Some(&[][..]));
        assert_eq!(rows[1].product.active, Some(false));
        assert!(rows[1].product.kind.is_some_and(ProductKind::is_bundle));
        assert_eq!(rows[1].product.components.as_ref().map(Vec::len), Some(2));

        // B is unknown: reported at row 3, column 12 (components).
        let catalog: HashMap<String, CatalogEntry> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let e = CatalogEntry {
                    id: Uuid::from_u128(i as u128 + 1),
                    sku: r.product.sku.clone(),
                    kind: r.product.kind.unwrap_or_default(),
                    components: Vec::new(),
                };
                (e.sku.clone(), e)
            })
            .collect();
        let requests: Vec<LinkRequest> = rows
            .iter()
            .map(|r| LinkRequest {
                row: r.row,
                sku: r.product.sku.clone(),
                kind: r.product.kind.unwrap_or_default(),
                components: r.product.components.clone(),
                accessories: r.product.accessories.clone(),
            })
            .collect();
        let problems = resolve_links(&requests, &catalog).unwrap_err();
        let problems: Vec<String> = link_row_problems(&rows, problems)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems, ["row 3, column 12 (components): unknown SKU B"]);

        let bad = parse_products(
            "sku,name,description,unit,unit_price,currency,tax_rate,components\nKIT,Kit,,set,0,CNY,13,A*0\n"
                .as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            bad[0].to_string(),
            "row 2, column 8 (components): the quantity of A (\"0\") is not valid: must be greater than zero"
        );
    }

    #[test]
    fn export_rows_name_linked_products_by_sku() {
        let id = |n| Uuid::from_u128(n);
        let p = Product {
            id: id(3),
            sku: "KIT".into(),
            name: "Kit".into(),
            description: String::new(),
            unit: "set".into(),
            unit_price: "0.00".into(),
            currency: crate::Currency::CNY,
            tax_rate: "13".into(),
            name_zh: "套件".into(),
            description_zh: String::new(),
            category: "Kits".into(),
            active: true,
            bundle_pricing: "sum".into(),
            components: vec![crate::catalog::BundleComponent {
                product_id: id(1),
                quantity: "2".into(),
            }],
            accessories: vec![id(2)],
        };
        let skus = HashMap::from([(id(1), "A".to_string()), (id(2), "B".to_string())]);
        let record = product_record(&p, &skus);
        assert_eq!(record.len(), all_product_columns().count());
        assert_eq!(&record[7..], ["套件", "", "Kits", "1", "sum", "A*2", "B"]);
    }
}
