use tauri::State;
use tauri_plugin_opener::OpenerExt;
use uuid::Uuid;

use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::quote::QuoteDiff;
use fieldquote_domain::quote::{
    QuoteDraft, QuoteFilter, QuoteSort, QuoteSummary, QuoteView, RepricingView,
};
use fieldquote_service::pdf::{self, PdfFile};
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

/// One window of the quote list, with the count of every quote the filter keeps.
#[tauri::command]
#[specta::specta]
pub async fn quote_list(
    state: State<'_, AppState>,
    query: ListQuery<QuoteFilter, QuoteSort>,
) -> CmdResult<Page<QuoteSummary>> {
    Ok(state.store.list_quotes_page(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn quote_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<QuoteView> {
    Ok(state.store.get_quote(id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn quote_preview(state: State<'_, AppState>, draft: QuoteDraft) -> CmdResult<QuoteView> {
    Ok(state.store.preview_quote(&draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn quote_save(state: State<'_, AppState>, draft: QuoteDraft) -> CmdResult<QuoteView> {
    Ok(state.store.save_quote(&draft, Origin::Ui).await?)
}

/// Mark a quote as sent to the client (refused while a discount over the limit waits for approval).
#[tauri::command]
#[specta::specta]
pub async fn quote_send(state: State<'_, AppState>, id: Uuid) -> CmdResult<QuoteView> {
    Ok(state.store.send_quote(id, Origin::Ui).await?)
}

/// A new draft revision of a sent (or rejected, or expired) quote; the old one is superseded.
#[tauri::command]
#[specta::specta]
pub async fn quote_revise(state: State<'_, AppState>, id: Uuid) -> CmdResult<QuoteView> {
    Ok(state.store.revise_quote(id, Origin::Ui).await?)
}

/// Which lines of a quote that can still change would get another price from today's price lists (empty
/// when none would, or when the quote can no longer change).
#[tauri::command]
#[specta::specta]
pub async fn quote_repricing(state: State<'_, AppState>, id: Uuid) -> CmdResult<RepricingView> {
    Ok(state.store.repricing(id).await?)
}

/// "Keep current prices": stop offering today's prices for this quote (and its later revisions) until the
/// price lists change again.
#[tauri::command]
#[specta::specta]
pub async fn quote_keep_prices(state: State<'_, AppState>, id: Uuid) -> CmdResult<RepricingView> {
    Ok(state.store.keep_current_prices(id).await?)
}

/// Give those lines today's prices (the approval is decided again, as after any edit).
#[tauri::command]
#[specta::specta]
pub async fn quote_reprice(state: State<'_, AppState>, id: Uuid) -> CmdResult<QuoteView> {
    Ok(state.store.reprice_quote(id, Origin::Ui).await?)
}

/// What a revision changed from the quote it revises: lines added, removed or changed, totals before and after.
#[tauri::command]
#[specta::specta]
pub async fn quote_diff(state: State<'_, AppState>, id: Uuid) -> CmdResult<QuoteDiff> {
    Ok(state.store.diff_quote(id).await?)
}

/// Write a quote's PDF into the app's PDF folder, labelled in `lang` when one is picked for this print, else
/// in the quote's own language, else the device's setting, else `app_language` (the language the app is in).
#[tauri::command]
#[specta::specta]
pub async fn quote_pdf(
    state: State<'_, AppState>,
    id: Uuid,
    lang: Option<PdfLanguage>,
    app_language: PdfLanguage,
) -> CmdResult<PdfFile> {
    let quote = state.store.get_quote(id).await?;
    let path = state.pdf_dir().join(pdf::file_name(&quote));
    Ok(pdf::write_quote_pdf(&state.store, quote, lang, app_language, &path).await?)
}

/// Open a file this app wrote (a PDF) in the system's viewer.
#[tauri::command]
#[specta::specta]
pub fn open_path(app: tauri::AppHandle, state: State<'_, AppState>, path: String) -> CmdResult<()> {
    let path = std::path::PathBuf::from(path);
    // Only files under our own PDF folder: the page cannot ask to open anything else.
    if !path.starts_with(state.pdf_dir()) || !path.is_file() {
        return Err(AppError::new(
            AppErrorCode::NotFound,
            format!("no such PDF: {}", path.display()),
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                AppErrorCode::Io,
                format!("cannot open {}: {e}", path.display()),
            )
        })
}
