//! The `fieldquote-server` binary: admin subcommands straight on the database, and `serve`.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{Backend, PASSWORD, TestDb, TestServer, error_body, test_config};
use fieldquote_server::ServerError;
use fieldquote_server::accounts::NewUser;
use fieldquote_server::entities::app_user::Role;

on_both_backends!(
    admin_cli_creates_teams_and_users,
    admin_cli_refuses_bad_input,
    admin_library_functions,
    serve_answers_health_and_stops_on_sigterm,
);

const BIN: &str = env!("CARGO_BIN_EXE_fieldquote-server");

/// The binary, on `db`, with no inherited database URL or log settings.
fn admin(db: &TestDb) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("FIELDQUOTE_DATABASE_URL")
        .env_remove("RUST_LOG")
        .args(["--database-url", &db.url]);
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn admin_cli_creates_teams_and_users(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let out = admin(&db).args(["team", "add", "North"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("created team North ("));
    // The URL may come from the environment instead of the flag.
    Command::new(BIN)
        .env("FIELDQUOTE_DATABASE_URL", &db.url)
        .args(["team", "add", "South"])
        .assert()
        .success();
    let out = admin(&db).args(["team", "list"]).output().unwrap();
    let list = stdout(&out);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.lines().next().unwrap().ends_with("\tNorth"));

    admin(&db)
        .args([
            "user",
            "add",
            "--email",
            "Ann@Example.com",
            "--name",
            "Ann Lee",
        ])
        .args([
            "--role",
            "rep",
            "--team",
            "North",
            "--password-env",
            "FQ_PW",
        ])
        .env("FQ_PW", PASSWORD)
        .assert()
        .success();
    admin(&db)
        .args(["user", "add", "--email", "mia@example.com", "--name", "Mia"])
        .args([
            "--role",
            "manager",
            "--team",
            "South",
            "--password-env",
            "FQ_PW",
        ])
        .env("FQ_PW", PASSWORD)
        .assert()
        .success();
    admin(&db)
        .args([
            "user",
            "add",
            "--email",
            "root@example.com",
            "--name",
            "Root",
        ])
        .args(["--role", "admin", "--password-env", "FQ_PW"])
        .env("FQ_PW", PASSWORD)
        .assert()
        .success();
    let out = admin(&db).args(["user", "list"]).output().unwrap();
    let list = stdout(&out);
    let rows: Vec<Vec<&str>> = list.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3, "{list}");
    assert_eq!(
        rows[0][..5],
        ["ann@example.com", "Ann Lee", "rep", "North", "active"]
    );
    assert_eq!(
        rows[1][..5],
        ["mia@example.com", "Mia", "manager", "South", "active"]
    );
    assert_eq!(
        rows[2][..5],
        ["root@example.com", "Root", "admin", "-", "active"]
    );
    assert!(!list.contains("argon2"), "no hashes in listings");

    // The server signs in a user the CLI made (the binary used production-cost hashes).
    let s = TestServer::serve(db, test_config()).await;
    let token = s.token("ann@example.com").await;
    assert_eq!(s.me(&token).await.status(), 200);

    admin(&s.db)
        .args(["user", "disable", "ANN@example.com"])
        .assert()
        .success();
    assert_eq!(
        s.me(&token).await.status(),
        401,
        "disabling revokes sessions"
    );
    let (code, _) = error_body(s.login("ann@example.com", PASSWORD).await, 403).await;
    assert_eq!(code, "account_disabled");
    let out = admin(&s.db).args(["user", "list"]).output().unwrap();
    assert!(
        stdout(&out)
            .lines()
            .next()
            .unwrap()
            .contains("\tdisabled\t")
    );
}

/// Run the binary expecting failure with exit code 1 and `needle` in the message.
fn fails(cmd: &mut Command, needle: &str) {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    assert!(stdout(&out).is_empty());
}

