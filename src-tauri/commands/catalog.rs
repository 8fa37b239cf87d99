use tauri::State;

use fieldquote_domain::model::Product;

use super::CmdResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn product_list(state: State<'_, AppState>, query: String) -> CmdResult<Vec<Product>> {
    Ok(state.store.list_products(&query).await?)
}
