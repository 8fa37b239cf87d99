//! Activities: visits, calls, meetings, e-mails, demos and notes, with their times (a visit's check-in and
//! check-out at the device's time), participants, outcome and next step.

use crate::text_enum::text_enum;

text_enum! {
    /// What kind of interaction an activity was.
    pub enum ActivityKind {
        Visit = "visit",
        Call = "call",
        Meeting = "meeting",
        Email = "email",
        Demo = "demo",
        Note = "note",
    }
}

mod agenda;
mod input;
mod times;
mod view;

pub use agenda::{Agenda, AgendaItem, ComplaintFact, ComplaintItem, NextStepFact, agenda};
pub use input::{ActivityInput, ValidActivity};
pub use times::{VisitTimes, check_in, check_out, correct_times};
pub use view::{Activity, ActivityFilter, ActivityRow, ActivitySort};
