//! A manager's decision on a quote's discounts, taken on this laptop.

use uuid::Uuid;

use fieldquote_domain::approval::{Decision, signer};
use fieldquote_domain::quote::QuoteView;
use fieldquote_store::{Origin, Store};

use crate::ServiceError;

/// Approve or refuse quote `id`'s discounts with `comment`. The signed-in account signs (only a manager of the
/// team, not for their own quote, or an admin may); a laptop without a server records the manager `named`
/// there ([`signer`]: naming someone while signed in, or nobody without a server, is refused) and, once the
/// company has set a manager PIN on it, only with that `pin` (missing, wrong or locked:
/// [`fieldquote_domain::Refusal::ManagerPin`], and nothing is decided). The decision is an ordinary synced
/// edit: it reaches the rep with the next sync.
pub async fn decide(
    store: &Store,
    id: Uuid,
    decision: Decision,
    named: Option<&str>,
    pin: Option<&str>,
    comment: &str,
    origin: Origin,
) -> Result<QuoteView, ServiceError> {
    let account = store.signed_in_user().await?;
    let signer = signer(account.as_ref(), named)?;
    if account.is_none() {
        store.check_manager_pin(pin).await?;
    }
    Ok(store
        .decide_approval(id, decision, &signer, comment, origin)
        .await?)
}
