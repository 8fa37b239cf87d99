//! The content library: reusable blocks a proposal is built from — company introduction, solution modules
//! (linked to catalog products and bundles), case studies, references, certifications, standard terms and
//! FAQ — each in English and Chinese, with tags and an industry, and the images it shows as content-addressed
//! blobs ([`blob`]).
//!
//! - **Company blocks** (scope `company`) are the server's: an admin imports them
//!   (`fieldquote-server content import`), every device receives them, nobody pushes them. They are owned by
//!   [`COMPANY_OWNER`] (the server's system owner), which is how the access rules tell them apart.
//! - **Personal blocks** (scope `personal`) are their owner's alone: made, changed and deleted on the owner's
//!   laptops and synced to the owner's other devices only.
//!
//! A block's body is a proposal document in its structured form, kept as its JSON text (`body_en`,
//! `body_zh`) and checked as one ([`crate::proposal::Doc::from_json`]) on every write; plain text (what a CSV
//! file holds) becomes a document of paragraphs. A case study's client, challenge, solution and result are
//! parts of its body.

pub mod blob;
pub mod import;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::text_enum::text_enum;
use crate::validation::{self, MAX_NAME, collect};
use crate::{FieldError, FieldErrorKind, text_list};

pub use blob::BlobHash;

text_enum! {
    /// What a block is for.
    pub enum BlockKind {
        CompanyIntroduction = "company_introduction",
        SolutionModule = "solution_module",
        CaseStudy = "case_study",
        Reference = "reference",
        Certification = "certification",
        Terms = "terms",
        Faq = "faq",
    }
}

text_enum! {
    /// Whose a block is: the company's (server-owned) or one rep's.
    pub enum Scope {
        Company = "company",
        Personal = "personal",
    }
}

/// Owner of company blocks: no user (the server's system owner, the nil UUID).
pub const COMPANY_OWNER: Uuid = Uuid::nil();
/// Longest title, in characters.
pub const MAX_TITLE: usize = MAX_NAME;
/// Longest body (the document's JSON text), in characters.
pub const MAX_BODY: usize = 500_000;
/// Most tags, products, bundles and images of one block.
pub const MAX_TAGS: usize = 30;
pub const MAX_LINKS: usize = 100;
pub const MAX_IMAGES: usize = 100;

/// The synced text fields of a block that hold JSON lists.
pub const LIST_FIELDS: [&str; 4] = ["tags", "product_ids", "bundle_ids", "image_blobs"];

/// A block as stored and synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContentBlock {
    pub id: Uuid,
    /// [`COMPANY_OWNER`] for a company block.
    pub owner_id: Uuid,
    /// `None` for a word this build does not know.
    pub kind: Option<BlockKind>,
    pub scope: Scope,
    pub title_en: String,
    pub title_zh: String,
    /// The proposal document's JSON text (see the module docs).
    pub body_en: String,
    pub body_zh: String,
    pub tags: Vec<String>,
    pub industry: String,
    pub product_ids: Vec<Uuid>,
    pub bundle_ids: Vec<Uuid>,
    /// SHA-256 of each image, in the order the block shows them.
    #[cfg_attr(feature = "specta", specta(type = Vec<String>))]
    pub image_blobs: Vec<BlobHash>,
}

/// A block as a person (or an import file) gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ContentBlockInput {
    /// One of [`BlockKind`]'s words.
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    pub body_en: String,
    pub body_zh: String,
    pub tags: Vec<String>,
    pub industry: String,
    pub product_ids: Vec<Uuid>,
    pub bundle_ids: Vec<Uuid>,
    /// SHA-256 of each image (64 hexadecimal digits).
    pub image_blobs: Vec<String>,
}

fn list_error(field: &str, reason: String) -> FieldError {
    FieldError::new(field, FieldErrorKind::InvalidList { reason })
}

/// A body: a document's JSON text, or plain text made into one, up to [`MAX_BODY`] characters without NUL.
fn body(field: &str, input: &str) -> Result<String, FieldError> {
    if input.len() > MAX_BODY * 4 || input.chars().count() > MAX_BODY {
        return Err(FieldError::new(
            field,
            FieldErrorKind::TooLong {
                max: MAX_BODY as u32,
            },
        ));
    }
    if input.contains('\0') {
        return Err(FieldError::new(field, FieldErrorKind::ControlCharacters));
    }
    let text = input.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if !text.starts_with('{') {
        return Ok(crate::proposal::Doc::from_plain(text).to_json());
    }
    crate::proposal::Doc::from_json(text).map_err(|e| {
        FieldError::new(
            field,
            FieldErrorKind::InvalidList {
                reason: format!("not a document: {e}"),
            },
        )
    })?;
    Ok(text.to_string())
}

fn ids(field: &str, list: &[Uuid], errors: &mut Vec<FieldError>) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::new();
    for id in list {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    if out.len() > MAX_LINKS {
        errors.push(FieldError::new(
            field,
            FieldErrorKind::AboveMax {
                max: MAX_LINKS.to_string(),
            },
        ));
    }
    out
}

fn hashes(field: &str, list: &[String], errors: &mut Vec<FieldError>) -> Vec<BlobHash> {
    let mut out: Vec<BlobHash> = Vec::new();
    for (i, h) in list.iter().enumerate() {
        match BlobHash::parse(h.trim()) {
            Ok(h) if !out.contains(&h) => out.push(h),
            Ok(_) => {}
            Err(e) => errors.push(list_error(&format!("{field}[{i}]"), e.to_string())),
        }
    }
    if out.len() > MAX_IMAGES {
        errors.push(FieldError::new(
            field,
            FieldErrorKind::AboveMax {
                max: MAX_IMAGES.to_string(),
            },
        ));
    }
    out
}

