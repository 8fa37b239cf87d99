//! The content library's blocks (`content_block`, synced): company blocks pulled from the server and this
//! user's personal blocks. Their images are content-addressed files in the data directory's `blobs/`, not
//! in the database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE TABLE content_block (
                id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL DEFAULT '',
                scope TEXT NOT NULL DEFAULT '',
                title_en TEXT NOT NULL DEFAULT '',
                title_zh TEXT NOT NULL DEFAULT '',
                body_en TEXT NOT NULL DEFAULT '',
                body_zh TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                industry TEXT NOT NULL DEFAULT '',
                product_ids TEXT NOT NULL DEFAULT '',
                bundle_ids TEXT NOT NULL DEFAULT '',
                image_blobs TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                deleted_at TEXT,
                owner_id TEXT NOT NULL
            )",
            "CREATE INDEX idx_content_block_kind ON content_block (kind, scope)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
