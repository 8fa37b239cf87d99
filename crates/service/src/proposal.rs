//! Proposals: one use case per step, for the app and `fq proposal` alike.
//!
//! - [`create`]: a proposal for an opportunity from the standard template in its language, the case studies
//!   of the client's industry already in; [`add_block`] copies a library block in as a section.
//! - [`document`]: what a version prints — a draft built now from this laptop's data, a sent version its
//!   frozen document, an accepted one the document as signed.
//! - [`pdf`] / [`write_pdf`]: its PDF (a signed version stamped with the signature), in memory for the
//!   live preview or written to a file named by the configurable pattern.
//! - [`send`] freezes a draft (refused, naming the section, if it does not print: an unknown placeholder, an
//!   empty required section, a missing or corrupt image); [`revise`] makes the next version.
//! - [`acceptance_preview`] and [`sign`]: the client ticks optional items, sees the PDF and its hash, and
//!   signs; the quote is accepted with that choice and the opportunity won.
//! - [`verify`]: whether a signed PDF is exactly what the version it names was signed as.

use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use fieldquote_domain::content::BlobHash;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::proposal::library::section_of_block;
use fieldquote_domain::proposal::{
    Proposal, ProposalDocument, ProposalInput, ProposalStatus, SectionKind, build_proposal,
    file_name, placeholder_values, pricing_shown,
};
use fieldquote_domain::quote::QuoteView;
use fieldquote_pdf::proposal::{self as pdfs, SignatureStamp, Verification};
use fieldquote_store::{Origin, ProposalFilter, Signing, Store};

use crate::{ServiceError, clock};

/// The PDF file name pattern of this laptop's proposals (placeholders as in the sections).
pub use fieldquote_domain::proposal::DEFAULT_FILE_NAME;

/// Start a proposal for `opportunity_id` from the standard template in `lang`, titled `title` (else after
/// the opportunity). Its case-studies section starts with the library's case studies of the client's
/// industry.
pub async fn create(
    store: &Store,
    opportunity_id: Uuid,
    title: Option<&str>,
    lang: PdfLanguage,
    origin: Origin,
) -> Result<Proposal, ServiceError> {
    Ok(store
        .start_proposal(opportunity_id, title, lang, origin)
        .await?)
}

/// The versions of an opportunity's proposal (or of every one), newest first.
pub async fn list(
    store: &Store,
    opportunity_id: Option<Uuid>,
) -> Result<Vec<Proposal>, ServiceError> {
    Ok(store
        .list_proposals(&ProposalFilter {
            opportunity_id,
            status: None,
        })
        .await?)
}

/// Change a draft: its title, language and sections.
pub async fn update(
    store: &Store,
    id: Uuid,
    input: &ProposalInput,
    origin: Origin,
) -> Result<Proposal, ServiceError> {
    Ok(store.update_proposal(id, input, origin).await?)
}

/// Copy library block `block_id` into draft `id` as a section at `position` (else before the terms, the
/// signature or the end). The copy is edited without changing the block.
pub async fn add_block(
    store: &Store,
    id: Uuid,
    block_id: Uuid,
    position: Option<usize>,
    origin: Origin,
) -> Result<Proposal, ServiceError> {
    let p = store.get_proposal(id).await?;
    let block = store.get_content_block(block_id).await?;
    let section = section_of_block(&block, p.lang).map_err(|e| {
        ServiceError::Proposal(fieldquote_domain::proposal::ProposalError::Doc {
            section: e.block,
            error: e.error,
        })
    })?;
    let mut sections = p.sections.clone();
    let at = position.unwrap_or_else(|| {
        sections
            .iter()
            .position(|s| matches!(s.kind, SectionKind::Terms | SectionKind::Signature))
            .unwrap_or(sections.len())
    });
    sections.insert(at.min(sections.len()), section);
    update(
        store,
        id,
        &ProposalInput {
            title: p.title,
            lang: p.lang,
            sections,
        },
        origin,
    )
    .await
}

/// The largest image kept for a proposal, in bytes.
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

/// Keep an image for a proposal's text (a photo, a diagram): checked as the PDF will read it, then stored
/// as a blob. Returns its SHA-256, which the document names.
pub fn add_image(store: &Store, bytes: &[u8]) -> Result<String, ServiceError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ServiceError::Image(format!(
            "it is {} MB; at most {} MB",
            bytes.len() / (1024 * 1024),
            MAX_IMAGE_BYTES / (1024 * 1024)
        )));
    }
    pdfs::check_image(bytes).map_err(ServiceError::Image)?;
    Ok(store.put_blob(bytes)?.to_string())
}

