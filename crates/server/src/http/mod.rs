//! The HTTP API under `/api/v1`: router, shared state, middleware and serving with graceful shutdown.

mod approvals;
mod auth;
pub mod blobs;
pub mod client_addr;
mod error;
mod json;
pub mod openapi;
mod query;
pub mod routes;
pub mod sync;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use tokio::net::TcpListener;

pub use auth::AuthUser;
pub use client_addr::ClientAddr;
pub use error::{ApiError, ErrorBody};
pub use json::Json;
pub use query::Query;

use crate::accounts::Accounts;
use crate::blobs::BlobService;
use crate::sync::SyncService;
use crate::{MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION};

/// Header in which clients state (and the server answers) the sync protocol version.
pub const PROTOCOL_HEADER: &str = "x-fieldquote-protocol";

/// What every handler can reach: the account and sync services over the database pool. Nothing else
/// lives in the process, so any number of server processes can share one PostgreSQL.
#[derive(Clone, Debug)]
pub struct AppState {
    pub accounts: Accounts,
    pub sync: SyncService,
    pub blobs: BlobService,
}

/// The whole API.
pub fn router(accounts: Accounts) -> Router {
    let body_limit = accounts.config().body_limit;
    let sync = SyncService::new(accounts.db().clone());
    let blobs = BlobService::new(accounts.db().clone(), accounts.config().max_blob_size);
    let state = AppState {
        accounts,
        sync,
        blobs,
    };
    // Routes an outdated client must still reach, to learn that it is outdated.
    let open = Router::new()
        .route("/api/v1/health", get(routes::health))
        .route("/api/v1/openapi.json", get(routes::openapi_json));
    let api = Router::new()
        .route("/api/v1/auth/login", post(routes::login))
        .route("/api/v1/me", get(routes::me))
        .route("/api/v1/sync/push", post(sync::push))
        .route("/api/v1/sync/pull", get(sync::pull))
        .route("/api/v1/blobs/check", post(blobs::check))
        .route("/api/v1/blobs/{sha256}", put(blobs::put).get(blobs::get))
        .route(
            "/api/v1/approvals/on-the-spot",
            post(approvals::on_the_spot),
        )
        .route_layer(middleware::from_fn(check_protocol_header));
    open.merge(api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(log_and_tag))
        .with_state(state)
}

/// Serve `app` on `listener` until `shutdown` resolves, then finish the requests in flight. Handlers learn
/// each connection's peer address ([`ClientAddr`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Refuse clients whose `X-Fieldquote-Protocol` is older than the server accepts.
async fn check_protocol_header(req: Request, next: Next) -> Response {
    if let Some(value) = req.headers().get(PROTOCOL_HEADER) {
        match value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
        {
            Some(v) if v < MIN_CLIENT_PROTOCOL => return ApiError::ClientTooOld.into_response(),
            Some(_) => {}
            None => {
                return ApiError::bad_request(
                    "invalid_protocol_header",
                    "X-Fieldquote-Protocol must be a whole number",
                )
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// Log each request (method, path, status, time) and tag every response: the protocol version, and headers
/// that keep it out of caches (tokens and records are private to the caller; no answer is worth keeping) and
/// stop browsers from reading it as anything but its declared type.
async fn log_and_tag(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(PROTOCOL_HEADER, HeaderValue::from(PROTOCOL_VERSION));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
