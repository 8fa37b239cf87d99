//! The catalog's fields: Chinese name and description, category, the active flag, bundles (how they are
//! priced and their components) and suggested accessories.
//!
//! Every column has a default, so products saved before are active items with no Chinese texts, no category
//! and nothing suggested. One `ALTER TABLE` per column (SQLite takes one change at a time).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE product ADD COLUMN name_zh TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE product ADD COLUMN description_zh TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE product ADD COLUMN category TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE product ADD COLUMN active INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE product ADD COLUMN bundle_pricing TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE product ADD COLUMN components TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE product ADD COLUMN accessories TEXT NOT NULL DEFAULT ''",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
