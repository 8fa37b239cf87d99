//! Approvals: the manager's list of quotes waiting for them, deciding on the manager's own laptop, and a
//! manager deciding on the rep's laptop with their email and password (checked by the server).

use serde::Deserialize;
use tauri::State;
use uuid::Uuid;

use fieldquote_domain::approval::PendingApprovalView;
use fieldquote_domain::quote::QuoteView;
use fieldquote_store::Origin;
use fieldquote_sync::agent::Agent;
use fieldquote_sync::{Decision, SyncError};

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

/// What the manager decided.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalDecision {
    Approve,
    Reject,
}

/// Quotes waiting for approval that the signed-in manager (or admin) may decide; empty for a rep.
#[tauri::command]
#[specta::specta]
pub async fn approvals_list(state: State<'_, AppState>) -> CmdResult<Vec<PendingApprovalView>> {
    Ok(state.store.pending_approvals().await?)
}

/// Who signs a decision made on this laptop: the signed-in account, else (a standalone laptop) `by`.
async fn signer(state: &AppState, by: Option<String>) -> CmdResult<String> {
    Ok(match state.store.signed_in_user().await? {
        Some(user) => user.display_name().to_string(),
        None => by.unwrap_or_default(),
    })
}

/// Approve a quote's discounts on this laptop (a manager's, or a standalone one naming the manager in `by`).
#[tauri::command]
#[specta::specta]
pub async fn quote_approve(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: Uuid,
    by: Option<String>,
    comment: String,
) -> CmdResult<QuoteView> {
    let by = signer(&state, by).await?;
    let q = state
        .store
        .decide_approval(id, Decision::Approve, &by, &comment, Origin::Ui)
        .await?;
    // The rep gets it with their next sync: send it up now.
    agent.wake();
    Ok(q)
}

/// Refuse a quote's discounts: back to draft with the comment (who signs: as for `quote_approve`).
#[tauri::command]
#[specta::specta]
pub async fn quote_reject_approval(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: Uuid,
    by: Option<String>,
    comment: String,
) -> CmdResult<QuoteView> {
    let by = signer(&state, by).await?;
    let q = state
        .store
        .decide_approval(id, Decision::Reject, &by, &comment, Origin::Ui)
        .await?;
    agent.wake();
    Ok(q)
}

/// A manager at the rep's side decides with their email and password, which the server checks: this
/// laptop pushes its changes, the server records the decision, this laptop pulls it.
#[tauri::command]
#[specta::specta]
pub async fn quote_approve_on_the_spot(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: Uuid,
    manager_email: String,
    password: String,
    decision: ApprovalDecision,
    comment: String,
) -> CmdResult<QuoteView> {
    let decision = match decision {
        ApprovalDecision::Approve => Decision::Approve,
        ApprovalDecision::Reject => Decision::Reject,
    };
    agent
        .approve_on_the_spot(id, &manager_email, &password, decision, &comment)
        .await
        .map_err(on_the_spot_error)?;
    Ok(state.store.get_quote(id).await?)
}

/// The server's answers to a decision on the spot, as codes the dialog explains.
fn on_the_spot_error(e: SyncError) -> AppError {
    let message = e.to_string();
    match e {
        SyncError::ManagerNotAccepted(_) => AppError::new(AppErrorCode::WrongPassword, message),
        // This laptop's own sign-in was refused: `signed_out`, which the dialog explains as such.
        SyncError::OnTheSpotUnavailable { .. } => {
            AppError::new(AppErrorCode::ApprovalNeedsServer, message)
        }
        SyncError::Server { status: 429, .. } => {
            AppError::new(AppErrorCode::TooManyAttempts, message)
        }
        SyncError::Server {
            status: 403 | 404 | 409,
            message: reason,
            ..
        } => AppError::new(AppErrorCode::NotAllowed, reason),
        other => other.into(),
    }
}
