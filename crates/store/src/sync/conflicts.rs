//! Reviewing sync conflicts: the user keeps this device's value or the other one, field by field (so a record
//! can end up with some fields from each side: a merge). The choice is an ordinary local edit with a fresh
//! clock, so it wins on the server and reaches every other device with the next sync.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde::{Deserialize, Serialize};

use fieldquote_domain::refusal::Record;
use fieldquote_domain::sync::{ColumnKind, DELETED, EntityKind};

use crate::derived::{sort_key, sort_key_source};
use crate::write::Write;
use crate::{Origin, Store, StoreError};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The value edited on this device.
    Mine,
    /// The value that came from the server (another device's edit).
    Theirs,
}

/// An open conflict as the review list shows it (the app's and `fq sync conflicts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictItem {
    pub id: String,
    /// `customer`, `quote`, `quote_line`, …
    pub entity: String,
    pub entity_id: String,
    /// What the record is called on screen: a customer's name, a quote's number, `Q-… / SKU` for a line.
    pub label: String,
    pub field: String,
    /// This device's value, as text.
    pub mine: String,
    /// The other value, as text.
    pub theirs: String,
    /// Which of the two the record shows now (the later edit).
    pub showing_mine: bool,
    pub detected_at: String,
}

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

/// A stored JSON value as the user reads it (strings without quotes).
fn display(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => String::new(),
        Ok(v) => v.to_string(),
        Err(_) => json.to_string(),
    }
}

/// The SQL value of `json` for a column of `kind`.
fn column_value(kind: ColumnKind, json: &serde_json::Value) -> Result<Value, StoreError> {
    let bad = || StoreError::Corrupt(format!("a conflict holds an unusable value {json}"));
    Ok(match kind {
        ColumnKind::Text => json.as_str().ok_or_else(bad)?.to_string().into(),
        ColumnKind::Int | ColumnKind::Int32 => json.as_i64().ok_or_else(bad)?.into(),
    })
}

/// A stored cell as JSON, per its column kind.
fn cell(
    row: &sea_orm::QueryResult,
    i: usize,
    kind: ColumnKind,
) -> Result<serde_json::Value, StoreError> {
    Ok(match kind {
        ColumnKind::Text => row.try_get_by_index::<String>(i)?.into(),
        ColumnKind::Int | ColumnKind::Int32 => row.try_get_by_index::<i64>(i)?.into(),
    })
}

impl Store {
    /// Open conflicts for review, oldest first, with a readable label for each record.
    pub async fn conflict_items(&self) -> Result<Vec<ConflictItem>, StoreError> {
        let rows = self
            .db
            .query_all_raw(stmt(
                "SELECT c.id, c.entity, c.entity_id, c.field, c.local_value, c.remote_value, \
                 c.local_hlc > c.remote_hlc, c.detected_at, \
                 CASE c.entity \
                   WHEN 'customer' THEN (SELECT name FROM customer WHERE id = c.entity_id) \
                   WHEN 'quote' THEN (SELECT number FROM quote WHERE id = c.entity_id) \
                   WHEN 'quote_line' THEN (SELECT q.number || ' / ' || l.sku FROM quote_line l \
                        JOIN quote q ON q.id = l.quote_id WHERE l.id = c.entity_id) \
                   WHEN 'product' THEN (SELECT sku FROM product WHERE id = c.entity_id) \
                   WHEN 'company_profile' THEN (SELECT name FROM company_profile WHERE id = c.entity_id) \
                 END \
                 FROM sync_conflict c WHERE c.resolved_at IS NULL ORDER BY c.detected_at, c.id",
                vec![],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                let get = |i| r.try_get_by_index::<String>(i);
                let entity_id = get(2)?;
                Ok(ConflictItem {
                    id: get(0)?,
                    entity: get(1)?,
                    label: r
                        .try_get_by_index::<Option<String>>(8)?
                        .unwrap_or_else(|| entity_id.clone()),
                    entity_id,
                    field: get(3)?,
                    mine: display(&get(4)?),
                    theirs: display(&get(5)?),
                    showing_mine: r.try_get_by_index::<bool>(6)?,
                    detected_at: get(7)?,
                })
            })
            .collect()
    }

