//! Rows of the client visit's kinds, read and written by their kind's synced columns
//! ([`EntityKind::columns`], the same list a pulled record is written from), so a local write and a pulled
//! one can never disagree on a column. Every write goes through [`Write::insert_row`],
//! [`Write::update_row`] or [`Write::delete_row`]: the row is stamped with the write's clock, its derived
//! columns (the pinyin `sort_key`) are kept, and the change is appended to the outbox in the same
//! transaction. Those three are also the place to keep any other index of local writes up to date (a
//! search index, as `write_page` is for pulled ones).

use sea_orm::{ConnectionTrait, QueryResult, Value};
use serde_json::Value as Json;
use uuid::Uuid;

use fieldquote_domain::sync::{ColumnKind, EntityKind};

use crate::StoreError;
use crate::derived::{sort_key, sort_key_source};
use crate::query::parse_id;
use crate::sync::stmt;
use crate::write::Write;

/// Column values by name.
pub(crate) type Fields = serde_json::Map<String, Json>;

/// A stored row: the metadata columns and the kind's columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub kind: EntityKind,
    pub map: Fields,
}

impl Row {
    pub fn id(&self) -> Result<Uuid, StoreError> {
        parse_id(self.text("id"))
    }

    /// A text column ("" when missing or not text).
    pub fn text(&self, name: &str) -> &str {
        self.map.get(name).and_then(Json::as_str).unwrap_or("")
    }

    /// An integer column (0 when missing).
    pub fn int(&self, name: &str) -> i64 {
        self.map.get(name).and_then(Json::as_i64).unwrap_or(0)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.int(name) != 0
    }

    /// An id column; empty (or not an id) is `None`.
    pub fn opt_id(&self, name: &str) -> Option<Uuid> {
        self.text(name).parse().ok()
    }

    /// An id column that must hold one.
    pub fn req_id(&self, name: &str) -> Result<Uuid, StoreError> {
        parse_id(self.text(name))
    }

    pub fn owner_id(&self) -> Result<Uuid, StoreError> {
        parse_id(self.text("owner_id"))
    }

    pub fn updated_at(&self) -> String {
        self.text("updated_at").to_string()
    }

    pub fn is_deleted(&self) -> bool {
        self.map.get("deleted_at").is_some_and(|v| !v.is_null())
    }
}

/// `a.id, a.updated_at, a.deleted_at, a.owner_id, a.<column>…` for `kind` under alias `a`.
pub(crate) fn columns(kind: EntityKind, alias: &str) -> String {
    ["id", "updated_at", "deleted_at", "owner_id"]
        .into_iter()
        .chain(kind.columns().iter().map(|(c, _)| *c))
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row selected with [`columns`] from result column `at` on.
pub(crate) fn decode(kind: EntityKind, r: &QueryResult, at: usize) -> Result<Row, StoreError> {
    let mut map = Fields::new();
    map.insert("id".into(), r.try_get_by_index::<String>(at)?.into());
    map.insert(
        "updated_at".into(),
        r.try_get_by_index::<String>(at + 1)?.into(),
    );
    map.insert(
        "deleted_at".into(),
        r.try_get_by_index::<Option<String>>(at + 2)?.into(),
    );
    map.insert(
        "owner_id".into(),
        r.try_get_by_index::<String>(at + 3)?.into(),
    );
    for (i, (name, ty)) in kind.columns().iter().enumerate() {
        let v: Json = match ty {
            ColumnKind::Text => r.try_get_by_index::<String>(at + 4 + i)?.into(),
            ColumnKind::Int | ColumnKind::Int32 => r.try_get_by_index::<i64>(at + 4 + i)?.into(),
        };
        map.insert((*name).to_string(), v);
    }
    Ok(Row { kind, map })
}

/// The rows of `kind` matching `where_sql` (with `values`), ordered by `order_sql`.
pub(crate) async fn select(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    where_sql: &str,
    values: Vec<Value>,
    order_sql: &str,
) -> Result<Vec<Row>, StoreError> {
    let sql = format!(
        "SELECT {} FROM {} a WHERE {where_sql} ORDER BY {order_sql}",
        columns(kind, "a"),
        kind.as_str()
    );
    conn.query_all_raw(stmt(&sql, values))
        .await?
        .iter()
        .map(|r| decode(kind, r, 0))
        .collect()
}

/// The live (not deleted) rows of `kind` whose `column` is `value`, ordered by `order_sql`.
pub(crate) async fn children(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    column: &str,
    value: &str,
    order_sql: &str,
) -> Result<Vec<Row>, StoreError> {
    select(
        conn,
        kind,
        &format!("a.{column} = ? AND a.deleted_at IS NULL"),
        vec![value.into()],
        order_sql,
    )
    .await
}

/// The row of `kind` with `id`, deleted or not.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    id: Uuid,
) -> Result<Option<Row>, StoreError> {
    Ok(
        select(conn, kind, "a.id = ?", vec![id.to_string().into()], "a.id")
            .await?
            .pop(),
    )
}

