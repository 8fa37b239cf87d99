//! The settings of this laptop, as the app's Settings screen and `fq settings` show and change them: the company
//! profile with its bank details, the discount limit, exchange rates, the manager PIN, "my contact details",
//! and the PDF settings (logo, default language).
//!
//! On a laptop connected to a server, the company profile is the server's (refused here, shown read-only), the
//! discount limit of the account's role is the server's when it sets one, and decisions are signed by accounts
//! (no PIN). Exchange rates, "my contact details" and the PDF settings stay this laptop's own.

use serde::Serialize;

use fieldquote_domain::company::{CompanyProfile, SellerContact};
use fieldquote_domain::money::ExchangeRateView;
use fieldquote_domain::{Currency, Role};
use fieldquote_store::Store;

use crate::ServiceError;

mod company;
mod contact;
mod limits;
mod pdf;
mod pin;

pub use company::{CompanyUpdate, set_company};
pub use contact::set_my_contact;
pub use limits::{
    DiscountLimitView, LimitSource, discount_limit, remove_exchange_rate, set_discount_limit,
    set_exchange_rate,
};
pub use pdf::{LogoInfo, PdfSettings, pdf_settings, remove_logo, set_logo};
pub use pin::set_manager_pin;

/// The settings as the Settings screen (and `fq settings show`) shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingsView {
    /// The server this laptop is connected to; `None` on a standalone laptop. While set, the company profile is
    /// the server's (read-only here) and managers decide with their accounts (no PIN).
    pub server: Option<String>,
    /// The signed-in account's role, when the laptop knows it.
    pub role: Option<Role>,
    /// The company profile printed on quotes (a placeholder until one is set: see `company_set`).
    pub company: CompanyProfile,
    pub company_set: bool,
    pub discount_limit: DiscountLimitView,
    pub exchange_rates: Vec<ExchangeRateView>,
    /// Whether a manager PIN guards approvals on this (standalone) laptop.
    pub manager_pin_set: bool,
    /// "My contact details" as set on this laptop.
    pub my_contact: SellerContact,
    /// The sales contact quotes print: on a connected laptop the account's name and e-mail with this
    /// laptop's phone and title ([`SellerContact::for_quote`]).
    pub quote_contact: SellerContact,
    /// The currencies a profile or a rate may name, for the screen's choices.
    pub currencies: Vec<Currency>,
}

/// The settings as stored.
pub async fn view(store: &Store) -> Result<SettingsView, ServiceError> {
    let state = store.sync_state().await?;
    let account = store.signed_in_user().await?;
    let company = store.company().await?;
    let my_contact = store.my_contact().await?;
    Ok(SettingsView {
        server: state.server_url,
        role: account.as_ref().and_then(|a| a.role),
        company_set: company.is_some(),
        company: company.unwrap_or_else(fieldquote_store::default_company),
        discount_limit: discount_limit(store).await?,
        exchange_rates: store.exchange_rates().await?,
        manager_pin_set: store.manager_pin_is_set().await?,
        quote_contact: SellerContact::for_quote(account.as_ref(), &my_contact),
        my_contact,
        currencies: Currency::ALL.to_vec(),
    })
}
