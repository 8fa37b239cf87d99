//! The desktop app's sync agent: signs in, runs one sync at a time (on request or in the background), and
//! keeps the status the Sync screen shows.
//!
//! In the background it syncs every [`SYNC_INTERVAL`] while the server answers. While it does not (offline at a
//! client's site, server restarting) it tries again after a growing delay ([`backoff`]: 5 s, 10 s, 20 s, … up
//! to 5 minutes), so the first sync after the network comes back happens within minutes without hammering
//! anything meanwhile. "Sync now" and signing in wake it at once. Errors that waiting will not fix (signed
//! out, app too old) stop the background attempts until the user acts.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fieldquote_domain::Role;
use fieldquote_store::{Store, SyncState};
use serde::Serialize;

use crate::{
    Client, Decision, OnTheSpotReport, Progress, Session, SyncError, SyncReport,
    approve_on_the_spot, credentials, sync_once,
};

/// How often to sync while everything works.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(120);
/// First retry delay after the server could not be reached; doubles per failure.
pub const FIRST_RETRY: Duration = Duration::from_secs(5);
/// Longest retry delay.
pub const MAX_RETRY: Duration = Duration::from_secs(300);

/// The delay before retry number `failures` (1 for the first retry): doubling from [`FIRST_RETRY`], capped
/// at [`MAX_RETRY`].
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_RETRY.saturating_mul(1u32 << doublings).min(MAX_RETRY)
}

/// What kind of failure the last sync had, for the screen to explain it in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The server could not be reached: offline, or the server is down.
    Offline,
    /// Not signed in, or the sign-in expired or was refused.
    SignedOut,
    /// The server needs a newer app.
    UpdateNeeded,
    /// The server refused or failed the request.
    ServerError,
    /// The local database failed.
    Local,
}

impl SyncError {
    /// The kind of this failure.
    pub fn kind(&self) -> FailureKind {
        match self {
            SyncError::Unreachable { .. } | SyncError::OnTheSpotUnavailable { .. } => {
                FailureKind::Offline
            }
            SyncError::Unauthorized(_) | SyncError::NotSignedIn => FailureKind::SignedOut,
            SyncError::ClientTooOld(_) => FailureKind::UpdateNeeded,
            SyncError::Server { .. }
            | SyncError::Protocol(_)
            | SyncError::ManagerNotAccepted(_) => FailureKind::ServerError,
            SyncError::Store(_) => FailureKind::Local,
        }
    }

    /// Whether trying again later may work without the user doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

/// Everything the Sync screen shows (and the app's navigation: managers and admins see Approvals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentStatus {
    /// Server, account, cursor, last sync and counts, as stored (flattened into the status).
    #[serde(flatten)]
    pub stored: SyncState,
    /// This device's quote-number prefix, once registered.
    pub quote_prefix: Option<String>,
    /// The signed-in account's role, once known.
    pub user_role: Option<Role>,
    /// A sign-in is at hand (in memory or in the OS keychain).
    pub signed_in: bool,
    /// The sign-in is kept in the OS keychain (else only until the app quits).
    pub remembered: bool,
    /// The signed-in user's name, once known in this run of the app.
    pub user_name: Option<String>,
    /// A sync is running now.
    pub running: bool,
    /// How far the running sync got.
    pub progress: Option<Progress>,
    /// What the last sync in this run of the app did.
    pub last_report: Option<SyncReport>,
    /// Why the last sync failed, if it did.
    pub failure: Option<FailureKind>,
    /// Seconds until the next background attempt, when one is planned.
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub next_attempt_in_secs: Option<u64>,
}

#[derive(Default)]
struct Live {
    token: Option<String>,
    remembered: bool,
    user_name: Option<String>,
    running: bool,
    progress: Option<Progress>,
    last_report: Option<SyncReport>,
    failure: Option<FailureKind>,
    next_attempt: Option<Instant>,
}

struct Inner {
    store: Store,
    live: Mutex<Live>,
    /// One sync at a time.
    running: tokio::sync::Mutex<()>,
    /// Wakes the background loop (sign-in, "Sync now").
    wake: tokio::sync::Notify,
    /// Called after every status change (to tell the UI).
    changed: Box<dyn Fn() + Send + Sync>,
    /// Keep sign-ins in the OS keychain (see [`credentials`]).
    keychain: bool,
}

/// The sync agent of one store. Cheap to clone.
#[derive(Clone)]
pub struct Agent {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Agent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Agent").finish_non_exhaustive()
    }
}

