//! Approvals: the manager's list of quotes waiting for them, deciding on this laptop, and a manager deciding
//! on the rep's laptop with their email and password (checked by the server).

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::approval::{Decision, PendingApprovalView};
use fieldquote_domain::quote::QuoteView;
use fieldquote_service::approval;
use fieldquote_store::Origin;
use fieldquote_sync::SyncError;
use fieldquote_sync::agent::Agent;

use super::CmdResult;
use crate::AppState;
use crate::error::{AppError, AppErrorCode};

/// Quotes waiting for approval that the signed-in manager (or admin) may decide; empty for a rep.
#[tauri::command]
#[specta::specta]
pub async fn approvals_list(state: State<'_, AppState>) -> CmdResult<Vec<PendingApprovalView>> {
    Ok(state.store.pending_approvals().await?)
}

/// Approve or refuse a quote's discounts on this laptop: signed by the signed-in account, or on a laptop
/// without a server by the manager named in `by`, with the manager `pin` once one is set. The rep gets it with
/// their next sync.
#[tauri::command]
#[specta::specta]
pub async fn quote_decide_approval(
    state: State<'_, AppState>,
    agent: State<'_, Agent>,
    id: Uuid,
    decision: Decision,
    by: Option<String>,
    pin: Option<String>,
    comment: String,
) -> CmdResult<QuoteView> {
    let q = approval::decide(
        &state.store,
        id,
        decision,
        by.as_deref(),
        pin.as_deref(),
        &comment,
        Origin::Ui,
    )
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
    decision: Decision,
    comment: String,
) -> CmdResult<QuoteView> {
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
