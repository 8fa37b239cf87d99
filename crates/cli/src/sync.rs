//! `fq login`, `fq sync` and its subcommands (status, conflicts, resolve): the device side of sync from the
//! command line.
//!
//! The sign-in token is kept only in the OS keychain ([`fieldquote_sync::credentials`]). Where no keychain is
//! reachable (servers, CI) or `FIELDQUOTE_NO_KEYCHAIN` is set, the sign-in is not remembered and `fq sync`
//! signs in again with the stored server and email and the password from `--password-env`.

use anyhow::{Context, Result, anyhow, bail};
use fieldquote_store::Store;
use fieldquote_sync::{Client, Session, SyncError, credentials, sync_once};

use crate::args::{Format, SyncArgs, SyncCmd};
use crate::print::{print_json, print_list};

/// Keep `session`'s token in the OS keychain; `Err` says why it could not be.
async fn remember_token(server: &str, session: &Session) -> Result<(), String> {
    credentials::remember(server, &session.email, &session.token).await
}

/// The password from the environment variable `var`.
pub(crate) fn password_from(var: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(p),
        Ok(_) => bail!("the environment variable {var} is empty: it must hold the password"),
        Err(_) => bail!("the environment variable {var} is not set: it must hold the password"),
    }
}

/// A sync error as a sentence for the terminal, with what to do about it.
pub(crate) fn explain(e: SyncError) -> anyhow::Error {
    match e {
        SyncError::Unreachable { .. } => {
            anyhow!("{e} (check the address and the network, then try again)")
        }
        SyncError::ClientTooOld(_) => anyhow!("{e} (update fq)"),
        other => anyhow::Error::new(other),
    }
}

/// Sign in as `email` with the password in the environment variable `password_env`.
pub(crate) async fn sign_in(
    store: &Store,
    client: &Client,
    email: &str,
    password_env: &str,
) -> Result<Session> {
    let password = password_from(password_env)?;
    let device_id = store.device().await?.device_id;
    match client.login(email, &password, &device_id).await {
        Ok(s) => Ok(s),
        Err(SyncError::Unauthorized(msg)) => {
            bail!(
                "sign-in to {} as {email} failed: {msg}",
                client.server_url()
            )
        }
        Err(e) => Err(explain(e)),
    }
}

/// `fq login`.
pub async fn login(store: &Store, server: &str, email: &str, password_env: &str) -> Result<()> {
    let client = Client::new(server).map_err(explain)?;
    let session = sign_in(store, &client, email, password_env).await?;
    store
        .set_sync_account(
            client.server_url(),
            session.user_id,
            &session.email,
            &session.quote_prefix,
        )
        .await
        .context("saving the sync account failed")?;
    store
        .set_account_profile(&session.name, session.role)
        .await
        .context("saving the sync account failed")?;
    println!(
        "Signed in to {} as {} <{}> ({}). New quotes on this device are numbered Q-YYYY-{}-NNNN.",
        client.server_url(),
        session.name,
        session.email,
        session.role,
        session.quote_prefix
    );
    match remember_token(client.server_url(), &session).await {
        Ok(()) => println!(
            "The sign-in is kept in the OS keychain until {}.",
            session.expires_at
        ),
        Err(why) => println!(
            "The sign-in could not be remembered ({why}): `fq sync` will need --password-env {password_env}."
        ),
    }
    Ok(())
}

/// `fq sync` and its subcommands.
pub async fn run(store: &Store, args: SyncArgs) -> Result<()> {
    match args.command {
        None => sync(store, args.password_env.as_deref()).await,
        Some(SyncCmd::Status { format }) => status(store, format).await,
        Some(SyncCmd::Conflicts { format }) => {
            let conflicts = store.conflict_items().await?;
            print_list(
                format,
                conflicts,
                &["ID", "RECORD", "FIELD", "MINE", "THEIRS", "SHOWING"],
                |c| {
                    let showing = if c.showing_mine { "mine" } else { "theirs" };
                    vec![
                        c.id,
                        format!("{} {}", c.entity, c.label),
                        c.field,
                        c.mine,
                        c.theirs,
                        showing.into(),
                    ]
                },
            )
        }
        Some(SyncCmd::Resolve { id, keep }) => {
            store.resolve_conflict(id.trim(), keep.0).await?;
            println!(
                "Conflict {} settled; the choice goes to the server with the next sync.",
                id.trim()
            );
            Ok(())
        }
    }
}

/// `fq sync`: one full sync, one summary line.
async fn sync(store: &Store, password_env: Option<&str>) -> Result<()> {
    let state = store.sync_state().await?;
    let (Some(server), Some(email)) = (state.server_url, state.user_email) else {
        bail!("this device is not signed in to a server: run fq login first");
    };
    let client = Client::new(&server).map_err(explain)?;
    let mut fresh = false;
    let mut token = match credentials::recall(&server, &email).await {
        Some(t) => t,
        None => {
            let Some(var) = password_env else {
                bail!(
                    "the sign-in to {server} as {email} is not remembered on this computer: \
                     pass --password-env VAR (a variable holding the password), or run fq login again"
                );
            };
            fresh = true;
            match sign_in(store, &client, &email, var).await {
                Ok(s) => s.token,
                Err(e) => {
                    // Shown on the Sync screen too; the sign-in error matters more than failing to note it.
                    let _ = store.record_sync_outcome(Some(&format!("{e:#}"))).await;
                    return Err(e);
                }
            }
        }
    };
    let report = loop {
        match sync_once(store, &client, &token, |_| {}).await {
            Ok(r) => break r,
            // A remembered sign-in expired: sign in again once, if we can.
            Err(SyncError::Unauthorized(_)) if !fresh && password_env.is_some() => {
                let var = password_env.unwrap_or_default();
                let session = sign_in(store, &client, &email, var).await?;
                let _ = remember_token(&server, &session).await;
                token = session.token;
                fresh = true;
            }
            Err(SyncError::Unauthorized(msg)) => {
                if !fresh {
                    credentials::forget(&server, &email).await;
                }
                bail!(
                    "the server at {server} refused the sign-in of {email} ({msg}): run fq login again"
                )
            }
            Err(e) => return Err(explain(e)).context(format!("sync with {server} failed")),
        }
    };
    // Records no longer shared with this user are said only when there were some.
    let removed = if report.removed > 0 {
        format!(
            ", removed {} no longer shared ({} unsent changes to them refused)",
            report.removed, report.dropped
        )
    } else {
        String::new()
    };
    println!(
        "Synced with {server}: pushed {} (accepted {}, rejected {}), pulled {}, conflicts {}{removed}.",
        report.pushed, report.accepted, report.rejected, report.pulled, report.conflicts
    );
    Ok(())
}

/// `fq sync status`.
async fn status(store: &Store, format: Format) -> Result<()> {
    let state = store.sync_state().await?;
    if format == Format::Json {
        return print_json(&state);
    }
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    println!("Server:           {}", or_none(&state.server_url));
    println!("Signed in as:     {}", or_none(&state.user_email));
    println!("Last sync:        {}", or_none(&state.last_sync_at));
    println!("Last error:       {}", or_none(&state.last_error));
    println!("Pending changes:  {}", state.pending_changes);
    println!("Open conflicts:   {}", state.open_conflicts);
    println!("Rejected changes: {}", state.rejected_changes);
    Ok(())
}
