//! "Keep current prices": the re-pricing offer a rep declined on a quote, so the editor does not ask again
//! until the price lists offer other prices. Kept on this device only (not synced).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE TABLE kept_prices (
                    quote_id TEXT PRIMARY KEY,
                    offer TEXT NOT NULL,
                    kept_at TEXT NOT NULL
                )",
            )
            .await?;
        Ok(())
    }
}
