//! Settings of this device shown on the Settings screen: the logo and the default language of quote PDFs.

use base64::Engine as _;
use tauri::State;

use fieldquote_domain::document::PdfLanguage;
use fieldquote_pdf::Logo;
use fieldquote_service::settings::{self, PdfSettings};

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

#[tauri::command]
#[specta::specta]
pub async fn settings_pdf(state: State<'_, AppState>) -> CmdResult<PdfSettings> {
    Ok(settings::pdf_settings(&state.store).await?)
}

/// The default language of quote PDFs (`null`: "auto", the app's language).
#[tauri::command]
#[specta::specta]
pub async fn settings_set_pdf_language(
    state: State<'_, AppState>,
    language: Option<PdfLanguage>,
) -> CmdResult<PdfSettings> {
    state.store.set_pdf_language(language).await?;
    Ok(settings::pdf_settings(&state.store).await?)
}

/// Keep a PNG or JPEG file (its bytes in base64) as the logo. An unusable file changes nothing and says why.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_logo(
    state: State<'_, AppState>,
    base64: String,
) -> CmdResult<PdfSettings> {
    // Base64 is 4/3 of the bytes: anything longer is over the limit before decoding it.
    if base64.len() > Logo::MAX_BYTES / 3 * 4 + 8 {
        return Err(AppError::new(
            AppErrorCode::Validation,
            format!(
                "the logo cannot be used: a logo may be at most {} KB",
                Logo::MAX_BYTES / 1024
            ),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64.trim())
        .map_err(|e| AppError::new(AppErrorCode::Validation, format!("not base64: {e}")))?;
    settings::set_logo(&state.store, &bytes).await?;
    Ok(settings::pdf_settings(&state.store).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_remove_logo(state: State<'_, AppState>) -> CmdResult<PdfSettings> {
    settings::remove_logo(&state.store).await?;
    Ok(settings::pdf_settings(&state.store).await?)
}