impl Agent {
    /// An agent for `store`; `changed` is called (from any thread) whenever the status may have changed.
    pub fn new(store: Store, changed: impl Fn() + Send + Sync + 'static) -> Agent {
        Self::with_keychain(store, changed, true)
    }

    /// Like [`Agent::new`]; with `keychain` false sign-ins are kept in memory only (tests, kiosks).
    pub fn with_keychain(
        store: Store,
        changed: impl Fn() + Send + Sync + 'static,
        keychain: bool,
    ) -> Agent {
        Agent {
            inner: Arc::new(Inner {
                store,
                live: Mutex::new(Live::default()),
                running: tokio::sync::Mutex::new(()),
                wake: tokio::sync::Notify::new(),
                changed: Box::new(changed),
                keychain,
            }),
        }
    }

    fn live<T>(&self, f: impl FnOnce(&mut Live) -> T) -> T {
        let mut live = self
            .inner
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(&mut live)
    }

    fn notify(&self) {
        (self.inner.changed)();
    }

    /// The status for the Sync screen.
    pub async fn status(&self) -> Result<AgentStatus, SyncError> {
        let store = &self.inner.store;
        let stored = store.sync_state().await?;
        let quote_prefix = store.device().await?.quote_prefix;
        let user_role = store.signed_in_user().await?.and_then(|u| u.role);
        Ok(self.live(|l| AgentStatus {
            stored,
            quote_prefix,
            user_role,
            signed_in: l.token.is_some(),
            remembered: l.remembered,
            user_name: l.user_name.clone(),
            running: l.running,
            progress: l.progress,
            last_report: l.last_report,
            failure: l.failure,
            next_attempt_in_secs: l
                .next_attempt
                .map(|at| at.saturating_duration_since(Instant::now()).as_secs()),
        }))
    }

    /// Sign in to `server_url` as `email`: registers this device (its quote-number prefix), makes local rows
    /// the user's, keeps the token in the OS keychain when there is one (else in memory until the app
    /// quits), and wakes the background sync.
    pub async fn sign_in(
        &self,
        server_url: &str,
        email: &str,
        password: &str,
    ) -> Result<Session, SyncError> {
        let client = Client::new(server_url)?;
        let device_id = self.inner.store.device().await?.device_id;
        let session = client.login(email.trim(), password, &device_id).await?;
        self.inner
            .store
            .set_sync_account(
                client.server_url(),
                session.user_id,
                &session.email,
                &session.quote_prefix,
            )
            .await?;
        self.inner
            .store
            .set_account_profile(&session.name, session.role)
            .await?;
        let remembered = self.inner.keychain
            && credentials::remember(client.server_url(), &session.email, &session.token)
                .await
                .is_ok();
        self.live(|l| {
            l.token = Some(session.token.clone());
            l.remembered = remembered;
            l.user_name = Some(session.name.clone());
            l.failure = None;
        });
        self.notify();
        self.inner.wake.notify_one();
        Ok(session)
    }

    /// Forget the sign-in (keychain and memory). The server address and email stay for the next sign-in;
    /// local changes stay in the outbox.
    pub async fn sign_out(&self) -> Result<(), SyncError> {
        let stored = self.inner.store.sync_state().await?;
        if let (Some(server), Some(email)) = (stored.server_url, stored.user_email)
            && self.inner.keychain
        {
            credentials::forget(&server, &email).await;
        }
        self.live(|l| {
            l.token = None;
            l.remembered = false;
            l.user_name = None;
        });
        self.notify();
        Ok(())
    }

    /// The token to sync with: in memory, else from the keychain (once per run).
    async fn token(&self, server: &str, email: &str) -> Option<String> {
        if let Some(t) = self.live(|l| l.token.clone()) {
            return Some(t);
        }
        if !self.inner.keychain {
            return None;
        }
        let recalled = credentials::recall(server, email).await?;
        self.live(|l| {
            l.token = Some(recalled.clone());
            l.remembered = true;
        });
        Some(recalled)
    }

    /// One full sync now (waiting for one already running to finish first).
    pub async fn sync_now(&self) -> Result<SyncReport, SyncError> {
        let _one_at_a_time = self.inner.running.lock().await;
        let stored = self.inner.store.sync_state().await?;
        let (Some(server), Some(email)) = (stored.server_url, stored.user_email) else {
            return Err(SyncError::NotSignedIn);
        };
        let Some(token) = self.token(&server, &email).await else {
            self.live(|l| l.failure = Some(FailureKind::SignedOut));
            self.notify();
            return Err(SyncError::NotSignedIn);
        };
        let client = Client::new(&server)?;
        self.live(|l| {
            l.running = true;
            l.progress = None;
        });
        self.notify();
        let result = sync_once(&self.inner.store, &client, &token, |p| {
            self.live(|l| l.progress = Some(p));
            self.notify();
        })
        .await;
        if matches!(result, Err(SyncError::Unauthorized(_))) {
            self.forget_refused_sign_in(&server, &email).await;
        }
        self.live(|l| {
            l.running = false;
            l.progress = None;
            match &result {
                Ok(report) => {
                    l.last_report = Some(*report);
                    l.failure = None;
                }
                Err(e) => l.failure = Some(e.kind()),
            }
        });
        self.notify();
        result
    }

