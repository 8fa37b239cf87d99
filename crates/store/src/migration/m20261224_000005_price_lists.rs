//! Price lists: lists with their entries (quantity tiers), the customer's list, what a quote line was priced
//! with, and exchange rates set on this device.
//!
//! `price_list` and `price_list_entry` are synced rows like `product` (server-owned once the device is
//! connected). No foreign keys: a pulled entry may arrive before its list, and sync writes it only once the
//! list is here. Every new column has a default that keeps the meaning of rows saved before: customers
//! without a list, lines priced from the product's base price in the quote's currency, tax-exclusive.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE TABLE price_list (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                currency TEXT NOT NULL,
                tax_inclusive INTEGER NOT NULL DEFAULT 0,
                valid_from TEXT NOT NULL,
                valid_until TEXT NOT NULL DEFAULT '',
                is_default INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_price_list_name ON price_list (name)",
            "CREATE TABLE price_list_entry (
                id TEXT PRIMARY KEY NOT NULL,
                price_list_id TEXT NOT NULL,
                product_id TEXT NOT NULL,
                min_qty TEXT NOT NULL,
                unit_price_minor INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_price_list_entry_list ON price_list_entry (price_list_id, product_id)",
            "CREATE TABLE exchange_rate (
                from_currency TEXT NOT NULL,
                to_currency TEXT NOT NULL,
                rate TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (from_currency, to_currency)
            )",
            "ALTER TABLE customer ADD COLUMN price_list_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote_line ADD COLUMN price_list_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote_line ADD COLUMN price_list_version INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN tax_inclusive INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN source_currency TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE quote_line ADD COLUMN source_unit_price_minor INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE quote_line ADD COLUMN exchange_rate TEXT NOT NULL DEFAULT ''",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
