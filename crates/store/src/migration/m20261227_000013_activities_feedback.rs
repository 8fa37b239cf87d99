//! Activities (visits, calls, meetings, e-mails, demos, notes) with their device times and next steps, and
//! feedback and complaints. References by id without foreign keys (see the accounts migration).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE TABLE activity (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                opportunity_id TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT '',
                subject TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                starts_at TEXT NOT NULL DEFAULT '',
                ends_at TEXT NOT NULL DEFAULT '',
                checked_in_at TEXT NOT NULL DEFAULT '',
                checked_out_at TEXT NOT NULL DEFAULT '',
                contact_ids TEXT NOT NULL DEFAULT '',
                user_ids TEXT NOT NULL DEFAULT '',
                outcome TEXT NOT NULL DEFAULT '',
                next_step TEXT NOT NULL DEFAULT '',
                next_step_due TEXT NOT NULL DEFAULT '',
                next_step_done INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_activity_account ON activity (account_id, starts_at)",
            "CREATE INDEX idx_activity_opportunity ON activity (opportunity_id)",
            "CREATE INDEX idx_activity_starts ON activity (starts_at)",
            "CREATE INDEX idx_activity_next_step ON activity (next_step_due) WHERE next_step_done = 0",
            "CREATE TABLE feedback (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                product_id TEXT NOT NULL DEFAULT '',
                quote_id TEXT NOT NULL DEFAULT '',
                category TEXT NOT NULL DEFAULT '',
                severity TEXT NOT NULL DEFAULT '',
                satisfaction INTEGER NOT NULL DEFAULT 0,
                owner_user_id TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                resolution TEXT NOT NULL DEFAULT '',
                reported_at TEXT NOT NULL DEFAULT '',
                resolved_at TEXT NOT NULL DEFAULT '',
                confirmed_at TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_feedback_account ON feedback (account_id, reported_at)",
            "CREATE INDEX idx_feedback_status ON feedback (status)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
