//! An opportunity's needs, SWOT and requirements.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::needs::{NeedsInput, NeedsView, Requirement, RequirementInput};
use fieldquote_service::needs;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn needs_get(state: State<'_, AppState>, opportunity_id: Uuid) -> CmdResult<NeedsView> {
    Ok(needs::get(&state.store, opportunity_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn needs_save(
    state: State<'_, AppState>,
    opportunity_id: Uuid,
    input: NeedsInput,
) -> CmdResult<NeedsView> {
    Ok(needs::save(&state.store, opportunity_id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn requirement_add(
    state: State<'_, AppState>,
    input: RequirementInput,
) -> CmdResult<Requirement> {
    Ok(needs::add_requirement(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn requirement_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: RequirementInput,
) -> CmdResult<Requirement> {
    Ok(needs::update_requirement(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn requirement_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(needs::delete_requirement(&state.store, id, Origin::Ui).await?)
}
