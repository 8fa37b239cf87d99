//! The company directory as this laptop knows it (synced from the server): whom work can be assigned to and
//! accounts and opportunities shared with, offline.

use fieldquote_domain::access::Colleague;
use fieldquote_store::Store;

use crate::ServiceError;

/// Every colleague, active ones first, by name.
pub async fn list(store: &Store) -> Result<Vec<Colleague>, ServiceError> {
    Ok(store.list_colleagues().await?)
}
