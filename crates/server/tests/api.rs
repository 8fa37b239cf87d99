//! The HTTP API against the real router, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use common::{Backend, PASSWORD, TestServer, error_body, test_config};
use fieldquote_server::accounts::NewUser;
use fieldquote_server::entities::app_user::Role;
use fieldquote_server::entities::{app_user, auth_token, login_throttle};
use fieldquote_server::{lockout, token};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

on_both_backends!(
    health_names_the_database,
    login_returns_a_token_that_works_on_me,
    wrong_password_and_unknown_email_get_the_same_401,
    disabled_user_gets_403_and_loses_tokens,
    five_failures_lock_the_email_with_growing_delay,
    unknown_email_is_locked_like_a_known_one,
    expired_token_is_refused,
    garbage_and_missing_tokens_are_refused,
    malformed_json_is_400,
    body_over_the_limit_is_413,
    old_protocol_is_told_to_update,
    openapi_lists_the_paths,
    database_holds_no_plaintext_password_or_token,
    unknown_route_is_json_404,
    devices_get_company_unique_quote_prefixes_for_life,
);

async fn health_names_the_database(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let res = s.client.get(s.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-fieldquote-protocol"], "3");
    let body: Value = res.json().await.unwrap();
    let db = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body, json!({"status": "ok", "protocol": 3, "database": db}));
}

async fn login_returns_a_token_that_works_on_me(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let team = s.add_team("North").await;
    let ann = s
        .add_user("ann@example.com", Role::Rep, Some("North"))
        .await;

    // Email is matched without regard to case or surrounding space.
    let res = s.login("  Ann@Example.com ", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 43, "32 bytes, base64url");
    assert_eq!(
        body["user"],
        json!({"id": ann.id, "email": "ann@example.com", "name": "User ann@example.com",
               "role": "rep", "team_id": team})
    );
    let expires = chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap())
        .expect("expires_at is RFC 3339");
    let days = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_hours() / 24;
    assert!(
        (29..=30).contains(&days),
        "expires in about 30 days, got {days}"
    );

    let res = s.me(token).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me, body["user"]);

    // The scheme is case-insensitive; a second login gets a different token, both valid.
    let res = s
        .client
        .get(s.url("/api/v1/me"))
        .header("Authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let second = s.token("ann@example.com").await;
    assert_ne!(second, token);
    assert_eq!(s.me(&second).await.status(), 200);
    assert_eq!(s.me(token).await.status(), 200);

    // An admin has no team.
    s.add_user("root@example.com", Role::Admin, None).await;
    let root = s.token("root@example.com").await;
    let me: Value = s.me(&root).await.json().await.unwrap();
    assert_eq!(me["role"], "admin");
    assert_eq!(me["team_id"], Value::Null);
}

async fn wrong_password_and_unknown_email_get_the_same_401(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let wrong = error_body(s.login("ann@example.com", "not the password").await, 401).await;
    let unknown = error_body(s.login("nobody@example.com", PASSWORD).await, 401).await;
    assert_eq!(wrong.0, "invalid_credentials");
    assert_eq!(
        wrong, unknown,
        "the answer must not reveal which emails exist"
    );
}

async fn disabled_user_gets_403_and_loses_tokens(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let token = s.token("ann@example.com").await;
    let disabled = s.accounts.disable_user("ANN@example.com").await.unwrap();
    assert!(disabled.disabled);

    let (code, _) = error_body(s.login("ann@example.com", PASSWORD).await, 403).await;
    assert_eq!(code, "account_disabled");
    // With a wrong password a disabled account looks like any other failure.
    let (code, _) = error_body(s.login("ann@example.com", "not the password").await, 401).await;
    assert_eq!(code, "invalid_credentials");
    // The old token is revoked.
    let (code, _) = error_body(s.me(&token).await, 401).await;
    assert_eq!(code, "unauthorized");
}

