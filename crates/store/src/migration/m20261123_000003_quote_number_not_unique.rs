//! Quote numbers are unique per device, not per database: a manager's laptop pulls the quotes of reps whose
//! laptops numbered quotes before they were registered with the server (`Q-2026-0001` on each), so the
//! `UNIQUE` on `quote.number` goes. The device's own numbers stay unique through `quote_sequence`.
//!
//! SQLite cannot drop a column constraint, so the table is rebuilt (the documented 12-step way); the store
//! runs migrations on a connection with foreign keys off for this reason, and checks them afterwards.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            r#"CREATE TABLE "quote_new" (
                "id" varchar NOT NULL PRIMARY KEY,
                "number" varchar NOT NULL,
                "customer_id" varchar NOT NULL,
                "status" varchar NOT NULL,
                "currency" varchar NOT NULL,
                "issue_date" varchar NOT NULL,
                "valid_until" varchar NOT NULL,
                "notes" text NOT NULL,
                "subtotal_minor" integer NOT NULL,
                "tax_minor" integer NOT NULL,
                "total_minor" integer NOT NULL,
                "updated_at" varchar NOT NULL,
                "deleted_at" varchar NULL,
                "owner_id" varchar NOT NULL,
                FOREIGN KEY ("customer_id") REFERENCES "customer" ("id")
            )"#,
            "INSERT INTO quote_new (id, number, customer_id, status, currency, issue_date, valid_until, notes, \
             subtotal_minor, tax_minor, total_minor, updated_at, deleted_at, owner_id) \
             SELECT id, number, customer_id, status, currency, issue_date, valid_until, notes, \
             subtotal_minor, tax_minor, total_minor, updated_at, deleted_at, owner_id FROM quote",
            "DROP TABLE quote",
            "ALTER TABLE quote_new RENAME TO quote",
            r#"CREATE INDEX "idx_quote_customer" ON "quote" ("customer_id")"#,
            r#"CREATE INDEX "idx_quote_number" ON "quote" ("number")"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
