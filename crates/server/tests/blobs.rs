//! Content-addressed blobs and the content library, on SQLite and on PostgreSQL: a large image uploaded in
//! parts and read back whole and by range, an upload resumed from what arrived, repeated uploads, a wrong
//! hash refused with nothing stored, bad input (a malformed hash or range, a blob over the limit, a body over
//! the request limit), who may download (only blobs of records the caller sees), company blocks only from
//! the server's import, and `fieldquote-server content import`.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use common::{Api, Backend, Device, TestServer, cli, data, error_body, field, rejection};
use fieldquote_domain::content::BlobHash;
use fieldquote_domain::sync::{EntityKind, RejectCode};
use fieldquote_server::content::ContentLibrary;
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    a_large_image_goes_up_in_parts_and_comes_down_whole_and_by_range,
    an_upload_continues_from_what_arrived_and_repeats_change_nothing,
    bytes_that_do_not_match_their_hash_are_refused_and_not_stored,
    bad_blob_requests_get_clear_errors,
    only_blobs_of_records_the_caller_sees_may_be_downloaded,
    company_blocks_come_from_the_import_only,
);

const MIB: usize = 1024 * 1024;

/// An uncompressed BMP image of `w`×`h` pixels with a pattern that varies with `seed`.
pub fn bmp(w: u32, h: u32, seed: u32) -> Vec<u8> {
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

struct Cast {
    s: TestServer,
    ann: Api,
    bob: Api,
    cho: Api,
    root: Api,
}

/// Reps ann and bob (North), cho (South), admin root.
async fn cast(backend: Backend) -> Option<Cast> {
    let s = TestServer::start(backend).await?;
    s.add_team("North").await;
    s.add_team("South").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    s.add_user("bob@example.com", Role::Rep, Some("North"))
        .await;
    s.add_user("cho@example.com", Role::Rep, Some("South"))
        .await;
    s.add_user("root@example.com", Role::Admin, None).await;
    Some(Cast {
        ann: s.api("ann@example.com").await,
        bob: s.api("bob@example.com").await,
        cho: s.api("cho@example.com").await,
        root: s.api("root@example.com").await,
        s,
    })
}

fn block(title: &str, images: &[&BlobHash]) -> Value {
    let hashes: Vec<String> = images.iter().map(ToString::to_string).collect();
    json!({
        "kind": "case_study", "scope": "personal", "title_en": title, "title_zh": "",
        "body_en": "", "body_zh": "", "tags": "[\"dairy\"]", "industry": "food",
        "product_ids": "[]", "bundle_ids": "[]", "image_blobs": serde_json::to_string(&hashes).unwrap(),
    })
}

async fn put(api: &Api, hash: &str, range: Option<String>, body: Vec<u8>) -> reqwest::Response {
    let mut req = api
        .client
        .put(format!("{}/api/v1/blobs/{hash}", api.base))
        .bearer_auth(&api.token)
        .header("Content-Type", "application/octet-stream")
        .body(body);
    if let Some(r) = range {
        req = req.header("Content-Range", r);
    }
    req.send().await.unwrap()
}

/// `PUT` a body of `len` bytes over a plain TCP connection, reading the answer while the body is sent (a
/// server that answers early and closes would break an ordinary client's pipe): its status and body.
async fn put_raw(api: &Api, hash: &str, len: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = api.base.trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "PUT /api/v1/blobs/{hash} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/octet-stream\r\nContent-Length: {len}\r\n\r\n",
        api.token
    );
    let writer = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        let chunk = vec![7u8; 1024 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len());
            write.write_all(&chunk[..n]).await?;
            left -= n;
        }
        std::io::Result::Ok(())
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&answer);
        if text.contains("\r\n\r\n") && text.contains('}') {
            break;
        }
    }
    writer.abort();
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

async fn get(api: &Api, hash: &str, range: Option<&str>) -> reqwest::Response {
    let mut req = api
        .client
        .get(format!("{}/api/v1/blobs/{hash}", api.base))
        .bearer_auth(&api.token);
    if let Some(r) = range {
        req = req.header("Range", r);
    }
    req.send().await.unwrap()
}

