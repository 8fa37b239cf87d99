//! Blobs in a normal sync, against the real server on SQLite and on PostgreSQL, through a TCP proxy that
//! counts the bytes each way and can cut the connection after a number of them: a large image of a personal
//! block goes up with the block, an upload cut off resumes without sending again what arrived, a download
//! cut off resumes from the partial file, the owner's other laptop receives the image intact, a rep of
//! another team receives neither block nor image, and a company block's image reaches everyone.
#![allow(clippy::unwrap_used, clippy::too_many_lines)] // test code: a panic is a failed test

mod common;
mod laptop;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::{Backend, Server, ServerDb};
use fieldquote_domain::content::{BlobHash, ContentBlockInput};
use fieldquote_server::content::ContentLibrary;
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{ContentFilter, Origin, Store};
use fieldquote_sync::{Client, Progress, Session, SyncError, sync_once};
use laptop::sign_in;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ANN: &str = "ann@example.cn";
const CHO: &str = "cho@example.cn";
const MIB: u64 = 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    blobs_travel_with_their_records(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    blobs_travel_with_their_records(Backend::Postgres).await;
}

/// A TCP proxy to `target` on 127.0.0.1: counts the bytes sent up (to the server) and down, and closes
/// every connection once `cut_up` bytes went up or `cut_down` came down (in all, over its connections).
struct Proxy {
    url: String,
    up: Arc<AtomicU64>,
    down: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(target: &str, cut_up: Option<u64>, cut_down: Option<u64>) -> Proxy {
        let target = target.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (up, down) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let (u, d) = (up.clone(), down.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let Ok(server) = TcpStream::connect(&target).await else {
                    return;
                };
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                let (u, d) = (u.clone(), d.clone());
                // A cut drops the connection both ways, as a network gone would.
                tokio::spawn(async move {
                    let up = pipe(cr, sw, u, cut_up);
                    let down = pipe(sr, cw, d, cut_down);
                    tokio::pin!(up, down);
                    tokio::select! {
                        cut = &mut up => if !cut { down.await; },
                        cut = &mut down => if !cut { up.await; },
                    }
                });
            }
        });
        Proxy {
            url,
            up,
            down,
            task,
        }
    }

    fn up(&self) -> u64 {
        self.up.load(Ordering::SeqCst)
    }

    fn down(&self) -> u64 {
        self.down.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copy `from` to `to`, counting in `count`; past `cut` (in all) stop: `true` when it was cut.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    count: Arc<AtomicU64>,
    cut: Option<u64>,
) -> bool {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let before = count.fetch_add(n as u64, Ordering::SeqCst);
        let allowed = match cut {
            Some(limit) if before + n as u64 > limit => {
                usize::try_from(limit.saturating_sub(before)).unwrap_or(0)
            }
            _ => n,
        };
        if allowed > 0 && to.write_all(&buf[..allowed]).await.is_err() {
            break;
        }
        if allowed < n {
            return true;
        }
    }
    let _ = to.shutdown().await;
    false
}

/// An uncompressed BMP image of `w`×`h` pixels with a pattern that varies with `seed`.
fn bmp(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let row = (w * 3).div_ceil(4) * 4;
    let size = 54 + row * h;
    let mut out = Vec::with_capacity(size as usize);
    out.extend_from_slice(b"BM");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&54u32.to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    out.extend_from_slice(&[0; 24]);
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    for _ in 0..h {
        for i in 0..row {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            out.push(if i < w * 3 { (x & 0xff) as u8 } else { 0 });
        }
    }
    out
}

struct Laptop {
    store: Store,
    session: Session,
    _dir: tempfile::TempDir,
}

impl Laptop {
    async fn new(server: &Server, email: &str) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let (_, session) = sign_in(&store, server, email).await;
        Laptop {
            store,
            session,
            _dir: dir,
        }
    }

    /// One sync through `url`, with the progress it reported.
    async fn sync_via(
        &self,
        url: &str,
    ) -> (
        Result<fieldquote_sync::SyncReport, SyncError>,
        Vec<Progress>,
    ) {
        let client = Client::without_proxy(url).unwrap();
        let mut seen = Vec::new();
        let result = sync_once(&self.store, &client, &self.session.token, |p| seen.push(p)).await;
        (result, seen)
    }
}

