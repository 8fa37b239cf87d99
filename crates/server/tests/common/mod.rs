//! Test harness: a fresh database per test (a temp SQLite file, or a database of its own on the
//! PostgreSQL named by `FIELDQUOTE_TEST_POSTGRES_URL`), and the real router served on 127.0.0.1:0.
//!
//! Write a test once as `async fn name(backend: Backend)` and list it in `on_both_backends!`.
//! Without `FIELDQUOTE_TEST_POSTGRES_URL` the PostgreSQL variants fail when `FIELDQUOTE_REQUIRE_POSTGRES`
//! is set (`scripts/test` sets it) or under `CI`; run by hand without either, they print a loud notice that
//! they were skipped, and pass.
#![allow(dead_code)]

use std::time::Duration;

use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::config::HashCost;
use fieldquote_server::entities::app_user::{self, Role};
use fieldquote_server::{Db, ServerConfig, http};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

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
                let admin_url = postgres_admin_url()?;
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

    /// `POST /api/v1/auth/login` with this build's protocol.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.login_from("test-device", email, password).await
    }

    /// `POST /api/v1/auth/login` with this build's protocol from the device `device_id`.
    pub async fn login_from(
        &self,
        device_id: &str,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({
                "email": email,
                "password": password,
                "device_id": device_id,
                "protocol_version": 3,
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

    /// A sync client signed in as `email`.
    pub async fn api(&self, email: &str) -> Api {
        Api::login(&self.base, email).await
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

// ---- Sync helpers -------------------------------------------------------------------------------

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{
    Change, ChangeOutcome, EntityKind, PullResponse, PulledRecord, PushRequest, PushResponse,
    RejectCode,
};

/// The server binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_fieldquote-server");

/// A signed-in client of one server (base URL), talking JSON like a device would.
#[derive(Clone, Debug)]
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub token: String,
    pub device_id: uuid::Uuid,
}

impl Api {
    /// Log in at `base` as `email` (with [`PASSWORD`]).
    pub async fn login(base: &str, email: &str) -> Api {
        let client = client();
        let res = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({
                "email": email, "password": PASSWORD, "device_id": "test-device", "protocol_version": 3,
            }))
            .send()
            .await
            .expect("login request");
        assert_eq!(res.status(), 200, "login of {email}");
        let body: serde_json::Value = res.json().await.expect("json");
        Api {
            base: base.to_string(),
            client,
            token: body["token"].as_str().expect("token").to_string(),
            device_id: uuid::Uuid::now_v7(),
        }
    }

    /// The same user on another server.
    pub fn at(&self, base: &str) -> Api {
        Api {
            base: base.to_string(),
            ..self.clone()
        }
    }

    pub async fn push_raw(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/sync/push", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("push request")
    }

    /// Push and expect 200 with one result per change.
    pub async fn push(&self, changes: &[Change]) -> PushResponse {
        let body = serde_json::to_value(PushRequest {
            device_id: self.device_id,
            changes: changes.to_vec(),
        })
        .expect("request JSON");
        let res = self.push_raw(&body).await;
        let status = res.status();
        let text = res.text().await.expect("body");
        assert_eq!(status, 200, "push: {text}");
        let out: PushResponse = serde_json::from_str(&text).expect("PushResponse");
        assert_eq!(out.results.len(), changes.len());
        for (r, c) in out.results.iter().zip(changes) {
            assert_eq!(r.change_id, c.change_id, "results are in order");
        }
        out
    }

    /// Push and expect every change accepted.
    pub async fn push_accepted(&self, changes: &[Change]) {
        let out = self.push(changes).await;
        for r in &out.results {
            assert_eq!(r.outcome, ChangeOutcome::Accepted, "{r:?}");
        }
    }

    pub async fn pull_raw(&self, query: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/api/v1/sync/pull{query}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("pull request")
    }

    pub async fn pull(&self, cursor: i64, limit: i64) -> PullResponse {
        let res = self
            .pull_raw(&format!("?cursor={cursor}&limit={limit}"))
            .await;
        let status = res.status();
        let text = res.text().await.expect("body");
        assert_eq!(status, 200, "pull: {text}");
        serde_json::from_str(&text).expect("PullResponse")
    }

    /// Pull from `cursor` until caught up, `limit` per page; checks seq order and the cursors.
    pub async fn pull_from(&self, mut cursor: i64, limit: i64) -> (Vec<PulledRecord>, i64) {
        let mut all: Vec<PulledRecord> = Vec::new();
        loop {
            let page = self.pull(cursor, limit).await;
            assert!(page.records.len() as i64 <= limit);
            for r in &page.records {
                assert!(r.seq > cursor, "seq {} after cursor {cursor}", r.seq);
                cursor = r.seq;
            }
            assert_eq!(page.cursor, cursor);
            all.extend(page.records);
            if !page.has_more {
                return (all, cursor);
            }
        }
    }

    /// Everything visible, from the start.
    pub async fn pull_all(&self) -> Vec<PulledRecord> {
        self.pull_from(0, 5000).await.0
    }
}

/// A device's clock, making changes as its outbox would.
#[derive(Clone, Debug)]
pub struct Device {
    pub node: String,
    clock: Option<Hlc>,
}

impl Device {
    pub fn new(node: &str) -> Device {
        Device {
            node: node.to_string(),
            clock: None,
        }
    }

    /// The next clock reading (strictly after the previous one).
    pub fn tick(&mut self) -> String {
        let now = chrono::Utc::now().timestamp_millis();
        let next = Hlc::tick(self.clock.as_ref(), now, &self.node);
        self.clock = Some(next.clone());
        next.to_string()
    }

    /// A change of `fields` (a JSON object) to `entity`/`id`.
    pub fn change(
        &mut self,
        entity: EntityKind,
        id: uuid::Uuid,
        fields: serde_json::Value,
    ) -> Change {
        let hlc = self.tick();
        change_at(entity, id, &hlc, fields, false)
    }

    pub fn delete(&mut self, entity: EntityKind, id: uuid::Uuid) -> Change {
        let hlc = self.tick();
        change_at(entity, id, &hlc, serde_json::json!({}), true)
    }
}

/// A change with an explicit clock reading.
pub fn change_at(
    entity: EntityKind,
    id: uuid::Uuid,
    hlc: &str,
    fields: serde_json::Value,
    deleted: bool,
) -> Change {
    let fields = match fields {
        serde_json::Value::Object(map) => map.into_iter().collect(),
        other => panic!("fields must be an object, not {other}"),
    };
    Change {
        change_id: uuid::Uuid::now_v7(),
        entity,
        entity_id: id,
        hlc: hlc.to_string(),
        fields,
        deleted,
        base: Default::default(),
    }
}

/// The rejection code of a result, `None` when accepted.
pub fn rejection(outcome: &ChangeOutcome) -> Option<RejectCode> {
    match outcome {
        ChangeOutcome::Accepted => None,
        ChangeOutcome::Rejected { code, .. } => Some(*code),
    }
}

/// Pulled records without the company directory (one `colleague` record per user, which every user
/// pulls): the records the test made.
pub fn data(records: &[PulledRecord]) -> Vec<PulledRecord> {
    records
        .iter()
        .filter(|r| r.record.entity != EntityKind::Colleague)
        .cloned()
        .collect()
}

/// Stored sync rows without the company directory.
pub fn data_rows(
    rows: &[fieldquote_server::entities::sync_record::Model],
) -> Vec<&fieldquote_server::entities::sync_record::Model> {
    rows.iter().filter(|r| r.entity != "colleague").collect()
}

/// A field's value in a pulled record.
pub fn field<'a>(r: &'a PulledRecord, name: &str) -> &'a serde_json::Value {
    &r.record
        .fields
        .get(name)
        .unwrap_or_else(|| panic!("no field {name} in {r:?}"))
        .value
}

