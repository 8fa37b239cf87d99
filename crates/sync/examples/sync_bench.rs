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

// ---------------------------------------------------------------------------------------------------
// Test data

const CITIES: [&str; 8] = [
    "上海", "北京", "深圳", "广州", "杭州", "苏州", "成都", "武汉",
];
const TRADES: [&str; 6] = [
    "机电设备",
    "自动化",
    "精密机械",
    "电气工程",
    "工业控制",
    "包装机械",
];

/// A device's clock and id, making changes as its outbox would.
struct Author {
    device_id: Uuid,
    node: String,
    clock: Option<Hlc>,
}

impl Author {
    fn new() -> Author {
        let device_id = Uuid::now_v7();
        Author {
            device_id,
            node: device_id.simple().to_string()[20..].to_string(),
            clock: None,
        }
    }

    fn change(&mut self, entity: EntityKind, id: Uuid, fields: Value) -> Change {
        let now = chrono_now_ms();
        let hlc = Hlc::tick(self.clock.as_ref(), now, &self.node);
        self.clock = Some(hlc.clone());
        let fields = match fields {
            Value::Object(m) => m.into_iter().collect(),
            _ => BTreeMap::new(),
        };
        Change {
            change_id: Uuid::now_v7(),
            entity,
            entity_id: id,
            hlc: hlc.to_string(),
            fields,
            deleted: false,
            base: BTreeMap::new(),
        }
    }
}

fn chrono_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn customer_fields(i: usize) -> Value {
    let city = CITIES[i % CITIES.len()];
    json!({
        "name": format!("{city}{}{}有限公司", TRADES[i % TRADES.len()], i),
        "contact_person": format!("王经理 {i}"),
        "phone": format!("+86 21 {:04} {:04}", i / 10_000 % 10_000, i % 10_000),
        "email": format!("buyer{i}@customer{}.cn", i % 997),
        "address": format!("{city}市浦东新区张江高科技园区科苑路 {} 号 {} 栋", i % 1000, i % 17),
        "tax_id": format!("91310000{i:010}"),
    })
}

fn product_csv(n: usize) -> String {
    let mut csv = String::from("sku,name,description,unit,unit_price,currency,tax_rate\n");
    for i in 0..n {
        csv.push_str(&format!(
            "SKU-{i:06},{} 型号 {i},\"{}系列, 含安装与调试, 质保 24 个月\",台,{}.{:02},CNY,13\n",
            TRADES[i % TRADES.len()],
            CITIES[i % CITIES.len()],
            100 + i * 7 % 9900,
            i % 100
        ));
    }
    csv
}

/// A catalog product as the server stores it.
struct Product {
    id: Uuid,
    sku: String,
    price_minor: i64,
}

async fn products(db: &Db) -> Res<Vec<Product>> {
    let rows = fieldquote_server::repo::sync::records_of_entity(db.connection(), "product").await?;
    rows.into_iter()
        .map(|r| {
            let doc: Value = serde_json::from_str(&r.doc)?;
            Ok(Product {
                id: Uuid::parse_str(&r.id)?,
                sku: doc["sku"]["value"].as_str().unwrap_or_default().to_string(),
                price_minor: doc["unit_price_minor"]["value"].as_i64().unwrap_or(0),
            })
        })
        .collect()
}

/// Pushes changes of one user through the server's sync service, a full batch at a time.
struct Seeder {
    service: SyncService,
    caller: Caller,
    author: Author,
    batch: Vec<Change>,
    pushed: usize,
}

impl Seeder {
    fn new(db: &Db, user_id: &str, role: Role, team_id: Option<String>) -> Res<Seeder> {
        Ok(Seeder {
            service: SyncService::new(db.clone()),
            caller: Caller::new(user_id, role, team_id)?,
            author: Author::new(),
            batch: Vec::new(),
            pushed: 0,
        })
    }

    async fn add(&mut self, entity: EntityKind, id: Uuid, fields: Value) -> Res<()> {
        let change = self.author.change(entity, id, fields);
        self.batch.push(change);
        if self.batch.len() >= SEED_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Res<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let changes = std::mem::take(&mut self.batch);
        let n = changes.len();
        let res = self
            .service
            .push(
                &self.caller,
                PushRequest {
                    device_id: self.author.device_id,
                    changes,
                },
            )
            .await?;
        if let Some(r) = res
            .results
            .iter()
            .find(|r| r.outcome != ChangeOutcome::Accepted)
        {
            return Err(format!("seeding: a change was rejected: {r:?}").into());
        }
        self.pushed += n;
        Ok(())
    }
}

