//! Handler of `/api/v1/approvals`: parse, call [`crate::approvals`], answer. No rules, no queries.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiError, AppState, AuthUser, ClientAddr, ErrorBody, Json};
use crate::approvals::{Decided, Decision, decide_on_the_spot};
use crate::sync::Caller;

/// `POST /api/v1/approvals/on-the-spot`.
#[derive(Clone, Deserialize, Serialize, ToSchema)]
pub struct OnTheSpotRequest {
    /// The deciding manager's email and password (checked like a sign-in, never stored). The email holds
    /// no NUL character (400 otherwise).
    #[schema(pattern = "^[^\\u0000]*$")]
    pub manager_email: String,
    pub manager_password: String,
    /// The quote's id (400 if it is not one).
    #[schema(format = "uuid")]
    pub quote_id: String,
    pub decision: Decision,
    /// At most 2000 characters once trimmed, no NUL character (400 otherwise).
    #[serde(default)]
    #[schema(max_length = 2000, pattern = "^[^\\u0000]*$")]
    pub comment: String,
}

impl std::fmt::Debug for OnTheSpotRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnTheSpotRequest")
            .field("manager_email", &self.manager_email)
            .field("manager_password", &"<redacted>")
            .field("quote_id", &self.quote_id)
            .field("decision", &self.decision)
            .field("comment", &self.comment)
            .finish()
    }
}

/// A manager decides a quote's approval on the rep's laptop.
///
/// The caller is the device's signed-in user (the rep); the body names the manager, whose password the
/// server checks with the sign-in's rules (failures count towards the lock-out). The manager must manage
/// the quote owner's team (or be an admin) and not own the quote; the quote must be waiting for approval on
/// the server (push first). The decision is recorded with the server's clock and reaches every device with
/// its next pull.
#[utoipa::path(
    post,
    path = "/api/v1/approvals/on-the-spot",
    tag = "approvals",
    security(("bearer" = [])),
    request_body = OnTheSpotRequest,
    responses(
        (status = 200, description = "Decided", body = Decided),
        (status = 400, description = "Malformed request, a quote_id that is not a UUID, a comment too long, or a NUL character in a text", body = ErrorBody),
        (status = 401, description = "Wrong manager email or password, or the device is not signed in", body = ErrorBody),
        (status = 403, description = "Not a manager of the quote owner's team (`forbidden`), or an account disabled", body = ErrorBody),
        (status = 404, description = "No such quote on the server (push first)", body = ErrorBody),
        (status = 409, description = "The quote is not waiting for approval", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "The body is not declared as JSON (`Content-Type: application/json`)", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this email from this address, or for this email from everywhere; see Retry-After", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn on_the_spot(
    State(state): State<AppState>,
    user: AuthUser,
    ClientAddr(source): ClientAddr,
    Json(req): Json<OnTheSpotRequest>,
) -> Result<Json<Decided>, ApiError> {
    let quote_id = Uuid::parse_str(req.quote_id.trim()).map_err(|_| {
        ApiError::bad_request(
            "invalid_input",
            format!("quote_id {:?} is not a UUID", req.quote_id),
        )
    })?;
    let device_user = Caller::new(&user.user_id, user.role, user.team_id.clone())?;
    let manager = state
        .accounts
        .check_password(&req.manager_email, &req.manager_password, source)
        .await?;
    let decided = decide_on_the_spot(
        state.accounts.db(),
        &device_user,
        &manager,
        quote_id,
        req.decision,
        &req.comment,
    )
    .await?;
    Ok(Json(decided))
}
