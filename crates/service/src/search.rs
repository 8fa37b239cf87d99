//! The search box: one query over accounts, contacts, opportunities, quotes, products, activities and
//! feedback, as the app's search box and `fq search` offer it.

use fieldquote_store::{SearchHit, Store};

use crate::ServiceError;

/// Hits shown when the caller names no limit (a screenful in the app's drop-down).
pub const DEFAULT_LIMIT: u32 = 20;

/// The records matching `query`, best first, at most `limit` (default [`DEFAULT_LIMIT`], at most
/// [`fieldquote_store::MAX_SEARCH_LIMIT`]). An empty or over-long query, or a limit out of range, is refused
/// with the reason; a query of punctuation alone finds nothing.
pub async fn search(
    store: &Store,
    query: &str,
    limit: Option<u32>,
) -> Result<Vec<SearchHit>, ServiceError> {
    Ok(store.search(query, limit.unwrap_or(DEFAULT_LIMIT)).await?)
}
