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

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use uuid::Uuid;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::FieldError;
use crate::catalog::{LinkProblem, format_component_list};
use crate::model::{Product, ProductInput, ValidProduct};
use crate::money::{Currency, Money};
use crate::validation::Quantity;

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

/// A problem at `row` (and `column`: its 1-based number and name).
fn problem(row: u64, column: Option<(usize, String)>, message: String) -> RowProblem {
    RowProblem {
        row,
        column,
        message,
    }
}

/// The next record as wide as the header, with its row number (the header is row 1). A record the CSV reader
/// cannot read, or of another width, is reported in `problems` and skipped; `None` at the end of the file, or
/// after a read error, which ends the reading.
fn next_row<R: Read>(
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
fn read_header<R: Read>(
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

/// Columns of a price-list file, in the documented order (any order is accepted).
pub const PRICE_LIST_COLUMNS: [&str; 9] = [
    "price_list",
    "currency",
    "tax_inclusive",
    "valid_from",
    "valid_until",
    "default",
    "sku",
    "min_qty",
    "unit_price",
];

/// One price (a quantity tier) of a list, and the row it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceListEntryRow {
    pub row: u64,
    pub sku: String,
    /// From this quantity on (inclusive); 0 for a single price.
    pub min_qty: Decimal,
    pub unit_price: Money,
}

/// A price list as read from a file: its header fields (equal on all its rows) and its tiers, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceListRows {
    /// The first row of the list.
    pub row: u64,
    pub name: String,
    pub currency: Currency,
    pub tax_inclusive: bool,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub is_default: bool,
    pub entries: Vec<PriceListEntryRow>,
}

/// A checked price-list file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceListFile {
    pub lists: Vec<PriceListRows>,
    /// Where the `sku` column is (1-based number and name), for problems found later (an unknown SKU).
    pub sku_column: (usize, String),
}

impl PriceListFile {
    /// Tiers in the file.
    pub fn entry_count(&self) -> usize {
        self.lists.iter().map(|l| l.entries.len()).sum()
    }

    /// A problem at each price whose SKU the catalog does not have (`known` says which it has).
    pub fn unknown_skus(&self, known: impl Fn(&str) -> bool) -> Vec<RowProblem> {
        self.lists
            .iter()
            .flat_map(|l| &l.entries)
            .filter(|e| !known(&e.sku))
            .map(|e| RowProblem {
                row: e.row,
                column: Some(self.sku_column.clone()),
                message: format!(
                    "unknown SKU {}: it is not in the catalog (import the product first)",
                    e.sku
                ),
            })
            .collect()
    }
}

/// `yes`/`no` as written in a file: `1`/`0`, `true`/`false`, `yes`/`no`, `y`/`n`, `是`/`否`; empty is no.
fn parse_flag(input: &str) -> Option<bool> {
    match input.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" | "否" => Some(false),
        "1" | "true" | "yes" | "y" | "是" => Some(true),
        _ => None,
    }
}

/// The header fields of a list as one row gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ListHeader {
    currency: Currency,
    tax_inclusive: bool,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    is_default: bool,
}

