//! Feedback and complaints on an account: recorded, assigned, resolved and confirmed with the client
//! (the loop is the domain's `feedback_step`); the list as a query.

use chrono::{DateTime, FixedOffset};
use sea_orm::EntityTrait;
use uuid::Uuid;

use fieldquote_domain::feedback::{
    Feedback, FeedbackAction, FeedbackCategory, FeedbackFilter, FeedbackInput, FeedbackSort,
    FeedbackState, FeedbackStatus, Severity, feedback_step,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::{FieldError, FieldErrorKind, device_time};

use crate::paging::{Where, dir, page};
use crate::rows::{self, Fields, Row, id_text};
use crate::write::Write;
use crate::{Origin, Store, StoreError, colleague};

const KIND: EntityKind = EntityKind::Feedback;

pub(crate) fn to_feedback(r: &Row) -> Result<Feedback, StoreError> {
    Ok(Feedback {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        product_id: r.opt_id("product_id"),
        quote_id: r.opt_id("quote_id"),
        category: FeedbackCategory::parse(r.text("category")).unwrap_or(FeedbackCategory::Other),
        severity: Severity::parse(r.text("severity")).unwrap_or(Severity::Medium),
        satisfaction: u8::try_from(r.int("satisfaction"))
            .ok()
            .filter(|s| (1..=5).contains(s)),
        owner_user_id: r.opt_id("owner_user_id"),
        status: FeedbackStatus::parse(r.text("status")).unwrap_or(FeedbackStatus::Identified),
        description: r.text("description").into(),
        resolution: r.text("resolution").into(),
        reported_at: r.text("reported_at").into(),
        resolved_at: r.text("resolved_at").into(),
        confirmed_at: r.text("confirmed_at").into(),
        owner_id: r.owner_id()?,
        updated_at: r.updated_at(),
    })
}

fn input_fields(f: &FeedbackInput) -> Fields {
    rows::fields([
        ("account_id", id_text(Some(f.account_id))),
        ("product_id", id_text(f.product_id)),
        ("quote_id", id_text(f.quote_id)),
        ("category", f.category.as_str().into()),
        ("severity", f.severity.as_str().into()),
        (
            "satisfaction",
            i64::from(f.satisfaction.unwrap_or(0)).into(),
        ),
        ("description", f.description.clone().into()),
    ])
}

/// Check what feedback names: a live account, a product of the catalog, a quote of the account, a colleague.
async fn check_refs(w: &Write, f: &FeedbackInput) -> Result<(), StoreError> {
    rows::live(&w.txn, EntityKind::Customer, f.account_id).await?;
    let mut errors = Vec::new();
    if let Some(p) = f.product_id {
        let found = crate::entities::product::Entity::find_by_id(p.to_string())
            .one(&w.txn)
            .await?
            .is_some();
        if !found {
            errors.push(FieldError::new("product_id", FieldErrorKind::NotFound));
        }
    }
    if let Some(q) = f.quote_id {
        let ok = crate::entities::quote::Entity::find_by_id(q.to_string())
            .one(&w.txn)
            .await?
            .is_some_and(|q| q.deleted_at.is_none() && q.customer_id == f.account_id.to_string());
        if !ok {
            errors.push(FieldError::new("quote_id", FieldErrorKind::NotFound));
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    if let Some(u) = f.owner_user_id {
        colleague::require_assignee(w, u).await?;
    }
    Ok(())
}

/// An account's live feedback: open first, then newest.
pub(crate) async fn of_account(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
) -> Result<Vec<Feedback>, StoreError> {
    rows::children(
        conn,
        KIND,
        "account_id",
        &account_id.to_string(),
        "CASE WHEN a.status IN ('resolved', 'confirmed') THEN 1 ELSE 0 END, a.reported_at DESC, a.id",
    )
    .await?
    .iter()
    .map(to_feedback)
    .collect()
}

fn state_of(r: &Row) -> FeedbackState {
    FeedbackState {
        status: FeedbackStatus::parse(r.text("status")).unwrap_or(FeedbackStatus::Identified),
        owner_user_id: r.opt_id("owner_user_id"),
        resolution: r.text("resolution").into(),
        resolved_at: r.text("resolved_at").into(),
        confirmed_at: r.text("confirmed_at").into(),
    }
}

impl Store {
    /// Record feedback on a live account, reported at device time `at`: assigned when it names its owner (a
    /// colleague of the directory), identified otherwise.
    pub async fn add_feedback(
        &self,
        input: &FeedbackInput,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Feedback, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        check_refs(&w, &v).await?;
        let mut f = input_fields(&v);
        f.insert("owner_user_id".into(), id_text(v.owner_user_id));
        f.insert("status".into(), v.initial_status().as_str().into());
        f.insert("reported_at".into(), device_time::format(at).into());
        let row = w.insert_row(KIND, Uuid::now_v7(), f).await?;
        w.commit().await?;
        to_feedback(&row)
    }

    /// Change what feedback says (category, severity, satisfaction, description, product, quote); its loop
    /// moves with [`Store::feedback_action`].
    pub async fn update_feedback(
        &self,
        id: Uuid,
        input: &FeedbackInput,
        origin: Origin,
    ) -> Result<Feedback, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let v = FeedbackInput {
            account_id: before.req_id("account_id")?,
            owner_user_id: None,
            ..input.clone()
        }
        .validate()
        .map_err(StoreError::Invalid)?;
        check_refs(&w, &v).await?;
        let row = w.update_row(&before, input_fields(&v)).await?;
        w.commit().await?;
        to_feedback(&row)
    }

    /// A step of the feedback loop at device time `at`: assign (to a colleague of the directory), resolve
    /// (saying how), confirm with the client, or reopen when the client does not accept the resolution.
    pub async fn feedback_action(
        &self,
        id: Uuid,
        action: &FeedbackAction,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Feedback, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        if let FeedbackAction::Assign { owner_user_id } = action {
            colleague::require_assignee(&w, *owner_user_id).await?;
        }
        let next = feedback_step(&state_of(&before), action, at).map_err(|e| match e {
            fieldquote_domain::DomainError::Invalid(errors) => StoreError::Invalid(errors),
            other => StoreError::Domain(other),
        })?;
        let row = w
            .update_row(
                &before,
                rows::fields([
                    ("status", next.status.as_str().into()),
                    ("owner_user_id", id_text(next.owner_user_id)),
                    ("resolution", next.resolution.into()),
                    ("resolved_at", next.resolved_at.into()),
                    ("confirmed_at", next.confirmed_at.into()),
                ]),
            )
            .await?;
        w.commit().await?;
        to_feedback(&row)
    }

    pub async fn delete_feedback(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    pub async fn get_feedback(&self, id: Uuid) -> Result<Feedback, StoreError> {
        to_feedback(&rows::live(&self.db, KIND, id).await?)
    }

    /// One window of the feedback on live accounts, with the count of everything the filter keeps.
    pub async fn list_feedback(
        &self,
        q: &ListQuery<FeedbackFilter, FeedbackSort>,
    ) -> Result<Page<Feedback>, StoreError> {
        let f = &q.filter;
        let mut w = Where::new();
        w.and("a.deleted_at IS NULL AND c.deleted_at IS NULL", vec![])
            .eq_opt("a.account_id", f.account_id.map(|u| u.to_string()))
            .eq_opt("a.status", f.status.map(|s| s.as_str().to_string()))
            .eq_opt("a.owner_user_id", f.owner_user_id.map(|u| u.to_string()));
        if f.open_only {
            w.and("a.status IN ('identified', 'assigned', '')", vec![]);
        }
        let d = dir(q.dir);
        let order = match q.sort {
            FeedbackSort::ReportedAt => format!("a.reported_at {d}"),
            FeedbackSort::Severity => format!(
                "CASE a.severity WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END {d}, \
                 a.reported_at DESC"
            ),
            FeedbackSort::Status => format!(
                "CASE a.status WHEN 'assigned' THEN 1 WHEN 'resolved' THEN 2 WHEN 'confirmed' THEN 3 ELSE 0 END {d}, \
                 a.reported_at DESC"
            ),
            FeedbackSort::Account => format!("c.sort_key {d}, c.name {d}, a.reported_at DESC"),
        };
        page(
            &self.db,
            &rows::columns(KIND, "a"),
            "feedback a JOIN customer c ON c.id = a.account_id",
            &w,
            &format!("{order}, a.id"),
            q.offset,
            q.window(),
            |r| to_feedback(&rows::decode(KIND, r, 0)?),
        )
        .await
    }
}