/// A rep's records, as seeded.
#[derive(Default, Clone)]
struct Owned {
    customers: Vec<Uuid>,
    quotes: Vec<Uuid>,
    lines: Vec<Uuid>,
}

/// Seed `customers` customers, then `quotes` quotes of `lines_per_quote` lines each (every quote right
/// before its lines, as a laptop pushes them), owned by the seeder's user.
async fn seed_records(
    seeder: &mut Seeder,
    catalog: &[Product],
    customers: usize,
    quotes: usize,
    lines_per_quote: usize,
    number_prefix: &str,
) -> Res<Owned> {
    let mut owned = Owned::default();
    for i in 0..customers {
        let id = Uuid::now_v7();
        seeder
            .add(EntityKind::Customer, id, customer_fields(i))
            .await?;
        owned.customers.push(id);
    }
    for q in 0..quotes {
        let quote_id = Uuid::now_v7();
        let customer = owned.customers[(q * 7919) % owned.customers.len()];
        let mut lines = Vec::with_capacity(lines_per_quote);
        let (mut subtotal, mut tax) = (0_i64, 0_i64);
        for l in 0..lines_per_quote {
            let p = &catalog[(q * lines_per_quote + l) * 31 % catalog.len()];
            let quantity = 1 + (l as i64 % 5);
            let net = p.price_minor * quantity * 95 / 100;
            let line_tax = (net * 13 + 50) / 100;
            subtotal += net;
            tax += line_tax;
            lines.push((
                Uuid::now_v7(),
                json!({
                    "quote_id": quote_id.to_string(),
                    "position": l as i64 + 1,
                    "product_id": p.id.to_string(),
                    "sku": p.sku,
                    "description": format!("{} — 含现场安装调试，第 {} 项", p.sku, l + 1),
                    "unit": "台",
                    "quantity": quantity.to_string(),
                    "unit_price_minor": p.price_minor,
                    "discount_percent": "5",
                    "tax_rate": "13",
                    "net_minor": net,
                    "tax_minor": line_tax,
                    "gross_minor": net + line_tax,
                }),
            ));
        }
        let status = if q % 3 == 0 { "sent" } else { "draft" };
        seeder
            .add(
                EntityKind::Quote,
                quote_id,
                json!({
                    "number": format!("Q-2026-{number_prefix}-{q:05}"),
                    "customer_id": customer.to_string(),
                    "status": status,
                    "currency": "CNY",
                    "issue_date": "2026-11-20",
                    "valid_until": "2026-12-20",
                    "notes": "价格含税，交货期 4 周，付款方式：30% 预付，70% 发货前付清。",
                    "subtotal_minor": subtotal,
                    "tax_minor": tax,
                    "total_minor": subtotal + tax,
                }),
            )
            .await?;
        owned.quotes.push(quote_id);
        for (id, fields) in lines {
            seeder.add(EntityKind::QuoteLine, id, fields).await?;
            owned.lines.push(id);
        }
    }
    seeder.flush().await?;
    Ok(owned)
}

async fn add_user(
    accounts: &Accounts,
    email: &str,
    role: Role,
    team: Option<&str>,
) -> Res<(String, Option<String>)> {
    let user = accounts
        .add_user(NewUser {
            email: email.into(),
            name: format!("User {email}"),
            role,
            team: team.map(str::to_string),
            password: PASSWORD.into(),
        })
        .await?;
    Ok((user.id, user.team_id))
}

/// Bring a freshly seeded database to the state of one that received its records over months: on
/// PostgreSQL, what autovacuum would have done by then (visibility map, hint bits, planner statistics).
async fn settle(db: &Db) -> Res<()> {
    if db.backend() == fieldquote_server::Backend::Postgres {
        db.connection()
            .execute_unprepared("VACUUM (ANALYZE) sync_record")
            .await?;
    }
    Ok(())
}

fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale).round() as usize).max(1)
}

// ---------------------------------------------------------------------------------------------------
// First sync and incremental syncs

