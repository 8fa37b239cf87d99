//! The Settings screen: the company profile with its bank details, the discount limit, exchange rates, the
//! manager PIN, "my contact details", and the PDF settings (logo, default language). Each delegates to the use
//! case `fq settings` calls; those that change something answer with the settings as they now are.

use base64::Engine as _;
use tauri::State;

use fieldquote_domain::company::SellerContact;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_pdf::Logo;
use fieldquote_service::settings::{self, CompanyUpdate, PdfSettings, SettingsView};
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

/// Everything the Settings screen shows but the PDF settings.
#[tauri::command]
#[specta::specta]
pub async fn settings_view(state: State<'_, AppState>) -> CmdResult<SettingsView> {
    Ok(settings::view(&state.store).await?)
}

/// Set the company profile of this standalone laptop (the fields given; the app sends them all). A connected
/// laptop's is the server's: `server_owned`.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_company(
    state: State<'_, AppState>,
    update: CompanyUpdate,
) -> CmdResult<SettingsView> {
    settings::set_company(&state.store, update, Origin::Ui).await?;
    Ok(settings::view(&state.store).await?)
}

/// This laptop's discount limit, in percent as typed.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_discount_limit(
    state: State<'_, AppState>,
    percent: String,
) -> CmdResult<SettingsView> {
    settings::set_discount_limit(&state.store, &percent).await?;
    Ok(settings::view(&state.store).await?)
}

/// Add or change the rate at which one `from` buys `rate` `to`.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_exchange_rate(
    state: State<'_, AppState>,
    from: String,
    to: String,
    rate: String,
) -> CmdResult<SettingsView> {
    settings::set_exchange_rate(&state.store, &from, &to, &rate).await?;
    Ok(settings::view(&state.store).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_remove_exchange_rate(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<SettingsView> {
    settings::remove_exchange_rate(&state.store, &from, &to).await?;
    Ok(settings::view(&state.store).await?)
}

/// Set the manager PIN (`new_pin`), or remove it (`null`); once one is set, `current` must be it.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_manager_pin(
    state: State<'_, AppState>,
    current: Option<String>,
    new_pin: Option<String>,
) -> CmdResult<SettingsView> {
    settings::set_manager_pin(&state.store, current.as_deref(), new_pin.as_deref()).await?;
    Ok(settings::view(&state.store).await?)
}

/// "My contact details": the sales contact this laptop's quotes print.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_my_contact(
    state: State<'_, AppState>,
    contact: SellerContact,
) -> CmdResult<SettingsView> {
    settings::set_my_contact(&state.store, &contact).await?;
    Ok(settings::view(&state.store).await?)
}

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
    let bytes = decode_file(&base64, Logo::MAX_BYTES, "logo")?;
    settings::set_logo(&state.store, &bytes).await?;
    Ok(settings::pdf_settings(&state.store).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_remove_logo(state: State<'_, AppState>) -> CmdResult<PdfSettings> {
    settings::remove_logo(&state.store).await?;
    Ok(settings::pdf_settings(&state.store).await?)
}

/// A file's bytes sent as base64, refused (before decoding) when over `max` bytes.
pub(super) fn decode_file(base64: &str, max: usize, what: &str) -> Result<Vec<u8>, AppError> {
    // Base64 is 4/3 of the bytes: anything longer is over the limit before decoding it.
    if base64.len() > max / 3 * 4 + 8 {
        return Err(AppError::new(
            AppErrorCode::Validation,
            format!(
                "the {what} cannot be used: it may be at most {} KB",
                max / 1024
            ),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(base64.trim())
        .map_err(|e| AppError::new(AppErrorCode::Validation, format!("not base64: {e}")))
}
