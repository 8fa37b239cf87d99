//! The sign-in token is never written to disk: `fq login` and `fq sync` run against the real server through a
//! loopback proxy that records every byte exchanged, so the test learns each token the server issued (from the
//! login answers) and each one `fq` used (from its `Authorization` headers). After the login and after a sync,
//! every file under the laptop's data directory (the database, its WAL and shared-memory files, PDFs, anything
//! else) and under the process's home and temp directories is searched byte by byte for every token.
//!
//! A test connection holds the database open meanwhile, as the app does while it runs, so what `fq` writes
//! stays in the WAL file to be searched there too instead of being folded into the database when `fq` exits.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

#[path = "../../sync/tests/common/mod.rs"]
mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assert_cmd::cargo::cargo_bin_cmd;
use common::{PASSWORD, Server, ServerDb};
use fieldquote_server::entities::app_user::Role;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PW_VAR: &str = "FQ_TEST_TOKEN_PASSWORD";
const REP: &str = "rep@example.cn";

/// A loopback TCP proxy in front of the server that keeps a copy of everything sent either way.
struct Recorder {
    url: String,
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl Recorder {
    async fn start(upstream: &str) -> Recorder {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let log = bytes.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    continue;
                };
                let (from_client, to_client) = client.into_split();
                let (from_server, to_server) = server.into_split();
                tokio::spawn(pipe(from_client, to_server, log.clone()));
                tokio::spawn(pipe(from_server, to_client, log.clone()));
            }
        });
        Recorder { url, bytes }
    }

    /// Every token seen so far: issued in a login answer (`"token":"…"`) or sent as `Bearer …`.
    fn tokens(&self) -> BTreeSet<String> {
        let bytes = self.bytes.lock().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let mut found = BTreeSet::new();
        for marker in ["\"token\":\"", "Bearer "] {
            for (at, _) in text.match_indices(marker) {
                let token: String = text[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                assert!(
                    token.len() >= 32,
                    "a token too short to be one: {token:?} after {marker:?}"
                );
                found.insert(token);
            }
        }
        found
    }
}

/// Copy one direction of a connection, keeping a copy of each chunk.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    log: Arc<Mutex<Vec<u8>>>,
) {
    let mut buf = vec![0_u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        log.lock().unwrap().extend_from_slice(&buf[..n]);
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

/// Where `fq` may write: its data directory, and a home of its own (config, cache, state, temp files).
struct Laptop {
    data: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Laptop {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join("tmp")).unwrap();
        Laptop {
            data: tempfile::tempdir().unwrap(),
            home,
        }
    }

    /// `fq --data-dir DATA ARGS` with nothing inherited that could send its files elsewhere; stdout and stderr.
    fn fq(&self, args: &[&str]) -> String {
        let h = self.home.path();
        let out = cargo_bin_cmd!("fq")
            .env(PW_VAR, PASSWORD)
            // No keychain here (as on a server or in CI): nothing may be kept at all.
            .env("FIELDQUOTE_NO_KEYCHAIN", "1")
            .env("HOME", h)
            .env("XDG_CONFIG_HOME", h.join(".config"))
            .env("XDG_DATA_HOME", h.join(".local/share"))
            .env("XDG_CACHE_HOME", h.join(".cache"))
            .env("XDG_STATE_HOME", h.join(".local/state"))
            .env("TMPDIR", h.join("tmp"))
            .env_remove("FIELDQUOTE_DATA_DIR")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "fq {args:?}: {text}");
        text
    }

    /// Every file under the data directory and the home, and whether any holds one of `tokens`.
    fn search(&self, tokens: &BTreeSet<String>) -> (Vec<PathBuf>, Vec<String>) {
        let mut files = Vec::new();
        for root in [self.data.path(), self.home.path()] {
            walk(root, &mut files);
        }
        let mut hits = Vec::new();
        for f in &files {
            let bytes = read_elsewhere(f);
            for t in tokens {
                if bytes.windows(t.len()).any(|w| w == t.as_bytes()) {
                    hits.push(format!("{} holds the token {t}", f.display()));
                }
            }
        }
        (files, hits)
    }
}

/// A file's bytes, read by another process: closing a file this process opened would drop every POSIX lock it
/// holds on it, among them the test connection's hold on the database, and the next `fq` to exit would then
/// fold the WAL away as if it were the last one.
fn read_elsewhere(file: &Path) -> Vec<u8> {
    let out = std::process::Command::new("cat")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "cat {}", file.display());
    out.stdout
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            walk(&entry.path(), out);
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
}

/// No file holds a token; the database and its WAL were among the files searched.
fn assert_nowhere(laptop: &Laptop, tokens: &BTreeSet<String>, when: &str) {
    let (files, hits) = laptop.search(tokens);
    assert!(hits.is_empty(), "after {when}: {}", hits.join("\n"));
    let names: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.file_name()?.to_str().map(str::to_string))
        .collect();
    let db = fieldquote_store::DB_FILE;
    for must in [db.to_string(), format!("{db}-wal")] {
        assert!(
            names.contains(&must),
            "after {when}: {must} was not there to search; files: {files:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_never_written_to_disk() {
    let db = ServerDb::new();
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server
        .import("PLC-200,PLC 控制器,,台,3880.00,CNY,13\nCBL-5,Cable,,pcs,12.50,CNY,13\n")
        .await;
    let recorder = Recorder::start(&server.base).await;
    let laptop = Laptop::new();

    // The database exists and stays open for the whole test, as in the running app.
    laptop.fq(&["customer", "add", "--name", "Before sign-in"]);
    let keep_open = Database::connect(format!(
        "sqlite://{}",
        laptop.data.path().join(fieldquote_store::DB_FILE).display()
    ))
    .await
    .unwrap();
    keep_open
        .execute_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT COUNT(*) FROM customer",
        ))
        .await
        .unwrap();

    let said = laptop.fq(&[
        "login",
        "--server",
        &recorder.url,
        "--email",
        REP,
        "--password-env",
        PW_VAR,
    ]);
    let after_login = recorder.tokens();
    assert_eq!(
        after_login.len(),
        1,
        "one sign-in, one token: {after_login:?}"
    );
    for t in &after_login {
        assert_eq!(t.len(), 43, "the server's tokens are 43 characters: {t}");
        assert!(!said.contains(t.as_str()), "fq login printed its token");
    }
    assert_nowhere(&laptop, &after_login, "fq login");

    // Two customers to push, then a sync: it signs in again (nothing was remembered) and uses that token.
    laptop.fq(&["customer", "add", "--name", "Acme"]);
    let said = laptop.fq(&["sync", "--password-env", PW_VAR]);
    assert!(said.contains("pushed 2 (accepted 2, rejected 0)"), "{said}");
    let all = recorder.tokens();
    assert_eq!(
        all.len(),
        2,
        "the sync signed in again and used its own token: {all:?}"
    );
    for t in &all {
        assert!(!said.contains(t.as_str()), "fq sync printed its token");
    }
    assert_nowhere(&laptop, &all, "fq sync");

    keep_open.close().await.unwrap();
    assert_nowhere_once_closed(&laptop, &all);
}

/// Once the last connection closes, SQLite folds the WAL into the database and removes it: search again.
fn assert_nowhere_once_closed(laptop: &Laptop, tokens: &BTreeSet<String>) {
    let (files, hits) = laptop.search(tokens);
    assert!(hits.is_empty(), "after closing: {}", hits.join("\n"));
    assert!(
        files.iter().any(|f| f.ends_with(fieldquote_store::DB_FILE)),
        "{files:?}"
    );
}
