//! The bytes of blobs, in the parts they were uploaded in: `(sha256, start)` with the part's bytes. The parts
//! of a blob cover it without gaps or overlaps, in order of `start`. While an upload is under way
//! ([`super::blob_upload`]) they are what arrived so far; once it is verified ([`super::blob`]) they are the
//! blob, and a download reads the parts its range covers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blob_part")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// Where the part starts in the blob, in bytes.
    #[sea_orm(primary_key, auto_increment = false)]
    pub start: i64,
    /// Length of `data`.
    pub size: i64,
    pub data: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