async fn first_and_incremental(db: &Db, base: &str, scale: f64) -> Res<()> {
    let (n_customers, n_products, n_quotes) = (
        scaled(100_000, scale),
        scaled(20_000, scale),
        scaled(10_000, scale),
    );
    let lines_per_quote = 10;
    // And the company directory's entry of the one user, which every laptop receives.
    let total = n_customers + n_products + n_quotes * (1 + lines_per_quote) + 1;

    let seeding = Instant::now();
    let accounts = Accounts::new(db.clone(), ServerConfig::default());
    accounts.add_team("North").await?;
    let (rep_id, team_id) = add_user(&accounts, REP, Role::Rep, Some("North")).await?;
    Catalog::new(db.clone())
        .import_products(product_csv(n_products).as_bytes())
        .await?;
    let catalog = products(db).await?;
    let mut seeder = Seeder::new(db, &rep_id, Role::Rep, team_id)?;
    let owned = seed_records(
        &mut seeder,
        &catalog,
        n_customers,
        n_quotes,
        lines_per_quote,
        "LW1",
    )
    .await?;
    settle(db).await?;
    println!(
        "seeded {n_customers} customers, {n_products} products, {n_quotes} quotes with {} lines ({total} records) in {:.1} s (not timed)",
        owned.lines.len(),
        seeding.elapsed().as_secs_f64()
    );

    // The new laptop, in a process of its own.
    let dir = tempfile::tempdir()?;
    let status = std::process::Command::new(std::env::current_exe()?)
        .arg("--device")
        .arg(dir.path())
        .arg(base)
        .arg(total.to_string())
        .status()?;
    if !status.success() {
        return Err(format!("the device process failed: {status}").into());
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("result.json"))?)?;
    let counts = table_counts(&dir.path().join(fieldquote_store::DB_FILE)).await?;
    println!("device tables after the first sync: {counts:?}");
    let expected = [
        n_customers as i64,
        n_products as i64,
        n_quotes as i64,
        (n_quotes * lines_per_quote) as i64,
        0,
    ];
    if counts != expected {
        return Err(
            format!("expected {expected:?} rows (and nothing waiting for a parent)").into(),
        );
    }
    println!(
        "FIRST SYNC: {total} records in {:.2} s ({:.0} records/s); device peak RSS {} MiB; database {} MiB",
        result["seconds"].as_f64().unwrap_or_default(),
        total as f64 / result["seconds"].as_f64().unwrap_or(1.0),
        result["vmhwm_kib"].as_i64().unwrap_or_default() / 1024,
        result["db_bytes"].as_i64().unwrap_or_default() / (1024 * 1024),
    );

    incremental(base, dir.path(), &owned).await
}

/// Rows per table on the device, and the records still waiting for a parent.
async fn table_counts(db_file: &Path) -> Res<[i64; 5]> {
    let conn = Database::connect(format!("sqlite://{}?mode=ro", db_file.display())).await?;
    let mut out = [0; 5];
    for (i, table) in [
        "customer",
        "product",
        "quote",
        "quote_line",
        "sync_shadow WHERE materialized = 0",
    ]
    .iter()
    .enumerate()
    {
        let row = conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await?
            .ok_or("no count")?;
        out[i] = row.try_get_by_index(0)?;
    }
    conn.close().await?;
    Ok(out)
}

