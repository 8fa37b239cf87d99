//! A laptop's side of the sync tests: sign a store in to the in-process server, and sync it. Used with
//! `mod common;` declared beside it.
#![allow(dead_code, clippy::unwrap_used)]

use fieldquote_store::Store;
use fieldquote_sync::{Client, Session, SyncReport, sync_once};

use super::common::{PASSWORD, Server};

/// Sign `store` in to `server` as `email`, keeping the account as the app's sign-in does (the role and name
/// come with the first sync).
pub async fn sign_in(store: &Store, server: &Server, email: &str) -> (Client, Session) {
    let client = Client::without_proxy(&server.base).unwrap();
    let device_id = store.device().await.unwrap().device_id;
    let session = client.login(email, PASSWORD, &device_id).await.unwrap();
    store
        .set_sync_account(
            &server.base,
            session.user_id,
            &session.email,
            &session.quote_prefix,
        )
        .await
        .unwrap();
    (client, session)
}

/// One full sync (push, then pull), which must reach the server.
pub async fn sync(store: &Store, client: &Client, session: &Session) -> SyncReport {
    sync_once(store, client, &session.token, |_| {})
        .await
        .unwrap()
}
