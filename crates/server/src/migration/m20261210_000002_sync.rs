//! Sync: the merged records, the changes already applied, and the sequence counter.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, boolean, integer, string, string_null, text};

use crate::entities::{applied_change, sync_counter, sync_record};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use sync_record::Column as R;
        m.create_table(
            Table::create()
                .table(sync_record::Entity)
                .col(string(R::Entity))
                .col(string(R::Id))
                .col(string(R::OwnerId))
                .col(string_null(R::TeamId))
                .col(text(R::Doc))
                .col(string(R::Hlc))
                .col(boolean(R::Deleted))
                .col(big_integer(R::Seq))
                .primary_key(Index::create().col(R::Entity).col(R::Id))
                .to_owned(),
        )
        .await?;
        // Pulls read `seq > cursor ORDER BY seq`; unique, so two writes can never share a number.
        m.create_index(
            Index::create()
                .name("idx_sync_record_seq")
                .table(sync_record::Entity)
                .col(R::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        // A rep's pull (own records) and a manager's (the team's), each already in seq order.
        m.create_index(
            Index::create()
                .name("idx_sync_record_owner")
                .table(sync_record::Entity)
                .col(R::OwnerId)
                .col(R::Seq)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sync_record_team")
                .table(sync_record::Entity)
                .col(R::TeamId)
                .col(R::Seq)
                .to_owned(),
        )
        .await?;

        use applied_change::Column as A;
        m.create_table(
            Table::create()
                .table(applied_change::Entity)
                .col(string(A::ChangeId).primary_key())
                .col(string(A::UserId))
                .col(string(A::Entity))
                .col(string(A::EntityId))
                .col(big_integer(A::AppliedAt))
                .to_owned(),
        )
        .await?;

        use sync_counter::Column as C;
        m.create_table(
            Table::create()
                .table(sync_counter::Entity)
                .col(integer(C::Id).primary_key())
                .col(big_integer(C::LastSeq))
                .col(string_null(C::ServerHlc))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(sync_counter::Entity)
                .columns([C::Id, C::LastSeq])
                .values([1.into(), 0_i64.into()])
                .map_err(|e| DbErr::Migration(e.to_string()))?
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(sync_counter::Entity).to_owned())
            .await?;
        m.drop_table(Table::drop().table(applied_change::Entity).to_owned())
            .await?;
        m.drop_table(Table::drop().table(sync_record::Entity).to_owned())
            .await
    }
}