/// Every stored sync row, ordered by seq, plus the counter: to show that something changed nothing.
pub async fn sync_snapshot(
    db: &Db,
) -> (
    Vec<fieldquote_server::entities::sync_record::Model>,
    Vec<fieldquote_server::entities::sync_counter::Model>,
    usize,
) {
    use fieldquote_server::entities::{applied_change, sync_counter, sync_record};
    use sea_orm::{EntityTrait, QueryOrder};
    let conn = db.connection();
    let records = sync_record::Entity::find()
        .order_by_asc(sync_record::Column::Seq)
        .all(conn)
        .await
        .expect("sync records");
    let counter = sync_counter::Entity::find()
        .all(conn)
        .await
        .expect("counter");
    let applied = applied_change::Entity::find()
        .all(conn)
        .await
        .expect("applied")
        .len();
    (records, counter, applied)
}

/// The binary on `db`, with no inherited database URL or log settings.
pub fn cli(db: &TestDb) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(BIN);
    cmd.env_remove("FIELDQUOTE_DATABASE_URL")
        .env_remove("RUST_LOG")
        .args(["--database-url", &db.url]);
    cmd
}

/// A `fieldquote-server serve` process, killed when dropped.
pub struct ServerProcess {
    pub base: String,
    /// What it logged before it said where it listens, that line included.
    pub startup_log: Vec<String>,
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    _stderr: std::thread::JoinHandle<()>,
}

impl ServerProcess {
    /// `serve` on 127.0.0.1:0 with the default settings.
    pub fn spawn(database_url: &str) -> ServerProcess {
        Self::spawn_with(database_url, &["--listen", "127.0.0.1:0"])
    }

    /// `serve` with `args` (which must include `--listen`).
    pub fn spawn_with(database_url: &str, args: &[&str]) -> ServerProcess {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(BIN)
            .env_remove("FIELDQUOTE_DATABASE_URL")
            .env("RUST_LOG", "info,sqlx=warn")
            .arg("serve")
            .args(args)
            .args(["--database-url", database_url])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn server");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        // Keep draining stderr so the server never blocks on a full pipe.
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let mut log = Vec::new();
        let addr = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
                .unwrap_or_else(|_| panic!("server did not say where it listens: {log:#?}"));
            log.push(line.clone());
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        // Listening on every address (0.0.0.0:PORT): reach it on loopback.
        let addr = addr.replace("0.0.0.0:", "127.0.0.1:");
        ServerProcess {
            base: format!("http://{addr}"),
            startup_log: log,
            child,
            lines: rx,
            _stderr: reader,
        }
    }

    /// The lines it logs from now until one contains `needle` (included); panics after `timeout`.
    pub fn log_until(&self, needle: &str, timeout: Duration) -> Vec<String> {
        let deadline = std::time::Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
                .unwrap_or_else(|_| panic!("the server never logged {needle:?}: {seen:#?}"));
            let found = line.contains(needle);
            seen.push(line);
            if found {
                return seen;
            }
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
