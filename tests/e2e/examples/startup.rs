//! Cold start of the real app to an interactive window: from the WebDriver "new session" request (which
//! launches the binary) until the customers list, read from the database, is on screen and clickable.
//! Includes WebKitWebDriver's own launch overhead, so it is an upper bound.
//!
//! `cargo run --release -p fieldquote-e2e --example startup -- target/release/fieldquote [RUNS]`
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fieldquote_e2e::{Driver, close};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let binary = args.next().expect("usage: startup BINARY [RUNS]");
    let binary = std::fs::canonicalize(&binary)
        .unwrap()
        .display()
        .to_string();
    let runs: usize = args.next().map_or(5, |n| n.parse().unwrap());
    let (data, _) = fieldquote_e2e::demo_data_dir().await;
    let driver = Driver::start(data.path()).await;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let c = driver.launch(&binary, data.path()).await;
        let row = c
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("[data-testid='customer-row']"))
            .await
            .unwrap();
        assert!(row.is_enabled().await.unwrap());
        times.push(t0.elapsed());
        close(c).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "cold start to interactive customers list: min {:.0} ms, median {:.0} ms, max {:.0} ms ({runs} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
