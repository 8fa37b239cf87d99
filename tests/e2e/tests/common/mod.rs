//! A real `fieldquote-server` binary for the end-to-end tests: its database in a temp dir, admin commands,
//! serving on a free loopback port.
#![allow(dead_code)] // each test uses its own part

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Client;
use fieldquote_e2e::{Guard, el, free_port, type_into, wait_state, wait_text};

pub mod visit;

pub const PASSWORD: &str = "e2e sync password";
pub const PASSWORD_VAR: &str = "FQ_E2E_SYNC_PASSWORD";
pub const REP: &str = "li.wei@example.cn";
pub const ADMIN: &str = "admin@example.cn";
pub const CSV_HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n";

/// The server binary with its database.
pub struct TeamServer {
    pub binary: String,
    pub url: String,
    pub listen: String,
    pub dir: tempfile::TempDir,
}

impl TeamServer {
    pub fn admin(&self, args: &[&str]) {
        let out = Command::new(&self.binary)
            .arg("--database-url")
            .arg(&self.url)
            .args(args)
            .env(PASSWORD_VAR, PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "fieldquote-server {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn import(&self, name: &str, rows: &str) {
        let file = self.dir.path().join(name);
        std::fs::write(&file, format!("{CSV_HEADER}{rows}")).unwrap();
        self.admin(&["import", "products", file.to_str().unwrap()]);
    }

    /// A fresh server on a SQLite file in a temp dir, on a free loopback port (not serving yet).
    pub fn new(binary: String) -> TeamServer {
        let dir = tempfile::tempdir().unwrap();
        TeamServer {
            binary,
            url: format!("sqlite://{}", dir.path().join("server.db").display()),
            listen: format!("127.0.0.1:{}", free_port()),
            dir,
        }
    }

    /// Add a user with the shared test password; `team` for reps and managers.
    pub fn add_user(&self, email: &str, name: &str, role: &str, team: Option<&str>) {
        let mut args = vec![
            "user",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--role",
            role,
            "--password-env",
            PASSWORD_VAR,
        ];
        if let Some(team) = team {
            args.extend(["--team", team]);
        }
        self.admin(&args);
    }

    /// Import a whole product CSV file (header included).
    pub fn import_csv(&self, name: &str, csv: &str) {
        let file = self.dir.path().join(name);
        std::fs::write(&file, csv).unwrap();
        self.admin(&["import", "products", file.to_str().unwrap()]);
    }

    /// Import a whole price-list CSV file (header included).
    pub fn import_pricelist(&self, name: &str, csv: &str) {
        let file = self.dir.path().join(name);
        std::fs::write(&file, csv).unwrap();
        self.admin(&["import", "pricelist", file.to_str().unwrap()]);
    }

    /// Start serving; stops when the guard drops.
    pub async fn serve(&self) -> Guard {
        let log = std::fs::File::create(self.dir.path().join("server.log")).unwrap();
        let guard = Guard::spawn(
            Command::new(&self.binary)
                .arg("--database-url")
                .arg(&self.url)
                .args(["serve", "--listen", &self.listen])
                .stdout(Stdio::null())
                .stderr(log),
        )
        .unwrap();
        let health = format!("http://{}/api/v1/health", self.listen);
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if http
                .get(&health)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return guard;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not start on {}", self.listen);
    }

    /// Every record the admin can see, as the server holds them.
    pub async fn records(&self) -> Vec<serde_json::Value> {
        let base = format!("http://{}", self.listen);
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let login: serde_json::Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"email": ADMIN, "password": PASSWORD,
                                      "device_id": "e2e-check",
                                      "protocol_version": fieldquote_domain::sync::PROTOCOL_VERSION}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["token"].as_str().unwrap();
        let (mut cursor, mut records) = (0, Vec::new());
        loop {
            let page: serde_json::Value = http
                .get(format!(
                    "{base}/api/v1/sync/pull?cursor={cursor}&limit=1000"
                ))
                .bearer_auth(token)
                .header(
                    "X-Fieldquote-Protocol",
                    fieldquote_domain::sync::PROTOCOL_VERSION.to_string(),
                )
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            records.extend(page["records"].as_array().unwrap().iter().cloned());
            cursor = page["cursor"].as_i64().unwrap();
            if !page["has_more"].as_bool().unwrap() {
                return records;
            }
        }
    }
}

/// Sign in on the Sync screen to the server at `listen` as `email` (the shared test password); the first
/// sync then runs, and this waits until it has.
pub async fn sign_in(c: &Client, listen: &str, email: &str) {
    el(c, "nav-sync").await.click().await.unwrap();
    wait_state(c, "sync-status", "never", 15).await;
    type_into(&el(c, "sync-server").await, &format!("http://{listen}")).await;
    type_into(&el(c, "sync-email").await, email).await;
    type_into(&el(c, "sync-password").await, PASSWORD).await;
    el(c, "sync-sign-in").await.click().await.unwrap();
    wait_state(c, "sync-status", "ok", 30).await;
    wait_text(c, "sync-summary", |t| t.contains("received")).await;
}
