//! The one way to write: an immediate transaction that ticks the device clock first and records every change
//! in the outbox before it commits.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Set,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Serialize;

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::EntityKind;
use uuid::Uuid;

use crate::entities::{device, outbox};
use crate::{Store, StoreError};

/// Where a write came from, recorded with its outbox entry (sync writes will not be echoed back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Ui,
    Cli,
    Import,
    Demo,
    /// Applied from the server: recorded nowhere, never pushed back.
    Sync,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Ui => "ui",
            Origin::Cli => "cli",
            Origin::Import => "import",
            Origin::Demo => "demo",
            Origin::Sync => "sync",
        }
    }
}

/// An open write transaction with its clock reading.
pub(crate) struct Write {
    pub txn: DatabaseTransaction,
    /// The clock reading every row written in this transaction carries as `updated_at`.
    pub hlc: String,
    pub owner_id: String,
    pub device: device::Model,
    origin: Origin,
}

impl Store {
    /// Delete (tombstone) the live record `kind`/`id` as one write that syncs; `NotFound` when it is not
    /// here or deleted already. Every area's `delete_…` is this.
    pub(crate) async fn delete_live(
        &self,
        kind: EntityKind,
        id: Uuid,
        origin: Origin,
    ) -> Result<(), StoreError> {
        let w = self.begin_write(origin).await?;
        let before = crate::rows::live(&w.txn, kind, id).await?;
        w.delete_row(&before).await?;
        w.commit().await
    }

    /// Begin a write: `BEGIN IMMEDIATE`, then tick the clock (so the write lock is ours before any read).
    pub(crate) async fn begin_write(&self, origin: Origin) -> Result<Write, StoreError> {
        let txn = self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        let dev = device::Entity::find_by_id(1)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the device row is missing".into()))?;
        let previous: Option<Hlc> = dev.hlc.parse().ok();
        let node = previous
            .as_ref()
            .map_or_else(|| dev.device_id.clone(), |h| h.node.clone());
        let now = chrono::Utc::now().timestamp_millis();
        let hlc = Hlc::tick(previous.as_ref(), now, &node).to_string();
        let mut am: device::ActiveModel = dev.clone().into();
        am.hlc = Set(hlc.clone());
        let device = am.update(&txn).await?;
        Ok(Write {
            txn,
            hlc,
            owner_id: dev.owner_id,
            device,
            origin,
        })
    }
}

impl Write {
    /// Append a change of `entity`/`id` to the outbox: for a new row every column, for an update only the
    /// columns that differ from `before` (so that merging per field on the server cannot undo someone else's
    /// edit of a column this write did not touch). An update that changed nothing is not recorded. `op` is
    /// `upsert`, `delete` (a tombstone) or `restore` (a tombstoned row brought back).
    pub async fn record<T: Serialize>(
        &self,
        entity: &str,
        id: &str,
        op: &str,
        before: Option<&T>,
        row: &T,
    ) -> Result<(), StoreError> {
        let json = |v: &T| {
            serde_json::to_value(v)
                .map_err(|e| StoreError::Corrupt(format!("cannot serialize {entity}: {e}")))
        };
        let mut after = json(row)?;
        if let (Some(before), Some(fields)) = (before.map(json).transpose()?, after.as_object_mut())
        {
            fields.retain(|k, v| {
                fieldquote_domain::sync::METADATA_COLUMNS.contains(&k.as_str())
                    || before.get(k) != Some(v)
            });
            let touched = fields
                .keys()
                .any(|k| !fieldquote_domain::sync::METADATA_COLUMNS.contains(&k.as_str()));
            // A delete or a restore changes no field but is a change all the same.
            if !touched && op != "delete" && op != "restore" {
                return Ok(());
            }
        }
        // What this device had seen of each written field, so a conflict can be told from a knowing overwrite.
        let shadow = self
            .txn
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Sqlite,
                "SELECT doc FROM sync_shadow WHERE entity = ? AND id = ?",
                [entity.into(), id.into()],
            ))
            .await?
            .map(|r| r.try_get_by_index::<String>(0))
            .transpose()?
            .and_then(|doc| serde_json::from_str::<fieldquote_domain::sync::Record>(&doc).ok());
        let base: serde_json::Map<String, serde_json::Value> = match (&shadow, after.as_object()) {
            (Some(shadow), Some(fields)) => fields
                .keys()
                .filter_map(|k| {
                    shadow
                        .fields
                        .get(k)
                        .map(|f| (k.clone(), f.hlc.clone().into()))
                })
                .collect(),
            _ => serde_json::Map::new(),
        };
        let payload = after.to_string();
        let entry = outbox::ActiveModel {
            change_id: Set(uuid::Uuid::now_v7().to_string()),
            entity: Set(entity.to_string()),
            entity_id: Set(id.to_string()),
            op: Set(op.to_string()),
            payload: Set(payload),
            hlc: Set(self.hlc.clone()),
            origin: Set(self.origin.as_str().to_string()),
            base: Set(serde_json::Value::Object(base).to_string()),
            ..Default::default()
        };
        outbox::Entity::insert(entry)
            .on_conflict(
                OnConflict::column(outbox::Column::ChangeId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.txn)
            .await?;
        Ok(())
    }

    /// Commit, after bringing the search index up to date with what this transaction wrote.
    pub async fn commit(self) -> Result<(), StoreError> {
        crate::search::index::refresh(&self.txn).await?;
        self.txn.commit().await?;
        Ok(())
    }
}
