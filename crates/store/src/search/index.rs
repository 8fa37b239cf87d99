//! Keeping the search index up to date. Triggers on the searched tables (see the search migration) note
//! every written, deleted or renamed record in `search_dirty`, whatever wrote it — a local edit, a pulled
//! page, a settled conflict, a revoked record. Before a write transaction commits, [`refresh`] rebuilds the
//! entries of the noted records from their rows (the documents are made by `domain::search`), so the index
//! changes in the same transaction as the data.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use fieldquote_domain::search::{Document, SearchKind, document};
use fieldquote_domain::sync::EntityKind;

use crate::StoreError;

/// Records refreshed per round (and ids per `IN` list).
const CHUNK: usize = 400;

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The live rows of `kind` as `(id, account id, title, parts…)`, for the ids bound to the `IN` list that
/// ends the statement, and how many parts each row has. An account's tags (a JSON list) are read as words.
fn source(kind: SearchKind) -> (&'static str, usize) {
    let sql = match kind {
        SearchKind::Account => {
            "SELECT id, id, name, industry, region, \
             (SELECT group_concat(value, ' ') FROM json_each(CASE WHEN json_valid(tags) THEN tags ELSE '[]' END)), \
             notes, tax_id, contact_person, phone, email, address, invoice_title \
             FROM customer WHERE deleted_at IS NULL AND id IN"
        }
        SearchKind::Contact => {
            "SELECT id, account_id, name, title, phone, email, wechat, notes \
             FROM contact WHERE deleted_at IS NULL AND id IN"
        }
        SearchKind::Opportunity => {
            "SELECT id, account_id, name, competitor, notes \
             FROM opportunity WHERE deleted_at IS NULL AND id IN"
        }
        SearchKind::Quote => {
            "SELECT q.id, q.customer_id, q.number, COALESCE(c.name, '') \
             FROM quote q LEFT JOIN customer c ON c.id = q.customer_id \
             WHERE q.deleted_at IS NULL AND q.id IN"
        }
        SearchKind::Product => {
            "SELECT id, '', name, sku, name_zh, category \
             FROM product WHERE deleted_at IS NULL AND id IN"
        }
        SearchKind::Activity => {
            "SELECT id, account_id, subject, notes, outcome, next_step \
             FROM activity WHERE deleted_at IS NULL AND id IN"
        }
        SearchKind::Feedback => {
            "SELECT id, account_id, '', description, resolution \
             FROM feedback WHERE deleted_at IS NULL AND id IN"
        }
        // Both titles; the text of both bodies (the documents' text runs, not their JSON).
        SearchKind::ContentBlock => {
            "SELECT id, '', trim(title_en || ' ' || title_zh), industry, \
             (SELECT group_concat(value, ' ') FROM json_each(CASE WHEN json_valid(tags) THEN tags ELSE '[]' END)), \
             (SELECT group_concat(value, ' ') FROM json_tree(CASE WHEN json_valid(body_en) THEN body_en ELSE '{}' END) \
              WHERE key = 'text'), \
             (SELECT group_concat(value, ' ') FROM json_tree(CASE WHEN json_valid(body_zh) THEN body_zh ELSE '{}' END) \
              WHERE key = 'text') \
             FROM content_block WHERE deleted_at IS NULL AND id IN"
        }
    };
    let parts = match kind {
        SearchKind::Account => 10,
        SearchKind::ContentBlock => 4,
        SearchKind::Contact => 5,
        SearchKind::Product => 3,
        SearchKind::Activity => 3,
        SearchKind::Opportunity | SearchKind::Feedback => 2,
        SearchKind::Quote => 1,
    };
    (sql, parts)
}

/// One record's entry, ready to insert.
struct Entry {
    doc: i64,
    kind: SearchKind,
    id: String,
    account_id: String,
    document: Document,
}

/// Whether records wait to be (re)indexed.
pub(crate) async fn pending(conn: &impl ConnectionTrait) -> Result<bool, StoreError> {
    Ok(conn
        .query_one_raw(stmt("SELECT 1 FROM search_dirty LIMIT 1", vec![]))
        .await?
        .is_some())
}

