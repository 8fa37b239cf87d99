//! Test harness: the real server router, in process on 127.0.0.1:0, over a SQLite file in a temp dir that
//! outlives restarts of the server. Also used by `crates/cli/tests/sync.rs` (by path).
#![allow(dead_code, clippy::unwrap_used)]

use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::catalog::Catalog;
use fieldquote_server::config::HashCost;
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::{Db, ServerConfig, http};

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery staple";
pub const CSV_HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n";

/// The server's database: a SQLite file deleted with this value.
pub struct ServerDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl ServerDb {
    pub fn new() -> ServerDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("server.db").display());
        ServerDb { url, _dir: dir }
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
