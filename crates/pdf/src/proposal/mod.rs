//! Proposal PDFs: a [`ProposalDocument`] (built by `fieldquote_domain::proposal::build_proposal`) laid out on
//! the [engine](crate::engine): a cover (logo, title, client, date), a table of contents with the pages the
//! sections start on, each section from a new page under its title, headings kept with what follows them,
//! lists, tables with their header repeated, images scaled to fit, the pricing section drawn by the quote's own
//! code from the quote's own figures, and the signature page. Running header and "page X of Y" on every page
//! after the cover; title, author and subject in the PDF's metadata; fonts embedded and subset.
//!
//! # Signing and checking
//!
//! - [`render`]: the proposal with a blank signature page, to read, print or sign on paper.
//! - [`render_unsigned`]: the proposal *without* its signature page, and that PDF's SHA-256: what the client
//!   saw and signs.
//! - [`render_signed`]: the proposal with the signature page stamped ([`SignatureStamp`]: the signature image,
//!   name, title, the device's time and the SHA-256 from [`render_unsigned`]).
//! - [`verify_signed`]: renders the frozen version again and compares: a signed PDF verifies only if its
//!   bytes are exactly what the version and the stamp render to.
//!
//! Rendering is deterministic: the same document, images and stamp give the same bytes on any machine (the
//! PDF's names and file identifier are derived from the content, and its dates from the proposal's date).
//! The content hash of the version (`fieldquote_domain::proposal::content_hash`) is in the metadata's
//! keywords (`fieldquote-proposal-content:<hash>`), so a PDF says which version it claims to be.

mod content;
mod labels;
mod layout;
mod signature;

use std::collections::HashMap;
use std::path::Path;

use printpdf::{PdfDocument, RawImage};

pub use fieldquote_domain::proposal::ProposalDocument;
use fieldquote_domain::proposal::{content_hash, sha256_hex};

use crate::engine::text::FontMeasure;
use crate::engine::{ImageRef, Ink, Style};
use crate::{PdfError, fonts, output};
use signature::{Signing, Stamp};

const INK: Ink = Ink(0.12, 0.12, 0.12);
const MUTED: Ink = Ink(0.38, 0.38, 0.38);
const ACCENT: Ink = Ink(0.1, 0.25, 0.5);
const RULE: Ink = Ink(0.75, 0.75, 0.75);
const HEADER_FILL: Ink = Ink(0.92, 0.93, 0.95);

const BODY: Style = Style::new(10.0, false, INK);
const SMALL: Style = Style::new(8.5, false, MUTED);
const FOOTER: Style = Style::new(8.0, false, MUTED);
const CAPTION: Style = Style::new(8.5, false, MUTED);
const CELL: Style = Style::new(9.0, false, INK);
const HEAD: Style = Style::new(9.0, true, INK);
const SECTION_TITLE: Style = Style::new(18.0, true, ACCENT);
const COVER_TITLE: Style = Style::new(26.0, true, ACCENT);
const TOC_ENTRY: Style = Style::new(11.0, false, INK);
/// A document's headings, levels 1 to 3.
const HEADINGS: [Style; 3] = [
    Style::new(14.0, true, ACCENT),
    Style::new(12.0, true, INK),
    Style::new(10.5, true, INK),
];

/// Where images come from: the bytes of the blob with this SHA-256, if this device has it.
pub type Images<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// The largest width or height of an image, in pixels.
pub const MAX_IMAGE_SIDE: usize = 12_000;

/// Why a proposal PDF could not be produced. Errors about content name its section.
#[derive(Debug, thiserror::Error)]
pub enum ProposalPdfError {
    #[error("section \"{section}\": image {sha256} is not on this device")]
    MissingImage { section: String, sha256: String },
    #[error("section \"{section}\": image {sha256} cannot be used: {reason}")]
    CorruptImage {
        section: String,
        sha256: String,
        reason: String,
    },
    #[error("the signature cannot be used: {0}")]
    Signature(String),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl ProposalPdfError {
    /// The section the error is about.
    pub fn section(&self) -> Option<&str> {
        match self {
            ProposalPdfError::MissingImage { section, .. }
            | ProposalPdfError::CorruptImage { section, .. } => Some(section),
            _ => None,
        }
    }
}

/// What the signature page is stamped with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureStamp {
    /// The signature as drawn, a PNG.
    pub signature_png: Vec<u8>,
    pub name: String,
    pub title: String,
    /// The device's time of signing, as stored (RFC 3339 with its offset).
    pub signed_at: String,
    /// The SHA-256 of the proposal as the client saw it: [`UnsignedProposal::sha256`].
    pub document_sha256: String,
}

/// The proposal without its signature page, and its SHA-256.
#[derive(Debug, Clone)]
pub struct UnsignedProposal {
    pub pdf: Vec<u8>,
    pub sha256: String,
}

