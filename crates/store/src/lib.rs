//! Fieldquote's local database: one SQLite file per installation, reached through sea-orm.
//!
//! What this crate owns:
//! - the schema ([`entities`], [`migration`]; migrations run at every open),
//! - the queries behind every screen and CLI command ([`Store`]'s methods), one module per area (`company`,
//!   `catalog`, `price_list`, `quote`, `approval`, `settings`, `sync`, and for the client visit `account`
//!   (the `customer` table), `contact`, `colleague`, `opportunity`, `workstream`, `needs`, `buying_process`, `activity`,
//!   `feedback`), which validate with `domain` and price with `domain` before anything is written,
//! - lists as queries (`paging`): a filter, a sort and a window, with the real count,
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

mod account;
mod activity;
mod approval;
mod blobs;
mod buying_process;
mod catalog;
mod colleague;
mod company;
mod contact;
mod content;
mod derived;
mod feedback;
mod manager_pin;
mod needs;
mod opportunity;
mod paging;
mod price_list;
mod proposal;
mod query;
mod quote;
mod rows;
mod search;
mod settings;
mod sync;

mod store;
mod workstream;
mod write;

pub use approval::RoleLimits;
pub use blobs::BLOB_DIR;
pub use company::default_company;
pub use content::ContentFilter;
pub use error::StoreError;
pub use fieldquote_domain::access::SignedInUser;
pub use fieldquote_domain::import::{PriceListImportReport, ProductImportReport};
pub use manager_pin::WRONG_PIN_DELAY;
pub use proposal::{NewProposal, ProposalFilter, Signing};
pub use search::{MAX_SEARCH_LIMIT, SearchHit};
pub use store::{DATA_DIR_ENV, DB_FILE, Store, default_data_dir};
pub use sync::{Conflict, OutboxChange, PullTally, PushTally, SyncState};
pub use sync::{ConflictItem, Keep};
pub use write::Origin;
