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
