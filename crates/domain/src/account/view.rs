//! An account as the screens and `fq` show it, and the account list's rows, filter and sort.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{InvoiceType, Lifecycle, SizeClass, Source, ValueClass};

/// A stored account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The main contact as kept on the account, its phone and e-mail.
    pub contact_person: String,
    pub phone: String,
    pub email: String,
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

impl AccountFilter {
    /// The accounts whose name, contact person or phone contains `text`.
    pub fn text(text: impl Into<String>) -> Self {
        AccountFilter {
            text: text.into(),
            ..AccountFilter::default()
        }
    }
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

impl Account {
    /// The account as the user would type it again: what an edit starts from (its price list, owner and clock
    /// are not part of it).
    pub fn input(&self) -> super::AccountInput {
        super::AccountInput {
            name: self.name.clone(),
            contact_person: self.contact_person.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            tax_id: self.tax_id.clone(),
            industry: self.industry.clone(),
            size_class: self.size_class,
            region: self.region.clone(),
            source: self.source,
            lifecycle: self.lifecycle,
            value_class: self.value_class,
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            invoice_title: self.invoice_title.clone(),
            invoice_bank: self.invoice_bank.clone(),
            invoice_account: self.invoice_account.clone(),
            invoice_address: self.invoice_address.clone(),
            invoice_phone: self.invoice_phone.clone(),
            invoice_type: self.invoice_type,
        }
    }
}
