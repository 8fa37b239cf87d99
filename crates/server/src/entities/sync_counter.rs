//! The one row (`id = 1`) that hands out server sequence numbers, and the server's own clock.
//!
//! Every write transaction on synced records updates this row first, which locks it until commit: writers
//! run one after another, so they commit in the order of the sequence numbers they took (see
//! [`crate::sync`]).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_counter")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The last sequence number handed out (0: none yet).
    pub last_seq: i64,
    /// The server's hybrid logical clock (node `server`): the last reading it stamped on a write of its
    /// own (catalog import, company profile). `None` before the first.
    pub server_hlc: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
