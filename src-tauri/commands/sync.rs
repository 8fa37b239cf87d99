//! The Sync screen: sign in, Sync now, status and progress, conflicts to review.

use serde::{Deserialize, Serialize};
use tauri::State;

use fieldquote_store::{ConflictItem, Keep};
use fieldquote_sync::agent::{Agent, AgentStatus, FailureKind};
use fieldquote_sync::{Progress, SyncReport};

use super::CmdResult;
use crate::AppState;

/// Why the last sync failed, for the screen to explain it.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncFailure {
    Offline,
    SignedOut,
    UpdateNeeded,
    ServerError,
    Local,
}

/// How far a running sync got.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncProgress {
    /// Sending local changes: `pushed` sent, `remaining` still to send.
    Pushed { pushed: u32, remaining: u32 },
    /// Receiving: `pulled` records applied so far.
    Pulled { pulled: u32 },
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
pub struct SyncSummary {
    pub pushed: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub pulled: u32,
    pub conflicts: u32,
}

/// Everything the Sync screen shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncStatus {
    pub server_url: Option<String>,
    pub user_email: Option<String>,
    pub user_name: Option<String>,
    pub signed_in: bool,
    /// The sign-in is kept in the OS keychain (else until the app quits).
    pub remembered: bool,
    pub running: bool,
    pub progress: Option<SyncProgress>,
    /// RFC 3339.
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    pub failure: Option<SyncFailure>,
    pub last_summary: Option<SyncSummary>,
    pub pending_changes: u32,
    pub open_conflicts: u32,
    pub rejected_changes: u32,
    pub next_attempt_in_secs: Option<u32>,
    /// This device's quote-number prefix, once registered.
    pub quote_prefix: Option<String>,
    /// The signed-in account's role (`rep`, `manager`, `admin`), once known: managers and admins see Approvals.
    pub user_role: Option<String>,
}

/// An open conflict: one field two devices changed.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncConflict {
    pub id: String,
    pub entity: String,
    pub label: String,
    pub field: String,
    pub mine: String,
    pub theirs: String,
    pub showing_mine: bool,
    pub detected_at: String,
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeepSide {
    Mine,
    Theirs,
}

fn count(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

fn summary(r: SyncReport) -> SyncSummary {
    SyncSummary {
        pushed: count(r.pushed),
        accepted: count(r.accepted),
        rejected: count(r.rejected),
        pulled: count(r.pulled),
        conflicts: count(r.conflicts),
    }
}

fn status(s: AgentStatus, quote_prefix: Option<String>, user_role: Option<String>) -> SyncStatus {
    SyncStatus {
        server_url: s.stored.server_url,
        user_email: s.stored.user_email,
        user_name: s.user_name,
        signed_in: s.signed_in,
        remembered: s.remembered,
        running: s.running,
        progress: s.progress.map(|p| match p {
            Progress::Pushed { pushed, remaining } => SyncProgress::Pushed {
                pushed: count(pushed),
                remaining: count(remaining),
            },
            Progress::Pulled { pulled } => SyncProgress::Pulled {
                pulled: count(pulled),
            },
        }),
        last_sync_at: s.stored.last_sync_at,
        last_error: s.stored.last_error,
        failure: s.failure.map(|f| match f {
            FailureKind::Offline => SyncFailure::Offline,
            FailureKind::SignedOut => SyncFailure::SignedOut,
            FailureKind::UpdateNeeded => SyncFailure::UpdateNeeded,
            FailureKind::ServerError => SyncFailure::ServerError,
            FailureKind::Local => SyncFailure::Local,
        }),
        last_summary: s.last_report.map(summary),
        pending_changes: count(s.stored.pending_changes),
        open_conflicts: count(s.stored.open_conflicts),
        rejected_changes: count(s.stored.rejected_changes),
        next_attempt_in_secs: s.next_attempt_in_secs.map(count),
        quote_prefix,
        user_role,
    }
}

async fn current(state: &AppState, agent: &Agent) -> CmdResult<SyncStatus> {
    let prefix = state.store.device().await?.quote_prefix;
    let role = state.store.signed_in_user().await?.and_then(|u| u.role);
    Ok(status(agent.status().await?, prefix, role))
}

fn conflict(c: ConflictItem) -> SyncConflict {
    SyncConflict {
        id: c.id,
        entity: c.entity,
        label: c.label,
        field: c.field,
        mine: c.mine,
        theirs: c.theirs,
        showing_mine: c.showing_mine,
        detected_at: c.detected_at,
    }
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
) -> CmdResult<SyncStatus> {
    current(&state, &agent).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_sign_in(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    server_url: String,
    email: String,
    password: String,
) -> CmdResult<SyncStatus> {
    agent.sign_in(&server_url, &email, &password).await?;
    current(&state, &agent).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_sign_out(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
) -> CmdResult<SyncStatus> {
    agent.sign_out().await?;
    current(&state, &agent).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(agent: State<'_, Agent>) -> CmdResult<SyncSummary> {
    let result = agent.sync_now().await;
    if let Err(e) = &result
        && e.is_transient()
    {
        // Let the background loop take over with its back-off, rather than waiting for its next regular turn.
        agent.wake();
    }
    Ok(summary(result?))
}

#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<SyncConflict>> {
    Ok(state
        .store
        .conflict_items()
        .await?
        .into_iter()
        .map(conflict)
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn sync_resolve(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: String,
    keep: KeepSide,
) -> CmdResult<Vec<SyncConflict>> {
    let keep = match keep {
        KeepSide::Mine => Keep::Mine,
        KeepSide::Theirs => Keep::Theirs,
    };
    state.store.resolve_conflict(&id, keep).await?;
    agent.wake();
    sync_conflicts(state).await
}
