//! Fieldquote's domain: the types and rules of quoting, with no I/O.
//!
//! What this crate owns, by area: each area's rules and the views that cross the app boundary (IPC, CLI
//! JSON) live in `src/<area>` — the one place a new area (accounts, opportunities, proposals) adds its own.
//! - [`company`]: the selling company's profile with the bank account clients pay into, and the sales contact a
//!   quote names (the signed-in account, else this laptop's "my contact details").
//! - [`catalog`]: products, bundles (solution modules) with their components, suggested accessories, and the
//!   checks that bundles do not nest.
//! - [`price_list`]: versioned price lists with quantity tiers and validity dates; resolving a unit price
//!   (customer list, else default list, else base price) together with where it came from.
//! - [`pricing`]: line and quote totals — tax-exclusive and tax-inclusive (含税) lines, line discounts (percent
//!   then amount, never below zero), the quote-level discount spread by largest remainder, optional lines,
//!   bundles, converted prices, tax per line and by rate. The rules are written out in that module.
//! - [`approval`]: whether a quote's effective discounts exceed a role's limit (default 15 %), who may decide
//!   and who signs, the manager PIN of a laptop without a server (its shape and the lock after wrong ones), and
//!   what the screens show of it.
//! - [`quote`]: the status machine (draft → pending approval → approved → sent → accepted / rejected / expired,
//!   superseded) and the shown-as-expired rule, the draft and its validation, the quote view, what changed
//!   between a revision and the quote it revises, and what re-pricing would change.
//! - [`proposal`]: a proposal's rich-text document, placeholders, templates of sections (content blocks and
//!   generated parts), the proposal as printed, and a version's content hash.
//! - [`document`]: what client documents share: the language of their labels ([`document::PdfLanguage`]) and
//!   which one a document gets.
//! - [`import`]: reading catalog and price-list import files (CSV), every problem reported by row and column,
//!   and writing them.
//! - [`sync`]: the device ↔ server protocol and the per-field last-writer-wins merge, with the one list of
//!   synced kinds and their columns.
//! - [`access`]: who sees and who edits accounts, opportunities, quotes and what hangs under them, and who
//!   may share them.
//! - The client visit, by area: [`account`] (the client company; `customer` on the wire), [`contact`],
//!   [`buying_process`], [`opportunity`] (stages, won and lost, members), [`workstream`], [`needs`] (and
//!   SWOT, requirements), [`activity`] and [`feedback`].
//!
//! - [`content`]: the content library's blocks (company and personal, English and Chinese, tags, industry,
//!   linked products and bundles) and the content-addressed blobs (SHA-256) their images travel as.
//!
//! And the building blocks every area uses:
//! - [`refusal`]: why a request was refused, as data ([`Refusal`]) that each front door words for its reader.
//! - [`money`]: currencies with their ISO 4217 exponents (CNY/USD/EUR 2, JPY/KRW 0, KWD/BHD 3), exact amounts
//!   in integer minor units, the one rounding rule (half away from zero, to the currency's exponent) and
//!   exchange rates recorded on lines.
//! - [`validation`]: parsing of everything a person types (names, quantities, percentages, prices, dates) into
//!   newtypes that can only hold valid values, with field errors the UI can show in either language.
//! - [`numbering`]: readable, device-unique quote numbers and their revisions (`Q-2026-0007-R2`).
//! - [`format`]: how amounts and dates are written for people, on screen and on the PDF, in both languages.
//! - [`capital`]: Chinese capital amounts (人民币大写) for CNY totals.
//! - [`sort_key`]: the pinyin key Chinese names sort by.
//! - [`hlc`]: the hybrid logical clock that stamps every synced row.
//!
//! Nothing here reads a clock, a file or a database: callers pass those values in.

mod text_enum;

pub mod access;
pub mod account;
pub mod activity;
pub mod approval;
pub mod buying_process;
pub mod capital;
pub mod catalog;
pub mod company;
pub mod contact;
pub mod content;
pub mod device_time;
pub mod document;
pub mod error;
pub mod feedback;
pub mod format;
pub mod hlc;
pub mod import;
pub mod list;
pub mod money;
pub mod needs;
pub mod numbering;
pub mod opportunity;
pub mod price_list;
pub mod pricing;
pub mod proposal;
pub mod quote;
pub mod refusal;
pub mod rule;
pub mod search;
pub mod sort_key;
pub mod sync;
pub mod text_list;
pub mod validation;
pub mod workstream;

pub use access::Role;
pub use error::{DomainError, FieldError, FieldErrorKind};
pub use money::{Currency, Money};
pub use refusal::Refusal;
