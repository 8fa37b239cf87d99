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

/// The bytes of the stored data: the database file and its write-ahead log (a refused import must leave them
/// as they were). The `-shm` file is left out: it is SQLite's shared index of the log, which any connection,
/// even one that only reads, may touch.
pub fn db_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".db") || name.ends_with(".db-wal")
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    assert!(
        files.iter().any(|(name, _)| name.ends_with(".db")),
        "no database file in {}",
        dir.display()
    );
    files.sort();
    files
}
