//! Documents the app prints for a client (quote PDFs today, proposals next): the language of their labels and
//! which one a document gets.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The language a document's labels are printed in; the quote's own data (names, descriptions) prints as
/// typed.
///
/// A *choice* of language is an `Option<PdfLanguage>`: a quote's own (`None`: the device's setting applies)
/// and the device's setting (`None`: "auto", the language the app is in, English for `fq`). Stored and synced
/// as its [`code`](PdfLanguage::code), with `""` for no choice ([`PdfLanguage::choice_code`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum PdfLanguage {
    /// English; what `fq` prints when nobody chose.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
    /// 中英对照: every label in English followed by Chinese.
    Bilingual,
}

/// A stored or typed language code that is none of `en`, `zh`, `bilingual`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown PDF language {0:?}: use en, zh or bilingual")]
pub struct UnknownPdfLanguage(pub String);

impl PdfLanguage {
    pub const ALL: [PdfLanguage; 3] = [PdfLanguage::En, PdfLanguage::Zh, PdfLanguage::Bilingual];

    /// The code it is stored, synced and typed as: `en`, `zh`, `bilingual`.
    pub fn code(self) -> &'static str {
        match self {
            PdfLanguage::En => "en",
            PdfLanguage::Zh => "zh",
            PdfLanguage::Bilingual => "bilingual",
        }
    }

    /// The stored code of a choice: `""` when none was made.
    pub fn choice_code(choice: Option<PdfLanguage>) -> &'static str {
        choice.map_or("", PdfLanguage::code)
    }

    /// A stored or synced choice: `""` is none; otherwise a code (any case, surrounding spaces ignored).
    pub fn parse_choice(code: &str) -> Result<Option<PdfLanguage>, UnknownPdfLanguage> {
        match code.trim() {
            "" => Ok(None),
            code => code.parse().map(Some),
        }
    }

    /// The language a document is printed in: the one chosen for this print, else the quote's own choice,
    /// else the device's setting, else `fallback` (the app's language in the app, English in `fq`).
    pub fn resolve(
        chosen: Option<PdfLanguage>,
        quote: Option<PdfLanguage>,
        setting: Option<PdfLanguage>,
        fallback: PdfLanguage,
    ) -> PdfLanguage {
        chosen.or(quote).or(setting).unwrap_or(fallback)
    }
}

impl fmt::Display for PdfLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for PdfLanguage {
    type Err = UnknownPdfLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        PdfLanguage::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or_else(|| UnknownPdfLanguage(s.trim().to_string()))
    }
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
