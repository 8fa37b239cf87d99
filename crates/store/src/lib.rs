//! Fieldquote's local database: one SQLite file per installation, reached through sea-orm.
//!
//! What this crate owns:
//! - the schema ([`entities`], [`migration`]; migrations run at every open),
//! - the queries behind every screen and CLI command ([`Store`]'s methods), one module per area (`company`,
//!   `customer`, `catalog`, `price_list`, `quote`, `approval`, `settings`, `manager_pin`, `sync`), which validate with
//!   `domain` and price with `domain` before anything is written,
//! - the outbox: every local write appends its change to `outbox` in the same transaction, stamped with the
//!   device's hybrid logical clock, ready for sync,
//! - demo data ([`demo`]),
//! - its errors ([`StoreError`]): a refused request carries its reason as data ([`fieldquote_domain::Refusal`]).
//!
//! With the `specta` feature the types the desktop app shows (sync state, conflicts) derive `specta::Type`.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction, so concurrent processes on the same file serialize
//! instead of failing half-way, and a failed validation writes nothing.

pub mod demo;
pub mod entities;
mod error;
pub mod migration;

mod approval;
mod catalog;
mod company;
mod customer;
mod manager_pin;
mod price_list;
mod query;
mod quote;
mod settings;
mod sync;

mod store;
mod write;

pub use approval::RoleLimits;
pub use company::default_company;
pub use error::StoreError;
pub use fieldquote_domain::account::SignedInUser;
pub use fieldquote_domain::import::{PriceListImportReport, ProductImportReport};
pub use manager_pin::WRONG_PIN_DELAY;
pub use store::{DATA_DIR_ENV, DB_FILE, Store, default_data_dir};
pub use sync::{Conflict, OutboxChange, PullTally, PushTally, SyncState};
pub use sync::{ConflictItem, Keep};
pub use write::Origin;
