//! Content-addressed blobs (the images of content blocks): verified blobs, their bytes in the parts they were
//! uploaded in, uploads under way, and which records name which blob. In the database rather than in files:
//! several server processes share it with no shared disk, one backup holds everything, and finishing an
//! upload (the blob row with its parts) commits at once or not at all.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, blob, string};

use crate::entities::{blob as b, blob_part, blob_ref, blob_upload};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use b::Column as B;
        m.create_table(
            Table::create()
                .table(b::Entity)
                .col(string(B::Sha256).primary_key())
                .col(big_integer(B::Size))
                .col(big_integer(B::CreatedAt))
                .to_owned(),
        )
        .await?;
        use blob_part::Column as P;
        m.create_table(
            Table::create()
                .table(blob_part::Entity)
                .col(string(P::Sha256))
                .col(big_integer(P::Start))
                .col(big_integer(P::Size))
                .col(blob(P::Data))
                .primary_key(Index::create().col(P::Sha256).col(P::Start))
                .to_owned(),
        )
        .await?;
        use blob_upload::Column as U;
        m.create_table(
            Table::create()
                .table(blob_upload::Entity)
                .col(string(U::Sha256).primary_key())
                .col(big_integer(U::Size))
                .col(big_integer(U::Received))
                .col(big_integer(U::UpdatedAt))
                .to_owned(),
        )
        .await?;
        use blob_ref::Column as R;
        m.create_table(
            Table::create()
                .table(blob_ref::Entity)
                .col(string(R::Sha256))
                .col(string(R::Entity))
                .col(string(R::Id))
                .primary_key(Index::create().col(R::Sha256).col(R::Entity).col(R::Id))
                .to_owned(),
        )
        .await?;
        // A record's references are replaced at each of its writes.
        m.create_index(
            Index::create()
                .name("idx_blob_ref_record")
                .table(blob_ref::Entity)
                .col(R::Entity)
                .col(R::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["blob_ref", "blob_upload", "blob_part", "blob"] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
