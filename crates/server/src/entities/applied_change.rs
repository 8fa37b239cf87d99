//! Changes already applied, by the user who pushed them and their device-made id: a replayed change is
//! answered "accepted" and applied no second time; another change under a used id is refused.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applied_change")]
pub struct Model {
    /// Who pushed it: change ids are scoped per user, so one user's ids never shadow another's.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub change_id: String,
    pub entity: String,
    pub entity_id: String,
    /// Lowercase hex SHA-256 of the change's content ([`crate::sync::plan::digest`]); `None` for changes
    /// applied before it was recorded (a replay of those is taken as identical).
    pub digest: Option<String>,
    pub applied_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
