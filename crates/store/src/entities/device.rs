//! This installation: its id, its quote-number prefix (once registered), its clock and its local user.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device")]
pub struct Model {
    /// Always 1: the table has one row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub device_id: String,
    /// Assigned by the server at registration; `None` before.
    pub quote_prefix: Option<String>,
    /// Last hybrid-logical-clock reading issued on this device.
    pub hlc: String,
    /// The local user who owns rows made on this device.
    pub owner_id: String,
    /// The largest effective discount this device's user may give without a manager's approval, in percent.
    pub discount_limit: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
