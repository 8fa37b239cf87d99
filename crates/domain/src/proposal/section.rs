//! Templates and sections: a proposal is an ordered list of sections, each a copied content block or a part
//! generated from the opportunity's data.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::doc::Doc;
use crate::document::PdfLanguage;
use crate::text_enum::text_enum;

text_enum! {
    /// What a section is. `content` holds its own text (a copied content block); the generated parts add what
    /// the data holds under their own text (an introduction the rep may write).
    pub enum SectionKind {
        /// A content block copied into the proposal: company introduction, references, FAQ…
        Content = "content",
        /// The cover page: logo, title, client, date.
        Cover = "cover",
        /// The table of contents, with the pages the sections start on.
        TableOfContents = "table_of_contents",
        ExecutiveSummary = "executive_summary",
        /// The client's needs from the opportunity's needs capture, in the client's words.
        ClientNeeds = "client_needs",
        /// Each requirement with its priority and whether it is met.
        Requirements = "requirements",
        /// The quote's modules with their descriptions.
        Solution = "solution",
        /// The quote's table and totals, as the quote PDF prints them.
        Pricing = "pricing",
        Timeline = "timeline",
        CaseStudies = "case_studies",
        Terms = "terms",
        /// Where the client signs (stamped with the signature once signed).
        Signature = "signature",
    }
}

impl SectionKind {
    /// Parts that print something whatever their text: they are never empty.
    pub fn is_fixed(self) -> bool {
        matches!(
            self,
            SectionKind::Cover | SectionKind::TableOfContents | SectionKind::Signature
        )
    }

    /// Whether the section is listed in the table of contents (the cover and the contents are not).
    pub fn in_contents(self) -> bool {
        !matches!(self, SectionKind::Cover | SectionKind::TableOfContents)
    }
}

/// One section of a template or a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposalSection {
    /// Printed as the section's heading and in the contents; may hold placeholders.
    pub title: String,
    pub kind: SectionKind,
    /// A required section with nothing in it stops the proposal from being printed.
    #[serde(default)]
    pub required: bool,
    /// The section's own text: all of a content block, the introduction of a generated part.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Unknown))]
    pub body: Doc,
    /// The library block this section was copied from; the copy is edited without changing the block.
    #[serde(default)]
    pub source_block: Option<Uuid>,
}

impl ProposalSection {
    pub fn new(title: impl Into<String>, kind: SectionKind, required: bool) -> Self {
        ProposalSection {
            title: title.into(),
            kind,
            required,
            body: Doc::default(),
            source_block: None,
        }
    }

    pub fn with_body(self, body: Doc) -> Self {
        ProposalSection { body, ..self }
    }

    /// A content block put into a proposal: a copy of its text under its title, remembering where it came from.
    pub fn from_block(block_id: Uuid, title: impl Into<String>, body: &Doc) -> Self {
        ProposalSection {
            source_block: Some(block_id),
            ..ProposalSection::new(title, SectionKind::Content, false).with_body(body.clone())
        }
    }
}

/// The most sections of a template or proposal.
pub const MAX_SECTIONS: usize = 100;

/// A template: sections in order, and the language of its labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalTemplate {
    pub name: String,
    pub lang: PdfLanguage,
    pub sections: Vec<ProposalSection>,
}

/// Why a template's shape is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("a template needs at least one section")]
    NoSections,
    #[error("a template may have at most {MAX_SECTIONS} sections")]
    TooManySections,
    #[error("section {position} has no title")]
    NoTitle { position: usize },
    #[error("the {kind} part appears twice (sections \"{first}\" and \"{second}\")")]
    Twice {
        kind: SectionKind,
        first: String,
        second: String,
    },
    #[error("the cover must be the first section; it follows \"{0}\"")]
    CoverNotFirst(String),
}

impl ProposalTemplate {
    /// The shape every proposal made from it keeps: a title on every section, a cover only first, and each of
    /// cover, contents, pricing and signature at most once.
    pub fn check(sections: &[ProposalSection]) -> Result<(), TemplateError> {
        if sections.is_empty() {
            return Err(TemplateError::NoSections);
        }
        if sections.len() > MAX_SECTIONS {
            return Err(TemplateError::TooManySections);
        }
        for (i, s) in sections.iter().enumerate() {
            if s.title.trim().is_empty() && s.kind != SectionKind::Cover {
                return Err(TemplateError::NoTitle { position: i + 1 });
            }
            if s.kind == SectionKind::Cover && i > 0 {
                return Err(TemplateError::CoverNotFirst(sections[i - 1].title.clone()));
            }
            let once = matches!(
                s.kind,
                SectionKind::TableOfContents | SectionKind::Pricing | SectionKind::Signature
            );
            if once && let Some(first) = sections[..i].iter().find(|f| f.kind == s.kind) {
                return Err(TemplateError::Twice {
                    kind: s.kind,
                    first: first.title.clone(),
                    second: s.title.clone(),
                });
            }
        }
        Ok(())
    }

    /// The sections a new proposal starts with: the template's, copied.
    pub fn instantiate(&self) -> Result<Vec<ProposalSection>, TemplateError> {
        Self::check(&self.sections)?;
        Ok(self.sections.clone())
    }
}
