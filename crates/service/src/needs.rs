//! An opportunity's needs: background, pains, goals, budget, timeline, decision criteria, competitors, the
//! SWOT, and its requirements with priority and fit.

use uuid::Uuid;

use fieldquote_domain::needs::{NeedsInput, NeedsView, Requirement, RequirementInput};
use fieldquote_store::{Origin, Store};

use crate::ServiceError;

/// The needs and requirements of an opportunity (empty ones when none were captured yet).
pub async fn get(store: &Store, opportunity_id: Uuid) -> Result<NeedsView, ServiceError> {
    Ok(store.get_needs(opportunity_id).await?)
}

/// Save the needs and SWOT (only the fields that changed sync).
pub async fn save(
    store: &Store,
    opportunity_id: Uuid,
    input: &NeedsInput,
    origin: Origin,
) -> Result<NeedsView, ServiceError> {
    Ok(store.save_needs(opportunity_id, input, origin).await?)
}

pub async fn add_requirement(
    store: &Store,
    input: &RequirementInput,
    origin: Origin,
) -> Result<Requirement, ServiceError> {
    Ok(store.add_requirement(input, origin).await?)
}

pub async fn update_requirement(
    store: &Store,
    id: Uuid,
    input: &RequirementInput,
    origin: Origin,
) -> Result<Requirement, ServiceError> {
    Ok(store.update_requirement(id, input, origin).await?)
}

pub async fn delete_requirement(
    store: &Store,
    id: Uuid,
    origin: Origin,
) -> Result<(), ServiceError> {
    Ok(store.delete_requirement(id, origin).await?)
}