/// What checking a signed PDF found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// The PDF is exactly the version signed with this stamp.
    Valid,
    /// The stamp's hash is not the hash of this version without its signature page: it was signed on another
    /// version.
    OtherVersion,
    /// The version and the stamp agree but the file's bytes are not what they render to: it was altered.
    Altered,
}

/// The proposal with a blank signature page.
pub fn render(doc: &ProposalDocument, images: Images<'_>) -> Result<Vec<u8>, ProposalPdfError> {
    render_with(doc, images, None, false)
}

/// The proposal without its signature page, and the SHA-256 of that PDF.
pub fn render_unsigned(
    doc: &ProposalDocument,
    images: Images<'_>,
) -> Result<UnsignedProposal, ProposalPdfError> {
    let pdf = render_with(doc, images, None, true)?;
    let sha256 = sha256_hex(&pdf);
    Ok(UnsignedProposal { pdf, sha256 })
}

/// The proposal with its signature page stamped.
pub fn render_signed(
    doc: &ProposalDocument,
    images: Images<'_>,
    stamp: &SignatureStamp,
) -> Result<Vec<u8>, ProposalPdfError> {
    render_with(doc, images, Some(stamp), false)
}

/// Check a signed PDF against the version it claims to be and the stamp recorded when it was signed.
pub fn verify_signed(
    pdf: &[u8],
    doc: &ProposalDocument,
    images: Images<'_>,
    stamp: &SignatureStamp,
) -> Result<Verification, ProposalPdfError> {
    if render_unsigned(doc, images)?.sha256 != stamp.document_sha256 {
        return Ok(Verification::OtherVersion);
    }
    Ok(if render_signed(doc, images, stamp)? == pdf {
        Verification::Valid
    } else {
        Verification::Altered
    })
}

/// The prefix of the keyword naming the version's content hash in a proposal PDF's metadata.
const CONTENT_KEYWORD: &str = "fieldquote-proposal-content:";

/// The content hash a proposal PDF says it was rendered from (its metadata's keyword), if it names one. A
/// file too damaged to parse is still searched for the keyword as written (UTF-16 in hex), so an altered
/// PDF is still known by the version it claims to be.
pub fn claimed_content_hash(pdf: &[u8]) -> Option<String> {
    parsed_content_hash(pdf).or_else(|| raw_content_hash(pdf))
}

fn parsed_content_hash(pdf: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let keywords = info.as_dict().ok()?.get(b"Keywords").ok()?;
    let text = lopdf::decode_text_string(keywords).ok()?;
    text.split([' ', ',', ';'])
        .find_map(|k| k.strip_prefix(CONTENT_KEYWORD))
        .filter(|h| fieldquote_domain::proposal::is_sha256(h))
        .map(str::to_string)
}

/// The keyword found in the bytes: `<FEFF…>`, the UTF-16BE hex form the metadata is written in.
fn raw_content_hash(pdf: &[u8]) -> Option<String> {
    let hex: String = CONTENT_KEYWORD
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    let needle = hex.as_bytes();
    let at = pdf
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))?;
    let digits = pdf.get(at + needle.len()..at + needle.len() + 64 * 4)?;
    let units: Option<Vec<u16>> = digits
        .chunks(4)
        .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect();
    let hash = String::from_utf16(&units?).ok()?;
    fieldquote_domain::proposal::is_sha256(&hash).then_some(hash)
}

/// Render (stamped when `stamp` is given) and save to `path`. Nothing is written unless the whole PDF was
/// rendered, and the file appears whole or not at all (written beside it, then renamed). Returns its size.
pub fn write_to(
    path: &Path,
    doc: &ProposalDocument,
    images: Images<'_>,
    stamp: Option<&SignatureStamp>,
) -> Result<u64, ProposalPdfError> {
    let bytes = render_with(doc, images, stamp, false)?;
    Ok(output::write_atomic(path, &bytes)?)
}

