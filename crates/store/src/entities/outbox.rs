//! Local changes waiting to be pushed to the server, appended in the same transaction as the change.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    #[sea_orm(unique)]
    pub change_id: String,
    /// Table name of the changed record.
    pub entity: String,
    pub entity_id: String,
    /// `upsert` or `delete`.
    pub op: String,
    /// The record as written, as JSON.
    pub payload: String,
    pub hlc: String,
    /// Where the write came from: `ui`, `cli`, `import`, `demo`, `sync`.
    pub origin: String,
    /// For each changed field, the clock reading of the server value this device had seen (JSON object).
    pub base: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