/// An image blob this laptop has, for showing it (`None` when it has not arrived yet).
pub fn image(store: &Store, sha256: &str) -> Result<Option<Vec<u8>>, ServiceError> {
    let Ok(hash) = BlobHash::parse(sha256) else {
        return Ok(None);
    };
    Ok(store.read_blob(&hash)?)
}

/// Delete a draft.
pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_proposal(id, origin).await?)
}

/// A stored document blob, read back.
fn stored_document(store: &Store, sha: &str) -> Result<ProposalDocument, ServiceError> {
    let missing = || ServiceError::MissingBlob(sha.to_string());
    let hash = BlobHash::parse(sha).map_err(|_| missing())?;
    let bytes = store.read_blob(&hash)?.ok_or_else(missing)?;
    serde_json::from_slice(&bytes).map_err(|e| ServiceError::CorruptBlob {
        sha256: sha.to_string(),
        reason: e.to_string(),
    })
}

/// What version `p` prints: a draft built now (dated today) from this laptop's data; a sent version its
/// frozen document; an accepted one the document as signed.
pub async fn document(store: &Store, p: &Proposal) -> Result<ProposalDocument, ServiceError> {
    if let Some(s) = &p.signature {
        return stored_document(store, &s.document_blob);
    }
    if p.status != ProposalStatus::Draft && !p.document_blob.is_empty() {
        return stored_document(store, &p.document_blob);
    }
    let date = clock::today().format("%Y-%m-%d").to_string();
    let inputs = store.proposal_inputs(p, &date, None).await?;
    Ok(build_proposal(&p.sections, &inputs)?)
}

/// The images a PDF prints, from this laptop's blobs.
fn images(store: &Store) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
    |sha| {
        let hash = BlobHash::parse(sha).ok()?;
        store.read_blob(&hash).ok().flatten()
    }
}

/// The stamp of a signed version, from its record and its signature blob.
fn stamp(store: &Store, p: &Proposal) -> Result<Option<SignatureStamp>, ServiceError> {
    let Some(s) = &p.signature else {
        return Ok(None);
    };
    let missing = || ServiceError::MissingBlob(s.image_sha256.clone());
    let hash = BlobHash::parse(&s.image_sha256).map_err(|_| missing())?;
    let png = store.read_blob(&hash)?.ok_or_else(missing)?;
    Ok(Some(SignatureStamp {
        signature_png: png,
        name: s.name.clone(),
        title: s.title.clone(),
        signed_at: s.signed_at.clone(),
        document_sha256: s.seen_sha256.clone(),
    }))
}

/// Version `id`'s PDF in memory (the live preview): blank signature page, or stamped once signed.
pub async fn pdf(store: &Store, id: Uuid) -> Result<Vec<u8>, ServiceError> {
    let p = store.get_proposal(id).await?;
    let doc = document(store, &p).await?;
    let images = images(store);
    Ok(match stamp(store, &p)? {
        Some(stamp) => pdfs::render_signed(&doc, &images, &stamp)?,
        None => pdfs::render(&doc, &images)?,
    })
}

/// A proposal PDF written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalFile {
    pub path: String,
    pub bytes: u32,
    /// The content hash the PDF names (the version it is).
    pub content_hash: String,
}

/// The file name of version `p`'s PDF, from this device's pattern (`fq settings proposal-file-name`), else
/// [`DEFAULT_FILE_NAME`]; a pattern this proposal has no value for falls back to its title and version.
pub async fn pdf_file_name(store: &Store, p: &Proposal) -> Result<String, ServiceError> {
    let date = clock::today().format("%Y-%m-%d").to_string();
    let inputs = store.proposal_inputs(p, &date, None).await?;
    let pattern = store
        .proposal_file_name()
        .await?
        .unwrap_or_else(|| DEFAULT_FILE_NAME.to_string());
    Ok(
        file_name(&pattern, &placeholder_values(&inputs)).unwrap_or_else(|_| {
            let name: String = format!("{} v{}", p.title.trim(), p.version)
                .chars()
                .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
                .collect();
            format!("{}.pdf", name.trim())
        }),
    )
}

