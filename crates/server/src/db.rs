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
    /// Connect to `url` (creating a SQLite file and its directory if missing) and run the migrations.
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
            ensure_sqlite_dir(url)?;
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

    /// Apply pending migrations. On PostgreSQL they run in one transaction holding an advisory lock,
    /// so several server processes starting together migrate once, one after the other.
    pub async fn migrate(&self) -> Result<(), ServerError> {
        match self.backend {
            Backend::Sqlite => Migrator::up(&self.conn, None).await?,
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

fn ensure_sqlite_dir(url: &str) -> Result<(), ServerError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| ServerError::DatabaseDir {
                path: path.to_string(),
                source,
            })
        }
        _ => Ok(()),
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
