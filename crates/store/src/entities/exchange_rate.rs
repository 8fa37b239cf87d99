//! Exchange rates set on this device (not synced): one `from_currency` buys `rate` `to_currency`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "exchange_rate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub from_currency: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub to_currency: String,
    /// Exact decimal text.
    pub rate: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
