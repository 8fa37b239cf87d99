//! The real app on a laptop-sized database (the search benchmark's: 100 000 accounts, 300 000 contacts,
//! 1 000 000 activities): how long the start screen and the accounts list take, paging through the list, and
//! the memory of the app and of its web view with that data loaded.
//!
//! `cargo run --release -p fieldquote-e2e --example big_lists -- target/release/fieldquote DATA_DIR [PAGES]`
//!
//! DATA_DIR is built by `cargo run --release -p fieldquote-store --example search_bench` (by default
//! `$CARGO_TARGET_DIR/search-bench`); this opens a copy of its database, so the benchmark's own data is not
//! touched.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use fieldquote_e2e::{Driver, close};

/// `VmRSS` and `VmHWM` of a process, in MiB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}

/// Processes whose command line contains `needle` (`/proc` scan).
fn pids_with(needle: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmd)
            .replace('\0', " ")
            .contains(needle)
        {
            out.push(pid);
        }
    }
    out
}

/// The parent of a process.
fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')')
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The text of `testid` once `ok` accepts it (up to `secs`), and how long that took.
async fn wait_for(
    c: &Client,
    testid: &str,
    secs: u64,
    ok: impl Fn(&str) -> bool,
) -> (String, Duration) {
    let t0 = Instant::now();
    loop {
        if let Ok(e) = c
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            && let Ok(t) = e.text().await
            && ok(&t)
        {
            return (t, t0.elapsed());
        }
        assert!(
            t0.elapsed() < Duration::from_secs(secs),
            "{testid} never came"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn click(c: &Client, testid: &str) {
    c.find(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let binary = std::fs::canonicalize(
        args.next()
            .expect("usage: big_lists BINARY DATA_DIR [PAGES]"),
    )
    .unwrap()
    .display()
    .to_string();
    let source = std::path::PathBuf::from(
        args.next()
            .expect("usage: big_lists BINARY DATA_DIR [PAGES]"),
    );
    let pages: usize = args.next().map_or(20, |n| n.parse().unwrap());
    assert!(
        source.join("complete").exists(),
        "{} is not a built data set",
        source.display()
    );

    // A copy of the database, so the app's own writes (its device row, the clock) stay out of the benchmark's.
    let data = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("fieldquote.db") {
            std::fs::copy(entry.path(), data.path().join(&name)).unwrap();
        }
    }
    let db_mib = std::fs::metadata(data.path().join("fieldquote.db"))
        .unwrap()
        .len() as f64
        / 1_048_576.0;

    let driver = Driver::start(data.path()).await;
    let t0 = Instant::now();
    let c = driver.launch(&binary, data.path()).await;
    // The start screen: the agenda over a million activities.
    c.wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css("[data-testid='today-date']"))
        .await
        .unwrap();
    let (_, agenda) = wait_for(&c, "today-date", 120, |t| t.len() == 10).await;
    let start = t0.elapsed().max(agenda);

    click(&c, "nav-customers").await;
    let (count, first_page) = wait_for(&c, "list-count", 120, |t| t.ends_with("accounts")).await;

    let mut steps = Vec::new();
    for _ in 0..pages {
        let (before, _) = wait_for(&c, "pager-range", 30, |t| !t.is_empty()).await;
        let t = Instant::now();
        click(&c, "pager-next").await;
        wait_for(&c, "pager-range", 30, |now| now != before).await;
        steps.push(t.elapsed());
    }
    steps.sort();
    let median = steps[steps.len() / 2];

    let t = Instant::now();
    click(&c, "sort-name").await;
    wait_for(&c, "pager-range", 60, |r| r.starts_with("1–")).await;
    let resort = t.elapsed();

    let needle = format!("--data-dir {}", data.path().display());
    let app = pids_with(&needle)
        .into_iter()
        .find(|p| !pids_with("WebKitWebDriver").contains(p))
        .expect("the app's process");
    let web: Vec<u32> = pids_with("WebKitWebProcess")
        .into_iter()
        .filter(|p| parent(*p) == Some(app))
        .collect();
    let (app_rss, app_peak) = memory(app);
    let (web_rss, web_peak) = web
        .iter()
        .map(|p| memory(*p))
        .fold((0.0, 0.0), |a, m| (a.0 + m.0, a.1 + m.1));

    println!("database {db_mib:.0} MiB ({count})");
    println!(
        "start to the agenda on screen: {:.2} s",
        start.as_secs_f64()
    );
    println!(
        "first page of the accounts list: {:.0} ms",
        first_page.as_secs_f64() * 1000.0
    );
    println!(
        "next page (median of {pages}): {:.0} ms; slowest {:.0} ms",
        median.as_secs_f64() * 1000.0,
        steps.last().unwrap().as_secs_f64() * 1000.0
    );
    println!(
        "re-sorted by name, back on page 1: {:.0} ms",
        resort.as_secs_f64() * 1000.0
    );
    println!("app process: RSS {app_rss:.0} MiB, peak {app_peak:.0} MiB");
    println!(
        "web view ({} process): RSS {web_rss:.0} MiB, peak {web_peak:.0} MiB",
        web.len()
    );
    close(c).await;
    drop(driver);
    assert!(Path::new(&binary).exists());
}
