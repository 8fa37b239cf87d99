//! The agenda on the start screen: today's and overdue next steps (the overdue ones first, oldest first, so
//! they stand out), and the complaints still open.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::feedback::{FeedbackStatus, Severity};

/// An open next step, as the store finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStepFact {
    pub activity_id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub opportunity_id: Option<Uuid>,
    pub subject: String,
    pub next_step: String,
    pub due: NaiveDate,
}

/// Open feedback, as the store finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFact {
    pub feedback_id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub severity: Severity,
    pub status: FeedbackStatus,
    pub description: String,
    pub reported_at: String,
}

/// A next step on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgendaItem {
    pub activity_id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub opportunity_id: Option<Uuid>,
    /// The activity it came out of.
    pub subject: String,
    pub next_step: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub overdue: bool,
    /// Days past due (0 for today's).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub days_overdue: i64,
}

/// An open complaint on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplaintItem {
    pub feedback_id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    pub severity: Severity,
    pub status: FeedbackStatus,
    pub description: String,
    pub reported_at: String,
}

/// The agenda of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agenda {
    /// `YYYY-MM-DD`.
    pub today: String,
    /// Past due, oldest first.
    pub overdue: Vec<AgendaItem>,
    /// Due today, by account.
    pub due_today: Vec<AgendaItem>,
    /// Most severe first, then oldest.
    pub open_complaints: Vec<ComplaintItem>,
}

/// The agenda of `today` from the open next steps and the open complaints. Next steps due later are left out.
pub fn agenda(
    today: NaiveDate,
    next_steps: Vec<NextStepFact>,
    complaints: Vec<ComplaintFact>,
) -> Agenda {
    let mut overdue = Vec::new();
    let mut due_today = Vec::new();
    for s in next_steps {
        if s.due > today {
            continue;
        }
        let days = (today - s.due).num_days();
        let item = AgendaItem {
            activity_id: s.activity_id,
            account_id: s.account_id,
            account_name: s.account_name,
            opportunity_id: s.opportunity_id,
            subject: s.subject,
            next_step: s.next_step,
            due: s.due.to_string(),
            overdue: days > 0,
            days_overdue: days,
        };
        if days > 0 {
            overdue.push(item);
        } else {
            due_today.push(item);
        }
    }
    overdue.sort_by(|a, b| a.due.cmp(&b.due).then(a.account_name.cmp(&b.account_name)));
    due_today.sort_by(|a, b| {
        a.account_name
            .cmp(&b.account_name)
            .then(a.activity_id.cmp(&b.activity_id))
    });
    let mut open_complaints: Vec<ComplaintItem> = complaints
        .into_iter()
        .filter(|c| c.status.is_open())
        .map(|c| ComplaintItem {
            feedback_id: c.feedback_id,
            account_id: c.account_id,
            account_name: c.account_name,
            severity: c.severity,
            status: c.status,
            description: c.description,
            reported_at: c.reported_at,
        })
        .collect();
    open_complaints.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.reported_at.cmp(&b.reported_at))
    });
    Agenda {
        today: today.to_string(),
        overdue,
        due_today,
        open_complaints,
    }
}

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
