//! The client's buying process: its steps, approvers, dates, and where it stands.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::buying_process::{BuyingProcessView, BuyingStep, BuyingStepInput};
use fieldquote_service::buying_process;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// The buying process of an account (`opportunity_id` none: its usual one) as it stands today.
#[tauri::command]
#[specta::specta]
pub async fn buying_process_get(
    state: State<'_, AppState>,
    account_id: Uuid,
    opportunity_id: Option<Uuid>,
) -> CmdResult<BuyingProcessView> {
    Ok(buying_process::get(&state.store, account_id, opportunity_id).await?)
}

/// Lay out the six usual steps where there are none yet.
#[tauri::command]
#[specta::specta]
pub async fn buying_process_start(
    state: State<'_, AppState>,
    account_id: Uuid,
    opportunity_id: Option<Uuid>,
) -> CmdResult<BuyingProcessView> {
    Ok(buying_process::start(&state.store, account_id, opportunity_id, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn buying_step_add(
    state: State<'_, AppState>,
    input: BuyingStepInput,
) -> CmdResult<BuyingStep> {
    Ok(buying_process::add_step(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn buying_step_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: BuyingStepInput,
) -> CmdResult<BuyingStep> {
    Ok(buying_process::update_step(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn buying_step_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(buying_process::delete_step(&state.store, id, Origin::Ui).await?)
}
