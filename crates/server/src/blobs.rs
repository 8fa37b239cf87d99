//! Content-addressed blobs (DESIGN §4): images and other binary content of synced records, stored once by
//! their SHA-256.
//!
//! - **Upload** ([`BlobService::put`]) is resumable and idempotent: a blob arrives in parts, each sent with
//!   where it starts (`Content-Range: bytes START-END/SIZE`). A part that starts at or before what arrived
//!   so far adds only what is new (a part sent again after a lost answer adds nothing); one that starts
//!   after it is refused with the length received, from which the device continues. When the last byte
//!   arrives the server hashes the parts: bytes that do not hash to the name they were sent under are
//!   dropped and refused, and nothing is stored under that name. A blob held already is accepted at once.
//! - **Size**: at most [`BlobService::max_size`] bytes (413 before any byte is read); one request carries at
//!   most the server's body limit.
//! - **Download** ([`BlobService::get`]) of a range or the whole, only of a blob that a live record the
//!   caller sees names (a company block's images: everyone; a personal block's: its owner). Any other blob
//!   is "not found", like one the server does not hold, so the answer does not tell whether it exists.
//!
//! The bytes live in the database (`blob_part`), not in files: several server processes share one
//! PostgreSQL with no shared disk, and a blob becomes visible (its `blob` row) in the same commit that
//! verified it. Parts are kept as uploaded, so a range is read from the parts it covers.

use sha2::{Digest, Sha256};

use fieldquote_domain::content::BlobHash;
use fieldquote_domain::sync::EntityKind;

use crate::repo::blobs::{self as repo, Reader};
use crate::sync::{Caller, SYSTEM_OWNER};
use crate::{Db, ServerError, now_ms};
use fieldquote_domain::Role;

/// Default largest blob: 64 MiB.
pub const DEFAULT_MAX_BLOB: u64 = 64 * 1024 * 1024;
/// Most hashes one check may ask about.
pub const MAX_CHECK: usize = 1000;

/// `Content-Range: bytes START-END/SIZE` of an uploaded part (END inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContentRange {
    pub start: u64,
    pub end: u64,
    pub size: u64,
}

impl ContentRange {
    /// The header's value; an error says what is wrong with it.
    pub fn parse(text: &str) -> Result<ContentRange, ServerError> {
        let bad = || {
            ServerError::Invalid(format!(
                "Content-Range must read `bytes START-END/SIZE` (END inclusive, below SIZE), not {:?}",
                text.chars().take(100).collect::<String>()
            ))
        };
        let rest = text.trim().strip_prefix("bytes ").ok_or_else(bad)?;
        let (span, size) = rest.split_once('/').ok_or_else(bad)?;
        let (start, end) = span.split_once('-').ok_or_else(bad)?;
        let num = |s: &str| {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u64>().map_err(|_| bad())
        };
        let (start, end, size) = (num(start)?, num(end)?, num(size)?);
        if start > end || end >= size {
            return Err(bad());
        }
        Ok(ContentRange { start, end, size })
    }
}

/// Where an upload stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadState {
    /// The server holds the blob, verified (`created`: by this request).
    Stored { size: u64, created: bool },
    /// `received` bytes of `size` arrived; continue from `received`.
    Partial { received: u64, size: u64 },
    /// Nothing of it arrived.
    Missing,
}

/// A range of a blob, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub size: u64,
    /// The first byte's offset; `bytes.len()` bytes follow.
    pub start: u64,
    pub bytes: Vec<u8>,
    /// A range was asked for (206), else the whole blob (200).
    pub partial: bool,
}

