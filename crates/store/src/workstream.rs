//! Workstreams of an opportunity (technical evaluation, commercial quote, contract draft) and their
//! checklists; where each stands on a given day is the domain's rule (`workstream_view`).

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::workstream::{
    Workstream, WorkstreamInput, WorkstreamItem, WorkstreamItemInput, WorkstreamKind,
    WorkstreamView, workstream_view,
};

use crate::rows::{self, Fields, Row, id_text};
use crate::sync::stmt;
use crate::{Origin, Store, StoreError, colleague};

const KIND: EntityKind = EntityKind::Workstream;
const ITEM: EntityKind = EntityKind::WorkstreamItem;

fn to_workstream(r: &Row) -> Result<Workstream, StoreError> {
    Ok(Workstream {
        id: r.id()?,
        opportunity_id: r.req_id("opportunity_id")?,
        kind: WorkstreamKind::parse(r.text("kind")).unwrap_or(WorkstreamKind::Technical),
        owner_user_id: r.opt_id("owner_user_id"),
        due_date: r.text("due_date").into(),
        blocker: r.text("blocker").into(),
        done: r.flag("done"),
        owner_id: r.owner_id()?,
        updated_at: r.updated_at(),
    })
}

fn to_item(r: &Row) -> Result<WorkstreamItem, StoreError> {
    Ok(WorkstreamItem {
        id: r.id()?,
        workstream_id: r.req_id("workstream_id")?,
        text: r.text("text").into(),
        done: r.flag("done"),
        due_date: r.text("due_date").into(),
        position: i32::try_from(r.int("position")).unwrap_or(0),
    })
}

fn input_fields(v: &WorkstreamInput) -> Fields {
    rows::fields([
        ("opportunity_id", id_text(Some(v.opportunity_id))),
        ("kind", v.kind.as_str().into()),
        ("owner_user_id", id_text(v.owner_user_id)),
        ("due_date", v.due_date.clone().into()),
        ("blocker", v.blocker.clone().into()),
        ("done", i64::from(v.done).into()),
    ])
}

fn item_fields(v: &WorkstreamItemInput) -> Fields {
    rows::fields([
        ("text", v.text.clone().into()),
        ("done", i64::from(v.done).into()),
        ("due_date", v.due_date.clone().into()),
    ])
}

/// A workstream with its items and owner's name as it stands on `today`.
async fn view_of(
    conn: &impl sea_orm::ConnectionTrait,
    r: &Row,
    today: NaiveDate,
) -> Result<WorkstreamView, StoreError> {
    let ws = to_workstream(r)?;
    let items = rows::children(
        conn,
        ITEM,
        "workstream_id",
        r.text("id"),
        "a.position, a.id",
    )
    .await?
    .iter()
    .map(to_item)
    .collect::<Result<Vec<_>, _>>()?;
    let owner_name = match ws.owner_user_id {
        Some(u) => colleague::names(conn, vec![u])
            .await?
            .remove(&u)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(workstream_view(ws, items, owner_name, today))
}

/// The live workstreams of an opportunity as they stand on `today` (technical, commercial, contract).
pub(crate) async fn of_opportunity(
    conn: &impl sea_orm::ConnectionTrait,
    opportunity_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<WorkstreamView>, StoreError> {
    let mut out = Vec::new();
    for r in rows::children(
        conn,
        KIND,
        "opportunity_id",
        &opportunity_id.to_string(),
        "CASE a.kind WHEN 'technical' THEN 0 WHEN 'commercial' THEN 1 ELSE 2 END, a.id",
    )
    .await?
    {
        out.push(view_of(conn, &r, today).await?);
    }
    Ok(out)
}

impl Store {
    /// Add a workstream to a live opportunity; its owner must be a colleague of the directory (when given).
    pub async fn create_workstream(
        &self,
        input: &WorkstreamInput,
        today: NaiveDate,
        origin: Origin,
    ) -> Result<WorkstreamView, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Opportunity, v.opportunity_id).await?;
        if let Some(owner) = v.owner_user_id {
            colleague::require_assignee(&w, owner).await?;
        }
        let row = w.insert_row(KIND, Uuid::now_v7(), input_fields(&v)).await?;
        let view = view_of(&w.txn, &row, today).await?;
        w.commit().await?;
        Ok(view)
    }

    /// Change a workstream: owner, due date, blocker (empty: not blocked), done.
    pub async fn update_workstream(
        &self,
        id: Uuid,
        input: &WorkstreamInput,
        today: NaiveDate,
        origin: Origin,
    ) -> Result<WorkstreamView, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        if let Some(owner) = v.owner_user_id
            && before.opt_id("owner_user_id") != Some(owner)
        {
            colleague::require_assignee(&w, owner).await?;
        }
        let mut f = input_fields(&v);
        // A workstream stays with its opportunity.
        f.remove("opportunity_id");
        let row = w.update_row(&before, f).await?;
        let view = view_of(&w.txn, &row, today).await?;
        w.commit().await?;
        Ok(view)
    }

    pub async fn delete_workstream(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    /// A workstream with its checklist as it stands on `today`.
    pub async fn get_workstream(
        &self,
        id: Uuid,
        today: NaiveDate,
    ) -> Result<WorkstreamView, StoreError> {
        view_of(&self.db, &rows::live(&self.db, KIND, id).await?, today).await
    }

    /// Add an item at the end of a workstream's checklist.
    pub async fn add_workstream_item(
        &self,
        input: &WorkstreamItemInput,
        origin: Origin,
    ) -> Result<WorkstreamItem, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, KIND, v.workstream_id).await?;
        let next: i64 = w
            .txn
            .query_one_raw(stmt(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM workstream_item WHERE workstream_id = ? AND deleted_at IS NULL",
                vec![v.workstream_id.to_string().into()],
            ))
            .await?
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or(0);
        let mut f = item_fields(&v);
        f.insert("workstream_id".into(), id_text(Some(v.workstream_id)));
        f.insert("position".into(), next.into());
        let row = w.insert_row(ITEM, Uuid::now_v7(), f).await?;
        w.commit().await?;
        to_item(&row)
    }

    /// Change an item's text, due date, or tick it off.
    pub async fn update_workstream_item(
        &self,
        id: Uuid,
        input: &WorkstreamItemInput,
        origin: Origin,
    ) -> Result<WorkstreamItem, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, ITEM, id).await?;
        let row = w.update_row(&before, item_fields(&v)).await?;
        w.commit().await?;
        to_item(&row)
    }

    pub async fn delete_workstream_item(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(ITEM, id, origin).await
    }

    /// An opportunity's workstreams as they stand on `today`.
    pub async fn workstreams(
        &self,
        opportunity_id: Uuid,
        today: NaiveDate,
    ) -> Result<Vec<WorkstreamView>, StoreError> {
        rows::live(&self.db, EntityKind::Opportunity, opportunity_id).await?;
        of_opportunity(&self.db, opportunity_id, today).await
    }
}
