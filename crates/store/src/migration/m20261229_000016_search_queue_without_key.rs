//! The search queue (`search_dirty`) without a unique key. Its triggers note a record with `INSERT OR IGNORE`,
//! but SQLite lets the statement that fires a trigger impose its own conflict policy on the trigger's
//! statements: a pull page's upsert (`INSERT … ON CONFLICT(id) DO UPDATE`) turned a second note of the same
//! record in one transaction (a renamed account noting its quotes, themselves just pulled) into a failed
//! sync. Without a key a note never conflicts; the refresh reads each record once and clears all its notes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // No rename: the triggers name `search_dirty`, and SQLite checks them when a table is renamed.
        for sql in [
            "CREATE TABLE search_dirty_kept AS SELECT entity, id FROM search_dirty",
            "DROP TABLE search_dirty",
            "CREATE TABLE search_dirty (entity TEXT NOT NULL, id TEXT NOT NULL)",
            "INSERT INTO search_dirty (entity, id) SELECT entity, id FROM search_dirty_kept",
            "DROP TABLE search_dirty_kept",
            "CREATE INDEX search_dirty_record ON search_dirty (entity, id)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
