//! Customers become accounts: classification, tags and notes, the invoicing details of a Chinese VAT invoice
//! (开票信息), and a pinyin sort key; their contacts, their shares with colleagues of other teams, and the
//! company directory the server sends (colleagues).
//!
//! Nothing is lost: every customer keeps its columns and values; the new columns start empty (a lifecycle
//! left empty reads as `prospect`). `sort_key` is not synced: it is derived from the name on every write and
//! filled here for the customers already stored. One `ALTER TABLE` per column (SQLite).
//!
//! The new tables name their parents by id without SQLite foreign keys: the store's writes check a parent
//! exists, and a pulled record waits for its parent (the pull planner's parents); records the server
//! withdraws can then be removed in any order.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for column in [
            "industry",
            "size_class",
            "region",
            "source",
            "lifecycle",
            "value_class",
            "tags",
            "notes",
            "invoice_title",
            "invoice_bank",
            "invoice_account",
            "invoice_address",
            "invoice_phone",
            "invoice_type",
            "sort_key",
        ] {
            db.execute_unprepared(&format!(
                "ALTER TABLE customer ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            ))
            .await?;
        }
        for sql in [
            "CREATE INDEX idx_customer_sort_key ON customer (sort_key, name)",
            "CREATE INDEX idx_customer_owner ON customer (owner_id)",
            "CREATE TABLE contact (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                wechat TEXT NOT NULL DEFAULT '',
                buying_role TEXT NOT NULL DEFAULT '',
                stance TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                sort_key TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_contact_account ON contact (account_id, sort_key)",
            "CREATE INDEX idx_contact_sort_key ON contact (sort_key, name)",
            "CREATE TABLE account_share (
                id TEXT PRIMARY KEY NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                user_id TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_account_share_account ON account_share (account_id)",
            "CREATE TABLE colleague (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                team_id TEXT NOT NULL DEFAULT '',
                team_name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT '',
                active INTEGER NOT NULL DEFAULT 1,
                sort_key TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
        ] {
            db.execute_unprepared(sql).await?;
        }
        // The sort keys of the customers already stored.
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT id, name FROM customer",
            ))
            .await?;
        for row in rows {
            let id: String = row.try_get_by_index(0)?;
            let name: String = row.try_get_by_index(1)?;
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "UPDATE customer SET sort_key = ? WHERE id = ?",
                [
                    fieldquote_domain::sort_key::sort_key(&name).into(),
                    id.into(),
                ],
            ))
            .await?;
        }
        Ok(())
    }
}
