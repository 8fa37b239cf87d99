//! Accounts: teams, users, login tokens and failed-login throttling.

use sea_orm::sea_query::ExprTrait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, string, string_null, text,
};

use crate::entities::{app_user, auth_token, team};

/// The first form of the failed-login table (replaced in `m20261230_000004_hardening`); named here because its
/// entity now describes the later form.
#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Email,
    Failures,
    LockedUntil,
    LastFailureAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(team::Entity)
                .col(string(team::Column::Id).primary_key())
                .col(string(team::Column::Name).unique_key())
                .col(big_integer(team::Column::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(app_user::Entity)
                .col(string(app_user::Column::Id).primary_key())
                .col(string(app_user::Column::Email).unique_key())
                .col(string(app_user::Column::Name))
                .col(
                    string(app_user::Column::Role).check(
                        Expr::col(app_user::Column::Role).is_in(["rep", "manager", "admin"]),
                    ),
                )
                .col(string_null(app_user::Column::TeamId))
                .col(text(app_user::Column::PasswordHash))
                .col(boolean(app_user::Column::Disabled))
                .col(big_integer(app_user::Column::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_app_user_team")
                        .from(app_user::Entity, app_user::Column::TeamId)
                        .to(team::Entity, team::Column::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_app_user_team")
                .table(app_user::Entity)
                .col(app_user::Column::TeamId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(auth_token::Entity)
                .col(string(auth_token::Column::TokenHash).primary_key())
                .col(string(auth_token::Column::UserId))
                .col(string(auth_token::Column::DeviceId))
                .col(big_integer(auth_token::Column::CreatedAt))
                .col(big_integer(auth_token::Column::ExpiresAt))
                .col(big_integer(auth_token::Column::LastUsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_auth_token_user")
                        .from(auth_token::Entity, auth_token::Column::UserId)
                        .to(app_user::Entity, app_user::Column::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_auth_token_user")
                .table(auth_token::Entity)
                .col(auth_token::Column::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginThrottle::Table)
                .col(string(LoginThrottle::Email).primary_key())
                .col(integer(LoginThrottle::Failures))
                .col(big_integer_null(LoginThrottle::LockedUntil))
                .col(big_integer(LoginThrottle::LastFailureAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginThrottle::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(auth_token::Entity).to_owned())
            .await?;
        m.drop_table(Table::drop().table(app_user::Entity).to_owned())
            .await?;
        m.drop_table(Table::drop().table(team::Entity).to_owned())
            .await
    }
}
