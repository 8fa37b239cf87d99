//! `fq content`: the content library (company blocks from the server, the user's personal blocks).

use std::io::Write as _;

use anyhow::{Context, Result};

use fieldquote_domain::content::{BlockKind, Scope};
use fieldquote_service::content;
use fieldquote_store::{ContentFilter, Origin, Store};

use crate::args::ContentCmd;
use crate::print::print_list;

fn parse<T>(
    what: &str,
    word: Option<String>,
    parse: fn(&str, &str) -> Result<T, fieldquote_domain::FieldError>,
) -> Result<Option<T>> {
    word.map(|w| parse(what, &w).map_err(|e| anyhow::anyhow!("--{e}")))
        .transpose()
}

pub async fn run(store: &Store, cmd: ContentCmd) -> Result<()> {
    match cmd {
        ContentCmd::List {
            kind,
            scope,
            industry,
            tag,
            text,
            format,
        } => {
            let filter = ContentFilter {
                kind: parse("kind", kind, BlockKind::parse_field)?,
                scope: parse("scope", scope, Scope::parse_field)?,
                industry,
                tag,
                text,
            };
            let blocks = content::list(store, &filter).await?;
            print_list(
                format,
                blocks,
                &[
                    "ID", "KIND", "SCOPE", "TITLE", "标题", "INDUSTRY", "TAGS", "IMAGES",
                ],
                |b| {
                    vec![
                        b.id.to_string(),
                        b.kind.map(BlockKind::as_str).unwrap_or("?").to_string(),
                        b.scope.as_str().to_string(),
                        b.title_en.clone(),
                        b.title_zh.clone(),
                        b.industry.clone(),
                        b.tags.join(", "),
                        b.image_blobs.len().to_string(),
                    ]
                },
            )
        }
        ContentCmd::Import { path } => {
            let r = content::import(store, &path, Origin::Cli).await?;
            println!(
                "Imported {} content blocks from {} ({} file(s), {} image(s)): {} new, {} updated.",
                r.blocks,
                path.display(),
                r.files,
                r.images,
                r.created,
                r.updated
            );
            Ok(())
        }
        ContentCmd::Export { out, scope, csv } => {
            let filter = ContentFilter {
                scope: parse("scope", scope, Scope::parse_field)?,
                ..Default::default()
            };
            let csv = csv
                || out.as_ref().is_some_and(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                });
            let (count, bytes) = content::export(store, &filter, csv).await?;
            match out {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!("Exported {count} content blocks to {}.", path.display());
                }
                None => std::io::stdout().lock().write_all(&bytes)?,
            }
            Ok(())
        }
    }
}
