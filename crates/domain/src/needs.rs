//! Needs: what the client wants (background, pains, goals, budget, timeline, decision criteria,
//! competitors), its requirements with how well we meet them, and the deal's SWOT.

use crate::text_enum::text_enum;

text_enum! {
    /// How much the client needs a requirement.
    pub enum RequirementPriority {
        Must = "must",
        Should = "should",
        Nice = "nice",
    }
}

text_enum! {
    /// Whether our solution meets a requirement.
    pub enum RequirementFit {
        Meets = "meets",
        Partial = "partial",
        Gap = "gap",
        Unknown = "unknown",
    }
}

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::text_list;
use crate::validation::{self, MAX_NAME, MAX_TEXT, collect};

/// Most entries in one SWOT list, and the longest entry.
pub const MAX_SWOT_ENTRIES: usize = 50;
pub const MAX_SWOT_ENTRY: usize = 500;

/// The deal's SWOT, four lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Swot {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub opportunities: Vec<String>,
    pub threats: Vec<String>,
}

/// The client's needs as captured in a meeting: every field free text, all optional, so the form works with
/// or without a question template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NeedsInput {
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub pains: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub timeline: String,
    #[serde(default)]
    pub decision_criteria: String,
    #[serde(default)]
    pub competitors: String,
    #[serde(default)]
    pub swot: Swot,
    /// The question template the rep used; empty for none.
    #[serde(default)]
    pub template: String,
}

impl NeedsInput {
    /// Trimmed and bounded; SWOT entries cleaned (empty and repeated entries dropped). Every problem by field
    /// (`swot.threats[2]`).
    pub fn validate(&self) -> Result<NeedsInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut t = |field: &str, value: &str, max: usize| {
            collect(&mut e, validation::text(field, value, max, false)).unwrap_or_default()
        };
        let mut out = NeedsInput {
            background: t("background", &self.background, MAX_TEXT),
            pains: t("pains", &self.pains, MAX_TEXT),
            goals: t("goals", &self.goals, MAX_TEXT),
            budget: t("budget", &self.budget, MAX_TEXT),
            timeline: t("timeline", &self.timeline, MAX_TEXT),
            decision_criteria: t("decision_criteria", &self.decision_criteria, MAX_TEXT),
            competitors: t("competitors", &self.competitors, MAX_TEXT),
            swot: Swot::default(),
            template: t("template", &self.template, MAX_NAME),
        };
        let mut list = |field: &str, items: &[String]| {
            text_list::validate(field, items, MAX_SWOT_ENTRIES, MAX_SWOT_ENTRY).unwrap_or_else(
                |errors| {
                    e.extend(errors);
                    Vec::new()
                },
            )
        };
        out.swot = Swot {
            strengths: list("swot.strengths", &self.swot.strengths),
            weaknesses: list("swot.weaknesses", &self.swot.weaknesses),
            opportunities: list("swot.opportunities", &self.swot.opportunities),
            threats: list("swot.threats", &self.swot.threats),
        };
        if e.is_empty() { Ok(out) } else { Err(e) }
    }
}

/// A requirement as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RequirementInput {
    pub opportunity_id: Uuid,
    pub text: String,
    pub priority: RequirementPriority,
    pub fit: RequirementFit,
    #[serde(default)]
    pub notes: String,
}

impl RequirementInput {
    pub fn validate(&self) -> Result<RequirementInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let text = collect(&mut e, validation::text("text", &self.text, MAX_TEXT, true));
        let notes = collect(
            &mut e,
            validation::text("notes", &self.notes, MAX_TEXT, false),
        );
        match (text, notes) {
            (Some(text), Some(notes)) if e.is_empty() => Ok(RequirementInput {
                text,
                notes,
                ..self.clone()
            }),
            _ => Err(e),
        }
    }
}

/// A stored requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Requirement {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub text: String,
    pub priority: RequirementPriority,
    pub fit: RequirementFit,
    pub notes: String,
    pub position: i32,
}

/// How well the solution fits: per priority, how many requirements meet, meet partly, do not, or are not
/// assessed yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FitCounts {
    pub meets: u32,
    pub partial: u32,
    pub gap: u32,
    pub unknown: u32,
}

/// The fit of the must-haves, should-haves and nice-to-haves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FitSummary {
    pub must: FitCounts,
    pub should: FitCounts,
    pub nice: FitCounts,
    /// A must-have the solution does not meet: the deal's biggest risk.
    pub must_gaps: u32,
}

/// Count the requirements' fit by priority.
pub fn fit_summary(requirements: &[Requirement]) -> FitSummary {
    let mut s = FitSummary::default();
    for r in requirements {
        let counts = match r.priority {
            RequirementPriority::Must => &mut s.must,
            RequirementPriority::Should => &mut s.should,
            RequirementPriority::Nice => &mut s.nice,
        };
        match r.fit {
            RequirementFit::Meets => counts.meets += 1,
            RequirementFit::Partial => counts.partial += 1,
            RequirementFit::Gap => counts.gap += 1,
            RequirementFit::Unknown => counts.unknown += 1,
        }
    }
    s.must_gaps = s.must.gap;
    s
}

/// An opportunity's needs, requirements and SWOT as shown and edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NeedsView {
    pub opportunity_id: Uuid,
    #[serde(flatten)]
    pub needs: NeedsInput,
    pub requirements: Vec<Requirement>,
    pub fit: FitSummary,
    /// Empty until the needs were first saved.
    pub updated_at: String,
}

#[cfg(test)]
#[path = "needs_tests.rs"]
mod tests;
