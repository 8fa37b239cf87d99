//! Sync of a device's [`Store`] with the team server, over HTTP.
//!
//! [`Client`] speaks the server's API (`/api/v1/auth/login`, `/api/v1/sync/push`, `/api/v1/sync/pull`,
//! `/api/v1/blobs`); [`sync_once`] runs one full sync: push the outbox in batches of [`PUSH_BATCH`] until
//! it is empty (each batch after uploading the blobs it names), then pull pages of [`PULL_PAGE`] until the
//! server has no more, then download the blobs the records here name and this laptop lacks ([`blobs`]). Every failure is one [`SyncError`], whose
//! variants a UI can branch on (offline, signed out, update needed, server refused, local database).
//!
//! # Interruption
//!
//! A sync may stop anywhere (network gone, app closed, server restarted) and the next one resumes cleanly,
//! by construction:
//!
//! - a change leaves the outbox only in [`Store::finish_push`], after the server answered for it; a push
//!   whose answer was lost is sent again, and the server applies each `change_id` at most once (a replay is
//!   accepted and changes nothing);
//! - a pulled page and the cursor after it commit in one transaction ([`Store::apply_pull`]), so the next
//!   pull starts right after the last page applied: no gaps, and a page applied twice merges to the same
//!   records (last writer wins per field).
//!
//! The engine itself keeps no state between runs.

use std::time::Duration;

pub mod agent;
pub mod blobs;
pub mod credentials;

use fieldquote_domain::Role;
use fieldquote_domain::sync::{PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse};
use fieldquote_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Changes per push request (the server takes at most 1000).
pub const PUSH_BATCH: u64 = 500;
/// Records asked for per pull request.
pub const PULL_PAGE: i64 = 1000;
/// Header stating the protocol version this client speaks.
pub const PROTOCOL_HEADER: &str = "X-Fieldquote-Protocol";
/// How long to wait for a connection to the server.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take in all.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Why talking to the server (or applying its answer) failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No connection, a timeout, or the connection dropped: offline or the server is down. Try later.
    #[error("cannot reach the server at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// No sign-in on this device (never signed in, signed out, or the keychain lost it): sign in first.
    #[error("this device is not signed in to a server")]
    NotSignedIn,
    /// Wrong email or password, or the sign-in expired or was revoked (HTTP 401): sign in again.
    #[error("not signed in: {0}")]
    Unauthorized(String),
    /// Approval on the spot: the server did not accept the manager's email or password (this laptop's own
    /// sign-in was accepted). Nothing was decided.
    #[error("the server did not accept the manager's email or password: {0}")]
    ManagerNotAccepted(String),
    /// The server needs a newer app (HTTP 426): update Fieldquote.
    #[error("this version of Fieldquote is too old for the server: {0}")]
    ClientTooOld(String),
    /// The server refused the request for another reason (status, its error code and message).
    #[error("the server refused the request ({status}, {code}): {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// The server answered something this client does not understand.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// Approval on the spot could not be done: the server must check the manager's password and it cannot
    /// (offline, server down, laptop not connected). Nothing was decided; the request for approval goes to
    /// the managers with the next sync.
    #[error(
        "approval on the spot needs the server to check the manager's password, and {reason}; \
         nothing was decided: the request for approval goes to the managers with the next sync"
    )]
    OnTheSpotUnavailable { reason: String },
    /// The local database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A manager's decision on a quote's approval (the domain's one type of it).
pub use fieldquote_domain::approval::Decision;

/// What the server recorded for a decision on the spot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    pub quote_id: String,
    /// `approved`, or `draft` after a refusal.
    pub status: String,
    pub approved_by: String,
    pub approved_at: String,
    pub approval_comment: String,
}

/// What [`approve_on_the_spot`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnTheSpotReport {
    pub decided: Decided,
    /// The sync around it (the push before, the pull after).
    pub sync: SyncReport,
}

