//! Test harness: a fresh database per test (a temp SQLite file, or a database of its own on the
//! PostgreSQL named by `FIELDQUOTE_TEST_POSTGRES_URL`), and the real router served on 127.0.0.1:0.
//!
//! Write a test once as `async fn name(backend: Backend)` and list it in `on_both_backends!`.
//! Without `FIELDQUOTE_TEST_POSTGRES_URL` the PostgreSQL variants say they are skipped and pass,
//! except under `CI`, where they fail.
#![allow(dead_code)]

use std::time::Duration;

use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::config::HashCost;
use fieldquote_server::entities::app_user::{self, Role};
use fieldquote_server::{Db, ServerConfig, http};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

pub const POSTGRES_ENV: &str = "FIELDQUOTE_TEST_POSTGRES_URL";
/// A password long enough for the rules.
pub const PASSWORD: &str = "correct horse battery staple";

/// Generate, for each `async fn name(Backend)`, a module `name` with `sqlite` and `postgres` tests.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        )*
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test and is deleted when this is dropped.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    guard: Guard,
}

enum Guard {
    Sqlite(tempfile::TempDir),
    Postgres(PgDatabase),
}

impl TestDb {
    /// A fresh, empty database; `None` when PostgreSQL is not configured (the test is skipped).
    pub async fn fresh(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("server.db").display());
                Some(TestDb {
                    url,
                    backend,
                    guard: Guard::Sqlite(dir),
                })
            }
            Backend::Postgres => {
                let admin_url = match std::env::var(POSTGRES_ENV) {
                    Ok(u) if !u.trim().is_empty() => u,
                    _ => {
                        if std::env::var_os("CI").is_some() {
                            panic!(
                                "{POSTGRES_ENV} is not set, and CI requires the PostgreSQL tests: \
                                 start one with `eval \"$(scripts/postgres-test-cluster start)\"`"
                            );
                        }
                        eprintln!("skipped: {POSTGRES_ENV} not set");
                        return None;
                    }
                };
                let pg = PgDatabase::create(&admin_url).await;
                Some(TestDb {
                    url: pg.url.clone(),
                    backend,
                    guard: Guard::Postgres(pg),
                })
            }
        }
    }

    /// The SQLite file (for scanning its bytes), if this is SQLite.
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        match &self.guard {
            Guard::Sqlite(dir) => Some(dir.path()),
            Guard::Postgres(_) => None,
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
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let mut url = url::Url::parse(admin_url).expect("postgres URL");
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
        // Drop may run inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
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

/// Settings for tests: cheap password hashes (debug builds are slow), otherwise production rules.
pub fn test_config() -> ServerConfig {
    ServerConfig {
        hash_cost: HashCost {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
        ..ServerConfig::default()
    }
}

/// The real router serving a fresh database on 127.0.0.1:0, stopped when dropped.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub accounts: Accounts,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    // Last: the database goes after the server.
    pub db: TestDb,
}

impl TestServer {
    /// Start with [`test_config`]; `None` when the backend is not available (skipped).
    pub async fn start(backend: Backend) -> Option<TestServer> {
        Self::start_with(backend, test_config()).await
    }

    pub async fn start_with(backend: Backend, config: ServerConfig) -> Option<TestServer> {
        let db = TestDb::fresh(backend).await?;
        Some(Self::serve(db, config).await)
    }

    /// Serve an existing test database (e.g. one the CLI has filled).
    pub async fn serve(db: TestDb, config: ServerConfig) -> TestServer {
        let pool = Db::open_with_pool(&db.url, 5).await.expect("open database");
        let accounts = Accounts::new(pool, config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = http::router(accounts.clone());
        tokio::spawn(async move {
            http::serve(listener, app, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        TestServer {
            base: format!("http://{addr}"),
            client: client(),
            accounts,
            shutdown: Some(tx),
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn add_team(&self, name: &str) -> String {
        self.accounts.add_team(name).await.expect("add team").id
    }

    pub async fn add_user(&self, email: &str, role: Role, team: Option<&str>) -> app_user::Model {
        self.accounts
            .add_user(NewUser {
                email: email.into(),
                name: format!("User {email}"),
                role,
                team: team.map(str::to_string),
                password: PASSWORD.into(),
            })
            .await
            .expect("add user")
    }

    /// `POST /api/v1/auth/login` with protocol 1.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({
                "email": email,
                "password": password,
                "device_id": "test-device",
                "protocol_version": 1,
            }))
            .send()
            .await
            .expect("login request")
    }

    /// Log in and return the token (panics unless 200).
    pub async fn token(&self, email: &str) -> String {
        let res = self.login(email, PASSWORD).await;
        assert_eq!(res.status(), 200, "login of {email}");
        let body: serde_json::Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn me(&self, token: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .expect("me request")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A client that never goes through a proxy (tests talk to loopback only).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

/// The `{code, message}` of an error response, after checking its status.
pub async fn error_body(res: reqwest::Response, status: u16) -> (String, String) {
    assert_eq!(res.status().as_u16(), status, "status");
    let body: serde_json::Value = res.json().await.expect("error body is JSON");
    (
        body["code"].as_str().expect("code").to_string(),
        body["message"].as_str().expect("message").to_string(),
    )
}
