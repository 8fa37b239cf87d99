//! The search index (see `crate::search`): the document table, the trigram and word full-text tables, the
//! queue of records to reindex and the triggers that fill it; then every existing record is indexed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The searched tables, their kind, and the columns whose change changes their entry.
const WATCHED: &[(&str, &str)] = &[
    (
        "customer",
        "name, industry, region, tags, notes, tax_id, contact_person, phone, email, address, invoice_title, deleted_at",
    ),
    (
        "contact",
        "account_id, name, title, phone, email, wechat, notes, deleted_at",
    ),
    (
        "opportunity",
        "account_id, name, competitor, notes, deleted_at",
    ),
    ("quote", "customer_id, number, deleted_at"),
    ("product", "sku, name, name_zh, category, deleted_at"),
    (
        "activity",
        "account_id, subject, notes, outcome, next_step, deleted_at",
    ),
    (
        "feedback",
        "account_id, description, resolution, deleted_at",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let mut sql: Vec<String> = [
            "CREATE TABLE search_dirty (
                entity TEXT NOT NULL,
                id TEXT NOT NULL,
                PRIMARY KEY (entity, id)
            ) WITHOUT ROWID",
            "CREATE TABLE search_doc (
                doc INTEGER PRIMARY KEY,
                entity TEXT NOT NULL,
                id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                title_key TEXT NOT NULL
            )",
            "CREATE UNIQUE INDEX idx_search_doc_record ON search_doc (entity, id)",
            "CREATE INDEX idx_search_doc_title_key ON search_doc (title_key)",
            "CREATE VIRTUAL TABLE search_trigram USING fts5(
                title, body, pinyin,
                content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
            )",
            "CREATE VIRTUAL TABLE search_words USING fts5(
                title_terms, body_terms, pinyin_terms,
                content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 2'
            )",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for (table, columns) in WATCHED {
            let note = |row: &str| {
                format!(
                    "INSERT OR IGNORE INTO search_dirty (entity, id) VALUES ('{table}', {row}.id);"
                )
            };
            // A renamed account renames the client on its quotes' entries.
            let quotes = if *table == "customer" {
                "INSERT OR IGNORE INTO search_dirty (entity, id) \
                 SELECT 'quote', q.id FROM quote q WHERE q.customer_id = NEW.id AND OLD.name IS NOT NEW.name;"
            } else {
                ""
            };
            sql.push(format!(
                "CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {} END",
                note("NEW")
            ));
            sql.push(format!(
                "CREATE TRIGGER search_{table}_update AFTER UPDATE OF {columns} ON {table} BEGIN {} {quotes} END",
                note("NEW")
            ));
            sql.push(format!(
                "CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {} END",
                note("OLD")
            ));
            sql.push(format!(
                "INSERT INTO search_dirty (entity, id) SELECT '{table}', id FROM {table} WHERE deleted_at IS NULL"
            ));
        }
        for s in sql {
            db.execute_unprepared(&s).await?;
        }
        crate::search::index::refresh(db)
            .await
            .map_err(|e| DbErr::Migration(format!("indexing existing records for search: {e}")))?;
        Ok(())
    }
}
