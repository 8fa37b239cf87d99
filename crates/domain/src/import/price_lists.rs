//! The price-list file: one row per quantity tier, several lists per file; reading it and writing it.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::RowProblem;
use super::rows::{field_message, next_row, problem, read_header};
use crate::money::{Currency, Money};
use crate::validation::Quantity;

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
        let valid_from = match cell("valid_from").map(|s| crate::validation::date("valid_from", s))
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
            match cell("valid_until").map(|s| crate::validation::date("valid_until", s)) {
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
#[path = "price_lists_tests.rs"]
mod tests;
