//! What a standalone laptop's Settings hold beyond the PDF settings: the company's bank details (synced with
//! the company profile, server-owned once connected), the manager PIN that guards approvals on a laptop
//! without a server (a salted argon2id hash, never the PIN, with the count of wrong PINs in a row and the
//! lock they caused), and this laptop's "my contact details" printed on quotes. The last two are settings of
//! this device, not synced.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // One change per ALTER: SQLite takes no more.
        for sql in [
            "ALTER TABLE company_profile ADD COLUMN bank_name TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE company_profile ADD COLUMN bank_account_name TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE company_profile ADD COLUMN bank_account_number TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE company_profile ADD COLUMN bank_branch TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE company_profile ADD COLUMN bank_swift TEXT NOT NULL DEFAULT ''",
            "CREATE TABLE manager_pin (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                hash TEXT NOT NULL,
                failures INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL
            )",
            "CREATE TABLE my_contact (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL
            )",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
