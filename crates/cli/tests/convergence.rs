//! Three devices converge through faults: a randomized sync test on real SQLite files and real `fq` processes,
//! against the real server on SQLite and on PostgreSQL.
//!
//! # The scenario
//!
//! Team North has two reps (`rep-a`, `rep-b`) and their manager, each on a laptop of their own (a data dir, a
//! SQLite file). A rep of team South and an admin exist on the server only. The server's catalog is large
//! enough that a first pull takes several pages, and the admin reprices part of it every round, so every pull
//! applies a few hundred records.
//!
//! Each round, every laptop makes random offline changes through the store's API: customers created and
//! edited, quotes created and edited (notes, quantities, discounts, lines added and dropped, a dropped line
//! being a deletion). The manager also edits the reps' customers and quotes, so the same fields of the same
//! records are edited concurrently on two laptops. Then the laptops sync, in random order (some stay offline
//! for the round), each through `fq sync` as a child process talking to the server through a TCP proxy that
//! injects one fault per attempt: the connection cut part-way through a push request or its answer, or a pull
//! request or its answer, or the `fq` process killed (SIGKILL) shortly after a pull's answer starts arriving,
//! i.e. while it receives or applies pulled pages. After the last round every laptop syncs twice without
//! faults.
//!
//! Every written value is unique (a counter in it), so a value names the write that made it. Before each sync
//! the test copies every laptop's outbox: the changes made, with their clock readings and the readings of the
//! values their author had seen (`base`).
//!
//! # What is checked at the end
//!
//! 1. **Nothing pending or refused**: every outbox is empty, no change was rejected.
//! 2. **No change lost**: every record on the server is, field by field, the last writer (by clock) among all
//!    changes any laptop made to it; no record exists on the server that no change made (besides the catalog).
//! 3. **Scoping**: the server shows each user exactly the records their role allows (a rep their own, the
//!    manager the team's, nobody team South's), plus the catalog.
//! 4. **Convergence**: each laptop's tables (customers, quotes, quote lines, products, tombstones included)
//!    hold exactly the records the server shows its user, with the same values, owner and clock; nothing waits
//!    for a missing parent.
//! 5. **Conflicts**: the device records a conflict when its own value of a field is replaced by another
//!    device's write made without having seen it. Precisely, for each record, each checked field (customer
//!    fields, quote notes, line quantities, and deletion) and each laptop `D` that wrote it: let `e` be `D`'s
//!    last write of the field. If the field's final value differs from `e`'s, and no other laptop's later
//!    write replaced `e` knowingly — for a plain field, one whose `base` is `e`'s clock; for deletion, which
//!    carries no `base`, one that wrote the same value as `e` (then `D` saw its value confirmed, not
//!    replaced) — then `D`'s `sync_conflict` table has a row for that record and field with `e`'s value as
//!    the local value. (The store may record more conflicts than that; they are not checked.)
//!
//! Run: `cargo test -p fieldquote-cli --test convergence` (the PostgreSQL variant needs
//! `FIELDQUOTE_TEST_POSTGRES_URL`, e.g. from `eval "$(scripts/postgres-test-cluster start)"`; without it it is
//! skipped, except under `CI`, where it fails). The seed is printed; `FIELDQUOTE_CONVERGENCE_SEED=N` replays
//! one run's random choices (the timing of faults still varies).
#![allow(clippy::unwrap_used, clippy::too_many_lines)] // test code: a panic is a failed test

#[path = "../../sync/tests/common/mod.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Backend, PASSWORD, Server, ServerDb};
use fieldquote_domain::customer::CustomerInput;
use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_domain::sync::{
    Change, ChangeOutcome, ColumnKind, DELETED, EntityKind, PushRequest, Record,
};
use fieldquote_server::catalog::Catalog;
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{Origin, Store};
use fieldquote_sync::Client;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

const PW_VAR: &str = "FQ_TEST_CONVERGENCE_PASSWORD";
const SEED_ENV: &str = "FIELDQUOTE_CONVERGENCE_SEED";
const ROUNDS: usize = 6;
/// Catalog size: more than two pull pages (`fieldquote_sync::PULL_PAGE`), so a first sync can be killed
/// between pages.
const PRODUCTS: usize = 2_400;
/// Products repriced by the admin each round.
const REPRICED: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    converge(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    converge(Backend::Postgres).await;
}

// ---- Randomness ---------------------------------------------------------------------------------

/// SplitMix64: small, seedable, good enough to pick test steps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

// ---- The fault-injecting proxy ------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Push,
    Pull,
}

impl Route {
    fn request_line(self) -> &'static [u8] {
        match self {
            Route::Push => b"POST /api/v1/sync/push",
            Route::Pull => b"GET /api/v1/sync/pull",
        }
    }
}