/// A signed-in session.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Bearer token for push and pull. A secret: never log it.
    pub token: String,
    pub user_id: Uuid,
    pub email: String,
    /// The user's display name.
    pub name: String,
    pub role: Role,
    /// RFC 3339.
    pub expires_at: String,
    /// This device's quote-number prefix, assigned by the server (e.g. `LW1`).
    pub quote_prefix: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"<redacted>")
            .field("user_id", &self.user_id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("expires_at", &self.expires_at)
            .field("quote_prefix", &self.quote_prefix)
            .finish()
    }
}

#[derive(Deserialize)]
struct LoginResponse {
    token: String,
    expires_at: String,
    user: UserView,
    quote_prefix: String,
}

#[derive(Deserialize)]
struct UserView {
    id: String,
    email: String,
    name: String,
    role: Role,
}

/// The signed-in user as the server describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub email: String,
    pub name: String,
    pub role: Role,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    message: String,
}

/// HTTP client of one server. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    /// A client of the server at `server_url` (e.g. `https://sync.example.cn`), using the system's proxy
    /// settings (except for a server on this machine, which is never reached through a proxy).
    pub fn new(server_url: &str) -> Result<Client, SyncError> {
        let host = reqwest::Url::parse(server_url.trim())
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        let loopback = host.is_some_and(|h| {
            h == "localhost"
                || h.trim_matches(|c| c == '[' || c == ']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        });
        if loopback {
            Self::without_proxy(server_url)
        } else {
            Self::build(server_url, reqwest::Client::builder())
        }
    }

    /// A client that never goes through a proxy (for loopback servers, e.g. in tests).
    pub fn without_proxy(server_url: &str) -> Result<Client, SyncError> {
        Self::build(server_url, reqwest::Client::builder().no_proxy())
    }

    fn build(server_url: &str, builder: reqwest::ClientBuilder) -> Result<Client, SyncError> {
        let base = server_url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(SyncError::Unreachable {
                url: base,
                detail: "the server address must start with http:// or https://".into(),
            });
        }
        let http = builder
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("fieldquote/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Unreachable {
                url: base.clone(),
                detail: e.to_string(),
            })?;
        Ok(Client { http, base })
    }

    /// The server's base URL, without a trailing slash.
    pub fn server_url(&self) -> &str {
        &self.base
    }

    /// Sign in as `email` from the device `device_id`.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        device_id: &str,
    ) -> Result<Session, SyncError> {
        let body = serde_json::json!({
            "email": email,
            "password": password,
            "device_id": device_id,
            "protocol_version": PROTOCOL_VERSION,
        });
        let req = self.http.post(self.url("/api/v1/auth/login")).json(&body);
        let res: LoginResponse = self.send(req).await?;
        let user_id = Uuid::parse_str(&res.user.id)
            .map_err(|e| SyncError::Protocol(format!("user id {:?}: {e}", res.user.id)))?;
        if !fieldquote_domain::numbering::is_valid_prefix(&res.quote_prefix) {
            return Err(SyncError::Protocol(format!(
                "the server gave this device an unusable quote-number prefix {:?}",
                res.quote_prefix
            )));
        }
        Ok(Session {
            token: res.token,
            user_id,
            email: res.user.email,
            name: res.user.name,
            role: res.user.role,
            expires_at: res.expires_at,
            quote_prefix: res.quote_prefix,
        })
    }

    /// The signed-in user (`GET /api/v1/me`): id, email, name and role.
    pub async fn me(&self, token: &str) -> Result<Account, SyncError> {
        let req = self.http.get(self.url("/api/v1/me")).bearer_auth(token);
        let user: UserView = self.send(req).await?;
        Ok(Account {
            email: user.email,
            name: user.name,
            role: user.role,
        })
    }

    /// Push a batch of changes; one result per change.
    pub async fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse, SyncError> {
        let req = self
            .http
            .post(self.url("/api/v1/sync/push"))
            .bearer_auth(token)
            .json(req);
        self.send(req).await
    }

    /// Records changed after `cursor`, at most `limit`.
    pub async fn pull(
        &self,
        token: &str,
        cursor: i64,
        limit: i64,
    ) -> Result<PullResponse, SyncError> {
        let req = self
            .http
            .get(self.url(&format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}")))
            .bearer_auth(token);
        self.send(req).await
    }

    /// A manager's decision on a quote, confirmed with the manager's own email and password (checked by the
    /// server; never stored). `token` is this device's sign-in.
    pub async fn decide_on_the_spot(
        &self,
        token: &str,
        quote_id: Uuid,
        manager_email: &str,
        manager_password: &str,
        decision: Decision,
        comment: &str,
    ) -> Result<Decided, SyncError> {
        let body = serde_json::json!({
            "manager_email": manager_email.trim(),
            "manager_password": manager_password,
            "quote_id": quote_id,
            "decision": decision,
            "comment": comment,
        });
        let req = self
            .http
            .post(self.url("/api/v1/approvals/on-the-spot"))
            .bearer_auth(token)
            .json(&body);
        // A 401 is either this laptop's sign-in (`unauthorized`) or the manager's (`invalid_credentials`).
        self.send_as(req, |code, message| {
            (code == "invalid_credentials")
                .then(|| SyncError::ManagerNotAccepted(message.to_string()))
        })
        .await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn unreachable(&self, e: &reqwest::Error) -> SyncError {
        // The chain holds the useful part ("connection refused", "operation timed out").
        let mut detail = if e.is_timeout() {
            "timed out".to_string()
        } else {
            e.to_string()
        };
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            detail = format!("{detail}: {s}");
            source = s.source();
        }
        SyncError::Unreachable {
            url: self.base.clone(),
            detail,
        }
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        self.send_as(req, |_, _| None).await
    }

    /// Like [`Client::send`]; `unauthorized` may give a 401 (with the server's error code and message) a
    /// meaning of its own.
    async fn send_as<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
        unauthorized: impl Fn(&str, &str) -> Option<SyncError>,
    ) -> Result<T, SyncError> {
        let res = req
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .send()
            .await
            .map_err(|e| self.unreachable(&e))?;
        let status = res.status();
        // A body cut off is a dropped connection, not a bad answer.
        let bytes = res.bytes().await.map_err(|e| self.unreachable(&e))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(e.to_string()));
        }
        Err(self.error_as(status.as_u16(), &bytes, unauthorized))
    }

    /// The error of an answer with a failing `status` and `body`.
    fn error_of(&self, status: u16, body: &[u8]) -> SyncError {
        self.error_as(status, body, |_, _| None)
    }

    fn error_as(
        &self,
        status: u16,
        bytes: &[u8],
        unauthorized: impl Fn(&str, &str) -> Option<SyncError>,
    ) -> SyncError {
        let (code, message) = match serde_json::from_slice::<ErrorBody>(bytes) {
            Ok(b) => (b.code, b.message),
            Err(_) => (
                "http_error".to_string(),
                String::from_utf8_lossy(bytes).chars().take(200).collect(),
            ),
        };
        match status {
            401 => unauthorized(&code, &message).unwrap_or(SyncError::Unauthorized(message)),
            426 => SyncError::ClientTooOld(message),
            s => SyncError::Server {
                status: s,
                code,
                message,
            },
        }
    }
}

