//! The content library in the one search box: `content_block` rows noted for the search index like the
//! other searched tables (their titles, industry, tags and the text of their bodies), and the blocks already
//! here indexed. And the device's pattern for proposal PDF file names (`""`: the standard one).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let note = |row: &str| {
            format!("INSERT INTO search_dirty (entity, id) VALUES ('content_block', {row}.id);")
        };
        for sql in [
            format!(
                "CREATE TRIGGER search_content_block_insert AFTER INSERT ON content_block BEGIN {} END",
                note("NEW")
            ),
            format!(
                "CREATE TRIGGER search_content_block_update AFTER UPDATE OF \
                 title_en, title_zh, body_en, body_zh, tags, industry, deleted_at ON content_block BEGIN {} END",
                note("NEW")
            ),
            format!(
                "CREATE TRIGGER search_content_block_delete AFTER DELETE ON content_block BEGIN {} END",
                note("OLD")
            ),
            "INSERT INTO search_dirty (entity, id) SELECT 'content_block', id FROM content_block \
             WHERE deleted_at IS NULL"
                .to_string(),
            "ALTER TABLE device ADD COLUMN proposal_file_name TEXT NOT NULL DEFAULT ''".to_string(),
        ] {
            db.execute_unprepared(&sql).await?;
        }
        crate::search::index::refresh(db).await.map_err(|e| {
            DbErr::Migration(format!("indexing the content library for search: {e}"))
        })?;
        Ok(())
    }
}
