//! Sync bookkeeping on the device: the server and cursor, rejected changes, conflicts, and a shadow copy of
//! each record as the server last sent it (with per-field clocks).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE TABLE sync_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                server_url TEXT,
                user_id TEXT,
                user_email TEXT,
                cursor INTEGER NOT NULL DEFAULT 0,
                last_sync_at TEXT,
                last_error TEXT
            )",
            "INSERT INTO sync_state (id, cursor) VALUES (1, 0)",
            "CREATE TABLE sync_rejection (
                change_id TEXT PRIMARY KEY,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                code TEXT NOT NULL,
                reason TEXT NOT NULL,
                payload TEXT NOT NULL,
                rejected_at TEXT NOT NULL
            )",
            "CREATE TABLE sync_conflict (
                id TEXT PRIMARY KEY,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                field TEXT NOT NULL,
                local_value TEXT NOT NULL,
                remote_value TEXT NOT NULL,
                local_hlc TEXT NOT NULL,
                remote_hlc TEXT NOT NULL,
                detected_at TEXT NOT NULL,
                resolved_at TEXT,
                resolution TEXT
            )",
            "CREATE INDEX idx_sync_conflict_open ON sync_conflict (resolved_at)",
            "CREATE TABLE sync_shadow (
                entity TEXT NOT NULL,
                id TEXT NOT NULL,
                doc TEXT NOT NULL,
                materialized INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (entity, id)
            )",
            "CREATE INDEX idx_sync_shadow_pending ON sync_shadow (materialized)",
            "CREATE INDEX idx_outbox_entity ON outbox (entity, entity_id)",
            // Per changed field, the clock of the value this device had seen (JSON object).
            "ALTER TABLE outbox ADD COLUMN base TEXT NOT NULL DEFAULT '{}'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
