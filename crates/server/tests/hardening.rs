//! Response headers, the plain-HTTP warning, the SQLite file's modes and the OpenAPI document's promises.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use std::time::Duration;

use common::{Backend, PASSWORD, ServerProcess, TestServer};
use fieldquote_domain::sync::EntityKind;
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};

on_both_backends!(every_response_is_private_and_not_sniffed);

async fn every_response_is_private_and_not_sniffed(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else {
        return;
    };
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let login = s.login("ann@example.com", PASSWORD).await;
    let checked = |what: &str, res: &reqwest::Response| {
        let h = res.headers();
        assert_eq!(h["cache-control"], "no-store", "{what}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    };
    checked("login", &login);
    let token = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    checked("wrong password", &s.login("ann@example.com", "wrong").await);
    checked("me", &s.me(&token).await);
    let c = &s.client;
    let url = |p: &str| s.url(p);
    let id = uuid::Uuid::now_v7();
    let push = json!({"device_id": id, "changes": [common::Device::new("d").change(
        EntityKind::Customer, id, json!({"name": "A"}))]});
    for (what, res) in [
        ("health", c.get(url("/api/v1/health")).send().await),
        ("openapi", c.get(url("/api/v1/openapi.json")).send().await),
        (
            "pull",
            c.get(url("/api/v1/sync/pull"))
                .bearer_auth(&token)
                .send()
                .await,
        ),
        (
            "push",
            c.post(url("/api/v1/sync/push"))
                .bearer_auth(&token)
                .json(&push)
                .send()
                .await,
        ),
        ("no token", c.get(url("/api/v1/me")).send().await),
        ("404", c.get(url("/api/v1/nothing")).send().await),
        ("405", c.delete(url("/api/v1/health")).send().await),
        (
            "415",
            c.post(url("/api/v1/auth/login")).body("{}").send().await,
        ),
    ] {
        checked(what, &res.unwrap());
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_database_is_private_to_its_user() {
    let s = TestServer::start(Backend::Sqlite).await.unwrap();
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let api = s.api("ann@example.com").await;
    let id = uuid::Uuid::now_v7();
    api.push_accepted(&[common::Device::new("d").change(
        EntityKind::Customer,
        id,
        json!({"name": "A"}),
    )])
    .await;
    let dir = s.db.sqlite_dir().unwrap();
    for file in ["server.db", "server.db-wal", "server.db-shm"] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
    // A directory the server creates for its database is the user's only.
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("srv/data/fq.db").display());
    let db = fieldquote_server::Db::open(&url).await.unwrap();
    for created in ["srv", "srv/data"] {
        assert_eq!(mode(&tmp.path().join(created)), 0o700, "{created}");
    }
    assert_eq!(mode(&tmp.path().join("srv/data/fq.db")), 0o600);
    db.close().await.unwrap();
    // A database file others could read is made private when the server opens it.
    let file = tmp.path().join("srv/data/fq.db");
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let db = fieldquote_server::Db::open(&url).await.unwrap();
    assert_eq!(mode(&file), 0o600);
    db.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_off_loopback_is_warned_about() {
    let db = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", db.path().join("server.db").display());
    let open = ServerProcess::spawn_with(&url, &["--listen", "0.0.0.0:0"]);
    let warned = open.log_until("plain HTTP", Duration::from_secs(30));
    let line = warned.last().unwrap();
    assert!(
        line.contains("WARN") && line.contains("reverse proxy"),
        "{warned:#?}"
    );
    drop(open);
    // On loopback: no warning before the first request is logged.
    let local = ServerProcess::spawn_with(&url, &["--listen", "127.0.0.1:0"]);
    let res = common::client()
        .get(format!("{}/api/v1/health", local.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let logged = local.log_until("request", Duration::from_secs(30));
    assert!(
        logged
            .iter()
            .chain(&local.startup_log)
            .all(|l| !l.contains("plain HTTP")),
        "{logged:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_says_what_the_server_does() {
    let Some(s) = TestServer::start(Backend::Sqlite).await else {
        return;
    };
    let doc: Value = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/auth/login", "post"),
        ("/api/v1/sync/push", "post"),
        ("/api/v1/approvals/on-the-spot", "post"),
    ] {
        assert!(
            paths[path][method]["responses"]["415"].is_object(),
            "415 of {path}"
        );
    }
    // Blobs: every status a part or a download may get, and the binary bodies.
    let blob = &paths["/api/v1/blobs/{sha256}"];
    for status in [
        "200", "201", "202", "400", "401", "403", "409", "413", "422", "426",
    ] {
        assert!(blob["put"]["responses"][status].is_object(), "PUT {status}");
    }
    for status in ["200", "206", "400", "401", "403", "404", "416", "426"] {
        assert!(blob["get"]["responses"][status].is_object(), "GET {status}");
    }
    assert!(blob["put"]["requestBody"]["content"]["application/octet-stream"].is_object());
    assert!(blob["get"]["responses"]["206"]["headers"]["Content-Range"].is_object());
    let check = &doc["components"]["schemas"]["CheckRequest"]["properties"]["hashes"];
    assert_eq!(check["maxItems"], 1000);
    let pull = paths["/api/v1/sync/pull"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let cursor = pull.iter().find(|p| p["name"] == "cursor").unwrap();
    assert_eq!(cursor["schema"]["minimum"], 0);
    let schemas = &doc["components"]["schemas"];
    let login = &schemas["LoginRequest"]["properties"];
    assert_eq!(login["device_id"]["minLength"], 1);
    assert_eq!(login["device_id"]["maxLength"], 200);
    // The oldest protocol the server takes: what a client below it gets is "please update" (426).
    assert_eq!(
        login["protocol_version"]["minimum"],
        fieldquote_server::MIN_CLIENT_PROTOCOL
    );
    assert!(login["email"]["pattern"].is_string());
    // JSON Schema's integers include 3.0: the server takes it as 3. Protocols 1 and 2 are told to update.
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    for (version, status) in [
        (json!(3.0), 200),
        (json!(2), 426),
        (json!(1), 426),
        (json!(1.5), 400),
        (json!(-1), 400),
        (json!(0), 426),
    ] {
        let res = s
            .client
            .post(s.url("/api/v1/auth/login"))
            .json(&json!({"email": "ann@example.com", "password": PASSWORD,
                          "device_id": "laptop", "protocol_version": version}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "protocol_version {version}");
    }
    let spot = &schemas["OnTheSpotRequest"]["properties"];
    assert_eq!(spot["quote_id"]["format"], "uuid");
    assert_eq!(spot["comment"]["maxLength"], 2000);
    assert_eq!(
        schemas["PushRequest"]["properties"]["changes"]["maxItems"],
        1000
    );
}
