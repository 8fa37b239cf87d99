//! Writing proposal versions: a new draft, its edits, sending (freezing) it, revising a sent one, and the
//! client's signature on the spot, which accepts the quote (with the client's choice of optional items) and
//! wins the opportunity in the same transaction.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;
use uuid::Uuid;

use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::opportunity::QuoteOutcome;
use fieldquote_domain::proposal::library::case_studies_for;
use fieldquote_domain::proposal::record::{blobs_needed, signature_fields};
use fieldquote_domain::proposal::{
    Proposal, ProposalDocument, ProposalInput, ProposalInputError, ProposalSection,
    ProposalSignature, ProposalStatus, ProposalStep, SectionKind, check_step, content_hash,
    default_title, standard_template,
};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::validation::{self, MAX_NAME};
use fieldquote_domain::{DomainError, FieldError, FieldErrorKind, device_time};

use super::{KIND, current_quote, to_proposal};
use crate::rows::{self, Fields, Row};
use crate::{Origin, Store, StoreError};

/// A new proposal: its first version, a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProposal {
    pub opportunity_id: Uuid,
    pub title: String,
    pub lang: PdfLanguage,
    pub sections: Vec<ProposalSection>,
}

fn invalid(e: ProposalInputError) -> StoreError {
    match e {
        ProposalInputError::Fields(f) => StoreError::Invalid(f),
        ProposalInputError::Template(t) => StoreError::Invalid(vec![FieldError::new(
            "sections",
            FieldErrorKind::InvalidList {
                reason: t.to_string(),
            },
        )]),
    }
}

fn text(v: impl Into<String>) -> Value {
    Value::from(v.into())
}

fn blobs_json(list: &[String]) -> Value {
    text(fieldquote_domain::text_list::to_json(list))
}

/// Refuse `step` on the version in `row` unless its status allows it.
fn check(row: &Row, step: ProposalStep) -> Result<Proposal, StoreError> {
    let p = to_proposal(row)?;
    check_step(p.version, p.status, step).map_err(DomainError::from)?;
    Ok(p)
}

/// The JSON of a document as a blob's bytes.
fn document_bytes(doc: &ProposalDocument) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(doc)
        .map_err(|e| StoreError::Corrupt(format!("cannot serialize a proposal document: {e}")))
}

/// What the client signs with, on the spot.
#[derive(Debug, Clone, PartialEq)]
pub struct Signing {
    /// The optional quote lines the client takes.
    pub taken_lines: Vec<Uuid>,
    pub name: String,
    pub title: String,
    /// The signature as drawn, a PNG.
    pub signature_png: Vec<u8>,
    /// The proposal as signed: the sent version with the client's choice priced.
    pub document: ProposalDocument,
    /// SHA-256 of the PDF the client saw (the document without its signature page) and of the signed PDF.
    pub seen_sha256: String,
    pub signed_pdf_sha256: String,
}

