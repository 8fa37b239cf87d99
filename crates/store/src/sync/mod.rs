//! The device side of sync: what to push, what the server answered, and applying what was pulled.
//!
//! The engine (crate `fieldquote-sync`) moves the bytes; everything that touches the database is here, each
//! step one transaction: a pulled page and the cursor after it commit together, so a sync cut off at any
//! point resumes without gaps or duplicates.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, Value};
use serde::Serialize;
use uuid::Uuid;

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{
    Change, ChangeOutcome, ChangeResult, ColumnKind, DELETED, EntityKind, METADATA_COLUMNS,
    PullResponse, Record, clock_node,
};

use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

mod conflicts;

pub use conflicts::{ConflictItem, Keep};

/// A pending outbox entry as a protocol change.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxChange {
    pub seq: i64,
    pub change: Change,
}

/// Where this device syncs to and how far it got. Its counts and cursor are plain numbers to TypeScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncState {
    pub server_url: Option<String>,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub cursor: i64,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pending_changes: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub open_conflicts: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rejected_changes: u64,
}

/// A field both this device and another changed: both values are kept until the user chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub local_value: String,
    pub remote_value: String,
    pub local_hlc: String,
    pub remote_hlc: String,
    pub detected_at: String,
}

/// Counts of a push's outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PushTally {
    pub accepted: usize,
    pub rejected: usize,
}

/// Counts of an applied pull page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PullTally {
    pub records: usize,
    pub conflicts: usize,
}

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Columns of `outbox` that [`to_change`] reads, in its order.
const CHANGE_COLUMNS: &str = "change_id, entity, entity_id, op, payload, hlc, base";

/// An outbox row (selected as [`CHANGE_COLUMNS`] from column `at` on) as a protocol change.
fn to_change(r: &sea_orm::QueryResult, at: usize) -> Result<Change, StoreError> {
    let get = |i: usize| r.try_get_by_index::<String>(at + i);
    let change_id = get(0)?;
    let corrupt = |what: &str, e: serde_json::Error| {
        StoreError::Corrupt(format!("outbox {what} of {change_id} is not valid: {e}"))
    };
    let entity = get(1)?;
    let entity = EntityKind::parse(&entity)
        .ok_or_else(|| StoreError::Corrupt(format!("outbox names an unknown entity {entity:?}")))?;
    let row: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&get(4)?).map_err(|e| corrupt("payload", e))?;
    let base: BTreeMap<String, String> =
        serde_json::from_str(&get(6)?).map_err(|e| corrupt("base", e))?;
    let fields: BTreeMap<String, serde_json::Value> = row
        .into_iter()
        .filter(|(k, _)| !METADATA_COLUMNS.contains(&k.as_str()))
        .collect();
    Ok(Change {
        change_id: parse_id(&change_id)?,
        entity,
        entity_id: parse_id(&get(2)?)?,
        hlc: get(5)?,
        base: base
            .into_iter()
            .filter(|(k, _)| fields.contains_key(k))
            .collect(),
        fields,
        deleted: get(3)? == "delete",
    })
}

async fn load_shadow(
    conn: &impl ConnectionTrait,
    entity: EntityKind,
    id: &str,
) -> Result<Option<Record>, StoreError> {
    let row = conn
        .query_one_raw(stmt(
            "SELECT doc FROM sync_shadow WHERE entity = ? AND id = ?",
            vec![entity.as_str().into(), id.into()],
        ))
        .await?;
    row.map(|r| {
        let doc: String = r.try_get_by_index(0)?;
        serde_json::from_str(&doc)
            .map_err(|e| StoreError::Corrupt(format!("sync shadow of {id}: {e}")))
    })
    .transpose()
}

async fn save_shadow(
    conn: &impl ConnectionTrait,
    record: &Record,
    materialized: bool,
) -> Result<(), StoreError> {
    let doc = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute_raw(stmt(
        "INSERT INTO sync_shadow (entity, id, doc, materialized) VALUES (?, ?, ?, ?) \
         ON CONFLICT(entity, id) DO UPDATE SET doc = excluded.doc, materialized = excluded.materialized",
        vec![record.entity.as_str().into(), record.id.to_string().into(), doc.into(), i32::from(materialized).into()],
    ))
    .await?;
    Ok(())
}

