//! The selling company: its profile, printed on every quote, with the bank account the client pays into, and
//! the sales contact a quote names ([`seller`]).

use serde::{Deserialize, Serialize};

use crate::money::Currency;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};
use crate::{FieldError, FieldErrorKind};

mod seller;

pub use seller::SellerContact;

/// The selling company, printed on every quote. On a laptop connected to a server it is the server's
/// (`fieldquote-server company set`); a standalone laptop sets its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_id: String,
    pub currency: Currency,
    /// Where the client pays; all empty when not given.
    pub bank: BankDetails,
}

/// The account a client pays into, printed on the quote. Either empty, or with the bank's name, the account's
/// name and its number; the branch and the SWIFT/BIC code are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankDetails {
    /// The bank (开户行), e.g. "Industrial and Commercial Bank of China".
    pub bank_name: String,
    /// The account holder (户名), usually the company's name.
    pub account_name: String,
    /// The account number (账号), as the bank writes it (spaces and dashes kept).
    pub account_number: String,
    /// The branch, e.g. "Suzhou Industrial Park sub-branch".
    pub branch: String,
    /// The SWIFT/BIC code, for payments from abroad: 8 or 11 letters and digits.
    pub swift: String,
}

/// The field names of the bank details, as errors name them (and as the synced columns are called).
pub mod bank_fields {
    pub const BANK_NAME: &str = "bank_name";
    pub const ACCOUNT_NAME: &str = "bank_account_name";
    pub const ACCOUNT_NUMBER: &str = "bank_account_number";
    pub const BRANCH: &str = "bank_branch";
    pub const SWIFT: &str = "bank_swift";
}

impl BankDetails {
    /// Nothing given: no bank details are printed.
    pub fn is_empty(&self) -> bool {
        [
            &self.bank_name,
            &self.account_name,
            &self.account_number,
            &self.branch,
            &self.swift,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Trimmed and checked: nothing at all, or at least the bank, the account's name and its number; a SWIFT/BIC
    /// code of 8 or 11 letters and digits (stored in capitals). Errors name the fields of [`bank_fields`].
    pub fn validate(&self) -> Result<BankDetails, Vec<FieldError>> {
        use bank_fields::*;
        let mut e = Vec::new();
        let given = !self.is_empty();
        let bank_name = collect(
            &mut e,
            validation::text(BANK_NAME, &self.bank_name, MAX_NAME, given),
        );
        let account_name = collect(
            &mut e,
            validation::text(ACCOUNT_NAME, &self.account_name, MAX_NAME, given),
        );
        let account_number = collect(
            &mut e,
            validation::text(ACCOUNT_NUMBER, &self.account_number, MAX_NAME, given),
        );
        let branch = collect(
            &mut e,
            validation::text(BRANCH, &self.branch, MAX_NAME, false),
        );
        let swift = collect(&mut e, swift_code(SWIFT, &self.swift));
        match (bank_name, account_name, account_number, branch, swift) {
            (
                Some(bank_name),
                Some(account_name),
                Some(account_number),
                Some(branch),
                Some(swift),
            ) if e.is_empty() => Ok(BankDetails {
                bank_name,
                account_name,
                account_number,
                branch,
                swift,
            }),
            _ => Err(e),
        }
    }
}

/// An optional SWIFT/BIC code: empty, or 8 or 11 ASCII letters and digits whose first six are letters (bank
/// and country), in capitals. Spaces inside are dropped (`ICBK CNBJ SZP`).
fn swift_code(field: &str, input: &str) -> Result<String, FieldError> {
    let raw = validation::text(field, input, MAX_NAME, false)?;
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Ok(code);
    }
    let shape = matches!(code.len(), 8 | 11)
        && code.chars().all(|c| c.is_ascii_alphanumeric())
        && code.chars().take(6).all(|c| c.is_ascii_alphabetic());
    if shape {
        Ok(code)
    } else {
        Err(FieldError::new(field, FieldErrorKind::InvalidSwift))
    }
}

impl CompanyProfile {
    /// Trimmed and checked; errors name `name`, `address`, `phone`, `email`, `tax_id` and the bank's fields.
    pub fn validate(&self) -> Result<CompanyProfile, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let address = collect(
            &mut e,
            validation::text("address", &self.address, MAX_TEXT, false),
        );
        let phone = collect(
            &mut e,
            validation::text("phone", &self.phone, MAX_NAME, false),
        );
        let email = collect(&mut e, validation::email("email", &self.email));
        let tax_id = collect(
            &mut e,
            validation::text("tax_id", &self.tax_id, MAX_NAME, false),
        );
        let bank = match self.bank.validate() {
            Ok(bank) => Some(bank),
            Err(errors) => {
                e.extend(errors);
                None
            }
        };
        match (name, address, phone, email, tax_id, bank) {
            (Some(name), Some(address), Some(phone), Some(email), Some(tax_id), Some(bank))
                if e.is_empty() =>
            {
                Ok(CompanyProfile {
                    name,
                    address,
                    phone,
                    email,
                    tax_id,
                    currency: self.currency,
                    bank,
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
#[path = "company_tests.rs"]
mod tests;