/// Read and check a price-list file (UTF-8 CSV, a header row first):
///
/// ```text
/// price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price
/// 华东机电 2026,CNY,yes,2026-01-01,2026-12-31,no,PLC-S7-1200,0,3500.00
/// 华东机电 2026,CNY,yes,2026-01-01,2026-12-31,no,PLC-S7-1200,10,3300.00
/// Standard USD,USD,no,2026-01-01,,yes,PLC-S7-1200,0,520.00
/// ```
///
/// One row per quantity tier. A file may hold several lists; a list's rows need not be together, but its
/// header fields (`currency`, `tax_inclusive`, `valid_from`, `valid_until`, `default`) must be the same on
/// all of them. `tax_inclusive` and `default` are `yes`/`no` (also `1`/`0`, `true`/`false`, `是`/`否`; empty
/// is no); `valid_until` may be empty (no end); `min_qty` may be empty (0: the price from any quantity), has
/// at most three decimals, and appears once per list and SKU; `unit_price` is in the list's currency, with
/// no more decimals than it has. At most one list of a file is the default.
///
/// Returns the lists, or every problem by row and column. Whether each SKU exists is for the caller to check
/// (against its catalog), reporting at [`PriceListFile::sku_column`].
pub fn parse_price_lists(input: impl Read) -> Result<PriceListFile, Vec<RowProblem>> {
    let (header, index, mut problems, mut records) = read_header(input, &PRICE_LIST_COLUMNS, &[])?;
    let column_of = |name: &str| {
        PRICE_LIST_COLUMNS
            .iter()
            .find(|c| **c == name)
            .and_then(|c| index.get(c).map(|&i| (i + 1, (*c).to_string())))
    };
    let mut lists: Vec<PriceListRows> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    // (list, sku, min_qty) → row
    let mut tiers: HashMap<(usize, String, Decimal), u64> = HashMap::new();
    while let Some((row, record)) = next_row(&mut records, header.len(), &mut problems) {
        // A missing column was reported once, in the header; its cells are not.
        let cell = |c: &str| index.get(c).and_then(|&i| record.get(i));
        let mut bad = |c: &str, message: String| {
            if let Some(col) = column_of(c) {
                problems.push(problem(row, Some(col), message));
            }
        };
        let name = match cell("price_list")
            .map(|s| crate::validation::text("price_list", s, crate::validation::MAX_NAME, true))
        {
            Some(Ok(n)) => Some(n),
            Some(Err(e)) => {
                bad("price_list", field_message(&e));
                None
            }
            None => None,
        };
        let currency =
            match cell("currency").map(|s| crate::validation::currency("currency", s.trim())) {
                Some(Ok(c)) => Some(c),
                Some(Err(_)) => {
                    bad(
                        "currency",
                        format!(
                            "unknown currency `{}`: use an ISO 4217 code such as CNY, USD or EUR",
                            cell("currency").unwrap_or_default().trim()
                        ),
                    );
                    None
                }
                None => None,
            };
        let mut flag = |c: &str| match cell(c).map(|s| (s, parse_flag(s))) {
            Some((_, Some(v))) => Some(v),
            Some((raw, None)) => {
                bad(c, format!("`{raw}` is not yes or no"));
                None
            }
            None => None,
        };
        let tax_inclusive = flag("tax_inclusive");
        let is_default = flag("default");
        let valid_from = match cell("valid_from").map(|s| crate::model::parse_date("valid_from", s))
        {
            Some(Ok(Some(d))) => Some(d),
            Some(Ok(None)) => {
                bad(
                    "valid_from",
                    "required: the first day the list applies (YYYY-MM-DD)".into(),
                );
                None
            }
            Some(Err(e)) => {
                bad("valid_from", field_message(&e));
                None
            }
            None => None,
        };
        let valid_until =
            match cell("valid_until").map(|s| crate::model::parse_date("valid_until", s)) {
                Some(Ok(d)) => Some(d),
                Some(Err(e)) => {
                    bad("valid_until", field_message(&e));
                    None
                }
                None => None,
            };
        if let (Some(from), Some(Some(until))) = (valid_from, valid_until)
            && until < from
        {
            bad(
                "valid_until",
                format!("{until} is before valid_from {from}"),
            );
        }
        let sku = match cell("sku").map(str::trim) {
            Some("") => {
                bad("sku", "required".into());
                None
            }
            Some(s) => Some(s.to_string()),
            None => None,
        };
        let min_qty = match cell("min_qty").map(str::trim) {
            Some("") => Some(Decimal::ZERO),
            Some(s) => match crate::validation::decimal("min_qty", s, Quantity::MAX_DP) {
                Ok(d) if d < Decimal::ZERO => {
                    bad("min_qty", "must not be negative".into());
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    bad("min_qty", field_message(&e));
                    None
                }
            },
            None => None,
        };
        let unit_price = match (cell("unit_price"), currency) {
            (Some(s), Some(c)) => match crate::validation::price("unit_price", s, c) {
                Ok(p) => Some(p),
                Err(e) => {
                    bad("unit_price", field_message(&e));
                    None
                }
            },
            _ => None,
        };
        let (
            Some(name),
            Some(currency),
            Some(tax_inclusive),
            Some(valid_from),
            Some(valid_until),
            Some(is_default),
        ) = (
            name,
            currency,
            tax_inclusive,
            valid_from,
            valid_until,
            is_default,
        )
        else {
            continue;
        };
        if valid_until.is_some_and(|u| u < valid_from) {
            continue;
        }
        let this = ListHeader {
            currency,
            tax_inclusive,
            valid_from,
            valid_until,
            is_default,
        };
        let at = match by_name.get(&name) {
            Some(&at) => {
                let first = &lists[at];
                let theirs = ListHeader {
                    currency: first.currency,
                    tax_inclusive: first.tax_inclusive,
                    valid_from: first.valid_from,
                    valid_until: first.valid_until,
                    is_default: first.is_default,
                };
                if theirs != this {
                    let shown =
                        |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
                    let yes = |b: bool| if b { "yes" } else { "no" };
                    for (c, mine, first_value) in [
                        (
                            "currency",
                            this.currency.to_string(),
                            theirs.currency.to_string(),
                        ),
                        (
                            "tax_inclusive",
                            yes(this.tax_inclusive).to_string(),
                            yes(theirs.tax_inclusive).to_string(),
                        ),
                        (
                            "valid_from",
                            this.valid_from.to_string(),
                            theirs.valid_from.to_string(),
                        ),
                        (
                            "valid_until",
                            shown(this.valid_until),
                            shown(theirs.valid_until),
                        ),
                        (
                            "default",
                            yes(this.is_default).to_string(),
                            yes(theirs.is_default).to_string(),
                        ),
                    ] {
                        if mine != first_value {
                            bad(
                                c,
                                format!(
                                    "price list {name} has {c} `{first_value}` on row {}, `{mine}` here: a list's {c} must be the same on all its rows",
                                    first.row
                                ),
                            );
                        }
                    }
                    continue;
                }
                at
            }
            None => {
                if is_default && let Some(other) = lists.iter().find(|l| l.is_default) {
                    bad(
                        "default",
                        format!(
                            "price list {} on row {} is already the default: only one list can be",
                            other.name, other.row
                        ),
                    );
                    continue;
                }
                by_name.insert(name.clone(), lists.len());
                lists.push(PriceListRows {
                    row,
                    name: name.clone(),
                    currency,
                    tax_inclusive,
                    valid_from,
                    valid_until,
                    is_default,
                    entries: Vec::new(),
                });
                lists.len() - 1
            }
        };
        let (Some(sku), Some(min_qty), Some(unit_price)) = (sku, min_qty, unit_price) else {
            continue;
        };
        match tiers.get(&(at, sku.clone(), min_qty)) {
            Some(first) => bad(
                "min_qty",
                format!(
                    "price list {name} already has a price for {sku} from quantity {min_qty} on row {first}"
                ),
            ),
            None => {
                tiers.insert((at, sku.clone(), min_qty), row);
                lists[at].entries.push(PriceListEntryRow {
                    row,
                    sku,
                    min_qty,
                    unit_price,
                });
            }
        }
    }
    if problems.is_empty() && lists.is_empty() {
        problems.push(problem(
            1,
            None,
            "the file has a header but no prices".into(),
        ));
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            (a.row, a.column.as_ref().map(|c| c.0)).cmp(&(b.row, b.column.as_ref().map(|c| c.0)))
        });
        return Err(problems);
    }
    Ok(PriceListFile {
        lists,
        sku_column: column_of("sku").unwrap_or((7, "sku".into())),
    })
}

