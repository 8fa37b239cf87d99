//! Failed-login counters per email (see [`crate::entities::login_throttle`]).
//!
//! Counting is one atomic upsert, so concurrent failures on several server processes are all
//! counted; the lock is then set only by the writer whose count is still the latest.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::ServerError;
use crate::config::LockoutPolicy;
use crate::entities::login_throttle;

pub async fn get(
    conn: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<login_throttle::Model>, ServerError> {
    Ok(login_throttle::Entity::find_by_id(email.to_string())
        .one(conn)
        .await?)
}

/// Count one more failure for `email`; returns the new count and the lock it caused, if any.
pub async fn record_failure(
    conn: &impl ConnectionTrait,
    email: &str,
    now: i64,
    policy: &LockoutPolicy,
) -> Result<(u32, Option<i64>), ServerError> {
    let row = login_throttle::ActiveModel {
        email: Set(email.to_string()),
        failures: Set(1),
        locked_until: Set(None),
        last_failure_at: Set(now),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Email)
                .value(
                    login_throttle::Column::Failures,
                    Expr::col((login_throttle::Entity, login_throttle::Column::Failures)).add(1),
                )
                .value(login_throttle::Column::LastFailureAt, now)
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    let failures = get(conn, email)
        .await?
        .map(|r| u32::try_from(r.failures).unwrap_or(0))
        .unwrap_or(1);
    let Some(delay) = policy.delay_after(failures) else {
        return Ok((failures, None));
    };
    let until = now.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX));
    login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::LockedUntil, Expr::value(until))
        .filter(login_throttle::Column::Email.eq(email))
        .filter(login_throttle::Column::Failures.eq(i32::try_from(failures).unwrap_or(i32::MAX)))
        .exec(conn)
        .await?;
    Ok((failures, Some(until)))
}

/// Forget the failures of `email` (after a successful login).
pub async fn reset(conn: &impl ConnectionTrait, email: &str) -> Result<(), ServerError> {
    login_throttle::Entity::delete_by_id(email.to_string())
        .exec(conn)
        .await?;
    Ok(())
}
