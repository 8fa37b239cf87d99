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
    use commands::{
        accounts, activities, app, approvals, buying_process, catalog, contacts, feedback, import,
        needs, opportunities, proposals, quotes, search, settings, sync, workstreams,
    };
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        // Every error code, for the UI to recognise an `AppError` at run time.
        .constant("APP_ERROR_CODES", error::AppErrorCode::ALL)
        .commands(tauri_specta::collect_commands![
            app::app_info,
            app::company_get,
            accounts::account_list,
            accounts::account_get,
            accounts::account_page,
            accounts::account_create,
            accounts::account_update,
            accounts::account_delete,
            accounts::account_share,
            accounts::account_unshare,
            accounts::colleague_list,
            accounts::price_list_list,
            accounts::account_price_list,
            accounts::account_set_price_list,
            contacts::contact_list,
            contacts::contact_get,
            contacts::contact_create,
            contacts::contact_update,
            contacts::contact_delete,
            buying_process::buying_process_get,
            buying_process::buying_process_start,
            buying_process::buying_step_add,
            buying_process::buying_step_update,
            buying_process::buying_step_delete,
            opportunities::opportunity_list,
            opportunities::opportunity_get,
            opportunities::opportunity_page,
            opportunities::opportunity_create,
            opportunities::opportunity_update,
            opportunities::opportunity_delete,
            opportunities::opportunity_move_stage,
            opportunities::quote_mark_outcome,
            opportunities::opportunity_save_quote,
            opportunities::opportunity_add_member,
            opportunities::opportunity_remove_member,
            workstreams::workstream_list,
            workstreams::workstream_create,
            workstreams::workstream_update,
            workstreams::workstream_delete,
            workstreams::workstream_item_add,
            workstreams::workstream_item_update,
            workstreams::workstream_item_delete,
            needs::needs_get,
            needs::needs_save,
            needs::requirement_add,
            needs::requirement_update,
            needs::requirement_delete,
            activities::activity_list,
            activities::activity_get,
            activities::activity_log,
            activities::activity_check_in,
            activities::activity_check_in_planned,
            activities::activity_check_out,
            activities::activity_correct_times,
            activities::activity_update,
            activities::activity_next_step_done,
            activities::activity_delete,
            activities::agenda_get,
            feedback::feedback_list,
            feedback::feedback_get,
            feedback::feedback_add,
            feedback::feedback_update,
            feedback::feedback_act,
            feedback::feedback_delete,
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
            proposals::proposal_list,
            proposals::proposal_get,
            proposals::proposal_create,
            proposals::proposal_update,
            proposals::proposal_add_block,
            proposals::proposal_delete,
            proposals::proposal_send,
            proposals::proposal_revise,
            proposals::proposal_pdf,
            proposals::proposal_save_pdf,
            proposals::proposal_acceptance,
            proposals::proposal_sign,
            proposals::proposal_add_image,
            proposals::proposal_image,
            proposals::content_list,
            proposals::content_get,
            proposals::content_save,
            proposals::content_delete,
            search::search,
            settings::settings_view,
            settings::settings_set_company,
            settings::settings_set_discount_limit,
            settings::settings_set_exchange_rate,
            settings::settings_remove_exchange_rate,
            settings::settings_set_manager_pin,
            settings::settings_set_my_contact,
            settings::settings_pdf,
            settings::settings_set_pdf_language,
            settings::settings_set_logo,
            settings::settings_remove_logo,
            import::import_products,
            import::import_price_lists,
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