async fn check(api: &Api, hashes: &[&str]) -> Vec<Value> {
    let res = api
        .client
        .post(format!("{}/api/v1/blobs/check", api.base))
        .bearer_auth(&api.token)
        .json(&json!({ "hashes": hashes }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["blobs"].as_array().unwrap().clone()
}

/// Upload `bytes` in parts of `part` bytes; the statuses answered.
async fn upload(api: &Api, bytes: &[u8], part: usize) -> Vec<u16> {
    let hash = BlobHash::of(bytes).to_string();
    let mut statuses = Vec::new();
    for start in (0..bytes.len()).step_by(part) {
        let end = (start + part).min(bytes.len());
        let range = format!("bytes {start}-{}/{}", end - 1, bytes.len());
        let res = put(api, &hash, Some(range), bytes[start..end].to_vec()).await;
        statuses.push(res.status().as_u16());
    }
    statuses
}

async fn a_large_image_goes_up_in_parts_and_comes_down_whole_and_by_range(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let image = bmp(1700, 1300, 1);
    assert!(image.len() > 6 * MIB, "several MB: {}", image.len());
    let hash = BlobHash::of(&image);
    let statuses = upload(&c.ann, &image, MIB).await;
    assert_eq!(statuses.len(), 7);
    assert!(statuses[..6].iter().all(|s| *s == 202), "{statuses:?}");
    assert_eq!(statuses[6], 201, "the last part stores it");
    let state = &check(&c.ann, &[hash.as_str()]).await[0];
    assert_eq!(state["state"], "stored");
    assert_eq!(state["size"], image.len());
    // Stored, but no record names it yet: nobody may read it.
    assert_eq!(get(&c.ann, hash.as_str(), None).await.status(), 404);
    let mut dev = Device::new("ann-laptop");
    let id = Uuid::now_v7();
    c.ann
        .push_accepted(&[dev.change(EntityKind::ContentBlock, id, block("Plant", &[&hash]))])
        .await;
    let res = get(&c.ann, hash.as_str(), None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["accept-ranges"], "bytes");
    assert_eq!(res.bytes().await.unwrap().to_vec(), image, "intact");
    // Ranges across parts, from an offset to the end, the last bytes.
    let res = get(&c.ann, hash.as_str(), Some("bytes=1048000-1049999")).await;
    assert_eq!(res.status(), 206);
    assert_eq!(
        res.headers()["content-range"],
        format!("bytes 1048000-1049999/{}", image.len()).as_str()
    );
    assert_eq!(res.bytes().await.unwrap(), &image[1_048_000..1_050_000]);
    let from = image.len() - 100_000;
    let res = get(&c.ann, hash.as_str(), Some(&format!("bytes={from}-"))).await;
    assert_eq!(res.status(), 206);
    assert_eq!(res.bytes().await.unwrap(), &image[from..]);
    let res = get(&c.ann, hash.as_str(), Some("bytes=-10")).await;
    assert_eq!(res.bytes().await.unwrap(), &image[image.len() - 10..]);
    let res = get(
        &c.ann,
        hash.as_str(),
        Some(&format!("bytes={}-", image.len())),
    )
    .await;
    assert_eq!(
        res.headers()["content-range"],
        format!("bytes */{}", image.len()).as_str()
    );
    let (code, _) = error_body(res, 416).await;
    assert_eq!(code, "range_not_satisfiable");
}

async fn an_upload_continues_from_what_arrived_and_repeats_change_nothing(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let image = bmp(1000, 1000, 2);
    let hash = BlobHash::of(&image).to_string();
    let size = image.len();
    let part = |a: usize, b: usize| (format!("bytes {a}-{}/{size}", b - 1), image[a..b].to_vec());
    for (a, b) in [(0, MIB), (MIB, 2 * MIB)] {
        let (r, bytes) = part(a, b);
        assert_eq!(put(&c.ann, &hash, Some(r), bytes).await.status(), 202);
    }
    // The connection dropped here: the device asks how far it got.
    let state = &check(&c.ann, &[hash.as_str()]).await[0];
    assert_eq!(state["state"], "partial");
    assert_eq!(state["received"], 2 * MIB);
    // A part after a gap is refused, with where to continue.
    let (r, bytes) = part(2 * MIB + 10, 2 * MIB + 20);
    let res = put(&c.ann, &hash, Some(r), bytes).await;
    assert_eq!(
        res.headers()["upload-offset"],
        (2 * MIB).to_string().as_str()
    );
    assert_eq!(error_body(res, 409).await.0, "upload_offset_mismatch");
    // A part sent again (its answer was lost) and one overlapping what arrived add only what is new.
    let (r, bytes) = part(MIB, 2 * MIB);
    let res = put(&c.ann, &hash, Some(r), bytes).await;
    assert_eq!(res.status(), 202);
    assert_eq!(
        res.headers()["upload-offset"],
        (2 * MIB).to_string().as_str()
    );
    let (r, bytes) = part(MIB + MIB / 2, size);
    let res = put(&c.bob, &hash, Some(r), bytes).await;
    assert_eq!(
        res.status(),
        201,
        "another user finishes it: blobs are by content"
    );
    // Uploading it again, whole or in part, is accepted at once and changes nothing.
    assert_eq!(put(&c.ann, &hash, None, image.clone()).await.status(), 200);
    let (r, bytes) = part(0, 10);
    let res = put(&c.cho, &hash, Some(r), bytes).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["state"], "stored");
    assert_eq!(body["received"], size);
    let mut dev = Device::new("ann-laptop");
    let bh = BlobHash::parse(&hash).unwrap();
    c.ann
        .push_accepted(&[dev.change(EntityKind::ContentBlock, Uuid::now_v7(), block("A", &[&bh]))])
        .await;
    let res = get(&c.ann, &hash, None).await;
    assert_eq!(res.bytes().await.unwrap().to_vec(), image);
    // A small blob in one request.
    let small = b"a small logo".to_vec();
    let sh = BlobHash::of(&small).to_string();
    let res = put(&c.ann, &sh, None, small.clone()).await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.headers()["upload-offset"],
        small.len().to_string().as_str()
    );
}

