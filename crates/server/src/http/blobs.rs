//! Handlers of `/api/v1/blobs`: content-addressed blobs ([`crate::blobs`]). Parse, call the service, answer.

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fieldquote_domain::content::BlobHash;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::UPLOAD_OFFSET;
use super::{ApiError, AppState, AuthUser, ErrorBody, Json};
use crate::blobs::{ContentRange, UploadState};
use crate::sync::Caller;

/// `POST /api/v1/blobs/check`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckRequest {
    /// SHA-256 of each blob (400 for one that is not 64 hexadecimal digits); at most 1000.
    #[schema(max_items = 1000, value_type = Vec<Sha256Text>)]
    pub hashes: Vec<String>,
}

/// A SHA-256 as 64 hexadecimal digits.
#[derive(ToSchema)]
#[schema(pattern = "^[0-9a-fA-F]{64}$")]
#[allow(dead_code)]
pub struct Sha256Text(String);

/// Where a blob's upload stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlobState {
    /// The server holds it, verified: nothing to upload.
    Stored,
    /// Part of it arrived: continue from `received`.
    Partial,
    /// Nothing of it arrived.
    Missing,
}

/// A blob's upload state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BlobStatus {
    /// 64 lowercase hexadecimal digits.
    pub sha256: String,
    pub state: BlobState,
    /// Bytes the server holds of it (the whole size once stored).
    pub received: u64,
    /// The blob's size, when known (stored, or declared by the upload under way).
    pub size: Option<u64>,
}

impl BlobStatus {
    fn of(hash: &BlobHash, state: UploadState) -> BlobStatus {
        let (state, received, size) = match state {
            UploadState::Stored { size, .. } => (BlobState::Stored, size, Some(size)),
            UploadState::Partial { received, size } => (BlobState::Partial, received, Some(size)),
            UploadState::Missing => (BlobState::Missing, 0, None),
        };
        BlobStatus {
            sha256: hash.to_string(),
            state,
            received,
            size,
        }
    }
}

/// Answer of `POST /api/v1/blobs/check`: one status per hash asked about, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckResponse {
    pub blobs: Vec<BlobStatus>,
}

fn hash(text: &str) -> Result<BlobHash, ApiError> {
    BlobHash::parse(text).map_err(|e| ApiError::bad_request("invalid_hash", e.to_string()))
}

fn path_hash(path: Result<Path<String>, PathRejection>) -> Result<BlobHash, ApiError> {
    let Path(text) = path.map_err(|e| ApiError::bad_request("invalid_hash", e.body_text()))?;
    hash(&text)
}

