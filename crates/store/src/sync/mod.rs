//! The device side of sync: what to push, what the server answered, and applying what was pulled (`pull`,
//! planned by the pure `plan`).
//!
//! The engine (crate `fieldquote-sync`) moves the bytes; everything that touches the database is here, each
//! step one transaction: a pulled page and the cursor after it commit together, so a sync cut off at any
//! point resumes without gaps or duplicates.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde::Serialize;
use uuid::Uuid;

use fieldquote_domain::sync::{
    Change, ChangeOutcome, ChangeResult, EntityKind, METADATA_COLUMNS, Record, RejectCode,
};

use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

mod conflicts;
mod local;
mod plan;
mod pull;

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
    /// Records removed because this device no longer sees them (a share withdrawn), with the rows made
    /// here under them.
    pub removed: usize,
    /// Local changes of those not pushed yet: dropped, and recorded as refused (`forbidden`).
    pub dropped: usize,
}

pub(crate) fn stmt(sql: &str, values: Vec<Value>) -> Statement {
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

/// Remember a change the server refused (or would: see [`plan`]'s revocations), for the user to see.
async fn record_rejection(
    conn: &impl ConnectionTrait,
    change: &Change,
    code: RejectCode,
    reason: &str,
) -> Result<(), StoreError> {
    let code = serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    let payload = serde_json::to_string(change).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute_raw(stmt(
        "INSERT OR REPLACE INTO sync_rejection \
         (change_id, entity, entity_id, code, reason, payload, rejected_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            change.change_id.to_string().into(),
            change.entity.as_str().into(),
            change.entity_id.to_string().into(),
            code.unwrap_or_default().into(),
            reason.into(),
            payload.into(),
            now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Rows per `IN (…)` list or multi-row statement: far below SQLite's limit of bound values.
const CHUNK: usize = 500;

/// `?, ?, …`: `n` placeholders.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
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
        // a customer's assignment to a removed list counts as none. Likewise the company directory: the
        // colleagues a laptop knew before (the demo's team) leave for the server's, so nobody is given work
        // under a name the company does not have.
        for sql in [
            "UPDATE colleague SET deleted_at = ? WHERE deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM sync_shadow s WHERE s.entity = 'colleague' AND s.id = colleague.id)",
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
                    record_rejection(&w.txn, &p.change, *code, reason).await?;
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
