//! `fq search`: the app's search box on the command line.

use anyhow::Result;

use fieldquote_domain::search::SearchKind;
use fieldquote_service::search::search;
use fieldquote_store::Store;

use crate::args::Format;
use crate::print::print_list;

fn kind_name(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Account => "account",
        SearchKind::Contact => "contact",
        SearchKind::Opportunity => "opportunity",
        SearchKind::Quote => "quote",
        SearchKind::Product => "product",
        SearchKind::Activity => "activity",
        SearchKind::Feedback => "feedback",
        SearchKind::ContentBlock => "content block",
    }
}

pub async fn run(store: &Store, query: &str, limit: u32, format: Format) -> Result<()> {
    let hits = search(store, query, Some(limit)).await?;
    if hits.is_empty() && matches!(format, Format::Table) {
        println!("No records match \"{}\".", query.trim());
        return Ok(());
    }
    print_list(
        format,
        hits,
        &["KIND", "TITLE", "ACCOUNT", "MATCH", "ID"],
        |h| {
            vec![
                kind_name(h.kind).to_string(),
                h.title,
                h.account_name,
                h.snippet,
                h.id.to_string(),
            ]
        },
    )
}
