//! An opportunity's parallel workstreams (technical evaluation, commercial quote, contract draft), each a
//! checklist with an owner and due dates, on track, blocked or late as of today.

use uuid::Uuid;

use fieldquote_domain::workstream::{
    WorkstreamInput, WorkstreamItem, WorkstreamItemInput, WorkstreamView,
};
use fieldquote_store::{Origin, Store};

use crate::{ServiceError, clock};

/// An opportunity's workstreams as they stand today.
pub async fn list(
    store: &Store,
    opportunity_id: Uuid,
) -> Result<Vec<WorkstreamView>, ServiceError> {
    Ok(store.workstreams(opportunity_id, clock::today()).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<WorkstreamView, ServiceError> {
    Ok(store.get_workstream(id, clock::today()).await?)
}

pub async fn create(
    store: &Store,
    input: &WorkstreamInput,
    origin: Origin,
) -> Result<WorkstreamView, ServiceError> {
    Ok(store
        .create_workstream(input, clock::today(), origin)
        .await?)
}

/// Change its owner, due date, blocker ("" = not blocked) or done.
pub async fn update(
    store: &Store,
    id: Uuid,
    input: &WorkstreamInput,
    origin: Origin,
) -> Result<WorkstreamView, ServiceError> {
    Ok(store
        .update_workstream(id, input, clock::today(), origin)
        .await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_workstream(id, origin).await?)
}

pub async fn add_item(
    store: &Store,
    input: &WorkstreamItemInput,
    origin: Origin,
) -> Result<WorkstreamItem, ServiceError> {
    Ok(store.add_workstream_item(input, origin).await?)
}

pub async fn update_item(
    store: &Store,
    id: Uuid,
    input: &WorkstreamItemInput,
    origin: Origin,
) -> Result<WorkstreamItem, ServiceError> {
    Ok(store.update_workstream_item(id, input, origin).await?)
}

pub async fn delete_item(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_workstream_item(id, origin).await?)
}