impl ContentBlockInput {
    /// The block's synced fields (every column of `content_block`), or every problem by field. A block
    /// needs a kind and a title in at least one language.
    pub fn validate(&self, scope: Scope) -> Result<BTreeMap<String, Value>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = collect(&mut errors, BlockKind::parse_field("kind", &self.kind));
        let title_en = collect(
            &mut errors,
            validation::text("title_en", &self.title_en, MAX_TITLE, false),
        );
        let title_zh = collect(
            &mut errors,
            validation::text("title_zh", &self.title_zh, MAX_TITLE, false),
        );
        if title_en.as_deref().is_some_and(str::is_empty)
            && title_zh.as_deref().is_some_and(str::is_empty)
        {
            errors.push(FieldError::new("title_en", FieldErrorKind::Required));
        }
        let body_en = collect(&mut errors, body("body_en", &self.body_en));
        let body_zh = collect(&mut errors, body("body_zh", &self.body_zh));
        let industry = collect(
            &mut errors,
            validation::text("industry", &self.industry, MAX_NAME, false),
        );
        let tags = match text_list::validate("tags", &self.tags, MAX_TAGS, MAX_NAME) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };
        let product_ids = ids("product_ids", &self.product_ids, &mut errors);
        let bundle_ids = ids("bundle_ids", &self.bundle_ids, &mut errors);
        let image_blobs = hashes("image_blobs", &self.image_blobs, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let text = |s: Option<String>| Value::from(s.unwrap_or_default());
        let hashes: Vec<String> = image_blobs.iter().map(|h| h.to_string()).collect();
        Ok(BTreeMap::from([
            (
                "kind".into(),
                Value::from(kind.map_or("", BlockKind::as_str)),
            ),
            ("scope".into(), Value::from(scope.as_str())),
            ("title_en".into(), text(title_en)),
            ("title_zh".into(), text(title_zh)),
            ("body_en".into(), text(body_en)),
            ("body_zh".into(), text(body_zh)),
            ("tags".into(), Value::from(text_list::to_json(&tags))),
            ("industry".into(), text(industry)),
            (
                "product_ids".into(),
                Value::from(text_list::ids_to_json(&product_ids)),
            ),
            (
                "bundle_ids".into(),
                Value::from(text_list::ids_to_json(&bundle_ids)),
            ),
            (
                "image_blobs".into(),
                Value::from(text_list::to_json(&hashes)),
            ),
        ]))
    }
}

impl ContentBlock {
    /// A block from its synced fields (as a row or a record holds them); unknown words read as not set.
    pub fn from_fields(id: Uuid, owner_id: Uuid, fields: &BTreeMap<String, Value>) -> ContentBlock {
        let text = |name: &str| {
            fields
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let scope = Scope::parse(&text("scope")).unwrap_or(if owner_id == COMPANY_OWNER {
            Scope::Company
        } else {
            Scope::Personal
        });
        ContentBlock {
            id,
            owner_id,
            kind: BlockKind::parse(&text("kind")),
            scope,
            title_en: text("title_en"),
            title_zh: text("title_zh"),
            body_en: text("body_en"),
            body_zh: text("body_zh"),
            tags: text_list::parse(&text("tags")),
            industry: text("industry"),
            product_ids: text_list::parse_ids(&text("product_ids")),
            bundle_ids: text_list::parse_ids(&text("bundle_ids")),
            image_blobs: blob::parse_list(&text("image_blobs")),
        }
    }

    /// The block as an input (to edit it, or to write it to an export file).
    pub fn to_input(&self) -> ContentBlockInput {
        ContentBlockInput {
            kind: self.kind.map(BlockKind::as_str).unwrap_or_default().into(),
            title_en: self.title_en.clone(),
            title_zh: self.title_zh.clone(),
            body_en: self.body_en.clone(),
            body_zh: self.body_zh.clone(),
            tags: self.tags.clone(),
            industry: self.industry.clone(),
            product_ids: self.product_ids.clone(),
            bundle_ids: self.bundle_ids.clone(),
            image_blobs: self.image_blobs.iter().map(ToString::to_string).collect(),
        }
    }
}

/// Check the content fields a pushed change writes (the server's rule for a device's write): `kind` and
/// `scope` are known words, the lists are JSON lists (ids of records, blob hashes), bodies within
/// [`MAX_BODY`]. Fields the change does not write are not checked. Errors name the field.
pub fn check_synced_fields(fields: &BTreeMap<String, Value>) -> Result<(), FieldError> {
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    if let Some(kind) = text("kind")
        && !kind.is_empty()
    {
        BlockKind::parse_field("kind", kind)?;
    }
    if let Some(scope) = text("scope") {
        Scope::parse_field("scope", scope)?;
    }
    for name in ["body_en", "body_zh"] {
        if let Some(b) = text(name) {
            body(name, b)?;
        }
    }
    for name in LIST_FIELDS {
        let Some(raw) = text(name) else { continue };
        if raw.trim().is_empty() {
            continue;
        }
        let list: Vec<String> = serde_json::from_str(raw)
            .map_err(|_| list_error(name, "must be a JSON list of texts".into()))?;
        for (i, item) in list.iter().enumerate() {
            let ok = match name {
                "product_ids" | "bundle_ids" => Uuid::parse_str(item).is_ok(),
                "image_blobs" => BlobHash::parse(item).is_ok(),
                _ => true,
            };
            if !ok {
                return Err(list_error(
                    &format!("{name}[{i}]"),
                    format!(
                        "{item:?} is not {}",
                        match name {
                            "image_blobs" => "a SHA-256 (64 hexadecimal digits)",
                            _ => "a record id (a UUID)",
                        }
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod tests;
