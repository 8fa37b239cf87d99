//! Accounts (the client companies; `customer` on the wire): the list as a query, the account page with
//! everything about the client, create and edit, the account's price list, and sharing it with colleagues
//! of other teams.

use uuid::Uuid;

use fieldquote_domain::Refusal;
use fieldquote_domain::account::{
    Account, AccountFilter, AccountInput, AccountPage, AccountRow, AccountShare, AccountSort,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::refusal::Record;
use fieldquote_store::{Origin, Store, StoreError};

use crate::{ServiceError, clock};

/// One window of the account list (filtered, sorted) and how many accounts the filter keeps.
pub async fn list(
    store: &Store,
    query: &ListQuery<AccountFilter, AccountSort>,
) -> Result<Page<AccountRow>, ServiceError> {
    Ok(store.list_accounts(query).await?)
}

/// One live account.
pub async fn get(store: &Store, id: Uuid) -> Result<Account, ServiceError> {
    Ok(store.get_account(id).await?)
}

/// An account named by its id or its exact name (how a person names it on the command line).
pub async fn find(store: &Store, key: &str) -> Result<Account, ServiceError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<Uuid>() {
        return get(store, id).await;
    }
    store.find_account_by_name(key).await?.ok_or_else(|| {
        StoreError::Refused(Refusal::NotFound {
            record: Record::Account,
            key: key.to_string(),
        })
        .into()
    })
}

/// Everything about an account as it stands today on this device: contacts, opportunities, quotes,
/// activities, feedback, its buying process and who it is shared with.
pub async fn page(store: &Store, id: Uuid) -> Result<AccountPage, ServiceError> {
    Ok(store.account_page(id, clock::today()).await?)
}

/// Create an account owned by this device's user. Nothing is written if the input is invalid.
pub async fn create(
    store: &Store,
    input: &AccountInput,
    origin: Origin,
) -> Result<Account, ServiceError> {
    Ok(store.create_account(input, origin).await?)
}

/// Replace an account's typed fields with `input` (only the fields that changed sync).
pub async fn update(
    store: &Store,
    id: Uuid,
    input: &AccountInput,
    origin: Origin,
) -> Result<Account, ServiceError> {
    Ok(store.update_account(id, input, origin).await?)
}

/// Change some fields of an account: `change` edits what the account holds now, the rest stays.
pub async fn edit(
    store: &Store,
    id: Uuid,
    change: impl FnOnce(&mut AccountInput),
    origin: Origin,
) -> Result<Account, ServiceError> {
    let mut input = store.get_account(id).await?.input();
    change(&mut input);
    update(store, id, &input, origin).await
}

/// Delete an account (what hangs under it leaves the lists with it).
pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_account(id, origin).await?)
}

/// The account's own price list, if it has one.
pub async fn price_list(store: &Store, id: Uuid) -> Result<Option<Uuid>, ServiceError> {
    Ok(store.account_price_list(id).await?)
}

/// Give the account a price list of its own, or (`None`) let the company's default list apply.
pub async fn set_price_list(
    store: &Store,
    id: Uuid,
    list: Option<Uuid>,
    origin: Origin,
) -> Result<(), ServiceError> {
    Ok(store.assign_price_list(id, list, origin).await?)
}

/// Share the account with a colleague of the directory (again: no change).
pub async fn share(
    store: &Store,
    id: Uuid,
    user_id: Uuid,
    origin: Origin,
) -> Result<AccountShare, ServiceError> {
    Ok(store.share_account(id, user_id, origin).await?)
}

/// Withdraw the account's share with a colleague; how many shares were withdrawn.
pub async fn unshare(
    store: &Store,
    id: Uuid,
    user_id: Uuid,
    origin: Origin,
) -> Result<u32, ServiceError> {
    Ok(store.unshare_account(id, user_id, origin).await?)
}

/// Who the account is shared with.
pub async fn shares(store: &Store, id: Uuid) -> Result<Vec<AccountShare>, ServiceError> {
    Ok(store.account_shares(id).await?)
}