/// How far a running sync got, for a progress display. Counts are plain numbers to TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Progress {
    /// `pushed` changes sent so far; `remaining` still in the outbox.
    Pushed {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        pushed: usize,
        #[cfg_attr(feature = "specta", specta(type = u32))]
        remaining: u64,
    },
    /// `pulled` records applied so far.
    Pulled {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        pulled: usize,
    },
    /// Blob bytes (images) `sent` so far of `total` to upload.
    Uploading {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        sent: u64,
        #[cfg_attr(feature = "specta", specta(type = u32))]
        total: u64,
    },
    /// Blob bytes `received` so far of `total` to download.
    Downloading {
        #[cfg_attr(feature = "specta", specta(type = u32))]
        received: u64,
        #[cfg_attr(feature = "specta", specta(type = u32))]
        total: u64,
    },
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// Changes sent.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pushed: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub accepted: usize,
    /// Refused by the server; kept in the store for the user to see.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rejected: usize,
    /// Records pulled and applied.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pulled: usize,
    /// New conflicts found while applying them.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub conflicts: usize,
    /// Records removed because this device no longer sees them (a share withdrawn, a member removed).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub removed: usize,
    /// Local changes of those that were not sent: recorded as refused, for the user to see.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub dropped: usize,
    /// Blobs (images) sent to the server, and received from it.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub blobs_uploaded: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub blobs_downloaded: usize,
    /// Blobs records name that could not be moved now: not on this laptop (to upload), or not on the server
    /// for this user yet (to download). The next sync tries again.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub blobs_missing: usize,
}

