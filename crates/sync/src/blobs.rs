//! Moving blobs (the images of content blocks) between this laptop and the server, inside a sync:
//!
//! - **Up**, before the changes that name them are pushed ([`upload_for`]): the server says which it holds
//!   and how much of those under way arrived (`POST /api/v1/blobs/check`); each missing one is sent in
//!   parts of [`UPLOAD_PART`] bytes from there (`PUT /api/v1/blobs/{sha256}` with `Content-Range`), so an
//!   upload cut off continues where the server's bytes end and never sends again what arrived.
//! - **Down**, after the pull ([`download_missing`]): every blob a live record here names and this laptop
//!   lacks is fetched (`GET /api/v1/blobs/{sha256}`), streamed into a partial file; a download cut off
//!   continues from the partial file's length with a `Range` request. A finished file that does not hash to
//!   its name is thrown away and fetched again once.
//!
//! A blob the server does not have (yet) or will not give (404) is skipped and counted; the next sync asks
//! again. A blob named by a change but missing on this laptop is counted too, and the change is pushed.

use std::io::Write as _;

use fieldquote_domain::content::BlobHash;
use fieldquote_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::{Client, PROTOCOL_HEADER, Progress, SyncError, SyncReport};
use fieldquote_domain::sync::PROTOCOL_VERSION;

/// Bytes per upload request.
pub const UPLOAD_PART: usize = 1024 * 1024;
/// Hashes per check request (the server takes at most 1000).
const CHECK_BATCH: usize = 500;

/// Where a blob's upload stands on the server (`BlobStatus` of the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobStatus {
    pub sha256: String,
    /// `stored`, `partial` or `missing`.
    pub state: String,
    pub received: u64,
    pub size: Option<u64>,
}

#[derive(Deserialize)]
struct CheckResponse {
    blobs: Vec<BlobStatus>,
}

fn io_error(what: &str, e: std::io::Error) -> SyncError {
    SyncError::Store(StoreError::Corrupt(format!("{what}: {e}")))
}

impl Client {
    /// Where the upload of each of `hashes` stands.
    pub async fn check_blobs(
        &self,
        token: &str,
        hashes: &[BlobHash],
    ) -> Result<Vec<BlobStatus>, SyncError> {
        let mut out = Vec::with_capacity(hashes.len());
        for batch in hashes.chunks(CHECK_BATCH) {
            let body = serde_json::json!({ "hashes": batch });
            let req = self
                .http
                .post(self.url("/api/v1/blobs/check"))
                .bearer_auth(token)
                .json(&body);
            let res: CheckResponse = self.send(req).await?;
            out.extend(res.blobs);
        }
        Ok(out)
    }

    /// Send bytes `start..start + bytes.len()` of blob `hash` of `size` bytes.
    pub async fn put_blob_part(
        &self,
        token: &str,
        hash: &BlobHash,
        start: u64,
        size: u64,
        bytes: Vec<u8>,
    ) -> Result<BlobStatus, SyncError> {
        let end = start + bytes.len() as u64;
        let mut req = self
            .http
            .put(self.url(&format!("/api/v1/blobs/{hash}")))
            .bearer_auth(token)
            .header("Content-Type", "application/octet-stream");
        if size > 0 {
            req = req.header("Content-Range", format!("bytes {start}-{}/{size}", end - 1));
        }
        self.send(req.body(bytes)).await
    }

