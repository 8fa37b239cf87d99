//! Opportunities with their members, stage history, parallel workstreams (and their checklists), needs and
//! SWOT, requirements, and the client's buying process; quotes gain their opportunity and who sent,
//! accepted or rejected them and when (device time). One `ALTER TABLE` per column (SQLite); references by id
//! without foreign keys (see the accounts migration).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for column in [
            "opportunity_id",
            "sent_at",
            "sent_by",
            "accepted_at",
            "accepted_by",
            "rejected_at",
            "rejected_by",
        ] {
            db.execute_unprepared(&format!(
                "ALTER TABLE quote ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            ))
            .await?;
        }
        for sql in [
            "CREATE INDEX idx_quote_opportunity ON quote (opportunity_id)",
            "CREATE TABLE opportunity (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '',
                expected_value_minor INTEGER NOT NULL DEFAULT 0,
                currency TEXT NOT NULL DEFAULT '',
                expected_close TEXT NOT NULL DEFAULT '',
                probability INTEGER NOT NULL DEFAULT 0,
                stage TEXT NOT NULL DEFAULT '',
                lost_reason TEXT NOT NULL DEFAULT '',
                competitor TEXT NOT NULL DEFAULT '',
                won_quote_id TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                sort_key TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_opportunity_account ON opportunity (account_id)",
            "CREATE INDEX idx_opportunity_sort_key ON opportunity (sort_key, name)",
            "CREATE INDEX idx_opportunity_stage ON opportunity (stage)",
            "CREATE INDEX idx_opportunity_close ON opportunity (expected_close)",
            "CREATE TABLE opportunity_member (
                id TEXT PRIMARY KEY NOT NULL,
                opportunity_id TEXT NOT NULL DEFAULT '',
                user_id TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_opportunity_member_opportunity ON opportunity_member (opportunity_id)",
            "CREATE TABLE stage_change (
                id TEXT PRIMARY KEY NOT NULL,
                opportunity_id TEXT NOT NULL DEFAULT '',
                from_stage TEXT NOT NULL DEFAULT '',
                to_stage TEXT NOT NULL DEFAULT '',
                by_user_id TEXT NOT NULL DEFAULT '',
                at TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_stage_change_opportunity ON stage_change (opportunity_id, at)",
            "CREATE TABLE workstream (
                id TEXT PRIMARY KEY NOT NULL,
                opportunity_id TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT '',
                owner_user_id TEXT NOT NULL DEFAULT '',
                due_date TEXT NOT NULL DEFAULT '',
                blocker TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_workstream_opportunity ON workstream (opportunity_id)",
            "CREATE TABLE workstream_item (
                id TEXT PRIMARY KEY NOT NULL,
                workstream_id TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                due_date TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_workstream_item_workstream ON workstream_item (workstream_id, position)",
            "CREATE TABLE needs (
                id TEXT PRIMARY KEY NOT NULL,
                opportunity_id TEXT NOT NULL DEFAULT '',
                background TEXT NOT NULL DEFAULT '',
                pains TEXT NOT NULL DEFAULT '',
                goals TEXT NOT NULL DEFAULT '',
                budget TEXT NOT NULL DEFAULT '',
                timeline TEXT NOT NULL DEFAULT '',
                decision_criteria TEXT NOT NULL DEFAULT '',
                competitors TEXT NOT NULL DEFAULT '',
                swot_strengths TEXT NOT NULL DEFAULT '',
                swot_weaknesses TEXT NOT NULL DEFAULT '',
                swot_opportunities TEXT NOT NULL DEFAULT '',
                swot_threats TEXT NOT NULL DEFAULT '',
                template TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE TABLE requirement (
                id TEXT PRIMARY KEY NOT NULL,
                opportunity_id TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL DEFAULT '',
                priority TEXT NOT NULL DEFAULT '',
                fit TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_requirement_opportunity ON requirement (opportunity_id, position)",
            "CREATE TABLE buying_step (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                opportunity_id TEXT NOT NULL DEFAULT '',
                step TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL DEFAULT 0,
                approver_contact_id TEXT NOT NULL DEFAULT '',
                expected_date TEXT NOT NULL DEFAULT '',
                done_date TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_buying_step_account ON buying_step (account_id, opportunity_id, position)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
