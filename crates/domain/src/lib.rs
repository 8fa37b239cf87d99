//! Fieldquote's domain: the types and rules of quoting, with no I/O.
//!
//! What this crate owns:
//! - [`money`]: currencies with their ISO 4217 exponents and exact amounts in integer minor units.
//! - [`pricing`]: line and quote totals. One rounding rule everywhere: half away from zero, to the
//!   currency's exponent, applied per line (`net = round(qty × unit price × (1 − discount% / 100))`,
//!   `tax = round(net × rate / 100)`, `gross = net + tax`; quote totals are sums of the rounded lines).
//! - [`validation`]: parsing of everything a person types (names, quantities, percentages, prices) into
//!   newtypes that can only hold valid values, with field errors the UI can show in either language.
//! - [`hlc`]: the hybrid logical clock that stamps every synced row.
//! - [`numbering`]: readable, device-unique quote numbers.
//! - [`model`]: records and the views that cross the app boundary (IPC, CLI JSON).
//! - [`sync`]: the device ↔ server protocol and the per-field last-writer-wins merge.
//!
//! Nothing here reads a clock, a file or a database: callers pass those values in.

pub mod approval;
pub mod capital;
pub mod error;
pub mod hlc;
pub mod model;
pub mod money;
pub mod numbering;
pub mod price_list;
pub mod pricing;
pub mod quote;
pub mod sync;
pub mod validation;

pub use error::{DomainError, FieldError, FieldErrorKind};
pub use money::{Currency, Money};
