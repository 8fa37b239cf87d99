//! `fieldquote-server`: the team server that Fieldquote laptops sync with.
//!
//! This crate owns the server side of DESIGN §4: its database (SQLite by default, PostgreSQL for
//! larger teams; the same migrations for both), the accounts that may sign in (teams, users, their
//! roles — the domain's one `Role`, stored by name —, argon2id password hashes, hashed bearer tokens,
//! throttling of failed logins per source address and per account), the sync API
//! (`POST /api/v1/sync/push`, `GET /api/v1/sync/pull`: per-field last-writer-wins merge, at-most-once
//! changes, role-scoped pulls by server sequence, and the approval rules: only a manager of the
//! owner's team or an admin decides a quote's approval, for the version they saw), approval on the spot
//! (`POST /api/v1/approvals/on-the-spot`: a manager's password checked on the rep's laptop) and the
//! server-owned records (product catalog, company profile with the discount limits per role) written by
//! admin commands. The admin subcommands of the binary (`team add`,
//! `user add`, `import products`, `company set`, …) call the same service functions the HTTP handlers
//! do, directly on the database.
//!
//! Layering: [`http`] handlers are thin (parse, call a service, map errors); the services
//! [`accounts`], [`sync`], [`approvals`] and [`catalog`] hold the rules (the push planner and field checks in
//! [`sync`] are pure); [`repo`] holds every query; [`entities`] and [`migration`] describe the schema.
//! The process keeps no state besides the database pool, so several server processes may share one
//! PostgreSQL.
//!
//! Time is stored as `i64` milliseconds since the Unix epoch (UTC) in every table, on both databases;
//! the API shows it as RFC 3339. Ids are UUIDv7 strings. Record clocks are hybrid logical clock
//! strings ([`fieldquote_domain::hlc::Hlc`]), whose string order is clock order.

pub mod accounts;
pub mod approvals;
pub mod blobs;
pub mod catalog;
pub mod colleagues;
pub mod config;
pub mod content;
pub mod db;
pub mod entities;
pub mod error;
pub mod http;
pub mod input;
pub mod lockout;
pub mod migration;
pub mod password;
pub mod price_lists;
pub mod repo;
pub mod sync;
pub mod token;

pub use config::ServerConfig;
pub use db::{Backend, Db};
pub use error::ServerError;

/// Sync protocol version this server speaks: the devices' ([`fieldquote_domain::sync::PROTOCOL_VERSION`]).
pub const PROTOCOL_VERSION: u32 = fieldquote_domain::sync::PROTOCOL_VERSION;
/// Oldest client protocol version this server accepts; older clients are told to update. Protocol 2 brought
/// the client visit's kinds, shares and revocations; protocol 3 the content library (`content_block`) and
/// its blobs: a device of an older protocol would not store the new kinds, nor fetch the images they name.
pub const MIN_CLIENT_PROTOCOL: u32 = 3;

/// Now, in milliseconds since the Unix epoch (UTC): the unit of every stored timestamp.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A stored timestamp as RFC 3339 (UTC, milliseconds), the form the API shows.
pub fn ms_to_rfc3339(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
