//! Uploads under way: how large the blob will be and how many bytes of it arrived (the parts in
//! [`super::blob_part`] cover `0..received`). Removed when the blob is verified, or refused.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blob_upload")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// The size the upload declared (`Content-Range: bytes a-b/SIZE`).
    pub size: i64,
    pub received: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
