//! Where a sign-in token is kept: only in the operating system's keychain (Keychain on macOS, Credential
//! Manager on Windows, the Secret Service on Linux, which needs a session D-Bus), never in a file.
//!
//! Where no keychain is reachable (servers, CI, a desktop without a Secret Service) or [`NO_KEYCHAIN_ENV`] is
//! set, nothing is stored: the desktop app keeps the token in memory until it quits, and `fq` signs in again
//! with the password from `--password-env`.

/// Set (non-empty) to never use the OS keychain.
pub const NO_KEYCHAIN_ENV: &str = "FIELDQUOTE_NO_KEYCHAIN";
/// The keychain entries' service name; the account is `EMAIL @ SERVER`.
const KEYCHAIN_SERVICE: &str = "fieldquote-sync";

/// Run `f` on the OS keychain entry of `server`/`email`, off the async threads (keychains block).
async fn keychain<T: Send + 'static>(
    server: &str,
    email: &str,
    f: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
) -> Result<T, String> {
    if std::env::var_os(NO_KEYCHAIN_ENV).is_some_and(|v| !v.is_empty()) {
        return Err(format!("{NO_KEYCHAIN_ENV} is set"));
    }
    let account = format!("{email} @ {server}");
    tokio::task::spawn_blocking(move || {
        let entry = keyring::Entry::new(KEYCHAIN_SERVICE, &account)
            .map_err(|e| format!("no OS keychain is reachable: {e}"))?;
        f(&entry).map_err(|e| format!("the OS keychain failed: {e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The token remembered for `server`/`email`, if any.
pub async fn recall(server: &str, email: &str) -> Option<String> {
    keychain(server, email, |e| e.get_password()).await.ok()
}

/// Keep `token` for `server`/`email` in the OS keychain; `Err` says why it could not be.
pub async fn remember(server: &str, email: &str, token: &str) -> Result<(), String> {
    let token = token.to_string();
    keychain(server, email, move |e| e.set_password(&token)).await
}

/// Drop a remembered token (signed out, or refused by the server).
pub async fn forget(server: &str, email: &str) {
    let _ = keychain(server, email, |e| e.delete_credential()).await;
}
