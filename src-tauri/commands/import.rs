//! Importing the catalog and price lists on a standalone laptop (Settings): the page sends the file's bytes
//! (base64), the service checks the whole file before writing anything, and progress comes back on a channel.
//! A refused file answers `invalid_file` with every problem by row and column.

use tauri::State;
use tauri::ipc::Channel;

use fieldquote_domain::import::{PriceListImportReport, ProductImportReport};
use fieldquote_service::import::{self, ImportProgress, MAX_FILE_BYTES};
use fieldquote_store::Origin;

use super::CmdResult;
use super::settings::decode_file;
use crate::AppState;

/// Import a catalog file (`sku,name,description,unit,unit_price,currency,tax_rate`, then the optional columns).
#[tauri::command]
#[specta::specta]
pub async fn import_products(
    state: State<'_, AppState>,
    base64: String,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ProductImportReport> {
    let bytes = decode_file(&base64, MAX_FILE_BYTES, "file")?;
    let progress = |p: ImportProgress| {
        // A page that went away stops listening; the import goes on.
        let _ = on_progress.send(p);
    };
    Ok(import::import_products(&state.store, &bytes, Origin::Import, &progress).await?)
}

/// Import a price-list file (`price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,
/// unit_price`).
#[tauri::command]
#[specta::specta]
pub async fn import_price_lists(
    state: State<'_, AppState>,
    base64: String,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<PriceListImportReport> {
    let bytes = decode_file(&base64, MAX_FILE_BYTES, "file")?;
    let progress = |p: ImportProgress| {
        let _ = on_progress.send(p);
    };
    Ok(import::import_price_lists(&state.store, &bytes, Origin::Import, &progress).await?)
}
