//! Helpers shared by the store's test files.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};
use sea_orm_migration::MigratorTrait;

/// A database in `dir` as an older release left it: the schema of the first `migrations` migrations, then
/// `statements` (rows, pragmas) run in order on one connection. Returns the database's URL.
pub async fn old_database(dir: &Path, migrations: u32, statements: &[&str]) -> String {
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.join(fieldquote_store::DB_FILE).display()
    );
    let old = Database::connect(url.as_str()).await.unwrap();
    fieldquote_store::migration::Migrator::up(&old, Some(migrations))
        .await
        .unwrap();
    for sql in statements {
        old.execute_unprepared(sql).await.unwrap();
    }
    old.close().await.unwrap();
    url
}

pub mod visit;
