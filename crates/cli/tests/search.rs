//! `fq search` end to end on a fresh data directory: Chinese, English, pinyin, quotes by number, JSON and
//! table output, and refused queries that leave the database as it was.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

mod fq;
use fq::{db_bytes, fails_with, ok, ok_json};

fn titles(hits: &Value) -> Vec<(String, String)> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_string(),
                h["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fq_search_finds_accounts_quotes_and_contacts_and_refuses_bad_queries() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&data, &["demo"]);
    ok(
        &data,
        &[
            "customer",
            "add",
            "--name",
            "深圳华为技术有限公司",
            "--contact",
            "王芳",
            "--email",
            "wang.fang@huawei.com",
        ],
    );

    let hits = ok_json(&data, &["search", "华为", "--format", "json"]);
    assert_eq!(
        titles(&hits)[0],
        ("account".to_string(), "深圳华为技术有限公司".to_string())
    );
    let first = &hits[0];
    assert_eq!(first["account_id"], first["id"]);
    assert_eq!(first["rank"].as_u64(), Some(20));

    for q in ["wang.fang", "hwjs", "huawei", "为技术"] {
        let hits = ok_json(&data, &["search", q, "--format", "json"]);
        assert!(
            titles(&hits).contains(&("account".into(), "深圳华为技术有限公司".into())),
            "{q}: {hits}"
        );
    }

    // A demo quote by its number, with its client.
    let quote = ok_json(&data, &["search", "Q-2026-0001", "--format", "json"]);
    assert_eq!(quote[0]["kind"], "quote");
    assert_eq!(quote[0]["title"], "Q-2026-0001");
    assert!(!quote[0]["account_name"].as_str().unwrap().is_empty());

    let limited = ok_json(
        &data,
        &["search", "有限公司", "--limit", "2", "--format", "json"],
    );
    assert_eq!(limited.as_array().unwrap().len(), 2);

    let table = ok(&data, &["search", "华为"]);
    assert!(table.starts_with("KIND"), "{table}");
    assert!(table.contains("深圳华为技术有限公司"), "{table}");
    assert_eq!(
        ok(&data, &["search", "\"NEAR(*\""]).trim(),
        "No records match \"\"NEAR(*\"\"."
    );

    let before = db_bytes(&data);
    fails_with(&data, &["search", ""], &["query: required"]);
    fails_with(
        &data,
        &["search", &"华".repeat(20_000)],
        &["query: longer than 200 characters"],
    );
    fails_with(
        &data,
        &["search", "华为", "--limit", "0"],
        &["limit: must be greater than zero"],
    );
    assert_eq!(db_bytes(&data), before);
}