/// Write price lists in the format [`parse_price_lists`] reads: one row per tier, lists by name, tiers by SKU
/// and minimum quantity.
pub fn write_price_lists(lists: &[PriceListRows]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let yes = |b: bool| if b { "yes" } else { "no" };
    let _ = out.write_record(PRICE_LIST_COLUMNS);
    let mut sorted: Vec<&PriceListRows> = lists.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for l in sorted {
        let mut entries: Vec<&PriceListEntryRow> = l.entries.iter().collect();
        entries.sort_by(|a, b| (&a.sku, a.min_qty).cmp(&(&b.sku, b.min_qty)));
        for e in entries {
            let _ = out.write_record([
                l.name.as_str(),
                l.currency.code(),
                yes(l.tax_inclusive),
                &l.valid_from.to_string(),
                &l.valid_until.map_or_else(String::new, |d| d.to_string()),
                yes(l.is_default),
                &e.sku,
                &e.min_qty.normalize().to_string(),
                &e.unit_price.amount_string(),
            ]);
        }
    }
    out.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod price_list_tests {
    use super::*;

    const HEADER: &str =
        "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

    fn parse(body: &str) -> Result<PriceListFile, Vec<RowProblem>> {
        parse_price_lists(format!("{HEADER}{body}").as_bytes())
    }

    #[test]
    fn a_good_file_with_two_lists_and_tiers() {
        let f = parse(
            "华东机电 2026,CNY,yes,2026-01-01,2026-12-31,no,PLC-1,0,3500.00\n\
             Standard USD,usd,no,2026-01-01,,yes,PLC-1,,520\n\
             华东机电 2026,CNY,是,2026-01-01,2026-12-31,否,PLC-1,10,3300.00\n",
        )
        .unwrap();
        assert_eq!(f.lists.len(), 2);
        let a = &f.lists[0];
        assert_eq!(
            (a.row, a.currency, a.tax_inclusive, a.is_default),
            (2, Currency::CNY, true, false)
        );
        assert_eq!(a.entries.len(), 2);
        assert_eq!(a.entries[1].min_qty, Decimal::from(10));
        assert_eq!(
            a.entries[1].unit_price,
            Money::from_minor(330_000, Currency::CNY)
        );
        let b = &f.lists[1];
        assert_eq!((b.valid_until, b.is_default), (None, true));
        assert_eq!(b.entries[0].min_qty, Decimal::ZERO);
        assert_eq!(f.sku_column, (7, "sku".to_string()));
        // Written out and read back: the same lists.
        let again = parse_price_lists(write_price_lists(&f.lists).as_bytes()).unwrap();
        let mut names: Vec<_> = f.lists.iter().map(|l| l.name.clone()).collect();
        names.sort();
        assert_eq!(
            again
                .lists
                .iter()
                .map(|l| l.name.clone())
                .collect::<Vec<_>>(),
            names
        );
        assert_eq!(again.entry_count(), 3);
    }

    #[test]
    fn every_problem_is_reported_by_row_and_column() {
        let problems = parse(
            "A,CNY,yes,2026-01-01,,no,PLC-1,0,1.00\n\
             A,USD,yes,2026-01-01,,no,PLC-1,5,1.00\n\
             B,XXX,maybe,2026-13-01,,no,,-1,1.001\n\
             A,CNY,yes,2026-01-01,,no,PLC-1,0,2.00\n\
             C,CNY,no,2026-02-01,2026-01-01,no,X,0,1\n\
             D,CNY,no,2026-01-01,,yes,X,0,1\n\
             E,CNY,no,2026-01-01,,yes,X,0,1\n\
             F,CNY\n",
        )
        .unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let expect = [
            "row 3, column 2 (currency): price list A has currency `CNY` on row 2, `USD` here",
            "row 4, column 2 (currency): unknown currency `XXX`",
            "row 4, column 3 (tax_inclusive): `maybe` is not yes or no",
            "row 4, column 4 (valid_from): not a date",
            "row 4, column 7 (sku): required",
            "row 4, column 8 (min_qty): must not be negative",
            "row 5, column 8 (min_qty): price list A already has a price for PLC-1 from quantity 0 on row 2",
            "row 6, column 5 (valid_until): 2026-01-01 is before valid_from 2026-02-01",
            "row 8, column 6 (default): price list D on row 7 is already the default",
            "row 9: 2 fields, but the header has 9",
        ];
        for e in expect {
            assert!(
                shown.iter().any(|s| s.starts_with(e)),
                "missing {e:?} in {shown:#?}"
            );
        }
        assert_eq!(shown.len(), expect.len(), "{shown:#?}");
    }

    #[test]
    fn header_problems_and_empty_files() {
        let p = parse_price_lists("price_list,currency,sku,bogus\n".as_bytes()).unwrap_err();
        assert!(
            p.iter()
                .any(|p| p.to_string().contains("unknown column `bogus`"))
        );
        assert!(
            p.iter()
                .any(|p| p.to_string().contains("missing column `unit_price`"))
        );
        assert!(
            parse_price_lists("".as_bytes()).unwrap_err()[0]
                .message
                .contains("empty")
        );
        assert!(parse("").unwrap_err()[0].message.contains("no prices"));
        let p = parse_price_lists(&b"price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\nA,CNY,no,2026-01-01,,no,\xff,0,1\n"[..]).unwrap_err();
        assert!(p[0].message.contains("UTF-8"), "{p:?}");
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
