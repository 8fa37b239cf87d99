//! Workstreams: an opportunity's parallel lines of work (technical evaluation, commercial quote, contract
//! draft), each a checklist with an owner and due dates.

use crate::text_enum::text_enum;

text_enum! {
    /// Which line of work a workstream is.
    pub enum WorkstreamKind {
        Technical = "technical",
        Commercial = "commercial",
        Contract = "contract",
    }
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::validation::{self, MAX_TEXT, collect};

/// A workstream as the user sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkstreamInput {
    pub opportunity_id: Uuid,
    pub kind: WorkstreamKind,
    /// Any member of the opportunity (`None`: not assigned yet).
    pub owner_user_id: Option<Uuid>,
    /// `YYYY-MM-DD`, empty for none.
    pub due_date: String,
    /// What blocks it; empty when nothing does.
    pub blocker: String,
    pub done: bool,
}

/// A checklist item of a workstream as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkstreamItemInput {
    pub workstream_id: Uuid,
    pub text: String,
    pub done: bool,
    pub due_date: String,
}

impl WorkstreamInput {
    /// The input trimmed and checked (the blocker's text, the due date).
    pub fn validate(&self) -> Result<WorkstreamInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let blocker = collect(
            &mut e,
            validation::text("blocker", &self.blocker, MAX_TEXT, false),
        );
        let due = collect(&mut e, validation::date("due_date", &self.due_date));
        match (blocker, due) {
            (Some(blocker), Some(due)) if e.is_empty() => Ok(WorkstreamInput {
                blocker,
                due_date: due.map(|d| d.to_string()).unwrap_or_default(),
                ..self.clone()
            }),
            _ => Err(e),
        }
    }
}

impl WorkstreamItemInput {
    pub fn validate(&self) -> Result<WorkstreamItemInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let text = collect(&mut e, validation::text("text", &self.text, MAX_TEXT, true));
        let due = collect(&mut e, validation::date("due_date", &self.due_date));
        match (text, due) {
            (Some(text), Some(due)) if e.is_empty() => Ok(WorkstreamItemInput {
                text,
                due_date: due.map(|d| d.to_string()).unwrap_or_default(),
                ..self.clone()
            }),
            _ => Err(e),
        }
    }
}

/// A stored workstream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workstream {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub kind: WorkstreamKind,
    pub owner_user_id: Option<Uuid>,
    pub due_date: String,
    pub blocker: String,
    pub done: bool,
    pub owner_id: Uuid,
    pub updated_at: String,
}

/// A stored checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkstreamItem {
    pub id: Uuid,
    pub workstream_id: Uuid,
    pub text: String,
    pub done: bool,
    pub due_date: String,
    pub position: i32,
}

/// Where a workstream (or an item) stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    Done,
    OnTrack,
    /// Something blocks it (the workstream's `blocker` says what).
    Blocked,
    /// A due date passed and it is not done.
    Late,
}

/// An item and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkstreamItemView {
    #[serde(flatten)]
    pub item: WorkstreamItem,
    pub state: WorkState,
}

/// A workstream with its checklist and where it stands: what the opportunity shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkstreamView {
    #[serde(flatten)]
    pub workstream: Workstream,
    /// The owner's name from the directory (empty when not known here).
    pub owner_name: String,
    pub state: WorkState,
    /// Blocked and late at once: shown as blocked, with this flag.
    pub late: bool,
    /// The earliest due date that passed (the workstream's or an open item's), if any.
    pub overdue_since: String,
    pub items: Vec<WorkstreamItemView>,
    pub items_done: u32,
}

fn past_due(due: &str, today: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .ok()
        .filter(|d| *d < today)
}

/// Where an item stands on `today`: done, late (its due date passed), or on track. A due date is the last
/// day: an item due today is on track until the day ends.
pub fn item_state(item: &WorkstreamItem, today: NaiveDate) -> WorkState {
    if item.done {
        WorkState::Done
    } else if past_due(&item.due_date, today).is_some() {
        WorkState::Late
    } else {
        WorkState::OnTrack
    }
}

/// A workstream and its items as they stand on `today`:
/// - done when marked done;
/// - blocked when something blocks it (late too, when a due date passed meanwhile);
/// - late when its due date, or an open item's, passed;
/// - otherwise on track.
///
/// Items are shown by position.
pub fn workstream_view(
    workstream: Workstream,
    mut items: Vec<WorkstreamItem>,
    owner_name: String,
    today: NaiveDate,
) -> WorkstreamView {
    items.sort_by_key(|i| (i.position, i.id));
    let items: Vec<WorkstreamItemView> = items
        .into_iter()
        .map(|item| WorkstreamItemView {
            state: item_state(&item, today),
            item,
        })
        .collect();
    let items_done =
        u32::try_from(items.iter().filter(|i| i.item.done).count()).unwrap_or(u32::MAX);
    let overdue_since = if workstream.done {
        None
    } else {
        std::iter::once(past_due(&workstream.due_date, today))
            .chain(
                items
                    .iter()
                    .filter(|i| !i.item.done)
                    .map(|i| past_due(&i.item.due_date, today)),
            )
            .flatten()
            .min()
    };
    let late = overdue_since.is_some();
    let state = if workstream.done {
        WorkState::Done
    } else if !workstream.blocker.trim().is_empty() {
        WorkState::Blocked
    } else if late {
        WorkState::Late
    } else {
        WorkState::OnTrack
    };
    WorkstreamView {
        workstream,
        owner_name,
        state,
        late,
        overdue_since: overdue_since.map(|d| d.to_string()).unwrap_or_default(),
        items,
        items_done,
    }
}

#[cfg(test)]
#[path = "workstream_tests.rs"]
mod tests;
