//! The language of a quote's PDF labels, chosen per quote (`''`: the device's default from settings).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("ALTER TABLE quote ADD COLUMN pdf_lang TEXT NOT NULL DEFAULT ''")
            .await?;
        Ok(())
    }
}
