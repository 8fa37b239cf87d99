//! Activities: logged, checked in and out at the device's time, times corrected beside the recorded
//! clicks, next steps ticked off; the activity list as a query, and the agenda.

use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::activity::{
    Activity, ActivityFilter, ActivityInput, ActivityKind, ActivityRow, ActivitySort, Agenda,
    ComplaintFact, NextStepFact, ValidActivity, VisitTimes, agenda, check_in, check_out,
    correct_times,
};
use fieldquote_domain::feedback::{FeedbackStatus, Severity};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::{DomainError, FieldError, FieldErrorKind, text_list};

use crate::paging::{Where, dir, page};
use crate::query::parse_id;
use crate::rows::{self, Fields, Row, id_text};
use crate::sync::stmt;
use crate::write::Write;
use crate::{Origin, Store, StoreError};

const KIND: EntityKind = EntityKind::Activity;

fn times_of(r: &Row) -> VisitTimes {
    VisitTimes {
        starts_at: r.text("starts_at").into(),
        ends_at: r.text("ends_at").into(),
        checked_in_at: r.text("checked_in_at").into(),
        checked_out_at: r.text("checked_out_at").into(),
    }
}

fn times_fields(t: &VisitTimes) -> Fields {
    rows::fields([
        ("starts_at", t.starts_at.clone().into()),
        ("ends_at", t.ends_at.clone().into()),
        ("checked_in_at", t.checked_in_at.clone().into()),
        ("checked_out_at", t.checked_out_at.clone().into()),
    ])
}

pub(crate) fn to_activity(r: &Row) -> Result<Activity, StoreError> {
    let times = times_of(r);
    Ok(Activity {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        opportunity_id: r.opt_id("opportunity_id"),
        kind: ActivityKind::parse(r.text("kind")).unwrap_or(ActivityKind::Note),
        subject: r.text("subject").into(),
        notes: r.text("notes").into(),
        corrected: times.corrected(),
        starts_at: times.starts_at,
        ends_at: times.ends_at,
        checked_in_at: times.checked_in_at,
        checked_out_at: times.checked_out_at,
        contact_ids: text_list::parse_ids(r.text("contact_ids")),
        user_ids: text_list::parse_ids(r.text("user_ids")),
        outcome: r.text("outcome").into(),
        next_step: r.text("next_step").into(),
        next_step_due: r.text("next_step_due").into(),
        next_step_done: r.flag("next_step_done"),
        owner_id: r.owner_id()?,
        updated_at: r.updated_at(),
    })
}

/// The columns an input writes, times included (check-in and check-out are not: they are the clicks').
fn input_fields(a: &ActivityInput) -> Fields {
    rows::fields([
        ("account_id", id_text(Some(a.account_id))),
        ("opportunity_id", id_text(a.opportunity_id)),
        ("kind", a.kind.as_str().into()),
        ("subject", a.subject.clone().into()),
        ("notes", a.notes.clone().into()),
        ("starts_at", a.starts_at.clone().into()),
        ("ends_at", a.ends_at.clone().into()),
        ("contact_ids", text_list::ids_to_json(&a.contact_ids).into()),
        ("user_ids", text_list::ids_to_json(&a.user_ids).into()),
        ("outcome", a.outcome.clone().into()),
        ("next_step", a.next_step.clone().into()),
        ("next_step_due", a.next_step_due.clone().into()),
        ("next_step_done", i64::from(a.next_step_done).into()),
    ])
}