/// Which of these blobs the server holds, and how much of those being uploaded arrived.
///
/// Any signed-in device may ask (to know what to upload before pushing the records that name them).
#[utoipa::path(
    post,
    path = "/api/v1/blobs/check",
    tag = "blobs",
    security(("bearer" = [])),
    request_body = CheckRequest,
    responses(
        (status = 200, description = "One status per hash, in order", body = CheckResponse),
        (status = 400, description = "Malformed JSON or body (`invalid_json`, `invalid_body`), a hash that is not 64 hexadecimal digits (`invalid_hash`), more than 1000 hashes (`invalid_input`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "The body is not declared as JSON (`Content-Type: application/json`)", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    _user: AuthUser,
    Json(req): Json<CheckRequest>,
) -> Result<Json<CheckResponse>, ApiError> {
    let hashes = req
        .hashes
        .iter()
        .map(|h| hash(h))
        .collect::<Result<Vec<_>, _>>()?;
    let states = state.blobs.check(&hashes).await?;
    Ok(Json(CheckResponse {
        blobs: states.iter().map(|(h, s)| BlobStatus::of(h, *s)).collect(),
    }))
}

/// Upload a blob, or a part of it.
///
/// The body is the bytes `START..=END` of the blob named by its SHA-256, as `Content-Range: bytes
/// START-END/SIZE` says (without the header: the whole blob). Resumable: a part must start at or before
/// the bytes received so far (`received` of `POST /api/v1/blobs/check`, the `Upload-Offset` header of
/// every answer); what arrived already is skipped, so sending a part again is harmless. When the last
/// byte arrives the bytes are hashed: a blob whose bytes do not match its name is refused (422) and
/// dropped, and nothing is stored under that name. A blob the server holds already is accepted at once
/// (200), whatever the body. Any signed-in device may upload.
#[utoipa::path(
    put,
    path = "/api/v1/blobs/{sha256}",
    tag = "blobs",
    security(("bearer" = [])),
    params(
        ("sha256" = String, Path, description = "The blob's SHA-256, 64 hexadecimal digits", pattern = "^[0-9a-fA-F]{64}$"),
        ("Content-Range" = Option<String>, Header, nullable = false, pattern = "^bytes [0-9]{1,18}-[0-9]{1,18}/[0-9]{1,18}$",
            description = "`bytes START-END/SIZE` (END inclusive, below SIZE; END - START + 1 is the body's length); absent: the body is the whole blob"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The part's bytes"),
    responses(
        (status = 200, description = "The server held the blob already: nothing more to send", body = BlobStatus,
            headers(("Upload-Offset" = u64, description = "Bytes the server holds"))),
        (status = 201, description = "The last part arrived and the blob is verified and stored", body = BlobStatus,
            headers(("Upload-Offset" = u64, description = "Bytes the server holds"))),
        (status = 202, description = "The part was taken; send the rest from `received`", body = BlobStatus,
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 400, description = "A malformed hash (`invalid_hash`), a malformed Content-Range or one that does not match the body's length (`invalid_input`), or a body that could not be read (`invalid_body`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 409, description = "The part starts after the bytes received so far, or declares another size than the upload under way (`upload_offset_mismatch`): continue from `Upload-Offset`", body = ErrorBody,
            headers(("Upload-Offset" = u64, description = "Bytes received so far"))),
        (status = 413, description = "The blob is larger than the server takes (`blob_too_large`, before any byte is read) or the request body is (`payload_too_large`): send smaller parts", body = ErrorBody),
        (status = 422, description = "The bytes do not hash to the name they were sent under (`hash_mismatch`): refused, nothing stored", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    _user: AuthUser,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let hash = path_hash(path)?;
    let range = match headers.get(header::CONTENT_RANGE) {
        None => None,
        Some(v) => {
            let text = v.to_str().map_err(|_| {
                ApiError::bad_request("invalid_input", "Content-Range must be ASCII text")
            })?;
            let range = ContentRange::parse(text)?;
            state.blobs.check_size(range.size)?;
            Some(range)
        }
    };
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::bad_request("invalid_body", r.body_text())
        }
    })?;
    let upload = state.blobs.put(&hash, range, body.to_vec()).await?;
    let status = match upload {
        UploadState::Stored { created: true, .. } => StatusCode::CREATED,
        UploadState::Stored { .. } => StatusCode::OK,
        _ => StatusCode::ACCEPTED,
    };
    let answer = BlobStatus::of(&hash, upload);
    let mut response = (status, Json(answer.clone())).into_response();
    response
        .headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(answer.received));
    Ok(response)
}

/// Download a blob, or a range of it.
///
/// Only a blob that a live record the caller sees names (a company content block's images: everyone; a
/// personal block's: its owner; everything: an admin). Any other blob answers 404, like one the server
/// does not hold, so the answer does not tell whether it exists. `Range: bytes=A-B`, `bytes=A-` or
/// `bytes=-N` (one range) answers 206 with `Content-Range`; other ranges are ignored (200, the whole blob).
#[utoipa::path(
    get,
    path = "/api/v1/blobs/{sha256}",
    tag = "blobs",
    security(("bearer" = [])),
    params(
        ("sha256" = String, Path, description = "The blob's SHA-256, 64 hexadecimal digits", pattern = "^[0-9a-fA-F]{64}$"),
        ("Range" = Option<String>, Header, nullable = false, description = "`bytes=A-B`, `bytes=A-` or `bytes=-N` (anything else is ignored)"),
    ),
    responses(
        (status = 200, description = "The whole blob", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 206, description = "The range asked for", body = Vec<u8>, content_type = "application/octet-stream",
            headers(("Content-Range" = String, description = "`bytes A-B/SIZE`"))),
        (status = 400, description = "A malformed hash (`invalid_hash`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 404, description = "No such blob, or none that a record the caller sees names", body = ErrorBody),
        (status = 416, description = "The range starts past the end (`range_not_satisfiable`)", body = ErrorBody,
            headers(("Content-Range" = String, description = "`bytes */SIZE`"))),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let hash = path_hash(path)?;
    let caller = Caller::new(&user.user_id, user.role, user.team_id.clone())?;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let d = state.blobs.get(&caller, &hash, range).await?;
    let len = d.bytes.len() as u64;
    let mut response = Response::new(Body::from(d.bytes));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if d.partial {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let value = format!("bytes {}-{}/{}", d.start, d.start + len - 1, d.size);
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(response)
}
