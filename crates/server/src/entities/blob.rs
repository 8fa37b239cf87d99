//! Blobs the server holds whole and verified: one row per SHA-256, written when the last part of an upload
//! arrived and the bytes hashed to the name they were sent under. The bytes are in [`super::blob_part`].

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blob")]
pub struct Model {
    /// 64 lowercase hexadecimal digits.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// In bytes.
    pub size: i64,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
