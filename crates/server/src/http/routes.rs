//! Handlers of `/api/v1`: parse, call [`crate::accounts`], shape the answer. No queries here.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, AppState, AuthUser, ClientAddr, ErrorBody, Json};
use crate::accounts::Session;
use fieldquote_domain::Role;

use crate::entities::app_user;
use crate::{MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION, ms_to_rfc3339};

/// `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HealthResponse {
    /// Always `ok` (a failing database answers 503 instead).
    pub status: String,
    /// Sync protocol version the server speaks.
    pub protocol: u32,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// `POST /api/v1/auth/login`.
#[derive(Clone, Deserialize, Serialize, ToSchema)]
pub struct LoginRequest {
    /// Without a NUL character (400 otherwise).
    #[schema(pattern = "^[^\\u0000]*$")]
    pub email: String,
    pub password: String,
    /// The signing-in device's own id (a UUID it made at install): not blank, at most 200 characters once
    /// trimmed, no NUL character (400 otherwise).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
    )]
    pub device_id: String,
    /// Sync protocol version of the client; below the server's minimum (`MIN_CLIENT_PROTOCOL`, 3) the answer is 426
    /// ("please update").
    #[schema(minimum = 3)]
    #[serde(deserialize_with = "whole_number")]
    pub protocol_version: u32,
}

/// A `u32` written as any JSON number with an integral value (`2` or `2.0`: JSON Schema's `integer` takes
/// both); a fraction, a negative number or one past `u32` is refused.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    n.as_u64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                .map(|f| f as u64)
        })
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a whole number from 0 to {}, not {n}",
                u32::MAX
            ))
        })
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("device_id", &self.device_id)
            .field("protocol_version", &self.protocol_version)
            .finish()
    }
}

/// A user as the API shows them (never with the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
    #[schema(value_type = crate::entities::app_user::StoredRole)]
    pub role: Role,
    /// `null` for an admin without a team.
    pub team_id: Option<String>,
}

impl From<app_user::Model> for UserView {
    fn from(u: app_user::Model) -> Self {
        UserView {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role.0,
            team_id: u.team_id,
        }
    }
}

impl From<AuthUser> for UserView {
    fn from(u: AuthUser) -> Self {
        UserView {
            id: u.user_id,
            email: u.email,
            name: u.name,
            role: u.role,
            team_id: u.team_id,
        }
    }
}

/// A new session. The token is shown this once; send it as `Authorization: Bearer <token>`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub user: UserView,
    /// The signing-in device's quote-number prefix, unique in the company (e.g. `LW1`): quotes made on it
    /// from now on are numbered `Q-2026-LW1-0042`. Assigned at the device's first sign-in, then kept.
    pub quote_prefix: String,
}

impl From<Session> for LoginResponse {
    fn from(s: Session) -> Self {
        LoginResponse {
            token: s.token,
            expires_at: ms_to_rfc3339(s.expires_at),
            user: s.user.into(),
            quote_prefix: s.quote_prefix,
        }
    }
}

/// Whether the server and its database answer.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "server",
    responses(
        (status = 200, description = "Serving", body = HealthResponse),
        (status = 503, description = "The database does not answer", body = ErrorBody),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<HealthResponse>, ApiError> {
    let db = state.accounts.db();
    db.ping()
        .await
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    Ok(Json(HealthResponse {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        database: db.backend().name().into(),
    }))
}

/// Sign in with email and password; returns a bearer token.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed request", body = ErrorBody),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "The body is not declared as JSON (`Content-Type: application/json`)", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this email from this address, or for this email from everywhere; see Retry-After", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(source): ClientAddr,
    Json(req): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    if req.protocol_version < MIN_CLIENT_PROTOCOL {
        return Err(ApiError::ClientTooOld);
    }
    let session = state
        .accounts
        .login(&req.email, &req.password, &req.device_id, source)
        .await?;
    Ok(Json(session.into()))
}

/// The signed-in user.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = UserView),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
    )
)]
pub async fn me(user: AuthUser) -> Json<UserView> {
    Json(user.into())
}

/// This API as an OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "server",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}
