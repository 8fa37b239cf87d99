//! Sharing an account with a colleague of another team (a presales engineer, a contract specialist): an
//! `account_share` record that syncs; the server then sends the colleague's laptop the account and what
//! hangs under it, and takes it away when the share is withdrawn.

use uuid::Uuid;

use fieldquote_domain::account::AccountShare;
use fieldquote_domain::sync::EntityKind;

use crate::rows::{self, Row, id_text};
use crate::{Origin, Store, StoreError, colleague};

fn to_share(r: &Row, name: String) -> Result<AccountShare, StoreError> {
    Ok(AccountShare {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        user_id: r.req_id("user_id")?,
        name,
    })
}

/// The live shares of an account, with the colleagues' names.
pub(crate) async fn shares_of(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
) -> Result<Vec<AccountShare>, StoreError> {
    let rows = rows::children(
        conn,
        EntityKind::AccountShare,
        "account_id",
        &account_id.to_string(),
        "a.id",
    )
    .await?;
    // Collected first: a future holding a closure's iterator across an await is not `Send` for every
    // lifetime, which the app's commands need.
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.opt_id("user_id")).collect();
    let names = colleague::names(conn, ids).await?;
    rows.iter()
        .map(|r| {
            let name = r
                .opt_id("user_id")
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default();
            to_share(r, name)
        })
        .collect()
}

impl Store {
    /// Share an account with a colleague of the directory. Sharing it again with the same colleague changes
    /// nothing.
    pub async fn share_account(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        origin: Origin,
    ) -> Result<AccountShare, StoreError> {
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Customer, account_id).await?;
        let colleague = colleague::require(&w.txn, user_id).await?;
        if let Some(existing) = shares_of(&w.txn, account_id)
            .await?
            .into_iter()
            .find(|s| s.user_id == user_id)
        {
            return Ok(existing);
        }
        let row = w
            .insert_row(
                EntityKind::AccountShare,
                Uuid::now_v7(),
                rows::fields([
                    ("account_id", id_text(Some(account_id))),
                    ("user_id", id_text(Some(user_id))),
                ]),
            )
            .await?;
        w.commit().await?;
        to_share(&row, colleague.name)
    }

    /// Withdraw an account's share with a colleague; returns how many shares were withdrawn (0 when it was
    /// not shared with them).
    pub async fn unshare_account(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        origin: Origin,
    ) -> Result<u32, StoreError> {
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Customer, account_id).await?;
        let live = rows::children(
            &w.txn,
            EntityKind::AccountShare,
            "account_id",
            &account_id.to_string(),
            "a.id",
        )
        .await?;
        let mut n = 0;
        for r in live.iter().filter(|r| r.opt_id("user_id") == Some(user_id)) {
            w.delete_row(r).await?;
            n += 1;
        }
        w.commit().await?;
        Ok(n)
    }

    /// Who an account is shared with.
    pub async fn account_shares(&self, account_id: Uuid) -> Result<Vec<AccountShare>, StoreError> {
        rows::live(&self.db, EntityKind::Customer, account_id).await?;
        shares_of(&self.db, account_id).await
    }
}