async fn blobs_travel_with_their_records(backend: Backend) {
    let Some(db) = ServerDb::fresh(backend).await else {
        return;
    };
    let server = Server::start(&db).await;
    server.add_team("North").await;
    server.add_team("South").await;
    server.add_user(ANN, Role::Rep, Some("North")).await;
    server.add_user(CHO, Role::Rep, Some("South")).await;
    let laptop = Laptop::new(&server, ANN).await;
    let other = Laptop::new(&server, ANN).await;
    let cho = Laptop::new(&server, CHO).await;

    // Ann keeps a case study with a photo of several MB on her laptop.
    let photo = bmp(1700, 1300, 7);
    let size = photo.len() as u64;
    assert!(size > 6 * MIB);
    let hash = laptop.store.put_blob(&photo).unwrap();
    assert_eq!(hash, BlobHash::of(&photo));
    assert_eq!(laptop.store.put_blob(&photo).unwrap(), hash, "stored once");
    let block = laptop
        .store
        .create_content_block(
            &ContentBlockInput {
                kind: "case_study".into(),
                title_en: "Cold chain for a dairy".into(),
                title_zh: "乳品冷链".into(),
                body_en: "Client: Bright Dairy".into(),
                tags: vec!["dairy".into()],
                industry: "food".into(),
                image_blobs: vec![hash.to_string()],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();

    // The connection drops after 2.5 MiB went up: two parts of the photo arrived, the block was not pushed.
    let cutting = Proxy::start(&server.base, Some(5 * MIB / 2), None).await;
    let (result, _) = laptop.sync_via(&cutting.url).await;
    assert!(
        matches!(result, Err(SyncError::Unreachable { .. })),
        "{result:?}"
    );
    let client = Client::without_proxy(&server.base).unwrap();
    let state = &client
        .check_blobs(&laptop.session.token, std::slice::from_ref(&hash))
        .await
        .unwrap()[0];
    assert_eq!(state.state, "partial");
    let arrived = state.received;
    assert!(arrived >= MIB && arrived < size, "{arrived}");
    assert_eq!(laptop.store.sync_state().await.unwrap().pending_changes, 1);

    // The next sync continues from there: only the rest goes up (plus requests' headers and the push).
    let counting = Proxy::start(&server.base, None, None).await;
    let (result, progress) = laptop.sync_via(&counting.url).await;
    let report = result.unwrap();
    assert_eq!((report.blobs_uploaded, report.accepted), (1, 1));
    let rest = size - arrived;
    assert!(
        counting.up() >= rest && counting.up() < rest + 64 * 1024,
        "sent {} for the {rest} bytes left",
        counting.up()
    );
    let last_upload = progress.iter().rev().find_map(|p| match p {
        Progress::Uploading { sent, total } => Some((*sent, *total)),
        _ => None,
    });
    assert_eq!(last_upload, Some((rest, rest)));
    // Syncing again moves nothing.
    let (result, _) = laptop.sync_via(&server.base).await;
    let report = result.unwrap();
    assert_eq!((report.blobs_uploaded, report.blobs_downloaded), (0, 0));

    // Ann's other laptop: the download is cut after 3 MiB came down (the pull's pages included).
    let cutting = Proxy::start(&server.base, None, Some(3 * MIB)).await;
    let (result, _) = other.sync_via(&cutting.url).await;
    assert!(
        matches!(result, Err(SyncError::Unreachable { .. })),
        "{result:?}"
    );
    let blocks = other
        .store
        .list_content_blocks(&ContentFilter::default())
        .await
        .unwrap();
    assert_eq!(blocks.len(), 1, "the block arrived before its photo");
    assert!(!other.store.has_blob(&hash));
    let partial = std::fs::metadata(other.store.partial_blob_path(&hash))
        .unwrap()
        .len();
    assert!(partial > 0 && partial < size, "{partial}");
    // The next sync fetches only the rest, and the photo is whole.
    let counting = Proxy::start(&server.base, None, None).await;
    let (result, progress) = other.sync_via(&counting.url).await;
    assert_eq!(result.unwrap().blobs_downloaded, 1);
    let rest = size - partial;
    assert!(
        counting.down() >= rest && counting.down() < rest + 64 * 1024,
        "received {} for the {rest} bytes left",
        counting.down()
    );
    assert!(
        progress
            .iter()
            .any(|p| matches!(p, Progress::Downloading { .. }))
    );
    assert_eq!(other.store.read_blob(&hash).unwrap().unwrap(), photo);
    assert!(!other.store.partial_blob_path(&hash).exists());
    assert_eq!(
        other
            .store
            .get_content_block(block.id)
            .await
            .unwrap()
            .image_blobs,
        vec![hash.clone()]
    );

    // A rep of another team: neither the block nor its photo, and the server will not give it.
    let (result, _) = cho.sync_via(&server.base).await;
    assert_eq!(result.unwrap().blobs_downloaded, 0);
    assert!(
        cho.store
            .list_content_blocks(&ContentFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let got = client
        .download_blob(&cho.store, &cho.session.token, &hash, |_| {})
        .await
        .unwrap();
    assert!(!got, "404 for a blob of a record cho cannot see");
    assert!(!cho.store.has_blob(&hash));

    // A company block with a logo reaches every laptop, image and all.
    let dir = tempfile::tempdir().unwrap();
    let logo = bmp(120, 80, 9);
    std::fs::write(dir.path().join("logo.bmp"), &logo).unwrap();
    std::fs::write(
        dir.path().join("about.json"),
        r#"{"kind": "company_introduction", "title_en": "Who we are", "title_zh": "关于我们",
            "images": ["logo.bmp"]}"#,
    )
    .unwrap();
    ContentLibrary::new(server.db.clone(), 64 * MIB)
        .import(dir.path())
        .await
        .unwrap();
    for l in [&laptop, &other, &cho] {
        let (result, _) = l.sync_via(&server.base).await;
        assert_eq!(result.unwrap().blobs_downloaded, 1);
        assert_eq!(
            l.store.read_blob(&BlobHash::of(&logo)).unwrap().unwrap(),
            logo
        );
    }
    // It is the server's: a laptop cannot change it.
    let company = cho
        .store
        .list_content_blocks(&ContentFilter::default())
        .await
        .unwrap();
    assert_eq!(company.len(), 1);
    let err = cho
        .store
        .update_content_block(company[0].id, &company[0].to_input(), Origin::Ui)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("managed on the server"), "{err}");
}
