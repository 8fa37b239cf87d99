//! The test's record of every change the laptops made, and reading a laptop's tables and the server's view.

use std::collections::BTreeMap;
use std::path::Path;

use fieldquote_domain::sync::{Change, ColumnKind, DELETED, EntityKind, Record};
use fieldquote_store::Store;
use fieldquote_sync::Client;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::PASSWORD;

#[derive(Default)]
pub struct Ledger {
    /// Every change any laptop made (by change id), as its outbox held it.
    pub changes: BTreeMap<Uuid, Change>,
}

impl Ledger {
    /// Copy `store`'s outbox (laptop `who`'s).
    pub async fn capture(&mut self, store: &Store) {
        for c in store.outbox_batch(u64::MAX).await.unwrap() {
            let old = self.changes.insert(c.change.change_id, c.change.clone());
            assert!(
                old.is_none_or(|o| o == c.change),
                "a change was altered in the outbox"
            );
        }
    }

    /// Changes per record.
    pub fn by_record(&self) -> BTreeMap<(EntityKind, Uuid), Vec<&Change>> {
        let mut m: BTreeMap<_, Vec<&Change>> = BTreeMap::new();
        for c in self.changes.values() {
            m.entry((c.entity, c.entity_id)).or_default().push(c);
        }
        m
    }
}

/// One write of one field: its clock, value and the clock its author had seen.
#[derive(Clone, Debug)]
pub struct FieldWrite {
    pub hlc: String,
    pub value: Value,
    pub base: Option<String>,
    pub node: String,
}

/// Every write of `field` among `changes`, by clock. `_deleted` is written by every change.
pub fn writes_of(changes: &[&Change], field: &str) -> Vec<FieldWrite> {
    let mut w: Vec<FieldWrite> = changes
        .iter()
        .filter_map(|c| {
            let value = if field == DELETED {
                Value::Bool(c.deleted)
            } else {
                c.fields.get(field)?.clone()
            };
            Some(FieldWrite {
                hlc: c.hlc.clone(),
                value,
                base: c.base.get(field).cloned(),
                node: fieldquote_domain::sync::clock_node(&c.hlc)
                    .unwrap_or_default()
                    .to_string(),
            })
        })
        .collect();
    w.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    w
}

/// A table row as the server's record would be written into it (see the store's `materialize`).
#[derive(Debug, PartialEq)]
pub struct Row {
    pub owner_id: String,
    pub updated_at: String,
    pub deleted: bool,
    pub values: BTreeMap<String, Value>,
}

pub fn expected_row(r: &Record) -> Row {
    let values = r.values();
    Row {
        owner_id: r.owner_id.to_string(),
        updated_at: r.hlc().unwrap_or_default().to_string(),
        deleted: r.is_deleted(),
        values: r
            .entity
            .columns()
            .iter()
            .map(|(name, kind)| {
                let v = values.get(*name);
                let v = match kind {
                    ColumnKind::Text => json!(v.and_then(Value::as_str).unwrap_or_default()),
                    // A field the record does not hold takes the column's default, as on a device.
                    ColumnKind::Int | ColumnKind::Int32 => json!(
                        v.and_then(Value::as_i64)
                            .unwrap_or_else(|| r.entity.int_default(name))
                    ),
                };
                ((*name).to_string(), v)
            })
            .collect(),
    }
}

pub async fn open_sqlite(path: &Path) -> DatabaseConnection {
    Database::connect(format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

pub async fn table_rows(conn: &DatabaseConnection, kind: EntityKind) -> BTreeMap<Uuid, Row> {
    let sql = format!("SELECT * FROM {}", kind.as_str());
    let rows = conn
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("", "id").unwrap();
            let deleted_at: Option<String> = r.try_get("", "deleted_at").unwrap();
            let values = kind
                .columns()
                .iter()
                .map(|(name, kind)| {
                    let v = match kind {
                        ColumnKind::Text => json!(r.try_get::<String>("", name).unwrap()),
                        ColumnKind::Int | ColumnKind::Int32 => {
                            json!(r.try_get::<i64>("", name).unwrap())
                        }
                    };
                    ((*name).to_string(), v)
                })
                .collect();
            (
                Uuid::parse_str(&id).unwrap(),
                Row {
                    owner_id: r.try_get("", "owner_id").unwrap(),
                    updated_at: r.try_get("", "updated_at").unwrap(),
                    deleted: deleted_at.is_some(),
                    values,
                },
            )
        })
        .collect()
}

pub async fn count(conn: &DatabaseConnection, sql: &str) -> i64 {
    let row = conn
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// Everything the server shows `email`, from the start, folded by record.
pub async fn server_view(base: &str, email: &str) -> BTreeMap<(EntityKind, Uuid), Record> {
    let client = Client::without_proxy(base).unwrap();
    let session = client.login(email, PASSWORD, "oracle").await.unwrap();
    let mut cursor = 0;
    let mut out = BTreeMap::new();
    loop {
        let page = client.pull(&session.token, cursor, 5_000).await.unwrap();
        for r in page.records {
            out.insert((r.record.entity, r.record.id), r.record);
        }
        cursor = page.cursor;
        if !page.has_more {
            return out;
        }
    }
}
