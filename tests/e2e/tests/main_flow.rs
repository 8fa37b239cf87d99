//! The main flow in the real app: create a customer, quote two lines, check the total, write the PDF.
#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// A child process, started in its own process group, killed with all its descendants when dropped
/// (tauri-driver starts WebKitWebDriver, which starts the app).
struct Guard(Child);

impl Guard {
    fn spawn(cmd: &mut Command) -> std::io::Result<Guard> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0).spawn().map(Guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start Xvfb on a free display number and return it with its guard.
fn start_xvfb() -> (String, Guard) {
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

fn tauri_driver() -> PathBuf {
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

async fn wait_for_driver(port: u16) {
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

async fn el(c: &Client, testid: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
        .unwrap_or_else(|e| panic!("no element {testid}: {e}"))
}

async fn all(c: &Client, testid: &str) -> Vec<Element> {
    c.find_all(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
        .unwrap()
}

/// Replace an input's text by typing, as a person would.
async fn type_into(e: &Element, text: &str) {
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// The text of the first element with `testid`, from `textContent` (WebKitWebDriver's rendered-text call
/// returns nothing for some grid layouts).
async fn text_of(c: &Client, testid: &str) -> Option<String> {
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
async fn wait_text(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
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

async fn screenshot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("FIELDQUOTE_SCREENSHOT_DIR") {
        let png = c.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), png).unwrap();
    }
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn customer_quote_total_and_pdf() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    assert!(Path::new(&binary).is_file(), "no app binary at {binary}");
    let data = tempfile::tempdir().unwrap();
    {
        let store = fieldquote_store::Store::open(data.path()).await.unwrap();
        fieldquote_store::demo::load(&store).await.unwrap();
        store.close().await.unwrap();
    }

    let (display, _xvfb) = start_xvfb();
    let port = free_port();
    let native_port = free_port();
    let driver_log = std::fs::File::create(data.path().join("tauri-driver.log")).unwrap();
    let _driver = Guard::spawn(
        Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            .stderr(driver_log),
    )
    .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
    wait_for_driver(port).await;

    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary, "args": ["--data-dir", data.path()] }),
    );
    let c = ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with the app");

    // The app starts in English on this machine; make sure of it so the assertions read the same.
    el(&c, "nav-settings").await.click().await.unwrap();
    el(&c, "lang-select")
        .await
        .select_by_value("en")
        .await
        .unwrap();

    // A new customer with a Chinese name.
    let name = "杭州未来智造科技有限公司";
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-new").await.click().await.unwrap();
    // Saving an empty name is refused with a message next to the field.
    el(&c, "customer-save").await.click().await.unwrap();
    el(&c, "error-name").await;
    type_into(&el(&c, "customer-name").await, name).await;
    type_into(&el(&c, "customer-contact").await, "钱晓明").await;
    el(&c, "customer-save").await.click().await.unwrap();
    type_into(&el(&c, "customer-search").await, "未来智造").await;
    wait_text(&c, "customer-row", |t| t.contains(name)).await;
    screenshot(&c, "customers.png").await;

    // A quote with two lines: 3 × PLC-S7-1200 at 10 % off, 2 hours of engineering.
    el(&c, "nav-quotes").await.click().await.unwrap();
    el(&c, "quote-new").await.click().await.unwrap();
    el(&c, "quote-customer")
        .await
        .select_by_label(name)
        .await
        .unwrap();
    el(&c, "quote-add-line").await.click().await.unwrap();
    el(&c, "quote-add-line").await.click().await.unwrap();
    let mut products = Vec::new();
    let store = fieldquote_store::Store::open(data.path()).await.unwrap();
    for sku in ["PLC-S7-1200", "SVC-ENG-HR"] {
        products.push(
            store
                .list_products(sku)
                .await
                .unwrap()
                .remove(0)
                .id
                .to_string(),
        );
    }
    let selects = all(&c, "line-product").await;
    assert_eq!(selects.len(), 2);
    selects[0].select_by_value(&products[0]).await.unwrap();
    selects[1].select_by_value(&products[1]).await.unwrap();
    let qty = all(&c, "line-qty").await;
    let disc = all(&c, "line-discount").await;
    type_into(&qty[0], "3").await;
    type_into(&disc[0], "10").await;
    type_into(&qty[1], "2").await;
    // A negative quantity is refused next to the field, and the total ignores that line.
    type_into(&qty[1], "-2").await;
    el(&c, "error-lines[1].quantity").await;
    type_into(&qty[1], "2").await;

    // 3 × 3880.00 × 0.90 = 10476.00 (+13 % = 1361.88); 2 × 680.00 = 1360.00 (+6 % = 81.60)
    wait_text(&c, "quote-total", |t| t == "13279.48").await;
    assert_eq!(
        text_of(&c, "quote-subtotal").await.as_deref(),
        Some("11836.00")
    );
    assert_eq!(text_of(&c, "quote-tax").await.as_deref(), Some("1443.48"));

    el(&c, "quote-save").await.click().await.unwrap();
    let number = wait_text(&c, "quote-number", |t| t.starts_with("Q-")).await;

    el(&c, "quote-pdf").await.click().await.unwrap();
    let path = wait_text(&c, "quote-pdf-path", |t| t.ends_with(".pdf")).await;
    assert!(path.contains(&number), "{path} is named after {number}");
    screenshot(&c, "quote-editor.png").await;
    assert!(Path::new(&path).is_file(), "the PDF exists at {path}");
    let out = Command::new("pdftotext")
        .args([&path, "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(name), "the PDF names the customer: {text}");
    assert!(
        text.contains("13,279.48"),
        "the PDF shows the total: {text}"
    );

    // The quote is in the list with the same total.
    el(&c, "quote-back").await.click().await.unwrap();
    type_into(&el(&c, "quote-search").await, &number).await;
    wait_text(&c, "quote-row", |t| t.contains("13279.48")).await;
    screenshot(&c, "quotes.png").await;

    // Ending the session closes the app; the driver may report that as an error, which is fine here.
    let _ = c.close().await;
}
