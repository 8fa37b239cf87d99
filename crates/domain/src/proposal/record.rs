//! A proposal as a synced record (`proposal`): one row per version of one opportunity's proposal.
//!
//! - A **draft** holds its sections (the [`ProposalSection`]s' JSON) and may change.
//! - **Sending** freezes it: the proposal as printed ([`ProposalDocument`]) is stored as a blob and its
//!   [`content_hash`](super::content_hash) kept; nothing of a sent version changes again.
//! - **Revising** a sent version makes the next version, a draft with the same sections; the old one is
//!   superseded.
//! - **Signing** a sent version on the spot records the client's choice of optional items, their name,
//!   title and signature (a PNG blob), the device's time, the SHA-256 of the PDF the client saw (without its
//!   signature page) and of the signed PDF, and the document as signed (a blob). The version is then
//!   accepted. The server stamps `witnessed_at` and `witnessed_sha256` when it first receives the signature:
//!   a witness that the document existed by then.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::doc::is_sha256;
use super::section::{ProposalSection, ProposalTemplate, TemplateError};
use crate::document::PdfLanguage;
use crate::rule::RuleRefusal;
use crate::text_enum::text_enum;
use crate::validation::{self, MAX_NAME};
use crate::{FieldError, FieldErrorKind};

text_enum! {
    /// Where a version stands.
    pub enum ProposalStatus {
        /// Being written; may change.
        Draft = "draft",
        /// Handed to the client: frozen.
        Sent = "sent",
        /// Signed by the client on the spot (its quote accepted).
        Accepted = "accepted",
        /// A newer version replaced it.
        Superseded = "superseded",
    }
}

text_enum! {
    /// What a request asks of a version.
    pub enum ProposalStep {
        Edit = "edit",
        Send = "send",
        Revise = "revise",
        Sign = "sign",
        Delete = "delete",
    }
}

/// Whether `step` may be taken on version `version`, which is `status`: a draft is edited, sent or
/// deleted; a sent version is revised or signed; an accepted or superseded one is history.
pub fn check_step(
    version: u32,
    status: ProposalStatus,
    step: ProposalStep,
) -> Result<(), RuleRefusal> {
    let ok = matches!(
        (status, step),
        (
            ProposalStatus::Draft,
            ProposalStep::Edit | ProposalStep::Send | ProposalStep::Delete
        ) | (
            ProposalStatus::Sent,
            ProposalStep::Revise | ProposalStep::Sign
        )
    );
    if ok {
        Ok(())
    } else {
        Err(RuleRefusal::ProposalStep {
            version,
            status,
            step,
        })
    }
}

/// The largest JSON text of a version's sections, in bytes: checked before parsing, and what a push of one
/// proposal carries at most.
pub const MAX_SECTIONS_JSON: usize = 2 * 1024 * 1024;

/// What the client signed, as recorded on the version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalSignature {
    pub name: String,
    pub title: String,
    /// The device's time of signing, RFC 3339 with its offset.
    pub signed_at: String,
    /// The signature as drawn: the SHA-256 of its PNG blob.
    pub image_sha256: String,
    /// The SHA-256 of the PDF the client saw: the proposal as signed, without its signature page.
    pub seen_sha256: String,
    /// The SHA-256 of the signed PDF.
    pub signed_pdf_sha256: String,
    /// The proposal as signed (with the client's choice of optional items): the SHA-256 of its JSON blob.
    pub document_blob: String,
    /// Its content hash, which the signed PDF names in its metadata.
    pub content_hash: String,
    /// The optional quote lines the client took.
    pub taken_lines: Vec<Uuid>,
    /// When the server first received the signature (RFC 3339, the server's clock), and the hash it received;
    /// empty until then.
    pub witnessed_at: String,
    pub witnessed_sha256: String,
}

/// One version of a proposal, as a device shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Proposal {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// The quote its pricing prints.
    pub quote_id: Option<Uuid>,
    pub title: String,
    pub lang: PdfLanguage,
    /// 1 for the first version.
    pub version: u32,
    /// The version this one revises.
    pub revises_id: Option<Uuid>,
    pub status: ProposalStatus,
    pub sections: Vec<ProposalSection>,
    /// Once sent: the SHA-256 of the frozen document's JSON blob, and its content hash.
    pub document_blob: String,
    pub content_hash: String,
    /// Device time it was sent, RFC 3339.
    pub sent_at: String,
    pub signature: Option<ProposalSignature>,
}

/// The record's synced fields (see `sync::EntityKind::Proposal`).
pub type Fields = BTreeMap<String, Value>;

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn id_of(fields: &Fields, name: &str) -> Option<Uuid> {
    Uuid::parse_str(text_of(fields, name)).ok()
}

/// The sections of a stored or pushed `sections` field. Bounded before parsing; every section checked as
/// typed input (its body through [`super::Doc`]'s own door).
pub fn parse_sections(json: &str) -> Result<Vec<ProposalSection>, FieldError> {
    if json.len() > MAX_SECTIONS_JSON {
        return Err(FieldError::new(
            "sections",
            FieldErrorKind::TooLong {
                max: MAX_SECTIONS_JSON as u32,
            },
        ));
    }
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(json).map_err(|e| {
        FieldError::new(
            "sections",
            FieldErrorKind::InvalidList {
                reason: e.to_string(),
            },
        )
    })
}

/// The `sections` field of sections: their JSON.
pub fn sections_json(sections: &[ProposalSection]) -> String {
    serde_json::to_string(sections).expect("sections serialize")
}

/// What an edit of a draft sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalInput {
    pub title: String,
    pub lang: PdfLanguage,
    pub sections: Vec<ProposalSection>,
}

/// Why an edit is refused: the fields, or the sections' shape.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProposalInputError {
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Template(#[from] TemplateError),
}