/// One full sync of `store` through `client` with `token`: push everything, then pull everything.
///
/// On success the store records it (`last_sync_at`, no `last_error`); on failure it records the error's
/// message as `last_error` and returns the error. Whatever was pushed or pulled before a failure stays done
/// (see the crate docs: the next sync resumes where this one stopped).
pub async fn sync_once(
    store: &Store,
    client: &Client,
    token: &str,
    mut progress: impl FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let result = run(store, client, token, &mut progress).await;
    let outcome = match &result {
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    };
    let recorded = store.record_sync_outcome(outcome.as_deref()).await;
    match (result, recorded) {
        (Ok(report), Ok(())) => Ok(report),
        (Ok(_), Err(e)) => Err(e.into()),
        // The sync's own error matters more than failing to note it.
        (Err(e), _) => Err(e),
    }
}

async fn run(
    store: &Store,
    client: &Client,
    token: &str,
    progress: &mut impl FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    // A device connected before roles were kept learns its role (which decides its discount limit) once.
    if store
        .signed_in_user()
        .await?
        .is_some_and(|u| u.role.is_none())
    {
        let me = client.me(token).await?;
        store.set_account_profile(&me.name, me.role).await?;
    }
    push_all(store, client, token, progress, &mut report).await?;
    pull_all(store, client, token, progress, &mut report).await?;
    blobs::download_missing(store, client, token, progress, &mut report).await?;
    Ok(report)
}

/// A manager decides a quote's approval on this laptop with their own email and password: push the outbox
/// (so the server has the quote as this laptop shows it), ask the server to check the manager and record the
/// decision, then pull it (with everything else waiting).
///
/// When the server cannot be reached (before the decision is recorded) the answer is
/// [`SyncError::OnTheSpotUnavailable`] and nothing was decided. A wrong manager email or password is
/// [`SyncError::ManagerNotAccepted`]; this laptop's own sign-in refused (expired, revoked) is
/// [`SyncError::Unauthorized`]; a manager who may not decide, or a quote not waiting for approval, is
/// [`SyncError::Server`] with the server's reason.
#[allow(clippy::too_many_arguments)]
pub async fn approve_on_the_spot(
    store: &Store,
    client: &Client,
    token: &str,
    quote_id: Uuid,
    manager_email: &str,
    manager_password: &str,
    decision: Decision,
    comment: &str,
) -> Result<OnTheSpotReport, SyncError> {
    let unavailable = |e: SyncError| match e {
        SyncError::Unreachable { url, detail } => SyncError::OnTheSpotUnavailable {
            reason: format!("the server at {url} cannot be reached ({detail})"),
        },
        other => other,
    };
    let mut report = SyncReport::default();
    let mut no_progress = |_: Progress| {};
    let pushed = push_all(store, client, token, &mut no_progress, &mut report).await;
    if let Err(e) = pushed {
        let _ = store.record_sync_outcome(Some(&e.to_string())).await;
        return Err(unavailable(e));
    }
    let decided = client
        .decide_on_the_spot(
            token,
            quote_id,
            manager_email,
            manager_password,
            decision,
            comment,
        )
        .await
        .map_err(unavailable)?;
    let pulled = pull_all(store, client, token, &mut no_progress, &mut report).await;
    // The decision is on the server whatever the pull did: a failed pull is noted like any sync's failure,
    // and the decision arrives with the next sync at the latest.
    let outcome = pulled.err().map(|e| e.to_string());
    store.record_sync_outcome(outcome.as_deref()).await?;
    Ok(OnTheSpotReport {
        decided,
        sync: report,
    })
}

