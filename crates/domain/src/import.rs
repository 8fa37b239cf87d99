//! Reading import files: the product catalog as CSV (`sku,name,description,unit,unit_price,currency,tax_rate`,
//! then optionally `name_zh,description_zh,category,active,bundle_pricing,components,accessories`) and price
//! lists ([`parse_price_lists`], one row per quantity tier).
//! Shared by the server's `import products` and a standalone laptop's own import, so both accept exactly the
//! same files and report problems the same way: every problem, by row and column, and no partial result.
//!
//! A file without an optional column leaves that field of existing products as it is. Bundle components
//! and accessories name products by SKU; whether those exist (in the file or the catalog) and whether
//! bundles nest is checked against the catalog by [`crate::catalog::resolve_links`], and its problems are
//! reported like the others ([`link_row_problems`]).

use std::fmt;

use serde::{Deserialize, Serialize};

mod price_lists;
mod products;
mod rows;

pub use price_lists::{
    PRICE_LIST_COLUMNS, PriceListEntryRow, PriceListFile, PriceListRows, parse_price_lists,
    write_price_lists,
};
pub use products::{
    OPTIONAL_PRODUCT_COLUMNS, PRODUCT_COLUMNS, ProductRow, all_product_columns, link_row_problems,
    parse_products, product_record,
};

/// What an import of products did (on a laptop or the server). Counts cross IPC as numbers: files are far
/// smaller than 2³² rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductImportReport {
    /// Product rows in the file.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rows: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub created: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub updated: usize,
    /// Rows equal to the stored product: not written, so devices do not pull them again.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub unchanged: usize,
}

/// What an import of price lists did (on a laptop or the server).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PriceListImportReport {
    /// Lists in the file.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub lists: usize,
    /// Prices (tiers) in the file.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub entries: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub created: usize,
    /// Lists that changed (their version went up).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub updated: usize,
    /// Lists equal to the stored ones: not written, so devices do not pull them again.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub unchanged: usize,
}

/// One problem of an import file. Rows count like a spreadsheet's: the header is row 1. Crosses IPC as
/// `{row, column: [number, name] | null, message}`, for the app to list the problems in a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowProblem {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub row: u64,
    /// 1-based column number and the column's name, when the problem is in one cell.
    #[cfg_attr(feature = "specta", specta(type = Option<(u32, String)>))]
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
