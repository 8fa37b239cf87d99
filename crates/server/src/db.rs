//! Opening the database named by a URL, and bringing its schema up to date.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::ServerError;
use crate::migration::Migrator;

/// Default database: a SQLite file in the working directory, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./fieldquote-server.db";

/// Which database engine serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Name shown by `/api/v1/health`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The engine a database URL names, by its scheme.
    pub fn of_url(url: &str) -> Result<Backend, ServerError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(ServerError::UnsupportedDatabaseUrl(redact(url)))
        }
    }
}

/// A URL with its password (if any) hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// The server's database pool. Cheap to clone; the only state a server process keeps.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    backend: Backend,
}

impl Db {
    /// Connect to `url` (creating a SQLite file and its directory if missing, private to this user) and run
    /// the migrations.
    pub async fn open(url: &str) -> Result<Db, ServerError> {
        Self::open_with_pool(url, 10).await
    }

    /// Like [`Db::open`], with at most `max_connections` pooled connections.
    pub async fn open_with_pool(url: &str, max_connections: u32) -> Result<Db, ServerError> {
        let db = Self::connect(url, max_connections).await?;
        db.migrate().await?;
        Ok(db)
    }

    async fn connect(url: &str, max_connections: u32) -> Result<Db, ServerError> {
        let backend = Backend::of_url(url)?;
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .sqlx_logging(false);
        if backend == Backend::Sqlite {
            prepare_sqlite_file(url)?;
            opts.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .create_if_missing(true)
            });
        }
        let conn = Database::connect(opts).await?;
        Ok(Db { conn, backend })
    }

    /// Apply pending migrations, in one transaction (so on one connection: a pooled connection still reading
    /// an older snapshot would not see a table another one just dropped). On PostgreSQL it holds an advisory
    /// lock, on SQLite the write lock, so several server processes starting together migrate once, one after
    /// the other.
    pub async fn migrate(&self) -> Result<(), ServerError> {
        match self.backend {
            Backend::Sqlite => {
                let txn = self.begin_write().await?;
                Migrator::up(&txn, None).await?;
                txn.commit().await?;
            }
            Backend::Postgres => {
                let txn = self.conn.begin().await?;
                txn.execute_raw(Statement::from_string(
                    DbBackend::Postgres,
                    format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"),
                ))
                .await?;
                Migrator::up(&txn, None).await?;
                txn.commit().await?;
            }
        }
        Ok(())
    }

    /// Begin a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`, taking the write lock
    /// before the first read (a deferred one that reads first can fail with "database is locked"
    /// when it later writes); on PostgreSQL a plain `BEGIN` (READ COMMITTED): writers serialize on
    /// the rows they lock, see [`crate::sync`].
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, ServerError> {
        Ok(self
            .conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The sea-orm connection, for code in this crate and for tests that inspect stored rows.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Check that the database answers.
    pub async fn ping(&self) -> Result<(), ServerError> {
        Ok(self.conn.ping().await?)
    }

    /// Close the pool.
    pub async fn close(self) -> Result<(), ServerError> {
        Ok(self.conn.close().await?)
    }
}

/// Arbitrary constant naming the migration lock ("fqmigr" in ASCII).
const MIGRATION_LOCK_KEY: i64 = 0x6671_6d69_6772;

/// Make a SQLite database's file private before SQLite opens it: its directory, when missing, is created
/// readable by this user only (0700), and the file too (0600), or made so if it is readable by others.
/// SQLite gives the `-wal` and `-shm` files it creates the database file's mode; existing ones are made
/// private as well.
fn prepare_sqlite_file(url: &str) -> Result<(), ServerError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    let path = Path::new(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        private::create_dir(dir).map_err(|source| ServerError::DatabaseDir {
            path: path.display().to_string(),
            source,
        })?;
    }
    private::create_file(path).map_err(|source| ServerError::DatabaseFile {
        path: path.display().to_string(),
        source,
    })
}

/// Files and directories readable by their owner only (Unix modes; elsewhere the platform's defaults).
mod private {
    use std::path::Path;

    #[cfg(unix)]
    pub fn create_dir(dir: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }

    #[cfg(not(unix))]
    pub fn create_dir(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    /// Create `file` with mode 0600 if missing; else take away the group's and others' access to it and to
    /// its `-wal` and `-shm` files.
    #[cfg(unix)]
    pub fn create_file(file: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
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
    pub fn create_file(_file: &Path) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_by_scheme() {
        assert_eq!(Backend::of_url("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::of_url("mysql://u:secret@h/db").is_err());
    }

    #[test]
    fn passwords_are_hidden_in_messages() {
        assert_eq!(
            redact("postgres://fq:s3cret@db.example:5432/fq"),
            "postgres://fq:***@db.example:5432/fq"
        );
        assert_eq!(redact("postgres://fq@h/fq"), "postgres://fq@h/fq");
        assert_eq!(redact("sqlite://./a.db"), "sqlite://./a.db");
        let e = Backend::of_url("mysql://u:secret@h/db")
            .err()
            .map(|e| e.to_string());
        assert!(!e.unwrap_or_default().contains("secret"));
    }
}