async fn bytes_that_do_not_match_their_hash_are_refused_and_not_stored(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let image = bmp(700, 700, 3);
    let claimed = BlobHash::of(b"something else").to_string();
    let size = image.len();
    assert_eq!(
        put(
            &c.ann,
            &claimed,
            Some(format!("bytes 0-{}/{size}", MIB - 1)),
            image[..MIB].to_vec()
        )
        .await
        .status(),
        202
    );
    let res = put(
        &c.ann,
        &claimed,
        Some(format!("bytes {MIB}-{}/{size}", size - 1)),
        image[MIB..].to_vec(),
    )
    .await;
    let (code, message) = error_body(res, 422).await;
    assert_eq!(code, "hash_mismatch");
    assert!(message.contains(&claimed) && message.contains(BlobHash::of(&image).as_str()));
    // Nothing kept under that name, nor under the bytes' own.
    for h in [claimed.as_str(), BlobHash::of(&image).as_str()] {
        assert_eq!(check(&c.ann, &[h]).await[0]["state"], "missing", "{h}");
    }
    let res = put(&c.ann, &claimed, None, b"not it either".to_vec()).await;
    assert_eq!(error_body(res, 422).await.0, "hash_mismatch");
    // The right bytes under that name are taken afterwards.
    let res = put(&c.ann, &claimed, None, b"something else".to_vec()).await;
    assert_eq!(res.status(), 201);
}

