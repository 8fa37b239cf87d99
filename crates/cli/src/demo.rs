//! `fq demo` and `fq info`: the demo data, and where the data lives.

use anyhow::{Context, Result};

use fieldquote_store::{Store, demo};

use crate::args::Format;
use crate::print::print_json;

/// `fq demo`: create or migrate the database and load the demo data (safe to run again).
pub async fn load(store: &Store) -> Result<()> {
    let report = demo::load(store)
        .await
        .context("loading the demo data failed")?;
    println!(
        "Demo data ready in {}: {} products, {} new customers, {} new quotes, {} new proposals.",
        store.path().display(),
        report.products,
        report.customers_created,
        report.quotes_created,
        report.proposals_created
    );
    Ok(())
}

/// `fq info`.
pub async fn info(store: &Store, format: Format) -> Result<()> {
    let device = store.device().await?;
    let (journal, foreign_keys) = store.sqlite_settings().await?;
    let info = serde_json::json!({
        "database": store.path().display().to_string(),
        "journal_mode": journal,
        "foreign_keys": foreign_keys,
        "device_id": device.device_id,
        "quote_prefix": device.quote_prefix,
        "pending_changes": store.pending_changes().await?,
    });
    match format {
        Format::Json => print_json(&info)?,
        Format::Table => {
            println!("Database:        {}", store.path().display());
            println!("Device:          {}", device.device_id);
            println!(
                "Journal mode:    {journal}, foreign keys {}",
                if foreign_keys { "on" } else { "off" }
            );
            println!("Pending changes: {}", store.pending_changes().await?);
        }
    }
    Ok(())
}
