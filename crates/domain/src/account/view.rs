//! An account as the screens and `fq` show it, and the account list's rows, filter and sort.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{InvoiceType, Lifecycle, SizeClass, Source, ValueClass};

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
    /// The account's price list (`None`: the company's default list applies).
    pub price_list_id: Option<Uuid>,
    pub industry: String,
    pub size_class: Option<SizeClass>,
    pub region: String,
    pub source: Option<Source>,
    pub lifecycle: Lifecycle,
    pub value_class: Option<ValueClass>,
    pub tags: Vec<String>,
    pub notes: String,
    pub invoice_title: String,
    pub invoice_bank: String,
    pub invoice_account: String,
    pub invoice_address: String,
    pub invoice_phone: String,
    pub invoice_type: Option<InvoiceType>,
    /// Its owner: their team sees it.
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// One row of the account list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountRow {
    pub id: Uuid,
    pub name: String,
    pub industry: String,
    pub region: String,
    pub size_class: Option<SizeClass>,
    pub lifecycle: Lifecycle,
    pub value_class: Option<ValueClass>,
    pub owner_id: Uuid,
    /// Open opportunities (not won or lost).
    pub open_opportunities: u32,
    /// The last activity's start (device time), empty for none.
    pub last_activity_at: String,
    pub updated_at: String,
}

/// Which accounts a list keeps. Empty fields keep all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountFilter {
    /// Name, contact person or phone contains it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    /// Exactly this industry.
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
    #[serde(default)]
    pub value_class: Option<ValueClass>,
    /// With an activity on or after this day (`YYYY-MM-DD`).
    #[serde(default)]
    pub active_from: String,
    /// With an activity on or before this day.
    #[serde(default)]
    pub active_to: String,
}

/// The columns the account list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccountSort {
    /// By name, Chinese names in pinyin order.
    #[default]
    Name,
    Industry,
    Region,
    Lifecycle,
    ValueClass,
    UpdatedAt,
    LastActivity,
}