async fn bad_blob_requests_get_clear_errors(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let good = BlobHash::of(b"x").to_string();
    for bad in ["abc", "zz", &format!("{good}00"), &good.replace('a', "g")] {
        let res = put(&c.ann, bad, None, b"x".to_vec()).await;
        assert_eq!(error_body(res, 400).await.0, "invalid_hash", "{bad}");
        let res = get(&c.ann, bad, None).await;
        assert_eq!(error_body(res, 400).await.0, "invalid_hash", "{bad}");
    }
    let res = c
        .ann
        .client
        .post(format!("{}/api/v1/blobs/check", c.ann.base))
        .bearer_auth(&c.ann.token)
        .json(&json!({"hashes": [good, "nothex"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(res, 400).await.0, "invalid_hash");
    for range in [
        "bytes 0-5/3",
        "bytes 5-1/10",
        "items 0-1/2",
        "bytes 0-1/2/3",
    ] {
        let res = put(&c.ann, &good, Some(range.into()), b"xy".to_vec()).await;
        let (code, message) = error_body(res, 400).await;
        assert_eq!(code, "invalid_input", "{range}");
        assert!(message.contains("Content-Range"), "{message}");
    }
    let res = put(&c.ann, &good, Some("bytes 0-9/10".into()), b"xy".to_vec()).await;
    assert_eq!(error_body(res, 400).await.0, "invalid_input");
    // Over the blob limit (64 MiB): refused before any byte is read.
    let huge = 100 * 1000 * 1000;
    let res = put(
        &c.ann,
        &good,
        Some(format!("bytes 0-{}/{huge}", MIB - 1)),
        vec![0; MIB],
    )
    .await;
    let (code, message) = error_body(res, 413).await;
    assert_eq!(code, "blob_too_large");
    assert!(message.contains("100000000"), "{message}");
    // A 100 MB body in one request: over the request limit. The server answers before reading it and
    // closes the connection, so the answer is read while the body is still being sent.
    let (status, body) = put_raw(&c.ann, &good, huge).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("payload_too_large"), "{body}");
    assert_eq!(check(&c.ann, &[&good]).await[0]["state"], "missing");
    // Without a token.
    let res =
        c.s.client
            .get(c.s.url(&format!("/api/v1/blobs/{good}")))
            .send()
            .await
            .unwrap();
    assert_eq!(error_body(res, 401).await.0, "unauthorized");
}

async fn only_blobs_of_records_the_caller_sees_may_be_downloaded(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let photo = bmp(300, 200, 4);
    let hash = BlobHash::of(&photo);
    assert_eq!(
        put(&c.ann, hash.as_str(), None, photo.clone())
            .await
            .status(),
        201
    );
    let mut dev = Device::new("ann-laptop");
    let id = Uuid::now_v7();
    c.ann
        .push_accepted(&[dev.change(EntityKind::ContentBlock, id, block("Mine", &[&hash]))])
        .await;
    // Ann's personal block: hers (and an admin's) to see; bob of her team and cho of another team get the
    // same 404 as for a blob the server does not hold.
    for (api, status) in [(&c.ann, 200), (&c.root, 200), (&c.bob, 404), (&c.cho, 404)] {
        assert_eq!(get(api, hash.as_str(), None).await.status(), status);
    }
    let res = get(&c.cho, hash.as_str(), None).await;
    let (code, message) = error_body(res, 404).await;
    assert_eq!(code, "not_found");
    assert!(message.contains(hash.as_str()));
    for api in [&c.bob, &c.cho] {
        let pulled = data(&api.pull_all().await);
        assert!(
            pulled.iter().all(|r| r.record.id != id),
            "a personal block stays its owner's"
        );
    }
    assert!(
        data(&c.ann.pull_all().await)
            .iter()
            .any(|r| r.record.id == id)
    );
    // Another user cannot change it either.
    let mut bob_dev = Device::new("bob-laptop");
    let out = c
        .bob
        .push(&[bob_dev.change(EntityKind::ContentBlock, id, json!({"title_en": "Bob's"}))])
        .await;
    assert_eq!(
        rejection(&out.results[0].outcome),
        Some(RejectCode::Forbidden)
    );
    // Deleted, it no longer lets anyone read the image.
    c.ann
        .push_accepted(&[dev.delete(EntityKind::ContentBlock, id)])
        .await;
    assert_eq!(get(&c.ann, hash.as_str(), None).await.status(), 404);
    // A company block's image is everyone's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plant.bmp"), &photo).unwrap();
    std::fs::write(
        dir.path().join("blocks.json"),
        json!([{"kind": "company_introduction", "title_en": "Who we are", "images": ["plant.bmp"]}])
            .to_string(),
    )
    .unwrap();
    let library = ContentLibrary::new(c.s.accounts.db().clone(), 64 * MIB as u64);
    let report = library.import(dir.path()).await.unwrap();
    assert_eq!((report.created, report.images), (1, 1));
    for api in [&c.ann, &c.bob, &c.cho, &c.root] {
        let res = get(api, hash.as_str(), None).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.unwrap().to_vec(), photo);
    }
}

async fn company_blocks_come_from_the_import_only(backend: Backend) {
    let Some(c) = cast(backend).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let logo = bmp(64, 64, 5);
    std::fs::create_dir(dir.path().join("img")).unwrap();
    std::fs::write(dir.path().join("img/logo.bmp"), &logo).unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        json!([
            {"kind": "company_introduction", "title_en": "Who we are", "title_zh": "关于我们",
             "body_en": "Since 1998", "tags": ["about"], "images": ["img/logo.bmp"]},
            {"kind": "certification", "title_en": "ISO 9001", "industry": "manufacturing"}
        ])
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.csv"),
        "kind,title_en,title_zh,tags\nfaq,Warranty?,保修期？,warranty;service\n",
    )
    .unwrap();
    let out = cli(&c.s.db)
        .args(["content", "import"])
        .arg(dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("imported 3 content blocks") && stdout.contains("3 created"),
        "{stdout}"
    );
    // The same files again change nothing (blocks without ids are known by kind and title).
    let out = cli(&c.s.db)
        .args(["content", "import"])
        .arg(dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("3 unchanged"), "{stdout}");
    // Everyone receives them.
    for api in [&c.ann, &c.cho] {
        let blocks: Vec<_> = data(&api.pull_all().await)
            .into_iter()
            .filter(|r| r.record.entity == EntityKind::ContentBlock)
            .collect();
        assert_eq!(blocks.len(), 3);
        assert!(blocks.iter().all(|b| field(b, "scope") == "company"));
        assert!(blocks.iter().all(|b| b.record.owner_id == Uuid::nil()));
    }
    let intro = data(&c.ann.pull_all().await)
        .into_iter()
        .find(|r| field(r, "title_en") == "Who we are")
        .unwrap();
    let images = field(&intro, "image_blobs").as_str().unwrap().to_string();
    assert!(images.contains(BlobHash::of(&logo).as_str()));
    assert_eq!(
        get(&c.cho, BlobHash::of(&logo).as_str(), None)
            .await
            .status(),
        200
    );
    // No device pushes a company block: not a change of one, not a new one, not a personal one made the
    // company's; not even an admin's laptop.
    let mut dev = Device::new("ann-laptop");
    let mine = Uuid::now_v7();
    c.ann
        .push_accepted(&[dev.change(EntityKind::ContentBlock, mine, block("Mine", &[]))])
        .await;
    let mut root_dev = Device::new("root-laptop");
    for (api, change) in [
        (
            &c.ann,
            dev.change(
                EntityKind::ContentBlock,
                intro.record.id,
                json!({"title_en": "Ours"}),
            ),
        ),
        (
            &c.ann,
            dev.delete(EntityKind::ContentBlock, intro.record.id),
        ),
        (
            &c.ann,
            dev.change(
                EntityKind::ContentBlock,
                Uuid::now_v7(),
                json!({"scope": "company"}),
            ),
        ),
        (
            &c.ann,
            dev.change(EntityKind::ContentBlock, mine, json!({"scope": "company"})),
        ),
        (
            &c.root,
            root_dev.change(
                EntityKind::ContentBlock,
                intro.record.id,
                json!({"title_en": "X"}),
            ),
        ),
    ] {
        let out = api.push(&[change]).await;
        assert_eq!(
            rejection(&out.results[0].outcome),
            Some(RejectCode::ServerOwned)
        );
    }
    // Malformed fields of a block are refused per change.
    for fields in [
        json!({"kind": "poem"}),
        json!({"scope": "team"}),
        json!({"image_blobs": "[\"nothex\"]"}),
        json!({"product_ids": "not json"}),
    ] {
        let out = c
            .ann
            .push(&[dev.change(EntityKind::ContentBlock, mine, fields.clone())])
            .await;
        assert_eq!(
            rejection(&out.results[0].outcome),
            Some(RejectCode::InvalidField),
            "{fields}"
        );
    }
    // A file with a problem is refused whole, naming file and row; nothing changes.
    std::fs::write(
        dir.path().join("c.json"),
        json!([{"kind": "faq", "title_en": "Fine"}, {"kind": "brochure", "title_en": "Bad"}])
            .to_string(),
    )
    .unwrap();
    let out = cli(&c.s.db)
        .args(["content", "import"])
        .arg(dir.path())
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("c.json") && stderr.contains("row 2") && stderr.contains("kind"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join("c.json")).unwrap();
    std::fs::write(
        dir.path().join("d.json"),
        json!({"kind": "faq", "title_en": "Pic", "images": ["missing.png"]}).to_string(),
    )
    .unwrap();
    let out = cli(&c.s.db)
        .args(["content", "import"])
        .arg(dir.path().join("d.json"))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("missing.png"), "{stderr}");
    let company = data(&c.cho.pull_all().await)
        .into_iter()
        .filter(|r| r.record.entity == EntityKind::ContentBlock)
        .count();
    assert_eq!(company, 3, "nothing of the refused files");
}