async fn admin_cli_refuses_bad_input(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    admin(&db).args(["team", "add", "North"]).assert().success();
    fails(
        admin(&db).args(["team", "add", "North"]),
        "team already exists: North",
    );
    fails(admin(&db).args(["team", "add", "  "]), "team name is empty");

    let add = |email: &str, role: &str, team: Option<&str>| {
        let mut cmd = admin(&db);
        cmd.args([
            "user", "add", "--email", email, "--name", "X", "--role", role,
        ]);
        if let Some(t) = team {
            cmd.args(["--team", t]);
        }
        cmd.args(["--password-env", "FQ_PW"]).env_remove("FQ_PW");
        cmd
    };
    fails(
        &mut add("a@example.com", "rep", Some("North")),
        "environment variable FQ_PW is not set",
    );
    fails(
        add("a@example.com", "rep", Some("North")).env("FQ_PW", ""),
        "environment variable FQ_PW is empty",
    );
    fails(
        add("a@example.com", "rep", Some("North")).env("FQ_PW", "short"),
        "too short: use at least 10 characters",
    );
    fails(
        add("a@example.com", "rep", None).env("FQ_PW", PASSWORD),
        "a rep needs a team",
    );
    fails(
        add("a@example.com", "manager", None).env("FQ_PW", PASSWORD),
        "a manager needs a team",
    );
    fails(
        add("a@example.com", "rep", Some("Nowhere")).env("FQ_PW", PASSWORD),
        "team not found: Nowhere",
    );
    fails(
        add("not-an-email", "rep", Some("North")).env("FQ_PW", PASSWORD),
        "not an email address",
    );
    fails(
        add("a@example.com", "chief", Some("North")).env("FQ_PW", PASSWORD),
        "unknown role",
    );
    add("a@example.com", "rep", Some("North"))
        .env("FQ_PW", PASSWORD)
        .assert()
        .success();
    fails(
        add("A@EXAMPLE.COM", "rep", Some("North")).env("FQ_PW", PASSWORD),
        "user already exists: a@example.com",
    );
    fails(
        admin(&db).args(["user", "disable", "nobody@example.com"]),
        "user not found",
    );
    fails(
        Command::new(BIN).args(["--database-url", "mysql://x/y", "team", "list"]),
        "unsupported database URL",
    );
    // Only one user was written.
    let out = admin(&db).args(["user", "list"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 1);
}

async fn admin_library_functions(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let a = &s.accounts;
    let north = a.add_team(" North ").await.unwrap();
    assert_eq!(north.name, "North");
    assert!(matches!(
        a.add_team("North").await,
        Err(ServerError::AlreadyExists { .. })
    ));
    assert_eq!(a.find_team(&north.id).await.unwrap().name, "North");

    let new = |email: &str, role, team: Option<&str>, password: &str| NewUser {
        email: email.into(),
        name: "Someone".into(),
        role,
        team: team.map(str::to_string),
        password: password.into(),
    };
    let ann = a
        .add_user(new(" Ann@Example.COM ", Role::Rep, Some("North"), PASSWORD))
        .await
        .unwrap();
    assert_eq!(ann.email, "ann@example.com");
    assert_eq!(ann.team_id.as_deref(), Some(north.id.as_str()));
    assert!(!ann.disabled);
    uuid::Uuid::parse_str(&ann.id).expect("ids are UUIDs");
    for (bad, why) in [
        (
            new("b@example.com", Role::Rep, None, PASSWORD),
            "needs a team",
        ),
        (
            new("b@example.com", Role::Rep, Some("North"), "123456789"),
            "too short",
        ),
        (
            new("b@example.com", Role::Rep, Some("Elsewhere"), PASSWORD),
            "not found",
        ),
        (
            new("ann@example.com", Role::Manager, Some("North"), PASSWORD),
            "already exists",
        ),
    ] {
        let err = a.add_user(bad).await.unwrap_err().to_string();
        assert!(err.contains(why), "{err:?} should say {why:?}");
    }
    let listing = a.list_users().await.unwrap();
    assert_eq!(listing.len(), 1);
    assert_eq!(listing[0].team_name.as_deref(), Some("North"));
    assert!(a.disable_user("ann@example.com").await.unwrap().disabled);
    assert!(a.list_users().await.unwrap()[0].user.disabled);
}

async fn serve_answers_health_and_stops_on_sigterm(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let mut child = StdCommand::new(BIN)
        .env_remove("FIELDQUOTE_DATABASE_URL")
        .env_remove("RUST_LOG")
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            &db.url,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("server did not say where it listens: {log:#?}"));
        log.push(line.clone());
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let client = common::client();
    let health: serde_json::Value = client
        .get(format!("http://{addr}/api/v1/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["protocol"], 3);

    let killed = StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().unwrap();
    log.extend(rx.try_iter());
    assert!(status.success(), "exit status {status}; log: {log:#?}");
    let log = log.join("\n");
    assert!(log.contains("shutdown requested"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(
        log.contains("path=/api/v1/health"),
        "requests are logged: {log}"
    );
}

#[test]
fn default_database_is_a_sqlite_file_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    Command::new(BIN)
        .env_remove("FIELDQUOTE_DATABASE_URL")
        .current_dir(dir.path())
        .args(["team", "add", "North"])
        .assert()
        .success();
    assert!(dir.path().join("fieldquote-server.db").is_file());
}

#[test]
fn a_sqlite_file_in_a_new_directory_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/server.db");
    Command::new(BIN)
        .env_remove("FIELDQUOTE_DATABASE_URL")
        .args(["--database-url", &format!("sqlite://{}", path.display())])
        .args(["team", "list"])
        .assert()
        .success();
    assert!(path.is_file());
}
