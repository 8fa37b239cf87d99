use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, EntityTrait, Set};
use sea_orm_migration::MigratorTrait;

use crate::StoreError;
use crate::entities::device;
use crate::migration::Migrator;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "fieldquote.db";

/// An open local database. Cheap to clone; share one per process.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: DatabaseConnection,
    path: PathBuf,
}

impl Store {
    /// Open (creating and migrating if needed) the database in `data_dir`. The database is private to this
    /// user: `data_dir`, when missing, is created with mode 0700, and the file with 0600 (see [`private`]).
    pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(DB_FILE);
        private::prepare(data_dir, &path).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        migrate(&path).await?;
        let db = Database::connect(connect_options(&path, 4, true)).await?;
        let store = Store { db, path };
        store.ensure_device().await?;
        Ok(store)
    }

    /// Path of the SQLite file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Close the pool, checkpointing the WAL.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }

    async fn ensure_device(&self) -> Result<(), StoreError> {
        if device::Entity::find_by_id(1).one(&self.db).await?.is_some() {
            return Ok(());
        }
        let device_id = uuid::Uuid::now_v7();
        // The node part of clock readings: short, and unique enough among one team's devices.
        let node = device_id.simple().to_string()[20..].to_string();
        let hlc = fieldquote_domain::hlc::Hlc {
            wall_ms: 0,
            counter: 0,
            node,
        };
        // Two processes may race to create the row: insert-or-ignore keeps the first.
        let row = device::ActiveModel {
            id: Set(1),
            device_id: Set(device_id.to_string()),
            quote_prefix: Set(None),
            hlc: Set(hlc.to_string()),
            owner_id: Set(uuid::Uuid::now_v7().to_string()),
            discount_limit: Set(fieldquote_domain::approval::DEFAULT_DISCOUNT_LIMIT.to_string()),
        };
        match device::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(device::Column::Id)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
        {
            Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// This device's id and quote-number prefix.
    pub async fn device(&self) -> Result<device::Model, StoreError> {
        device::Entity::find_by_id(1)
            .one(&self.db)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the device row is missing".into()))
    }

    /// The user this laptop works as: the signed-in account, or the laptop's own id before any sign-in.
    pub async fn my_user_id(&self) -> Result<uuid::Uuid, StoreError> {
        crate::query::parse_id(&self.device().await?.owner_id)
    }

    /// SQLite settings in force on a pooled connection: `(journal_mode, foreign_keys)`.
    pub async fn sqlite_settings(&self) -> Result<(String, bool), StoreError> {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        let one = |sql: &str| Statement::from_string(DbBackend::Sqlite, sql.to_string());
        let journal = self.db.query_one_raw(one("PRAGMA journal_mode")).await?;
        let fks = self.db.query_one_raw(one("PRAGMA foreign_keys")).await?;
        let journal: String = journal
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or_default();
        let fks: i64 = fks
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or_default();
        Ok((journal, fks == 1))
    }

    /// Number of local changes not yet pushed.
    pub async fn pending_changes(&self) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(crate::entities::outbox::Entity::find()
            .count(&self.db)
            .await?)
    }
}

fn connect_options(path: &Path, connections: u32, foreign_keys: bool) -> ConnectOptions {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(connections)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(foreign_keys)
                .busy_timeout(Duration::from_secs(10))
                .create_if_missing(true)
        });
    opts
}

/// Bring the schema up to date on one connection of its own, with foreign keys off: SQLite's way to rebuild a
/// table that others refer to (a migration that does so says it). Every reference is checked afterwards; a
/// broken one fails the open rather than going unnoticed.
async fn migrate(path: &Path) -> Result<(), StoreError> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = Database::connect(connect_options(path, 1, false)).await?;
    let pending = Migrator::get_pending_migrations(&db).await?;
    if !pending.is_empty() {
        Migrator::up(&db, None).await?;
        let broken = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA foreign_key_check",
            ))
            .await?;
        if !broken.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "{} rows point to records that do not exist after updating the database schema",
                broken.len()
            )));
        }
    }
    db.close().await?;
    Ok(())
}

/// The database file private to its user (Unix modes; elsewhere the platform's defaults).
mod private {
    use std::path::Path;

    /// Create `dir` (0700) if missing, and `file` in it (0600) if missing; an existing file and its `-wal`
    /// and `-shm` files lose the group's and others' access. SQLite gives the `-wal` and `-shm` files it
    /// creates the database file's mode.
    #[cfg(unix)]
    pub fn prepare(dir: &Path, file: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        if !file.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(file)?;
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.as_os_str().to_owned();
            name.push(suffix);
            let Ok(meta) = std::fs::metadata(&name) else {
                continue;
            };
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                std::fs::set_permissions(&name, std::fs::Permissions::from_mode(mode & 0o700))?;
            }
        }
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn prepare(dir: &Path, _file: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)
    }
}

/// Environment variable that overrides the data directory (tests, the demo, several profiles).
pub const DATA_DIR_ENV: &str = "FIELDQUOTE_DATA_DIR";

/// The per-user data directory shared by the desktop app and `fq`: `$FIELDQUOTE_DATA_DIR`, else the
/// platform's data directory (`~/.local/share/com.fieldquote.desktop` on Linux, `%APPDATA%\…` on Windows).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("com.fieldquote.desktop")
}