/// The blob service over one database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct BlobService {
    db: Db,
    max_size: u64,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl BlobService {
    pub fn new(db: Db, max_size: u64) -> BlobService {
        BlobService { db, max_size }
    }

    /// Largest blob accepted, in bytes.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Where the upload of each of `hashes` stands, in their order.
    pub async fn check(
        &self,
        hashes: &[BlobHash],
    ) -> Result<Vec<(BlobHash, UploadState)>, ServerError> {
        if hashes.len() > MAX_CHECK {
            return Err(ServerError::Invalid(format!(
                "ask about at most {MAX_CHECK} blobs at once, not {}",
                hashes.len()
            )));
        }
        let names: Vec<String> = hashes.iter().map(ToString::to_string).collect();
        let conn = self.db.connection();
        let stored = repo::blobs_among(conn, &names).await?;
        let uploads = repo::uploads_among(conn, &names).await?;
        Ok(hashes
            .iter()
            .map(|h| {
                let state = if let Some(b) = stored.iter().find(|b| b.sha256 == h.as_str()) {
                    UploadState::Stored {
                        size: to_u64(b.size),
                        created: false,
                    }
                } else if let Some(u) = uploads.iter().find(|u| u.sha256 == h.as_str()) {
                    UploadState::Partial {
                        received: to_u64(u.received),
                        size: to_u64(u.size),
                    }
                } else {
                    UploadState::Missing
                };
                (h.clone(), state)
            })
            .collect())
    }

    /// Refuse a blob larger than the limit, before reading its bytes.
    pub fn check_size(&self, size: u64) -> Result<(), ServerError> {
        if size > self.max_size {
            return Err(ServerError::BlobTooLarge {
                size,
                max: self.max_size,
            });
        }
        Ok(())
    }

    /// Take a part of blob `hash` (the whole blob when `range` is `None`). See the module docs.
    pub async fn put(
        &self,
        hash: &BlobHash,
        range: Option<ContentRange>,
        data: Vec<u8>,
    ) -> Result<UploadState, ServerError> {
        let len = data.len() as u64;
        let range = range.unwrap_or(ContentRange {
            start: 0,
            end: len.saturating_sub(1),
            size: len,
        });
        self.check_size(range.size)?;
        if range.size > 0 && range.end - range.start + 1 != len {
            return Err(ServerError::Invalid(format!(
                "Content-Range says {} bytes, the body holds {len}",
                range.end - range.start + 1
            )));
        }
        let name = hash.as_str();
        let now = now_ms();
        let txn = self.db.begin_write().await?;
        // The upload's row is locked first, then the blob looked for: an upload that finished while this one
        // waited for the lock (and removed the row) is seen here, and the row this made is dropped again.
        // With several processes, the row this one starts may be finished and removed by another before it
        // is locked here (PostgreSQL's read committed): then the blob is stored, or the upload starts again.
        let mut found = None;
        for _ in 0..3 {
            found = repo::upload_for_update(&txn, name).await?;
            if found.is_some() || repo::blob(&txn, name).await?.is_some() {
                break;
            }
            repo::start_upload(&txn, name, to_i64(range.size), now).await?;
        }
        if let Some(b) = repo::blob(&txn, name).await? {
            repo::drop_upload(&txn, name, false).await?;
            txn.commit().await?;
            return Ok(UploadState::Stored {
                size: to_u64(b.size),
                created: false,
            });
        }
        let mut upload =
            found.ok_or_else(|| ServerError::Corrupt(format!("the upload of {name} vanished")))?;
        if to_u64(upload.size) != range.size {
            if range.start != 0 {
                txn.commit().await?;
                return Err(ServerError::UploadOffset {
                    received: 0,
                    size: range.size,
                    reason: format!(
                        "the upload of {name} under way is of {} bytes, not {}: start again from byte 0",
                        upload.size, range.size
                    ),
                });
            }
            // A new start with another size replaces the upload under way.
            repo::drop_upload(&txn, name, true).await?;
            repo::start_upload(&txn, name, to_i64(range.size), now).await?;
            upload.size = to_i64(range.size);
            upload.received = 0;
        }
        let received = to_u64(upload.received);
        if range.start > received {
            txn.commit().await?;
            return Err(ServerError::UploadOffset {
                received,
                size: range.size,
                reason: format!(
                    "{received} bytes of {name} arrived so far: continue from byte {received}, not {}",
                    range.start
                ),
            });
        }
        let skip = usize::try_from(received - range.start).unwrap_or(usize::MAX);
        let mut received = received;
        if skip < data.len() {
            let new = data[skip..].to_vec();
            received += new.len() as u64;
            repo::insert_part(&txn, name, to_i64(received - new.len() as u64), new).await?;
            repo::set_received(&txn, name, to_i64(received), now).await?;
        }
        if received < range.size {
            txn.commit().await?;
            return Ok(UploadState::Partial {
                received,
                size: range.size,
            });
        }
        let actual = hash_parts(&txn, name).await?;
        if actual != *hash {
            repo::drop_upload(&txn, name, true).await?;
            txn.commit().await?;
            return Err(ServerError::HashMismatch {
                expected: hash.to_string(),
                actual: actual.to_string(),
            });
        }
        repo::insert_blob(&txn, name, to_i64(range.size), now).await?;
        repo::drop_upload(&txn, name, false).await?;
        txn.commit().await?;
        tracing::info!(sha256 = name, size = range.size, "blob stored");
        Ok(UploadState::Stored {
            size: range.size,
            created: true,
        })
    }

    /// Bytes `first..=last` of blob `hash` (`range` as [`parse_range`] reads a `Range` header; `None`: the
    /// whole blob), if the caller sees a live record that names it.
    pub async fn get(
        &self,
        caller: &Caller,
        hash: &BlobHash,
        range: Option<&str>,
    ) -> Result<Download, ServerError> {
        let conn = self.db.connection();
        let name = hash.as_str();
        let not_found = || ServerError::not_found("blob", format!("{name} (or one you may see)"));
        let Some(blob) = repo::blob(conn, name).await? else {
            return Err(not_found());
        };
        let user = caller.user_id.to_string();
        let system_owner = SYSTEM_OWNER.to_string();
        let system_kinds: Vec<&str> = crate::sync::system_kinds()
            .map(EntityKind::as_str)
            .collect();
        let reader = Reader {
            user: (caller.role != Role::Admin).then_some(user.as_str()),
            system_owner: &system_owner,
            system_kinds: &system_kinds,
        };
        if !repo::named_by_visible_record(conn, name, &reader).await? {
            return Err(not_found());
        }
        let size = to_u64(blob.size);
        let (first, last, partial) = match range.map(|r| parse_range(r, size)).transpose()? {
            Some(Some((first, last))) => (first, last, true),
            _ if size == 0 => {
                return Ok(Download {
                    size,
                    start: 0,
                    bytes: Vec::new(),
                    partial: false,
                });
            }
            _ => (0, size - 1, false),
        };
        let mut bytes = Vec::with_capacity(usize::try_from(last - first + 1).unwrap_or(0));
        for (start, len) in repo::part_spans(conn, name).await? {
            let (start, len) = (to_u64(start), to_u64(len));
            if start + len <= first || start > last {
                continue;
            }
            let part = repo::part(conn, name, to_i64(start))
                .await?
                .ok_or_else(|| ServerError::Corrupt(format!("a part of blob {name} vanished")))?;
            let from = usize::try_from(first.saturating_sub(start)).unwrap_or(0);
            let to = usize::try_from((last + 1 - start).min(len)).unwrap_or(0);
            bytes.extend_from_slice(&part.data[from..to]);
        }
        if bytes.len() as u64 != last - first + 1 {
            return Err(ServerError::Corrupt(format!(
                "the parts of blob {name} do not cover it"
            )));
        }
        Ok(Download {
            size,
            start: first,
            bytes,
            partial,
        })
    }
}

