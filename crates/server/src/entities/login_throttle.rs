//! Consecutive failed logins per email address, and until when that address is locked.
//!
//! Keyed by the normalised email whether or not such a user exists, so a lock does not reveal which
//! addresses have accounts. Kept in the database so that every server process sees the same count.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    /// Consecutive failures since the last success.
    pub failures: i32,
    /// Logins for this email are refused until then.
    pub locked_until: Option<i64>,
    pub last_failure_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
