//! Activities: visits, calls, meetings, e-mails, demos and notes, with next steps. A visit starts and ends
//! with one click each (check-in, check-out), stamped with the device's time at the click; the agenda lists
//! today's and overdue next steps and open complaints.

use uuid::Uuid;

use fieldquote_domain::activity::{
    Activity, ActivityFilter, ActivityInput, ActivityRow, ActivitySort, Agenda,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_store::{Origin, Store, StoreError};

use crate::{ServiceError, clock};

/// One window of the activity list, with the count.
pub async fn list(
    store: &Store,
    query: &ListQuery<ActivityFilter, ActivitySort>,
) -> Result<Page<ActivityRow>, ServiceError> {
    Ok(store.list_activities(query).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<Activity, ServiceError> {
    Ok(store.get_activity(id).await?)
}

/// Log an activity (times as typed).
pub async fn log(
    store: &Store,
    input: &ActivityInput,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store.log_activity(input, origin).await?)
}

/// Check in: a visit that starts now, the device's time kept as its check-in.
pub async fn check_in(
    store: &Store,
    input: &ActivityInput,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store.check_in(input, clock::now(), origin).await?)
}

/// Check in to a planned visit: it starts now.
pub async fn check_in_planned(
    store: &Store,
    id: Uuid,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store.check_in_activity(id, clock::now(), origin).await?)
}

/// Check out: the visit ends now, the device's time kept as its check-out.
pub async fn check_out(store: &Store, id: Uuid, origin: Origin) -> Result<Activity, ServiceError> {
    Ok(store.check_out(id, clock::now(), origin).await?)
}

/// What came of a visit and what comes next; `None` keeps what the activity holds.
#[derive(Debug, Clone, Default)]
pub struct WrapUp {
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub next_step_due: Option<String>,
}

/// Check out now and record what came of the visit. The wrap-up is checked before anything is written, so a
/// bad one leaves the visit checked in as it was.
pub async fn check_out_with(
    store: &Store,
    id: Uuid,
    wrap_up: WrapUp,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    let before = store.get_activity(id).await?;
    let changed =
        wrap_up.outcome.is_some() || wrap_up.next_step.is_some() || wrap_up.next_step_due.is_some();
    let wrapped = |a: &Activity| {
        let mut input = input_of(a);
        if let Some(v) = &wrap_up.outcome {
            input.outcome = v.clone();
        }
        if let Some(v) = &wrap_up.next_step {
            input.next_step = v.clone();
        }
        if let Some(v) = &wrap_up.next_step_due {
            input.next_step_due = v.clone();
        }
        input
    };
    if changed {
        wrapped(&before).validate().map_err(StoreError::from)?;
    }
    let out = check_out(store, id, origin).await?;
    if !changed {
        return Ok(out);
    }
    update(store, id, &wrapped(&out), origin).await
}

/// An activity as it would be typed again.
fn input_of(a: &Activity) -> ActivityInput {
    ActivityInput {
        account_id: a.account_id,
        opportunity_id: a.opportunity_id,
        kind: a.kind,
        subject: a.subject.clone(),
        notes: a.notes.clone(),
        starts_at: a.starts_at.clone(),
        ends_at: a.ends_at.clone(),
        contact_ids: a.contact_ids.clone(),
        user_ids: a.user_ids.clone(),
        outcome: a.outcome.clone(),
        next_step: a.next_step.clone(),
        next_step_due: a.next_step_due.clone(),
        next_step_done: a.next_step_done,
    }
}

/// Correct a visit's start and end afterwards; the recorded check-in and check-out stay beside them.
pub async fn correct_times(
    store: &Store,
    id: Uuid,
    starts_at: &str,
    ends_at: &str,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store
        .correct_activity_times(id, starts_at, ends_at, origin)
        .await?)
}

pub async fn update(
    store: &Store,
    id: Uuid,
    input: &ActivityInput,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store.update_activity(id, input, origin).await?)
}

/// Mark an activity's next step done (or not done again).
pub async fn next_step_done(
    store: &Store,
    id: Uuid,
    done: bool,
    origin: Origin,
) -> Result<Activity, ServiceError> {
    Ok(store.set_next_step_done(id, done, origin).await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_activity(id, origin).await?)
}

/// The agenda of today on this device: overdue next steps (oldest first), today's, and open complaints.
pub async fn agenda(store: &Store) -> Result<Agenda, ServiceError> {
    Ok(store.agenda(clock::today()).await?)
}
