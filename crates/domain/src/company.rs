//! The selling company: its profile, printed on every quote.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::money::Currency;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};

/// The selling company, printed on every quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_id: String,
    pub currency: Currency,
}

impl CompanyProfile {
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
        match (name, address, phone, email, tax_id) {
            (Some(name), Some(address), Some(phone), Some(email), Some(tax_id)) if e.is_empty() => {
                Ok(CompanyProfile {
                    name,
                    address,
                    phone,
                    email,
                    tax_id,
                    currency: self.currency,
                })
            }
            _ => Err(e),
        }
    }
}
