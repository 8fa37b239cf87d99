//! `fq approvals` and a manager's decision (`fq quote approve`, `fq quote reject-approval`): on this laptop
//! (signed by its account, or naming the manager on a standalone laptop), or by a manager at the rep's side
//! whose password the server checks.

use anyhow::{Result, bail};

use fieldquote_domain::approval::Decision;
use fieldquote_domain::quote::QuoteView;
use fieldquote_service::approval;
use fieldquote_store::{Origin, Store};
use fieldquote_sync::{Client, SyncError, credentials};

use crate::args::{Decider, DecisionArgs, Format};
use crate::print::{print_json, report_quote};
use crate::sync::{explain, password_from, sign_in};

/// `fq approvals`: quotes waiting for the signed-in manager's decision.
pub async fn list(store: &Store, format: Format) -> Result<()> {
    let list = store.pending_approvals().await?;
    match format {
        Format::Json => print_json(&list)?,
        Format::Table if list.is_empty() => println!("No quotes wait for your approval."),
        Format::Table => {
            println!(
                "{:<18} {:<24} {:<16} {:<20} {:>14} {:>8} {:>6}",
                "Number", "Customer", "Requested by", "Requested at", "Total", "Discount", "Limit"
            );
            for a in &list {
                println!(
                    "{:<18} {:<24} {:<16} {:<20} {:>14} {:>7}% {:>5}%",
                    a.number,
                    a.customer_name,
                    a.requested_by,
                    a.requested_at,
                    format!("{} {}", a.total, a.currency.code()),
                    a.max_discount,
                    a.limit
                );
            }
        }
    }
    Ok(())
}

/// `fq quote approve` and `fq quote reject-approval`.
pub async fn decide(store: &Store, decision: Decision, args: DecisionArgs) -> Result<()> {
    let id = store.quote_id_by_number(&args.number).await?;
    let q = match args.decider {
        Decider {
            manager: Some(email),
            password_env: Some(password_env),
            sign_in_password_env,
            ..
        } => {
            let on_the_spot = OnTheSpot {
                email,
                password_env,
                sign_in_password_env,
            };
            on_the_spot
                .decide(store, id, decision, &args.comment)
                .await?
        }
        Decider { by, pin_env, .. } => {
            let pin = pin_env.as_deref().map(pin_from).transpose()?;
            approval::decide(
                store,
                id,
                decision,
                by.as_deref(),
                pin.as_deref(),
                &args.comment,
                Origin::Cli,
            )
            .await?
        }
    };
    let what = match decision {
        Decision::Approve => "approved",
        Decision::Reject => "sent back to draft",
    };
    report_quote(&q, args.format, what)
}

/// The manager PIN from the environment variable `var` (never from the command line, where others could see it).
pub(crate) fn pin_from(var: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(p),
        Ok(_) => bail!("the environment variable {var} is empty: it must hold the manager PIN"),
        Err(_) => bail!("the environment variable {var} is not set: it must hold the manager PIN"),
    }
}

/// A manager at the rep's side, checked by the server.
struct OnTheSpot {
    email: String,
    password_env: String,
    /// This laptop's own password, when its sign-in is not remembered.
    sign_in_password_env: Option<String>,
}

impl OnTheSpot {
    async fn decide(
        self,
        store: &Store,
        id: uuid::Uuid,
        decision: Decision,
        comment: &str,
    ) -> Result<QuoteView> {
        let OnTheSpot {
            email,
            password_env,
            sign_in_password_env,
        } = self;
        let state = store.sync_state().await?;
        let (Some(server), Some(account)) = (state.server_url, state.user_email) else {
            return Err(anyhow::Error::new(SyncError::OnTheSpotUnavailable {
                reason: "this laptop is not signed in to a server (run fq login)".into(),
            }));
        };
        let password = password_from(&password_env)?;
        let client = Client::new(&server).map_err(explain)?;
        let token = match credentials::recall(&server, &account).await {
            Some(t) => t,
            None => {
                let Some(var) = sign_in_password_env else {
                    bail!(
                        "the sign-in to {server} as {account} is not remembered on this computer: pass \
                         --sign-in-password-env VAR (a variable holding {account}'s password)"
                    );
                };
                sign_in(store, &client, &account, &var).await?.token
            }
        };
        match fieldquote_sync::approve_on_the_spot(
            store, &client, &token, id, &email, &password, decision, comment,
        )
        .await
        {
            Ok(_) => Ok(store.get_quote(id).await?),
            Err(SyncError::ManagerNotAccepted(msg)) => bail!(
                "the server did not accept the manager's sign-in for {email} ({msg}); nothing was decided"
            ),
            Err(SyncError::Unauthorized(msg)) => bail!(
                "the server refused this computer's sign-in as {account} ({msg}): sign in again with \
                 `fq login`; nothing was decided"
            ),
            Err(e) => Err(anyhow::Error::new(e)),
        }
    }
}
