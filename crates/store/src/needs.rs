//! An opportunity's needs and SWOT (one `needs` record whose id is the opportunity's) and its requirements.

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::needs::{
    NeedsInput, NeedsView, Requirement, RequirementFit, RequirementInput, RequirementPriority,
    Swot, fit_summary,
};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::text_list;

use crate::rows::{self, Fields, Row, id_text};
use crate::sync::stmt;
use crate::{Origin, Store, StoreError};

const NEEDS: EntityKind = EntityKind::Needs;
const REQUIREMENT: EntityKind = EntityKind::Requirement;

fn needs_fields(n: &NeedsInput) -> Fields {
    rows::fields([
        ("background", n.background.clone().into()),
        ("pains", n.pains.clone().into()),
        ("goals", n.goals.clone().into()),
        ("budget", n.budget.clone().into()),
        ("timeline", n.timeline.clone().into()),
        ("decision_criteria", n.decision_criteria.clone().into()),
        ("competitors", n.competitors.clone().into()),
        (
            "swot_strengths",
            text_list::to_json(&n.swot.strengths).into(),
        ),
        (
            "swot_weaknesses",
            text_list::to_json(&n.swot.weaknesses).into(),
        ),
        (
            "swot_opportunities",
            text_list::to_json(&n.swot.opportunities).into(),
        ),
        ("swot_threats", text_list::to_json(&n.swot.threats).into()),
        ("template", n.template.clone().into()),
    ])
}

fn to_needs(r: &Row) -> NeedsInput {
    NeedsInput {
        background: r.text("background").into(),
        pains: r.text("pains").into(),
        goals: r.text("goals").into(),
        budget: r.text("budget").into(),
        timeline: r.text("timeline").into(),
        decision_criteria: r.text("decision_criteria").into(),
        competitors: r.text("competitors").into(),
        swot: Swot {
            strengths: text_list::parse(r.text("swot_strengths")),
            weaknesses: text_list::parse(r.text("swot_weaknesses")),
            opportunities: text_list::parse(r.text("swot_opportunities")),
            threats: text_list::parse(r.text("swot_threats")),
        },
        template: r.text("template").into(),
    }
}

fn to_requirement(r: &Row) -> Result<Requirement, StoreError> {
    Ok(Requirement {
        id: r.id()?,
        opportunity_id: r.req_id("opportunity_id")?,
        text: r.text("text").into(),
        priority: RequirementPriority::parse(r.text("priority"))
            .unwrap_or(RequirementPriority::Should),
        fit: RequirementFit::parse(r.text("fit")).unwrap_or(RequirementFit::Unknown),
        notes: r.text("notes").into(),
        position: i32::try_from(r.int("position")).unwrap_or(0),
    })
}

fn requirement_fields(v: &RequirementInput) -> Fields {
    rows::fields([
        ("text", v.text.clone().into()),
        ("priority", v.priority.as_str().into()),
        ("fit", v.fit.as_str().into()),
        ("notes", v.notes.clone().into()),
    ])
}

/// An opportunity's needs, requirements and fit (empty needs when never saved).
pub(crate) async fn needs_of(
    conn: &impl sea_orm::ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<NeedsView, StoreError> {
    let needs = rows::load(conn, NEEDS, opportunity_id)
        .await?
        .filter(|r| !r.is_deleted());
    let requirements = rows::children(
        conn,
        REQUIREMENT,
        "opportunity_id",
        &opportunity_id.to_string(),
        "a.position, a.id",
    )
    .await?
    .iter()
    .map(to_requirement)
    .collect::<Result<Vec<_>, _>>()?;
    Ok(NeedsView {
        opportunity_id,
        needs: needs.as_ref().map(to_needs).unwrap_or_default(),
        fit: fit_summary(&requirements),
        requirements,
        updated_at: needs.map(|r| r.updated_at()).unwrap_or_default(),
    })
}

impl Store {
    /// Save an opportunity's needs and SWOT (the whole form; only what changed syncs). The first save
    /// creates the record, whose id is the opportunity's.
    pub async fn save_needs(
        &self,
        opportunity_id: Uuid,
        input: &NeedsInput,
        origin: Origin,
    ) -> Result<NeedsView, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Opportunity, opportunity_id).await?;
        let mut f = needs_fields(&v);
        match rows::load(&w.txn, NEEDS, opportunity_id).await? {
            // A deleted record comes back with the save: the opportunity has needs again.
            Some(before) if before.is_deleted() => {
                let restored = w.restore_row(&before).await?;
                w.update_row(&restored, f).await?;
            }
            Some(before) => {
                w.update_row(&before, f).await?;
            }
            None => {
                f.insert("opportunity_id".into(), id_text(Some(opportunity_id)));
                w.insert_row(NEEDS, opportunity_id, f).await?;
            }
        }
        let view = needs_of(&w.txn, opportunity_id).await?;
        w.commit().await?;
        Ok(view)
    }

    /// An opportunity's needs, requirements and how well the solution fits them.
    pub async fn get_needs(&self, opportunity_id: Uuid) -> Result<NeedsView, StoreError> {
        rows::live(&self.db, EntityKind::Opportunity, opportunity_id).await?;
        needs_of(&self.db, opportunity_id).await
    }

    /// Add a requirement at the end of an opportunity's list.
    pub async fn add_requirement(
        &self,
        input: &RequirementInput,
        origin: Origin,
    ) -> Result<Requirement, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Opportunity, v.opportunity_id).await?;
        let next: i64 = w
            .txn
            .query_one_raw(stmt(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM requirement WHERE opportunity_id = ? AND deleted_at IS NULL",
                vec![v.opportunity_id.to_string().into()],
            ))
            .await?
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or(0);
        let mut f = requirement_fields(&v);
        f.insert("opportunity_id".into(), id_text(Some(v.opportunity_id)));
        f.insert("position".into(), next.into());
        let row = w.insert_row(REQUIREMENT, Uuid::now_v7(), f).await?;
        w.commit().await?;
        to_requirement(&row)
    }

    /// Change a requirement's text, priority, fit or notes.
    pub async fn update_requirement(
        &self,
        id: Uuid,
        input: &RequirementInput,
        origin: Origin,
    ) -> Result<Requirement, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, REQUIREMENT, id).await?;
        let row = w.update_row(&before, requirement_fields(&v)).await?;
        w.commit().await?;
        to_requirement(&row)
    }

    pub async fn delete_requirement(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(REQUIREMENT, id, origin).await
    }
}
