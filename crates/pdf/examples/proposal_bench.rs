//! Times a 40-page proposal: 15 photos (1600×1200 JPEGs), a 300-line pricing table, bilingual.
//!
//! ```text
//! cargo run --release -p fieldquote-pdf --example proposal_bench
//! ```
//! Prints the first render (which also parses the bundled font), then min and median over several renders,
//! the page count and the PDF's size. The proposal is built by the tests' own builder
//! (`tests/common/proposal.rs`) through `fieldquote_domain::proposal::build_proposal`.

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::time::Instant;

use common::proposal::{Shape, proposal};

const RUNS: usize = 5;

fn main() {
    let (doc, blobs) = proposal(&Shape::large());
    let images = |sha: &str| blobs.get(sha);
    let image_bytes: usize = blobs.0.values().map(Vec::len).sum();

    let started = Instant::now();
    let first = fieldquote_pdf::proposal::render(&doc, &images).expect("the proposal renders");
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;

    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let bytes = fieldquote_pdf::proposal::render(&doc, &images).expect("the proposal renders");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(bytes, first, "rendering is deterministic");
    }
    times.sort_by(f64::total_cmp);
    let dir = std::env::temp_dir().join("fieldquote-proposal-bench.pdf");
    std::fs::write(&dir, &first).expect("write the PDF");
    let pages = std::process::Command::new("pdfinfo")
        .arg(&dir)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into());
    println!(
        "proposal: {pages} pages, {} images ({:.1} MB of JPEG in), {} quote lines",
        blobs.0.len(),
        image_bytes as f64 / 1e6,
        doc.pricing.as_ref().map_or(0, |p| p.lines.len())
    );
    println!(
        "first render {first_ms:.0} ms; then min {:.0} ms, median {:.0} ms over {RUNS}",
        times[0],
        times[RUNS / 2]
    );
    println!(
        "size {} bytes ({:.2} MB); written to {}",
        first.len(),
        first.len() as f64 / 1e6,
        dir.display()
    );
}
