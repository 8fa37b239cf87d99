//! Blobs on this laptop (images of content blocks): content-addressed files in the data directory,
//! `blobs/<first two hex digits>/<sha256>`, each written to a temporary file and renamed into place, so a
//! blob file is whole and named by the SHA-256 of its bytes or absent. A download under way grows in
//! `blobs/partial/<sha256>` and is renamed into place once it hashes right; the next sync continues it
//! from its length.
//!
//! Which blobs matter comes from the records: the blobs the outbox's changes name are uploaded before they
//! are pushed ([`Store::blobs_named_by`]); the blobs live rows name and this laptop lacks are downloaded
//! after a pull ([`Store::missing_blobs`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use fieldquote_domain::content::BlobHash;
use fieldquote_domain::sync::{Change, EntityKind, blobs_in};

use crate::rows;
use crate::{Store, StoreError};

/// Directory of blobs, inside the data directory.
pub const BLOB_DIR: &str = "blobs";

fn io_error(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Corrupt(format!("cannot {what} {}: {e}", path.display()))
}

impl Store {
    /// The blob directory of this store's data directory.
    pub fn blob_dir(&self) -> PathBuf {
        self.path()
            .parent()
            .unwrap_or(Path::new("."))
            .join(BLOB_DIR)
    }

    /// Where blob `hash` is kept (whether or not it is there).
    pub fn blob_path(&self, hash: &BlobHash) -> PathBuf {
        self.blob_dir()
            .join(&hash.as_str()[..2])
            .join(hash.as_str())
    }

    /// Where a download of `hash` under way grows.
    pub fn partial_blob_path(&self, hash: &BlobHash) -> PathBuf {
        self.blob_dir().join("partial").join(hash.as_str())
    }

    /// Whether this laptop holds blob `hash`.
    pub fn has_blob(&self, hash: &BlobHash) -> bool {
        self.blob_path(hash).is_file()
    }

    /// Keep `bytes` as a blob (an image chosen for a block): its hash. Written once: the same bytes again
    /// change nothing.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<BlobHash, StoreError> {
        let hash = BlobHash::of(bytes);
        let path = self.blob_path(&hash);
        if path.is_file() {
            return Ok(hash);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
        let mut tmp =
            tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error("write in", dir, e))?;
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| io_error("write", tmp.path(), e))?;
        tmp.persist(&path)
            .map_err(|e| io_error("rename into", &path, e.error))?;
        Ok(hash)
    }

    /// Finish a download: the partial file of `hash` becomes the blob if its bytes hash to `hash`;
    /// otherwise it is removed and the answer is `false` (download it again).
    pub fn finish_blob_download(&self, hash: &BlobHash) -> Result<bool, StoreError> {
        let partial = self.partial_blob_path(hash);
        let bytes = std::fs::read(&partial).map_err(|e| io_error("read", &partial, e))?;
        if BlobHash::of(&bytes) != *hash {
            std::fs::remove_file(&partial).map_err(|e| io_error("remove", &partial, e))?;
            return Ok(false);
        }
        let path = self.blob_path(hash);
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
        std::fs::rename(&partial, &path).map_err(|e| io_error("rename into", &path, e))?;
        Ok(true)
    }

    /// The bytes of blob `hash`, if this laptop holds it.
    pub fn read_blob(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.blob_path(hash);
        match std::fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error("read", &path, e)),
        }
    }

    /// The blobs `changes` name (each once, in order).
    pub fn blobs_named_by<'a>(
        &self,
        changes: impl IntoIterator<Item = &'a Change>,
    ) -> Vec<BlobHash> {
        let mut out: Vec<BlobHash> = Vec::new();
        for c in changes {
            if c.deleted {
                continue;
            }
            for h in blobs_in(c.entity, |f| c.fields.get(f).and_then(|v| v.as_str())) {
                if !out.contains(&h) {
                    out.push(h);
                }
            }
        }
        out
    }

    /// The blobs live rows here name that this laptop does not hold (each once).
    pub async fn missing_blobs(&self) -> Result<Vec<BlobHash>, StoreError> {
        let mut out: Vec<BlobHash> = Vec::new();
        for kind in EntityKind::ALL {
            if kind.blob_columns().is_empty() {
                continue;
            }
            for row in rows::select(&self.db, kind, "a.deleted_at IS NULL", vec![], "a.id").await? {
                for h in blobs_in(kind, |f| Some(row.text(f))) {
                    if !out.contains(&h) && !self.has_blob(&h) {
                        out.push(h);
                    }
                }
            }
        }
        Ok(out)
    }
}