/// One fault, armed for the next request on its route.
#[derive(Debug)]
enum Fault {
    /// Let `n` bytes of the request through, then drop the connection.
    CutRequest(Route, usize),
    /// Let `n` bytes of the answer through, then drop the connection.
    CutResponse(Route, usize),
    /// Say when the answer starts arriving (the test then kills the client).
    Signal(Route, tokio::sync::mpsc::UnboundedSender<()>),
}

impl Fault {
    fn route(&self) -> Route {
        match self {
            Fault::CutRequest(r, _) | Fault::CutResponse(r, _) | Fault::Signal(r, _) => *r,
        }
    }
}

#[derive(Default)]
struct Armed {
    fault: Option<Fault>,
    /// Faults that met their request.
    fired: usize,
}

/// A TCP proxy on 127.0.0.1:0 in front of the server, one per laptop.
struct Proxy {
    url: String,
    armed: Arc<Mutex<Armed>>,
}

impl Proxy {
    async fn start(upstream: &str) -> Proxy {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let armed = Arc::new(Mutex::new(Armed::default()));
        let state = armed.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                tokio::spawn(relay(conn, upstream, state.clone()));
            }
        });
        Proxy { url, armed }
    }

    fn arm(&self, fault: Option<Fault>) {
        self.armed.lock().unwrap().fault = fault;
    }

    /// Disarm; whether the armed fault fired.
    fn disarm(&self) -> bool {
        let mut a = self.armed.lock().unwrap();
        let pending = a.fault.take().is_some();
        !pending
    }

    fn fired(&self) -> usize {
        self.armed.lock().unwrap().fired
    }
}

/// Take the armed fault if `chunk` starts a request on its route; the offset of the request line.
fn take_fault(armed: &Mutex<Armed>, chunk: &[u8]) -> Option<(usize, Fault)> {
    let mut a = armed.lock().unwrap();
    let line = a.fault.as_ref()?.route().request_line();
    let pos = chunk.windows(line.len()).position(|w| w == line)?;
    a.fired += 1;
    a.fault.take().map(|f| (pos, f))
}

/// How much of `n` bytes may pass with `left` bytes allowed (`None`: all), and whether to cut after them.
fn allow(left: &mut Option<usize>, n: usize) -> (usize, bool) {
    match left {
        None => (n, false),
        Some(l) => {
            let send = n.min(*l);
            *l -= send;
            (send, send < n || *l == 0)
        }
    }
}

async fn relay(client: TcpStream, upstream: SocketAddr, armed: Arc<Mutex<Armed>>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_server, mut to_server) = server.into_split();
    let mut up = vec![0_u8; 64 * 1024];
    let mut down = vec![0_u8; 64 * 1024];
    let mut up_left: Option<usize> = None;
    let mut down_left: Option<usize> = None;
    let mut signal = None;
    // Returning drops both sockets: the connection is cut both ways.
    loop {
        tokio::select! {
            r = from_client.read(&mut up) => {
                let n = match r { Ok(0) | Err(_) => return, Ok(n) => n };
                if let Some((pos, fault)) = take_fault(&armed, &up[..n]) {
                    match fault {
                        Fault::CutRequest(_, after) => up_left = Some(pos + after),
                        Fault::CutResponse(_, after) => down_left = Some(after),
                        Fault::Signal(_, tx) => signal = Some(tx),
                    }
                }
                let (send, cut) = allow(&mut up_left, n);
                if to_server.write_all(&up[..send]).await.is_err() || cut {
                    return;
                }
            }
            r = from_server.read(&mut down) => {
                let n = match r { Ok(0) | Err(_) => return, Ok(n) => n };
                if let Some(tx) = signal.take() {
                    let _ = tx.send(());
                }
                let (send, cut) = allow(&mut down_left, n);
                if to_client.write_all(&down[..send]).await.is_err() || cut {
                    return;
                }
            }
        }
    }
}

// ---- Laptops ------------------------------------------------------------------------------------

struct Laptop {
    name: &'static str,
    email: String,
    user_id: Uuid,
    role: Role,
    dir: tempfile::TempDir,
    proxy: Proxy,
    /// The node part of this laptop's clock readings.
    node: String,
}

impl Laptop {
    fn fq(&self) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_fq"));
        cmd.env(PW_VAR, PASSWORD)
            .env("FIELDQUOTE_NO_KEYCHAIN", "1")
            .env_remove("FIELDQUOTE_DATA_DIR")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("RUST_LOG")
            .arg("--data-dir")
            .arg(self.dir.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        cmd
    }