/// Write version `id`'s PDF to `out`: a file, or a folder (named by [`pdf_file_name`]). The file appears
/// whole or not at all; a proposal that does not print leaves nothing behind.
pub async fn write_pdf(store: &Store, id: Uuid, out: &Path) -> Result<ProposalFile, ServiceError> {
    let p = store.get_proposal(id).await?;
    let doc = document(store, &p).await?;
    let path: PathBuf = if out.is_dir() {
        out.join(pdf_file_name(store, &p).await?)
    } else {
        out.to_path_buf()
    };
    let stamp = stamp(store, &p)?;
    let bytes = pdfs::write_to(&path, &doc, &images(store), stamp.as_ref())?;
    Ok(ProposalFile {
        path: path.display().to_string(),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
        content_hash: fieldquote_domain::proposal::content_hash(&doc),
    })
}

/// Write version `id`'s PDF into `folder` (made if missing), named by [`pdf_file_name`]: the app's "Save PDF".
pub async fn write_pdf_to_folder(
    store: &Store,
    id: Uuid,
    folder: &Path,
) -> Result<ProposalFile, ServiceError> {
    std::fs::create_dir_all(folder).map_err(|e| {
        ServiceError::Pdf(fieldquote_pdf::PdfError::Save {
            path: folder.display().to_string(),
            source: e,
        })
    })?;
    write_pdf(store, id, folder).await
}

/// Send draft `id`: it is built and rendered once (so a proposal that does not print is refused, naming its
/// section, and nothing changes), then frozen with its content hash.
pub async fn send(store: &Store, id: Uuid, origin: Origin) -> Result<Proposal, ServiceError> {
    let p = store.get_proposal(id).await?;
    fieldquote_domain::proposal::check_step(
        p.version,
        p.status,
        fieldquote_domain::proposal::ProposalStep::Send,
    )
    .map_err(fieldquote_domain::DomainError::from)
    .map_err(fieldquote_store::StoreError::from)?;
    let doc = document(store, &p).await?;
    pdfs::render(&doc, &images(store))?;
    Ok(store.send_proposal(id, &doc, clock::now(), origin).await?)
}

/// Revise sent version `id`: the next version, a draft.
pub async fn revise(store: &Store, id: Uuid, origin: Origin) -> Result<Proposal, ServiceError> {
    Ok(store.revise_proposal(id, origin).await?)
}

/// The sent version `p` as the client would sign it with `taken` optional lines: its frozen document with
/// the pricing of the quote as that choice prices it (the same function as every quote view).
async fn document_for_choice(
    store: &Store,
    p: &Proposal,
    taken: &[Uuid],
) -> Result<(ProposalDocument, Option<QuoteView>), ServiceError> {
    let mut doc = document(store, p).await?;
    let quote = match p.quote_id {
        Some(q) => Some(store.quote_with_selection(q, taken).await?),
        None => None,
    };
    if let Some(q) = &quote {
        doc.pricing = Some(pricing_shown(q));
        doc.quote = Some(q.clone());
    }
    Ok((doc, quote))
}

/// What the client sees before signing: the PDF without its signature page for their choice of optional
/// items, its SHA-256, and the quote as that choice prices it.
#[derive(Debug, Clone)]
pub struct AcceptancePreview {
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub quote: Option<QuoteView>,
}

/// The client's choice of optional items on sent version `id`, as they will sign it.
pub async fn acceptance_preview(
    store: &Store,
    id: Uuid,
    taken: &[Uuid],
) -> Result<AcceptancePreview, ServiceError> {
    let p = store.get_proposal(id).await?;
    let (doc, quote) = document_for_choice(store, &p, taken).await?;
    let unsigned = pdfs::render_unsigned(&doc, &images(store))?;
    Ok(AcceptancePreview {
        pdf: unsigned.pdf,
        sha256: unsigned.sha256,
        quote,
    })
}

/// What the client signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInput {
    pub taken_lines: Vec<Uuid>,
    pub name: String,
    pub title: String,
    pub signature_png: Vec<u8>,
}

