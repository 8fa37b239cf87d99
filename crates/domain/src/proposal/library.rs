//! The content library as a proposal uses it: a block's text in the proposal's language, a block copied into
//! a proposal as a section, the case studies of the client's industry, and the module descriptions of the
//! quote's products.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::doc::{Block, Doc, DocError};
use super::section::ProposalSection;
use crate::content::{BlockKind, ContentBlock};
use crate::document::PdfLanguage;

/// A block's title in `lang` (the other language when it has none in `lang`; both for a bilingual proposal).
pub fn block_title(b: &ContentBlock, lang: PdfLanguage) -> String {
    let (en, zh) = (b.title_en.trim(), b.title_zh.trim());
    match lang {
        PdfLanguage::En if !en.is_empty() => en.to_string(),
        PdfLanguage::Zh if !zh.is_empty() => zh.to_string(),
        PdfLanguage::Bilingual if !en.is_empty() && !zh.is_empty() && en != zh => {
            format!("{en} {zh}")
        }
        _ if !en.is_empty() => en.to_string(),
        _ => zh.to_string(),
    }
}

/// A block's body in `lang` (the other language when it has none in `lang`; English then Chinese for a
/// bilingual proposal). A body that does not read as a document is an error naming the block.
pub fn block_doc(b: &ContentBlock, lang: PdfLanguage) -> Result<Doc, BlockDocError> {
    let read = |json: &str| -> Result<Doc, BlockDocError> {
        if json.trim().is_empty() {
            return Ok(Doc::default());
        }
        Doc::from_json(json).map_err(|error| BlockDocError {
            block: block_title(b, PdfLanguage::En),
            error,
        })
    };
    let (en, zh) = (read(&b.body_en)?, read(&b.body_zh)?);
    Ok(match lang {
        PdfLanguage::En if !en.is_blank() => en,
        PdfLanguage::Zh if !zh.is_blank() => zh,
        PdfLanguage::Bilingual if !en.is_blank() && !zh.is_blank() => Doc {
            content: en.content.into_iter().chain(zh.content).collect(),
        },
        _ if !en.is_blank() => en,
        _ => zh,
    })
}

/// A block whose body is not a document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("content block \"{block}\": {error}")]
pub struct BlockDocError {
    pub block: String,
    pub error: DocError,
}

/// Block `b` copied into a proposal in `lang`: a content section under its title. The copy is edited
/// without changing the block.
pub fn section_of_block(
    b: &ContentBlock,
    lang: PdfLanguage,
) -> Result<ProposalSection, BlockDocError> {
    Ok(ProposalSection::from_block(
        b.id,
        block_title(b, lang),
        &block_doc(b, lang)?,
    ))
}

/// The case studies of the client's `industry` (any case), each as a heading and its text: what the
/// case-studies section of a new proposal starts with. Blocks whose body does not read are left out.
pub fn case_studies_for(blocks: &[ContentBlock], industry: &str, lang: PdfLanguage) -> Doc {
    let industry = industry.trim().to_lowercase();
    let mut content = Vec::new();
    if industry.is_empty() {
        return Doc::default();
    }
    for b in blocks {
        if b.kind != Some(BlockKind::CaseStudy) || b.industry.trim().to_lowercase() != industry {
            continue;
        }
        let Ok(doc) = block_doc(b, lang) else {
            continue;
        };
        content.push(Block::heading(2, block_title(b, lang)));
        content.extend(doc.content);
    }
    Doc { content }
}

/// The description of each product and bundle the solution modules name, by its id: what the proposed
/// solution prints under each of the quote's modules. Blocks whose body does not read are left out.
pub fn module_descriptions(blocks: &[ContentBlock], lang: PdfLanguage) -> BTreeMap<Uuid, Doc> {
    let mut out = BTreeMap::new();
    for b in blocks {
        if b.kind != Some(BlockKind::SolutionModule) {
            continue;
        }
        let Ok(doc) = block_doc(b, lang) else {
            continue;
        };
        for id in b.product_ids.iter().chain(&b.bundle_ids) {
            out.entry(*id).or_insert_with(|| doc.clone());
        }
    }
    out
}
