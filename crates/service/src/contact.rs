//! An account's contacts: the people of the client, their buying roles and stances.

use uuid::Uuid;

use fieldquote_domain::contact::{Contact, ContactFilter, ContactInput, ContactSort};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_store::{Origin, Store};

use crate::ServiceError;

/// One window of contacts (an account's, or everyone's matching a text), with the count.
pub async fn list(
    store: &Store,
    query: &ListQuery<ContactFilter, ContactSort>,
) -> Result<Page<Contact>, ServiceError> {
    Ok(store.list_contacts(query).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<Contact, ServiceError> {
    Ok(store.get_contact(id).await?)
}

/// Add a contact to a live account. Nothing is written if the input is invalid.
pub async fn create(
    store: &Store,
    input: &ContactInput,
    origin: Origin,
) -> Result<Contact, ServiceError> {
    Ok(store.create_contact(input, origin).await?)
}

pub async fn update(
    store: &Store,
    id: Uuid,
    input: &ContactInput,
    origin: Origin,
) -> Result<Contact, ServiceError> {
    Ok(store.update_contact(id, input, origin).await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_contact(id, origin).await?)
}
