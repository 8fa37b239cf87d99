//! The client's buying process: an account's usual steps, or one opportunity's, with approvers and dates;
//! where the deal stands and where it stalls is the domain's rule (`buying_process`).

use chrono::NaiveDate;
use uuid::Uuid;

use fieldquote_domain::buying_process::{
    BuyingProcessView, BuyingStep, BuyingStepInput, BuyingStepKind, BuyingStepStatus,
    buying_process, usual_steps,
};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::{FieldError, FieldErrorKind};

use crate::rows::{self, Fields, Row, id_text};
use crate::write::Write;
use crate::{Origin, Store, StoreError};

const KIND: EntityKind = EntityKind::BuyingStep;

fn to_step(r: &Row, approver_name: String) -> Result<BuyingStep, StoreError> {
    Ok(BuyingStep {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        opportunity_id: r.opt_id("opportunity_id"),
        step: BuyingStepKind::parse(r.text("step")).unwrap_or(BuyingStepKind::Need),
        position: i32::try_from(r.int("position")).unwrap_or(0),
        approver_contact_id: r.opt_id("approver_contact_id"),
        approver_name,
        expected_date: r.text("expected_date").into(),
        done_date: r.text("done_date").into(),
        status: BuyingStepStatus::parse(r.text("status")).unwrap_or(BuyingStepStatus::Pending),
        notes: r.text("notes").into(),
    })
}

/// The process of an account (`opportunity_id` none: its usual one) on `today`.
pub(crate) async fn process_of(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
    opportunity_id: Option<Uuid>,
    today: NaiveDate,
) -> Result<BuyingProcessView, StoreError> {
    let rows = rows::select(
        conn,
        KIND,
        "a.account_id = ? AND a.opportunity_id = ? AND a.deleted_at IS NULL",
        vec![
            account_id.to_string().into(),
            opportunity_id
                .map(|o| o.to_string())
                .unwrap_or_default()
                .into(),
        ],
        "a.position, a.id",
    )
    .await?;
    let mut steps = Vec::with_capacity(rows.len());
    for r in &rows {
        let name = match r.opt_id("approver_contact_id") {
            Some(c) => rows::load(conn, EntityKind::Contact, c)
                .await?
                .map(|c| c.text("name").to_string())
                .unwrap_or_default(),
            None => String::new(),
        };
        steps.push(to_step(r, name)?);
    }
    Ok(buying_process(steps, today))
}

