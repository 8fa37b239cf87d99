//! Who sees what (protocol 2): the access columns of `sync_record` and their indexes, the per-user audience
//! index `sync_audience`, then the data: access columns filled from the records, the company directory made
//! from the users, and the index built from the records (see [`crate::sync::migrate_visibility`]).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, boolean, string, string_null};

use crate::entities::{sync_audience, sync_record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use sync_record::Column as R;
        // One change per `ALTER TABLE` (SQLite).
        for column in [
            R::LinkAccount,
            R::LinkOpportunity,
            R::LinkParent,
            R::LinkUser,
        ] {
            m.alter_table(
                Table::alter()
                    .table(sync_record::Entity)
                    .add_column(string_null(column))
                    .to_owned(),
            )
            .await?;
        }
        // What is under an account, an opportunity, a quote or a workstream: found when a share changes.
        for (name, column) in [
            ("idx_sync_record_link_account", R::LinkAccount),
            ("idx_sync_record_link_opportunity", R::LinkOpportunity),
            ("idx_sync_record_link_parent", R::LinkParent),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(sync_record::Entity)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }

        use sync_audience::Column as A;
        m.create_table(
            Table::create()
                .table(sync_audience::Entity)
                .col(string(A::Entity))
                .col(string(A::Id))
                .col(string(A::UserId))
                .col(big_integer(A::Seq))
                .col(boolean(A::Revoked))
                .primary_key(Index::create().col(A::Entity).col(A::Id).col(A::UserId))
                .to_owned(),
        )
        .await?;
        // A pull: the caller's rows after the cursor, in seq order. Unique: a user never gets two rows at
        // one seq, so a page boundary never splits one.
        m.create_index(
            Index::create()
                .name("idx_sync_audience_user")
                .table(sync_audience::Entity)
                .col(A::UserId)
                .col(A::Seq)
                .unique()
                .to_owned(),
        )
        .await?;

        crate::sync::migrate_visibility(m.get_connection())
            .await
            .map_err(|e| DbErr::Migration(format!("who sees what: {e}")))
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m20270104_000005_visibility cannot be undone: protocol 1 devices cannot read what it enables".into(),
        ))
    }
}