/// The SHA-256 of a blob's parts, read one at a time.
async fn hash_parts(
    conn: &impl sea_orm::ConnectionTrait,
    name: &str,
) -> Result<BlobHash, ServerError> {
    let mut hasher = Sha256::new();
    for (start, _) in repo::part_spans(conn, name).await? {
        let part = repo::part(conn, name, start)
            .await?
            .ok_or_else(|| ServerError::Corrupt(format!("a part of blob {name} vanished")))?;
        hasher.update(&part.data);
    }
    Ok(BlobHash::from_digest(hasher.finalize().into()))
}

/// A `Range` header of a blob of `size` bytes: `Some((first, last))` for one satisfiable byte range
/// (`bytes=A-B`, `bytes=A-`, `bytes=-N`), `None` for a header to ignore (another unit, several ranges:
/// the whole blob is sent), [`ServerError::RangeNotSatisfiable`] for a range past the end.
pub fn parse_range(header: &str, size: u64) -> Result<Option<(u64, u64)>, ServerError> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let num = |s: &str| s.trim().parse::<u64>().ok();
    let unsatisfiable = || ServerError::RangeNotSatisfiable { size };
    match (a.trim().is_empty(), num(a), num(b)) {
        // The last N bytes.
        (true, _, Some(n)) => {
            if n == 0 || size == 0 {
                return Err(unsatisfiable());
            }
            Ok(Some((size.saturating_sub(n), size - 1)))
        }
        (false, Some(first), last) if b.trim().is_empty() || last.is_some() => {
            if first >= size {
                return Err(unsatisfiable());
            }
            let last = last.map_or(size - 1, |l| l.min(size - 1));
            if last < first {
                return Ok(None);
            }
            Ok(Some((first, last)))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
#[path = "blobs_tests.rs"]
mod tests;