/// Rows per `IN (…)` list or multi-row statement: far below SQLite's limit of bound values.
const CHUNK: usize = 500;

/// A synced record's key.
type Key = (EntityKind, Uuid);

/// `?, ?, …`: `n` placeholders.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The ids of `keys` by kind, sorted and without repeats (one kind's ids share an index range).
fn ids_by_kind(keys: impl IntoIterator<Item = Key>) -> BTreeMap<EntityKind, Vec<String>> {
    let mut out: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
    for (kind, id) in keys {
        out.entry(kind).or_default().push(id.to_string());
    }
    for ids in out.values_mut() {
        ids.sort_unstable();
        ids.dedup();
    }
    out
}

/// The shadows of these records, for those that have one.
async fn load_shadows(
    conn: &impl ConnectionTrait,
    keys: &BTreeMap<EntityKind, Vec<String>>,
) -> Result<HashMap<Key, Record>, StoreError> {
    let mut out = HashMap::new();
    for (kind, ids) in keys {
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, doc FROM sync_shadow WHERE entity = ? AND id IN ({})",
                placeholders(chunk.len())
            );
            let mut values: Vec<Value> = vec![kind.as_str().into()];
            values.extend(chunk.iter().map(|id| Value::from(id.as_str())));
            for row in conn.query_all_raw(stmt(&sql, values)).await? {
                let id: String = row.try_get_by_index(0)?;
                let doc: String = row.try_get_by_index(1)?;
                let record = serde_json::from_str(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("sync shadow of {id}: {e}")))?;
                out.insert((*kind, parse_id(&id)?), record);
            }
        }
    }
    Ok(out)
}

/// The local changes of these records not pushed yet, oldest first for each.
async fn pending_for(
    conn: &impl ConnectionTrait,
    keys: &BTreeMap<EntityKind, Vec<String>>,
) -> Result<HashMap<Key, Vec<Change>>, StoreError> {
    let mut out: HashMap<Key, Vec<Change>> = HashMap::new();
    let outbox_empty = conn
        .query_one_raw(stmt("SELECT 1 FROM outbox LIMIT 1", vec![]))
        .await?
        .is_none();
    if outbox_empty {
        return Ok(out);
    }
    for (kind, ids) in keys {
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT {CHANGE_COLUMNS} FROM outbox WHERE entity = ? AND entity_id IN ({}) ORDER BY seq",
                placeholders(chunk.len())
            );
            let mut values: Vec<Value> = vec![kind.as_str().into()];
            values.extend(chunk.iter().map(|id| Value::from(id.as_str())));
            for row in conn.query_all_raw(stmt(&sql, values)).await? {
                let change = to_change(&row, 0)?;
                out.entry((change.entity, change.entity_id))
                    .or_default()
                    .push(change);
            }
        }
    }
    Ok(out)
}

/// What a record of this kind points to, as `(column, table)`: it is written into its table only once
/// those rows are here.
fn parents(entity: EntityKind) -> &'static [(&'static str, &'static str)] {
    match entity {
        EntityKind::Quote => &[("customer_id", "customer")],
        EntityKind::QuoteLine => &[("quote_id", "quote"), ("product_id", "product")],
        EntityKind::PriceListEntry => &[("price_list_id", "price_list"), ("product_id", "product")],
        _ => &[],
    }
}

/// A field's value (`None` if the record has no such field).
fn field<'a>(record: &'a Record, name: &str) -> Option<&'a serde_json::Value> {
    record.fields.get(name).map(|f| &f.value)
}

/// Of the rows these records point to, those in their tables already: table -> ids.
async fn present_parents<'a>(
    conn: &impl ConnectionTrait,
    records: impl Iterator<Item = &'a Record>,
) -> Result<HashMap<&'static str, HashSet<String>>, StoreError> {
    let mut wanted: BTreeMap<&'static str, Vec<&str>> = BTreeMap::new();
    for record in records {
        for (column, table) in parents(record.entity) {
            if let Some(id) = field(record, column).and_then(serde_json::Value::as_str) {
                wanted.entry(*table).or_default().push(id);
            }
        }
    }
    let mut present: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for (table, mut ids) in wanted {
        ids.sort_unstable();
        ids.dedup();
        let found = present.entry(table).or_default();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id FROM {table} WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let values = chunk.iter().map(|id| Value::from(*id)).collect();
            for row in conn.query_all_raw(stmt(&sql, values)).await? {
                found.insert(row.try_get_by_index(0)?);
            }
        }
    }
    Ok(present)
}

