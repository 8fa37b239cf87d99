//! Applying a pulled page: load what the planner needs ([`super::plan`]), plan, and write the plan — the
//! merged rows, the shadows, the conflicts, the device's clock and the cursor — in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseTransaction, Value};
use uuid::Uuid;

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{Change, ColumnKind, EntityKind, PullResponse, Record, RejectCode};

use super::plan::{
    Key, PageRow, Present, PullInputs, PullPlan, field, parents, plan_pull, wanted_parents,
};
use super::{
    CHANGE_COLUMNS, CHUNK, PullTally, now, placeholders, record_rejection, save_shadow, stmt,
    to_change,
};
use crate::derived::{sort_key, sort_key_source};
use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

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

/// A merged record as its table's row: the metadata columns, the kind's columns, then the derived ones (see
/// [`upsert_sql`]).
pub(super) fn row_values(record: &Record) -> Vec<Value> {
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
    if let Some(source) = sort_key_source(record.entity) {
        let name = field(record, source)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        vals.push(sort_key(name).into());
    }
    vals
}

/// Insert or update `rows` rows of `entity`'s table, each given by [`row_values`].
pub(super) fn upsert_sql(entity: EntityKind, rows: usize) -> String {
    let cols: Vec<&str> = ["id", "updated_at", "deleted_at", "owner_id"]
        .into_iter()
        .chain(entity.columns().iter().map(|(name, _)| *name))
        .chain(sort_key_source(entity).map(|_| "sort_key"))
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

/// Write a page's merged records (those whose parents are here) and its shadows, a chunk of rows per
/// statement. `rows` are in page order, each with whether it goes into its table.
async fn write_page(conn: &DatabaseTransaction, rows: &[PageRow<'_>]) -> Result<(), StoreError> {
    // Local-only products about to be replaced: rare, so found with one query per chunk and retired one by
    // one, before the server's products take their SKUs.
    let products: Vec<&Record> = rows
        .iter()
        .filter(|p| p.written && p.row.entity == EntityKind::Product)
        .map(|p| p.row.as_ref())
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
            .filter(|p| p.written && p.row.entity == kind)
            .map(|p| p.row.as_ref())
            .collect();
        for chunk in of_kind.chunks(CHUNK) {
            let values = chunk.iter().flat_map(|r| row_values(r)).collect();
            conn.execute_raw(stmt(&upsert_sql(kind, chunk.len()), values))
                .await?;
        }
    }
    for chunk in rows.chunks(CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
        for p in chunk {
            let doc =
                serde_json::to_string(p.shadow).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            values.extend([
                p.shadow.entity.as_str().into(),
                p.shadow.id.to_string().into(),
                doc.into(),
                i32::from(p.written).into(),
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

/// Of `wanted` (table → ids), the rows that are in their tables.
async fn present_rows(
    conn: &impl ConnectionTrait,
    wanted: HashMap<&'static str, HashSet<String>>,
) -> Result<Present, StoreError> {
    let mut present: Present = HashMap::new();
    for (table, ids) in wanted {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort_unstable();
        let found = present.entry(table).or_default();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id FROM {table} WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let values = chunk.iter().map(|id| Value::from(id.as_str())).collect();
            for row in conn.query_all_raw(stmt(&sql, values)).await? {
                found.insert(row.try_get_by_index(0)?);
            }
        }
    }
    Ok(present)
}

/// The rows in their tables under `roots` (whose parent column names one of them, see [`parents`]), and
/// under those, parents first, each with whether it has a shadow.
async fn rows_below(
    conn: &impl ConnectionTrait,
    roots: &[Key],
) -> Result<Vec<(Key, bool)>, StoreError> {
    let mut found: Vec<Key> = Vec::new();
    let mut seen: HashSet<Key> = roots.iter().copied().collect();
    let mut frontier: Vec<Key> = roots.to_vec();
    while !frontier.is_empty() {
        let by_kind = ids_by_kind(frontier.drain(..));
        for child in EntityKind::ALL {
            for (column, table) in parents(child) {
                let Some(ids) = EntityKind::parse(table).and_then(|k| by_kind.get(&k)) else {
                    continue;
                };
                for chunk in ids.chunks(CHUNK) {
                    let sql = format!(
                        "SELECT id FROM {} WHERE {column} IN ({})",
                        child.as_str(),
                        placeholders(chunk.len())
                    );
                    let values = chunk.iter().map(|id| Value::from(id.as_str())).collect();
                    for row in conn.query_all_raw(stmt(&sql, values)).await? {
                        let key = (child, parse_id(&row.try_get_by_index::<String>(0)?)?);
                        if seen.insert(key) {
                            found.push(key);
                            frontier.push(key);
                        }
                    }
                }
            }
        }
    }
    let shadowed = load_shadows(conn, &ids_by_kind(found.iter().copied())).await?;
    Ok(found
        .into_iter()
        .map(|key| (key, shadowed.contains_key(&key)))
        .collect())
}

/// What a device says of a change it did not send because the record left its view.
const NO_LONGER_VISIBLE: &str = "you no longer see this record (a share was withdrawn or you left the \
     opportunity): this change was not sent";

/// Apply the revocations of a plan: rows out of their tables, shadows out or waiting, open conflicts of
/// removed records closed, their pending changes out of the outbox and recorded as refused.
async fn apply_removals(
    conn: &impl ConnectionTrait,
    plan: &PullPlan<'_>,
) -> Result<(), StoreError> {
    for (kind, ids) in ids_by_kind(plan.removed.iter().copied()) {
        for chunk in ids.chunks(CHUNK) {
            let list = placeholders(chunk.len());
            let ids: Vec<Value> = chunk.iter().map(|id| Value::from(id.as_str())).collect();
            let with_kind = || {
                let mut v: Vec<Value> = vec![kind.as_str().into()];
                v.extend(ids.iter().cloned());
                v
            };
            conn.execute_raw(stmt(
                &format!("DELETE FROM {} WHERE id IN ({list})", kind.as_str()),
                ids.clone(),
            ))
            .await?;
            conn.execute_raw(stmt(
                &format!("DELETE FROM sync_shadow WHERE entity = ? AND id IN ({list})"),
                with_kind(),
            ))
            .await?;
            conn.execute_raw(stmt(
                &format!(
                    "DELETE FROM sync_conflict WHERE resolved_at IS NULL AND entity = ? \
                     AND entity_id IN ({list})"
                ),
                with_kind(),
            ))
            .await?;
        }
    }
    for (kind, ids) in ids_by_kind(plan.unmaterialized.iter().copied()) {
        for chunk in ids.chunks(CHUNK) {
            let list = placeholders(chunk.len());
            let ids: Vec<Value> = chunk.iter().map(|id| Value::from(id.as_str())).collect();
            conn.execute_raw(stmt(
                &format!("DELETE FROM {} WHERE id IN ({list})", kind.as_str()),
                ids.clone(),
            ))
            .await?;
            let mut values: Vec<Value> = vec![kind.as_str().into()];
            values.extend(ids);
            conn.execute_raw(stmt(
                &format!(
                    "UPDATE sync_shadow SET materialized = 0 WHERE entity = ? AND id IN ({list})"
                ),
                values,
            ))
            .await?;
        }
    }
    for change in &plan.dropped {
        record_rejection(conn, change, RejectCode::Forbidden, NO_LONGER_VISIBLE).await?;
        conn.execute_raw(stmt(
            "DELETE FROM outbox WHERE change_id = ?",
            vec![change.change_id.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

/// The shadows not written into their tables yet: their parent had not arrived.
async fn waiting_shadows(conn: &impl ConnectionTrait) -> Result<Vec<Record>, StoreError> {
    conn.query_all_raw(stmt(
        "SELECT doc FROM sync_shadow WHERE materialized = 0",
        vec![],
    ))
    .await?
    .iter()
    .map(|row| {
        let doc: String = row.try_get_by_index(0)?;
        serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(format!("sync shadow: {e}")))
    })
    .collect()
}

impl Store {
    /// Apply one pulled page and store its cursor, in one transaction.
    ///
    /// Each record is the server's merged state. Local changes not pushed yet are merged on top (they win where
    /// their clocks are later, exactly as they will on the server). A field that both this device and another
    /// changed since this device last saw it is recorded in `sync_conflict` with both values; the merged value
    /// (the later clock) is what the row shows until the user chooses. Records the page revokes (this device no
    /// longer sees them) leave the device, with the rows under them; their unpushed changes are recorded as
    /// refused. What to write is decided by the pure planner ([`plan_pull`]) from what this reads first.
    pub async fn apply_pull(&self, page: &PullResponse) -> Result<PullTally, StoreError> {
        let w = self.begin_write(Origin::Sync).await?;
        // Defer foreign keys to the commit: a page may hold a quote's lines before the quote itself.
        w.txn
            .execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
        let me = w.hlc.parse::<Hlc>().map(|h| h.node).unwrap_or_default();

        // 1. What the planner needs, read a few queries per page, not per record.
        let revoked: Vec<Key> = page.revoked.iter().map(|r| (r.entity, r.id)).collect();
        let below = if revoked.is_empty() {
            Vec::new()
        } else {
            rows_below(&w.txn, &revoked).await?
        };
        let keys = ids_by_kind(page.records.iter().map(|p| (p.record.entity, p.record.id)));
        let shadows = load_shadows(&w.txn, &keys).await?;
        let touched = ids_by_kind(
            page.records
                .iter()
                .map(|p| (p.record.entity, p.record.id))
                .chain(revoked.iter().copied())
                .chain(below.iter().map(|(key, _)| *key)),
        );
        let pending = pending_for(&w.txn, &touched).await?;
        let waiting = waiting_shadows(&w.txn).await?;
        let wanted = wanted_parents(
            page.records.iter().map(|p| &p.record).chain(waiting.iter()),
            pending.values().flatten(),
        );
        let present = present_rows(&w.txn, wanted).await?;

        // 2. The plan.
        let plan = plan_pull(&PullInputs {
            page: &page.records,
            me: &me,
            shadows: &shadows,
            pending: &pending,
            present: &present,
            waiting: &waiting,
            revoked: &revoked,
            below: &below,
        });

        // 3. Apply it. Later local edits must order after everything seen from the server.
        if let Some(Ok(remote)) = plan.newest.map(str::parse::<Hlc>) {
            let local = w.hlc.parse::<Hlc>().ok();
            let now_ms = chrono::Utc::now().timestamp_millis();
            let next = Hlc::receive(local.as_ref(), &remote, now_ms, &me).to_string();
            w.txn
                .execute_raw(stmt(
                    "UPDATE device SET hlc = ? WHERE id = 1",
                    vec![next.into()],
                ))
                .await?;
        }
        for c in &plan.conflicts {
            w.txn
                .execute_raw(stmt(
                    "INSERT INTO sync_conflict (id, entity, entity_id, field, local_value, remote_value, \
                     local_hlc, remote_hlc, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    vec![
                        Uuid::now_v7().to_string().into(),
                        c.entity.as_str().into(),
                        c.entity_id.to_string().into(),
                        c.field.clone().into(),
                        c.local_value.to_string().into(),
                        c.remote.value.to_string().into(),
                        c.local_hlc.clone().into(),
                        c.remote.hlc.clone().into(),
                        now().into(),
                    ],
                ))
                .await?;
        }
        apply_removals(&w.txn, &plan).await?;
        write_page(&w.txn, &plan.page).await?;
        for record in &plan.released {
            if record.entity == EntityKind::Product {
                retire_local_product(&w.txn, record).await?;
            }
            w.txn
                .execute_raw(stmt(&upsert_sql(record.entity, 1), row_values(record)))
                .await?;
            save_shadow(&w.txn, record, true).await?;
        }
        w.txn
            .execute_raw(stmt(
                "UPDATE sync_state SET cursor = ? WHERE id = 1",
                vec![page.cursor.into()],
            ))
            .await?;
        w.commit().await?;
        Ok(PullTally {
            records: plan.page.len(),
            conflicts: plan.conflicts.len(),
            removed: plan.removed.len(),
            dropped: plan.dropped.len(),
        })
    }
}
