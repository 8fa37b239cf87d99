//! `fq quote reprice --check` on the demo's quote with bundles: nothing changed in the price lists, so it has
//! nothing to offer (a sum bundle has no price of its own to "change from 31440.00 to 31440.00").
#![allow(clippy::unwrap_used)]

mod fq;

use fq::{ok, ok_json};

#[test]
fn the_demo_quote_with_bundles_has_nothing_to_reprice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["demo"]);
    let shown = ok(d, &["quote", "show", "Q-2026-0004"]);
    assert!(shown.contains("[bundle: sum of its components]"), "{shown}");

    let check = ok(d, &["quote", "reprice", "Q-2026-0004", "--check"]);
    assert_eq!(
        check.trim(),
        "Q-2026-0004: every line has the current price; nothing to re-price."
    );
    let json = ok_json(
        d,
        &[
            "quote",
            "reprice",
            "Q-2026-0004",
            "--check",
            "--format",
            "json",
        ],
    );
    assert_eq!(json["lines"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(json["prompt"], false, "{json}");
    assert_eq!(json["before"]["total"], json["after"]["total"], "{json}");

    let applied = ok(d, &["quote", "reprice", "Q-2026-0004"]);
    assert!(applied.contains("nothing to re-price"), "{applied}");
}
