//! The content library on this laptop: listing and reading blocks, personal blocks made, changed and
//! deleted, and files of blocks imported and exported (`fq content`, and the app's library screen).
//!
//! An import reads JSON or CSV files (a directory: every `*.json` and `*.csv` in it, by name; their form is
//! [`fieldquote_domain::content::import`]'s) and the image files they name (relative to the file); every
//! problem is reported (by file and row) and nothing is written unless all is well. Then the images become
//! blobs in the data directory and the blocks are written, as personal blocks, in one transaction.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use fieldquote_domain::content::import::{self, ImportedBlock};
use fieldquote_domain::content::{BlobHash, ContentBlock, ContentBlockInput, Scope};
use fieldquote_domain::import::RowProblem;
use fieldquote_store::{ContentFilter, Origin, Store};

use crate::ServiceError;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContentImport {
    pub files: usize,
    pub blocks: usize,
    pub created: usize,
    pub updated: usize,
    /// Image files kept as blobs (each once).
    pub images: usize,
}

fn problem(file: &Path, row: u64, message: impl std::fmt::Display) -> RowProblem {
    RowProblem {
        row,
        column: None,
        message: format!("{}: {message}", file.display()),
    }
}

/// The files an import of `path` reads.
fn files(path: &Path) -> Result<Vec<PathBuf>, ServiceError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read = std::fs::read_dir(path)
        .map_err(|e| ServiceError::InvalidFile(vec![problem(path, 1, e)]))?;
    let mut out: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("csv")
                })
        })
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(ServiceError::InvalidFile(vec![problem(
            path,
            1,
            "holds no .json or .csv file to import",
        )]));
    }
    Ok(out)
}

/// A file's blocks (images as hashes), the images read, and the images that could not be read.
type Read = (
    Vec<ImportedBlock>,
    Vec<(BlobHash, Vec<u8>)>,
    Vec<RowProblem>,
);

/// The blocks of one file with their images read (hashes added to the blocks), or the problems that keep
/// the file from being read at all.
fn read(file: &Path) -> Result<Read, Vec<RowProblem>> {
    let bytes = std::fs::read(file).map_err(|e| vec![problem(file, 1, e)])?;
    let csv = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let parsed = if csv {
        import::parse_csv(&bytes)
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => import::parse_json(&text),
            Err(_) => Err(vec![RowProblem {
                row: 1,
                column: None,
                message: "is not UTF-8 text".into(),
            }]),
        }
    };
    let mut blocks = parsed.map_err(|ps| {
        ps.into_iter()
            .map(|p| RowProblem {
                message: format!("{}: {}", file.display(), p.message),
                ..p
            })
            .collect::<Vec<_>>()
    })?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut images = Vec::new();
    let mut problems = Vec::new();
    for b in &mut blocks {
        for image in std::mem::take(&mut b.images) {
            match std::fs::read(dir.join(&image)) {
                Ok(data) => {
                    let hash = BlobHash::of(&data);
                    b.input.image_blobs.push(hash.to_string());
                    images.push((hash, data));
                }
                Err(e) => problems.push(problem(file, b.row, format!("image {image}: {e}"))),
            }
        }
    }
    Ok((blocks, images, problems))
}

/// Import personal blocks from `path` (a file, or a directory of them). See the module docs.
pub async fn import(
    store: &Store,
    path: &Path,
    origin: Origin,
) -> Result<ContentImport, ServiceError> {
    let files = files(path)?;
    let mut blocks = Vec::new();
    let mut images: Vec<(BlobHash, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    for file in &files {
        match read(file) {
            Ok((b, i, unreadable)) => {
                problems.extend(unreadable);
                if let Err(ps) = import::validate(&b, Scope::Personal) {
                    problems.extend(ps.into_iter().map(|p| RowProblem {
                        message: format!("{}: {}", file.display(), p.message),
                        ..p
                    }));
                }
                blocks.extend(b);
                images.extend(i);
            }
            Err(ps) => problems.extend(ps),
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::InvalidFile(problems));
    }
    let mut kept: Vec<BlobHash> = Vec::new();
    for (hash, data) in &images {
        if !kept.contains(hash) {
            store.put_blob(data)?;
            kept.push(hash.clone());
        }
    }
    let (created, updated) = store.import_content_blocks(&blocks, origin).await?;
    Ok(ContentImport {
        files: files.len(),
        blocks: blocks.len(),
        created,
        updated,
        images: kept.len(),
    })
}

/// The blocks the filter keeps.
pub async fn list(
    store: &Store,
    filter: &ContentFilter,
) -> Result<Vec<ContentBlock>, ServiceError> {
    Ok(store.list_content_blocks(filter).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<ContentBlock, ServiceError> {
    Ok(store.get_content_block(id).await?)
}

/// A new personal block.
pub async fn create(
    store: &Store,
    input: &ContentBlockInput,
    origin: Origin,
) -> Result<ContentBlock, ServiceError> {
    Ok(store.create_content_block(input, origin).await?)
}

pub async fn update(
    store: &Store,
    id: Uuid,
    input: &ContentBlockInput,
    origin: Origin,
) -> Result<ContentBlock, ServiceError> {
    Ok(store.update_content_block(id, input, origin).await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_content_block(id, origin).await?)
}

/// The blocks the filter keeps as an export file's bytes, CSV or JSON (the form an import reads), and how
/// many they are.
pub async fn export(
    store: &Store,
    filter: &ContentFilter,
    csv: bool,
) -> Result<(usize, Vec<u8>), ServiceError> {
    let blocks = store.list_content_blocks(filter).await?;
    let bytes = if csv {
        import::to_csv(&blocks).map_err(|e| {
            ServiceError::InvalidFile(vec![RowProblem {
                row: 1,
                column: None,
                message: format!("cannot write the CSV: {e}"),
            }])
        })?
    } else {
        import::to_json(&blocks).into_bytes()
    };
    Ok((blocks.len(), bytes))
}
