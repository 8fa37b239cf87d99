//! The harness for driving the real `fieldquote` binary: Xvfb on a free display, `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app) on free ports, and a WebDriver session, all torn down on drop.
//!
//! Used by the end-to-end tests in `tests/` (ignored in a plain `cargo test`; `scripts/test` runs them with
//! `--ignored` and `FIELDQUOTE_E2E_BINARY` set) and by the startup benchmark in `examples/startup.rs`.

#![allow(clippy::unwrap_used)] // a test harness: failing loudly is the point

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// A child process, started in its own process group, killed with all its descendants when dropped
/// (tauri-driver starts WebKitWebDriver, which starts the app).
pub struct Guard(Child);

impl Guard {
    pub fn spawn(cmd: &mut Command) -> std::io::Result<Guard> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0).spawn().map(Guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // TERM the whole group, wait until it is gone (no orphan may hold a pipe open), then KILL what is left.
        let group = format!("-{}", self.0.id());
        let signal = |sig: &str| {
            Command::new("kill")
                .args([sig, "--", &group])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        signal("-TERM");
        let _ = self.0.wait();
        let deadline = Instant::now() + Duration::from_secs(5);
        while signal("-0") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        signal("-KILL");
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start Xvfb on a free display number and return it with its guard.
pub fn start_xvfb() -> (String, Guard) {
    for n in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let display = format!(":{n}");
        let guard = Guard::spawn(
            Command::new("Xvfb")
                .args([
                    display.as_str(),
                    "-screen",
                    "0",
                    "1280x860x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .expect("Xvfb is installed (apt-get install xvfb)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (display, guard);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("could not start Xvfb");
}

pub fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap();
    let p = home.join("bin/tauri-driver");
    if p.exists() {
        p
    } else {
        PathBuf::from("tauri-driver")
    }
}

pub async fn wait_for_driver(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let req = format!(
                "GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            );
            if s.write_all(req.as_bytes()).await.is_ok() {
                let mut buf = Vec::new();
                let _ = s.read_to_end(&mut buf).await;
                if String::from_utf8_lossy(&buf).contains("200 OK") {
                    return;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("tauri-driver did not become ready on port {port}");
}

/// Xvfb plus tauri-driver, ready to launch the app (several times, one after another).
pub struct Driver {
    port: u16,
    // Dropped in order: the driver, then the display.
    _driver: Guard,
    _xvfb: Guard,
}

impl Driver {
    /// Start a display and the driver; the driver's log goes to `log_dir/tauri-driver.log`.
    pub async fn start(log_dir: &Path) -> Driver {
        Driver::start_with_env(log_dir, &[]).await
    }

    /// [`Driver::start`] with extra environment variables for the driver, and so for the apps it launches
    /// (`FONTCONFIG_FILE`, say).
    pub async fn start_with_env(log_dir: &Path, env: &[(&str, &std::ffi::OsStr)]) -> Driver {
        let (display, xvfb) = start_xvfb();
        let port = free_port();
        let native_port = free_port();
        let log = std::fs::File::create(log_dir.join("tauri-driver.log")).expect("driver log");
        let driver = Guard::spawn(
            Command::new(tauri_driver())
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display)
                .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
                // The app under test never touches the keychain of whoever runs the tests.
                .env("FIELDQUOTE_NO_KEYCHAIN", "1")
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(log),
        )
        .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        wait_for_driver(port).await;
        Driver {
            port,
            _driver: driver,
            _xvfb: xvfb,
        }
    }

    /// Open a WebDriver session, which launches `binary --data-dir data_dir`.
    pub async fn launch(&self, binary: &str, data_dir: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary, "args": ["--data-dir", data_dir] }),
        );
        ClientBuilder::rustls()
            .expect("TLS backend")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session with the app")
    }
}

/// End a session (which closes the app); the driver may report the app's exit as an error.
pub async fn close(client: Client) {
    let _ = client.close().await;
}

/// A running app under Xvfb with a WebDriver session on it.
pub struct Session {
    pub client: Client,
    _driver: Driver,
}

impl Session {
    pub async fn start(binary: &str, data_dir: &Path) -> Session {
        Session::start_with_env(binary, data_dir, &[]).await
    }

    /// [`Session::start`] with extra environment variables for the app.
    pub async fn start_with_env(
        binary: &str,
        data_dir: &Path,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Session {
        let driver = Driver::start_with_env(data_dir, env).await;
        let client = driver.launch(binary, data_dir).await;
        Session {
            client,
            _driver: driver,
        }
    }

    pub async fn close(self) {
        close(self.client.clone()).await;
    }
}

/// A data directory with the demo data (as `fq demo` loads it), and the name of its first customer.
pub async fn demo_data_dir() -> (tempfile::TempDir, String) {
    let data = tempfile::tempdir().unwrap();
    let store = fieldquote_store::Store::open(data.path()).await.unwrap();
    fieldquote_store::demo::load(&store).await.unwrap();
    let customer = store
        .list_accounts(&fieldquote_domain::list::ListQuery::default())
        .await
        .unwrap()
        .rows
        .remove(0)
        .name;
    store.close().await.unwrap();
    (data, customer)
}

// Driving the page, by `data-testid`.

/// The element with `testid`, waiting up to 15 s for it.
pub async fn el(c: &Client, testid: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
        .unwrap_or_else(|e| panic!("no element {testid}: {e}"))
}

/// Switch the app to English on the Settings screen (it follows the system's language), so that assertions
/// read the same on every machine.
pub async fn in_english(c: &Client) {
    el(c, "nav-settings").await.click().await.unwrap();
    el(c, "lang-select")
        .await
        .select_by_value("en")
        .await
        .unwrap();
}

/// Every element with `testid` now.
pub async fn all(c: &Client, testid: &str) -> Vec<Element> {
    c.find_all(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
        .unwrap()
}

/// Replace an input's text by typing, as a person would.
pub async fn type_into(e: &Element, text: &str) {
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// The text of the first element with `testid`, from `textContent` (WebKitWebDriver's rendered-text call
/// returns nothing for some grid layouts).
pub async fn text_of(c: &Client, testid: &str) -> Option<String> {
    let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
    let selector = format!("[data-testid='{testid}']");
    let v = c
        .execute(script, vec![serde_json::json!(selector)])
        .await
        .ok()?;
    v.as_str()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Wait until the element's text satisfies `ok`, and return it.
pub async fn wait_text(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Some(t) = text_of(c, testid).await {
            last = t;
            if ok(&last) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(c, &format!("failure-{testid}.png")).await;
    let source = c.source().await.unwrap_or_default();
    panic!(
        "{testid} never matched; last text: {last:?}\npage: {}",
        &source[..source.len().min(4000)]
    );
}

/// Save a screenshot as `name` in `$FIELDQUOTE_SCREENSHOT_DIR`, when that is set.
pub async fn screenshot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("FIELDQUOTE_SCREENSHOT_DIR") {
        // WebKitWebDriver has been seen never to answer a screenshot request: fail, don't hang.
        let png = tokio::time::timeout(Duration::from_secs(20), c.screenshot())
            .await
            .unwrap_or_else(|_| panic!("the screenshot {name} got no answer in 20 s"))
            .unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), png).unwrap();
    }
}

/// The `data-<name>` attribute (`dataset[name]`, camelCase) of the first element with `testid`.
pub async fn data_of(c: &Client, testid: &str, name: &str) -> Option<String> {
    let script = "const e = document.querySelector(arguments[0]); return e ? e.dataset[arguments[1]] : null;";
    let selector = format!("[data-testid='{testid}']");
    let v = c
        .execute(
            script,
            vec![serde_json::json!(selector), serde_json::json!(name)],
        )
        .await
        .ok()?;
    v.as_str().map(str::to_string)
}

/// The `data-state` of the first element with `testid`.
pub async fn state_of(c: &Client, testid: &str) -> Option<String> {
    data_of(c, testid, "state").await
}

/// Click Sync now and wait (up to `secs`) until a sync newer than the last one has succeeded.
pub async fn sync_now_and_wait(c: &Client, secs: u64) {
    let before = data_of(c, "sync-status", "lastSync").await;
    el(c, "sync-now").await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        let now = data_of(c, "sync-status", "lastSync").await;
        if now != before && state_of(c, "sync-status").await.as_deref() == Some("ok") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(c, "failure-sync-now.png").await;
    panic!(
        "no successful sync after Sync now: {:?}",
        text_of(c, "sync-status").await
    );
}

/// Wait (up to `secs`) until the element's `data-state` is `want`.
pub async fn wait_state(c: &Client, testid: &str, want: &str, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = None;
    while Instant::now() < deadline {
        last = state_of(c, testid).await;
        if last.as_deref() == Some(want) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(c, &format!("failure-{testid}-{want}.png")).await;
    let status = text_of(c, testid).await;
    panic!("{testid} never reached state {want:?}: last {last:?}, text {status:?}");
}

/// Add a product to the open quote the way a keyboard user does: type its SKU into the product search, wait
/// until the search offers it first, press Enter, and wait for its line (a bundle: its lines) to appear. The
/// new line's quantity then has the focus.
pub async fn add_product(c: &Client, sku: &str) {
    let rows_before = all(c, "line-row").await.len();
    let picker = el(c, "line-picker").await;
    type_into(&picker, sku).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let script = "const o = document.querySelector(\"[data-testid='picker-option'][aria-selected='true']\"); \
                      return o ? o.dataset.sku : null;";
        let first = c.execute(script, vec![]).await.unwrap();
        if first.as_str() == Some(sku) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the product search never offered {sku} first (offered {first})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    picker
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    loop {
        let focused = c
            .execute(
                "return document.activeElement && document.activeElement.dataset.testid;",
                vec![],
            )
            .await
            .unwrap();
        if all(c, "line-row").await.len() > rows_before && focused.as_str() == Some("line-qty") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{sku} was not added (focus on {focused})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The field changes of the revision diff's line for `sku`, as shown: `(field, before, after)` in order.
pub async fn diff_fields(c: &Client, sku: &str) -> Vec<(String, String, String)> {
    let script = "const line = document.querySelector(`[data-testid='diff-line'][data-sku='${arguments[0]}']`); \
                  if (!line) return null; \
                  return [...line.querySelectorAll('.field-change')].map((f) => [f.dataset.field, \
                    f.querySelector('del')?.textContent ?? '', f.querySelector('ins')?.textContent ?? '']);";
    let v = c
        .execute(script, vec![serde_json::json!(sku)])
        .await
        .unwrap();
    let Some(fields) = v.as_array() else {
        panic!("the revision diff has no line for {sku}");
    };
    fields
        .iter()
        .map(|f| {
            let s = |i: usize| f[i].as_str().unwrap_or_default().trim().to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// Switch the app to Simplified Chinese on the Settings screen.
pub async fn in_chinese(c: &Client) {
    el(c, "nav-settings").await.click().await.unwrap();
    el(c, "lang-select")
        .await
        .select_by_value("zh-CN")
        .await
        .unwrap();
}

/// Choose the quote's customer the way a keyboard user does: type part of its name into the customer search,
/// wait until the search offers it first, press Enter, and wait until the field shows it.
pub async fn choose_customer(c: &Client, name: &str) {
    let picker = el(c, "quote-customer").await;
    type_into(&picker, name).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let script = "const o = document.querySelector(\"[data-testid='customer-option'][aria-selected='true']\"); \
                      return o ? o.dataset.name : null;";
        let first = c.execute(script, vec![]).await.unwrap();
        if first.as_str() == Some(name) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the customer search never offered {name} first (offered {first})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    picker
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    loop {
        if picker.prop("value").await.unwrap().as_deref() == Some(name) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name} was not chosen as the quote's customer"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Answer the app's confirmation dialog: `true` confirms, `false` cancels. Returns the question it asked.
pub async fn answer_confirm(c: &Client, confirm: bool) -> String {
    let question = wait_text(c, "confirm-dialog", |t| !t.is_empty()).await;
    let button = if confirm {
        "confirm-ok"
    } else {
        "confirm-cancel"
    };
    el(c, button).await.click().await.unwrap();
    question
}

/// Mark the open quote as sent: click Mark as sent and confirm.
pub async fn send_quote(c: &Client) {
    el(c, "quote-send").await.click().await.unwrap();
    answer_confirm(c, true).await;
}

/// The on-screen box (x, y, width, height, in CSS pixels) of the first element with `testid`.
pub async fn rect_of(c: &Client, testid: &str) -> Option<(f64, f64, f64, f64)> {
    let script = "const e = document.querySelector(arguments[0]); if (!e) return null; \
                  const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height];";
    let v = c
        .execute(
            script,
            vec![serde_json::json!(format!("[data-testid='{testid}']"))],
        )
        .await
        .ok()?;
    let a = v.as_array()?;
    let n = |i: usize| a.get(i).and_then(serde_json::Value::as_f64);
    Some((n(0)?, n(1)?, n(2)?, n(3)?))
}

/// Whether an element with `testid` is on the page now.
pub async fn exists(c: &Client, testid: &str) -> bool {
    !all(c, testid).await.is_empty()
}
