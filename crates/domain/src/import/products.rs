//! The product catalog file: `sku,name,description,unit,unit_price,currency,tax_rate`, then optionally
//! `name_zh,description_zh,category,active,bundle_pricing,components,accessories`; reading it and writing it.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use uuid::Uuid;

use super::RowProblem;
use super::rows::{field_message, next_row, problem, read_header};
use crate::catalog::{LinkProblem, Product, ProductInput, ValidProduct, format_component_list};

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

/// Read and check a product file (`sku,name,description,unit,unit_price,currency,tax_rate`, UTF-8,
/// comma-separated, a header row first). Returns every valid row, or every problem.
pub fn parse_products(input: impl Read) -> Result<Vec<ProductRow>, Vec<RowProblem>> {
    let (header, index, mut problems, mut records) =
        read_header(input, &PRODUCT_COLUMNS, &OPTIONAL_PRODUCT_COLUMNS)?;
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
    while let Some((row, record)) = next_row(&mut records, header.len(), &mut problems) {
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
#[path = "products_tests.rs"]
mod tests;
