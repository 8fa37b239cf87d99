//! Who sees which record: one row per (record, user who may see it), the per-user index a pull reads.
//!
//! Each row carries the sequence number of the last change the user is to receive for the record: the
//! record's write, or the moment the user started or stopped seeing it (a share given or withdrawn, a
//! member added or removed). A pull reads the caller's rows with `seq` above its cursor, in `seq` order
//! (`idx_sync_audience_user`); a row marked `revoked` tells the device to remove the record. Admins read
//! every record and have no rows; server-owned records (catalog, company, colleagues) are read by
//! everyone through their owner's range and have none either.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_audience")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: String,
    /// Unique per user: commit order is seq order, so a cursor never skips a row.
    pub seq: i64,
    /// The user no longer sees the record: the device deletes it.
    pub revoked: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
