//! Sync benchmarks: the figures in BENCHMARKS.md ("Sync").
//!
//! ```text
//! cargo run --release -p fieldquote-sync --example sync_bench -- [--backend sqlite|postgres] [SCENARIO]
//! ```
//!
//! The real server (router, services, database) runs in this process on 127.0.0.1, on a runtime of its
//! own; its database is a fresh SQLite file in a temp dir, or with `--backend postgres` a fresh database
//! on the PostgreSQL named by `FIELDQUOTE_TEST_POSTGRES_URL` (`eval "$(scripts/postgres-test-cluster
//! start)"`), dropped at the end. Seeding is not timed: products come in by the admin's CSV import, the
//! reps' records by pushes of 1000 changes through the server's sync service, as their laptops would send
//! them; then, on PostgreSQL, `VACUUM (ANALYZE)` does what autovacuum would have done by the time a real
//! server holds that much.
//!
//! SCENARIO:
//! - `first` (default): 100 000 customers, 20 000 products and 10 000 quotes with 100 000 lines on the
//!   server; a new laptop (a fresh store in a temp dir, run as a child process so that its memory is its
//!   own) signs in as the rep who owns them and syncs it all, printing progress. Then incremental syncs on
//!   that laptop, five rounds each: another laptop pushes 100 edits and this one syncs (pulls 100); this one
//!   makes 100 edits and syncs (pushes 100, pulls them back).
//! - `concurrent`: 50 clients (5 teams of 9 reps and a manager) sync over HTTP in a closed loop for 20 s
//!   after 3 s of warm-up: each rep pushes 10 changes then pulls until up to date; each manager pulls.
//!   Prints syncs and changes per second and p50/p99 latencies of syncs and of requests.
//!
//! `--scale F` multiplies the record counts of `first` (e.g. 0.05 for a quick check); `--clients N` and
//! `--seconds S` change `concurrent`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{Change, ChangeOutcome, EntityKind, PushRequest};
use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::catalog::Catalog;
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::sync::{Caller, SyncService};
use fieldquote_server::{Db, ServerConfig, http};
use fieldquote_store::{Origin, Store};
use fieldquote_sync::{Client, PULL_PAGE, Progress, sync_once};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

mod concurrent;
mod first;
mod seed;

use concurrent::*;
use first::*;
use seed::*;

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

const PASSWORD: &str = "correct horse battery staple";
const REP: &str = "rep@example.cn";
const POSTGRES_ENV: &str = "FIELDQUOTE_TEST_POSTGRES_URL";
/// Changes per seeding push: the server's maximum.
const SEED_BATCH: usize = 1000;
/// Rounds of each incremental sync.
const ROUNDS: usize = 5;
/// Changes per incremental sync.
const INCREMENTAL: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

struct Args {
    backend: Backend,
    scenario: String,
    scale: f64,
    clients: usize,
    seconds: u64,
    /// Child mode: `--device DIR URL TOTAL` runs the first sync of a new laptop in DIR.
    device: Option<(PathBuf, String, usize)>,
}

fn parse_args() -> Res<Args> {
    let mut args = Args {
        backend: Backend::Sqlite,
        scenario: "first".into(),
        scale: 1.0,
        clients: 50,
        seconds: 20,
        device: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--backend" => {
                args.backend = match value()?.as_str() {
                    "sqlite" => Backend::Sqlite,
                    "postgres" => Backend::Postgres,
                    other => return Err(format!("unknown backend {other:?}").into()),
                }
            }
            "--scale" => args.scale = value()?.parse()?,
            "--clients" => args.clients = value()?.parse()?,
            "--seconds" => args.seconds = value()?.parse()?,
            "--device" => {
                let dir = PathBuf::from(value()?);
                let url = value()?;
                let total = value()?.parse()?;
                args.device = Some((dir, url, total));
            }
            "first" | "concurrent" => args.scenario = a,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    Ok(args)
}

fn main() -> Res<()> {
    let args = parse_args()?;
    let bench_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    if let Some((dir, url, total)) = &args.device {
        return bench_rt.block_on(device_first_sync(dir, url, *total));
    }
    // The server gets threads of its own, as a separate process would.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("server")
        .enable_all()
        .build()?;
    let storage = bench_rt.block_on(Storage::fresh(args.backend))?;
    let url = storage.url().to_string();
    let (base, shutdown) = server_rt.block_on(async move {
        let db = Db::open(&url).await?;
        let accounts = Accounts::new(db, ServerConfig::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(http::serve(listener, http::router(accounts), async {
            let _ = rx.await;
        }));
        Res::Ok((base, tx))
    })?;
    println!(
        "sync_bench: {} on {:?}, server at {base}",
        args.scenario, args.backend
    );
    let result = bench_rt.block_on(async {
        let db = Db::open(storage.url()).await?;
        let r = match args.scenario.as_str() {
            "concurrent" => concurrent(&db, &base, args.clients, args.seconds).await,
            _ => first_and_incremental(&db, &base, args.scale).await,
        };
        db.close().await?;
        r
    });
    let _ = shutdown.send(());
    server_rt.shutdown_timeout(Duration::from_secs(5));
    bench_rt.block_on(storage.remove())?;
    result
}

/// The server's database for one run.
enum Storage {
    Sqlite {
        url: String,
        _dir: tempfile::TempDir,
    },
    Postgres {
        url: String,
        admin_url: String,
        name: String,
    },
}

impl Storage {
    async fn fresh(backend: Backend) -> Res<Storage> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("server.db").display());
                Ok(Storage::Sqlite { url, _dir: dir })
            }
            Backend::Postgres => {
                let admin_url = std::env::var(POSTGRES_ENV).map_err(|_| {
                    format!(
                        "{POSTGRES_ENV} is not set: eval \"$(scripts/postgres-test-cluster start)\""
                    )
                })?;
                let name = format!("fq_bench_{}", Uuid::now_v7().simple());
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_raw(Statement::from_string(
                        DbBackend::Postgres,
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await?;
                admin.close().await?;
                Ok(Storage::Postgres {
                    url: with_database(&admin_url, &name),
                    admin_url,
                    name,
                })
            }
        }
    }

    fn url(&self) -> &str {
        match self {
            Storage::Sqlite { url, .. } | Storage::Postgres { url, .. } => url,
        }
    }

    async fn remove(self) -> Res<()> {
        if let Storage::Postgres {
            admin_url, name, ..
        } = self
        {
            let admin = Database::connect(&admin_url).await?;
            admin
                .execute_raw(Statement::from_string(
                    DbBackend::Postgres,
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await?;
            admin.close().await?;
        }
        Ok(())
    }
}

/// `url` naming database `name` instead of its own.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    let query = query.map(|q| format!("?{q}")).unwrap_or_default();
    format!("{}/{name}{query}", &base[..path])
}
