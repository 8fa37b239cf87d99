//! Contacts: the people at an account, with their role in the buying decision and their stance.

use crate::text_enum::text_enum;

text_enum! {
    /// A contact's part in the client's buying decision.
    pub enum BuyingRole {
        DecisionMaker = "decision_maker",
        Influencer = "influencer",
        TechnicalEvaluator = "technical_evaluator",
        User = "user",
        Procurement = "procurement",
        Finance = "finance",
    }
}

text_enum! {
    /// How a contact stands towards our offer.
    pub enum Stance {
        Supporter = "supporter",
        Neutral = "neutral",
        Opponent = "opponent",
    }
}

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};

/// A contact as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactInput {
    pub account_id: Uuid,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub buying_role: Option<BuyingRole>,
    pub stance: Option<Stance>,
    pub notes: String,
}

/// A contact input that passed validation. Only [`ContactInput::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidContact(ContactInput);

impl ValidContact {
    pub fn get(&self) -> &ContactInput {
        &self.0
    }
}

impl ContactInput {
    /// A contact of `account_id` with only a name.
    pub fn named(account_id: Uuid, name: &str) -> Self {
        Self {
            account_id,
            name: name.into(),
            title: String::new(),
            phone: String::new(),
            email: String::new(),
            wechat: String::new(),
            buying_role: None,
            stance: None,
            notes: String::new(),
        }
    }

    pub fn validate(&self) -> Result<ValidContact, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut t = |field: &str, value: &str, max: usize, required: bool| {
            collect(&mut e, validation::text(field, value, max, required)).unwrap_or_default()
        };
        let mut out = ContactInput {
            account_id: self.account_id,
            name: t("name", &self.name, MAX_NAME, true),
            title: t("title", &self.title, MAX_NAME, false),
            phone: t("phone", &self.phone, MAX_NAME, false),
            email: String::new(),
            wechat: t("wechat", &self.wechat, MAX_NAME, false),
            buying_role: self.buying_role,
            stance: self.stance,
            notes: t("notes", &self.notes, MAX_TEXT, false),
        };
        if let Some(email) = collect(&mut e, validation::email("email", &self.email)) {
            out.email = email;
        }
        if e.is_empty() {
            Ok(ValidContact(out))
        } else {
            Err(e)
        }
    }
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contact {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub buying_role: Option<BuyingRole>,
    pub stance: Option<Stance>,
    pub notes: String,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// Which contacts a list keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactFilter {
    /// Only this account's.
    #[serde(default)]
    pub account_id: Option<Uuid>,
    /// Name, title, phone, e-mail or WeChat contains it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub buying_role: Option<BuyingRole>,
}

/// The columns the contact list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    #[default]
    Name,
    Title,
    BuyingRole,
    UpdatedAt,
}

#[cfg(test)]
#[path = "contact_tests.rs"]
mod tests;
