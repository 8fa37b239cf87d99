//! Fieldquote's use cases that more than one front door offers, each written once: the desktop app's Tauri
//! commands and `fq`'s subcommands call these functions and only parse their input and word their output.
//!
//! What this crate owns:
//! - [`pdf`]: a quote's PDF — what it is made from (the quote, the company profile, the logo) and which
//!   language it is printed in (the one chosen now, else the quote's, else the device's setting, else the
//!   front door's default), rendered and written to a file.
//! - [`approval`]: a manager's decision on a quote's discounts and who signs it (the signed-in account, else
//!   the manager named on a laptop without a server).
//! - [`settings`]: the PDF settings of this device — the company logo (set with its checks, or removed) and
//!   the default PDF language — as the app's Settings screen and `fq settings` show them.
//! - [`search`]: the search box over every record a rep works with (the app's search box, `fq search`).
//!
//! It adds no rules of its own (those live in `fieldquote-domain`) and no storage (that is
//! `fieldquote-store`'s): a use case here is the sequence of calls a front door would otherwise repeat.

pub mod approval;
pub mod pdf;
pub mod search;
pub mod settings;

mod error;

pub use error::ServiceError;