    /// Settle the open conflict `id` by keeping one side. Every open conflict on the same field of the same
    /// record is settled with it. The kept value is written as a new local edit (pushed with the next sync),
    /// unless the record already shows it and nothing needs to change. A record deleted meanwhile stays
    /// deleted; the conflict is closed.
    pub async fn resolve_conflict(&self, id: &str, keep: Keep) -> Result<(), StoreError> {
        let w = self.begin_write(Origin::Ui).await?;
        let row = w
            .txn
            .query_one_raw(stmt(
                "SELECT entity, entity_id, field, local_value, remote_value FROM sync_conflict \
                 WHERE id = ? AND resolved_at IS NULL",
                vec![id.into()],
            ))
            .await?
            .ok_or_else(|| StoreError::not_found(Record::Conflict, id))?;
        let get = |i| row.try_get_by_index::<String>(i);
        let (entity_name, entity_id, field) = (get(0)?, get(1)?, get(2)?);
        let chosen = match keep {
            Keep::Mine => get(3)?,
            Keep::Theirs => get(4)?,
        };
        let entity = EntityKind::parse(&entity_name).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "a conflict names an unknown entity {entity_name:?}"
            ))
        })?;
        if field == DELETED {
            let delete = serde_json::from_str::<bool>(&chosen).map_err(|e| {
                StoreError::Corrupt(format!("a deletion conflict holds {chosen:?}: {e}"))
            })?;
            set_deleted(&w, entity, &entity_id, delete).await?;
            settle(&w, &entity_name, &entity_id, &field, keep).await?;
            return w.commit().await;
        }
        let columns = entity.columns();
        let kind = columns
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, kind)| *kind)
            .ok_or_else(|| {
                StoreError::Corrupt(format!("a conflict names an unknown field {field:?}"))
            })?;
        let chosen: serde_json::Value = serde_json::from_str(&chosen)
            .map_err(|e| StoreError::Corrupt(format!("a conflict's value is not JSON: {e}")))?;
        let value = column_value(kind, &chosen)?;

        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let table = entity.as_str();
        let current = w
            .txn
            .query_one_raw(stmt(
                &format!(
                    "SELECT id, updated_at, deleted_at, owner_id, {} FROM {table} WHERE id = ?",
                    names.join(", ")
                ),
                vec![entity_id.clone().into()],
            ))
            .await?;
        if let Some(current) = current
            && current.try_get_by_index::<Option<String>>(2)?.is_none()
        {
            let mut before = serde_json::Map::new();
            before.insert("id".into(), current.try_get_by_index::<String>(0)?.into());
            before.insert(
                "updated_at".into(),
                current.try_get_by_index::<String>(1)?.into(),
            );
            before.insert("deleted_at".into(), serde_json::Value::Null);
            before.insert(
                "owner_id".into(),
                current.try_get_by_index::<String>(3)?.into(),
            );
            for (i, (name, kind)) in columns.iter().enumerate() {
                before.insert((*name).to_string(), cell(&current, 4 + i, *kind)?);
            }
            if before.get(&field) != Some(&chosen) {
                let mut after = before.clone();
                after.insert(field.clone(), chosen);
                after.insert("updated_at".into(), w.hlc.clone().into());
                w.txn
                    .execute_raw(stmt(
                        &format!("UPDATE {table} SET {field} = ?, updated_at = ? WHERE id = ?"),
                        vec![value, w.hlc.clone().into(), entity_id.clone().into()],
                    ))
                    .await?;
                if sort_key_source(entity) == Some(field.as_str()) {
                    let name = after
                        .get(&field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default();
                    w.txn
                        .execute_raw(stmt(
                            &format!("UPDATE {table} SET sort_key = ? WHERE id = ?"),
                            vec![sort_key(name).into(), entity_id.clone().into()],
                        ))
                        .await?;
                }
                w.record(table, &entity_id, "upsert", Some(&before), &after)
                    .await?;
            }
        }
        settle(&w, &entity_name, &entity_id, &field, keep).await?;
        w.commit().await
    }
}

/// Close every open conflict on `field` of the record.
async fn settle(
    w: &Write,
    entity: &str,
    entity_id: &str,
    field: &str,
    keep: Keep,
) -> Result<(), StoreError> {
    let resolution = match keep {
        Keep::Mine => "mine",
        Keep::Theirs => "theirs",
    };
    w.txn
        .execute_raw(stmt(
            "UPDATE sync_conflict SET resolved_at = ?, resolution = ? \
             WHERE entity = ? AND entity_id = ? AND field = ? AND resolved_at IS NULL",
            vec![
                chrono::Utc::now()
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    .into(),
                resolution.into(),
                entity.into(),
                entity_id.into(),
                field.into(),
            ],
        ))
        .await?;
    Ok(())
}

/// Delete (tombstone) or bring back a record, as a local change that syncs, unless it already is so.
async fn set_deleted(
    w: &Write,
    entity: EntityKind,
    entity_id: &str,
    delete: bool,
) -> Result<(), StoreError> {
    let table = entity.as_str();
    let row = w
        .txn
        .query_one_raw(stmt(
            &format!("SELECT deleted_at, updated_at, owner_id FROM {table} WHERE id = ?"),
            vec![entity_id.into()],
        ))
        .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let deleted_before = row.try_get_by_index::<Option<String>>(0)?;
    if deleted_before.is_some() == delete {
        return Ok(());
    }
    let mut before = serde_json::Map::new();
    before.insert("id".into(), entity_id.into());
    before.insert(
        "updated_at".into(),
        row.try_get_by_index::<String>(1)?.into(),
    );
    before.insert("deleted_at".into(), deleted_before.into());
    before.insert("owner_id".into(), row.try_get_by_index::<String>(2)?.into());
    let mut after = before.clone();
    let deleted_at = delete.then(|| w.hlc.clone());
    after.insert("deleted_at".into(), deleted_at.clone().into());
    after.insert("updated_at".into(), w.hlc.clone().into());
    w.txn
        .execute_raw(stmt(
            &format!("UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?"),
            vec![deleted_at.into(), w.hlc.clone().into(), entity_id.into()],
        ))
        .await?;
    let op = if delete { "delete" } else { "restore" };
    w.record(table, entity_id, op, Some(&before), &after).await
}
