//! Proposals: the document a proposal is made of, from the client's needs to the signature page.
//!
//! - [`doc`]: the rich-text document of a section or content block ([`Doc`]), in the JSON shape of a TipTap /
//!   ProseMirror editor, with its limits and specific errors ([`DocError`]).
//! - [`placeholder`]: `{{client.name}}` and the rest of the vocabulary, filled from the data ([`fill`]); an
//!   unknown placeholder or one without a value is an error, never blank text.
//! - [`section`]: templates ([`ProposalTemplate`]) as ordered sections ([`ProposalSection`]), each a copied
//!   content block or a generated part ([`SectionKind`]), some required.
//! - [`build`]: the proposal as printed ([`ProposalDocument`]) from its sections and the opportunity's data
//!   ([`ProposalInputs`]): needs, requirements with their fit, the quote's modules, and the pricing figures as
//!   the quote shows them ([`PricingShown`], from `quote::LineShown` and `quote::QuoteShown`, never recomputed).
//! - [`standard`]: the standard template in English, Chinese or both, and the PDF's file name from a pattern.
//! - [`record`]: a proposal version as a synced record ([`Proposal`]): draft, sent (frozen), accepted
//!   (signed on the spot) or superseded, with the steps each allows ([`check_step`]).
//! - [`library`]: content blocks as a proposal uses them (in its language, copied in as sections, the case
//!   studies of the client's industry, the descriptions of the quote's modules).
//! - [`hash`]: a version's frozen content hash over a canonical serialization ([`content_hash`]).

pub mod build;
pub mod doc;
pub mod hash;
pub mod library;
pub mod placeholder;
mod read;
pub mod record;
pub mod section;
pub mod standard;
mod words;

pub use build::{
    BuiltSection, PricedLineShown, PricingShown, ProposalDocument, ProposalError, ProposalInputs,
    build_proposal, placeholder_values, pricing_shown,
};
pub use doc::{
    Block, Doc, DocError, DocErrorKind, HeadingAttrs, ImageAttrs, Inline, ListItem, Mark,
    TableCell, TableRow, is_sha256,
};
pub use hash::{canonical_content, content_hash, sha256_hex};
pub use placeholder::{PLACEHOLDERS, PlaceholderError, PlaceholderValues, fill, fill_text};
pub use record::{
    Proposal, ProposalInput, ProposalInputError, ProposalSignature, ProposalStatus, ProposalStep,
    check_step,
};
pub use section::{ProposalSection, ProposalTemplate, SectionKind, TemplateError};
pub use standard::{
    DEFAULT_FILE_NAME, check_file_pattern, default_title, file_name, standard_template,
};

#[cfg(test)]
#[path = "build_tests.rs"]
mod build_tests;
#[cfg(test)]
#[path = "doc_tests.rs"]
mod doc_tests;
#[cfg(test)]
#[path = "standard_tests.rs"]
mod standard_tests;
