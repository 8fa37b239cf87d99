//! A quote's PDF: what it is made from, which language it is printed in, and the file it is written to.

use std::path::Path;

use serde::Serialize;

use fieldquote_domain::company::{CompanyProfile, SellerContact};
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::quote::QuoteView;
use fieldquote_pdf::{Logo, RenderOptions};
use fieldquote_store::Store;

use crate::ServiceError;

/// A PDF written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PdfFile {
    pub path: String,
    pub bytes: u32,
    /// The language its labels were printed in.
    pub language: PdfLanguage,
}

/// Everything a quote's PDF is made from on this device.
#[derive(Debug, Clone)]
pub struct QuotePdf {
    pub quote: QuoteView,
    pub company: CompanyProfile,
    /// The language of its labels and the company logo.
    pub options: RenderOptions,
}

impl QuotePdf {
    /// The PDF of `quote` as this device prints it: with the company profile (and its bank details), the logo
    /// and the sales contact ([`SellerContact::for_quote`]: the signed-in account with this laptop's phone and
    /// title, else "my contact details"), labelled in `chosen` (picked for this print), else the quote's own
    /// language, else the device's setting, else `fallback` (the app's language in the app, English in `fq`);
    /// see [`PdfLanguage::resolve`].
    pub async fn gather(
        store: &Store,
        quote: QuoteView,
        chosen: Option<PdfLanguage>,
        fallback: PdfLanguage,
    ) -> Result<QuotePdf, ServiceError> {
        let company = store.company_or_default().await?;
        let setting = store.pdf_language().await?;
        let lang = PdfLanguage::resolve(chosen, quote.pdf_lang, setting, fallback);
        let logo = match store.logo().await? {
            Some(bytes) => Some(Logo::from_bytes(&bytes).map_err(ServiceError::StoredLogo)?),
            None => None,
        };
        let account = store.signed_in_user().await?;
        let seller = SellerContact::for_quote(account.as_ref(), &store.my_contact().await?);
        Ok(QuotePdf {
            quote,
            company,
            options: RenderOptions { lang, logo, seller },
        })
    }

    /// Render it and write it to `path` (creating its folder): the file appears whole or not at all.
    pub fn write(&self, path: &Path) -> Result<PdfFile, ServiceError> {
        let bytes = fieldquote_pdf::write_quote(&self.quote, &self.company, &self.options, path)?;
        Ok(PdfFile {
            path: path.display().to_string(),
            bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
            language: self.options.lang,
        })
    }
}

/// Write `quote`'s PDF to `path` (see [`QuotePdf::gather`] for its language).
pub async fn write_quote_pdf(
    store: &Store,
    quote: QuoteView,
    chosen: Option<PdfLanguage>,
    fallback: PdfLanguage,
    path: &Path,
) -> Result<PdfFile, ServiceError> {
    QuotePdf::gather(store, quote, chosen, fallback)
        .await?
        .write(path)
}

/// The file name a quote's PDF gets in a folder of PDFs: its number (`Q-2026-0007-R1.pdf`).
pub fn file_name(quote: &QuoteView) -> String {
    format!("{}.pdf", quote.number.as_deref().unwrap_or("quote"))
}
