//! Quotes: drafting, pricing, approval, sending and revisions.
//!
//! **Totals.** Every amount comes from `domain::pricing::price`, fed from the recorded line inputs (quantity,
//! unit price and tax rate as recorded when the line was added, discounts, option flags) and the quote
//! discount. A save stores what that function returned (per line and the quote's totals, for lists and
//! reports); every view prices the recorded inputs again, so the editor, the database, the PDF and `fq` show
//! the same numbers.
//!
//! **Lifecycle** (`domain::quote`): a save decides approval. When a line's effective discount is above the
//! user's limit ([`Store::discount_limit`]: the signed-in role's limit from the server, else the device's
//! setting, 15 % unless set), the saved quote waits for approval
//! (`pending_approval`); otherwise it is a `draft`. Editing a quote that waits for or has approval takes it
//! back through draft (the approval is void) and decides again; saving it unchanged writes nothing. Only a
//! draft within the limit or an approved quote can be sent; a sent quote is frozen
//! ([`fieldquote_domain::Refusal::Frozen`]) and changes by [`Store::revise_quote`], which makes a new draft
//! numbered `…-R1`, `…-R2` and supersedes the old one. Past its valid-until date a sent quote shows as expired (`shown_status`) without being rewritten.
//!
//! **Bundles.** A draft line is an item, a bundle (its product is a bundle; the bundle's pricing, sum of its
//! components or fixed, is recorded on the line) or a component naming its bundle line by index. The tree is
//! checked before pricing — a component follows a bundle line, bundles do not nest, a sum bundle takes no
//! discount of its own — and each problem is a field error on that line; a component of a line with errors
//! is not priced. Stored, a component's `parent_id` is its bundle line's row id.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use fieldquote_domain::Currency;
use fieldquote_domain::quote::QuoteStatus;

use crate::StoreError;
use crate::entities::quote_line;
use crate::query::parse_id;

mod assemble;
mod codec;
mod lifecycle;
mod list;
mod numbering;
mod read;
mod reprice;
mod resolve;
mod revision;
mod save;
mod selection;

pub(crate) use lifecycle::not_allowed;
pub(crate) use list::quotes_page;

use assemble::Header;

/// Days a new quote (or a new revision) stays valid.
pub const DEFAULT_VALIDITY_DAYS: i64 = 30;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} is invalid: {value:?}"))
}

fn parse_currency(raw: &str) -> Result<Currency, StoreError> {
    raw.parse().map_err(|()| corrupt("currency", raw))
}

fn parse_status(raw: &str) -> Result<QuoteStatus, StoreError> {
    QuoteStatus::parse(raw).ok_or_else(|| corrupt("status", raw))
}

fn parse_day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

fn day_string(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The date a quote's prices are resolved for: its issue date (today for a new quote).
fn quote_date(h: &Header) -> NaiveDate {
    parse_day(&h.issue_date).unwrap_or_else(today)
}

fn index_lines(
    lines: Vec<quote_line::Model>,
) -> Result<HashMap<Uuid, quote_line::Model>, StoreError> {
    lines
        .into_iter()
        .map(|m| Ok((parse_id(&m.id)?, m)))
        .collect()
}
