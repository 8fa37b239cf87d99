//! Feedback and complaints on an account (and optionally a product or quote), through their loop:
//! identified → assigned → resolved → confirmed with the client, each step stamped with the device's time.

use uuid::Uuid;

use fieldquote_domain::feedback::{
    Feedback, FeedbackAction, FeedbackFilter, FeedbackInput, FeedbackSort,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_store::{Origin, Store};

use crate::{ServiceError, clock};

/// One window of feedback, with the count.
pub async fn list(
    store: &Store,
    query: &ListQuery<FeedbackFilter, FeedbackSort>,
) -> Result<Page<Feedback>, ServiceError> {
    Ok(store.list_feedback(query).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<Feedback, ServiceError> {
    Ok(store.get_feedback(id).await?)
}

/// Record feedback, reported now (assigned when it names an owner).
pub async fn add(
    store: &Store,
    input: &FeedbackInput,
    origin: Origin,
) -> Result<Feedback, ServiceError> {
    Ok(store.add_feedback(input, clock::now(), origin).await?)
}

/// Change what was recorded (its loop moves with [`act`]).
pub async fn update(
    store: &Store,
    id: Uuid,
    input: &FeedbackInput,
    origin: Origin,
) -> Result<Feedback, ServiceError> {
    Ok(store.update_feedback(id, input, origin).await?)
}

/// Take a step of the loop (assign, resolve, confirm, reopen) now; a step out of order is refused.
pub async fn act(
    store: &Store,
    id: Uuid,
    action: &FeedbackAction,
    origin: Origin,
) -> Result<Feedback, ServiceError> {
    Ok(store
        .feedback_action(id, action, clock::now(), origin)
        .await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_feedback(id, origin).await?)
}
