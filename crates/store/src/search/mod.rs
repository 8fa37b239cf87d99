//! The one search box: `Store::search` over the index kept by [`index`] (documents, terms and ranks are
//! `domain::search`'s rules; this runs them as SQL).
//!
//! The store holds only what sync delivered to this device, so a search never shows a record its user may
//! not see; a deleted or revoked record leaves the index in the transaction that removes it.

pub(crate) mod index;

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ConnectionTrait, DbBackend, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait, Value,
};
use serde::Serialize;
use uuid::Uuid;

use fieldquote_domain::search::{SearchKind, SearchQuery, Tier, rank, snippet};
use fieldquote_domain::{FieldError, FieldErrorKind};

use crate::query::parse_id;
use crate::{Store, StoreError};

/// The most hits one search returns.
pub const MAX_SEARCH_LIMIT: u32 = 200;

/// One record found, with what it takes to show and open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    /// The account the record belongs to (an account's own id; `None` for a product).
    pub account_id: Option<Uuid>,
    /// That account's name, to tell apart records of different clients ("" when none).
    pub account_name: String,
    /// The record's name (an activity's subject, the start of a piece of feedback, a quote's number).
    pub title: String,
    /// A short excerpt of its other fields around the first match.
    pub snippet: String,
    /// Smaller is better: how well it matched (the title equal to the query, starting with it, containing
    /// it, then elsewhere), then its kind (`domain::search::rank`). Hits come sorted by it.
    pub rank: u32,
}

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

/// A row of `search_doc` as the tiers read it.
struct Found {
    doc: i64,
    entity: String,
    id: String,
    account_id: String,
    title: String,
    body: String,
}

const DOC_COLUMNS: &str = "d.doc, d.entity, d.id, d.account_id, d.title, d.body";

