//! Fieldquote's local database: one SQLite file per installation, reached through sea-orm.
//!
//! What this crate owns:
//! - the schema ([`entities`], [`migration`]; migrations run at every open),
//! - the repositories behind every screen and CLI command ([`Store`]'s methods), which validate with
//!   `domain` and price with `domain` before anything is written,
//! - the outbox: every local write appends its change to `outbox` in the same transaction, stamped with the
//!   device's hybrid logical clock, ready for sync,
//! - demo data ([`demo`]).
//!
//! Every write is one `BEGIN IMMEDIATE` transaction, so concurrent processes on the same file serialize
//! instead of failing half-way, and a failed validation writes nothing.

pub mod demo;
pub mod entities;
mod error;
pub mod migration;
mod repo;
mod store;
mod write;

pub use error::StoreError;
pub use repo::approvals::{RoleLimits, SignedInUser};
pub use repo::company::default_company;
pub use repo::conflicts::{ConflictItem, Keep};
pub use repo::price_lists::PriceListImportReport;
pub use repo::products::ImportReport;
pub use repo::settings::PdfLanguage;
pub use repo::sync::{Conflict, OutboxChange, PullTally, PushTally, SyncState};
pub use store::{DATA_DIR_ENV, DB_FILE, Store, default_data_dir};
pub use write::Origin;
