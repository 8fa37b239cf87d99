//! An account's contacts.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::contact::{Contact, ContactFilter, ContactInput, ContactSort};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_service::contact;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// One window of contacts, with the count.
#[tauri::command]
#[specta::specta]
pub async fn contact_list(
    state: State<'_, AppState>,
    query: ListQuery<ContactFilter, ContactSort>,
) -> CmdResult<Page<Contact>> {
    Ok(contact::list(&state.store, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Contact> {
    Ok(contact::get(&state.store, id).await?)
}

/// Add a contact to an account.
#[tauri::command]
#[specta::specta]
pub async fn contact_create(state: State<'_, AppState>, input: ContactInput) -> CmdResult<Contact> {
    Ok(contact::create(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: ContactInput,
) -> CmdResult<Contact> {
    Ok(contact::update(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(contact::delete(&state.store, id, Origin::Ui).await?)
}