async fn read(
    conn: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Found>, StoreError> {
    conn.query_all_raw(stmt(sql, values))
        .await?
        .iter()
        .map(|r| {
            Ok(Found {
                doc: r.try_get_by_index(0)?,
                entity: r.try_get_by_index(1)?,
                id: r.try_get_by_index(2)?,
                account_id: r.try_get_by_index(3)?,
                title: r.try_get_by_index(4)?,
                body: r.try_get_by_index(5)?,
            })
        })
        .collect()
}

/// The documents matching both full-text queries given (at least one is), latest first, at most `limit`.
async fn full_text(
    conn: &impl ConnectionTrait,
    trigram: Option<String>,
    words: Option<String>,
    limit: u32,
) -> Result<Vec<Found>, StoreError> {
    let (sql, values) = match (trigram, words) {
        (Some(t), None) => (
            "SELECT rowid FROM search_trigram WHERE search_trigram MATCH ? ORDER BY rowid DESC LIMIT ?",
            vec![t.into()],
        ),
        (None, Some(w)) => (
            "SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rowid DESC LIMIT ?",
            vec![w.into()],
        ),
        (Some(t), Some(w)) => (
            "SELECT rowid FROM search_trigram WHERE search_trigram MATCH ? AND rowid IN \
             (SELECT rowid FROM search_words WHERE search_words MATCH ?) ORDER BY rowid DESC LIMIT ?",
            vec![t.into(), w.into()],
        ),
        (None, None) => return Ok(Vec::new()),
    };
    let mut values = values;
    values.push(limit.into());
    let mut found = read(
        conn,
        &format!("SELECT {DOC_COLUMNS} FROM search_doc d WHERE d.doc IN ({sql})"),
        values,
    )
    .await?;
    found.sort_by_key(|f| std::cmp::Reverse(f.doc));
    Ok(found)
}

/// The documents of `tier` for `query`, at most `limit`.
async fn tier_docs(
    conn: &impl ConnectionTrait,
    tier: Tier,
    query: &SearchQuery,
    limit: u32,
) -> Result<Vec<Found>, StoreError> {
    match tier {
        Tier::Exact => {
            read(
                conn,
                &format!("SELECT {DOC_COLUMNS} FROM search_doc d WHERE d.title_key = ? LIMIT ?"),
                vec![query.key.clone().into(), limit.into()],
            )
            .await
        }
        Tier::Prefix => {
            // Keys starting with the query sort between it and it followed by the last code point.
            read(
                conn,
                &format!(
                    "SELECT {DOC_COLUMNS} FROM search_doc d WHERE d.title_key > ? AND d.title_key < ? \
                     ORDER BY d.title_key LIMIT ?"
                ),
                vec![
                    query.key.clone().into(),
                    format!("{}{}", query.key, char::MAX).into(),
                    limit.into(),
                ],
            )
            .await
        }
        Tier::Title => {
            full_text(
                conn,
                query.trigram_match(Some("{title pinyin}")),
                query.words_match(Some("{title_terms pinyin_terms}")),
                limit,
            )
            .await
        }
        Tier::Body => {
            full_text(
                conn,
                query.trigram_match(None),
                query.words_match(None),
                limit,
            )
            .await
        }
    }
}

impl Store {
    /// Find accounts, contacts, opportunities, quotes, products, activities and feedback by any part of their
    /// text, Chinese or English, or by the pinyin of a Chinese name; at most `limit` hits, best first (see
    /// [`SearchHit::rank`]; within a rank the latest written first). Every word of the query must match.
    /// A query of punctuation alone finds nothing. Refused: an empty or over-long query, or a limit outside
    /// 1–[`MAX_SEARCH_LIMIT`].
    pub async fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, StoreError> {
        let mut errors = Vec::new();
        let parsed = SearchQuery::parse(query).map_err(|e| errors.push(e)).ok();
        if limit == 0 {
            errors.push(FieldError::new("limit", FieldErrorKind::MustBePositive));
        } else if limit > MAX_SEARCH_LIMIT {
            errors.push(FieldError::new(
                "limit",
                FieldErrorKind::AboveMax {
                    max: MAX_SEARCH_LIMIT.to_string(),
                },
            ));
        }
        let query = match parsed {
            Some(q) if errors.is_empty() => q,
            _ => return Err(StoreError::Invalid(errors)),
        };
        if query.matches_nothing() {
            return Ok(Vec::new());
        }
        // Every write refreshes the index before it commits; this only catches a write made without it.
        if index::pending(&self.db).await? {
            let txn = self
                .db
                .begin_with_options(TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..Default::default()
                })
                .await?;
            index::refresh(&txn).await?;
            txn.commit().await?;
        }
        let txn = self.db.begin().await?;
        let mut seen: HashSet<i64> = HashSet::new();
        let mut hits: Vec<(u32, i64, Found, SearchKind)> = Vec::new();
        for tier in Tier::ALL {
            let wanted = limit as usize - hits.len();
            if wanted == 0 {
                break;
            }
            // Documents already found in a better tier come again: ask for that many more.
            let ask = u32::try_from(wanted + seen.len()).unwrap_or(u32::MAX);
            let mut new: Vec<(u32, i64, Found, SearchKind)> = tier_docs(&txn, tier, &query, ask)
                .await?
                .into_iter()
                .filter(|f| seen.insert(f.doc))
                .filter_map(|f| {
                    let kind = fieldquote_domain::sync::EntityKind::ALL
                        .into_iter()
                        .find(|k| k.as_str() == f.entity)
                        .and_then(SearchKind::of_entity)?;
                    Some((rank(tier, kind), f.doc, f, kind))
                })
                .collect();
            new.sort_by_key(|(rank, doc, _, _)| (*rank, std::cmp::Reverse(*doc)));
            new.truncate(wanted);
            hits.extend(new);
        }
        let names =
            account_names(&txn, hits.iter().map(|(_, _, f, _)| f.account_id.as_str())).await?;
        txn.commit().await?;
        let terms = query.texts();
        hits.into_iter()
            .map(|(rank, _, f, kind)| {
                let account_id = match f.account_id.as_str() {
                    "" => None,
                    id => Some(parse_id(id)?),
                };
                Ok(SearchHit {
                    kind,
                    id: parse_id(&f.id)?,
                    account_id,
                    account_name: names.get(&f.account_id).cloned().unwrap_or_default(),
                    snippet: snippet(&f.body, &terms),
                    title: f.title,
                    rank,
                })
            })
            .collect()
    }
}

/// The names of these accounts (those still here).
async fn account_names<'a>(
    conn: &impl ConnectionTrait,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, String>, StoreError> {
    let ids: Vec<Value> = ids
        .filter(|id| !id.is_empty())
        .collect::<HashSet<_>>()
        .into_iter()
        .map(Value::from)
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, name FROM customer WHERE id IN ({})",
        vec!["?"; ids.len()].join(", ")
    );
    conn.query_all_raw(stmt(&sql, ids))
        .await?
        .iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}