/// Child process: a new laptop's first sync into `dir`, with progress; writes `result.json` there.
async fn device_first_sync(dir: &Path, base: &str, total: usize) -> Res<()> {
    let store = Store::open(dir).await?;
    let client = Client::without_proxy(base)?;
    let device_id = store.device().await?.device_id;
    let session = client.login(REP, PASSWORD, &device_id).await?;
    store
        .set_sync_account(base, session.user_id, &session.email, &session.quote_prefix)
        .await?;
    println!(
        "new laptop: first sync of {total} records (progress every page of {PULL_PAGE}, shown every 10 000)"
    );
    let started = Instant::now();
    let mut shown = 0;
    let report = sync_once(&store, &client, &session.token, |p| {
        if let Progress::Pulled { pulled } = p
            && (pulled >= shown + 10_000 || pulled >= total)
        {
            shown = pulled;
            println!(
                "  pulled {pulled:>7}/{total}  {:>6.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    if report.pulled != total {
        return Err(format!("pulled {} records, expected {total}", report.pulled).into());
    }
    let vmhwm_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kib| kib.parse::<i64>().ok());
    let path = store.path().to_path_buf();
    store.close().await?;
    let db_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    std::fs::write(
        dir.join("result.json"),
        json!({"seconds": seconds, "pulled": report.pulled, "vmhwm_kib": vmhwm_kib, "db_bytes": db_bytes})
            .to_string(),
    )?;
    Ok(())
}

fn summary(label: &str, samples: &mut [Duration]) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{label}: median {:.0} ms, min {:.0} ms, max {:.0} ms over {} runs",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    )
}

/// The laptop of the first sync, kept up to date: 100 edits from another laptop pulled; 100 own edits
/// pushed (and pulled back).
async fn incremental(base: &str, dir: &Path, owned: &Owned) -> Res<()> {
    let store = Store::open(dir).await?;
    let client = Client::without_proxy(base)?;
    let session = client
        .login(REP, PASSWORD, &store.device().await?.device_id)
        .await?;
    let mut other = Author::new();
    let other_session = client
        .login(REP, PASSWORD, &other.device_id.to_string())
        .await?;

    let mut pulls = Vec::new();
    for round in 0..ROUNDS {
        let changes: Vec<Change> = (0..INCREMENTAL)
            .map(|i| {
                let k = round * INCREMENTAL + i;
                if i % 10 < 7 {
                    let id = owned.customers[k * 7 % owned.customers.len()];
                    other.change(
                        EntityKind::Customer,
                        id,
                        json!({"phone": format!("+86 10 8888 {k:04}"), "address": format!("北京市海淀区中关村大街 {k} 号")}),
                    )
                } else {
                    let id = owned.quotes[k * 13 % owned.quotes.len()];
                    other.change(
                        EntityKind::Quote,
                        id,
                        json!({"notes": format!("客户要求第 {k} 版报价：交货期 3 周")}),
                    )
                }
            })
            .collect();
        let res = client
            .push(
                &other_session.token,
                &PushRequest {
                    device_id: other.device_id,
                    changes,
                },
            )
            .await?;
        if res
            .results
            .iter()
            .any(|r| r.outcome != ChangeOutcome::Accepted)
        {
            return Err("the other laptop's edits were rejected".into());
        }
        let started = Instant::now();
        let report = sync_once(&store, &client, &session.token, |_| {}).await?;
        pulls.push(started.elapsed());
        if report.pulled != INCREMENTAL || report.conflicts != 0 {
            return Err(format!("incremental pull: {report:?}").into());
        }
    }
    println!(
        "INCREMENTAL {}",
        summary(
            &format!("pull of {INCREMENTAL} changes from another laptop"),
            &mut pulls
        )
    );

    let mut pushes = Vec::new();
    for round in 0..ROUNDS {
        for i in 0..INCREMENTAL {
            let k = round * INCREMENTAL + i;
            let id = owned.customers[(k * 11 + 5) % owned.customers.len()];
            let c = store.get_account(id).await?;
            store
                .update_account(
                    id,
                    &AccountInput {
                        contact_person: format!("李工 {k}"),
                        phone: format!("+86 755 6666 {k:04}"),
                        ..c.input()
                    },
                    Origin::Ui,
                )
                .await?;
        }
        let started = Instant::now();
        let report = sync_once(&store, &client, &session.token, |_| {}).await?;
        pushes.push(started.elapsed());
        if report.accepted != INCREMENTAL || report.pulled != INCREMENTAL {
            return Err(format!("incremental push: {report:?}").into());
        }
    }
    println!(
        "INCREMENTAL {}",
        summary(
            &format!("push of {INCREMENTAL} local edits (and pull of them back)"),
            &mut pushes
        )
    );
    store.close().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Concurrent clients

/// One syncing client: a rep who pushes edits of their records, or a manager who only pulls.
struct Member {
    email: String,
    owned: Option<Owned>,
}

#[derive(Default)]
struct Samples {
    syncs: Vec<Duration>,
    pushes: Vec<Duration>,
    pulls: Vec<Duration>,
    pushed: usize,
    pulled: usize,
}

async fn concurrent(db: &Db, base: &str, clients: usize, seconds: u64) -> Res<()> {
    const TEAM_SIZE: usize = 10;
    let seeding = Instant::now();
    let accounts = Accounts::new(db.clone(), ServerConfig::default());
    Catalog::new(db.clone())
        .import_products(product_csv(2000).as_bytes())
        .await?;
    let catalog = products(db).await?;
    let mut members = Vec::new();
    let mut seeded = 0;
    for i in 0..clients {
        let team = format!("Team {}", i / TEAM_SIZE + 1);
        if i % TEAM_SIZE == 0 {
            accounts.add_team(&team).await?;
        }
        let email = format!("user{i}@example.cn");
        if i % TEAM_SIZE == TEAM_SIZE - 1 {
            add_user(&accounts, &email, Role::Manager, Some(&team)).await?;
            members.push(Member { email, owned: None });
        } else {
            let (id, team_id) = add_user(&accounts, &email, Role::Rep, Some(&team)).await?;
            let mut seeder = Seeder::new(db, &id, Role::Rep, team_id)?;
            let owned = seed_records(&mut seeder, &catalog, 200, 20, 10, &format!("R{i}")).await?;
            seeded += seeder.pushed;
            members.push(Member {
                email,
                owned: Some(owned),
            });
        }
    }
    settle(db).await?;
    let head = fieldquote_server::repo::sync::lock_counter(db.connection())
        .await?
        .last_seq;
    println!(
        "seeded {clients} users ({} reps), 2000 products and {seeded} records in {:.1} s (not timed); clients start up to date",
        members.iter().filter(|m| m.owned.is_some()).count(),
        seeding.elapsed().as_secs_f64()
    );

    let warmup = Duration::from_secs(3);
    let started = Instant::now() + Duration::from_millis(500);
    let window_start = started + warmup;
    let end = window_start + Duration::from_secs(seconds);
    let base = Arc::new(base.to_string());
    let mut tasks = Vec::new();
    for m in members {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            client_loop(&base, m, head, window_start, end).await
        }));
    }
    let mut all = Samples::default();
    for t in tasks {
        let s = t.await??;
        all.syncs.extend(s.syncs);
        all.pushes.extend(s.pushes);
        all.pulls.extend(s.pulls);
        all.pushed += s.pushed;
        all.pulled += s.pulled;
    }
    let secs = seconds as f64;
    println!(
        "CONCURRENT {clients} clients, {seconds} s: {:.0} syncs/s, {:.0} changes pushed/s, {:.0} records pulled/s",
        all.syncs.len() as f64 / secs,
        all.pushed as f64 / secs,
        all.pulled as f64 / secs
    );
    for (label, samples) in [
        ("sync (push + pulls)", &mut all.syncs),
        ("push request", &mut all.pushes),
        ("pull request", &mut all.pulls),
    ] {
        samples.sort();
        let pct = |p: f64| {
            let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
            samples[i].as_secs_f64() * 1000.0
        };
        println!(
            "CONCURRENT {label}: {} samples, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            samples.len(),
            pct(0.50),
            pct(0.99),
            pct(1.0)
        );
    }
    Ok(())
}

