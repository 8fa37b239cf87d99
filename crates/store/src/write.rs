//! The one way to write: an immediate transaction that ticks the device clock first and records every change
//! in the outbox before it commits.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, DatabaseTransaction, EntityTrait, Set, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use serde::Serialize;

use fieldquote_domain::hlc::Hlc;

use crate::entities::{device, outbox};
use crate::{Store, StoreError};

/// Where a write came from, recorded with its outbox entry (sync writes will not be echoed back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Ui,
    Cli,
    Import,
    Demo,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Ui => "ui",
            Origin::Cli => "cli",
            Origin::Import => "import",
            Origin::Demo => "demo",
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
    /// Append a change of `entity`/`id` to the outbox.
    pub async fn record<T: Serialize>(
        &self,
        entity: &str,
        id: &str,
        op: &str,
        row: &T,
    ) -> Result<(), StoreError> {
        let payload = serde_json::to_string(row)
            .map_err(|e| StoreError::Corrupt(format!("cannot serialize {entity}: {e}")))?;
        let entry = outbox::ActiveModel {
            change_id: Set(uuid::Uuid::now_v7().to_string()),
            entity: Set(entity.to_string()),
            entity_id: Set(id.to_string()),
            op: Set(op.to_string()),
            payload: Set(payload),
            hlc: Set(self.hlc.clone()),
            origin: Set(self.origin.as_str().to_string()),
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

    pub async fn commit(self) -> Result<(), StoreError> {
        self.txn.commit().await?;
        Ok(())
    }
}
