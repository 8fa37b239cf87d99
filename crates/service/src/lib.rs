//! Fieldquote's use cases that more than one front door offers, each written once: the desktop app's Tauri
//! commands and `fq`'s subcommands call these functions and only parse their input and word their output.
//!
//! What this crate owns:
//! - [`pdf`]: a quote's PDF — what it is made from (the quote, the company profile, the logo) and which
//!   language it is printed in (the one chosen now, else the quote's, else the device's setting, else the
//!   front door's default), with the sales contact who sends it, rendered and written to a file.
//! - [`approval`]: a manager's decision on a quote's discounts and who signs it (the signed-in account, else
//!   the manager named on a laptop without a server, with the manager PIN once one is set).
//! - [`settings`]: the settings of this laptop as the app's Settings screen and `fq settings` show and change
//!   them — the company profile with its bank details, the discount limit, exchange rates, the manager PIN,
//!   "my contact details", the company logo (set with its checks, or removed) and the default PDF language.
//! - [`import`]: the catalog and price lists from CSV files, checked whole (every problem by row and column)
//!   before anything is written, with progress for a large file.
//! - [`search`]: the search box over every record a rep works with (the app's search box, `fq search`).
//!
//! - [`account`]: accounts (the client companies) — the list as a query, the account page, create and
//!   edit, the account's price list and its shares.
//! - The rest of the client visit, one module per area: [`contact`], [`buying_process`], [`opportunity`]
//!   (stage moves, the client's answer to a quote, members), [`workstream`], [`needs`] (and requirements,
//!   SWOT), [`activity`] (check-in and check-out, the agenda) and [`feedback`] (its loop).
//! - [`proposal`]: proposals — made from the template for an opportunity, edited as drafts, sent (frozen),
//!   revised, rendered (the live preview, the file), signed on the spot and verified.
//! - [`colleague`]: the company directory a laptop gets from its server.
//! - [`clock`]: the device's time and day, read here for every stamp a use case makes.
//!
//! It adds no rules of its own (those live in `fieldquote-domain`) and no storage (that is
//! `fieldquote-store`'s): a use case here is the sequence of calls a front door would otherwise repeat.

pub mod account;
pub mod activity;
pub mod approval;
pub mod buying_process;
pub mod clock;
pub mod colleague;
pub mod contact;
pub mod content;
pub mod feedback;
pub mod import;
pub mod needs;
pub mod opportunity;
pub mod pdf;
pub mod proposal;
pub mod search;
pub mod settings;
pub mod workstream;

mod error;

pub use error::ServiceError;
