//! Quoting: terms, validity, revisions, approval and the quote discount on quotes; discount amounts, optional
//! lines and (for later) line kinds on lines; the device user's discount limit.
//!
//! Every column is added with a default, so quotes saved before keep their meaning: no terms, revision 0,
//! not revising anything, no quote discount, not approved; lines without a discount amount, not optional,
//! plain items. One `ALTER TABLE` per column (SQLite takes one change at a time).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE quote ADD COLUMN payment_terms TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN delivery_terms TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote ADD COLUMN revises_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN quote_discount TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approved_at TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approval_comment TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX idx_quote_revises ON quote (revises_id)",
            "ALTER TABLE quote_line ADD COLUMN discount_amount_minor INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN optional INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN selected INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN kind TEXT NOT NULL DEFAULT 'item'",
            "ALTER TABLE quote_line ADD COLUMN parent_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE device ADD COLUMN discount_limit TEXT NOT NULL DEFAULT '15'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
