//! The company's content library on the server: company blocks (`content_block` records of scope
//! `company`, owned by [`SYSTEM_OWNER`], stamped with the server's clock) imported by an admin with
//! `fieldquote-server content import DIR|FILE`, and pulled by every device. Devices never push them (the
//! push planner refuses it); reps keep personal blocks of their own.
//!
//! An import reads JSON and CSV files (a directory: every `*.json` and `*.csv` in it, by name; see
//! [`fieldquote_domain::content::import`] for their form), reads the image files they name (relative to
//! the file) and checks everything first: a problem anywhere refuses the whole import, listed by file, row
//! and field, and nothing is written. Then the images are stored as blobs ([`crate::blobs`]) and the blocks
//! written in one transaction: a block whose id exists is updated (only the fields that differ), others
//! are created.

use std::path::{Path, PathBuf};

use fieldquote_domain::content::import::{self, ImportedBlock};
use fieldquote_domain::content::{BlobHash, Scope};
use fieldquote_domain::import::describe_problems;
use fieldquote_domain::sync::EntityKind;

use crate::blobs::BlobService;
use crate::catalog::{merge_server_write, new_server_record};
use crate::sync::{self, SYSTEM_OWNER};
use crate::{Db, ServerError, repo};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContentImportReport {
    pub files: usize,
    pub blocks: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Image files stored as blobs (each once).
    pub images: usize,
}

/// The files an import of `path` reads: the file itself, or a directory's `*.json` and `*.csv`, by name.
pub fn import_files(path: &Path) -> Result<Vec<PathBuf>, ServerError> {
    let unreadable =
        |e: std::io::Error| ServerError::Invalid(format!("cannot read {}: {e}", path.display()));
    if !path.is_dir() {
        std::fs::metadata(path).map_err(unreadable)?;
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(unreadable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("csv")
                })
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ServerError::Invalid(format!(
            "{} holds no .json or .csv file to import",
            path.display()
        )));
    }
    Ok(files)
}

/// Image files read for an import: each blob's hash and bytes.
type Images = Vec<(BlobHash, Vec<u8>)>;

/// The blocks of one file with their images read, and the problems of the images; or why the file cannot
/// be read at all.
fn read_file(
    file: &Path,
    max_image: u64,
) -> Result<(Vec<ImportedBlock>, Images, Vec<String>), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.contains(&0) {
        return Err("contains a NUL character (U+0000), which is not accepted".into());
    }
    let is_csv = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let parsed = if is_csv {
        import::parse_csv(&bytes)
    } else {
        let text = String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())?;
        import::parse_json(&text)
    };
    let mut blocks = parsed.map_err(|p| describe_problems(&p))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut images = Vec::new();
    let mut problems = Vec::new();
    for b in &mut blocks {
        for image in std::mem::take(&mut b.images) {
            let path = dir.join(&image);
            match std::fs::read(&path) {
                Ok(data) if data.len() as u64 > max_image => problems.push(format!(
                    "row {}: image {image} is {} bytes; the largest blob the server takes is {max_image}",
                    b.row,
                    data.len()
                )),
                Ok(data) => {
                    let hash = BlobHash::of(&data);
                    b.input.image_blobs.push(hash.to_string());
                    images.push((hash, data));
                }
                Err(e) => problems.push(format!("row {}: image {image}: {e}", b.row)),
            }
        }
    }
    Ok((blocks, images, problems))
}

/// The content library service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct ContentLibrary {
    db: Db,
    blobs: BlobService,
}

impl ContentLibrary {
    pub fn new(db: Db, max_blob_size: u64) -> ContentLibrary {
        let blobs = BlobService::new(db.clone(), max_blob_size);
        ContentLibrary { db, blobs }
    }

    /// Import company blocks from `path` (a file, or a directory of them). See the module docs.
    pub async fn import(&self, path: &Path) -> Result<ContentImportReport, ServerError> {
        let files = import_files(path)?;
        let mut blocks = Vec::new();
        let mut images: Images = Vec::new();
        let mut problems = Vec::new();
        for file in &files {
            match read_file(file, self.blobs.max_size()) {
                Ok((file_blocks, imgs, unreadable)) => {
                    let mut found: Vec<String> = unreadable;
                    match import::validate(&file_blocks, Scope::Company) {
                        Ok(valid) => blocks.extend(valid),
                        Err(p) => found.push(describe_problems(&p)),
                    }
                    if !found.is_empty() {
                        problems.push(format!("{}: {}", file.display(), found.join("\n  ")));
                    }
                    for (h, data) in imgs {
                        if !images.iter().any(|(known, _)| *known == h) {
                            images.push((h, data));
                        }
                    }
                }
                Err(p) => problems.push(format!("{}: {p}", file.display())),
            }
        }
        let mut ids: Vec<_> = blocks.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        if let Some(twice) = ids.windows(2).find(|w| w[0] == w[1]) {
            problems.push(format!(
                "block {} appears in two files (same id, or same kind and title)",
                twice[0]
            ));
        }
        if !problems.is_empty() {
            return Err(ServerError::Invalid(format!(
                "nothing was imported:\n{}",
                problems.join("\n")
            )));
        }
        let mut report = ContentImportReport {
            files: files.len(),
            blocks: blocks.len(),
            images: images.len(),
            ..Default::default()
        };
        // Blobs are named by their bytes: storing them first cannot harm, whatever happens next.
        for (hash, data) in images {
            self.blobs.put(&hash, None, data).await?;
        }
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let kind = EntityKind::ContentBlock;
        let id_texts: Vec<String> = blocks.iter().map(|(id, _)| id.to_string()).collect();
        let mut stored = std::collections::HashMap::new();
        for row in repo::sync::records_by_ids(&txn, kind.as_str(), &id_texts).await? {
            let (s, _) = sync::decode(row)?;
            stored.insert(s.record.id, s);
        }
        if let Some(s) = stored.values().find(|s| s.record.owner_id != SYSTEM_OWNER) {
            return Err(ServerError::Invalid(format!(
                "nothing was imported: block {} is a personal block of a user, not a company block",
                s.record.id
            )));
        }
        let hlc =
            sync::server_tick(&counter, stored.values().filter_map(|s| s.record.hlc())).to_string();
        let mut writes = Vec::new();
        for (id, fields) in blocks {
            let (mut s, new) = match stored.remove(&id) {
                Some(s) => (s, false),
                None => (new_server_record(kind, id), true),
            };
            if merge_server_write(&mut s, fields, &hlc) {
                if new {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
                writes.push(s);
            } else {
                report.unchanged += 1;
            }
        }
        if !writes.is_empty() {
            sync::write_records(&txn, &counter, writes, Some(&hlc)).await?;
            txn.commit().await?;
        }
        tracing::info!(
            blocks = report.blocks,
            created = report.created,
            updated = report.updated,
            "content blocks imported"
        );
        Ok(report)
    }
}
