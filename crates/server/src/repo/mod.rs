//! Every query the server runs. Functions take any connection (pool or transaction) so callers decide
//! what is atomic; nothing here knows about HTTP.

pub mod audience;
pub mod blobs;
pub mod devices;
pub mod sync;
pub mod teams;
pub mod throttle;
pub mod tokens;
pub mod users;

/// Whether a database error is a unique-constraint violation (same test on SQLite and PostgreSQL).
pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
