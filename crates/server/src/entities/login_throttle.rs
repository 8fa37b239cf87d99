//! Failed-login counters: one per email address and source address, and one per email address for the
//! account as a whole (see [`crate::config::LockoutPolicy`]).
//!
//! Kept for every email tried, whether or not it is an account's, so a lock does not reveal which addresses
//! have accounts; those of unknown emails are capped in number ([`crate::repo::throttle`]). Kept in the
//! database so that every server process sees the same counts.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// Lowercase hex SHA-256 of what is counted: the scope, the normalised email and, for the `source`
    /// scope, the source address (an IPv6 address by its /64). Neither is stored in clear.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// `source` (one address's attempts at one account) or `account` (everyone's).
    pub scope: String,
    /// Whether the email was an account's when last counted.
    pub known: bool,
    /// Failed attempts since the last success.
    pub failures: i32,
    /// Attempts reserved and still checking their password: `failures + pending` never passes the limit.
    pub pending: i32,
    /// Until then `pending` holds (an attempt that never finished, its process gone, stops counting then).
    pub pending_until: Option<i64>,
    /// Attempts are refused until then.
    pub locked_until: Option<i64>,
    /// When the last attempt was reserved or failed.
    pub last_failure_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
