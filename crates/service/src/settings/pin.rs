//! The manager PIN of a standalone laptop (see `fieldquote_domain::approval::pin`).

use fieldquote_domain::approval::pin::ManagerPin;
use fieldquote_store::{Store, StoreError};

use crate::ServiceError;

/// Set the manager PIN to `new`, or remove it (`new` `None`). Once a PIN is set, `current` must be it (a
/// missing, wrong or locked one is [`fieldquote_domain::Refusal::ManagerPin`]); a new PIN that is too short is
/// a field error on `new_pin`. A laptop signed in to a server has none. A refusal changes nothing but the
/// count of wrong attempts.
pub async fn set_manager_pin(
    store: &Store,
    current: Option<&str>,
    new: Option<&str>,
) -> Result<(), ServiceError> {
    let new = new
        .map(|p| ManagerPin::parse("new_pin", p))
        .transpose()
        .map_err(|e| StoreError::Invalid(vec![e]))?;
    Ok(store.set_manager_pin(current, new.as_ref()).await?)
}
