//! The Sync screen: sign in, Sync now, status and progress, conflicts to review.

use tauri::State;

use fieldquote_store::{ConflictItem, Keep};
use fieldquote_sync::SyncReport;
use fieldquote_sync::agent::{Agent, AgentStatus};

use super::CmdResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn sync_status(agent: State<'_, Agent>) -> CmdResult<AgentStatus> {
    Ok(agent.status().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_sign_in(
    agent: State<'_, Agent>,
    server_url: String,
    email: String,
    password: String,
) -> CmdResult<AgentStatus> {
    agent.sign_in(&server_url, &email, &password).await?;
    Ok(agent.status().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_sign_out(agent: State<'_, Agent>) -> CmdResult<AgentStatus> {
    agent.sign_out().await?;
    Ok(agent.status().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(agent: State<'_, Agent>) -> CmdResult<SyncReport> {
    let result = agent.sync_now().await;
    if let Err(e) = &result
        && e.is_transient()
    {
        // Let the background loop take over with its back-off, rather than waiting for its next regular turn.
        agent.wake();
    }
    Ok(result?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<ConflictItem>> {
    Ok(state.store.conflict_items().await?)
}

/// Keep this device's value or the other one; the choice syncs to everyone.
#[tauri::command]
#[specta::specta]
pub async fn sync_resolve(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: String,
    keep: Keep,
) -> CmdResult<Vec<ConflictItem>> {
    state.store.resolve_conflict(&id, keep).await?;
    agent.wake();
    Ok(state.store.conflict_items().await?)
}
