//! The quote list as a query: filter, sort, window (see [`crate::list`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::QuoteStatus;

/// Which quotes a list keeps. Empty fields keep all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteFilter {
    /// Number or account name contains it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub account_id: Option<Uuid>,
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    /// As stored.
    #[serde(default)]
    pub status: Option<QuoteStatus>,
    /// Only quotes of accounts in this industry (exact; empty: any).
    #[serde(default)]
    pub industry: String,
    /// Issued on or after this day (`YYYY-MM-DD`).
    #[serde(default)]
    pub from: String,
    /// Issued on or before this day.
    #[serde(default)]
    pub to: String,
}

/// The columns the quote list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuoteSort {
    /// Newest first by default (with `dir` desc).
    #[default]
    Number,
    IssueDate,
    Account,
    Status,
    Total,
    ValidUntil,
}
