//! Fieldquote's quote and proposal PDFs.
//!
//! What this crate owns:
//! - [`proposal`]: a proposal (`fieldquote_domain::proposal::ProposalDocument`) to an A4 PDF — cover, contents
//!   with page numbers, sections of rich text, lists, tables and images, the quote's pricing table, the
//!   signature page blank or stamped — deterministic, so a signed PDF is verified by rendering it again.
//! - [`render_quote`]: a [`QuoteView`], the seller's [`CompanyProfile`] (with the bank account the client
//!   pays into) and sales contact ([`SellerContact`]) to the bytes of an A4 PDF — letterhead, client block, the lines table (header repeated on every page it reaches,
//!   long descriptions wrapped within their column, SKUs never broken; a bundle's components
//!   indented under it), totals (tax by rate; for CNY the total in capitals), the options not
//!   taken, terms, signature boxes, and "Page X of Y". Every column of figures adds up to the
//!   figure printed beneath it: the rules are in the `quote` module's docs.
//! - A layout engine (`engine`) the quote and the proposal are built on: measured and rich text,
//!   pages with a running header and numbered footers, tables that break across pages, blocks
//!   kept together, headings kept with what follows, lists, images, a cover and a table of contents.
//!   It knows nothing of quotes or proposals.
//! - The bundled font: WenQuanYi Micro Hei (`fonts/`, Apache-2.0), which has both CJK and Latin
//!   glyphs, so Chinese names render on a machine with no CJK fonts installed. It is embedded in
//!   every PDF as a subset holding only the glyphs used, with a `/ToUnicode` map so text can be
//!   searched and copied.
//! - The printed labels in English, Simplified Chinese, or both (中英对照) ([`PdfLanguage`], the domain's).
//!
//! It never computes or formats money: amounts arrive from `fieldquote-domain` as decimal strings and
//! are written by `fieldquote_domain::format`, the formatter the app's screens show too.

mod engine;
mod fonts;
mod output;
pub mod proposal;
mod quote;

pub use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};
pub use fieldquote_domain::document::PdfLanguage;
pub use fieldquote_domain::quote::QuoteView;

use printpdf::{Mm, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions};

/// How to render a quote, and who sends it.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub lang: PdfLanguage,
    /// The company logo, printed at the top left of the letterhead.
    pub logo: Option<Logo>,
    /// The sales contact the client calls about the quote, printed under its dates (nothing when empty).
    pub seller: SellerContact,
}

/// A company logo: a PNG or JPEG image, checked and decoded once ([`Logo::from_bytes`]).
#[derive(Debug, Clone)]
pub struct Logo {
    image: printpdf::RawImage,
}

impl Logo {
    /// The largest logo file accepted.
    pub const MAX_BYTES: usize = 2 * 1024 * 1024;
    /// The largest width or height in pixels (a letterhead logo needs a few hundred).
    pub const MAX_SIDE: usize = 4_000;

    /// Check and decode a logo file. Anything but a readable PNG or JPEG of sensible size is refused with a
    /// sentence that says why.
    pub fn from_bytes(bytes: &[u8]) -> Result<Logo, PdfError> {
        if bytes.is_empty() {
            return Err(PdfError::Logo("the file is empty".into()));
        }
        if bytes.len() > Self::MAX_BYTES {
            return Err(PdfError::Logo(format!(
                "the file is {} KB; a logo may be at most {} KB",
                bytes.len().div_ceil(1024),
                Self::MAX_BYTES / 1024
            )));
        }
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        if !png && !jpeg {
            return Err(PdfError::Logo("the file is not a PNG or JPEG image".into()));
        }
        let mut warnings = Vec::new();
        let image = printpdf::RawImage::decode_from_bytes(bytes, &mut warnings).map_err(|e| {
            PdfError::Logo(format!(
                "the {} image cannot be read: {e}",
                if png { "PNG" } else { "JPEG" }
            ))
        })?;
        if image.width == 0 || image.height == 0 {
            return Err(PdfError::Logo("the image has no pixels".into()));
        }
        if image.width > Self::MAX_SIDE || image.height > Self::MAX_SIDE {
            return Err(PdfError::Logo(format!(
                "the image is {}×{} pixels; a logo may be at most {max}×{max}",
                image.width,
                image.height,
                max = Self::MAX_SIDE
            )));
        }
        Ok(Logo { image })
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (usize, usize) {
        (self.image.width, self.image.height)
    }
}

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font compiled into the binary could not be parsed (a build problem, not bad input).
    #[error("the bundled font cannot be read: {0}")]
    Font(String),
    /// printpdf reported an error while writing the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A logo file that cannot be used.
    #[error("the logo cannot be used: {0}")]
    Logo(String),
    /// The PDF could not be saved to disk.
    #[error("cannot save the PDF to {path}: {source}")]
    Save {
        path: String,
        source: std::io::Error,
    },
}

/// Render `quote` and save it to `path` (creating its folder). The file appears whole or not at all: it is
/// written beside the target and renamed into place, so a crash never leaves half a PDF under that name.
/// Returns the number of bytes written.
pub fn write_quote(
    quote: &QuoteView,
    company: &CompanyProfile,
    opts: &RenderOptions,
    path: &std::path::Path,
) -> Result<u64, PdfError> {
    let bytes = render_quote(quote, company, opts)?;
    output::write_atomic(path, &bytes)
}

/// Render `quote` as an A4 PDF, labelled in `opts.lang`.
///
/// Any text renders: characters the font lacks print as `?`, control characters are dropped,
/// and over-long text wraps (by characters if it has no break opportunities) and flows onto
/// further pages rather than running off the page.
pub fn render_quote(
    quote: &QuoteView,
    company: &CompanyProfile,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let font = fonts::cjk()?;
    let measure = engine::text::FontMeasure::new(font);
    let labels = quote::labels::Labels::get(opts.lang);

    let title = match &quote.number {
        Some(number) => format!("{} {number}", labels.title),
        None => labels.title.to_string(),
    };
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.creator = "Fieldquote".to_string();
    // Date the document by the quote (printpdf's default is 1970); no clock is read here.
    if let Some(date) = pdf_date(&quote.issue_date) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    let font_id = doc.add_font(font);
    let logo = opts.logo.as_ref().map(|l| engine::ImageRef {
        id: doc.add_image(&l.image),
        width: l.image.width as f32,
        height: l.image.height as f32,
    });

    let page = engine::Page::A4;
    let pages = quote::quote_pages(
        quote,
        company,
        &opts.seller,
        labels,
        font_id,
        logo.as_ref(),
        &measure,
    )
    .into_iter()
    .map(|ops| PdfPage::new(Mm(page.width_mm()), Mm(page.height_mm()), ops))
    .collect();

    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Write(errors.join("; ")));
    }
    if bytes.is_empty() {
        return Err(PdfError::Write("printpdf produced no bytes".into()));
    }
    Ok(bytes)
}

/// `YYYY-MM-DD` as midnight UTC, if it is a valid date.
pub(crate) fn pdf_date(iso: &str) -> Option<printpdf::OffsetDateTime> {
    let b = iso.trim().as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let compact: String = iso.trim().split('-').collect();
    printpdf::parse_pdf_date(&format!("D:{compact}000000Z")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_dated_by_the_issue_date() {
        let d = pdf_date("2026-03-01").expect("a valid date");
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2026, 3, 1));
        assert!(pdf_date("").is_none());
        assert!(pdf_date("2026-3-1").is_none());
        assert!(pdf_date("2026-13-01").is_none());
        assert!(pdf_date("20-26-0301").is_none());
        assert!(pdf_date("２０２６-03-01").is_none());
    }
}