/// Where the tests' requests come from.
const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A server whose lock starts at 1 s so the test need not sleep long.
fn quick_lock() -> fieldquote_server::ServerConfig {
    let mut cfg = test_config();
    cfg.lockout.base_delay = Duration::from_secs(1);
    cfg
}

async fn five_failures_lock_the_email_with_growing_delay(backend: Backend) {
    let Some(s) = TestServer::start_with(backend, quick_lock()).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    s.add_user("bob@example.com", Role::Rep, Some("North"))
        .await;

    for i in 1..=5 {
        let res = s
            .login("ann@example.com", &format!("wrong password {i}"))
            .await;
        assert_eq!(res.status(), 401, "failure {i}");
    }
    // Locked: even the right password is refused, with Retry-After.
    let res = s.login("ann@example.com", PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "1");
    let (code, _) = error_body(res, 429).await;
    assert_eq!(code, "too_many_attempts");
    // Other emails are not affected.
    assert_eq!(s.login("bob@example.com", PASSWORD).await.status(), 200);

    // After the delay, another failure locks for twice as long.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        s.login("ann@example.com", "wrong again").await.status(),
        401
    );
    let res = s.login("ann@example.com", PASSWORD).await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "Retry-After {retry}");
    // The lock is persisted (for this address: the tests connect from loopback), twice the first one.
    let [from_here, account] = lockout::counters("ann@example.com", LOOPBACK);
    let row = login_throttle::Entity::find_by_id(from_here.key.clone())
        .one(s.accounts.db().connection())
        .await
        .unwrap()
        .expect("throttle row");
    assert_eq!((row.scope.as_str(), row.known), ("source", true));
    assert_eq!(row.failures, 6);
    assert_eq!(row.locked_until, Some(row.last_failure_at + 2000));

    // After that delay the right password works and clears the counts.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(s.login("ann@example.com", PASSWORD).await.status(), 200);
    for counter in [from_here, account] {
        let row = login_throttle::Entity::find_by_id(counter.key)
            .one(s.accounts.db().connection())
            .await
            .unwrap();
        assert!(row.is_none(), "a success clears the count");
    }
    for _ in 1..=4 {
        assert_eq!(s.login("ann@example.com", "wrong").await.status(), 401);
    }
    assert_eq!(s.login("ann@example.com", PASSWORD).await.status(), 200);
}

async fn unknown_email_is_locked_like_a_known_one(backend: Backend) {
    let Some(s) = TestServer::start_with(backend, quick_lock()).await else {
        return;
    };
    for _ in 1..=5 {
        assert_eq!(s.login("ghost@example.com", "whatever").await.status(), 401);
    }
    assert_eq!(s.login("ghost@example.com", "whatever").await.status(), 429);
}

async fn expired_token_is_refused(backend: Backend) {
    let mut cfg = test_config();
    cfg.token_ttl = Duration::from_millis(1500);
    let Some(s) = TestServer::start_with(backend, cfg).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let token = s.token("ann@example.com").await;
    assert_eq!(s.me(&token).await.status(), 200);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let res = s.me(&token).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let (code, _) = error_body(res, 401).await;
    assert_eq!(code, "unauthorized");
    // Signing in again works, and clears the expired token away.
    let fresh = s.token("ann@example.com").await;
    assert_eq!(s.me(&fresh).await.status(), 200);
    let rows = auth_token::Entity::find()
        .all(s.accounts.db().connection())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].token_hash, token::hash(&fresh));
}

async fn garbage_and_missing_tokens_are_refused(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let real = s.token("ann@example.com").await;

    let no_header = s.client.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(error_body(no_header, 401).await.0, "unauthorized");
    // Change the last character (to one it is not, or the "tampered" token would be the real one).
    let last = if real.ends_with('A') { 'B' } else { 'A' };
    let tampered = format!("{}{last}", &real[..real.len() - 1]);
    for bad in [
        "garbage".to_string(),
        tampered,
        "x".repeat(5000),
        token::hash(&real), // the stored form is not a token
    ] {
        assert_eq!(error_body(s.me(&bad).await, 401).await.0, "unauthorized");
    }
    let basic = s
        .client
        .get(s.url("/api/v1/me"))
        .basic_auth("ann@example.com", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(basic, 401).await.0, "unauthorized");
}

