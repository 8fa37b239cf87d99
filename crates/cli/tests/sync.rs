//! `fq login` and `fq sync` through the real binary against the real server, in process on SQLite.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

#[path = "../../sync/tests/common/mod.rs"]
mod common;

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use common::{PASSWORD, Server, ServerDb};
use fieldquote_server::entities::app_user::Role;

const PW_VAR: &str = "FQ_TEST_SYNC_PASSWORD";
const REP: &str = "rep@example.cn";

/// `fq --data-dir DIR ARGS` with the password in [`PW_VAR`] and no proxy settings inherited.
fn fq(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = cargo_bin_cmd!("fq")
        .env(PW_VAR, PASSWORD)
        // Deterministic on desktops too: never the developer's real keychain.
        .env("FIELDQUOTE_NO_KEYCHAIN", "1")
        .env("FQ_TEST_WRONG_PASSWORD", "not the password")
        .env_remove("FIELDQUOTE_DATA_DIR")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `fq login` as the rep against `base`, reading the password from `var`.
fn login(d: &Path, base: &str, var: &str) -> (bool, String, String) {
    fq(
        d,
        &[
            "login",
            "--server",
            base,
            "--email",
            REP,
            "--password-env",
            var,
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_then_sync_through_fq() {
    let db = ServerDb::new();
    let mut server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server
        .import("PLC-200,PLC 控制器,,台,3880.00,CNY,13\nCBL-5,Cable,,pcs,12.50,CNY,13\n")
        .await;
    let base = server.base.clone();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let (ok, _, err) = fq(d, &["sync"]);
    assert!(!ok && err.contains("run fq login first"), "{err}");

    let (ok, _, err) = login(d, &base, "FQ_TEST_WRONG_PASSWORD");
    assert!(!ok && err.contains("sign-in to"), "{err}");
    let (ok, _, err) = login(d, &base, "FQ_TEST_UNSET_VAR");
    assert!(!ok && err.contains("FQ_TEST_UNSET_VAR is not set"), "{err}");

    let (ok, out, err) = login(d, &base, PW_VAR);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Signed in to {base} as User {REP} <{REP}> (rep).")),
        "{out}"
    );
    assert!(
        out.contains("could not be remembered") && out.contains(PW_VAR),
        "{out}"
    );

    let (ok, _, err) = fq(d, &["customer", "add", "--name", "Acme"]);
    assert!(ok, "{err}");

    // No remembered sign-in and no password: a clear refusal, nothing sent.
    let (ok, _, err) = fq(d, &["sync"]);
    assert!(!ok && err.contains("--password-env"), "{err}");

    let (ok, out, err) = fq(d, &["sync", "--password-env", PW_VAR]);
    assert!(ok, "{err}");
    let prefix = format!("Synced with {base}: pushed 1 (accepted 1, rejected 0), pulled ");
    assert!(
        out.starts_with(&prefix) && out.ends_with(", conflicts 0.\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    let pulled: usize = out[prefix.len()..]
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pulled >= 2, "the catalog at least: {out}");

    let (ok, out, _) = fq(d, &["sync", "--password-env", PW_VAR]);
    assert!(ok);
    assert_eq!(
        out,
        format!("Synced with {base}: pushed 0 (accepted 0, rejected 0), pulled 0, conflicts 0.\n")
    );
    let (ok, out, _) = fq(d, &["product", "list", "--format", "json"]);
    assert!(ok);
    let products: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(products.as_array().unwrap().len(), 2);

    // The server goes away: exit 1, the change waits, the error is noted.
    server.stop().await;
    let (ok, _, err) = fq(d, &["customer", "add", "--name", "Offline Co"]);
    assert!(ok, "{err}");
    let (ok, out, err) = fq(d, &["sync", "--password-env", PW_VAR]);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(err.contains("cannot reach the server"), "{err}");
    let (ok, out, _) = fq(d, &["sync", "status", "--format", "json"]);
    assert!(ok);
    let state: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(state["pending_changes"], 1);
    assert_eq!(state["server_url"], base.as_str());
    assert!(
        state["last_error"]
            .as_str()
            .unwrap()
            .contains("cannot reach")
    );
}

#[test]
fn login_help_says_where_the_sign_in_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, _) = fq(dir.path(), &["login", "--help"]);
    assert!(ok);
    assert!(out.contains("--password-env <VAR>"), "{out}");
    assert!(out.contains("never written to disk in plain text"), "{out}");
    assert!(
        out.contains("OS keychain") && out.contains("FIELDQUOTE_NO_KEYCHAIN"),
        "{out}"
    );
}

/// Linux without a session D-Bus (servers, CI): the keychain is tried, unreachable, and fq says so.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_reachable_keychain_the_sign_in_is_not_remembered() {
    let db = ServerDb::new();
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    let dir = tempfile::tempdir().unwrap();
    let no_bus = |args: &[&str]| {
        let out = cargo_bin_cmd!("fq")
            .env(PW_VAR, PASSWORD)
            .env_remove("FIELDQUOTE_NO_KEYCHAIN")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/fq-test-bus",
            )
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = no_bus(&[
        "login",
        "--server",
        &server.base,
        "--email",
        REP,
        "--password-env",
        PW_VAR,
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("could not be remembered (no OS keychain is reachable"),
        "{out}"
    );
    let (ok, _, err) = no_bus(&["sync"]);
    assert!(!ok && err.contains("--password-env"), "{err}");
    let (ok, out, err) = no_bus(&["sync", "--password-env", PW_VAR]);
    assert!(ok && out.starts_with("Synced with "), "{out}{err}");
}

/// Edit the phone of customer `name` directly in the database of `d` (fq has no customer edit).
async fn set_phone(d: &Path, name: &str, phone: &str) {
    let store = fieldquote_store::Store::open(d).await.unwrap();
    let c = store.find_account_by_name(name).await.unwrap().unwrap();
    let input = fieldquote_domain::account::AccountInput {
        name: c.name.clone(),
        phone: phone.into(),
        ..Default::default()
    };
    store
        .update_account(c.id, &input, fieldquote_store::Origin::Cli)
        .await
        .unwrap();
    store.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_are_listed_and_settled_through_fq() {
    let db = ServerDb::new();
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sync = |d: &Path| {
        let (ok, out, err) = fq(d, &["sync", "--password-env", PW_VAR]);
        assert!(ok, "{err}");
        out
    };
    for d in [a.path(), b.path()] {
        assert!(login(d, &server.base, PW_VAR).0);
    }
    assert!(fq(a.path(), &["customer", "add", "--name", "Acme"]).0);
    sync(a.path());
    sync(b.path());
    // Both laptops change the phone offline; B's edit is later and wins at first.
    set_phone(a.path(), "Acme", "111").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    set_phone(b.path(), "Acme", "222").await;
    sync(b.path());
    assert!(sync(a.path()).contains("conflicts 1"));

    let (ok, out, err) = fq(a.path(), &["sync", "conflicts", "--format", "json"]);
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = &list[0];
    assert_eq!(
        (
            c["label"].as_str(),
            c["field"].as_str(),
            c["mine"].as_str(),
            c["theirs"].as_str()
        ),
        (Some("Acme"), Some("phone"), Some("111"), Some("222"))
    );
    let id = c["id"].as_str().unwrap();
    let (ok, out, _) = fq(a.path(), &["sync", "conflicts"]);
    assert!(ok && out.contains(id) && out.contains("theirs"), "{out}");
    let (ok, _, err) = fq(a.path(), &["sync", "resolve", id, "--keep", "sideways"]);
    assert!(!ok && err.contains("mine"), "{err}");
    let (ok, out, err) = fq(a.path(), &["sync", "resolve", id, "--keep", "mine"]);
    assert!(ok && out.contains("settled"), "{err}");
    let (ok, _, err) = fq(a.path(), &["sync", "resolve", id, "--keep", "mine"]);
    assert!(!ok && err.contains("not found"), "{err}");

    // The choice reaches the other laptop.
    sync(a.path());
    sync(b.path());
    let (ok, out, _) = fq(b.path(), &["customer", "list", "--format", "json"]);
    assert!(ok && out.contains("\"111\""), "{out}");
    let (_, out, _) = fq(a.path(), &["sync", "conflicts", "--format", "json"]);
    assert_eq!(out.trim(), "[]");
}

/// A one-line quote with `discount` % off on the device in `d` (whose catalog came from the server); its number.
async fn quote_with_discount(d: &Path, discount: &str) -> String {
    use fieldquote_domain::account::AccountInput;
    use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
    use fieldquote_store::{Origin, Store};
    let store = Store::open(d).await.unwrap();
    let product = store.list_products("PLC").await.unwrap()[0].id;
    let customer = store
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    let q = store
        .save_quote(
            &QuoteDraft {
                customer_id: Some(customer.id),
                lines: vec![QuoteLineDraft {
                    product_id: product,
                    quantity: "1".into(),
                    discount_percent: discount.into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    assert_eq!(q.status.as_str(), "pending_approval");
    store.close().await.unwrap();
    q.number.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_through_fq_on_the_managers_laptop_and_on_the_spot() {
    const MANAGER: &str = "manager@example.cn";
    let db = ServerDb::new();
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server.add_user(MANAGER, Role::Manager, Some("North")).await;
    server
        .import("PLC-200,PLC 控制器,,台,1000.00,CNY,13\n")
        .await;
    let base = server.base.clone();
    let (rep_dir, mgr_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (rd, md) = (rep_dir.path(), mgr_dir.path());
    let ok = |(ok, out, err): (bool, String, String)| {
        assert!(ok, "{err}");
        out
    };
    ok(login(rd, &base, PW_VAR));
    ok(fq(rd, &["sync", "--password-env", PW_VAR]));
    ok(fq(
        md,
        &[
            "login",
            "--server",
            &base,
            "--email",
            MANAGER,
            "--password-env",
            PW_VAR,
        ],
    ));

    let number = quote_with_discount(rd, "25").await;
    // A rep signs nothing, and a connected laptop does not take --by.
    let (ok_, _, err) = fq(rd, &["quote", "approve", &number]);
    assert!(!ok_ && err.contains("only a manager"), "{err}");
    let (ok_, _, err) = fq(rd, &["quote", "approve", &number, "--by", "Boss"]);
    assert!(!ok_ && err.contains("drop --by"), "{err}");
    ok(fq(rd, &["sync", "--password-env", PW_VAR]));

    // The manager's laptop lists it and refuses it with a comment; the rep gets the refusal.
    ok(fq(md, &["sync", "--password-env", PW_VAR]));
    let list: serde_json::Value =
        serde_json::from_str(&ok(fq(md, &["approvals", "--format", "json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["number"], number.as_str());
    assert_eq!(list[0]["requested_by"], format!("User {REP}"));
    assert_eq!(list[0]["max_discount"], "25");
    assert_eq!(list[0]["limit"], "15");
    assert!(ok(fq(md, &["approvals"])).contains(&number));
    let refused: serde_json::Value = serde_json::from_str(&ok(fq(
        md,
        &[
            "quote",
            "reject-approval",
            &number,
            "--comment",
            "最多 20%",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(refused["status"], "draft");
    ok(fq(md, &["sync", "--password-env", PW_VAR]));
    assert!(ok(fq(md, &["approvals"])).contains("No quotes wait"));
    ok(fq(rd, &["sync", "--password-env", PW_VAR]));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(fq(rd, &["quote", "show", &number, "--format", "json"]))).unwrap();
    assert_eq!(shown["status"], "draft");
    assert_eq!(
        shown["approval"]["comment"],
        format!("Refused by User {MANAGER}: 最多 20%")
    );

    // On the spot: the manager types their password on the rep's laptop (not synced yet).
    let second = quote_with_discount(rd, "30").await;
    let on_the_spot = |var: &str| {
        fq(
            rd,
            &[
                "quote",
                "approve",
                &second,
                "--manager",
                MANAGER,
                "--password-env",
                var,
                "--sign-in-password-env",
                PW_VAR,
                "--comment",
                "现场批准",
                "--format",
                "json",
            ],
        )
    };
    let (ok_, _, err) = on_the_spot("FQ_TEST_WRONG_PASSWORD");
    assert!(
        !ok_ && err.contains("did not accept the manager's sign-in")
            && err.contains("nothing was decided"),
        "{err}"
    );
    let approved: serde_json::Value = serde_json::from_str(&ok(on_the_spot(PW_VAR))).unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(
        approved["approval"]["approved_by"],
        format!("User {MANAGER}")
    );
    assert_eq!(approved["approval"]["comment"], "现场批准");
    ok(fq(rd, &["quote", "send", &second]));
    assert!(ok(fq(rd, &["sync", "--password-env", PW_VAR])).contains("rejected 0"));
}
