//! The sign-in lock-out under attack, on SQLite and on PostgreSQL: wrong passwords sent all at once are
//! checked no more than the limit allows, also across two server processes sharing one PostgreSQL; a
//! guesser locks out only its own address, many addresses together meet the account's ceiling; the right
//! password works again once the lock ends; the counters of unknown emails stay bounded.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use common::{Backend, PASSWORD, ServerProcess, TestDb, TestServer, error_body, test_config};
use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::config::parse_proxy;
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::entities::login_throttle;
use fieldquote_server::{ServerConfig, lockout};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

on_both_backends!(
    parallel_wrong_passwords_are_checked_no_more_than_the_limit,
    parallel_right_passwords_all_sign_in,
    a_guesser_locks_out_only_its_own_address,
    forwarded_addresses_count_only_from_a_trusted_proxy,
    many_addresses_together_meet_the_accounts_ceiling,
    counters_of_unknown_emails_are_bounded,
    a_nul_in_a_sign_in_is_refused_before_anything_is_written,
);

/// How many wrong passwords are sent at once.
const BURST: usize = 48;
/// Where the tests' requests come from.
const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// Production rules, but a first lock of 1 s so the test need not wait long.
fn quick_lock() -> ServerConfig {
    let mut cfg = test_config();
    cfg.lockout.base_delay = Duration::from_secs(1);
    cfg
}

/// [`quick_lock`] behind a reverse proxy on loopback: `X-Forwarded-For` names the client.
fn behind_proxy() -> ServerConfig {
    let mut cfg = quick_lock();
    cfg.trusted_proxies = vec![parse_proxy("127.0.0.1").unwrap()];
    cfg
}

/// `POST /api/v1/auth/login` at `base`, from `forwarded_for` when given; returns the status.
async fn login_status(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> u16 {
    let mut req = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({
            "email": email, "password": password, "device_id": "laptop", "protocol_version": 3,
        }));
    if let Some(addr) = forwarded_for {
        req = req.header("x-forwarded-for", addr);
    }
    req.send().await.unwrap().status().as_u16()
}

/// Send `BURST` wrong passwords for `email` at once, spread over `bases`; returns (401s, 429s).
async fn burst(bases: &[String], email: &str) -> (usize, usize) {
    let client = common::client();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..BURST {
        let (client, base, email) = (
            client.clone(),
            bases[i % bases.len()].clone(),
            email.to_string(),
        );
        tasks.spawn(async move {
            login_status(&client, &base, &email, &format!("guess number {i}"), None).await
        });
    }
    let statuses = tasks.join_all().await;
    let refused = statuses.iter().filter(|&&s| s == 401).count();
    let locked = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!(refused + locked, BURST, "only 401 or 429: {statuses:?}");
    (refused, locked)
}

/// Wait until `email` signs in with the right password (the lock has ended), at most `within`; returns
/// how long that took.
async fn signs_in_again(base: &str, email: &str, within: Duration) -> Duration {
    let client = common::client();
    let started = Instant::now();
    loop {
        match login_status(&client, base, email, PASSWORD, None).await {
            200 => return started.elapsed(),
            429 if started.elapsed() < within => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            other => panic!(
                "the right password got {other} after {:?}",
                started.elapsed()
            ),
        }
    }
}

async fn source_counter(s: &TestServer, email: &str, from: IpAddr) -> login_throttle::Model {
    let [source, _] = lockout::counters(email, from);
    login_throttle::Entity::find_by_id(source.key)
        .one(s.accounts.db().connection())
        .await
        .unwrap()
        .expect("counter")
}

async fn parallel_wrong_passwords_are_checked_no_more_than_the_limit(backend: Backend) {
    let Some(s) = TestServer::start_with(backend, quick_lock()).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let limit = s.accounts.config().lockout.max_failures as usize;
    let (refused, locked) = burst(std::slice::from_ref(&s.base), "ann@example.com").await;
    eprintln!(
        "{backend:?}: {BURST} wrong passwords at once: {refused} checked (401), {locked} locked out (429)"
    );
    assert_eq!(refused, limit, "exactly the limit is checked");
    assert_eq!(locked, BURST - limit);
    let row = source_counter(&s, "ann@example.com", LOOPBACK).await;
    assert_eq!((row.failures, row.pending), (limit as i32, 0));
    assert_eq!(row.locked_until, Some(row.last_failure_at + 1000));
    // Locked: the right password waits too; once the lock ends it works.
    let waited = signs_in_again(&s.base, "ann@example.com", Duration::from_secs(5)).await;
    eprintln!("{backend:?}: the right password worked again after {waited:?}");
    assert!(
        waited >= Duration::from_millis(300),
        "it was locked: {waited:?}"
    );
}

