//! Customers: what the user types, its validation, and the stored record.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};

/// A customer as the user types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerInput {
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
}

/// A customer input that passed validation (trimmed, bounded). Only [`CustomerInput::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCustomer(CustomerInput);

impl ValidCustomer {
    pub fn get(&self) -> &CustomerInput {
        &self.0
    }
}

impl CustomerInput {
    pub fn validate(&self) -> Result<ValidCustomer, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let contact_person = collect(
            &mut e,
            validation::text("contact_person", &self.contact_person, MAX_NAME, false),
        );
        let phone = collect(
            &mut e,
            validation::text("phone", &self.phone, MAX_NAME, false),
        );
        let email = collect(&mut e, validation::email("email", &self.email));
        let address = collect(
            &mut e,
            validation::text("address", &self.address, MAX_TEXT, false),
        );
        let tax_id = collect(
            &mut e,
            validation::text("tax_id", &self.tax_id, MAX_NAME, false),
        );
        match (name, contact_person, phone, email, address, tax_id) {
            (
                Some(name),
                Some(contact_person),
                Some(phone),
                Some(email),
                Some(address),
                Some(tax_id),
            ) if e.is_empty() => Ok(ValidCustomer(CustomerInput {
                name,
                contact_person,
                phone,
                email,
                address,
                tax_id,
            })),
            _ => Err(e),
        }
    }
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
    pub updated_at: String,
}

#[cfg(test)]
#[path = "customer_tests.rs"]
mod tests;