/// Rebuild the entries of every record noted in `search_dirty` and clear it: a live record gets its entry
/// made anew (with a new, higher doc number: the index lists the latest written first), a deleted or
/// vanished one loses it. Runs inside the caller's transaction.
pub(crate) async fn refresh(conn: &impl ConnectionTrait) -> Result<(), StoreError> {
    if !pending(conn).await? {
        return Ok(());
    }
    let mut next_doc: i64 = conn
        .query_one_raw(stmt("SELECT COALESCE(MAX(doc), 0) FROM search_doc", vec![]))
        .await?
        .map(|r| r.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    loop {
        let dirty = conn
            .query_all_raw(stmt(
                &format!("SELECT DISTINCT entity, id FROM search_dirty LIMIT {CHUNK}"),
                vec![],
            ))
            .await?;
        if dirty.is_empty() {
            return Ok(());
        }
        let mut by_entity: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in &dirty {
            by_entity
                .entry(row.try_get_by_index(0)?)
                .or_default()
                .push(row.try_get_by_index(1)?);
        }
        for (entity, ids) in by_entity {
            let kind = EntityKind::ALL
                .into_iter()
                .find(|k| k.as_str() == entity)
                .and_then(SearchKind::of_entity);
            remove(conn, &entity, &ids).await?;
            if let Some(kind) = kind {
                let entries = entries(conn, kind, &ids, &mut next_doc).await?;
                insert(conn, &entries).await?;
            }
            let mut values: Vec<Value> = vec![entity.clone().into()];
            values.extend(ids.iter().map(|id| Value::from(id.as_str())));
            conn.execute_raw(stmt(
                &format!(
                    "DELETE FROM search_dirty WHERE entity = ? AND id IN ({})",
                    placeholders(ids.len())
                ),
                values,
            ))
            .await?;
        }
    }
}

/// Drop the entries of these records.
async fn remove(
    conn: &impl ConnectionTrait,
    entity: &str,
    ids: &[String],
) -> Result<(), StoreError> {
    let mut values: Vec<Value> = vec![entity.into()];
    values.extend(ids.iter().map(|id| Value::from(id.as_str())));
    let docs: Vec<i64> = conn
        .query_all_raw(stmt(
            &format!(
                "SELECT doc FROM search_doc WHERE entity = ? AND id IN ({})",
                placeholders(ids.len())
            ),
            values,
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    if docs.is_empty() {
        return Ok(());
    }
    let list = docs
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    for table in [
        "search_trigram",
        "search_words",
        "search_title_trigram",
        "search_title_words",
    ] {
        conn.execute_unprepared(&format!("DELETE FROM {table} WHERE rowid IN ({list})"))
            .await?;
    }
    conn.execute_unprepared(&format!("DELETE FROM search_doc WHERE doc IN ({list})"))
        .await?;
    Ok(())
}

/// The entries of the live records among `ids`, numbered from `next_doc` on.
async fn entries(
    conn: &impl ConnectionTrait,
    kind: SearchKind,
    ids: &[String],
    next_doc: &mut i64,
) -> Result<Vec<Entry>, StoreError> {
    let (select, part_count) = source(kind);
    let sql = format!("{select} ({})", placeholders(ids.len()));
    let rows = conn
        .query_all_raw(stmt(
            &sql,
            ids.iter().map(|id| Value::from(id.as_str())).collect(),
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let text = |i: usize| -> Result<String, StoreError> {
            Ok(row
                .try_get_by_index::<Option<String>>(i)?
                .unwrap_or_default())
        };
        let id = text(0)?;
        let account_id = text(1)?;
        let title = text(2)?;
        let parts = (3..3 + part_count)
            .map(text)
            .collect::<Result<Vec<_>, _>>()?;
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        *next_doc += 1;
        out.push(Entry {
            doc: *next_doc,
            kind,
            id,
            account_id,
            document: document(kind, &title, &parts),
        });
    }
    Ok(out)
}

/// Insert entries into the document table and the full-text tables.
async fn insert(conn: &impl ConnectionTrait, entries: &[Entry]) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows = |n: usize| vec![format!("({})", placeholders(n)); entries.len()].join(", ");
    let mut doc_values: Vec<Value> = Vec::with_capacity(entries.len() * 7);
    let mut trigram_values: Vec<Value> = Vec::with_capacity(entries.len() * 4);
    let mut words_values: Vec<Value> = Vec::with_capacity(entries.len() * 4);
    let mut title_trigram_values: Vec<Value> = Vec::with_capacity(entries.len() * 3);
    let mut title_words_values: Vec<Value> = Vec::with_capacity(entries.len() * 3);
    for e in entries {
        let d = &e.document;
        doc_values.extend([
            e.doc.into(),
            e.kind.entity().as_str().into(),
            e.id.clone().into(),
            e.account_id.clone().into(),
            d.title.clone().into(),
            d.body.clone().into(),
            d.title_key.clone().into(),
        ]);
        trigram_values.extend([
            e.doc.into(),
            d.title.clone().into(),
            d.body.clone().into(),
            d.pinyin.clone().into(),
        ]);
        words_values.extend([
            e.doc.into(),
            d.title_terms.clone().into(),
            d.body_terms.clone().into(),
            d.pinyin_terms.clone().into(),
        ]);
        title_trigram_values.extend([
            e.doc.into(),
            d.title.clone().into(),
            d.pinyin.clone().into(),
        ]);
        title_words_values.extend([
            e.doc.into(),
            d.title_terms.clone().into(),
            d.pinyin_terms.clone().into(),
        ]);
    }
    conn.execute_raw(stmt(
        &format!(
            "INSERT INTO search_doc (doc, entity, id, account_id, title, body, title_key) VALUES {}",
            rows(7)
        ),
        doc_values,
    ))
    .await?;
    conn.execute_raw(stmt(
        &format!(
            "INSERT INTO search_trigram (rowid, title, body, pinyin) VALUES {}",
            rows(4)
        ),
        trigram_values,
    ))
    .await?;
    conn.execute_raw(stmt(
        &format!(
            "INSERT INTO search_words (rowid, title_terms, body_terms, pinyin_terms) VALUES {}",
            rows(4)
        ),
        words_values,
    ))
    .await?;
    conn.execute_raw(stmt(
        &format!(
            "INSERT INTO search_title_trigram (rowid, title, pinyin) VALUES {}",
            rows(3)
        ),
        title_trigram_values,
    ))
    .await?;
    conn.execute_raw(stmt(
        &format!(
            "INSERT INTO search_title_words (rowid, title_terms, pinyin_terms) VALUES {}",
            rows(3)
        ),
        title_words_values,
    ))
    .await?;
    Ok(())
}
