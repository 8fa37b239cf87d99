//! `AuthUser`: the caller of a route that needs a bearer token.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::{ApiError, AppState};
use fieldquote_domain::Role;

/// The signed-in caller: extracting it refuses missing, unknown and expired tokens (401) and
/// disabled users (403). Later routes scope every query by `role` and `team_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthUser {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `None` only for admins without a team.
    pub team_id: Option<String>,
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized)?;
        let user = state.accounts.authenticate(token).await?;
        Ok(AuthUser {
            user_id: user.id,
            email: user.email,
            name: user.name,
            role: user.role.0,
            team_id: user.team_id,
        })
    }
}
