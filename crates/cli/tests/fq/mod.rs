//! Running the real `fq` binary on a data directory, for the CLI tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// `fq --data-dir DIR ARGS…`, its exit status and output.
pub fn fq(dir: &Path, args: &[&str]) -> std::process::Output {
    cargo_bin_cmd!("fq")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

/// The standard output of a run that must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = fq(dir, args);
    assert!(
        out.status.success(),
        "fq {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The JSON printed by a run that must succeed.
pub fn ok_json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

/// A run that must fail (exit status 1) with every one of `needles` in its error.
pub fn fails_with(dir: &Path, args: &[&str], needles: &[&str]) {
    let out = fq(dir, args);
    assert_eq!(out.status.code(), Some(1), "fq {args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in needles {
        assert!(err.contains(needle), "fq {args:?}: {needle:?} not in {err}");
    }
}

/// What the database holds, every table's rows (read with Python's sqlite3): a refused command must leave it as it
/// was. Not the files' bytes: closing the last connection may move the write-ahead log into the database file
/// (a checkpoint), which changes the bytes and not what is stored.
pub fn db_bytes(dir: &Path) -> String {
    let db = dir.join("fieldquote.db");
    assert!(db.is_file(), "no database file in {}", dir.display());
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            // Every ordinary table, row by row; the search index (virtual tables and their shadows) is
            // derived from them.
            "import sqlite3, sys\n\
             c = sqlite3.connect(sys.argv[1])\n\
             names = [n for (n, q) in c.execute(\"SELECT name, sql FROM sqlite_master WHERE type = 'table' \
             ORDER BY name\") if not n.startswith(('search_', 'sqlite_')) and 'VIRTUAL' not in (q or '')]\n\
             for n in names:\n\
             \x20   for row in c.execute('SELECT * FROM \"%s\" ORDER BY 1' % n):\n\
             \x20       print(n, repr(row))",
        ])
        .arg(&db)
        .output()
        .expect("python3 (with its sqlite3 module) is installed");
    assert!(
        out.status.success(),
        "dumping {}: {}",
        db.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
