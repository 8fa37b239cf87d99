//! Activities, check-in and check-out at the device's time, next steps and the agenda.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::activity::{
    Activity, ActivityFilter, ActivityInput, ActivityRow, ActivitySort, Agenda,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_service::activity;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// One window of the activity list, with the count.
#[tauri::command]
#[specta::specta]
pub async fn activity_list(
    state: State<'_, AppState>,
    query: ListQuery<ActivityFilter, ActivitySort>,
) -> CmdResult<Page<ActivityRow>> {
    Ok(activity::list(&state.store, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn activity_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Activity> {
    Ok(activity::get(&state.store, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn activity_log(state: State<'_, AppState>, input: ActivityInput) -> CmdResult<Activity> {
    Ok(activity::log(&state.store, &input, Origin::Ui).await?)
}

/// A visit that starts now (one click).
#[tauri::command]
#[specta::specta]
pub async fn activity_check_in(
    state: State<'_, AppState>,
    input: ActivityInput,
) -> CmdResult<Activity> {
    Ok(activity::check_in(&state.store, &input, Origin::Ui).await?)
}

/// A planned visit starts now.
#[tauri::command]
#[specta::specta]
pub async fn activity_check_in_planned(
    state: State<'_, AppState>,
    id: Uuid,
) -> CmdResult<Activity> {
    Ok(activity::check_in_planned(&state.store, id, Origin::Ui).await?)
}

/// The visit ends now (one click).
#[tauri::command]
#[specta::specta]
pub async fn activity_check_out(state: State<'_, AppState>, id: Uuid) -> CmdResult<Activity> {
    Ok(activity::check_out(&state.store, id, Origin::Ui).await?)
}

/// Correct the start and end; the recorded check-in and check-out stay.
#[tauri::command]
#[specta::specta]
pub async fn activity_correct_times(
    state: State<'_, AppState>,
    id: Uuid,
    starts_at: String,
    ends_at: String,
) -> CmdResult<Activity> {
    Ok(activity::correct_times(&state.store, id, &starts_at, &ends_at, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn activity_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: ActivityInput,
) -> CmdResult<Activity> {
    Ok(activity::update(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn activity_next_step_done(
    state: State<'_, AppState>,
    id: Uuid,
    done: bool,
) -> CmdResult<Activity> {
    Ok(activity::next_step_done(&state.store, id, done, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn activity_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(activity::delete(&state.store, id, Origin::Ui).await?)
}

/// Today's and overdue next steps, and open complaints.
#[tauri::command]
#[specta::specta]
pub async fn agenda_get(state: State<'_, AppState>) -> CmdResult<Agenda> {
    Ok(activity::agenda(&state.store).await?)
}