    /// A manager decides a quote's approval on this laptop with their email and password (see
    /// [`crate::approve_on_the_spot`]): waits for a running sync, then pushes, asks the server, pulls.
    pub async fn approve_on_the_spot(
        &self,
        quote_id: uuid::Uuid,
        manager_email: &str,
        manager_password: &str,
        decision: Decision,
        comment: &str,
    ) -> Result<OnTheSpotReport, SyncError> {
        let _one_at_a_time = self.inner.running.lock().await;
        let stored = self.inner.store.sync_state().await?;
        let not_connected = || SyncError::OnTheSpotUnavailable {
            reason: "this laptop is not signed in to a server".into(),
        };
        let (Some(server), Some(email)) = (stored.server_url, stored.user_email) else {
            return Err(not_connected());
        };
        let Some(token) = self.token(&server, &email).await else {
            return Err(not_connected());
        };
        let client = Client::new(&server)?;
        let result = approve_on_the_spot(
            &self.inner.store,
            &client,
            &token,
            quote_id,
            manager_email,
            manager_password,
            decision,
            comment,
        )
        .await;
        if matches!(result, Err(SyncError::Unauthorized(_))) {
            // This laptop's sign-in was refused (the manager's password is `ManagerNotAccepted`).
            self.forget_refused_sign_in(&server, &email).await;
            self.live(|l| l.failure = Some(FailureKind::SignedOut));
        }
        self.notify();
        result
    }

    /// The server refused this device's sign-in (expired or revoked): forget it, so the app asks for a new one.
    async fn forget_refused_sign_in(&self, server: &str, email: &str) {
        if self.inner.keychain {
            credentials::forget(server, email).await;
        }
        self.live(|l| {
            l.token = None;
            l.remembered = false;
        });
    }

    /// Ask the background loop to sync now (returns at once).
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// The background loop; runs until the runtime stops. Spawn it once.
    pub async fn run(self) {
        let mut failures = 0u32;
        loop {
            let stored = self.inner.store.sync_state().await;
            let ready = match &stored {
                Ok(s) => match (&s.server_url, &s.user_email) {
                    (Some(server), Some(email)) => self.token(server, email).await.is_some(),
                    _ => false,
                },
                Err(_) => false,
            };
            // Not signed in: nothing to do until someone signs in (which wakes us).
            let delay = if ready {
                match self.sync_now().await {
                    Ok(_) => {
                        failures = 0;
                        Some(SYNC_INTERVAL)
                    }
                    Err(e) if e.is_transient() => {
                        failures = failures.saturating_add(1);
                        Some(backoff(failures))
                    }
                    // Waiting will not help: the user has to act (sign in, update).
                    Err(_) => {
                        failures = 0;
                        None
                    }
                }
            } else {
                None
            };
            self.live(|l| l.next_attempt = delay.map(|d| Instant::now() + d));
            self.notify();
            match delay {
                Some(d) => {
                    tokio::select! {
                        () = tokio::time::sleep(d) => {}
                        () = self.inner.wake.notified() => {}
                    }
                }
                None => self.inner.wake.notified().await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let secs: Vec<u64> = (1..=9).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(secs, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(backoff(0), FIRST_RETRY);
        assert_eq!(backoff(u32::MAX), MAX_RETRY);
    }

    #[test]
    fn only_waiting_out_an_outage_is_retried() {
        let offline = SyncError::Unreachable {
            url: "http://x".into(),
            detail: "refused".into(),
        };
        assert!(offline.is_transient());
        assert_eq!(offline.kind(), FailureKind::Offline);
        let busy = SyncError::Server {
            status: 503,
            code: "unavailable".into(),
            message: String::new(),
        };
        assert!(busy.is_transient());
        for permanent in [
            SyncError::Unauthorized("expired".into()),
            SyncError::NotSignedIn,
            SyncError::ClientTooOld("1".into()),
            SyncError::Server {
                status: 400,
                code: "bad".into(),
                message: String::new(),
            },
        ] {
            assert!(!permanent.is_transient(), "{permanent}");
        }
    }
}
