//! Chinese renders with real glyphs on a machine without any CJK font: the app starts with a fontconfig file
//! that hides every system font, and the customer list's Chinese names (the demo data) must still be drawn
//! with the UI's own font.
//!
//! How "real glyphs, not boxes" is told: each character of a name is drawn alone on a canvas in the font the
//! name's cell is shown in (its computed `font-family`, the UI's whole stack). A font without the character
//! draws the same missing-glyph box (or nothing) for every character, so real glyphs are ones with ink that
//! all differ from each other and from a character no font has. The same drawing in plain `sans-serif`
//! must give boxes: that shows the system's fonts really are hidden from the app.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use fieldquote_e2e::{Session, demo_data_dir, el, screenshot};

/// A fontconfig setup with one empty font directory: no system font at all.
fn no_fonts(dir: &std::path::Path) -> std::path::PathBuf {
    let fonts = dir.join("no-fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let file = dir.join("fonts.conf");
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n\
             <fontconfig>\n  <dir>{}</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    file
}

/// In the first customer name with Chinese characters, draw each of (up to six of) its characters alone in
/// the cell's font, then in each of `stacks` ('' for the cell's), with a character no font has last; per
/// character its ink (pixels drawn) and a hash of its pixels. `null` while no such name is listed.
const DRAW: &str = r"
const [stacks, done] = arguments;
(async () => {
  await document.fonts.ready;
  const cell = [...document.querySelectorAll(`[data-testid='customer-row'] .strong`)]
    .find((c) => /[\u4e00-\u9fff]/.test(c.textContent));
  if (!cell) return done(null);
  const chars = [...new Set(cell.textContent.match(/[\u4e00-\u9fff]/g))].slice(0, 6);
  chars.push('\u{10fffd}');
  const family = getComputedStyle(cell).fontFamily;
  const faces = [...document.fonts]
    .filter((f) => f.family.replace(/['\u0022]/g, '') === 'Fieldquote CJK')
    .map((f) => f.status);
  const canvas = document.createElement('canvas');
  canvas.width = 72;
  canvas.height = 72;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, 72, 72);
    ctx.fillStyle = '#000';
    ctx.textBaseline = 'top';
    ctx.font = '48px ' + font;
    ctx.fillText(ch, 8, 8);
    const d = ctx.getImageData(0, 0, 72, 72).data;
    let ink = 0;
    let hash = 2166136261;
    for (let i = 3; i < d.length; i += 4) {
      if (d[i] > 0) ink++;
      hash = Math.imul(hash ^ d[i], 16777619) >>> 0;
    }
    return [ink, hash];
  };
  const drawn = {};
  for (const stack of stacks) {
    const font = stack === '' ? family : stack;
    drawn[stack] = chars.map((ch) => draw(font, ch));
  }
  done({ family, faces, text: cell.textContent, chars, drawn });
})();
";

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and WebKitWebDriver: run by scripts/test"]
async fn chinese_names_render_without_any_system_font() {
    let binary =
        std::env::var("FIELDQUOTE_E2E_BINARY").expect("set FIELDQUOTE_E2E_BINARY to the built app");
    let (data, _) = demo_data_dir().await;
    let fc = tempfile::tempdir().unwrap();
    let config = no_fonts(fc.path());

    // The fontconfig file hides every font: fontconfig itself lists none.
    let listed = std::process::Command::new("fc-list")
        .env("FONTCONFIG_FILE", &config)
        .output()
        .expect("fc-list is installed (apt-get install fontconfig)");
    assert!(listed.status.success());
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        "",
        "the fontconfig file should hide every font"
    );

    let session = Session::start_with_env(
        &binary,
        data.path(),
        &[("FONTCONFIG_FILE", config.as_os_str())],
    )
    .await;
    let c = session.client.clone();
    el(&c, "nav-customers").await.click().await.unwrap();
    el(&c, "customer-row").await;
    screenshot(&c, "cjk-font.png").await;
    // The font may still be on its way for a moment after the list appears.
    let deadline = Instant::now() + Duration::from_secs(20);
    let result = loop {
        let r = c
            .execute_async(DRAW, vec![serde_json::json!(["", "sans-serif"])])
            .await
            .unwrap();
        let loaded = r["faces"]
            .as_array()
            .is_some_and(|f| f.iter().all(|s| s == "loaded"));
        if (!r.is_null() && loaded) || Instant::now() > deadline {
            break r;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        !result.is_null(),
        "no customer with a Chinese name is listed"
    );
    let name = result["text"].as_str().unwrap_or_default().to_string();
    let mut hanzi: Vec<String> = result["chars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    hanzi.pop(); // the character no font has
    assert!(hanzi.len() >= 4, "a Chinese name to look at: {result}");
    let family = result["family"].as_str().unwrap_or_default();
    assert!(
        family.contains("Fieldquote CJK"),
        "the UI's font stack names its own CJK font: {family}"
    );
    assert_eq!(
        result["faces"],
        serde_json::json!(["loaded"]),
        "the UI's CJK font is bundled and loads: {result}"
    );

    let glyphs = |stack: &str| -> Vec<(u64, u64)> {
        result["drawn"][stack]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g[0].as_u64().unwrap(), g[1].as_u64().unwrap()))
            .collect()
    };
    // The last character drawn is the one no font has.
    let (shown, missing) = {
        let mut g = glyphs("");
        let missing = g.pop().unwrap();
        (g, missing)
    };
    for (ch, g) in hanzi.iter().zip(&shown) {
        assert!(g.0 > 20, "{ch} is drawn with no ink: {result}");
        assert_ne!(
            g.1, missing.1,
            "{ch} is drawn like a character no font has (a box): {result}"
        );
    }
    let distinct: BTreeSet<u64> = shown.iter().map(|g| g.1).collect();
    assert_eq!(
        distinct.len(),
        shown.len(),
        "the characters of {name:?} are not all drawn differently (boxes): {result}"
    );

    // Without the UI's font, the same characters are boxes or nothing: the system's fonts are out of reach.
    let plain = glyphs("sans-serif");
    let plain_distinct: BTreeSet<u64> = plain.iter().map(|g| g.1).collect();
    assert_eq!(
        plain_distinct.len(),
        1,
        "plain sans-serif draws Chinese: a system CJK font is still visible to the app: {result}"
    );
    session.close().await;
}