async fn malformed_json_is_400(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let post = |body: &'static str| {
        s.client
            .post(s.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let (code, _) = error_body(post(r#"{"email": "a@b.c", "#).await.unwrap(), 400).await;
    assert_eq!(code, "invalid_json");
    let (code, message) = error_body(
        post(r#"{"email":"a@b.c","password":"p","device_id":"d","protocol_version":"one"}"#)
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(code, "invalid_body");
    assert!(message.contains("protocol_version"), "{message}");
    let (code, message) = error_body(post(r#"{"email":"a@b.c"}"#).await.unwrap(), 400).await;
    assert_eq!(code, "invalid_body");
    assert!(message.contains("missing field"), "{message}");

    let no_type = s
        .client
        .post(s.url("/api/v1/auth/login"))
        .body(r#"{"email":"a@b.c"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(no_type, 415).await.0, "unsupported_media_type");
}

async fn body_over_the_limit_is_413(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    // Just over the production limit of 8 MiB.
    let filler = "x".repeat(8 * 1024 * 1024);
    let body = format!(
        r#"{{"email":"a@b.c","password":"{filler}","device_id":"d","protocol_version":2}}"#
    );
    let res = s
        .client
        .post(s.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers instead of dropping the connection");
    let (code, _) = error_body(res, 413).await;
    assert_eq!(code, "payload_too_large");
    // Nothing was counted as a login attempt.
    assert_eq!(s.login("a@b.c", "x").await.status(), 401);
}

async fn old_protocol_is_told_to_update(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let expected = json!({
        "code": "client_too_old",
        "message": "Please update Fieldquote: this server needs protocol 3 or newer."
    });

    let res = s
        .client
        .post(s.url("/api/v1/auth/login"))
        .json(&json!({"email": "ann@example.com", "password": PASSWORD,
                      "device_id": "d", "protocol_version": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 426);
    assert_eq!(res.json::<Value>().await.unwrap(), expected);

    let token = s.token("ann@example.com").await;
    let res = s
        .client
        .get(s.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("X-Fieldquote-Protocol", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 426);
    assert_eq!(res.json::<Value>().await.unwrap(), expected);

    let res = s
        .client
        .get(s.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("X-Fieldquote-Protocol", "2")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 426, "protocol 2 is told to update");
    assert_eq!(res.json::<Value>().await.unwrap(), expected);
    let res = s
        .client
        .get(s.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("X-Fieldquote-Protocol", "3")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = s
        .client
        .get(s.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("X-Fieldquote-Protocol", "new")
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(res, 400).await.0, "invalid_protocol_header");
    // An outdated client can still reach health to learn what the server speaks.
    let res = s
        .client
        .get(s.url("/api/v1/health"))
        .header("X-Fieldquote-Protocol", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn openapi_lists_the_paths(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let res = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = res.json().await.expect("valid JSON");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/v1/health",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/openapi.json",
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
        "/api/v1/blobs/check",
        "/api/v1/blobs/{sha256}",
    ] {
        assert!(paths.contains_key(p), "{p} missing from {:?}", paths.keys());
    }
    assert!(paths["/api/v1/auth/login"]["post"]["responses"]["426"].is_object());
    assert!(paths["/api/v1/sync/push"]["post"]["responses"]["413"].is_object());
    assert_eq!(
        paths["/api/v1/sync/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/PushRequest"
    );
    let params = paths["/api/v1/sync/pull"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cursor", "limit"]);
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for s in [
        "LoginRequest",
        "LoginResponse",
        "UserView",
        "ErrorBody",
        "Role",
        "PushRequest",
        "Change",
        "EntityKind",
        "PushResponse",
        "ChangeResult",
        "RejectCode",
        "PullResponse",
        "PulledRecord",
        "FieldValue",
    ] {
        assert!(schemas.contains_key(s), "schema {s}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

async fn database_holds_no_plaintext_password_or_token(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let token = s.token("ann@example.com").await;
    let token2 = s.token("ann@example.com").await;

    let conn = s.accounts.db().connection();
    let users = app_user::Entity::find().all(conn).await.unwrap();
    assert_eq!(users.len(), 1);
    let hash = &users[0].password_hash;
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert!(!hash.contains(PASSWORD));
    let tokens = auth_token::Entity::find().all(conn).await.unwrap();
    assert_eq!(tokens.len(), 2);
    let mut stored: Vec<_> = tokens.iter().map(|t| t.token_hash.clone()).collect();
    stored.sort();
    let mut expected = vec![token::hash(&token), token::hash(&token2)];
    expected.sort();
    assert_eq!(
        stored, expected,
        "only SHA-256 hashes of the tokens are stored"
    );
    for t in &tokens {
        let row = format!("{t:?}");
        assert!(!row.contains(&token) && !row.contains(&token2));
    }

    // On SQLite, not a byte of the database files (main file and WAL) holds the secrets.
    if let Some(dir) = s.db.sqlite_dir() {
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            files += 1;
            for secret in [PASSWORD, token.as_str(), token2.as_str()] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "a database file contains a secret"
                );
            }
        }
        assert!(files >= 1);
    }
}

async fn unknown_route_is_json_404(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    let res = s.client.get(s.url("/api/v1/nothing")).send().await.unwrap();
    assert_eq!(error_body(res, 404).await.0, "not_found");
    let res = s
        .client
        .delete(s.url("/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(res, 405).await.0, "method_not_allowed");
}

async fn devices_get_company_unique_quote_prefixes_for_life(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    for (email, name) in [
        ("li.wei@example.cn", "Li Wei"),
        ("lan.wu@example.cn", "Lan Wu"),
        ("wang.fang@example.cn", "王芳"),
    ] {
        s.accounts
            .add_user(NewUser {
                email: email.into(),
                name: name.into(),
                role: Role::Rep,
                team: Some("North".into()),
                password: PASSWORD.into(),
            })
            .await
            .unwrap();
    }
    let prefix = |email: &'static str, device: &'static str| {
        let s = &s;
        async move {
            let res = s.login_from(device, email, PASSWORD).await;
            assert_eq!(res.status(), 200, "{email} on {device}");
            let body: Value = res.json().await.unwrap();
            body["quote_prefix"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(prefix("li.wei@example.cn", "laptop-1").await, "LW1");
    // Same initials, another person: the next number.
    assert_eq!(prefix("lan.wu@example.cn", "laptop-2").await, "LW2");
    // A name in Chinese script: letters of the email.
    assert_eq!(prefix("wang.fang@example.cn", "laptop-3").await, "WA1");
    // A device keeps its prefix for every later sign-in, whoever signs in on it.
    assert_eq!(prefix("li.wei@example.cn", "laptop-1").await, "LW1");
    assert_eq!(prefix("wang.fang@example.cn", "laptop-1").await, "LW1");
    // A second laptop of the same person is another device with its own numbers.
    assert_eq!(prefix("li.wei@example.cn", "laptop-4").await, "LW3");

    // Twenty new devices signing in at once still get twenty different prefixes.
    let mut logins = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (client, url) = (s.client.clone(), s.url("/api/v1/auth/login"));
        logins.spawn(async move {
            let res = client
                .post(url)
                .json(&json!({"email": "li.wei@example.cn", "password": PASSWORD,
                              "device_id": format!("burst-{i}"), "protocol_version": 3}))
                .send()
                .await
                .unwrap();
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            assert_eq!(status, 200, "{body}");
            body["quote_prefix"].as_str().unwrap().to_string()
        });
    }
    let mut got = logins.join_all().await;
    got.sort();
    got.dedup();
    assert_eq!(got.len(), 20, "distinct prefixes: {got:?}");
    assert!(got.iter().all(|p| p.starts_with("LW")), "{got:?}");
}
