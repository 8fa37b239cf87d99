//! Search latency on a laptop-sized database: 100 000 accounts, 300 000 contacts and 1 000 000 activity
//! notes in Chinese and English, searched through `Store::search` (the app's and `fq search`'s path).
//!
//! `cargo run --release -p fieldquote-store --example search_bench [-- DIR [QUERIES]]`
//!
//! The database is built once into DIR (default `$CARGO_TARGET_DIR/search-bench`, else
//! `target/search-bench`) and reused by later runs: rows are inserted with plain SQL in batches (as a first
//! sync would write them; the index triggers note each one) and each batch is indexed by the store before
//! the next. Then QUERIES (default 200) queries of each kind are timed, and the index's size on disk is
//! compared with the data it indexes (SQLite's `dbstat`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fieldquote_store::{DB_FILE, Store};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, TransactionTrait};

const ACCOUNTS: usize = 100_000;
const CONTACTS: usize = 300_000;
const ACTIVITIES: usize = 1_000_000;
const BATCH: usize = 20_000;
const ROWS_PER_INSERT: usize = 400;

/// A small deterministic generator (xorshift64*), so every build makes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const CITIES: &[&str] = &[
    "北京", "上海", "深圳", "广州", "苏州", "杭州", "南京", "成都", "武汉", "西安", "天津", "重庆",
    "宁波", "无锡", "青岛", "大连", "厦门", "长沙", "郑州", "合肥", "佛山", "东莞", "济南", "福州",
    "昆明", "沈阳", "常州", "温州", "嘉兴", "珠海",
];
/// Characters of brand names, two at a time (3 600 brands).
const BRAND: &str = "华精恒信达泰瑞安联盛科创东方金鼎宏远中天海博新力通元美亚迅德和嘉兴隆康明宇光正泽润祥福鑫丰凯腾飞龙凤鹏成昌晨辉航";
const TRADES: &[&str] = &[
    "机械",
    "电子",
    "科技",
    "精密制造",
    "自动化",
    "化工",
    "医疗器械",
    "新能源",
    "汽车零部件",
    "物流",
    "软件",
    "仪器仪表",
    "材料",
    "环保",
    "食品",
    "纺织",
    "建材",
    "半导体",
    "通信",
    "光电",
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "集团有限公司", "技术有限公司"];
const LATIN: &[&str] = &[
    "Nordic",
    "Lindqvist",
    "Siemens",
    "Atlas",
    "Baltic",
    "Carrara",
    "Delta",
    "Everest",
    "Falcon",
    "Granite",
    "Harbor",
    "Ingersoll",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northwind",
    "Orion",
    "Pioneer",
    "Quantum",
    "Riverside",
    "Sterling",
    "Titan",
    "Unity",
    "Vanguard",
    "Westfield",
    "Xenon",
    "Yardley",
    "Zenith",
    "Acme",
    "Bergström",
    "Castell",
    "Dunmore",
    "Eriksen",
    "Fairbanks",
    "Gallagher",
];
const LATIN_KINDS: &[&str] = &[
    "Process",
    "Industries",
    "Automation",
    "Medical",
    "Logistics",
    "Systems",
    "Engineering",
    "Components",
];
const LATIN_SUFFIXES: &[&str] = &["AB", "GmbH", "Ltd", "Inc", "S.p.A.", "Oy", "BV"];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁";
const GIVEN: &str =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌浩宇欣怡晨阳雪梅海波";
const TITLES: &[&str] = &[
    "采购经理",
    "总工程师",
    "技术总监",
    "财务总监",
    "总经理",
    "设备主管",
    "Purchasing Manager",
    "CTO",
];
const INDUSTRIES: &[&str] = &[
    "制造业",
    "汽车",
    "电子",
    "医疗",
    "能源",
    "化工",
    "物流",
    "Manufacturing",
    "Automotive",
];
const REGIONS: &[&str] = &[
    "华东",
    "华南",
    "华北",
    "西南",
    "华中",
    "东北",
    "Europe",
    "North America",
];
const SUBJECTS: &[&str] = &[
    "技术交流",
    "拜访客户",
    "报价跟进",
    "产品演示",
    "需求调研",
    "商务谈判",
    "合同评审",
    "售后回访",
    "Demo",
    "Follow-up call",
    "Site visit",
    "Quarterly review",
];
const SENTENCES: &[&str] = &[
    "客户对新产品线很感兴趣",
    "讨论了二期扩产的设备需求",
    "采购部门希望下周收到正式报价",
    "技术总监关注交货周期和售后服务",
    "竞争对手报价低了百分之五",
    "需要安排工厂参观",
    "预算已经批下来了",
    "决策人是总经理",
    "对方提出付款条件要求三个月账期",
    "演示了远程监控系统",
    "客户反馈上一批货物包装破损",
    "约定月底前完成技术方案",
    "They asked for a quote on the spare parts kit.",
    "Discussed delivery terms and the warranty extension.",
    "The plant manager wants a demo of the monitoring system.",
    "Budget approval expected next quarter.",
    "Competitor offered a lower price but longer lead time.",
    "Follow up with the procurement team on Friday.",
];

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