/// The live row of `kind` with `id`, or a not-found refusal.
pub(crate) async fn live(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    id: Uuid,
) -> Result<Row, StoreError> {
    load(conn, kind, id)
        .await?
        .filter(|r| !r.is_deleted())
        .ok_or_else(|| StoreError::missing(kind, id))
}

/// The SQL value of a column's JSON value.
fn sql_value(kind: EntityKind, name: &str, v: Option<&Json>) -> Result<Value, StoreError> {
    let ty = kind
        .columns()
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| StoreError::Corrupt(format!("{} has no column {name}", kind.as_str())))?;
    Ok(match ty {
        ColumnKind::Text => v
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
            .into(),
        ColumnKind::Int | ColumnKind::Int32 => v
            .and_then(Json::as_i64)
            .unwrap_or_else(|| kind.int_default(name))
            .into(),
    })
}

/// The derived columns of a row: `(column, value)`.
fn derived(row: &Row) -> Vec<(&'static str, Value)> {
    sort_key_source(row.kind)
        .map(|source| vec![("sort_key", sort_key(row.text(source)).into())])
        .unwrap_or_default()
}

impl Write {
    /// Insert a new row of `kind` owned by this device's user: `fields` (every column not given is empty,
    /// 0, or the kind's default), stamped with this write's clock, recorded in the outbox.
    pub(crate) async fn insert_row(
        &self,
        kind: EntityKind,
        id: Uuid,
        fields: Fields,
    ) -> Result<Row, StoreError> {
        let mut map = Fields::new();
        map.insert("id".into(), id.to_string().into());
        map.insert("updated_at".into(), self.hlc.clone().into());
        map.insert("deleted_at".into(), Json::Null);
        map.insert("owner_id".into(), self.owner_id.clone().into());
        for (name, ty) in kind.columns() {
            let v = fields.get(*name).cloned().unwrap_or_else(|| match ty {
                ColumnKind::Text => Json::from(""),
                ColumnKind::Int | ColumnKind::Int32 => Json::from(kind.int_default(name)),
            });
            map.insert((*name).to_string(), v);
        }
        if let Some(unknown) = fields.keys().find(|k| !map.contains_key(*k)) {
            return Err(StoreError::Corrupt(format!(
                "{} has no column {unknown}",
                kind.as_str()
            )));
        }
        let row = Row { kind, map };
        let mut names: Vec<&str> = vec!["id", "updated_at", "deleted_at", "owner_id"];
        let mut values: Vec<Value> = vec![
            id.to_string().into(),
            self.hlc.clone().into(),
            Option::<String>::None.into(),
            self.owner_id.clone().into(),
        ];
        for (name, _) in kind.columns() {
            names.push(name);
            values.push(sql_value(kind, name, row.map.get(*name))?);
        }
        for (name, v) in derived(&row) {
            names.push(name);
            values.push(v);
        }
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            kind.as_str(),
            names.join(", "),
            vec!["?"; names.len()].join(", ")
        );
        self.txn.execute_raw(stmt(&sql, values)).await?;
        self.record(kind.as_str(), &id.to_string(), "upsert", None, &row.map)
            .await?;
        Ok(row)
    }

    /// Change the columns in `changes` of the live row `before`. A change that changes nothing writes
    /// nothing (the row keeps the clock of its last change); otherwise only the changed columns are
    /// recorded in the outbox, so a merge never undoes another device's edit of the others.
    pub(crate) async fn update_row(
        &self,
        before: &Row,
        changes: Fields,
    ) -> Result<Row, StoreError> {
        let kind = before.kind;
        let mut after = before.clone();
        for (name, v) in changes {
            sql_value(kind, &name, Some(&v))?;
            after.map.insert(name, v);
        }
        if after == *before {
            return Ok(after);
        }
        after
            .map
            .insert("updated_at".into(), self.hlc.clone().into());
        let mut sets: Vec<String> = vec!["updated_at = ?".into()];
        let mut values: Vec<Value> = vec![self.hlc.clone().into()];
        for (name, _) in kind.columns() {
            sets.push(format!("{name} = ?"));
            values.push(sql_value(kind, name, after.map.get(*name))?);
        }
        for (name, v) in derived(&after) {
            sets.push(format!("{name} = ?"));
            values.push(v);
        }
        values.push(before.text("id").to_string().into());
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ?",
            kind.as_str(),
            sets.join(", ")
        );
        self.txn.execute_raw(stmt(&sql, values)).await?;
        self.record(
            kind.as_str(),
            before.text("id"),
            "upsert",
            Some(&before.map),
            &after.map,
        )
        .await?;
        Ok(after)
    }

    /// Delete (tombstone) the row `before`; a row deleted already stays as it is.
    pub(crate) async fn delete_row(&self, before: &Row) -> Result<(), StoreError> {
        if before.is_deleted() {
            return Ok(());
        }
        let mut after = before.clone();
        after
            .map
            .insert("updated_at".into(), self.hlc.clone().into());
        after
            .map
            .insert("deleted_at".into(), self.hlc.clone().into());
        self.txn
            .execute_raw(stmt(
                &format!(
                    "UPDATE {} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                    before.kind.as_str()
                ),
                vec![
                    self.hlc.clone().into(),
                    self.hlc.clone().into(),
                    before.text("id").to_string().into(),
                ],
            ))
            .await?;
        self.record(
            before.kind.as_str(),
            before.text("id"),
            "delete",
            Some(&before.map),
            &after.map,
        )
        .await
    }
}

impl Write {
    /// Bring back the deleted row `before` (a change that syncs); a live row stays as it is.
    pub(crate) async fn restore_row(&self, before: &Row) -> Result<Row, StoreError> {
        if !before.is_deleted() {
            return Ok(before.clone());
        }
        let mut after = before.clone();
        after
            .map
            .insert("updated_at".into(), self.hlc.clone().into());
        after.map.insert("deleted_at".into(), Json::Null);
        self.txn
            .execute_raw(stmt(
                &format!(
                    "UPDATE {} SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                    before.kind.as_str()
                ),
                vec![
                    self.hlc.clone().into(),
                    before.text("id").to_string().into(),
                ],
            ))
            .await?;
        self.record(
            before.kind.as_str(),
            before.text("id"),
            "restore",
            Some(&before.map),
            &after.map,
        )
        .await?;
        Ok(after)
    }
}

/// `Fields` from `(name, value)` pairs.
pub(crate) fn fields<const N: usize>(pairs: [(&str, Json); N]) -> Fields {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// An optional id as stored: "" for none.
pub(crate) fn id_text(id: Option<Uuid>) -> Json {
    id.map(|i| i.to_string()).unwrap_or_default().into()
}