    /// The response to a download of blob `hash` from byte `from` on (the whole blob from 0).
    async fn get_blob(
        &self,
        token: &str,
        hash: &BlobHash,
        from: u64,
    ) -> Result<reqwest::Response, SyncError> {
        let mut req = self
            .http
            .get(self.url(&format!("/api/v1/blobs/{hash}")))
            .bearer_auth(token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if from > 0 {
            req = req.header("Range", format!("bytes={from}-"));
        }
        req.send().await.map_err(|e| self.unreachable(&e))
    }

    /// Download blob `hash` into `store`, continuing a partial file. `Ok(false)`: the server has no such blob
    /// for this user (404).
    pub async fn download_blob(
        &self,
        store: &Store,
        token: &str,
        hash: &BlobHash,
        mut on_bytes: impl FnMut(u64),
    ) -> Result<bool, SyncError> {
        let partial = store.partial_blob_path(hash);
        for attempt in 0..2 {
            let have = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
            let mut res = self.get_blob(token, hash, have).await?;
            let status = res.status().as_u16();
            let append = match status {
                206 => true,
                200 => false,
                404 => return Ok(false),
                // The partial file holds the whole blob already (or more): check it.
                416 if have > 0 => {
                    if store.finish_blob_download(hash)? {
                        return Ok(true);
                    }
                    continue;
                }
                _ => {
                    let body = res.bytes().await.unwrap_or_default();
                    return Err(self.error_of(status, &body));
                }
            };
            if let Some(dir) = partial.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error("blob directory", e))?;
            }
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(append)
                .write(true)
                .truncate(!append)
                .open(&partial)
                .map_err(|e| io_error("partial blob", e))?;
            while let Some(chunk) = res.chunk().await.map_err(|e| self.unreachable(&e))? {
                file.write_all(&chunk)
                    .map_err(|e| io_error("partial blob", e))?;
                on_bytes(chunk.len() as u64);
            }
            file.sync_all().map_err(|e| io_error("partial blob", e))?;
            drop(file);
            if store.finish_blob_download(hash)? {
                return Ok(true);
            }
            if attempt == 1 {
                break;
            }
        }
        Err(SyncError::Protocol(format!(
            "blob {hash} arrived twice with bytes that do not match its SHA-256"
        )))
    }
}

/// Upload the blobs `hashes` the server lacks (see the module docs), reporting bytes sent.
pub async fn upload_for(
    store: &Store,
    client: &Client,
    token: &str,
    hashes: &[BlobHash],
    progress: &mut impl FnMut(Progress),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    if hashes.is_empty() {
        return Ok(());
    }
    let states = client.check_blobs(token, hashes).await?;
    let mut todo = Vec::new();
    for (hash, state) in hashes.iter().zip(&states) {
        if state.state == "stored" {
            continue;
        }
        match store.read_blob(hash)? {
            Some(bytes) => {
                let from = if state.size == Some(bytes.len() as u64) {
                    state.received
                } else {
                    0
                };
                todo.push((hash, bytes, from));
            }
            None => report.blobs_missing += 1,
        }
    }
    let total: u64 = todo.iter().map(|(_, b, from)| b.len() as u64 - from).sum();
    let mut sent = 0u64;
    for (hash, bytes, mut from) in todo {
        let size = bytes.len() as u64;
        loop {
            let start = usize::try_from(from).unwrap_or(usize::MAX).min(bytes.len());
            let end = (start + UPLOAD_PART).min(bytes.len());
            let answer = client
                .put_blob_part(token, hash, from, size, bytes[start..end].to_vec())
                .await?;
            sent += (end - start) as u64;
            progress(Progress::Uploading { sent, total });
            if answer.state == "stored" {
                break;
            }
            if answer.received <= from && end > start {
                return Err(SyncError::Protocol(format!(
                    "the server took none of the bytes of blob {hash} from {from} on"
                )));
            }
            from = answer.received;
        }
        report.blobs_uploaded += 1;
    }
    Ok(())
}

/// Download every blob live records here name and this laptop lacks.
pub async fn download_missing(
    store: &Store,
    client: &Client,
    token: &str,
    progress: &mut impl FnMut(Progress),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let missing = store.missing_blobs().await?;
    if missing.is_empty() {
        return Ok(());
    }
    let states = client.check_blobs(token, &missing).await?;
    let total: u64 = states.iter().filter_map(|s| s.size).sum();
    let mut received = 0u64;
    for (hash, state) in missing.iter().zip(&states) {
        if state.state != "stored" {
            report.blobs_missing += 1;
            continue;
        }
        let got = client
            .download_blob(store, token, hash, |n| {
                received += n;
                progress(Progress::Downloading { received, total });
            })
            .await?;
        if got {
            report.blobs_downloaded += 1;
        } else {
            report.blobs_missing += 1;
        }
    }
    Ok(())
}
