//! An opportunity as the screens and `fq` show it, its stage history and members, and the pipeline list's
//! rows, filter and sort. Money is a decimal string with the currency's decimals, never a float.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{LostReason, MemberRole, Stage};

/// A stored opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Opportunity {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    /// `"1200000.00"`.
    pub expected_value: String,
    /// The same in minor units (TypeScript sees a `number`: exact up to 2^53, far beyond any deal).
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub expected_value_minor: i64,
    pub currency: String,
    /// The expected value × probability, rounded to the currency: what the pipeline counts.
    pub weighted_value: String,
    /// The expected value as people read it (`CNY 1,200,000.00`), from [`crate::format::money`].
    pub expected_value_shown: String,
    /// The weighted value as people read it.
    pub weighted_value_shown: String,
    /// `YYYY-MM-DD`, empty when not known.
    pub expected_close: String,
    pub probability: u8,
    pub stage: Stage,
    pub lost_reason: Option<LostReason>,
    pub competitor: String,
    pub won_quote_id: Option<Uuid>,
    pub notes: String,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// One row of the opportunity list (the pipeline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpportunityRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub name: String,
    pub stage: Stage,
    pub expected_value: String,
    /// The expected value as people read it (`CNY 1,200,000.00`).
    pub expected_value_shown: String,
    pub currency: String,
    pub expected_close: String,
    pub probability: u8,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// Which opportunities a list keeps. Empty fields keep all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpportunityFilter {
    /// Name or account name contains it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub account_id: Option<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Only open ones (not won or lost).
    #[serde(default)]
    pub open_only: bool,
    /// The account's industry, exactly.
    #[serde(default)]
    pub industry: String,
    /// Expected to close on or after this day (`YYYY-MM-DD`).
    #[serde(default)]
    pub close_from: String,
    /// Expected to close on or before this day.
    #[serde(default)]
    pub close_to: String,
}

/// The columns the opportunity list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OpportunitySort {
    #[default]
    Name,
    Account,
    Stage,
    ExpectedValue,
    ExpectedClose,
    Probability,
    UpdatedAt,
}

/// One recorded stage change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageChange {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    /// `None` for the opening record.
    pub from: Option<Stage>,
    pub to: Stage,
    pub by_user_id: Uuid,
    /// Device time, RFC 3339 with offset.
    pub at: String,
    pub reason: String,
}

/// A member of an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Member {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub user_id: Uuid,
    pub role: MemberRole,
    /// The colleague's name from the directory (empty when not known on this laptop).
    pub name: String,
}
