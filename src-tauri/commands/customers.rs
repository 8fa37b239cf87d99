use tauri::State;
use uuid::Uuid;

use fieldquote_domain::model::{Customer, CustomerInput};
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn customer_list(state: State<'_, AppState>, query: String) -> CmdResult<Vec<Customer>> {
    Ok(state.store.list_customers(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn customer_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Customer> {
    Ok(state.store.get_customer(id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn customer_create(
    state: State<'_, AppState>,
    input: CustomerInput,
) -> CmdResult<Customer> {
    Ok(state.store.create_customer(&input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn customer_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: CustomerInput,
) -> CmdResult<Customer> {
    Ok(state.store.update_customer(id, &input, Origin::Ui).await?)
}
