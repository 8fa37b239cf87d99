//! Hardening: failed logins counted per source address and per account (the counters of the first form are
//! dropped: they only ever slow down), and applied change ids scoped per user with the digest of what they
//! carried (the rows so far are kept, without a digest).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, string, string_null,
};

use crate::entities::{applied_change, login_throttle};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new form of `applied_change` while it is filled.
const NEW_APPLIED: &str = "applied_change_next";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use login_throttle::Column as T;
        m.drop_table(Table::drop().table(login_throttle::Entity).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(login_throttle::Entity)
                .col(string(T::Key).primary_key())
                .col(string(T::Scope))
                .col(boolean(T::Known))
                .col(integer(T::Failures))
                .col(integer(T::Pending))
                .col(big_integer_null(T::PendingUntil))
                .col(big_integer_null(T::LockedUntil))
                .col(big_integer(T::LastFailureAt))
                .to_owned(),
        )
        .await?;
        // Forgetting idle counters, and the oldest of unknown emails past the cap.
        m.create_index(
            Index::create()
                .name("idx_login_throttle_age")
                .table(login_throttle::Entity)
                .col(T::Known)
                .col(T::LastFailureAt)
                .to_owned(),
        )
        .await?;

        // The new form is made beside the old one, filled from it, and takes its name (renaming the old one
        // first would leave it holding the primary key's name on PostgreSQL).
        use applied_change::Column as A;
        m.create_table(
            Table::create()
                .table(Alias::new(NEW_APPLIED))
                .col(string(A::UserId))
                .col(string(A::ChangeId))
                .col(string(A::Entity))
                .col(string(A::EntityId))
                .col(string_null(A::Digest))
                .col(big_integer(A::AppliedAt))
                .primary_key(Index::create().col(A::UserId).col(A::ChangeId))
                .to_owned(),
        )
        .await?;
        let columns = [A::UserId, A::ChangeId, A::Entity, A::EntityId, A::AppliedAt];
        m.exec_stmt(
            Query::insert()
                .into_table(Alias::new(NEW_APPLIED))
                .columns(columns)
                .select_from(
                    Query::select()
                        .columns(columns)
                        .from(applied_change::Entity)
                        .to_owned(),
                )
                .map_err(|e| DbErr::Migration(e.to_string()))?
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(applied_change::Entity).to_owned())
            .await?;
        m.rename_table(
            Table::rename()
                .table(Alias::new(NEW_APPLIED), applied_change::Entity)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m20261230_000004_hardening cannot be undone: change ids of several users may share an id".into(),
        ))
    }
}