struct Vocab {
    brand: Vec<char>,
    surnames: Vec<char>,
    given: Vec<char>,
}

impl Vocab {
    fn brand(&self, rng: &mut Rng) -> String {
        [
            self.brand[rng.below(self.brand.len())],
            self.brand[rng.below(self.brand.len())],
        ]
        .iter()
        .collect()
    }
}

fn account_name(rng: &mut Rng, v: &Vocab) -> String {
    if rng.below(10) < 7 {
        format!(
            "{}{}{}{}",
            rng.pick(CITIES),
            v.brand(rng),
            rng.pick(TRADES),
            rng.pick(SUFFIXES)
        )
    } else {
        format!(
            "{}-{} {} {}",
            rng.pick(LATIN),
            rng.pick(LATIN),
            rng.pick(LATIN_KINDS),
            rng.pick(LATIN_SUFFIXES)
        )
    }
}

fn person(rng: &mut Rng, v: &Vocab) -> String {
    let mut name = String::new();
    name.push(v.surnames[rng.below(v.surnames.len())]);
    for _ in 0..1 + rng.below(2) {
        name.push(v.given[rng.below(v.given.len())]);
    }
    name
}

fn notes(rng: &mut Rng, v: &Vocab) -> String {
    let mut out = String::new();
    for _ in 0..2 + rng.below(4) {
        out.push_str(rng.pick(SENTENCES));
        if rng.below(4) == 0 {
            out.push_str(&format!("（{}{}）", v.brand(rng), rng.pick(TRADES)));
        }
        out.push(' ');
    }
    out
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn uuid(n: usize, kind: u8) -> String {
    format!("00000000-0000-7000-{kind:04x}-{n:012x}")
}

/// Insert `count` rows made by `row` (each a list of SQL literals) into `table`, in batches, indexing each
/// batch through the store.
async fn fill(
    db: &DatabaseConnection,
    store: &Store,
    table: &str,
    columns: &str,
    count: usize,
    mut row: impl FnMut(usize) -> String,
) {
    let started = Instant::now();
    for batch in (0..count).step_by(BATCH) {
        let txn = db.begin().await.unwrap();
        let end = (batch + BATCH).min(count);
        let mut i = batch;
        while i < end {
            let upto = (i + ROWS_PER_INSERT).min(end);
            let values: Vec<String> = (i..upto).map(&mut row).collect();
            txn.execute_unprepared(&format!(
                "INSERT INTO {table} ({columns}) VALUES {}",
                values.join(", ")
            ))
            .await
            .unwrap();
            i = upto;
        }
        txn.commit().await.unwrap();
        // A search brings the index up to date with the rows written behind the store's back.
        store.search("x", 1).await.unwrap();
    }
    println!(
        "  {count} {table} rows written and indexed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

async fn build(dir: &Path) {
    println!("building the data set in {} (once)", dir.display());
    let store = Store::open(dir).await.unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join(DB_FILE).display());
    let db = Database::connect(&url).await.unwrap();
    let v = Vocab {
        brand: chars(BRAND),
        surnames: chars(SURNAMES),
        given: chars(GIVEN),
    };
    let owner = quote(&uuid(0, 0));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    fill(
        &db,
        &store,
        "customer",
        "id, name, contact_person, phone, email, address, tax_id, industry, region, notes, sort_key, updated_at, owner_id",
        ACCOUNTS,
        |i| {
            let name = account_name(&mut rng, &v);
            let row = format!(
                "({}, {}, {}, {}, {}, '', {}, {}, {}, {}, {}, '001765000000000000-00000-bench', {owner})",
                quote(&uuid(i, 1)),
                quote(&name),
                quote(&person(&mut rng, &v)),
                quote(&format!("0{:03}-{:08}", rng.below(1000), rng.below(100_000_000))),
                quote(&format!("info{i}@example.cn")),
                quote(&format!("91{:016}", rng.next() % 10_000_000_000_000_000)),
                quote(rng.pick(INDUSTRIES)),
                quote(rng.pick(REGIONS)),
                quote(if rng.below(3) == 0 { "重点客户，年度框架协议" } else { "" }),
                quote(&fieldquote_domain::sort_key::sort_key(&name)),
            );
            row
        },
    )
    .await;
    fill(
        &db,
        &store,
        "contact",
        "id, account_id, name, title, phone, email, wechat, updated_at, owner_id",
        CONTACTS,
        |i| {
            format!(
                "({}, {}, {}, {}, {}, {}, {}, '001765000000000000-00000-bench', {owner})",
                quote(&uuid(i, 2)),
                quote(&uuid(rng.below(ACCOUNTS), 1)),
                quote(&person(&mut rng, &v)),
                quote(rng.pick(TITLES)),
                quote(&format!(
                    "1{}{:09}",
                    3 + rng.below(7),
                    rng.below(1_000_000_000)
                )),
                quote(&format!("user{i}@mail{}.com", rng.below(500))),
                quote(&format!("wx_{i}")),
            )
        },
    )
    .await;
    fill(
        &db,
        &store,
        "activity",
        "id, account_id, kind, subject, notes, outcome, next_step, starts_at, updated_at, owner_id",
        ACTIVITIES,
        |i| {
            format!(
                "({}, {}, 'visit', {}, {}, {}, {}, '2026-11-02T09:00:00+08:00', '001765000000000000-00000-bench', {owner})",
                quote(&uuid(i, 3)),
                quote(&uuid(rng.below(ACCOUNTS), 1)),
                quote(rng.pick(SUBJECTS)),
                quote(&notes(&mut rng, &v)),
                quote(if rng.below(2) == 0 { "客户同意试用" } else { "" }),
                quote(if rng.below(2) == 0 { "发送正式报价" } else { "Send the revised quote" }),
            )
        },
    )
    .await;
    db.close().await.unwrap();
    store.close().await.unwrap();
    std::fs::write(dir.join("complete"), "built\n").unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn time_queries(store: &Store, label: &str, queries: &[String]) {
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in queries {
        let started = Instant::now();
        let found = store.search(q, 20).await.unwrap();
        times.push(started.elapsed());
        hits += found.len();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label:<34} p50 {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms  ({} queries, {:.1} hits each)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
        queries.len(),
        hits as f64 / queries.len() as f64
    );
}

async fn sizes(dir: &Path) {
    let url = format!("sqlite://{}?mode=ro", dir.join(DB_FILE).display());
    let db = Database::connect(&url).await.unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name",
        ))
        .await
        .unwrap();
    let mut index = 0i64;
    let mut data = 0i64;
    for r in rows {
        let name: String = r.try_get_by_index(0).unwrap();
        let bytes: i64 = r.try_get_by_index(1).unwrap();
        if name.starts_with("search_") || name.starts_with("idx_search_") {
            index += bytes;
        } else if ["customer", "contact", "activity"].contains(&name.as_str())
            || name.starts_with("sqlite_autoindex_customer")
            || name.starts_with("sqlite_autoindex_contact")
            || name.starts_with("sqlite_autoindex_activity")
        {
            data += bytes;
        }
    }
    let mib = |b: i64| b as f64 / 1024.0 / 1024.0;
    let file = std::fs::metadata(dir.join(DB_FILE)).unwrap().len();
    println!(
        "  disk: search index {:.0} MiB (tables search_*), the indexed tables {:.0} MiB (customer, contact, activity with their primary keys), ratio {:.2}; file {:.0} MiB",
        mib(index),
        mib(data),
        index as f64 / data as f64,
        mib(i64::try_from(file).unwrap())
    );
    db.close().await.unwrap();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(
        || {
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| PathBuf::from("target"), PathBuf::from)
                .join("search-bench")
        },
        PathBuf::from,
    );
    let per_kind: usize = args
        .next()
        .map_or(200, |n| n.parse().expect("QUERIES: a number"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        if !dir.join("complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            build(&dir).await;
        } else {
            println!("reusing the data set in {}", dir.display());
        }
        sizes(&dir).await;
        let store = Store::open(&dir).await.unwrap();
        let v = Vocab {
            brand: chars(BRAND),
            surnames: chars(SURNAMES),
            given: chars(GIVEN),
        };
        let mut rng = Rng(42);
        let two: Vec<String> = (0..per_kind).map(|_| v.brand(&mut rng)).collect();
        let four: Vec<String> = (0..per_kind)
            .map(|_| format!("{}{}", rng.pick(CITIES), v.brand(&mut rng)))
            .collect();
        let prefix: Vec<String> = (0..per_kind)
            .map(|_| rng.pick(LATIN).chars().take(4 + rng.below(3)).collect())
            .collect();
        let people: Vec<String> = (0..per_kind).map(|_| person(&mut rng, &v)).collect();
        let pinyin: Vec<String> = (0..per_kind)
            .map(|_| {
                let brand = v.brand(&mut rng);
                fieldquote_domain::search::pinyin(&brand)
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        // Warm the page cache once, as an app that has been open a while has.
        for q in two.iter().chain(&four).chain(&prefix).take(50) {
            store.search(q, 20).await.unwrap();
        }
        println!("search latency, Store::search with limit 20 (release build):");
        time_queries(&store, "2-character Chinese (a brand)", &two).await;
        time_queries(&store, "4-character Chinese (city + brand)", &four).await;
        time_queries(&store, "English prefix (4-6 letters)", &prefix).await;
        time_queries(&store, "a contact's name (2-3 characters)", &people).await;
        time_queries(&store, "pinyin of a brand (full)", &pinyin).await;
        let common: Vec<String> = ["有限", "公司", "客户", "报价", "quote", "the", "a", "zh"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        time_queries(&store, "very common words (worst case)", &common).await;
        store.close().await.unwrap();
    });
}
