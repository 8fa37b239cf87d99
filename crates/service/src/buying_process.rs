//! The client's buying process: its steps (need → information → evaluation → approval → purchase →
//! delivery), who approves each, the expected dates, where it stands today and where it stalls.

use uuid::Uuid;

use fieldquote_domain::buying_process::{BuyingProcessView, BuyingStep, BuyingStepInput};
use fieldquote_store::{Origin, Store};

use crate::{ServiceError, clock};

/// The buying process of an account (its usual one) or of one of its opportunities, as it stands today.
pub async fn get(
    store: &Store,
    account_id: Uuid,
    opportunity_id: Option<Uuid>,
) -> Result<BuyingProcessView, ServiceError> {
    Ok(store
        .buying_process(account_id, opportunity_id, clock::today())
        .await?)
}

/// Lay out the six usual steps for an account or opportunity that has none yet.
pub async fn start(
    store: &Store,
    account_id: Uuid,
    opportunity_id: Option<Uuid>,
    origin: Origin,
) -> Result<BuyingProcessView, ServiceError> {
    Ok(store
        .start_buying_process(account_id, opportunity_id, clock::today(), origin)
        .await?)
}

/// Add a step.
pub async fn add_step(
    store: &Store,
    input: &BuyingStepInput,
    origin: Origin,
) -> Result<BuyingStep, ServiceError> {
    Ok(store.add_buying_step(input, clock::today(), origin).await?)
}

/// Change a step (its status, approver, dates); a step marked done today gets today's date.
pub async fn update_step(
    store: &Store,
    id: Uuid,
    input: &BuyingStepInput,
    origin: Origin,
) -> Result<BuyingStep, ServiceError> {
    Ok(store
        .update_buying_step(id, input, clock::today(), origin)
        .await?)
}

pub async fn delete_step(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_buying_step(id, origin).await?)
}
