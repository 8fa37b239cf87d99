//! Test harness: the real server router, in process on 127.0.0.1:0, over a database that outlives restarts
//! of the server: a SQLite file in a temp dir, or (with [`ServerDb::fresh`]) a database of its own on the
//! PostgreSQL named by `FIELDQUOTE_TEST_POSTGRES_URL`. Also used by `crates/cli/tests/` (by path).
#![allow(dead_code, clippy::unwrap_used)]

use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::catalog::Catalog;
use fieldquote_server::config::HashCost;
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::{Db, ServerConfig, http};

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery staple";
pub const CSV_HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n";

/// Names the PostgreSQL server (an admin URL) for the PostgreSQL variants of tests.
pub const POSTGRES_ENV: &str = "FIELDQUOTE_TEST_POSTGRES_URL";
/// Set (to anything but empty or `0`) where a missing PostgreSQL must fail the tests: `scripts/test` sets it.
pub const REQUIRE_POSTGRES_ENV: &str = "FIELDQUOTE_REQUIRE_POSTGRES";

/// The admin URL of the test PostgreSQL; `None` (after a loud notice on stderr) when it is not configured
/// and not required. Panics when it is required ([`REQUIRE_POSTGRES_ENV`] or `CI`) but missing.
pub fn postgres_admin_url() -> Option<String> {
    if let Ok(url) = std::env::var(POSTGRES_ENV)
        && !url.trim().is_empty()
    {
        return Some(url);
    }
    let required = std::env::var(REQUIRE_POSTGRES_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
        || std::env::var_os("CI").is_some();
    assert!(
        !required,
        "{POSTGRES_ENV} is not set, but the PostgreSQL tests are required here ({REQUIRE_POSTGRES_ENV} or CI \
         is set): start one with `eval \"$(scripts/postgres-test-cluster start)\"`, or run scripts/test"
    );
    eprintln!(
        "\n*** SKIPPED on PostgreSQL: {POSTGRES_ENV} is not set, so this test did not run on PostgreSQL. ***\n\
         *** Start one with `eval \"$(scripts/postgres-test-cluster start)\"`, or run scripts/test.         ***\n"
    );
    None
}

/// The server's database engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server's database, deleted with this value.
pub struct ServerDb {
    pub url: String,
    _guard: Guard,
}

enum Guard {
    Sqlite(tempfile::TempDir),
    Postgres(PgDatabase),
}

impl ServerDb {
    /// A SQLite file in a temp dir.
    pub fn new() -> ServerDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("server.db").display());
        ServerDb {
            url,
            _guard: Guard::Sqlite(dir),
        }
    }

    /// A fresh database on `backend`; `None` (the test says loudly that it is skipped) when PostgreSQL is
    /// not configured and not required ([`postgres_admin_url`], as in the server's harness).
    pub async fn fresh(backend: Backend) -> Option<ServerDb> {
        match backend {
            Backend::Sqlite => Some(ServerDb::new()),
            Backend::Postgres => {
                let admin_url = postgres_admin_url()?;
                let pg = PgDatabase::create(&admin_url).await;
                Some(ServerDb {
                    url: pg.url.clone(),
                    _guard: Guard::Postgres(pg),
                })
            }
        }
    }
}

/// `CREATE DATABASE fq_test_<random>` on the admin URL's server; dropped (`WITH (FORCE)`) on drop.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create(admin_url: &str) -> PgDatabase {
        use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
        let name = format!("fq_test_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
        admin
            .execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .unwrap();
        admin.close().await.unwrap();
        let mut url = url::Url::parse(admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        PgDatabase {
            admin_url: admin_url.to_string(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
        // Drop may run inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_raw(Statement::from_string(
                        DbBackend::Postgres,
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ))
                    .await?;
                admin.close().await
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

/// A running server; [`Server::stop`] (or drop) shuts it down.
pub struct Server {
    pub base: String,
    pub accounts: Accounts,
    pub db: Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// Serve `db` (migrating it first) with cheap password hashes.
    pub async fn start(db: &ServerDb) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Server::serve(db, listener).await
    }

    async fn serve(db: &ServerDb, listener: tokio::net::TcpListener) -> Server {
        let pool = Db::open(&db.url).await.unwrap();
        let config = ServerConfig {
            hash_cost: HashCost {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
            ..ServerConfig::default()
        };
        let accounts = Accounts::new(pool.clone(), config);
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = http::router(accounts.clone());
        let task = tokio::spawn(async move {
            http::serve(listener, app, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Server {
            base: format!("http://{addr}"),
            accounts,
            db: pool,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    /// Stop, then serve the same database on the same address again.
    pub async fn restart(&mut self, db: &ServerDb) {
        self.stop().await;
        let addr = self.base.trim_start_matches("http://").to_string();
        let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
        let mut again = Server::serve(db, listener).await;
        std::mem::swap(self, &mut again);
    }

    /// Stop listening and wait until the server has closed every connection.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }

    pub async fn add_team(&self, name: &str) {
        self.accounts.add_team(name).await.unwrap();
    }

    /// A user with [`PASSWORD`]; returns the id.
    pub async fn add_user(&self, email: &str, role: Role, team: Option<&str>) -> String {
        self.accounts
            .add_user(NewUser {
                email: email.into(),
                name: format!("User {email}"),
                role,
                team: team.map(str::to_string),
                password: PASSWORD.into(),
            })
            .await
            .unwrap()
            .id
    }

    /// Import catalog rows (`sku,name,description,unit,unit_price,currency,tax_rate`, no header).
    pub async fn import(&self, rows: &str) {
        let csv = format!("{CSV_HEADER}{rows}");
        Catalog::new(self.db.clone())
            .import_products(csv.as_bytes())
            .await
            .unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// An address nothing listens on.
pub fn unused_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}")
}