/// Push the outbox in batches until it is empty.
async fn push_all(
    store: &Store,
    client: &Client,
    token: &str,
    progress: &mut impl FnMut(Progress),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let device = store.device().await?.device_id;
    let device_id = Uuid::parse_str(&device)
        .map_err(|e| StoreError::Corrupt(format!("device id {device:?}: {e}")))?;

    loop {
        let batch = store.outbox_batch(PUSH_BATCH).await?;
        if batch.is_empty() {
            break;
        }
        // The server must hold the blobs the changes name before other devices pull them.
        let named = store.blobs_named_by(batch.iter().map(|c| &c.change));
        blobs::upload_for(store, client, token, &named, progress, report).await?;
        let req = PushRequest {
            device_id,
            changes: batch.iter().map(|c| c.change.clone()).collect(),
        };
        let res = client.push(token, &req).await?;
        let tally = store.finish_push(&batch, &res.results).await?;
        if tally.accepted + tally.rejected == 0 {
            // Nothing left the outbox: pushing again would loop forever.
            return Err(SyncError::Protocol(format!(
                "the server answered for none of the {} changes pushed",
                batch.len()
            )));
        }
        report.pushed += batch.len();
        report.accepted += tally.accepted;
        report.rejected += tally.rejected;
        let remaining = store.sync_state().await?.pending_changes;
        progress(Progress::Pushed {
            pushed: report.pushed,
            remaining,
        });
    }
    Ok(())
}

/// Pull pages until the server has no more.
async fn pull_all(
    store: &Store,
    client: &Client,
    token: &str,
    progress: &mut impl FnMut(Progress),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    // While a page is applied, the next one is already asked for: the server's work and the device's
    // overlap. The prefetch starts after the cursor the page will store, so it is the same request the
    // next turn would make; if applying fails, it is dropped (aborted) unused.
    let mut cursor = store.sync_state().await?.cursor;
    let mut next = Prefetch::start(client, token, cursor);
    loop {
        let page = next.take().await?;
        let more = page.has_more;
        if more && page.cursor <= cursor {
            return Err(SyncError::Protocol(format!(
                "the server has more records but did not advance the cursor past {cursor}"
            )));
        }
        if more {
            next = Prefetch::start(client, token, page.cursor);
        }
        let tally = store.apply_pull(&page).await?;
        cursor = page.cursor;
        report.pulled += tally.records;
        report.conflicts += tally.conflicts;
        report.removed += tally.removed;
        report.dropped += tally.dropped;
        progress(Progress::Pulled {
            pulled: report.pulled,
        });
        if !more {
            break;
        }
    }
    Ok(())
}

/// A pull request running in a task of its own; aborted if dropped before it is taken.
struct Prefetch(Option<tokio::task::JoinHandle<Result<PullResponse, SyncError>>>);

impl Prefetch {
    fn start(client: &Client, token: &str, cursor: i64) -> Prefetch {
        let (client, token) = (client.clone(), token.to_string());
        Prefetch(Some(tokio::spawn(async move {
            client.pull(&token, cursor, PULL_PAGE).await
        })))
    }

    async fn take(&mut self) -> Result<PullResponse, SyncError> {
        let task = self
            .0
            .take()
            .ok_or_else(|| SyncError::Protocol("no pull request under way".into()))?;
        task.await
            .map_err(|e| SyncError::Protocol(format!("the pull request failed: {e}")))?
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}
