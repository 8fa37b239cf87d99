//! Failed-login counters (see [`crate::entities::login_throttle`] and [`crate::config::LockoutPolicy`]).
//!
//! An attempt is *reserved* before its password is checked ([`reserve`]): in one write transaction, the
//! counters it falls under are created if missing, locked (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite
//! the transaction is `BEGIN IMMEDIATE`, which holds the database's write lock), checked, and the attempt is
//! counted as pending. Failures and pending attempts together never pass a counter's limit (past it, once
//! its lock has run out, one attempt at a time), so however many attempts arrive at once, on however many
//! server processes, no more than the limit are ever checked: the others wait for a pending one to finish
//! ([`Reservation::Busy`]) or meet the lock its failure set. When the password is checked, [`finish`] turns
//! the pending attempt into a failure (locking the counter at its limit) or, on success, clears the
//! counters.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::ServerError;
use crate::config::LockoutPolicy;
use crate::entities::login_throttle::{self, Column as T, Model};

/// How long a pending attempt holds its place: far longer than a password check takes. One whose server
/// process died stops counting then.
pub const PENDING_TTL_MS: i64 = 60_000;

/// What a counter counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One source address's attempts at one email.
    Source,
    /// Everyone's attempts at one email.
    Account,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Source => "source",
            Scope::Account => "account",
        }
    }

    fn limit(self, policy: &LockoutPolicy) -> u32 {
        let limit = match self {
            Scope::Source => policy.max_failures,
            Scope::Account => policy.account_max_failures,
        };
        Ord::max(limit, 1)
    }

    /// The lock after `failures` under this scope's limit, in milliseconds.
    fn delay_ms(self, policy: &LockoutPolicy, failures: u32) -> Option<i64> {
        let delay = match self {
            Scope::Source => policy.delay_after(failures),
            Scope::Account => policy.account_delay_after(failures),
        }?;
        Some(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX))
    }
}

/// One counter an attempt falls under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counter {
    /// [`login_throttle::Model::key`].
    pub key: String,
    pub scope: Scope,
}

/// The outcome of [`reserve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt is counted as pending and may check its password; then call [`finish`].
    Granted,
    /// Locked until then (milliseconds since the epoch); nothing was counted.
    Locked { until: i64 },
    /// Attempts still checking their passwords take every place left under a limit: try again shortly.
    Busy,
}

/// How a reserved attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The right password: the counters are cleared.
    Success,
    /// A wrong password (or an unknown email): one more failure.
    Failure,
    /// The check itself failed (a server error): the attempt counts for nothing.
    Abandoned,
}

fn failures(row: &Model) -> u32 {
    u32::try_from(row.failures).unwrap_or(0)
}

fn pending(row: &Model, now: i64) -> u32 {
    if row.pending_until.is_some_and(|u| u > now) {
        u32::try_from(row.pending).unwrap_or(0)
    } else {
        0
    }
}

/// Whether attempts being checked fill a counter's places: those left under its limit, or, past the limit
/// once its lock has run out, one (a single attempt at a time, whose failure locks it again for longer).
fn busy(scope: Scope, row: &Model, now: i64, policy: &LockoutPolicy) -> bool {
    let places = scope.limit(policy).saturating_sub(failures(row));
    pending(row, now) >= Ord::max(places, 1)
}

fn locked_until(rows: &[(Counter, Model)], now: i64) -> Option<i64> {
    rows.iter()
        .filter_map(|(_, r)| r.locked_until)
        .filter(|&u| u > now)
        .max()
}

