//! The company directory as this laptop knows it (synced from the server): whom work can be assigned to and
//! accounts and opportunities shared with, offline.

use fieldquote_domain::access::Colleague;
use fieldquote_store::Store;

use crate::ServiceError;

/// Every colleague, active ones first, by name; this laptop's user first when the directory does not name
/// them (see [`Colleague::with_me`]).
pub async fn list(store: &Store) -> Result<Vec<Colleague>, ServiceError> {
    Ok(Colleague::with_me(
        store.list_colleagues().await?,
        store.my_user_id().await?,
        &store.my_contact().await?,
    ))
}
