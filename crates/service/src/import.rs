//! Importing the catalog and price lists from CSV files on a standalone laptop, as `fq import` and the app's
//! Settings do: the file is read and checked whole first (every problem by row and column), then written in
//! one transaction; a file with any problem writes nothing. Once the laptop is connected to a server both are
//! the server's and the import is refused ([`fieldquote_domain::Refusal::ServerOwned`]).

use std::io::Read;

use serde::Serialize;

use fieldquote_domain::DomainError;
use fieldquote_domain::import::{
    self, PriceListFile, PriceListImportReport, ProductImportReport, ProductRow, RowProblem,
};
use fieldquote_store::{Origin, Store, StoreError};

use crate::ServiceError;

/// The largest file the app sends over (`fq` reads files of any size).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum ImportProgress {
    /// Reading and checking the file: `read` of its `total` bytes.
    Checking { read: u32, total: u32 },
    /// Writing its checked rows (one transaction): `written` of `rows`.
    Writing { written: u32, rows: u32 },
}

/// Where progress goes (nowhere, for `fq`).
pub trait Progress: Sync {
    fn report(&self, progress: ImportProgress);
}

impl<F: Fn(ImportProgress) + Sync> Progress for F {
    fn report(&self, progress: ImportProgress) {
        self(progress)
    }
}

/// No progress to show.
pub fn silent(_: ImportProgress) {}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A reader over the file's bytes that says how far it got, every 256 KB and at the end.
struct Counting<'a> {
    bytes: &'a [u8],
    at: usize,
    reported: usize,
    progress: &'a dyn Progress,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (&self.bytes[self.at..]).read(buf)?;
        self.at += n;
        if self.at - self.reported >= 256 * 1024 || (n == 0 && self.reported < self.at) {
            self.reported = self.at;
            self.progress.report(ImportProgress::Checking {
                read: count(self.at),
                total: count(self.bytes.len()),
            });
        }
        Ok(n)
    }
}

fn counting<'a>(bytes: &'a [u8], progress: &'a dyn Progress) -> Counting<'a> {
    progress.report(ImportProgress::Checking {
        read: 0,
        total: count(bytes.len()),
    });
    Counting {
        bytes,
        at: 0,
        reported: 0,
        progress,
    }
}

/// The problems of a file the store refused by row (unknown SKUs, bundle links), as [`ServiceError::InvalidFile`].
fn by_row(e: StoreError) -> ServiceError {
    match e {
        StoreError::InvalidRows(problems)
        | StoreError::Domain(DomainError::InvalidRows(problems)) => {
            ServiceError::InvalidFile(problems)
        }
        other => other.into(),
    }
}

/// Read and check a catalog file (`sku,name,description,unit,unit_price,currency,tax_rate`, then the optional
/// columns): every problem is in [`ServiceError::InvalidFile`].
pub fn read_products(
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<Vec<ProductRow>, ServiceError> {
    import::parse_products(counting(bytes, progress)).map_err(ServiceError::InvalidFile)
}

/// Write checked catalog rows: products are matched by SKU, updated or created; components and accessories
/// that name no product refuse the whole file ([`ServiceError::InvalidFile`]).
pub async fn import_product_rows(
    store: &Store,
    rows: &[ProductRow],
    origin: Origin,
    progress: &dyn Progress,
) -> Result<ProductImportReport, ServiceError> {
    let written = writing(progress, rows.len());
    store
        .import_products_reporting(rows, origin, &written)
        .await
        .map_err(by_row)
}

/// Import a catalog file: [`read_products`], then [`import_product_rows`].
pub async fn import_products(
    store: &Store,
    bytes: &[u8],
    origin: Origin,
    progress: &dyn Progress,
) -> Result<ProductImportReport, ServiceError> {
    let rows = read_products(bytes, progress)?;
    import_product_rows(store, &rows, origin, progress).await
}

/// Read and check a price-list file
/// (`price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price`): every problem is
/// in [`ServiceError::InvalidFile`].
pub fn read_price_lists(
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<PriceListFile, ServiceError> {
    import::parse_price_lists(counting(bytes, progress)).map_err(ServiceError::InvalidFile)
}

/// Write checked price lists: a list whose name exists gets the file's prices and a new version; every SKU
/// must be in the catalog ([`ServiceError::InvalidFile`] names the rows that are not).
pub async fn import_price_list_file(
    store: &Store,
    lists: &PriceListFile,
    origin: Origin,
    progress: &dyn Progress,
) -> Result<PriceListImportReport, ServiceError> {
    let written = writing(progress, lists.entry_count());
    store
        .import_price_lists_reporting(lists, origin, &written)
        .await
        .map_err(by_row)
}

/// Import a price-list file: [`read_price_lists`], then [`import_price_list_file`].
pub async fn import_price_lists(
    store: &Store,
    bytes: &[u8],
    origin: Origin,
    progress: &dyn Progress,
) -> Result<PriceListImportReport, ServiceError> {
    let lists = read_price_lists(bytes, progress)?;
    import_price_list_file(store, &lists, origin, progress).await
}

/// Say that writing `rows` rows begins, and give what says how many are written so far.
fn writing(progress: &dyn Progress, rows: usize) -> impl Fn(usize) + '_ {
    let total = count(rows);
    progress.report(ImportProgress::Writing {
        written: 0,
        rows: total,
    });
    move |n| {
        progress.report(ImportProgress::Writing {
            written: count(n),
            rows: total,
        })
    }
}

/// The problems of a refused file, for a front door that lists them.
pub fn problems(e: &ServiceError) -> Option<&[RowProblem]> {
    match e {
        ServiceError::InvalidFile(p) => Some(p),
        _ => None,
    }
}
