//! Stage changes: the domain decides ([`move_stage`]), the store writes the opportunity and the change's
//! record (once, never edited) in one transaction.

use chrono::{DateTime, FixedOffset};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::opportunity::{
    Opportunity, QuoteFact, StageChange, StageChangeRecord, StageMove, StageOutcome, move_stage,
};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::sync::EntityKind;

use super::{KIND, stage_of, to_opportunity};
use crate::query::parse_id;
use crate::rows::{self, Row, id_text};
use crate::sync::stmt;
use crate::write::Write;
use crate::{Origin, Store, StoreError};

/// The live quotes of an opportunity, as far as its stage goes.
pub(crate) async fn quote_facts(
    conn: &impl ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<Vec<QuoteFact>, StoreError> {
    conn.query_all_raw(stmt(
        "SELECT id, status FROM quote WHERE opportunity_id = ? AND deleted_at IS NULL",
        vec![opportunity_id.to_string().into()],
    ))
    .await?
    .iter()
    .map(|r| {
        let status: String = r.try_get_by_index(1)?;
        Ok(QuoteFact {
            id: parse_id(&r.try_get_by_index::<String>(0)?)?,
            status: QuoteStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown quote status {status:?}")))?,
        })
    })
    .collect()
}

/// Write a stage change's record.
pub(super) async fn record_change(
    w: &Write,
    opportunity_id: Uuid,
    c: &StageChangeRecord,
) -> Result<(), StoreError> {
    w.insert_row(
        EntityKind::StageChange,
        Uuid::now_v7(),
        rows::fields([
            ("opportunity_id", id_text(Some(opportunity_id))),
            (
                "from_stage",
                c.from.map(|s| s.as_str()).unwrap_or_default().into(),
            ),
            ("to_stage", c.to.as_str().into()),
            ("by_user_id", id_text(Some(c.by_user_id))),
            ("at", c.at.clone().into()),
            ("reason", c.reason.clone().into()),
        ]),
    )
    .await?;
    Ok(())
}

/// Write what a stage change decided on the opportunity `before`, and its record.
pub(crate) async fn apply_stage_outcome(
    w: &Write,
    before: &Row,
    out: &StageOutcome,
) -> Result<Row, StoreError> {
    let mut f = rows::fields([
        ("stage", out.stage.as_str().into()),
        (
            "lost_reason",
            out.lost_reason
                .map(|r| r.as_str())
                .unwrap_or_default()
                .into(),
        ),
        ("competitor", out.competitor.clone().into()),
        ("won_quote_id", id_text(out.won_quote_id)),
    ]);
    if let Some(p) = out.probability {
        f.insert("probability".into(), i64::from(p).into());
    }
    let row = w.update_row(before, f).await?;
    record_change(w, before.id()?, &out.change).await?;
    Ok(row)
}

pub(crate) fn to_stage_change(r: &Row) -> Result<StageChange, StoreError> {
    use fieldquote_domain::opportunity::Stage;
    Ok(StageChange {
        id: r.id()?,
        opportunity_id: r.req_id("opportunity_id")?,
        from: Stage::parse(r.text("from_stage")),
        to: Stage::parse(r.text("to_stage")).ok_or_else(|| {
            StoreError::Corrupt(format!("stage change {} has no stage", r.text("id")))
        })?,
        by_user_id: r.req_id("by_user_id")?,
        at: r.text("at").into(),
        reason: r.text("reason").into(),
    })
}

impl Store {
    /// Move an opportunity to another stage as `mv` asks, by this device's user at device time `at`: the
    /// domain's rule decides ([`move_stage`]: lost needs a reason, won an accepted quote of the opportunity,
    /// reopening a reason); the opportunity and the change's record are written together.
    pub async fn move_opportunity_stage(
        &self,
        id: Uuid,
        mv: &StageMove,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Opportunity, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let quotes = quote_facts(&w.txn, id).await?;
        let out = move_stage(stage_of(&before), &quotes, mv, parse_id(&w.owner_id)?, at)?;
        let row = apply_stage_outcome(&w, &before, &out).await?;
        w.commit().await?;
        to_opportunity(&row)
    }

    /// The stage changes of an opportunity, in the order they happened (device time).
    pub async fn stage_changes(
        &self,
        opportunity_id: Uuid,
    ) -> Result<Vec<StageChange>, StoreError> {
        let mut changes: Vec<StageChange> = rows::children(
            &self.db,
            EntityKind::StageChange,
            "opportunity_id",
            &opportunity_id.to_string(),
            "a.id",
        )
        .await?
        .iter()
        .map(to_stage_change)
        .collect::<Result<_, _>>()?;
        changes.sort_by(|a, b| {
            let t = |s: &str| fieldquote_domain::device_time::parse(s);
            t(&a.at).cmp(&t(&b.at)).then(a.id.cmp(&b.id))
        });
        Ok(changes)
    }
}
