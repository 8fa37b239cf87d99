//! Changes already applied, by their device-made id: a replayed change is answered "accepted" and
//! applied no second time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applied_change")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub change_id: String,
    /// Who pushed it.
    pub user_id: String,
    pub entity: String,
    pub entity_id: String,
    pub applied_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