async fn client_loop(
    base: &str,
    member: Member,
    mut cursor: i64,
    window_start: Instant,
    end: Instant,
) -> Res<Samples> {
    let client = Client::without_proxy(base)?;
    let mut author = Author::new();
    let session = client
        .login(&member.email, PASSWORD, &author.device_id.to_string())
        .await?;
    tokio::time::sleep_until((window_start - Duration::from_secs(3)).into()).await;
    let mut samples = Samples::default();
    let mut round = 0_usize;
    while Instant::now() < end {
        let sync_started = Instant::now();
        let counted = sync_started >= window_start;
        if let Some(owned) = &member.owned {
            let mut changes = Vec::with_capacity(10);
            changes.push(author.change(
                EntityKind::Customer,
                Uuid::now_v7(),
                customer_fields(round),
            ));
            for i in 0..5 {
                let id = owned.customers[(round * 5 + i) * 7 % owned.customers.len()];
                changes.push(author.change(
                    EntityKind::Customer,
                    id,
                    json!({"phone": format!("+86 21 5555 {:04}", (round + i) % 10_000)}),
                ));
            }
            let quote = owned.quotes[round % owned.quotes.len()];
            changes.push(author.change(
                EntityKind::Quote,
                quote,
                json!({"notes": format!("第 {round} 次修改")}),
            ));
            for i in 0..3 {
                let line = owned.lines[(round * 3 + i) * 11 % owned.lines.len()];
                changes.push(author.change(
                    EntityKind::QuoteLine,
                    line,
                    json!({"discount_percent": format!("{}", (round + i) % 10)}),
                ));
            }
            let n = changes.len();
            let t = Instant::now();
            let res = client
                .push(
                    &session.token,
                    &PushRequest {
                        device_id: author.device_id,
                        changes,
                    },
                )
                .await?;
            if counted {
                samples.pushes.push(t.elapsed());
                samples.pushed += n;
            }
            if res
                .results
                .iter()
                .any(|r| r.outcome != ChangeOutcome::Accepted)
            {
                return Err("a change was rejected".into());
            }
        }
        loop {
            let t = Instant::now();
            let page = client.pull(&session.token, cursor, PULL_PAGE).await?;
            if counted {
                samples.pulls.push(t.elapsed());
                samples.pulled += page.records.len();
            }
            cursor = page.cursor;
            if !page.has_more {
                break;
            }
        }
        if counted {
            samples.syncs.push(sync_started.elapsed());
        }
        round += 1;
    }
    Ok(samples)
}
