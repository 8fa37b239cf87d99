//! The PDF settings of this device (not synced): the company logo printed on every quote PDF and the default
//! language of PDF labels.

use base64::Engine as _;
use serde::Serialize;

use fieldquote_domain::document::PdfLanguage;
use fieldquote_pdf::Logo;
use fieldquote_store::Store;

use crate::ServiceError;

/// The company logo as the settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogoInfo {
    /// A `data:` URL of the image, for a preview.
    pub data_url: String,
    /// In pixels.
    pub width: u32,
    pub height: u32,
    /// The file's size.
    pub bytes: u32,
}

/// The PDF settings of this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PdfSettings {
    /// The default language of PDF labels; `None` ("auto"): the language the app is in (English for `fq`).
    pub language: Option<PdfLanguage>,
    pub logo: Option<LogoInfo>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl LogoInfo {
    fn of(bytes: &[u8], logo: &Logo) -> LogoInfo {
        let mime = if bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else {
            "image/jpeg"
        };
        let (width, height) = logo.size();
        LogoInfo {
            data_url: format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ),
            width: count(width),
            height: count(height),
            bytes: count(bytes.len()),
        }
    }
}

/// The PDF settings as stored. A stored logo that can no longer be read is [`ServiceError::StoredLogo`].
pub async fn pdf_settings(store: &Store) -> Result<PdfSettings, ServiceError> {
    let logo = match store.logo().await? {
        Some(bytes) => {
            let logo = Logo::from_bytes(&bytes).map_err(ServiceError::StoredLogo)?;
            Some(LogoInfo::of(&bytes, &logo))
        }
        None => None,
    };
    Ok(PdfSettings {
        language: store.pdf_language().await?,
        logo,
    })
}

/// Keep the image file `bytes` as the logo printed on every quote PDF: a readable PNG or JPEG of at most
/// [`Logo::MAX_BYTES`] and [`Logo::MAX_SIDE`] pixels a side, else [`ServiceError::Logo`] says why and
/// nothing changes.
pub async fn set_logo(store: &Store, bytes: &[u8]) -> Result<LogoInfo, ServiceError> {
    let logo = Logo::from_bytes(bytes).map_err(ServiceError::Logo)?;
    store.set_logo(Some(bytes)).await?;
    Ok(LogoInfo::of(bytes, &logo))
}

/// Print quote PDFs without a logo.
pub async fn remove_logo(store: &Store) -> Result<(), ServiceError> {
    Ok(store.set_logo(None).await?)
}
