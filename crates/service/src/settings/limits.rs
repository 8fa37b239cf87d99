//! The discount limit and the exchange rates of this laptop.

use serde::Serialize;

use fieldquote_domain::Role;
use fieldquote_domain::money::{ExchangeRate, ExchangeRateView};
use fieldquote_domain::validation::{self, Percent};
use fieldquote_domain::{Currency, FieldError};
use fieldquote_store::{Store, StoreError};

use crate::ServiceError;

/// Who sets the discount limit in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LimitSource {
    /// This laptop's own setting.
    Device,
    /// The server, for the signed-in account's role.
    Server,
}

/// The discount limit: the one in force and this laptop's own setting, in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiscountLimitView {
    /// The limit quotes are held to.
    pub limit: String,
    pub set_by: LimitSource,
    /// The role the server's limit is for.
    pub role: Option<Role>,
    /// This laptop's own setting (in force unless the server sets one).
    pub device_limit: String,
}

/// The discount limit as it stands.
pub async fn discount_limit(store: &Store) -> Result<DiscountLimitView, ServiceError> {
    let from_server = store.role_discount_limit().await?;
    let role = store.signed_in_user().await?.and_then(|u| u.role);
    Ok(DiscountLimitView {
        limit: store.discount_limit().await?.to_string(),
        set_by: if from_server.is_some() {
            LimitSource::Server
        } else {
            LimitSource::Device
        },
        role: role.filter(|_| from_server.is_some()),
        device_limit: store.local_discount_limit().await?.to_string(),
    })
}

/// Set this laptop's discount limit from the typed `percent` (0–100, a field error on `discount_limit`
/// otherwise). Quotes above it wait for a manager's approval from their next save. While the server sets a
/// limit for the account's role, that one applies ([`DiscountLimitView::set_by`]).
pub async fn set_discount_limit(
    store: &Store,
    percent: &str,
) -> Result<DiscountLimitView, ServiceError> {
    let limit = Percent::parse("discount_limit", percent.trim().trim_end_matches('%'))
        .map_err(|e| StoreError::Invalid(vec![e]))?;
    store.set_discount_limit(limit).await?;
    discount_limit(store).await
}

fn currencies(from: &str, to: &str) -> Result<(Currency, Currency), Vec<FieldError>> {
    let from = validation::currency("from", from.trim());
    let to = validation::currency("to", to.trim());
    match (from, to) {
        (Ok(from), Ok(to)) => Ok((from, to)),
        (from, to) => Err([from.err(), to.err()].into_iter().flatten().collect()),
    }
}

/// Set the rate at which one `from` buys `rate` `to` (typed; field errors on `from`, `to` and `rate`). New
/// quote lines priced in `from` on a quote in `to` use it; lines already priced keep the rate they recorded.
/// Returns the rates now set.
pub async fn set_exchange_rate(
    store: &Store,
    from: &str,
    to: &str,
    rate: &str,
) -> Result<Vec<ExchangeRateView>, ServiceError> {
    let (from, to) = currencies(from, to).map_err(StoreError::Invalid)?;
    let rate =
        ExchangeRate::parse("rate", from, to, rate).map_err(|e| StoreError::Invalid(vec![e]))?;
    store.set_exchange_rate(rate).await?;
    Ok(store.exchange_rates().await?)
}

/// Remove the rate for `from` → `to` (not found when none is set). Returns the rates now set.
pub async fn remove_exchange_rate(
    store: &Store,
    from: &str,
    to: &str,
) -> Result<Vec<ExchangeRateView>, ServiceError> {
    let (from, to) = currencies(from, to).map_err(StoreError::Invalid)?;
    store.remove_exchange_rate(from, to).await?;
    Ok(store.exchange_rates().await?)
}
