//! The company logo printed on quote PDFs, and the default language of a PDF's labels.
//!
//! Both are settings of this device: the logo is kept as the file's bytes (a PNG or JPEG the PDF crate has
//! checked), one row at most; the language is `''` (follow the app's language), `en`, `zh` or `bilingual`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE TABLE company_logo (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                bytes BLOB NOT NULL,
                updated_at TEXT NOT NULL
            )",
            "ALTER TABLE device ADD COLUMN pdf_lang TEXT NOT NULL DEFAULT ''",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
