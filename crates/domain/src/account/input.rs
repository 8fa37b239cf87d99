//! An account as the user types it, and its validation.

use serde::{Deserialize, Serialize};

use super::{InvoiceType, Lifecycle, SizeClass, Source, ValueClass};
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};
use crate::{FieldError, FieldErrorKind, text_list};

/// Most tags on one account, and the longest tag.
pub const MAX_TAGS: usize = 30;
pub const MAX_TAG: usize = 50;

/// An account as the user types it. Enums are typed (the screens offer the choices); `None` is "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountInput {
    pub name: String,
    /// The main contact as kept on the account before it had contacts (the switchboard, the buyer).
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// The client's tax id (统一社会信用代码 / 纳税人识别号).
    pub tax_id: String,
    pub industry: String,
    pub size_class: Option<SizeClass>,
    pub region: String,
    pub source: Option<Source>,
    pub lifecycle: Lifecycle,
    pub value_class: Option<ValueClass>,
    pub tags: Vec<String>,
    pub notes: String,
    /// 开票信息: the name on the invoice (the company's registered name when empty).
    pub invoice_title: String,
    pub invoice_bank: String,
    pub invoice_account: String,
    pub invoice_address: String,
    pub invoice_phone: String,
    pub invoice_type: Option<InvoiceType>,
}

/// An account input that passed validation (trimmed, bounded, tags cleaned). Only
/// [`AccountInput::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccount(AccountInput);

impl ValidAccount {
    pub fn get(&self) -> &AccountInput {
        &self.0
    }
}

impl AccountInput {
    /// Every problem at once, by field. A special VAT invoice (专票) needs the whole 开票信息: tax id, bank,
    /// account number, registered address and phone.
    pub fn validate(&self) -> Result<ValidAccount, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut t = |field: &str, value: &str, max: usize, required: bool| {
            collect(&mut e, validation::text(field, value, max, required)).unwrap_or_default()
        };
        let mut out = AccountInput {
            name: t("name", &self.name, MAX_NAME, true),
            contact_person: t("contact_person", &self.contact_person, MAX_NAME, false),
            phone: t("phone", &self.phone, MAX_NAME, false),
            email: String::new(),
            address: t("address", &self.address, MAX_TEXT, false),
            tax_id: t("tax_id", &self.tax_id, MAX_NAME, false),
            industry: t("industry", &self.industry, MAX_NAME, false),
            size_class: self.size_class,
            region: t("region", &self.region, MAX_NAME, false),
            source: self.source,
            lifecycle: self.lifecycle,
            value_class: self.value_class,
            tags: Vec::new(),
            notes: t("notes", &self.notes, MAX_TEXT, false),
            invoice_title: t("invoice_title", &self.invoice_title, MAX_NAME, false),
            invoice_bank: t("invoice_bank", &self.invoice_bank, MAX_NAME, false),
            invoice_account: t("invoice_account", &self.invoice_account, MAX_NAME, false),
            invoice_address: t("invoice_address", &self.invoice_address, MAX_TEXT, false),
            invoice_phone: t("invoice_phone", &self.invoice_phone, MAX_NAME, false),
            invoice_type: self.invoice_type,
        };
        if let Some(email) = collect(&mut e, validation::email("email", &self.email)) {
            out.email = email;
        }
        match text_list::validate("tags", &self.tags, MAX_TAGS, MAX_TAG) {
            Ok(tags) => out.tags = tags,
            Err(errors) => e.extend(errors),
        }
        if out.invoice_type == Some(InvoiceType::Special) {
            for (field, value) in [
                ("tax_id", &out.tax_id),
                ("invoice_bank", &out.invoice_bank),
                ("invoice_account", &out.invoice_account),
                ("invoice_address", &out.invoice_address),
                ("invoice_phone", &out.invoice_phone),
            ] {
                if value.is_empty() && !e.iter().any(|x: &FieldError| x.field == field) {
                    e.push(FieldError::new(field, FieldErrorKind::Required));
                }
            }
        }
        if e.is_empty() {
            Ok(ValidAccount(out))
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
