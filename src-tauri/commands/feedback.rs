//! Feedback and complaints, and their loop (assigned, resolved, confirmed).

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::feedback::{
    Feedback, FeedbackAction, FeedbackFilter, FeedbackInput, FeedbackSort,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_service::feedback;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// One window of feedback, with the count.
#[tauri::command]
#[specta::specta]
pub async fn feedback_list(
    state: State<'_, AppState>,
    query: ListQuery<FeedbackFilter, FeedbackSort>,
) -> CmdResult<Page<Feedback>> {
    Ok(feedback::list(&state.store, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Feedback> {
    Ok(feedback::get(&state.store, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_add(state: State<'_, AppState>, input: FeedbackInput) -> CmdResult<Feedback> {
    Ok(feedback::add(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: FeedbackInput,
) -> CmdResult<Feedback> {
    Ok(feedback::update(&state.store, id, &input, Origin::Ui).await?)
}

/// A step of the loop, taken now.
#[tauri::command]
#[specta::specta]
pub async fn feedback_act(
    state: State<'_, AppState>,
    id: Uuid,
    action: FeedbackAction,
) -> CmdResult<Feedback> {
    Ok(feedback::act(&state.store, id, &action, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(feedback::delete(&state.store, id, Origin::Ui).await?)
}
