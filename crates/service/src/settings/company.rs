//! The company profile of a standalone laptop: name, address, contact, tax id, currency and bank details.

use serde::Deserialize;

use fieldquote_domain::company::{BankDetails, CompanyProfile};
use fieldquote_domain::validation;
use fieldquote_store::{Origin, Store, StoreError};

use crate::ServiceError;

/// Fields of the company profile to set; those left `None` keep their value (`fq settings company --phone …`).
/// The app sends them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyUpdate {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub tax_id: Option<String>,
    /// An ISO 4217 code, e.g. CNY.
    pub currency: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account_name: Option<String>,
    pub bank_account_number: Option<String>,
    pub bank_branch: Option<String>,
    pub bank_swift: Option<String>,
}

/// Set the company profile of this standalone laptop from `update` over the profile it has (the placeholder the
/// first time). Every problem is a field error of [`StoreError::Invalid`] (`name`, `currency`, `bank_swift`…);
/// on a connected laptop the profile is the server's ([`fieldquote_domain::Refusal::ServerOwned`]). Either way
/// nothing is written.
pub async fn set_company(
    store: &Store,
    update: CompanyUpdate,
    origin: Origin,
) -> Result<CompanyProfile, ServiceError> {
    let current = store.company_or_default().await?;
    let currency = match &update.currency {
        Some(code) => validation::currency("currency", code.trim())
            .map_err(|e| StoreError::Invalid(vec![e]))?,
        None => current.currency,
    };
    let pick = |new: Option<String>, old: String| new.unwrap_or(old);
    let wanted = CompanyProfile {
        name: pick(update.name, current.name),
        address: pick(update.address, current.address),
        phone: pick(update.phone, current.phone),
        email: pick(update.email, current.email),
        tax_id: pick(update.tax_id, current.tax_id),
        currency,
        bank: BankDetails {
            bank_name: pick(update.bank_name, current.bank.bank_name),
            account_name: pick(update.bank_account_name, current.bank.account_name),
            account_number: pick(update.bank_account_number, current.bank.account_number),
            branch: pick(update.bank_branch, current.bank.branch),
            swift: pick(update.bank_swift, current.bank.swift),
        },
    };
    Ok(store.set_company(&wanted, origin).await?)
}
