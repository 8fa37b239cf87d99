//! Accounts (the client companies; `customer` on the wire): the list, the account page, create and edit,
//! the account's price list, shares, and the company directory to share with.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::access::Colleague;
use fieldquote_domain::account::{
    Account, AccountFilter, AccountInput, AccountPage, AccountRow, AccountShare, AccountSort,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::price_list::PriceListSummary;
use fieldquote_service::{account, colleague};
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// One window of the account list, with the count of every account the filter keeps.
#[tauri::command]
#[specta::specta]
pub async fn account_list(
    state: State<'_, AppState>,
    query: ListQuery<AccountFilter, AccountSort>,
) -> CmdResult<Page<AccountRow>> {
    Ok(account::list(&state.store, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Account> {
    Ok(account::get(&state.store, id).await?)
}

/// Everything about an account: contacts, opportunities, quotes, activities, feedback, buying process.
#[tauri::command]
#[specta::specta]
pub async fn account_page(state: State<'_, AppState>, id: Uuid) -> CmdResult<AccountPage> {
    Ok(account::page(&state.store, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_create(state: State<'_, AppState>, input: AccountInput) -> CmdResult<Account> {
    Ok(account::create(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: AccountInput,
) -> CmdResult<Account> {
    Ok(account::update(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(account::delete(&state.store, id, Origin::Ui).await?)
}

/// Share an account with a colleague of another team; it reaches their laptop with the next syncs.
#[tauri::command]
#[specta::specta]
pub async fn account_share(
    state: State<'_, AppState>,
    id: Uuid,
    user_id: Uuid,
) -> CmdResult<AccountShare> {
    Ok(account::share(&state.store, id, user_id, Origin::Ui).await?)
}

/// Withdraw an account's share with a colleague.
#[tauri::command]
#[specta::specta]
pub async fn account_unshare(
    state: State<'_, AppState>,
    id: Uuid,
    user_id: Uuid,
) -> CmdResult<u32> {
    Ok(account::unshare(&state.store, id, user_id, Origin::Ui).await?)
}

/// The company directory (from the server): whom to share with and assign work to.
#[tauri::command]
#[specta::specta]
pub async fn colleague_list(state: State<'_, AppState>) -> CmdResult<Vec<Colleague>> {
    Ok(colleague::list(&state.store).await?)
}

/// The price lists an account can be given (none: the company's default list applies).
#[tauri::command]
#[specta::specta]
pub async fn price_list_list(state: State<'_, AppState>) -> CmdResult<Vec<PriceListSummary>> {
    Ok(state.store.list_price_lists().await?)
}

/// The account's own price list, if it has one.
#[tauri::command]
#[specta::specta]
pub async fn account_price_list(state: State<'_, AppState>, id: Uuid) -> CmdResult<Option<Uuid>> {
    Ok(account::price_list(&state.store, id).await?)
}

/// Give the account a price list of its own, or (`None`) let the company's default list apply. New quote
/// lines use it; saved lines keep their prices until re-priced.
#[tauri::command]
#[specta::specta]
pub async fn account_set_price_list(
    state: State<'_, AppState>,
    id: Uuid,
    list_id: Option<Uuid>,
) -> CmdResult<()> {
    Ok(account::set_price_list(&state.store, id, list_id, Origin::Ui).await?)
}