/// Check what an activity names: a live account, an opportunity of it, contacts of it.
async fn check_refs(w: &Write, a: &ActivityInput) -> Result<(), StoreError> {
    rows::live(&w.txn, EntityKind::Customer, a.account_id).await?;
    let mut errors = Vec::new();
    if let Some(o) = a.opportunity_id {
        let ok = rows::load(&w.txn, EntityKind::Opportunity, o)
            .await?
            .is_some_and(|r| !r.is_deleted() && r.opt_id("account_id") == Some(a.account_id));
        if !ok {
            errors.push(FieldError::new("opportunity_id", FieldErrorKind::NotFound));
        }
    }
    for (i, c) in a.contact_ids.iter().enumerate() {
        let ok = rows::load(&w.txn, EntityKind::Contact, *c)
            .await?
            .is_some_and(|r| !r.is_deleted() && r.opt_id("account_id") == Some(a.account_id));
        if !ok {
            errors.push(FieldError::new(
                format!("contact_ids[{i}]"),
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

fn valid(input: &ActivityInput) -> Result<ValidActivity, StoreError> {
    input.validate().map_err(|e| match e {
        DomainError::Invalid(errors) => StoreError::Invalid(errors),
        other => StoreError::Domain(other),
    })
}

/// An account's live activities, newest first.
pub(crate) async fn of_account(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
) -> Result<Vec<Activity>, StoreError> {
    rows::children(
        conn,
        KIND,
        "account_id",
        &account_id.to_string(),
        "a.starts_at DESC, a.id DESC",
    )
    .await?
    .iter()
    .map(to_activity)
    .collect()
}

/// An opportunity's live activities, newest first.
pub(crate) async fn of_opportunity(
    conn: &impl sea_orm::ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<Vec<Activity>, StoreError> {
    rows::children(
        conn,
        KIND,
        "opportunity_id",
        &opportunity_id.to_string(),
        "a.starts_at DESC, a.id DESC",
    )
    .await?
    .iter()
    .map(to_activity)
    .collect()
}

const LIST_COLUMNS: &str = "a.id, a.account_id, c.name, a.opportunity_id, a.kind, a.subject, a.starts_at, \
    a.next_step, a.next_step_due, a.next_step_done, a.owner_id";

fn list_row(r: &sea_orm::QueryResult) -> Result<ActivityRow, StoreError> {
    let text = |i| r.try_get_by_index::<String>(i);
    Ok(ActivityRow {
        id: parse_id(&text(0)?)?,
        account_id: parse_id(&text(1)?)?,
        account_name: text(2)?,
        opportunity_id: text(3)?.parse().ok(),
        kind: ActivityKind::parse(&text(4)?).unwrap_or(ActivityKind::Note),
        subject: text(5)?,
        starts_at: text(6)?,
        next_step: text(7)?,
        next_step_due: text(8)?,
        next_step_done: r.try_get_by_index::<i64>(9)? != 0,
        owner_id: parse_id(&text(10)?)?,
    })
}

impl Store {
    /// Log an activity on a live account (and optionally one of its opportunities, with its contacts).
    pub async fn log_activity(
        &self,
        input: &ActivityInput,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        let v = valid(input)?;
        let w = self.begin_write(origin).await?;
        check_refs(&w, v.get()).await?;
        let row = w
            .insert_row(KIND, Uuid::now_v7(), input_fields(v.get()))
            .await?;
        w.commit().await?;
        to_activity(&row)
    }

    /// Check in: a new visit (whatever kind the input says, a visit it is) that starts now, at the device's
    /// time `at`, which is kept as the check-in.
    pub async fn check_in(
        &self,
        input: &ActivityInput,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        let v = valid(&ActivityInput {
            kind: ActivityKind::Visit,
            starts_at: String::new(),
            ends_at: String::new(),
            ..input.clone()
        })?;
        let times = check_in(&VisitTimes::default(), at).map_err(DomainError::from)?;
        let w = self.begin_write(origin).await?;
        check_refs(&w, v.get()).await?;
        let mut f = input_fields(v.get());
        f.extend(times_fields(&times));
        let row = w.insert_row(KIND, Uuid::now_v7(), f).await?;
        w.commit().await?;
        to_activity(&row)
    }

    /// Check in to an activity logged before (a planned visit): it starts now, at `at`.
    pub async fn check_in_activity(
        &self,
        id: Uuid,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        self.change_times(id, origin, |t| check_in(t, at).map_err(DomainError::from))
            .await
    }

    /// Check out: the visit ends now, at the device's time `at`, kept as the check-out.
    pub async fn check_out(
        &self,
        id: Uuid,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        self.change_times(id, origin, |t| check_out(t, at).map_err(DomainError::from))
            .await
    }

    /// Correct an activity's start and end; the recorded check-in and check-out stay beside them.
    pub async fn correct_activity_times(
        &self,
        id: Uuid,
        starts_at: &str,
        ends_at: &str,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        self.change_times(id, origin, |t| correct_times(t, starts_at, ends_at))
            .await
    }

    async fn change_times(
        &self,
        id: Uuid,
        origin: Origin,
        rule: impl FnOnce(&VisitTimes) -> Result<VisitTimes, DomainError>,
    ) -> Result<Activity, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let times = rule(&times_of(&before)).map_err(|e| match e {
            DomainError::Invalid(errors) => StoreError::Invalid(errors),
            other => StoreError::Domain(other),
        })?;
        let row = w.update_row(&before, times_fields(&times)).await?;
        w.commit().await?;
        to_activity(&row)
    }

    /// Change what an activity says: kind, subject, notes, start and end, participants, outcome, next step.
    /// The recorded check-in and check-out stay as they were.
    pub async fn update_activity(
        &self,
        id: Uuid,
        input: &ActivityInput,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        let v = valid(input)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        check_refs(&w, v.get()).await?;
        let row = w.update_row(&before, input_fields(v.get())).await?;
        w.commit().await?;
        to_activity(&row)
    }

    /// Tick an activity's next step off (or not). An activity without a next step has nothing to tick.
    pub async fn set_next_step_done(
        &self,
        id: Uuid,
        done: bool,
        origin: Origin,
    ) -> Result<Activity, StoreError> {
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        if before.text("next_step").is_empty() {
            return Err(DomainError::from(RuleRefusal::NoNextStep).into());
        }
        let row = w
            .update_row(
                &before,
                rows::fields([("next_step_done", i64::from(done).into())]),
            )
            .await?;
        w.commit().await?;
        to_activity(&row)
    }

    pub async fn delete_activity(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    pub async fn get_activity(&self, id: Uuid) -> Result<Activity, StoreError> {
        to_activity(&rows::live(&self.db, KIND, id).await?)
    }

    /// One window of the activities of live accounts, with the count of every activity the filter keeps.
    pub async fn list_activities(
        &self,
        q: &ListQuery<ActivityFilter, ActivitySort>,
    ) -> Result<Page<ActivityRow>, StoreError> {
        let f = &q.filter;
        let mut w = Where::new();
        w.and("a.deleted_at IS NULL AND c.deleted_at IS NULL", vec![])
            .contains(&["a.subject", "a.notes", "a.outcome"], &f.text)
            .eq_opt("a.account_id", f.account_id.map(|u| u.to_string()))
            .eq_opt("a.opportunity_id", f.opportunity_id.map(|u| u.to_string()))
            .eq_opt("a.owner_id", f.owner_id.map(|u| u.to_string()))
            .eq_opt("a.kind", f.kind.map(|k| k.as_str().to_string()))
            .day_range("a.starts_at", &f.from, &f.to);
        if f.open_next_steps {
            w.and("a.next_step <> '' AND a.next_step_done = 0", vec![]);
        }
        let d = dir(q.dir);
        let order = match q.sort {
            ActivitySort::StartsAt => format!("a.starts_at {d}"),
            ActivitySort::Kind => format!("a.kind {d}, a.starts_at DESC"),
            ActivitySort::Subject => format!("a.subject {d}"),
            ActivitySort::Account => format!("c.sort_key {d}, c.name {d}, a.starts_at DESC"),
            ActivitySort::NextStepDue => {
                format!("a.next_step_due = '', a.next_step_due {d}, a.starts_at DESC")
            }
        };
        page(
            &self.db,
            LIST_COLUMNS,
            "activity a JOIN customer c ON c.id = a.account_id",
            &w,
            &format!("{order}, a.id"),
            q.offset,
            q.window(),
            list_row,
        )
        .await
    }

    /// The agenda of `today` (the device's day): next steps due today or overdue, and open complaints, on
    /// live accounts.
    pub async fn agenda(&self, today: NaiveDate) -> Result<Agenda, StoreError> {
        let steps = self
            .db
            .query_all_raw(stmt(
                "SELECT a.id, a.account_id, c.name, a.opportunity_id, a.subject, a.next_step, a.next_step_due \
                 FROM activity a JOIN customer c ON c.id = a.account_id \
                 WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND a.next_step <> '' \
                 AND a.next_step_done = 0 AND a.next_step_due <> '' AND a.next_step_due <= ?",
                vec![today.to_string().into()],
            ))
            .await?
            .iter()
            .filter_map(|r| {
                let text = |i| r.try_get_by_index::<String>(i);
                let fact = || -> Result<Option<NextStepFact>, StoreError> {
                    let Ok(due) = NaiveDate::parse_from_str(&text(6)?, "%Y-%m-%d") else {
                        return Ok(None);
                    };
                    Ok(Some(NextStepFact {
                        activity_id: parse_id(&text(0)?)?,
                        account_id: parse_id(&text(1)?)?,
                        account_name: text(2)?,
                        opportunity_id: text(3)?.parse().ok(),
                        subject: text(4)?,
                        next_step: text(5)?,
                        due,
                    }))
                };
                fact().transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let complaints = self
            .db
            .query_all_raw(stmt(
                "SELECT f.id, f.account_id, c.name, f.severity, f.status, f.description, f.reported_at \
                 FROM feedback f JOIN customer c ON c.id = f.account_id \
                 WHERE f.deleted_at IS NULL AND c.deleted_at IS NULL \
                 AND f.status IN ('identified', 'assigned', '')",
                vec![],
            ))
            .await?
            .iter()
            .map(|r| {
                let text = |i| r.try_get_by_index::<String>(i);
                Ok(ComplaintFact {
                    feedback_id: parse_id(&text(0)?)?,
                    account_id: parse_id(&text(1)?)?,
                    account_name: text(2)?,
                    severity: Severity::parse(&text(3)?).unwrap_or(Severity::Medium),
                    status: FeedbackStatus::parse(&text(4)?).unwrap_or(FeedbackStatus::Identified),
                    description: text(5)?,
                    reported_at: text(6)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(agenda(today, steps, complaints))
    }
}