/// The rows of `counters`, created if missing (`known` says whether the email is an account's) and locked
/// until the transaction ends, in one order for every transaction (so two attempts never wait for each
/// other's rows crosswise). Returns them with whether a row was created.
async fn lock_rows(
    txn: &impl ConnectionTrait,
    counters: &[Counter],
    known: bool,
    now: i64,
) -> Result<(Vec<(Counter, Model)>, bool), ServerError> {
    let mut counters = counters.to_vec();
    counters.sort_by(|a, b| a.key.cmp(&b.key));
    let fresh = counters.iter().map(|c| login_throttle::ActiveModel {
        key: Set(c.key.clone()),
        scope: Set(c.scope.as_str().to_string()),
        known: Set(known),
        failures: Set(0),
        pending: Set(0),
        pending_until: Set(None),
        locked_until: Set(None),
        last_failure_at: Set(now),
    });
    let inserted = match login_throttle::Entity::insert_many(fresh)
        .on_conflict(OnConflict::column(T::Key).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await
    {
        Ok(n) => n > 0,
        Err(sea_orm::DbErr::RecordNotInserted) => false,
        Err(e) => return Err(e.into()),
    };
    let rows = login_throttle::Entity::find()
        .filter(T::Key.is_in(counters.iter().map(|c| c.key.clone())))
        .order_by_asc(T::Key)
        .lock_exclusive()
        .all(txn)
        .await?;
    let paired = counters
        .into_iter()
        .filter_map(|c| {
            let row = rows.iter().find(|r| r.key == c.key)?.clone();
            Some((c, row))
        })
        .collect();
    Ok((paired, inserted))
}

async fn store(
    txn: &impl ConnectionTrait,
    row: &Model,
    known: bool,
    now: i64,
) -> Result<(), ServerError> {
    login_throttle::Entity::update_many()
        .col_expr(T::Failures, Expr::value(row.failures))
        .col_expr(T::Pending, Expr::value(row.pending))
        .col_expr(T::PendingUntil, Expr::value(row.pending_until))
        .col_expr(T::LockedUntil, Expr::value(row.locked_until))
        .col_expr(T::LastFailureAt, Expr::value(now))
        .col_expr(T::Known, Expr::value(known))
        .filter(T::Key.eq(row.key.clone()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Reserve one attempt under `counters` at `now` (see the module's documentation). The caller passes a
/// transaction begun with [`crate::Db::begin_write`] and commits it.
pub async fn reserve(
    txn: &impl ConnectionTrait,
    counters: &[Counter],
    known: bool,
    now: i64,
    policy: &LockoutPolicy,
) -> Result<Reservation, ServerError> {
    let (rows, inserted) = lock_rows(txn, counters, known, now).await?;
    if inserted {
        forget_old(txn, now, policy).await?;
    }
    if let Some(until) = locked_until(&rows, now) {
        return Ok(Reservation::Locked { until });
    }
    if rows.iter().any(|(c, r)| busy(c.scope, r, now, policy)) {
        return Ok(Reservation::Busy);
    }
    for (_, row) in rows {
        let row = Model {
            pending: i32::try_from(pending(&row, now) + 1).unwrap_or(i32::MAX),
            pending_until: Some(now.saturating_add(PENDING_TTL_MS)),
            ..row
        };
        store(txn, &row, known, now).await?;
    }
    Ok(Reservation::Granted)
}

/// Whether a reservation would find `counters` locked or busy now, without writing: for an attempt waiting
/// for its turn (a plain read, which waits for no lock).
pub async fn peek(
    conn: &impl ConnectionTrait,
    counters: &[Counter],
    now: i64,
    policy: &LockoutPolicy,
) -> Result<Reservation, ServerError> {
    let rows = login_throttle::Entity::find()
        .filter(T::Key.is_in(counters.iter().map(|c| c.key.clone())))
        .all(conn)
        .await?;
    let paired: Vec<(Counter, Model)> = counters
        .iter()
        .filter_map(|c| Some((c.clone(), rows.iter().find(|r| r.key == c.key)?.clone())))
        .collect();
    if let Some(until) = locked_until(&paired, now) {
        return Ok(Reservation::Locked { until });
    }
    let busy = paired.iter().any(|(c, r)| busy(c.scope, r, now, policy));
    Ok(if busy {
        Reservation::Busy
    } else {
        Reservation::Granted
    })
}

/// End an attempt [`reserve`] granted: its place is freed, and a failure counted (locking a counter that
/// reaches its limit; returns the source counter's failures and whether a lock was set) or, on success, the
/// counters cleared. The caller passes a transaction begun with [`crate::Db::begin_write`] and commits it.
pub async fn finish(
    txn: &impl ConnectionTrait,
    counters: &[Counter],
    known: bool,
    now: i64,
    outcome: Outcome,
    policy: &LockoutPolicy,
) -> Result<(u32, bool), ServerError> {
    let (rows, _) = lock_rows(txn, counters, known, now).await?;
    let mut result = (0, false);
    for (counter, row) in rows {
        let still_pending = pending(&row, now).saturating_sub(1);
        let (failed, locked) = match outcome {
            Outcome::Success => (0, None),
            Outcome::Abandoned => (failures(&row), row.locked_until),
            Outcome::Failure => {
                let failed = failures(&row).saturating_add(1);
                let lock = counter
                    .scope
                    .delay_ms(policy, failed)
                    .map(|d| now.saturating_add(d));
                (failed, lock.or(row.locked_until))
            }
        };
        if counter.scope == Scope::Source {
            result.0 = failed;
        }
        result.1 |= outcome == Outcome::Failure && locked.is_some();
        if failed == 0 && still_pending == 0 {
            login_throttle::Entity::delete_by_id(row.key.clone())
                .exec(txn)
                .await?;
            continue;
        }
        let row = Model {
            failures: i32::try_from(failed).unwrap_or(i32::MAX),
            pending: i32::try_from(still_pending).unwrap_or(i32::MAX),
            locked_until: locked,
            ..row
        };
        store(txn, &row, known, now).await?;
    }
    Ok(result)
}

/// Keep the table bounded: forget counters idle for [`LockoutPolicy::forget_after`], and past
/// [`LockoutPolicy::max_unknown_rows`] counters of unknown emails, the oldest of them. Runs when a reservation
/// added a counter, so each attempt does a bounded amount of it.
async fn forget_old(
    txn: &impl ConnectionTrait,
    now: i64,
    policy: &LockoutPolicy,
) -> Result<(), ServerError> {
    let idle = i64::try_from(policy.forget_after.as_millis()).unwrap_or(i64::MAX);
    login_throttle::Entity::delete_many()
        .filter(T::LastFailureAt.lt(now.saturating_sub(idle)))
        .filter(T::LockedUntil.is_null().or(T::LockedUntil.lt(now)))
        .exec(txn)
        .await?;
    let unknown = login_throttle::Entity::find()
        .filter(T::Known.eq(false))
        .count(txn)
        .await?;
    let excess = unknown.saturating_sub(policy.max_unknown_rows);
    if excess > 0 {
        let oldest = Query::select()
            .column(T::Key)
            .from(login_throttle::Entity)
            .and_where(T::Known.eq(false))
            .order_by(T::LastFailureAt, sea_orm::Order::Asc)
            .order_by(T::Key, sea_orm::Order::Asc)
            .limit(excess)
            .to_owned();
        login_throttle::Entity::delete_many()
            .filter(T::Key.in_subquery(oldest))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// One counter, by key (for tests and inspection).
pub async fn get(
    conn: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<login_throttle::Model>, ServerError> {
    Ok(login_throttle::Entity::find_by_id(key.to_string())
        .one(conn)
        .await?)
}
