use tauri::State;
use uuid::Uuid;

use fieldquote_domain::customer::{Customer, CustomerInput};
use fieldquote_domain::price_list::PriceListSummary;
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

/// The price lists a customer can be given (none: the company's default list applies).
#[tauri::command]
#[specta::specta]
pub async fn price_list_list(state: State<'_, AppState>) -> CmdResult<Vec<PriceListSummary>> {
    Ok(state.store.list_price_lists().await?)
}

/// The customer's own price list, if it has one.
#[tauri::command]
#[specta::specta]
pub async fn customer_price_list(state: State<'_, AppState>, id: Uuid) -> CmdResult<Option<Uuid>> {
    Ok(state.store.customer_price_list(id).await?)
}

/// Give the customer a price list of its own, or (`None`) let the company's default list apply. New quote
/// lines use it; saved lines keep their prices until re-priced.
#[tauri::command]
#[specta::specta]
pub async fn customer_set_price_list(
    state: State<'_, AppState>,
    id: Uuid,
    list_id: Option<Uuid>,
) -> CmdResult<()> {
    Ok(state
        .store
        .assign_price_list(id, list_id, Origin::Ui)
        .await?)
}