async fn parallel_right_passwords_all_sign_in(backend: Backend) {
    let Some(s) = TestServer::start_with(backend, quick_lock()).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    // Four failures first: one place is left, yet twenty sign-ins at once all get in, one after another.
    for _ in 0..4 {
        assert_eq!(s.login("ann@example.com", "wrong").await.status(), 401);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, base) = (s.client.clone(), s.base.clone());
        tasks.spawn(async move {
            login_status(&client, &base, "ann@example.com", PASSWORD, None).await
        });
    }
    assert!(tasks.join_all().await.iter().all(|&s| s == 200));
}

async fn a_guesser_locks_out_only_its_own_address(backend: Backend) {
    let Some(s) = TestServer::start_with(backend, behind_proxy()).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let guesser = Some("203.0.113.66");
    for _ in 0..5 {
        let status = login_status(&s.client, &s.base, "ann@example.com", "guess", guesser).await;
        assert_eq!(status, 401);
    }
    let status = login_status(&s.client, &s.base, "ann@example.com", PASSWORD, guesser).await;
    assert_eq!(status, 429, "the guesser is locked out");
    // Ann, from her own address, signs in.
    let ann = Some("198.51.100.20");
    let status = login_status(&s.client, &s.base, "ann@example.com", PASSWORD, ann).await;
    assert_eq!(status, 200, "the account itself is not locked");
    // Her success clears the account's count, not the guesser's lock.
    let status = login_status(&s.client, &s.base, "ann@example.com", PASSWORD, guesser).await;
    assert_eq!(status, 429);
    // An IPv6 guesser is one source for its whole /64.
    for i in 0..5 {
        let from = format!("2001:db8:7:7::{i:x}");
        let status =
            login_status(&s.client, &s.base, "ann@example.com", "guess", Some(&from)).await;
        assert_eq!(status, 401);
    }
    let status = login_status(
        &s.client,
        &s.base,
        "ann@example.com",
        PASSWORD,
        Some("2001:db8:7:7:ffff::1"),
    )
    .await;
    assert_eq!(status, 429);
}

async fn forwarded_addresses_count_only_from_a_trusted_proxy(backend: Backend) {
    // No trusted proxy: a client naming a new address in every request is still one source.
    let Some(s) = TestServer::start_with(backend, quick_lock()).await else {
        return;
    };
    for i in 0..5 {
        let from = format!("192.0.2.{i}");
        let status = login_status(
            &s.client,
            &s.base,
            "ghost@example.com",
            "guess",
            Some(&from),
        )
        .await;
        assert_eq!(status, 401);
    }
    let status = login_status(
        &s.client,
        &s.base,
        "ghost@example.com",
        "guess",
        Some("192.0.2.99"),
    )
    .await;
    assert_eq!(status, 429, "X-Forwarded-For is not believed from anyone");
    let row = source_counter(&s, "ghost@example.com", LOOPBACK).await;
    assert_eq!((row.failures, row.known), (5, false));
}

async fn many_addresses_together_meet_the_accounts_ceiling(backend: Backend) {
    let mut cfg = behind_proxy();
    cfg.lockout.account_max_failures = 8;
    let Some(s) = TestServer::start_with(backend, cfg).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    // Four addresses, two guesses each: under every address's limit, at the account's ceiling.
    for i in 0..8 {
        let from = format!("203.0.113.{}", i % 4);
        let status =
            login_status(&s.client, &s.base, "ann@example.com", "guess", Some(&from)).await;
        assert_eq!(status, 401, "guess {i}");
    }
    let (code, _) = error_body(
        s.client
            .post(s.url("/api/v1/auth/login"))
            .header("x-forwarded-for", "198.51.100.20")
            .json(&json!({"email": "ann@example.com", "password": PASSWORD,
                          "device_id": "laptop", "protocol_version": 3}))
            .send()
            .await
            .unwrap(),
        429,
    )
    .await;
    assert_eq!(
        code, "too_many_attempts",
        "the account is locked for everyone"
    );
    let waited = signs_in_again(&s.base, "ann@example.com", Duration::from_secs(5)).await;
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
}

