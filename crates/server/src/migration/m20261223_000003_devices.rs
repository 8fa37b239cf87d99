//! Registered devices and their quote-number prefixes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};

use crate::entities::device;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use device::Column as D;
        m.create_table(
            Table::create()
                .table(device::Entity)
                .col(string(D::Id).primary_key())
                .col(string(D::QuotePrefix).unique_key())
                .col(string(D::UserId))
                .col(big_integer(D::RegisteredAt))
                .col(big_integer(D::LastLoginAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(device::Entity).to_owned())
            .await
    }
}