/// The client signs sent version `id` on the spot: the PDF they saw (without the signature page, for their
/// choice of optional items) is hashed, the signature page stamped with the signature, name, title, device
/// time and that hash, and the version, its quote (accepted, with that choice) and its opportunity (won)
/// change together.
pub async fn sign(
    store: &Store,
    id: Uuid,
    input: &SignInput,
    origin: Origin,
) -> Result<Proposal, ServiceError> {
    let p = store.get_proposal(id).await?;
    fieldquote_domain::proposal::check_step(
        p.version,
        p.status,
        fieldquote_domain::proposal::ProposalStep::Sign,
    )
    .map_err(fieldquote_domain::DomainError::from)
    .map_err(fieldquote_store::StoreError::from)?;
    let (doc, _) = document_for_choice(store, &p, &input.taken_lines).await?;
    let images = images(store);
    let unsigned = pdfs::render_unsigned(&doc, &images)?;
    let at = clock::now();
    let stamp = SignatureStamp {
        signature_png: input.signature_png.clone(),
        name: input.name.trim().to_string(),
        title: input.title.trim().to_string(),
        signed_at: fieldquote_domain::device_time::format(at),
        document_sha256: unsigned.sha256.clone(),
    };
    // An empty or undecodable signature is refused here, before anything is written.
    let signed = if input.signature_png.is_empty() {
        Vec::new()
    } else {
        pdfs::render_signed(&doc, &images, &stamp)?
    };
    Ok(store
        .sign_proposal(
            id,
            &Signing {
                taken_lines: input.taken_lines.clone(),
                name: input.name.clone(),
                title: input.title.clone(),
                signature_png: input.signature_png.clone(),
                document: doc,
                seen_sha256: unsigned.sha256,
                signed_pdf_sha256: fieldquote_domain::proposal::sha256_hex(&signed),
            },
            at,
            origin,
        )
        .await?)
}

/// What checking a PDF found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VerifyOutcome {
    /// Exactly the version it names, as signed.
    Valid,
    /// Changed after it was signed.
    Altered,
    /// Signed on another version than the one asked about (or than the one it names).
    OtherVersion,
    /// It names a version that was never signed: not a signed PDF.
    NotSigned,
    /// It names no proposal version on this laptop (or is not a Fieldquote proposal PDF at all).
    Unknown,
}

/// The answer of [`verify`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyReport {
    pub outcome: VerifyOutcome,
    /// The version checked against, when one was found.
    pub proposal: Option<Proposal>,
}

/// Whether `pdf` is a signed PDF of the version it names in its metadata — or, with `expected`, of that
/// version — exactly as it was signed. A byte changed after signing fails.
pub async fn verify(
    store: &Store,
    pdf: &[u8],
    expected: Option<Uuid>,
) -> Result<VerifyReport, ServiceError> {
    let claimed = pdfs::claimed_content_hash(pdf);
    let named = match &claimed {
        Some(hash) => store.proposal_by_content_hash(hash).await?,
        None => None,
    };
    let p = match expected {
        Some(id) => Some(store.get_proposal(id).await?),
        None => named.clone(),
    };
    let Some(p) = p else {
        return Ok(VerifyReport {
            outcome: VerifyOutcome::Unknown,
            proposal: None,
        });
    };
    let report = |outcome| VerifyReport {
        outcome,
        proposal: Some(p.clone()),
    };
    let Some(s) = &p.signature else {
        return Ok(report(
            if expected.is_some() && named.is_some_and(|n| n.id != p.id) {
                VerifyOutcome::OtherVersion
            } else {
                VerifyOutcome::NotSigned
            },
        ));
    };
    if claimed.as_deref() != Some(s.content_hash.as_str()) {
        return Ok(report(if claimed.is_some() {
            VerifyOutcome::OtherVersion
        } else {
            VerifyOutcome::Altered
        }));
    }
    let doc = document(store, &p).await?;
    let Some(stamp) = stamp(store, &p)? else {
        return Ok(report(VerifyOutcome::NotSigned));
    };
    let images = images(store);
    Ok(report(
        match pdfs::verify_signed(pdf, &doc, &images, &stamp)? {
            Verification::Valid => VerifyOutcome::Valid,
            // The version with its blank signature page, as handed over before signing: not a signed PDF.
            Verification::Altered if pdfs::render(&doc, &images)? == pdf => {
                VerifyOutcome::NotSigned
            }
            Verification::Altered => VerifyOutcome::Altered,
            Verification::OtherVersion => VerifyOutcome::OtherVersion,
        },
    ))
}
