//! `fq price-list list`, `fq import pricelist` and `fq export pricelist`: price lists.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use fieldquote_domain::import::{self, PriceListFile};
use fieldquote_service::import as service_import;
use fieldquote_store::{Origin, Store};

use crate::args::PriceListCmd;
use crate::print::{print_list, report_import};

pub async fn run(store: &Store, cmd: PriceListCmd) -> Result<()> {
    let PriceListCmd::List { format } = cmd;
    let lists = store.list_price_lists().await?;
    print_list(
        format,
        lists,
        &[
            "NAME",
            "VERSION",
            "CURRENCY",
            "TAX",
            "VALID",
            "DEFAULT",
            "PRICES",
            "CUSTOMERS",
        ],
        |l| {
            vec![
                l.name,
                l.version.to_string(),
                l.currency.to_string(),
                if l.tax_inclusive { "incl." } else { "excl." }.to_string(),
                format!("{} .. {}", l.valid_from, l.valid_until),
                if l.is_default { "yes" } else { "" }.to_string(),
                l.entries.to_string(),
                l.customers.to_string(),
            ]
        },
    )
}

/// Read and check a price-list file; every problem is in the error.
pub fn read(file: &Path) -> Result<PriceListFile> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot open {}", file.display()))?;
    service_import::read_price_lists(&bytes, &service_import::silent)
        .with_context(|| file.display().to_string())
}

/// `fq import pricelist`, with the lists [`read`] before the database was opened.
pub async fn import(store: &Store, file: &Path, lists: &PriceListFile) -> Result<()> {
    let r = service_import::import_price_list_file(
        store,
        lists,
        Origin::Import,
        &service_import::silent,
    )
    .await
    .with_context(|| file.display().to_string())?;
    let what = format!("{} price lists ({} prices)", r.lists, r.entries);
    report_import(&what, file, r.created, r.updated, r.unchanged);
    Ok(())
}

/// `fq export pricelist`: the format `fq import pricelist` and the server's import read.
pub async fn export(store: &Store, out: Option<PathBuf>) -> Result<()> {
    let lists = store.export_price_lists().await?;
    let text = import::write_price_lists(&lists);
    match &out {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!(
                "Exported {} price lists ({} prices) to {}.",
                lists.len(),
                lists.iter().map(|l| l.entries.len()).sum::<usize>(),
                path.display()
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