impl Store {
    /// Start a proposal for `opportunity_id` from the standard template in `lang`, titled `title` (else after
    /// the opportunity). Its case-studies section starts with the library's case studies of the client's
    /// industry.
    pub async fn start_proposal(
        &self,
        opportunity_id: Uuid,
        title: Option<&str>,
        lang: PdfLanguage,
        origin: Origin,
    ) -> Result<Proposal, StoreError> {
        let opportunity = self.get_opportunity(opportunity_id).await?;
        let account = self.get_account(opportunity.account_id).await?;
        let blocks = self
            .list_content_blocks(&crate::ContentFilter::default())
            .await?;
        let mut sections = standard_template(lang)
            .instantiate()
            .map_err(|e| invalid(ProposalInputError::Template(e)))?;
        let cases = case_studies_for(&blocks, &account.industry, lang);
        for s in sections
            .iter_mut()
            .filter(|s| s.kind == SectionKind::CaseStudies)
        {
            s.body.content.extend(cases.content.clone());
        }
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| default_title(&opportunity.name, lang));
        self.create_proposal(
            &NewProposal {
                opportunity_id,
                title,
                lang,
                sections,
            },
            origin,
        )
        .await
    }

    /// Start a proposal for an opportunity: version 1, a draft printing the opportunity's current quote
    /// (its newest sent one, else its newest live one).
    pub async fn create_proposal(
        &self,
        new: &NewProposal,
        origin: Origin,
    ) -> Result<Proposal, StoreError> {
        let input = ProposalInput {
            title: new.title.clone(),
            lang: new.lang,
            sections: new.sections.clone(),
        };
        let (title, sections) = input.validate().map_err(invalid)?;
        let w = self.begin_write(origin).await?;
        let opp = rows::live(&w.txn, EntityKind::Opportunity, new.opportunity_id).await?;
        let quote = current_quote(&w.txn, new.opportunity_id).await?;
        let blobs = blobs_needed(&new.sections, &[], None);
        let row = w
            .insert_row(
                KIND,
                Uuid::now_v7(),
                rows::fields([
                    ("opportunity_id", text(new.opportunity_id.to_string())),
                    ("account_id", text(opp.text("account_id"))),
                    ("quote_id", rows::id_text(quote)),
                    ("title", text(title)),
                    ("lang", text(new.lang.code())),
                    ("version", Value::from(1)),
                    ("status", text(ProposalStatus::Draft.as_str())),
                    ("sections", text(sections)),
                    ("blobs", blobs_json(&blobs)),
                ]),
            )
            .await?;
        w.commit().await?;
        to_proposal(&row)
    }

    /// Change a draft's title, language and sections.
    pub async fn update_proposal(
        &self,
        id: Uuid,
        input: &ProposalInput,
        origin: Origin,
    ) -> Result<Proposal, StoreError> {
        let (title, sections) = input.validate().map_err(invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        check(&before, ProposalStep::Edit)?;
        let blobs = blobs_needed(&input.sections, &[], None);
        let row = w
            .update_row(
                &before,
                rows::fields([
                    ("title", text(title)),
                    ("lang", text(input.lang.code())),
                    ("sections", text(sections)),
                    ("blobs", blobs_json(&blobs)),
                ]),
            )
            .await?;
        w.commit().await?;
        to_proposal(&row)
    }

    /// Delete a draft (a sent version is kept).
    pub async fn delete_proposal(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        check(&before, ProposalStep::Delete)?;
        w.delete_row(&before).await?;
        w.commit().await
    }

    /// Send a draft: `doc` (the draft built from this laptop's data, as its PDF prints it) is frozen as a
    /// blob with its content hash, at device time `at`. Nothing of the version changes afterwards.
    pub async fn send_proposal(
        &self,
        id: Uuid,
        doc: &ProposalDocument,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Proposal, StoreError> {
        let blob = self.put_blob(&document_bytes(doc)?)?.to_string();
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let p = check(&before, ProposalStep::Send)?;
        let images: Vec<String> = doc.images().into_iter().map(|(_, sha)| sha).collect();
        let frozen: Vec<&str> = images
            .iter()
            .map(String::as_str)
            .chain([blob.as_str()])
            .collect();
        let blobs = blobs_needed(&p.sections, &frozen, None);
        let row = w
            .update_row(
                &before,
                rows::fields([
                    ("status", text(ProposalStatus::Sent.as_str())),
                    ("document_blob", text(blob.clone())),
                    ("content_hash", text(content_hash(doc))),
                    ("sent_at", text(device_time::format(at))),
                    ("blobs", blobs_json(&blobs)),
                ]),
            )
            .await?;
        w.commit().await?;
        to_proposal(&row)
    }

    /// Revise a sent version: the next version, a draft with the same title, language and sections, printing
    /// the opportunity's current quote (a revised quote's new revision, say). The sent one is superseded.
    pub async fn revise_proposal(&self, id: Uuid, origin: Origin) -> Result<Proposal, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let old = check(&before, ProposalStep::Revise)?;
        let quote = match old.opportunity_id {
            Some(o) => current_quote(&w.txn, o).await?.or(old.quote_id),
            None => old.quote_id,
        };
        let blobs = blobs_needed(&old.sections, &[], None);
        let row = w
            .insert_row(
                KIND,
                Uuid::now_v7(),
                rows::fields([
                    ("opportunity_id", text(before.text("opportunity_id"))),
                    ("account_id", text(before.text("account_id"))),
                    ("quote_id", rows::id_text(quote)),
                    ("title", text(old.title.clone())),
                    ("lang", text(old.lang.code())),
                    ("version", Value::from(old.version + 1)),
                    ("revises_id", text(id.to_string())),
                    ("status", text(ProposalStatus::Draft.as_str())),
                    ("sections", text(before.text("sections"))),
                    ("blobs", blobs_json(&blobs)),
                ]),
            )
            .await?;
        w.update_row(
            &before,
            rows::fields([("status", text(ProposalStatus::Superseded.as_str()))]),
        )
        .await?;
        w.commit().await?;
        to_proposal(&row)
    }

    /// The client signs a sent version on the spot, at device time `at`: the signature, the signed document
    /// and what they are checked by are recorded; the quote records the client's choice of optional items
    /// and becomes accepted, and the opportunity is won with it — all in one transaction, which syncs.
    pub async fn sign_proposal(
        &self,
        id: Uuid,
        signing: &Signing,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Proposal, StoreError> {
        let mut errors = Vec::new();
        let name = validation::text("signer_name", &signing.name, MAX_NAME, true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let title = validation::text("signer_title", &signing.title, MAX_NAME, false)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        if signing.signature_png.is_empty() {
            errors.push(FieldError::new("signature", FieldErrorKind::Required));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let who = self.decider_name().await?;
        let image = self.put_blob(&signing.signature_png)?.to_string();
        let document_blob = self
            .put_blob(&document_bytes(&signing.document)?)?
            .to_string();
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let p = check(&before, ProposalStep::Sign)?;
        let quote = p.quote_id.ok_or_else(|| {
            StoreError::Invalid(vec![FieldError::new("quote", FieldErrorKind::Required)])
        })?;
        self.apply_selection(&w, quote, &signing.taken_lines)
            .await?;
        self.mark_quote_outcome_in(&w, quote, QuoteOutcome::Accepted, at, &who)
            .await?;
        let signature = ProposalSignature {
            name,
            title,
            signed_at: device_time::format(at),
            image_sha256: image,
            seen_sha256: signing.seen_sha256.clone(),
            signed_pdf_sha256: signing.signed_pdf_sha256.clone(),
            document_blob,
            content_hash: content_hash(&signing.document),
            taken_lines: signing.taken_lines.clone(),
            witnessed_at: String::new(),
            witnessed_sha256: String::new(),
        };
        let frozen = [p.document_blob.as_str()];
        let blobs = blobs_needed(&p.sections, &frozen, Some(&signature));
        let blobs: Vec<String> = blobs
            .into_iter()
            .chain(signing.document.images().into_iter().map(|(_, sha)| sha))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut fields: Fields = signature_fields(&signature).into_iter().collect();
        fields.insert("status".into(), text(ProposalStatus::Accepted.as_str()));
        fields.insert("blobs".into(), blobs_json(&blobs));
        let row = w.update_row(&before, fields).await?;
        w.commit().await?;
        to_proposal(&row)
    }
}
