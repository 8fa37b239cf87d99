//! The search box.

use tauri::State;

use fieldquote_service::search;
use fieldquote_store::SearchHit;

use super::CmdResult;
use crate::AppState;

/// The records matching `query`, best first, at most `limit` (default 20, at most 200).
#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<u32>,
) -> CmdResult<Vec<SearchHit>> {
    Ok(search::search(&state.store, &query, limit).await?)
}
