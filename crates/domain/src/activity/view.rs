//! An activity as the screens and `fq` show it, and the activity list's rows, filter and sort.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ActivityKind;

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Activity {
    pub id: Uuid,
    pub account_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub kind: ActivityKind,
    pub subject: String,
    pub notes: String,
    /// Device times, RFC 3339 with offset; start and end may be corrected, the clicks never are.
    pub starts_at: String,
    pub ends_at: String,
    pub checked_in_at: String,
    pub checked_out_at: String,
    /// The start or the end differs from the recorded check-in or check-out.
    pub corrected: bool,
    pub contact_ids: Vec<Uuid>,
    pub user_ids: Vec<Uuid>,
    pub outcome: String,
    pub next_step: String,
    pub next_step_due: String,
    pub next_step_done: bool,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// One row of the activity list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub opportunity_id: Option<Uuid>,
    pub kind: ActivityKind,
    pub subject: String,
    pub starts_at: String,
    pub next_step: String,
    pub next_step_due: String,
    pub next_step_done: bool,
    pub owner_id: Uuid,
}

/// Which activities a list keeps. Empty fields keep all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityFilter {
    /// Subject, notes or outcome contains it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub account_id: Option<Uuid>,
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub kind: Option<ActivityKind>,
    /// Starting on or after this day (`YYYY-MM-DD`, the device's day).
    #[serde(default)]
    pub from: String,
    /// Starting on or before this day.
    #[serde(default)]
    pub to: String,
    /// Only those with a next step not done yet.
    #[serde(default)]
    pub open_next_steps: bool,
}

/// The columns the activity list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActivitySort {
    #[default]
    StartsAt,
    Kind,
    Subject,
    Account,
    NextStepDue,
}
