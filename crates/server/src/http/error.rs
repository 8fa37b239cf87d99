//! The one error type of the HTTP API: every failure is answered `{"code": "...", "message": "..."}`
//! with a fitting status. 5xx details are logged, never sent.

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::{MIN_CLIENT_PROTOCOL, ServerError};

/// Header of a blob upload's answers: how many bytes of the blob arrived so far.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// Body of every error response. `code` is stable and meant for programs; `message` for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// e.g. `unauthorized`, `invalid_json`, `client_too_old`.
    pub code: String,
    pub message: String,
}

/// Everything a handler or extractor can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or breaks a rule; `code` says how.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 413: the body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 413: a push batch with more changes than the server takes at once.
    #[error("{0}")]
    BatchTooLarge(String),
    /// 413: a blob larger than the server takes.
    #[error("{0}")]
    BlobTooLarge(String),
    /// 409: a part of an upload that does not continue what arrived (`received` bytes).
    #[error("{message}")]
    UploadOffset { received: u64, message: String },
    /// 416: a `Range` past the end of a blob of `size` bytes.
    #[error("{message}")]
    RangeNotSatisfiable { size: u64, message: String },
    /// 422: uploaded bytes that do not hash to the blob's name.
    #[error("{0}")]
    HashMismatch(String),
    /// 415: the body is not declared as JSON.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 401: no valid bearer token.
    #[error("not signed in, or the session has expired")]
    Unauthorized,
    /// 401: wrong email or password (the same answer for both).
    #[error("wrong email or password")]
    InvalidCredentials,
    /// 403: the account is disabled.
    #[error("this account is disabled; ask your administrator")]
    AccountDisabled,
    /// 403: the caller may not do this (the message says why).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(String),
    /// 426: the client speaks an older protocol than the server accepts.
    #[error("Please update Fieldquote: this server needs protocol {MIN_CLIENT_PROTOCOL} or newer.")]
    ClientTooOld,
    /// 429 with `Retry-After`.
    #[error("too many failed sign-in attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// 503: a dependency (the database) does not answer; logged, answered generically.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 500: logged in full, answered with a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge | ApiError::BatchTooLarge(_) | ApiError::BlobTooLarge(_) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::UploadOffset { .. } => StatusCode::CONFLICT,
            ApiError::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::HashMismatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::AccountDisabled | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::ClientTooOld => StatusCode::UPGRADE_REQUIRED,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } => code,
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::BatchTooLarge(_) => "batch_too_large",
            ApiError::BlobTooLarge(_) => "blob_too_large",
            ApiError::UploadOffset { .. } => "upload_offset_mismatch",
            ApiError::RangeNotSatisfiable { .. } => "range_not_satisfiable",
            ApiError::HashMismatch(_) => "hash_mismatch",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Unauthorized => "unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::AccountDisabled => "account_disabled",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::ClientTooOld => "client_too_old",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<ServerError> for ApiError {
    fn from(e: ServerError) -> Self {
        match e {
            ServerError::Invalid(m) => ApiError::bad_request("invalid_input", m),
            ServerError::InvalidRows(_) => ApiError::bad_request("invalid_input", e.to_string()),
            ServerError::BatchTooLarge { .. } => ApiError::BatchTooLarge(e.to_string()),
            ServerError::BlobTooLarge { .. } => ApiError::BlobTooLarge(e.to_string()),
            ServerError::HashMismatch { .. } => ApiError::HashMismatch(e.to_string()),
            ServerError::UploadOffset { received, .. } => ApiError::UploadOffset {
                received,
                message: e.to_string(),
            },
            ServerError::RangeNotSatisfiable { size } => ApiError::RangeNotSatisfiable {
                size,
                message: e.to_string(),
            },
            ServerError::NotFound { .. } => ApiError::NotFound(e.to_string()),
            ServerError::AlreadyExists { .. } => ApiError::Conflict(e.to_string()),
            ServerError::StateConflict(m) => ApiError::Conflict(m),
            ServerError::Forbidden(m) => ApiError::Forbidden(m),
            ServerError::InvalidCredentials => ApiError::InvalidCredentials,
            ServerError::AccountDisabled => ApiError::AccountDisabled,
            ServerError::TooManyAttempts { retry_after_secs } => {
                ApiError::TooManyAttempts { retry_after_secs }
            }
            ServerError::Unauthorized => ApiError::Unauthorized,
            ServerError::UnsupportedDatabaseUrl(_)
            | ServerError::DatabaseDir { .. }
            | ServerError::DatabaseFile { .. }
            | ServerError::Db(_)
            | ServerError::PasswordHash(_)
            | ServerError::Random(_)
            | ServerError::Corrupt(_) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::bad_request("invalid_json", e.body_text())
            }
            JsonRejection::JsonDataError(e) => ApiError::bad_request("invalid_body", e.body_text()),
            JsonRejection::MissingJsonContentType(e) => {
                ApiError::UnsupportedMediaType(e.body_text())
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            other => ApiError::bad_request("invalid_body", other.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "Something went wrong on the server. Please try again later.".to_string()
        } else {
            self.to_string()
        };
        let body = ErrorBody {
            code: self.code().to_string(),
            message,
        };
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match &self {
            ApiError::TooManyAttempts { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::UploadOffset { received, .. } => {
                headers.insert(UPLOAD_OFFSET, HeaderValue::from(*received));
            }
            ApiError::RangeNotSatisfiable { size, .. } => {
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                    headers.insert(header::CONTENT_RANGE, v);
                }
            }
            _ => {}
        }
        response
    }
}
