//! The generic local write of a synced record, by its columns: the row and its outbox entry in one
//! transaction, exactly as an area's own write makes them (only the columns that changed go to the outbox,
//! a delete is a tombstone). The areas validate their input and call their own writes; this one checks
//! only that the columns exist and have their types. Tools and the sync tests use it to write any kind.

use std::collections::BTreeMap;

use fieldquote_domain::error::{FieldError, FieldErrorKind};
use fieldquote_domain::sync::{ColumnKind, EntityKind, FieldValue, Record};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use uuid::Uuid;

use super::pull::{row_values, upsert_sql};
use super::stmt;
use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

/// A row as the outbox records it: the metadata columns and every column of the kind.
type RowJson = serde_json::Map<String, Value>;

/// The row of `kind` with this id, as JSON (`None` when there is none).
async fn current(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    id: &str,
) -> Result<Option<RowJson>, StoreError> {
    let columns: Vec<&str> = kind.columns().iter().map(|(n, _)| *n).collect();
    let sql = format!(
        "SELECT id, updated_at, deleted_at, owner_id, {} FROM {} WHERE id = ?",
        columns.join(", "),
        kind.as_str()
    );
    let Some(row) = conn.query_one_raw(stmt(&sql, vec![id.into()])).await? else {
        return Ok(None);
    };
    let mut out = RowJson::new();
    out.insert("id".into(), row.try_get_by_index::<String>(0)?.into());
    out.insert(
        "updated_at".into(),
        row.try_get_by_index::<String>(1)?.into(),
    );
    out.insert(
        "deleted_at".into(),
        row.try_get_by_index::<Option<String>>(2)?.into(),
    );
    out.insert("owner_id".into(), row.try_get_by_index::<String>(3)?.into());
    for (i, (name, ty)) in kind.columns().iter().enumerate() {
        let v: Value = match ty {
            ColumnKind::Text => row.try_get_by_index::<String>(4 + i)?.into(),
            ColumnKind::Int | ColumnKind::Int32 => row.try_get_by_index::<i64>(4 + i)?.into(),
        };
        out.insert((*name).to_string(), v);
    }
    Ok(Some(out))
}

/// The row as a record, every field stamped `hlc` (the row's `updated_at`).
fn as_record(kind: EntityKind, id: Uuid, owner: Uuid, row: &RowJson, hlc: &str) -> Record {
    let mut record = Record::new(kind, id, owner);
    let deleted = row.get("deleted_at").is_some_and(|v| !v.is_null());
    for (name, _) in kind.columns() {
        if let Some(v) = row.get(*name) {
            record.fields.insert(
                (*name).to_string(),
                FieldValue {
                    value: v.clone(),
                    hlc: hlc.to_string(),
                    base: None,
                },
            );
        }
    }
    record.fields.insert(
        fieldquote_domain::sync::DELETED.to_string(),
        FieldValue {
            value: Value::Bool(deleted),
            hlc: hlc.to_string(),
            base: None,
        },
    );
    record
}

/// Check `values` against `kind`'s columns: known names, text for text columns, integers for the others.
fn check(kind: EntityKind, values: &BTreeMap<String, Value>) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    for (name, value) in values {
        match kind.columns().iter().find(|(c, _)| c == name) {
            None => errors.push(FieldError::new(name.clone(), FieldErrorKind::NotFound)),
            Some((_, ColumnKind::Text)) if !value.is_string() => {
                errors.push(FieldError::new(name.clone(), FieldErrorKind::Required));
            }
            Some((_, ColumnKind::Int | ColumnKind::Int32)) if !value.is_i64() => {
                errors.push(FieldError::new(name.clone(), FieldErrorKind::NotANumber));
            }
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

impl Store {
    /// Write `values` (column → value) to the record `kind`/`id`, creating it (owned by this device's user,
    /// other columns empty) or changing those columns of it (bringing it back if deleted), as one local
    /// change that syncs. Server-owned kinds are refused: they have writes of their own.
    pub async fn write_record(
        &self,
        kind: EntityKind,
        id: Uuid,
        values: &BTreeMap<String, Value>,
        origin: Origin,
    ) -> Result<(), StoreError> {
        self.write_row(kind, id, Some(values), origin).await
    }

    /// Delete (tombstone) the record `kind`/`id`, as one local change that syncs; nothing when it is not
    /// here or deleted already.
    pub async fn delete_record(
        &self,
        kind: EntityKind,
        id: Uuid,
        origin: Origin,
    ) -> Result<(), StoreError> {
        self.write_row(kind, id, None, origin).await
    }

    async fn write_row(
        &self,
        kind: EntityKind,
        id: Uuid,
        values: Option<&BTreeMap<String, Value>>,
        origin: Origin,
    ) -> Result<(), StoreError> {
        if kind.server_owned() {
            // The catalog, price lists, company profile and directory have writes of their own (imports,
            // settings) or are the server's alone.
            let allowed: Vec<&str> = EntityKind::ALL
                .into_iter()
                .filter(|k| !k.server_owned())
                .map(EntityKind::as_str)
                .collect();
            return Err(StoreError::Invalid(vec![FieldError::new(
                "entity",
                FieldErrorKind::NotOneOf {
                    allowed: allowed.join(", "),
                },
            )]));
        }
        if let Some(values) = values {
            check(kind, values)?;
        }
        let w = self.begin_write(origin).await?;
        let key = id.to_string();
        let before = current(&w.txn, kind, &key).await?;
        let deleted_before = before
            .as_ref()
            .is_some_and(|r| r.get("deleted_at").is_some_and(|v| !v.is_null()));
        let (op, mut after) = match (&before, values) {
            (None, None) => return Ok(()),
            (Some(_), None) if deleted_before => return Ok(()),
            (Some(row), None) => ("delete", row.clone()),
            (Some(row), Some(_)) if deleted_before => ("restore", row.clone()),
            (Some(row), Some(_)) => ("upsert", row.clone()),
            (None, Some(_)) => {
                let mut row = RowJson::new();
                row.insert("id".into(), key.clone().into());
                row.insert("deleted_at".into(), Value::Null);
                row.insert("owner_id".into(), w.owner_id.clone().into());
                for (name, ty) in kind.columns() {
                    let empty = match ty {
                        ColumnKind::Text => Value::from(""),
                        _ => Value::from(kind.int_default(name)),
                    };
                    row.insert((*name).to_string(), empty);
                }
                ("upsert", row)
            }
        };
        for (name, value) in values.into_iter().flatten() {
            after.insert(name.clone(), value.clone());
        }
        after.insert("updated_at".into(), w.hlc.clone().into());
        after.insert(
            "deleted_at".into(),
            if op == "delete" {
                w.hlc.clone().into()
            } else {
                Value::Null
            },
        );
        let owner = after
            .get("owner_id")
            .and_then(Value::as_str)
            .map(parse_id)
            .transpose()?
            .unwrap_or_default();
        let record = as_record(kind, id, owner, &after, &w.hlc);
        w.txn
            .execute_raw(stmt(&upsert_sql(kind, 1), row_values(&record)))
            .await?;
        w.record(kind.as_str(), &key, op, before.as_ref(), &after)
            .await?;
        w.commit().await
    }
}
