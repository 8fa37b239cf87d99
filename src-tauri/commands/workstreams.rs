//! An opportunity's workstreams and their checklists.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::workstream::{
    WorkstreamInput, WorkstreamItem, WorkstreamItemInput, WorkstreamView,
};
use fieldquote_service::workstream;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// An opportunity's workstreams as they stand today.
#[tauri::command]
#[specta::specta]
pub async fn workstream_list(
    state: State<'_, AppState>,
    opportunity_id: Uuid,
) -> CmdResult<Vec<WorkstreamView>> {
    Ok(workstream::list(&state.store, opportunity_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_create(
    state: State<'_, AppState>,
    input: WorkstreamInput,
) -> CmdResult<WorkstreamView> {
    Ok(workstream::create(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: WorkstreamInput,
) -> CmdResult<WorkstreamView> {
    Ok(workstream::update(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(workstream::delete(&state.store, id, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_item_add(
    state: State<'_, AppState>,
    input: WorkstreamItemInput,
) -> CmdResult<WorkstreamItem> {
    Ok(workstream::add_item(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_item_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: WorkstreamItemInput,
) -> CmdResult<WorkstreamItem> {
    Ok(workstream::update_item(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstream_item_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(workstream::delete_item(&state.store, id, Origin::Ui).await?)
}