async fn exists(
    conn: &impl ConnectionTrait,
    table: &str,
    id: &serde_json::Value,
) -> Result<bool, StoreError> {
    let Some(id) = id.as_str() else {
        return Ok(false);
    };
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?");
    Ok(conn
        .query_one_raw(stmt(&sql, vec![id.into()]))
        .await?
        .is_some())
}

/// A merged record as its table's row: the metadata columns, then the kind's columns (see [`upsert_sql`]).
fn row_values(record: &Record) -> Vec<Value> {
    let hlc = record.hlc().unwrap_or_default().to_string();
    let mut vals: Vec<Value> = vec![
        record.id.to_string().into(),
        hlc.clone().into(),
        (if record.is_deleted() { Some(hlc) } else { None }).into(),
        record.owner_id.to_string().into(),
    ];
    for (name, kind) in record.entity.columns() {
        let v = field(record, name);
        vals.push(match kind {
            ColumnKind::Int | ColumnKind::Int32 => v
                .and_then(serde_json::Value::as_i64)
                .unwrap_or_else(|| record.entity.int_default(name))
                .into(),
            ColumnKind::Text => v
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
                .into(),
        });
    }
    vals
}

/// Insert or update `rows` rows of `entity`'s table, each given by [`row_values`].
fn upsert_sql(entity: EntityKind, rows: usize) -> String {
    let cols: Vec<&str> = ["id", "updated_at", "deleted_at", "owner_id"]
        .into_iter()
        .chain(entity.columns().iter().map(|(name, _)| *name))
        .collect();
    let row = format!("({})", placeholders(cols.len()));
    let updates: Vec<String> = cols
        .iter()
        .skip(1)
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {} ({}) VALUES {} ON CONFLICT(id) DO UPDATE SET {}",
        entity.as_str(),
        cols.join(", "),
        vec![row; rows].join(", "),
        updates.join(", ")
    )
}

