//! Settings of this device shown on the Settings screen: the logo and the default language of quote PDFs.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use tauri::State;

use fieldquote_pdf::Logo;
use fieldquote_store::PdfLanguage;

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

/// The labels quote PDFs get unless the user picks another language for one.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum PdfLanguageSetting {
    /// The app's language.
    Auto,
    En,
    Zh,
    Bilingual,
}

impl From<PdfLanguage> for PdfLanguageSetting {
    fn from(l: PdfLanguage) -> Self {
        match l {
            PdfLanguage::Auto => Self::Auto,
            PdfLanguage::En => Self::En,
            PdfLanguage::Zh => Self::Zh,
            PdfLanguage::Bilingual => Self::Bilingual,
        }
    }
}

impl From<PdfLanguageSetting> for PdfLanguage {
    fn from(l: PdfLanguageSetting) -> Self {
        match l {
            PdfLanguageSetting::Auto => Self::Auto,
            PdfLanguageSetting::En => Self::En,
            PdfLanguageSetting::Zh => Self::Zh,
            PdfLanguageSetting::Bilingual => Self::Bilingual,
        }
    }
}

/// The company logo as the Settings screen shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LogoInfo {
    /// A `data:` URL of the image, for the preview.
    pub data_url: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PdfSettings {
    pub language: PdfLanguageSetting,
    pub logo: Option<LogoInfo>,
}

fn logo_info(bytes: &[u8]) -> Result<LogoInfo, AppError> {
    let logo = Logo::from_bytes(bytes)?;
    let mime = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/jpeg"
    };
    let (width, height) = logo.size();
    Ok(LogoInfo {
        data_url: format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ),
        width: width as u32,
        height: height as u32,
        bytes: bytes.len() as u32,
    })
}

async fn current(state: &AppState) -> CmdResult<PdfSettings> {
    Ok(PdfSettings {
        language: state.store.pdf_language().await?.into(),
        logo: match state.store.logo().await? {
            Some(bytes) => Some(logo_info(&bytes)?),
            None => None,
        },
    })
}

#[tauri::command]
#[specta::specta]
pub async fn settings_pdf(state: State<'_, AppState>) -> CmdResult<PdfSettings> {
    current(&state).await
}

#[tauri::command]
#[specta::specta]
pub async fn settings_set_pdf_language(
    state: State<'_, AppState>,
    language: PdfLanguageSetting,
) -> CmdResult<PdfSettings> {
    state.store.set_pdf_language(language.into()).await?;
    current(&state).await
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
    Logo::from_bytes(&bytes).map_err(|e| AppError::new(AppErrorCode::Validation, e.to_string()))?;
    state.store.set_logo(Some(&bytes)).await?;
    current(&state).await
}

#[tauri::command]
#[specta::specta]
pub async fn settings_remove_logo(state: State<'_, AppState>) -> CmdResult<PdfSettings> {
    state.store.set_logo(None).await?;
    current(&state).await
}
