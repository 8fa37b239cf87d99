//! The opportunity page: the deal with its members, stage history, workstreams, needs, quotes, activities
//! and the client's buying process for it.

use serde::{Deserialize, Serialize};

use super::{Member, Opportunity, StageChange, StageSpan};
use crate::activity::Activity;
use crate::buying_process::BuyingProcessView;
use crate::needs::NeedsView;
use crate::quote::QuoteSummary;
use crate::workstream::WorkstreamView;

/// Everything about an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpportunityPage {
    pub opportunity: Opportunity,
    pub account_name: String,
    pub members: Vec<Member>,
    /// Every change, oldest first.
    pub stage_changes: Vec<StageChange>,
    /// Days per stage, for cycle times.
    pub stage_spans: Vec<StageSpan>,
    pub workstreams: Vec<WorkstreamView>,
    pub needs: NeedsView,
    pub quotes: Vec<QuoteSummary>,
    pub activities: Vec<Activity>,
    pub buying_process: BuyingProcessView,
}