/// The server's catalog replaces a catalog kept on this device before it was connected: a local-only
/// product (one the server never sent) with the SKU of `product` is retired (hidden, SKU suffixed), kept
/// for the quotes that point to it.
async fn retire_local_product(
    conn: &impl ConnectionTrait,
    product: &Record,
) -> Result<(), StoreError> {
    conn.execute_raw(stmt(
        "UPDATE product SET sku = sku || '~' || substr(id, 1, 8), deleted_at = ? \
         WHERE sku = ? AND id <> ? \
         AND NOT EXISTS (SELECT 1 FROM sync_shadow s WHERE s.entity = 'product' AND s.id = product.id)",
        vec![
            product.hlc().unwrap_or_default().into(),
            field(product, "sku")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .into(),
            product.id.to_string().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Write a merged record into its table, unless a record it points to is not here yet (then `false`: it stays
/// in the shadow and is written once its parent arrives).
async fn materialize(conn: &DatabaseTransaction, record: &Record) -> Result<bool, StoreError> {
    for (column, table) in parents(record.entity) {
        let id = field(record, column).unwrap_or(&serde_json::Value::Null);
        if !exists(conn, table, id).await? {
            return Ok(false);
        }
    }
    if record.entity == EntityKind::Product {
        retire_local_product(conn, record).await?;
    }
    conn.execute_raw(stmt(&upsert_sql(record.entity, 1), row_values(record)))
        .await?;
    Ok(true)
}

/// Write a page's merged records (those whose parents are here) and its shadows, a chunk of rows per
/// statement. `rows` are in page order, each with whether it goes into its table.
async fn write_page(
    conn: &DatabaseTransaction,
    rows: &[(&Record, Cow<'_, Record>, bool)],
) -> Result<(), StoreError> {
    // Local-only products about to be replaced: rare, so found with one query per chunk and retired one by
    // one, before the server's products take their SKUs.
    let products: Vec<&Record> = rows
        .iter()
        .filter(|(_, merged, written)| *written && merged.entity == EntityKind::Product)
        .map(|(_, merged, _)| merged.as_ref())
        .collect();
    for chunk in products.chunks(CHUNK) {
        let skus: Vec<Value> = chunk
            .iter()
            .map(|p| {
                field(p, "sku")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .into()
            })
            .collect();
        let sql = format!(
            "SELECT sku FROM product WHERE sku IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM sync_shadow s WHERE s.entity = 'product' AND s.id = product.id)",
            placeholders(skus.len())
        );
        let clashing: HashSet<String> = conn
            .query_all_raw(stmt(&sql, skus))
            .await?
            .iter()
            .map(|r| r.try_get_by_index(0))
            .collect::<Result<_, _>>()?;
        for p in chunk {
            if field(p, "sku")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|sku| clashing.contains(sku))
            {
                retire_local_product(conn, p).await?;
            }
        }
    }
    for kind in EntityKind::ALL {
        let of_kind: Vec<&Record> = rows
            .iter()
            .filter(|(_, merged, written)| *written && merged.entity == kind)
            .map(|(_, merged, _)| merged.as_ref())
            .collect();
        for chunk in of_kind.chunks(CHUNK) {
            let values = chunk.iter().flat_map(|r| row_values(r)).collect();
            conn.execute_raw(stmt(&upsert_sql(kind, chunk.len()), values))
                .await?;
        }
    }
    for chunk in rows.chunks(CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
        for (incoming, _, written) in chunk {
            let doc =
                serde_json::to_string(incoming).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            values.extend([
                incoming.entity.as_str().into(),
                incoming.id.to_string().into(),
                doc.into(),
                i32::from(*written).into(),
            ]);
        }
        let sql = format!(
            "INSERT INTO sync_shadow (entity, id, doc, materialized) VALUES {} \
             ON CONFLICT(entity, id) DO UPDATE SET doc = excluded.doc, materialized = excluded.materialized",
            vec!["(?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        conn.execute_raw(stmt(&sql, values)).await?;
    }
    Ok(())
}

impl Store {
    /// Sync settings and counts for the Sync screen and `fq sync`.
    pub async fn sync_state(&self) -> Result<SyncState, StoreError> {
        let row = self
            .db
            .query_one_raw(stmt(
                "SELECT server_url, user_id, user_email, cursor, last_sync_at, last_error, \
                 (SELECT COUNT(*) FROM outbox), \
                 (SELECT COUNT(*) FROM sync_conflict WHERE resolved_at IS NULL), \
                 (SELECT COUNT(*) FROM sync_rejection) FROM sync_state WHERE id = 1",
                vec![],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("the sync state row is missing".into()))?;
        let count = |i| {
            row.try_get_by_index::<i64>(i)
                .map(|n| u64::try_from(n).unwrap_or(0))
        };
        Ok(SyncState {
            server_url: row.try_get_by_index(0)?,
            user_id: row.try_get_by_index(1)?,
            user_email: row.try_get_by_index(2)?,
            cursor: row.try_get_by_index(3)?,
            last_sync_at: row.try_get_by_index(4)?,
            last_error: row.try_get_by_index(5)?,
            pending_changes: count(6)?,
            open_conflicts: count(7)?,
            rejected_changes: count(8)?,
        })
    }

    /// Connect this device to a server account. Rows made here so far become the user's; the catalog, price
    /// lists and company profile become the server's (local changes of them are not pushed; lists kept only
    /// here are removed). Signing in as another
    /// user of another server starts the pull from the beginning.
    ///
    /// `quote_prefix` is the prefix the server registered this device with: quotes numbered from now on read
    /// `Q-2026-LW1-0042`; quotes numbered before keep their numbers.
    pub async fn set_sync_account(
        &self,
        server_url: &str,
        user_id: Uuid,
        email: &str,
        quote_prefix: &str,
    ) -> Result<(), StoreError> {
        let w = self.begin_write(Origin::Sync).await?;
        let state = w
            .txn
            .query_one_raw(stmt(
                "SELECT server_url, user_id FROM sync_state WHERE id = 1",
                vec![],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("the sync state row is missing".into()))?;
        let same: bool = state.try_get_by_index::<Option<String>>(0)?.as_deref()
            == Some(server_url)
            && state.try_get_by_index::<Option<String>>(1)?.as_deref()
                == Some(user_id.to_string().as_str());
        let user = user_id.to_string();
        let local_owner = w.owner_id.clone();
        for kind in EntityKind::ALL {
            let sql = format!(
                "UPDATE {} SET owner_id = ? WHERE owner_id = ?",
                kind.as_str()
            );
            w.txn
                .execute_raw(stmt(
                    &sql,
                    vec![user.clone().into(), local_owner.clone().into()],
                ))
                .await?;
        }
        w.txn
            .execute_raw(stmt(
                "UPDATE device SET owner_id = ?, quote_prefix = ? WHERE id = 1",
                vec![user.clone().into(), quote_prefix.into()],
            ))
            .await?;
        let server_owned: Vec<String> = EntityKind::ALL
            .into_iter()
            .filter(|k| k.server_owned())
            .map(|k| format!("'{}'", k.as_str()))
            .collect();
        w.txn
            .execute_raw(stmt(
                &format!(
                    "DELETE FROM outbox WHERE entity IN ({})",
                    server_owned.join(", ")
                ),
                vec![],
            ))
            .await?;
        // The server's price lists replace the ones kept here: local-only lists (and their prices) are
        // removed, so they never price a line next to the server's. Lines priced from them keep their prices;
        // a customer's assignment to a removed list counts as none.
        for sql in [
            "UPDATE price_list_entry SET deleted_at = ? WHERE deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM sync_shadow s WHERE s.entity = 'price_list_entry' AND s.id = price_list_entry.id)",
            "UPDATE price_list SET deleted_at = ? WHERE deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM sync_shadow s WHERE s.entity = 'price_list' AND s.id = price_list.id)",
        ] {
            w.txn
                .execute_raw(stmt(sql, vec![w.hlc.clone().into()]))
                .await?;
        }
        let cursor_sql = if same {
            "UPDATE sync_state SET server_url = ?, user_id = ?, user_email = ? WHERE id = 1"
        } else {
            "UPDATE sync_state SET server_url = ?, user_id = ?, user_email = ?, cursor = 0 WHERE id = 1"
        };
        w.txn
            .execute_raw(stmt(
                cursor_sql,
                vec![server_url.into(), user.into(), email.into()],
            ))
            .await?;
        w.commit().await
    }

    /// The oldest `limit` local changes not pushed yet.
    pub async fn outbox_batch(&self, limit: u64) -> Result<Vec<OutboxChange>, StoreError> {
        let rows = self
            .db
            .query_all_raw(stmt(
                &format!("SELECT seq, {CHANGE_COLUMNS} FROM outbox ORDER BY seq LIMIT ?"),
                vec![i64::try_from(limit).unwrap_or(i64::MAX).into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxChange {
                    seq: r.try_get_by_index(0)?,
                    change: to_change(r, 1)?,
                })
            })
            .collect()
    }

    /// Record the server's answer to a push: accepted changes leave the outbox (and are remembered in the
    /// shadow, to notice later if another device overwrites them); rejected ones move to `sync_rejection`
    /// for the user to see. A result for a change not in `pushed` is ignored.
    pub async fn finish_push(
        &self,
        pushed: &[OutboxChange],
        results: &[ChangeResult],
    ) -> Result<PushTally, StoreError> {
        let w = self.begin_write(Origin::Sync).await?;
        let owner = w.owner_id.clone();
        let mut tally = PushTally::default();
        for result in results {
            let Some(p) = pushed
                .iter()
                .find(|p| p.change.change_id == result.change_id)
            else {
                continue;
            };
            let change_id = p.change.change_id.to_string();
            match &result.outcome {
                ChangeOutcome::Accepted => {
                    let id = p.change.entity_id.to_string();
                    let mut shadow = load_shadow(&w.txn, p.change.entity, &id)
                        .await?
                        .unwrap_or_else(|| {
                            Record::new(
                                p.change.entity,
                                p.change.entity_id,
                                parse_id(&owner).unwrap_or_default(),
                            )
                        });
                    shadow.apply(&p.change);
                    save_shadow(&w.txn, &shadow, true).await?;
                    tally.accepted += 1;
                }
                ChangeOutcome::Rejected { code, reason } => {
                    let code = serde_json::to_value(code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string));
                    let payload = serde_json::to_string(&p.change)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    w.txn
                        .execute_raw(stmt(
                            "INSERT OR REPLACE INTO sync_rejection \
                             (change_id, entity, entity_id, code, reason, payload, rejected_at) \
                             VALUES (?, ?, ?, ?, ?, ?, ?)",
                            vec![
                                change_id.clone().into(),
                                p.change.entity.as_str().into(),
                                p.change.entity_id.to_string().into(),
                                code.unwrap_or_default().into(),
                                reason.clone().into(),
                                payload.into(),
                                now().into(),
                            ],
                        ))
                        .await?;
                    tally.rejected += 1;
                }
            }
            w.txn
                .execute_raw(stmt(
                    "DELETE FROM outbox WHERE change_id = ?",
                    vec![change_id.into()],
                ))
                .await?;
        }
        w.commit().await?;
        Ok(tally)
    }

    /// Apply one pulled page and store its cursor, in one transaction.
    ///
    /// Each record is the server's merged state. Local changes not pushed yet are merged on top (they win where
    /// their clocks are later, exactly as they will on the server). A field that both this device and another
    /// changed since this device last saw it is recorded in `sync_conflict` with both values; the merged value
    /// (the later clock) is what the row shows until the user chooses.
    pub async fn apply_pull(&self, page: &PullResponse) -> Result<PullTally, StoreError> {
        let w = self.begin_write(Origin::Sync).await?;
        // Defer foreign keys to the commit: a page may hold a quote's lines before the quote itself.
        w.txn
            .execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
        let me = w.hlc.parse::<Hlc>().map(|h| h.node).unwrap_or_default();
        // Later local edits must order after everything seen from the server.
        let newest = page.records.iter().filter_map(|r| r.record.hlc()).max();
        if let Some(Ok(remote)) = newest.map(str::parse::<Hlc>) {
            let local = w.hlc.parse::<Hlc>().ok();
            let now = chrono::Utc::now().timestamp_millis();
            let next = Hlc::receive(local.as_ref(), &remote, now, &me).to_string();
            w.txn
                .execute_raw(stmt(
                    "UPDATE device SET hlc = ? WHERE id = 1",
                    vec![next.into()],
                ))
                .await?;
        }
        let mut tally = PullTally::default();
        // What the records need from the database is read a few queries per page, not per record.
        let keys = ids_by_kind(page.records.iter().map(|p| (p.record.entity, p.record.id)));
        let stored_shadows = load_shadows(&w.txn, &keys).await?;
        let mut shadows: HashMap<Key, &Record> =
            stored_shadows.iter().map(|(k, r)| (*k, r)).collect();
        let all_pending = pending_for(&w.txn, &keys).await?;
        let mut merged_page = Vec::with_capacity(page.records.len());
        for pulled in &page.records {
            let incoming = &pulled.record;
            let key = (incoming.entity, incoming.id);
            let id = incoming.id.to_string();
            let shadow = shadows.get(&key).copied();
            let pending = all_pending.get(&key).cloned().unwrap_or_default();
            let seen = |field: &str| {
                shadow
                    .as_ref()
                    .and_then(|s| s.fields.get(field))
                    .map(|f| f.hlc.as_str())
            };
            let mut conflicted = HashSet::new();
            let mut conflicts = Vec::new();
            // 1. Unpushed local edits of fields another device changed meanwhile. Every change also writes
            //    the deletion field: an edit here against a delete there (or the reverse) is a conflict too.
            for change in &pending {
                let deletion = (DELETED.to_string(), serde_json::Value::Bool(change.deleted));
                for (field, local) in change.fields.iter().chain([(&deletion.0, &deletion.1)]) {
                    if let Some(remote) = incoming.fields.get(field) {
                        let changed_remotely = seen(field).is_none_or(|s| s < remote.hlc.as_str());
                        if changed_remotely
                            && remote.value != *local
                            && conflicted.insert(field.clone())
                        {
                            conflicts.push((
                                field.clone(),
                                local.clone(),
                                change.hlc.clone(),
                                remote.clone(),
                            ));
                        }
                    }
                }
            }
            // 2. Pushed edits of ours that another device replaced without having seen them (its write's
            //    base is not our reading).
            if let Some(s) = &shadow {
                for (field, ours) in s
                    .fields
                    .iter()
                    .filter(|(_, f)| clock_node(&f.hlc) == Some(me.as_str()))
                {
                    if let Some(remote) = incoming.fields.get(field) {
                        let replaced = remote.hlc > ours.hlc
                            && clock_node(&remote.hlc) != Some(me.as_str())
                            && remote.base.as_deref() != Some(ours.hlc.as_str());
                        if replaced
                            && remote.value != ours.value
                            && conflicted.insert(field.clone())
                        {
                            conflicts.push((
                                field.clone(),
                                ours.value.clone(),
                                ours.hlc.clone(),
                                remote.clone(),
                            ));
                        }
                    }
                }
            }
            for (field, local, local_hlc, remote) in conflicts {
                w.txn
                    .execute_raw(stmt(
                        "INSERT INTO sync_conflict (id, entity, entity_id, field, local_value, remote_value, \
                         local_hlc, remote_hlc, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        vec![
                            Uuid::now_v7().to_string().into(),
                            incoming.entity.as_str().into(),
                            id.clone().into(),
                            field.into(),
                            local.to_string().into(),
                            remote.value.to_string().into(),
                            local_hlc.into(),
                            remote.hlc.into(),
                            now().into(),
                        ],
                    ))
                    .await?;
                tally.conflicts += 1;
            }
            let merged = if pending.is_empty() {
                Cow::Borrowed(incoming)
            } else {
                let mut merged = incoming.clone();
                for change in &pending {
                    merged.apply(change);
                }
                Cow::Owned(merged)
            };
            // A record sent twice in a page finds its first version as its shadow, as it would one by one.
            shadows.insert(key, incoming);
            merged_page.push((incoming, merged));
            tally.records += 1;
        }
        // A record is written into its table once the rows it points to are there, from before or from
        // earlier in the page; otherwise it waits in the shadow.
        let mut present =
            present_parents(&w.txn, merged_page.iter().map(|(_, m)| m.as_ref())).await?;
        let mut rows = Vec::with_capacity(merged_page.len());
        for (incoming, merged) in merged_page {
            let written = parents(merged.entity).iter().all(|(column, table)| {
                field(&merged, column)
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|id| present.get(table).is_some_and(|ids| ids.contains(id)))
            });
            if written && let Some(ids) = present.get_mut(merged.entity.as_str()) {
                ids.insert(merged.id.to_string());
            }
            rows.push((incoming, merged, written));
        }
        write_page(&w.txn, &rows).await?;
        // Records that waited for a parent which may have arrived now.
        loop {
            let waiting = w
                .txn
                .query_all_raw(stmt(
                    "SELECT doc FROM sync_shadow WHERE materialized = 0",
                    vec![],
                ))
                .await?;
            let mut progress = false;
            for row in waiting {
                let doc: String = row.try_get_by_index(0)?;
                let record: Record = serde_json::from_str(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("sync shadow: {e}")))?;
                if materialize(&w.txn, &record).await? {
                    save_shadow(&w.txn, &record, true).await?;
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        w.txn
            .execute_raw(stmt(
                "UPDATE sync_state SET cursor = ? WHERE id = 1",
                vec![page.cursor.into()],
            ))
            .await?;
        w.commit().await?;
        Ok(tally)
    }

    /// Remember how the last sync ended (`None`: it succeeded now).
    pub async fn record_sync_outcome(&self, error: Option<&str>) -> Result<(), StoreError> {
        let sql = if error.is_some() {
            "UPDATE sync_state SET last_error = ? WHERE id = 1"
        } else {
            "UPDATE sync_state SET last_error = ?, last_sync_at = ? WHERE id = 1"
        };
        let mut values: Vec<Value> = vec![error.map(str::to_string).into()];
        if error.is_none() {
            values.push(now().into());
        }
        self.db.execute_raw(stmt(sql, values)).await?;
        Ok(())
    }

    /// Conflicts the user has not resolved yet, oldest first.
    pub async fn open_conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let rows = self
            .db
            .query_all_raw(stmt(
                "SELECT id, entity, entity_id, field, local_value, remote_value, local_hlc, remote_hlc, detected_at \
                 FROM sync_conflict WHERE resolved_at IS NULL ORDER BY detected_at, id",
                vec![],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                let get = |i| r.try_get_by_index::<String>(i);
                Ok(Conflict {
                    id: get(0)?,
                    entity: get(1)?,
                    entity_id: get(2)?,
                    field: get(3)?,
                    local_value: get(4)?,
                    remote_value: get(5)?,
                    local_hlc: get(6)?,
                    remote_hlc: get(7)?,
                    detected_at: get(8)?,
                })
            })
            .collect()
    }
}