fn render_with(
    doc: &ProposalDocument,
    images: Images<'_>,
    stamp: Option<&SignatureStamp>,
    omit_signature: bool,
) -> Result<Vec<u8>, ProposalPdfError> {
    let font = fonts::cjk()?;
    let measure = FontMeasure::new(font);
    let content = content_hash(doc);

    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.author.clone();
    info.subject = doc.subject.clone();
    info.creator = "Fieldquote".to_string();
    info.keywords = vec![format!("{CONTENT_KEYWORD}{content}")];
    if let Some(date) = crate::pdf_date(&doc.date) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    let font_id = output::add_font(&mut pdf, font, "FQPROP");
    let added = add_images(&mut pdf, doc, images)?;
    let logo = doc.logo_sha256.as_ref().and_then(|s| added.get(s));
    let signature_image = match stamp {
        Some(s) => Some(signature_image(&mut pdf, &s.signature_png)?),
        None => None,
    };
    let signing = match (stamp, &signature_image) {
        _ if omit_signature => Signing::Omitted,
        (Some(s), Some(image)) => Signing::Stamped(Stamp {
            image,
            name: &s.name,
            title: &s.title,
            signed_at: &s.signed_at,
            document_sha256: &s.document_sha256,
        }),
        _ => Signing::Blank,
    };
    let ctx = layout::Ctx {
        font: font_id,
        measure: &measure,
        images: &added,
        logo,
    };
    let laid = layout::pages(doc, &ctx, &signing);
    let variant = match (omit_signature, stamp) {
        (true, _) => "unsigned".to_string(),
        (false, None) => "blank".to_string(),
        (false, Some(s)) => format!(
            "signed{}",
            sha256_hex(
                format!(
                    "{}\n{}\n{}\n{}\n{}",
                    sha256_hex(&s.signature_png),
                    s.name,
                    s.title,
                    s.signed_at,
                    s.document_sha256
                )
                .as_bytes()
            )
        ),
    };
    let id = sha256_hex(format!("{content}\n{variant}").as_bytes());
    Ok(output::save(pdf, laid.pages, &id)?)
}

/// Every image the document shows (and the logo), checked against its SHA-256, decoded and added once. The
/// first missing or unusable one is the error, naming the first section that shows it.
fn add_images(
    pdf: &mut PdfDocument,
    doc: &ProposalDocument,
    images: Images<'_>,
) -> Result<HashMap<String, ImageRef>, ProposalPdfError> {
    let wanted = doc.images();
    let mut added = HashMap::new();
    for (section, sha) in wanted {
        if added.contains_key(&sha) {
            continue;
        }
        let corrupt = |reason: String| ProposalPdfError::CorruptImage {
            section: section.clone(),
            sha256: sha.clone(),
            reason,
        };
        let Some(bytes) = images(&sha) else {
            return Err(ProposalPdfError::MissingImage {
                section,
                sha256: sha,
            });
        };
        if sha256_hex(&bytes) != sha {
            return Err(corrupt(
                "its bytes do not match its SHA-256 (the file is damaged)".into(),
            ));
        }
        let image = decode(&bytes).map_err(corrupt)?;
        let id = output::add_image(pdf, &image, &format!("I{}", &sha[..16]));
        added.insert(
            sha.clone(),
            ImageRef {
                id,
                width: image.width as f32,
                height: image.height as f32,
            },
        );
    }
    Ok(added)
}

fn signature_image(pdf: &mut PdfDocument, png: &[u8]) -> Result<ImageRef, ProposalPdfError> {
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(ProposalPdfError::Signature(
            "the signature is not a PNG image".into(),
        ));
    }
    let image = decode(png).map_err(ProposalPdfError::Signature)?;
    let id = output::add_image(pdf, &image, "S0");
    Ok(ImageRef {
        id,
        width: image.width as f32,
        height: image.height as f32,
    })
}

/// A PNG or JPEG decoded, of a sensible size; anything else says why not.
/// Whether `bytes` are an image a proposal can print (a whole PNG or JPEG within [`MAX_IMAGE_SIDE`]); the
/// reason when not.
pub fn check_image(bytes: &[u8]) -> Result<(), String> {
    decode(bytes).map(|_| ())
}

fn decode(bytes: &[u8]) -> Result<RawImage, String> {
    let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
    let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    if !png && !jpeg {
        return Err("it is not a PNG or JPEG image".into());
    }
    // Decoders fill in what a file cut short lacks; a whole file ends with its end marker.
    let whole = if png {
        bytes.len() >= 12 && bytes[bytes.len() - 12..].windows(4).any(|w| w == b"IEND")
    } else {
        bytes.windows(2).any(|w| w == [0xFF, 0xD9])
    };
    if !whole {
        return Err(format!(
            "the {} file is cut short (it has no end marker)",
            if png { "PNG" } else { "JPEG" }
        ));
    }
    let mut warnings = Vec::new();
    let image = RawImage::decode_from_bytes(bytes, &mut warnings).map_err(|e| {
        format!(
            "the {} image cannot be decoded: {e}",
            if png { "PNG" } else { "JPEG" }
        )
    })?;
    if image.width == 0 || image.height == 0 {
        return Err("the image has no pixels".into());
    }
    if image.width > MAX_IMAGE_SIDE || image.height > MAX_IMAGE_SIDE {
        return Err(format!(
            "the image is {}×{} pixels; at most {MAX_IMAGE_SIDE} a side",
            image.width, image.height
        ));
    }
    Ok(image)
}