impl ProposalInput {
    /// The title trimmed (required, at most [`MAX_NAME`] characters), the sections in a template's shape and
    /// their JSON within [`MAX_SECTIONS_JSON`]. Returns the title and the sections' JSON.
    pub fn validate(&self) -> Result<(String, String), ProposalInputError> {
        let title = validation::text("title", &self.title, MAX_NAME, true)
            .map_err(|e| ProposalInputError::Fields(vec![e]))?;
        ProposalTemplate::check(&self.sections)?;
        let json = sections_json(&self.sections);
        if json.len() > MAX_SECTIONS_JSON {
            return Err(ProposalInputError::Fields(vec![FieldError::new(
                "sections",
                FieldErrorKind::TooLong {
                    max: MAX_SECTIONS_JSON as u32,
                },
            )]));
        }
        Ok((title, json))
    }
}

/// Every blob a version needs, once each, sorted: the images of its sections, its frozen document and, once
/// signed, the signature and the signed document. What its `blobs` field lists (uploaded before a push,
/// downloaded after a pull, and what lets a device that sees the version fetch them).
pub fn blobs_needed(
    sections: &[ProposalSection],
    frozen: &[&str],
    signature: Option<&ProposalSignature>,
) -> Vec<String> {
    let mut out: Vec<String> = sections
        .iter()
        .flat_map(|s| s.body.images())
        .map(str::to_string)
        .chain(frozen.iter().map(|s| s.to_string()))
        .chain(
            signature
                .into_iter()
                .flat_map(|s| [s.image_sha256.clone(), s.document_blob.clone()]),
        )
        .filter(|s| is_sha256(s))
        .collect();
    out.sort();
    out.dedup();
    out
}

impl Proposal {
    /// A version from its synced fields (as a row or a record holds them). Sections that do not parse read
    /// as none (the server checks them on push, so only a corrupt row has them).
    pub fn from_fields(id: Uuid, owner_id: Uuid, fields: &Fields) -> Proposal {
        let text = |name: &str| text_of(fields, name).to_string();
        let signature = (!text("seen_sha256").is_empty()).then(|| ProposalSignature {
            name: text("signer_name"),
            title: text("signer_title"),
            signed_at: text("signed_at"),
            image_sha256: text("signature_blob"),
            seen_sha256: text("seen_sha256"),
            signed_pdf_sha256: text("signed_pdf_sha256"),
            document_blob: text("signed_document_blob"),
            content_hash: text("signed_content_hash"),
            taken_lines: crate::text_list::parse_ids(&text("taken_lines")),
            witnessed_at: text("witnessed_at"),
            witnessed_sha256: text("witnessed_sha256"),
        });
        Proposal {
            id,
            owner_id,
            opportunity_id: id_of(fields, "opportunity_id"),
            account_id: id_of(fields, "account_id"),
            quote_id: id_of(fields, "quote_id"),
            title: text("title"),
            lang: PdfLanguage::parse_choice(&text("lang"))
                .ok()
                .flatten()
                .unwrap_or_default(),
            version: fields
                .get("version")
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(1)
                .max(1),
            revises_id: id_of(fields, "revises_id"),
            status: ProposalStatus::parse(&text("status")).unwrap_or(ProposalStatus::Draft),
            sections: parse_sections(&text("sections")).unwrap_or_default(),
            document_blob: text("document_blob"),
            content_hash: text("content_hash"),
            sent_at: text("sent_at"),
            signature,
        }
    }
}

/// The fields of a signature, to write on the version.
pub fn signature_fields(s: &ProposalSignature) -> Fields {
    let t = |v: &str| Value::from(v.to_string());
    Fields::from([
        ("signer_name".into(), t(&s.name)),
        ("signer_title".into(), t(&s.title)),
        ("signed_at".into(), t(&s.signed_at)),
        ("signature_blob".into(), t(&s.image_sha256)),
        ("seen_sha256".into(), t(&s.seen_sha256)),
        ("signed_pdf_sha256".into(), t(&s.signed_pdf_sha256)),
        ("signed_document_blob".into(), t(&s.document_blob)),
        ("signed_content_hash".into(), t(&s.content_hash)),
        (
            "taken_lines".into(),
            t(&crate::text_list::ids_to_json(&s.taken_lines)),
        ),
    ])
}

/// Check the proposal fields a pushed change writes (the server's rule for a device's write): known words
/// for `status` and `lang`, sections that parse, hashes that are hashes, a version from 1. Fields the change
/// does not write are not checked. Errors name the field.
pub fn check_synced_fields(fields: &Fields) -> Result<(), FieldError> {
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    if let Some(status) = text("status") {
        ProposalStatus::parse_field("status", status)?;
    }
    if let Some(lang) = text("lang")
        && PdfLanguage::parse_choice(lang).is_err()
    {
        return Err(FieldError::new(
            "lang",
            FieldErrorKind::NotOneOf {
                allowed: "en, zh, bilingual".into(),
            },
        ));
    }
    if let Some(json) = text("sections") {
        parse_sections(json)?;
    }
    for name in [
        "document_blob",
        "signature_blob",
        "seen_sha256",
        "signed_pdf_sha256",
        "signed_document_blob",
        "content_hash",
        "signed_content_hash",
    ] {
        if let Some(h) = text(name)
            && !h.is_empty()
            && !is_sha256(h)
        {
            return Err(FieldError::new(
                name,
                FieldErrorKind::InvalidList {
                    reason: "not a SHA-256 (64 hexadecimal digits)".into(),
                },
            ));
        }
    }
    if let Some(v) = fields.get("version")
        && v.as_i64().is_none_or(|v| v < 1)
    {
        return Err(FieldError::new("version", FieldErrorKind::MustBePositive));
    }
    Ok(())
}
