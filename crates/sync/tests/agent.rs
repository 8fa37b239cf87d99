//! The app's sync agent against the real server (in process): sign-in, Sync now, background sync that waits
//! out an outage with back-off, and sign-out. Sign-ins are kept in memory here (never in a real keychain).
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{PASSWORD, Server, ServerDb};
use fieldquote_domain::account::AccountInput;
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{Origin, Store};
use fieldquote_sync::SyncError;
use fieldquote_sync::agent::{Agent, AgentStatus, FailureKind};

const REP: &str = "rep@example.cn";

async fn server(db: &ServerDb) -> Server {
    let server = Server::start(db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server
        .import("PLC-200,PLC 控制器,,台,3880.00,CNY,13\nCBL-5,Cable,,pcs,12.50,CNY,13\n")
        .await;
    server
}

/// Poll the agent's status until `done` holds (at most `secs` seconds).
async fn until(agent: &Agent, secs: u64, done: impl Fn(&AgentStatus) -> bool) -> AgentStatus {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let status = agent.status().await.unwrap();
        if done(&status) {
            return status;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting; last status {status:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_sync_starts_at_sign_in_and_waits_out_an_outage() {
    let db = ServerDb::new();
    let mut server = server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let changes = Arc::new(AtomicUsize::new(0));
    let counter = changes.clone();
    let agent = Agent::with_keychain(
        store.clone(),
        move || {
            counter.fetch_add(1, Ordering::Relaxed);
        },
        false,
    );
    tokio::spawn(agent.clone().run());

    // Not signed in: the loop waits, plans nothing.
    let idle = agent.status().await.unwrap();
    assert!(!idle.signed_in && idle.next_attempt_in_secs.is_none());

    let session = agent.sign_in(&server.base, REP, PASSWORD).await.unwrap();
    assert!(!session.quote_prefix.is_empty());
    // Signing in wakes the background loop, which pulls the catalog.
    let synced = until(&agent, 20, |s| s.last_report.is_some()).await;
    assert!(synced.signed_in && !synced.remembered);
    assert_eq!(synced.user_name.as_deref(), Some("User rep@example.cn"));
    // The catalog's two products and the company directory's entry of the one user.
    assert_eq!(synced.last_report.unwrap().pulled, 2 + 1);
    assert!(synced.stored.last_sync_at.is_some());
    assert!(changes.load(Ordering::Relaxed) > 0, "the UI was told");

    // The server goes away; a local edit waits, the agent says it is offline and plans a retry.
    server.stop().await;
    store
        .create_account(
            &AccountInput {
                name: "离线客户".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    agent.wake();
    let offline = until(&agent, 20, |s| s.failure == Some(FailureKind::Offline)).await;
    assert_eq!(offline.stored.pending_changes, 1);
    assert!(offline.stored.last_error.unwrap().contains("cannot reach"));
    let retry = until(&agent, 5, |s| s.next_attempt_in_secs.is_some()).await;
    assert!(retry.next_attempt_in_secs.unwrap() <= 5, "{retry:#?}");

    // Back: the planned retry (no one clicks anything) pushes the edit.
    server.restart(&db).await;
    let back = until(&agent, 30, |s| {
        s.stored.pending_changes == 0 && s.failure.is_none()
    })
    .await;
    assert_eq!(back.stored.last_error, None);
    assert_eq!(back.last_report.unwrap().accepted, 1);
    assert!(
        back.next_attempt_in_secs.unwrap() > 60,
        "the regular interval again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_now_needs_a_sign_in_and_sign_out_forgets_it() {
    let db = ServerDb::new();
    let server = server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let agent = Agent::with_keychain(store.clone(), || {}, false);

    let err = agent.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::NotSignedIn), "{err:?}");

    let err = agent
        .sign_in(&server.base, REP, "wrong password")
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized(_)), "{err:?}");
    assert_eq!(err.kind(), FailureKind::SignedOut);
    let status = agent.status().await.unwrap();
    assert!(!status.signed_in && status.stored.server_url.is_none());

    let err = agent
        .sign_in("ftp://example.cn", REP, PASSWORD)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("http://"), "{err}");

    agent.sign_in(&server.base, REP, PASSWORD).await.unwrap();
    let report = agent.sync_now().await.unwrap();
    assert_eq!(report.pulled, 2 + 1, "the catalog and the directory");
    assert_eq!(store.list_products("").await.unwrap().len(), 2);

    agent.sign_out().await.unwrap();
    let err = agent.sync_now().await.unwrap_err();
    assert!(matches!(err, SyncError::NotSignedIn), "{err:?}");
    let status = agent.status().await.unwrap();
    assert!(!status.signed_in);
    assert_eq!(status.failure, Some(FailureKind::SignedOut));
    // The address and email stay for the next sign-in.
    assert_eq!(status.stored.user_email.as_deref(), Some(REP));
}
