//! The Fieldquote desktop shell: builds the Tauri app, opens the local database, and registers the commands.
//! Everything the commands do lives in the crates under `crates/` (the use cases `fq` offers too in
//! `fieldquote-service`); this is only the adapter: `commands/<area>.rs` parse, delegate and map errors into
//! [`error::AppError`], and the types they return are the lower crates' own (they derive `specta::Type`), from
//! which `ui/src/lib/bindings.ts` is generated.

pub mod commands;
pub mod error;

use std::path::{Path, PathBuf};

use fieldquote_store::{Store, default_data_dir};

/// Event sent to the page whenever the sync status may have changed (progress, a sync done, an error).
pub const SYNC_CHANGED_EVENT: &str = "sync-changed";

/// State shared by every command.
pub struct AppState {
    pub store: Store,
    pub data_dir: PathBuf,
}

impl AppState {
    /// Where quote PDFs are written.
    pub fn pdf_dir(&self) -> PathBuf {
        self.data_dir.join("pdf")
    }
}

/// The commands and types the UI can call, from which `ui/src/lib/bindings.ts` is generated.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    use commands::{app, approvals, catalog, customers, quotes, search, settings, sync};
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        // Every error code, for the UI to recognise an `AppError` at run time.
        .constant("APP_ERROR_CODES", error::AppErrorCode::ALL)
        .commands(tauri_specta::collect_commands![
            app::app_info,
            app::company_get,
            customers::customer_list,
            customers::customer_get,
            customers::customer_create,
            customers::customer_update,
            customers::price_list_list,
            customers::customer_price_list,
            customers::customer_set_price_list,
            catalog::product_list,
            catalog::quote_lines_for_product,
            catalog::product_accessories,
            quotes::quote_list,
            quotes::quote_get,
            quotes::quote_preview,
            quotes::quote_save,
            quotes::quote_send,
            quotes::quote_revise,
            quotes::quote_diff,
            quotes::quote_repricing,
            quotes::quote_reprice,
            quotes::quote_keep_prices,
            quotes::quote_pdf,
            quotes::open_path,
            search::search,
            settings::settings_pdf,
            settings::settings_set_pdf_language,
            settings::settings_set_logo,
            settings::settings_remove_logo,
            approvals::approvals_list,
            approvals::quote_decide_approval,
            approvals::quote_approve_on_the_spot,
            sync::sync_status,
            sync::sync_sign_in,
            sync::sync_sign_out,
            sync::sync_now,
            sync::sync_conflicts,
            sync::sync_resolve,
        ])
}

/// Write the TypeScript bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    specta_builder()
        .export(
            specta_typescript::Typescript::default().header(
                "// Generated from the Rust commands by `cargo test -p fieldquote`. Do not edit.\n",
            ),
            path,
        )
        .map_err(|e| e.to_string())
}

/// The data directory: `--data-dir DIR` (or `--data-dir=DIR`), else `$FIELDQUOTE_DATA_DIR`, else the
/// per-user default shared with `fq`.
pub fn data_dir_from_args(args: impl IntoIterator<Item = String>) -> PathBuf {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return PathBuf::from(dir);
        }
    }
    default_data_dir()
}

/// Start the app; returns when its window closes.
pub fn run() -> Result<(), String> {
    let data_dir = data_dir_from_args(std::env::args().skip(1));
    let store = tauri::async_runtime::block_on(Store::open(&data_dir)).map_err(|e| {
        format!(
            "Fieldquote cannot open its database in {}: {e}",
            data_dir.display()
        )
    })?;
    let builder = specta_builder();
    let sync_store = store.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            use tauri::{Emitter, Manager};
            let handle = app.handle().clone();
            let agent = fieldquote_sync::agent::Agent::new(sync_store, move || {
                // The Sync screen listens and asks for the new status.
                let _ = handle.emit(SYNC_CHANGED_EVENT, ());
            });
            app.manage(agent.clone());
            tauri::async_runtime::spawn(agent.run());
            Ok(())
        })
        .manage(AppState { store, data_dir })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!("tauri.conf.json"))
        .map_err(|e| format!("Fieldquote stopped with an error: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_flag_wins() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            data_dir_from_args(args(&["--data-dir", "/tmp/x"])),
            PathBuf::from("/tmp/x")
        );
        assert_eq!(
            data_dir_from_args(args(&["--data-dir=/tmp/y"])),
            PathBuf::from("/tmp/y")
        );
    }

    /// The committed bindings match the commands. Run with FQ_WRITE_BINDINGS=1 to regenerate them.
    #[test]
    fn typescript_bindings_are_current() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
        if std::env::var_os("FQ_WRITE_BINDINGS").is_some() {
            export_bindings(&committed).expect("write bindings");
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).expect("export bindings");
        let fresh = std::fs::read_to_string(fresh).expect("read fresh bindings");
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == current,
            "ui/src/lib/bindings.ts is out of date: run `FQ_WRITE_BINDINGS=1 cargo test -p fieldquote typescript_bindings`"
        );
    }
}