/// Check what a step names: a live account, its opportunity, an approver among its contacts.
async fn check_refs(w: &Write, v: &BuyingStepInput) -> Result<(), StoreError> {
    rows::live(&w.txn, EntityKind::Customer, v.account_id).await?;
    let mut errors = Vec::new();
    if let Some(o) = v.opportunity_id {
        let opp = rows::live(&w.txn, EntityKind::Opportunity, o).await?;
        if opp.opt_id("account_id") != Some(v.account_id) {
            errors.push(FieldError::new("opportunity_id", FieldErrorKind::NotFound));
        }
    }
    if let Some(c) = v.approver_contact_id {
        let ok = rows::load(&w.txn, EntityKind::Contact, c)
            .await?
            .is_some_and(|c| !c.is_deleted() && c.opt_id("account_id") == Some(v.account_id));
        if !ok {
            errors.push(FieldError::new(
                "approver_contact_id",
                FieldErrorKind::NotFound,
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn step_fields(v: &BuyingStepInput, today: NaiveDate) -> Fields {
    let done_date = if v.status == BuyingStepStatus::Done && v.done_date.is_empty() {
        today.to_string()
    } else {
        v.done_date.clone()
    };
    rows::fields([
        ("step", v.step.as_str().into()),
        ("approver_contact_id", id_text(v.approver_contact_id)),
        ("expected_date", v.expected_date.clone().into()),
        ("done_date", done_date.into()),
        ("status", v.status.as_str().into()),
        ("notes", v.notes.clone().into()),
    ])
}

async fn next_position(w: &Write, v: &BuyingStepInput) -> Result<i64, StoreError> {
    Ok(rows::select(
        &w.txn,
        KIND,
        "a.account_id = ? AND a.opportunity_id = ? AND a.deleted_at IS NULL",
        vec![
            v.account_id.to_string().into(),
            v.opportunity_id
                .map(|o| o.to_string())
                .unwrap_or_default()
                .into(),
        ],
        "a.position",
    )
    .await?
    .iter()
    .map(|r| r.int("position") + 1)
    .max()
    .unwrap_or(0))
}

impl Store {
    /// Add a step at the end of a buying process (the account's usual one, or an opportunity's). A done
    /// step without a done date is done `today`.
    pub async fn add_buying_step(
        &self,
        input: &BuyingStepInput,
        today: NaiveDate,
        origin: Origin,
    ) -> Result<BuyingStep, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        check_refs(&w, &v).await?;
        let mut f = step_fields(&v, today);
        f.insert("account_id".into(), id_text(Some(v.account_id)));
        f.insert("opportunity_id".into(), id_text(v.opportunity_id));
        f.insert("position".into(), next_position(&w, &v).await?.into());
        let row = w.insert_row(KIND, Uuid::now_v7(), f).await?;
        let name = approver_name(&w, &row).await?;
        w.commit().await?;
        to_step(&row, name)
    }

    /// Start a buying process from the usual steps (need → … → delivery, all pending), unless it has steps
    /// already; returns it as it stands on `today`.
    pub async fn start_buying_process(
        &self,
        account_id: Uuid,
        opportunity_id: Option<Uuid>,
        today: NaiveDate,
        origin: Origin,
    ) -> Result<BuyingProcessView, StoreError> {
        let w = self.begin_write(origin).await?;
        let probe = BuyingStepInput {
            account_id,
            opportunity_id,
            step: BuyingStepKind::Need,
            approver_contact_id: None,
            expected_date: String::new(),
            done_date: String::new(),
            status: BuyingStepStatus::Pending,
            notes: String::new(),
        };
        check_refs(&w, &probe).await?;
        if next_position(&w, &probe).await? == 0 {
            for (position, step) in usual_steps().iter().enumerate() {
                let mut f = step_fields(
                    &BuyingStepInput {
                        step: *step,
                        ..probe.clone()
                    },
                    today,
                );
                f.insert("account_id".into(), id_text(Some(account_id)));
                f.insert("opportunity_id".into(), id_text(opportunity_id));
                f.insert(
                    "position".into(),
                    i64::try_from(position).unwrap_or(0).into(),
                );
                w.insert_row(KIND, Uuid::now_v7(), f).await?;
            }
        }
        let view = process_of(&w.txn, account_id, opportunity_id, today).await?;
        w.commit().await?;
        Ok(view)
    }

    /// Change a step: its kind, approver, dates, status (a done step without a date is done `today`; a step
    /// no longer done loses its done date) and notes. It stays in its process.
    pub async fn update_buying_step(
        &self,
        id: Uuid,
        input: &BuyingStepInput,
        today: NaiveDate,
        origin: Origin,
    ) -> Result<BuyingStep, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let v = BuyingStepInput {
            account_id: before.req_id("account_id")?,
            opportunity_id: before.opt_id("opportunity_id"),
            ..input.clone()
        }
        .validate()
        .map_err(StoreError::Invalid)?;
        check_refs(&w, &v).await?;
        let row = w.update_row(&before, step_fields(&v, today)).await?;
        let name = approver_name(&w, &row).await?;
        w.commit().await?;
        to_step(&row, name)
    }

    pub async fn delete_buying_step(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    /// A buying process (the account's usual one, or an opportunity's) as it stands on `today`: its steps,
    /// the current one, and where it stalls with whom.
    pub async fn buying_process(
        &self,
        account_id: Uuid,
        opportunity_id: Option<Uuid>,
        today: NaiveDate,
    ) -> Result<BuyingProcessView, StoreError> {
        rows::live(&self.db, EntityKind::Customer, account_id).await?;
        process_of(&self.db, account_id, opportunity_id, today).await
    }
}

async fn approver_name(w: &Write, row: &Row) -> Result<String, StoreError> {
    Ok(match row.opt_id("approver_contact_id") {
        Some(c) => rows::load(&w.txn, EntityKind::Contact, c)
            .await?
            .map(|c| c.text("name").to_string())
            .unwrap_or_default(),
        None => String::new(),
    })
}