    fn db_path(&self) -> PathBuf {
        self.dir.path().join(fieldquote_store::DB_FILE)
    }

    /// `fq sync` with `fault` armed at the proxy. `kill_after`: kill the process this long after the
    /// answer to a request on the fault's route started arriving.
    async fn sync(&self, fault: Option<Fault>, kill_after: Option<Duration>) -> SyncRun {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let fault = match (fault, kill_after) {
            (Some(Fault::Signal(route, _)), Some(_)) => Some(Fault::Signal(route, tx)),
            (f, _) => f,
        };
        let armed = fault.is_some();
        self.proxy.arm(fault);
        let mut child = self
            .fq()
            .args(["sync", "--password-env", PW_VAR])
            .spawn()
            .unwrap();
        let mut killed = false;
        let mut pulling = None;
        if let Some(delay) = kill_after {
            tokio::select! {
                _ = child.wait() => {}
                Some(()) = rx.recv() => {
                    let answered = Instant::now();
                    tokio::select! {
                        _ = child.wait() => pulling = Some(answered.elapsed()),
                        () = tokio::time::sleep(delay) => killed = child.start_kill().is_ok(),
                    }
                }
            }
        }
        let out = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .expect("fq sync finished")
            .unwrap();
        let fired = self.proxy.disarm() && armed;
        let killed = killed && out.status.signal() == Some(9);
        SyncRun {
            ok: out.status.success(),
            fired,
            killed,
            pulling,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

struct SyncRun {
    ok: bool,
    fired: bool,
    /// Killed by the test (not finished first).
    killed: bool,
    /// With a kill armed that came too late: how long `fq` ran after its pull's answer began.
    pulling: Option<Duration>,
    stdout: String,
    stderr: String,
}

// ---- The test's record of every change ------------------------------------------------------------

#[derive(Default)]
struct Ledger {
    /// Every change any laptop made (by change id), as its outbox held it.
    changes: BTreeMap<Uuid, Change>,
}

impl Ledger {
    /// Copy `store`'s outbox (laptop `who`'s).
    async fn capture(&mut self, store: &Store) {
        for c in store.outbox_batch(u64::MAX).await.unwrap() {
            let old = self.changes.insert(c.change.change_id, c.change.clone());
            assert!(
                old.is_none_or(|o| o == c.change),
                "a change was altered in the outbox"
            );
        }
    }

    /// Changes per record.
    fn by_record(&self) -> BTreeMap<(EntityKind, Uuid), Vec<&Change>> {
        let mut m: BTreeMap<_, Vec<&Change>> = BTreeMap::new();
        for c in self.changes.values() {
            m.entry((c.entity, c.entity_id)).or_default().push(c);
        }
        m
    }
}

/// One write of one field: its clock, value and the clock its author had seen.
#[derive(Clone, Debug)]
struct FieldWrite {
    hlc: String,
    value: Value,
    base: Option<String>,
    node: String,
}

/// Every write of `field` among `changes`, by clock. `_deleted` is written by every change.
fn writes_of(changes: &[&Change], field: &str) -> Vec<FieldWrite> {
    let mut w: Vec<FieldWrite> = changes
        .iter()
        .filter_map(|c| {
            let value = if field == DELETED {
                Value::Bool(c.deleted)
            } else {
                c.fields.get(field)?.clone()
            };
            Some(FieldWrite {
                hlc: c.hlc.clone(),
                value,
                base: c.base.get(field).cloned(),
                node: fieldquote_domain::sync::clock_node(&c.hlc)
                    .unwrap_or_default()
                    .to_string(),
            })
        })
        .collect();
    w.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    w
}

// ---- Random offline work ----------------------------------------------------------------------------

/// Fresh values: every one written in the test is unique.
struct Values(u64);

impl Values {
    fn next(&mut self, who: &str, what: &str) -> String {
        self.0 += 1;
        format!("{who} {what} {}", self.0)
    }

    fn quantity(&mut self) -> String {
        self.0 += 1;
        self.0.to_string()
    }
}

fn customer_input(v: &mut Values, who: &str) -> CustomerInput {
    let n = v.next(who, "");
    let tag = n.split_whitespace().last().unwrap().to_string();
    CustomerInput {
        name: v.next(who, "customer"),
        contact_person: v.next(who, "contact"),
        phone: format!("+86 10 {tag}"),
        email: format!("c{tag}@example.cn"),
        address: v.next(who, "address"),
        tax_id: v.next(who, "tax id"),
    }
}

/// `count` random changes on laptop `who` through the store's API.
async fn offline_work(
    store: &Store,
    laptops: &[Laptop],
    who: usize,
    rng: &mut Rng,
    v: &mut Values,
    count: usize,
) -> BTreeMap<&'static str, usize> {
    let me = &laptops[who];
    let mut done = BTreeMap::new();
    let products = store.list_products("").await.unwrap();
    for _ in 0..count {
        let customers = store.list_customers("").await.unwrap();
        let quotes = store.list_quotes("").await.unwrap();
        let roll = rng.below(100);
        let op = if customers.is_empty() || roll < 15 {
            let c = store
                .create_customer(&customer_input(v, me.name), Origin::Ui)
                .await
                .unwrap();
            assert!(!c.id.is_nil());
            "customer created"
        } else if roll < 45 {
            // The manager sees (and edits) the team's customers.
            let c = &customers[hot_pick(rng, customers.iter().map(|c| c.id))];
            let fresh = customer_input(v, me.name);
            let mut input = CustomerInput {
                name: c.name.clone(),
                contact_person: c.contact_person.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                address: c.address.clone(),
                tax_id: c.tax_id.clone(),
            };
            for _ in 0..rng.range(1, 3) {
                match rng.below(6) {
                    0 => input.name = fresh.name.clone(),
                    1 => input.contact_person = fresh.contact_person.clone(),
                    2 => input.phone = fresh.phone.clone(),
                    3 => input.email = fresh.email.clone(),
                    4 => input.address = fresh.address.clone(),
                    _ => input.tax_id = fresh.tax_id.clone(),
                }
            }
            store
                .update_customer(c.id, &input, Origin::Ui)
                .await
                .unwrap();
            "customer edited"
        } else if quotes.is_empty() || roll < 60 {
            let c = &customers[rng.below(customers.len())];
            let lines = (0..rng.range(1, 3))
                .map(|_| QuoteLineDraft {
                    id: None,
                    product_id: products[rng.below(products.len())].id,
                    quantity: v.quantity(),
                    discount_percent: rng.below(30).to_string(),
                    ..Default::default()
                })
                .collect();
            let draft = QuoteDraft {
                id: None,
                customer_id: Some(c.id),
                notes: v.next(me.name, "notes"),
                lines,
                ..Default::default()
            };
            store.save_quote(&draft, Origin::Ui).await.unwrap();
            "quote created"
        } else {
            let q = &quotes[hot_pick(rng, quotes.iter().map(|q| q.id))];
            let view = store.get_quote(q.id).await.unwrap();
            let mut lines: Vec<QuoteLineDraft> = view
                .lines
                .iter()
                .map(|l| QuoteLineDraft {
                    id: l.id,
                    product_id: l.product_id,
                    quantity: l.quantity.clone(),
                    discount_percent: l.discount_percent.clone(),
                    ..Default::default()
                })
                .collect();
            let mut notes = view.notes.clone();
            let what = match rng.below(5) {
                0 => {
                    notes = v.next(me.name, "notes");
                    "quote notes edited"
                }
                1 if !lines.is_empty() => {
                    let i = rng.below(lines.len());
                    lines[i].quantity = v.quantity();
                    "line quantity edited"
                }
                2 if !lines.is_empty() => {
                    let i = rng.below(lines.len());
                    lines[i].discount_percent = rng.below(30).to_string();
                    "line discount edited"
                }
                3 if lines.len() > 1 => {
                    lines.remove(rng.below(lines.len()));
                    "line dropped"
                }
                // The manager adds lines to the reps' quotes too: a line belongs to its quote's owner.
                _ => {
                    lines.push(QuoteLineDraft {
                        id: None,
                        product_id: products[rng.below(products.len())].id,
                        quantity: v.quantity(),
                        discount_percent: "0".into(),
                        ..Default::default()
                    });
                    "line added"
                }
            };
            let draft = QuoteDraft {
                id: Some(q.id),
                customer_id: view.customer.as_ref().map(|c| c.id),
                notes,
                lines,
                ..Default::default()
            };
            store.save_quote(&draft, Origin::Ui).await.unwrap();
            what
        };
        *done.entry(op).or_default() += 1;
    }
    done
}

/// The index of a record to edit: half the time one of the six oldest (ids are UUIDv7), so that laptops
/// often edit the same records.
fn hot_pick(rng: &mut Rng, ids: impl Iterator<Item = Uuid>) -> usize {
    let mut ids: Vec<(Uuid, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
    ids.sort_unstable();
    let n = if rng.percent(50) {
        ids.len().min(6)
    } else {
        ids.len()
    };
    ids[rng.below(n)].1
}

// ---- Reading a laptop's tables and the server's view ----------------------------------------------

/// A table row as the server's record would be written into it (see the store's `materialize`).
#[derive(Debug, PartialEq)]
struct Row {
    owner_id: String,
    updated_at: String,
    deleted: bool,
    values: BTreeMap<String, Value>,
}

fn expected_row(r: &Record) -> Row {
    let values = r.values();
    Row {
        owner_id: r.owner_id.to_string(),
        updated_at: r.hlc().unwrap_or_default().to_string(),
        deleted: r.is_deleted(),
        values: r
            .entity
            .columns()
            .iter()
            .map(|(name, kind)| {
                let v = values.get(*name);
                let v = match kind {
                    ColumnKind::Text => json!(v.and_then(Value::as_str).unwrap_or_default()),
                    // A field the record does not hold takes the column's default, as on a device.
                    ColumnKind::Int | ColumnKind::Int32 => json!(
                        v.and_then(Value::as_i64)
                            .unwrap_or_else(|| r.entity.int_default(name))
                    ),
                };
                ((*name).to_string(), v)
            })
            .collect(),
    }
}

async fn open_sqlite(path: &Path) -> DatabaseConnection {
    Database::connect(format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

async fn table_rows(conn: &DatabaseConnection, kind: EntityKind) -> BTreeMap<Uuid, Row> {
    let sql = format!("SELECT * FROM {}", kind.as_str());
    let rows = conn
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("", "id").unwrap();
            let deleted_at: Option<String> = r.try_get("", "deleted_at").unwrap();
            let values = kind
                .columns()
                .iter()
                .map(|(name, kind)| {
                    let v = match kind {
                        ColumnKind::Text => json!(r.try_get::<String>("", name).unwrap()),
                        ColumnKind::Int | ColumnKind::Int32 => {
                            json!(r.try_get::<i64>("", name).unwrap())
                        }
                    };
                    ((*name).to_string(), v)
                })
                .collect();
            (
                Uuid::parse_str(&id).unwrap(),
                Row {
                    owner_id: r.try_get("", "owner_id").unwrap(),
                    updated_at: r.try_get("", "updated_at").unwrap(),
                    deleted: deleted_at.is_some(),
                    values,
                },
            )
        })
        .collect()
}

async fn count(conn: &DatabaseConnection, sql: &str) -> i64 {
    let row = conn
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// Everything the server shows `email`, from the start, folded by record.
async fn server_view(base: &str, email: &str) -> BTreeMap<(EntityKind, Uuid), Record> {
    let client = Client::without_proxy(base).unwrap();
    let session = client.login(email, PASSWORD, "oracle").await.unwrap();
    let mut cursor = 0;
    let mut out = BTreeMap::new();
    loop {
        let page = client.pull(&session.token, cursor, 5_000).await.unwrap();
        for r in page.records {
            out.insert((r.record.entity, r.record.id), r.record);
        }
        cursor = page.cursor;
        if !page.has_more {
            return out;
        }
    }
}

fn catalog_csv(rng: &mut Rng, skus: impl Iterator<Item = usize>) -> String {
    let mut csv = String::from(common::CSV_HEADER);
    for i in skus {
        let price = 10 + rng.below(5_000);
        csv.push_str(&format!(
            "SKU-{i:05},Product {i},,pcs,{price}.{:02},CNY,13\n",
            rng.below(100)
        ));
    }
    csv
}

// ---- The test -----------------------------------------------------------------------------------------

async fn converge(backend: Backend) {
    let Some(db) = ServerDb::fresh(backend).await else {
        return;
    };
    let server = Server::start(&db).await;
    let pool = server.db.clone();
    // In a task of its own, so that whatever happens the server's pool is closed before its database goes:
    // a pool left open keeps reconnecting to a deleted SQLite file, and the runtime cannot shut down.
    let outcome = tokio::spawn(scenario(server, backend)).await;
    pool.close().await.unwrap();
    drop(db);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn scenario(mut server: Server, backend: Backend) {
    let started = Instant::now();
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            u64::try_from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
                    % u128::from(u64::MAX),
            )
            .unwrap()
        });
    eprintln!("convergence ({backend:?}): seed {seed} (replay with {SEED_ENV}={seed})");
    let mut rng = Rng(seed);
    let mut v = Values(0);

    server.add_team("North").await;
    server.add_team("South").await;
    server.add_user("admin@example.cn", Role::Admin, None).await;
    server
        .add_user("south@example.cn", Role::Rep, Some("South"))
        .await;
    let catalog = Catalog::new(server.db.clone());
    catalog
        .import_products(catalog_csv(&mut rng, 0..PRODUCTS).as_bytes())
        .await
        .unwrap();

    let mut laptops = Vec::new();
    for (name, role) in [
        ("rep-a", Role::Rep),
        ("rep-b", Role::Rep),
        ("manager", Role::Manager),
    ] {
        let email = format!("{name}@example.cn");
        let id = server.add_user(&email, role, Some("North")).await;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let node = store
            .device()
            .await
            .unwrap()
            .hlc
            .parse::<Hlc>()
            .unwrap()
            .node;
        store.close().await.unwrap();
        laptops.push(Laptop {
            name,
            email,
            user_id: Uuid::parse_str(&id).unwrap(),
            role,
            dir,
            proxy: Proxy::start(&server.base).await,
            node,
        });
    }
    let mut ledger = Ledger::default();

    // Team South's records, which nobody in North may see.
    {
        let client = Client::without_proxy(&server.base).unwrap();
        let session = client
            .login("south@example.cn", PASSWORD, "south-laptop")
            .await
            .unwrap();
        let mut clock = None;
        let changes: Vec<Change> = (0..3)
            .map(|_| {
                let hlc = Hlc::tick(clock.as_ref(), chrono_now_ms(), "south-laptop");
                clock = Some(hlc.clone());
                let input = customer_input(&mut v, "south");
                Change {
                    change_id: Uuid::now_v7(),
                    entity: EntityKind::Customer,
                    entity_id: Uuid::now_v7(),
                    hlc: hlc.to_string(),
                    fields: [
                        ("name", input.name),
                        ("contact_person", input.contact_person),
                        ("phone", input.phone),
                        ("email", input.email),
                        ("address", input.address),
                        ("tax_id", input.tax_id),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect(),
                    deleted: false,
                    base: BTreeMap::new(),
                }
            })
            .collect();
        let res = client
            .push(
                &session.token,
                &PushRequest {
                    device_id: Uuid::now_v7(),
                    changes: changes.clone(),
                },
            )
            .await
            .unwrap();
        assert!(
            res.results
                .iter()
                .all(|r| r.outcome == ChangeOutcome::Accepted)
        );
        for c in changes {
            ledger.changes.insert(c.change_id, c);
        }
    }

    // Sign in, and a first sync, killed at a random moment of its pulls, then finished.
    let mut stats: BTreeMap<String, usize> = BTreeMap::new();
    for l in &laptops {
        let out = l
            .fq()
            .args([
                "login",
                "--server",
                &l.proxy.url,
                "--email",
                &l.email,
                "--password-env",
                PW_VAR,
            ])
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_registered(l).await;
        let (tx, _) = tokio::sync::mpsc::unbounded_channel();
        let kill = Duration::from_millis(rng.range(0, 1_500) as u64);
        let run = l
            .sync(Some(Fault::Signal(Route::Pull, tx)), Some(kill))
            .await;
        *stats
            .entry(format!("first sync: process killed {}", run.killed))
            .or_default() += 1;
        let run = l.sync(None, None).await;
        assert!(run.ok, "{}: {}{}", l.name, run.stdout, run.stderr);
    }
    // How long pulling takes, from the first byte of an answer to the end of `fq` (grows as observed): kills
    // are timed within it.
    let mut pull_time = Duration::from_millis(100);

    for round in 0..ROUNDS {
        // The admin reprices part of the catalog: every pull applies a few hundred products.
        let start = rng.below(PRODUCTS - REPRICED);
        catalog
            .import_products(catalog_csv(&mut rng, start..start + REPRICED).as_bytes())
            .await
            .unwrap();

        let mut order: Vec<usize> = (0..laptops.len()).collect();
        rng.shuffle(&mut order);
        for &who in &order {
            let store = Store::open(laptops[who].dir.path()).await.unwrap();
            let n = rng.range(10, 30);
            let done = offline_work(&store, &laptops, who, &mut rng, &mut v, n).await;
            for (op, k) in done {
                *stats.entry(op.to_string()).or_default() += k;
            }
            ledger.capture(&store).await;
            store.close().await.unwrap();
        }

        rng.shuffle(&mut order);
        for &who in &order {
            let l = &laptops[who];
            if rng.percent(15) {
                continue; // offline this round
            }
            for attempt in 0..3 {
                // After a failure, mostly a clean retry: data must flow for laptops to edit the same records.
                let (fault, kill, label) = if attempt > 0 && rng.percent(60) {
                    (None, None, "no fault")
                } else {
                    pick_fault(&mut rng, pull_time)
                };
                let armed = fault.is_some();
                let run = l.sync(fault, kill).await;
                let label = if run.killed {
                    "process killed while pulling".to_string()
                } else if run.fired || !armed {
                    label.to_string()
                } else {
                    format!("{label} (did not fire)")
                };
                *stats.entry(format!("sync: {label}")).or_default() += 1;
                if let Some(t) = run.pulling {
                    pull_time = pull_time.max(t);
                }
                if !run.ok && !run.fired && !run.killed {
                    panic!(
                        "round {round}: {}'s sync failed without a fault: {}{}",
                        l.name, run.stdout, run.stderr
                    );
                }
                // After a failure the laptop may try again now, or stay offline until a later round.
                if run.ok || rng.percent(25) {
                    break;
                }
            }
        }
    }

    // A last fault-free round, twice: everyone sees everything.
    for _ in 0..2 {
        for l in &laptops {
            let run = l.sync(None, None).await;
            assert!(run.ok, "{}: {}{}", l.name, run.stdout, run.stderr);
        }
    }
    let synced = started.elapsed();

    let (required, recorded) = check(&server, &laptops, &ledger).await;
    server.stop().await;
    let faults: usize = laptops.iter().map(|l| l.proxy.fired()).sum();
    eprintln!(
        "convergence ({backend:?}): {} changes, {faults} faults fired, {required} conflicts required \
         ({recorded} recorded), {stats:#?}; synced in {synced:.1?}, checked in {:.1?}",
        ledger.changes.len(),
        started.elapsed() - synced
    );
}

fn chrono_now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// One sync attempt's fault: what to arm, when to kill, and a label for the tally.
fn pick_fault(
    rng: &mut Rng,
    pull_time: Duration,
) -> (Option<Fault>, Option<Duration>, &'static str) {
    match rng.below(100) {
        0..30 => (None, None, "no fault"),
        30..42 => (
            Some(Fault::CutRequest(Route::Push, rng.below(1_500))),
            None,
            "push request cut",
        ),
        42..54 => (
            Some(Fault::CutResponse(Route::Push, rng.below(600))),
            None,
            "push answer cut",
        ),
        54..64 => (
            Some(Fault::CutRequest(Route::Pull, rng.below(200))),
            None,
            "pull request cut",
        ),
        64..80 => (
            Some(Fault::CutResponse(Route::Pull, rng.below(200_000))),
            None,
            "pull answer cut",
        ),
        _ => {
            let (tx, _) = tokio::sync::mpsc::unbounded_channel();
            (
                Some(Fault::Signal(Route::Pull, tx)),
                Some(pull_time.mul_f64(rng.below(1_000) as f64 / 1_000.0)),
                "process kill armed (finished first)",
            )
        }
    }
}

/// Signing in registered the laptop: it has a quote-number prefix of its own, so two laptops' quotes never
/// share a number (a manager's laptop holds the quotes of several reps).
async fn assert_registered(l: &Laptop) {
    let conn = open_sqlite(&l.db_path()).await;
    let row = conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT quote_prefix FROM device WHERE id = 1",
        ))
        .await
        .unwrap()
        .unwrap();
    let prefix: Option<String> = row.try_get_by_index(0).unwrap();
    assert!(
        prefix.as_deref().is_some_and(|p| !p.is_empty()),
        "{} got no quote-number prefix at sign-in",
        l.name
    );
    conn.close().await.unwrap();
}

/// Check the end state (see the crate docs); returns how many conflicts were required and how many recorded.
async fn check(server: &Server, laptops: &[Laptop], ledger: &Ledger) -> (usize, usize) {
    let all = server_view(&server.base, "admin@example.cn").await;
    let by_record = ledger.by_record();
    let mut problems: Vec<String> = Vec::new();
    let (mut required, mut recorded) = (0, 0);

    // 2. No change lost: the server's records are the last writes of the changes made.
    for ((kind, id), changes) in &by_record {
        let Some(stored) = all.get(&(*kind, *id)) else {
            problems.push(format!(
                "{kind:?} {id}: made on a laptop, missing on the server"
            ));
            continue;
        };
        let mut fields: BTreeSet<&str> = changes
            .iter()
            .flat_map(|c| c.fields.keys().map(String::as_str))
            .collect();
        fields.insert(DELETED);
        for field in fields {
            let last = writes_of(changes, field).pop().unwrap();
            match stored.fields.get(field) {
                Some(f) if f.hlc == last.hlc && f.value == last.value => {}
                // The server renews the approval request of a waiting quote a rep edited: its own write,
                // later than the devices'.
                Some(f)
                    if field == "approval_requested_at"
                        && f.hlc.ends_with("-server")
                        && f.hlc > last.hlc => {}
                other => problems.push(format!(
                    "{kind:?} {id} field {field}: the last write was {:?} at {}, the server has {other:?}",
                    last.value, last.hlc
                )),
            }
        }
        if stored.fields.len()
            != changes
                .iter()
                .flat_map(|c| c.fields.keys())
                .collect::<BTreeSet<_>>()
                .len()
                + 1
        {
            problems.push(format!(
                "{kind:?} {id}: the server has fields no change wrote: {stored:?}"
            ));
        }
    }
    for key in all.keys() {
        if !key.0.server_owned() && !by_record.contains_key(key) {
            problems.push(format!("{key:?}: on the server, but no laptop made it"));
        }
    }

    let owner_of = |l: &Laptop| l.user_id;
    let team: BTreeSet<Uuid> = laptops.iter().map(owner_of).collect();
    for (who, l) in laptops.iter().enumerate() {
        // 3. Scoping.
        let view = server_view(&server.base, &l.email).await;
        let allowed: BTreeSet<(EntityKind, Uuid)> = all
            .iter()
            .filter(|(k, r)| {
                k.0.server_owned()
                    || r.owner_id == l.user_id
                    || (l.role == Role::Manager && team.contains(&r.owner_id))
            })
            .map(|(k, _)| *k)
            .collect();
        let shown: BTreeSet<_> = view.keys().copied().collect();
        if shown != allowed {
            problems.push(format!(
                "{}: the server shows {} records, the role allows {}: extra {:?}, missing {:?}",
                l.name,
                shown.len(),
                allowed.len(),
                shown.difference(&allowed).collect::<Vec<_>>(),
                allowed.difference(&shown).collect::<Vec<_>>()
            ));
        }

        // 1. and 4. The laptop holds exactly its user's view.
        let store = Store::open(l.dir.path()).await.unwrap();
        let state = store.sync_state().await.unwrap();
        if state.pending_changes != 0 || state.rejected_changes != 0 {
            problems.push(format!("{}: {state:?}", l.name));
        }
        let conflicts = store.open_conflicts().await.unwrap();
        recorded += conflicts.len();
        store.close().await.unwrap();
        let conn = open_sqlite(&l.db_path()).await;
        let waiting = count(
            &conn,
            "SELECT COUNT(*) FROM sync_shadow WHERE materialized = 0",
        )
        .await;
        if waiting != 0 {
            problems.push(format!(
                "{}: {waiting} pulled records wait for a parent",
                l.name
            ));
        }
        for kind in [
            EntityKind::Customer,
            EntityKind::Product,
            EntityKind::Quote,
            EntityKind::QuoteLine,
        ] {
            let rows = table_rows(&conn, kind).await;
            for (key, record) in view.iter().filter(|(k, _)| k.0 == kind) {
                match rows.get(&key.1) {
                    None => problems.push(format!("{}: {kind:?} {} is missing", l.name, key.1)),
                    Some(row) if *row != expected_row(record) => problems.push(format!(
                        "{}: {kind:?} {} differs:\n  laptop {row:?}\n  server {:?}",
                        l.name,
                        key.1,
                        expected_row(record)
                    )),
                    Some(_) => {}
                }
            }
            for id in rows.keys() {
                if !view.contains_key(&(kind, *id)) {
                    problems.push(format!("{}: {kind:?} {id} should not be here", l.name));
                }
            }
        }
        conn.close().await.unwrap();

        // 5. Conflicts.
        let checked: &[(EntityKind, &[&str])] = &[
            (
                EntityKind::Customer,
                &[
                    "name",
                    "contact_person",
                    "phone",
                    "email",
                    "address",
                    "tax_id",
                    DELETED,
                ],
            ),
            (EntityKind::Quote, &["notes", DELETED]),
            (EntityKind::QuoteLine, &["quantity", DELETED]),
        ];
        for ((kind, id), changes) in &by_record {
            let Some((_, fields)) = checked.iter().find(|(k, _)| k == kind) else {
                continue;
            };
            for field in *fields {
                let writes = writes_of(changes, field);
                let Some(last) = writes.last() else { continue };
                let Some(mine) = writes.iter().rev().find(|w| w.node == l.node) else {
                    continue;
                };
                if mine.value == last.value {
                    continue;
                }
                let knowingly_replaced = writes.iter().any(|x| {
                    x.hlc > mine.hlc
                        && x.node != l.node
                        && if *field == DELETED {
                            x.value == mine.value
                        } else {
                            x.base.as_deref() == Some(mine.hlc.as_str())
                        }
                });
                if knowingly_replaced {
                    continue;
                }
                required += 1;
                let local = mine.value.to_string();
                let told = conflicts.iter().any(|c| {
                    c.entity == kind.as_str()
                        && c.entity_id == id.to_string()
                        && c.field == *field
                        && c.local_value == local
                });
                if !told {
                    problems.push(format!(
                        "{} ({who}): its {kind:?} {id} {field} = {local} (at {}) was replaced by {} (at {}, \
                         from {}) without a conflict; writes: {writes:?}",
                        l.name, mine.hlc, last.value, last.hlc, last.node
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    (required, recorded)
}