async fn counters_of_unknown_emails_are_bounded(backend: Backend) {
    let mut cfg = quick_lock();
    cfg.lockout.max_unknown_rows = 10;
    cfg.lockout.forget_after = Duration::from_secs(2);
    let Some(s) = TestServer::start_with(backend, cfg).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    assert_eq!(s.login("ann@example.com", "wrong").await.status(), 401);
    let conn = s.accounts.db().connection();
    let count = |known: bool| {
        login_throttle::Entity::find()
            .filter(login_throttle::Column::Known.eq(known))
            .count(conn)
    };
    for i in 0..30 {
        let res = s.login(&format!("nobody{i}@example.com"), "guess").await;
        assert_eq!(res.status(), 401);
        assert!(count(false).await.unwrap() <= 10, "after {i}");
    }
    assert_eq!(count(false).await.unwrap(), 10, "the cap, not fewer");
    // The newest stay; an account's counters are not pushed out by them.
    let newest = lockout::counters("nobody29@example.com", LOOPBACK);
    assert!(
        login_throttle::Entity::find_by_id(newest[0].key.clone())
            .one(conn)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(count(true).await.unwrap(), 2, "ann's two counters");
    // Idle counters are forgotten.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(s.login("late@example.com", "guess").await.status(), 401);
    assert_eq!(count(false).await.unwrap(), 2, "only the new email's two");
    assert_eq!(count(true).await.unwrap(), 0);
}

async fn a_nul_in_a_sign_in_is_refused_before_anything_is_written(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    for (email, device) in [
        ("ann@example.com\u{0}", "laptop"),
        ("\u{0}", "laptop"),
        ("ann@example.com", "lap\u{0}top"),
    ] {
        let res = s.login_from(device, email, PASSWORD).await;
        let (code, message) = error_body(res, 400).await;
        assert_eq!(code, "invalid_input");
        assert!(message.contains("NUL"), "{message}");
    }
    let rows = login_throttle::Entity::find()
        .count(s.accounts.db().connection())
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing counted, nothing stored");
    assert_eq!(s.login("ann@example.com", PASSWORD).await.status(), 200);
}

/// Two `serve` processes on one PostgreSQL: the wrong passwords of one burst, spread over both, are still
/// checked no more than the limit; once the lock ends the right password works through either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_share_one_lockout() {
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let pool = fieldquote_server::Db::open_with_pool(&db.url, 2)
        .await
        .unwrap();
    let accounts = Accounts::new(pool.clone(), test_config());
    accounts.add_team("North").await.unwrap();
    accounts
        .add_user(NewUser {
            email: "ann@example.com".into(),
            name: "Ann".into(),
            role: Role::Rep,
            team: Some("North".into()),
            password: PASSWORD.into(),
        })
        .await
        .unwrap();
    let args = ["--listen", "127.0.0.1:0", "--login-lock-secs", "1"];
    let servers = [
        ServerProcess::spawn_with(&db.url, &args),
        ServerProcess::spawn_with(&db.url, &args),
    ];
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let (refused, locked) = burst(&bases, "ann@example.com").await;
    eprintln!(
        "two processes: {BURST} wrong passwords at once: {refused} checked (401), {locked} locked out (429)"
    );
    assert_eq!(refused, 5, "exactly the limit is checked, across processes");
    assert_eq!(locked, BURST - 5);
    let waited = signs_in_again(&bases[1], "ann@example.com", Duration::from_secs(5)).await;
    eprintln!("two processes: the right password worked again after {waited:?}");
    assert_eq!(
        login_status(
            &common::client(),
            &bases[0],
            "ann@example.com",
            PASSWORD,
            None
        )
        .await,
        200
    );
    drop(servers);
    pool.close().await.unwrap();
}
