//! Approvals over sync: the company's discount limit per role (pulled with the company profile), who asked for
//! a quote's approval and when (and which request an approval was for), and the signed-in account's name and role (which decide the limit).
//!
//! Every column is added with an empty default: no limits from the server (the device keeps its own
//! setting), no request recorded, no role known until the next sign-in. One `ALTER TABLE` per column.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE company_profile ADD COLUMN rep_discount_limit TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE company_profile ADD COLUMN manager_discount_limit TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approval_requested_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approval_requested_at TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote ADD COLUMN approved_request TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE sync_state ADD COLUMN user_name TEXT",
            "ALTER TABLE sync_state ADD COLUMN user_role TEXT",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
