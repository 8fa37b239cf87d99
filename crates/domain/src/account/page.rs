//! The account page: everything about a client at once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Account;
use crate::activity::Activity;
use crate::buying_process::BuyingProcessView;
use crate::contact::Contact;
use crate::feedback::Feedback;
use crate::opportunity::Opportunity;
use crate::quote::QuoteSummary;

/// A colleague an account is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountShare {
    pub id: Uuid,
    pub account_id: Uuid,
    pub user_id: Uuid,
    /// The colleague's name from the directory (empty when not known here).
    pub name: String,
}

/// Everything about an account: its contacts, opportunities, quotes, activities (newest first), feedback
/// (open first), its usual buying process and who it is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountPage {
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub opportunities: Vec<Opportunity>,
    pub quotes: Vec<QuoteSummary>,
    pub activities: Vec<Activity>,
    pub feedback: Vec<Feedback>,
    /// Feedback not resolved yet.
    pub open_complaints: u32,
    pub buying_process: BuyingProcessView,
    pub shared_with: Vec<AccountShare>,
}
