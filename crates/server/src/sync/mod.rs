//! Sync (DESIGN §4): devices push batches of changes and pull the records changed after a cursor.
//!
//! The server keeps one merged [`Record`] per `(entity, id)`: every field with the clock of the write
//! that set it, merged per field by last-writer-wins ([`Record::apply`], shared with the devices).
//! Each write of a record gives it the next server sequence number (`seq`); a pull returns the
//! visible records with `seq` above the caller's cursor, in `seq` order.
//!
//! # Why every writer locks the counter first
//!
//! A pull that returned seq 42 stores cursor 42 and next asks for `seq > 42`. That is only safe if no
//! record with a seq below 42 can become visible later, i.e. if transactions commit in seq order. Two
//! concurrent writers that each took a number from a sequence (say 41 and 42) could commit 42 first; a
//! pull in between would return 42 and skip 41 for ever. So the numbers come from one counter row,
//! `sync_counter`, which each write transaction updates *before anything else* ([`repo::sync::lock_counter`]):
//! the update locks the row (PostgreSQL) or the database (SQLite, `BEGIN IMMEDIATE`) until commit, so
//! the next writer gets its numbers only after the previous one committed. Commit order is seq order,
//! and a cursor never skips a row. Taking the lock first also means the records a writer reads
//! (to merge into) are the latest committed ones: no lost updates under READ COMMITTED, and several
//! server processes on one PostgreSQL serialize the same way. Within the lock, numbers are handed out
//! in memory and the counter row is written once at the end; pushes therefore run one at a time, each
//! as a handful of bulk statements.

pub mod access;
pub mod audience;
pub mod fields;
pub mod plan;
pub mod refs;
pub mod rules;

use std::collections::{BTreeMap, HashMap};

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{
    EntityKind, FieldValue, PullResponse, PulledRecord, PushRequest, PushResponse, Record,
    Revocation,
};
use uuid::Uuid;

pub use plan::{Caller, Key, SYSTEM_OWNER, Stored};

use access::{Graph, Links, Node};
use audience::{Seqs, Written};

use crate::entities::{applied_change, sync_counter, sync_record};
use crate::repo::sync::Visible;
use crate::{Db, ServerError, now_ms, repo};
use fieldquote_domain::Role;

/// Most changes one push may carry.
pub const MAX_BATCH: usize = 1000;
/// Records per pull when the client does not say.
pub const DEFAULT_PULL_LIMIT: u64 = 500;
/// Most records one pull returns.
pub const MAX_PULL_LIMIT: u64 = 5000;
/// Node name of the server's own clock readings.
pub const SERVER_NODE: &str = "server";

impl Caller {
    /// The caller from a signed-in user's columns.
    pub fn new(user_id: &str, role: Role, team_id: Option<String>) -> Result<Caller, ServerError> {
        let user_id = Uuid::parse_str(user_id)
            .map_err(|_| ServerError::Corrupt(format!("user id {user_id:?} is not a UUID")))?;
        Ok(Caller {
            user_id,
            role,
            team_id,
        })
    }
}

/// The sync service over one database. Cheap to clone; keeps no state besides the pool.
#[derive(Clone, Debug)]
pub struct SyncService {
    db: Db,
}

impl SyncService {
    pub fn new(db: Db) -> SyncService {
        SyncService { db }
    }

    /// Apply a batch: one transaction; per change accepted (applied now, or before) or rejected with
    /// a reason. Rejections do not stop the batch.
    pub async fn push(
        &self,
        caller: &Caller,
        req: PushRequest,
    ) -> Result<PushResponse, ServerError> {
        if req.changes.len() > MAX_BATCH {
            return Err(ServerError::BatchTooLarge {
                max: MAX_BATCH,
                got: req.changes.len(),
            });
        }
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let change_ids: Vec<String> = req
            .changes
            .iter()
            .map(|c| c.change_id.to_string())
            .collect();
        let user_id = caller.user_id.to_string();
        let already_applied = repo::sync::applied_among(&txn, &user_id, &change_ids)
            .await?
            .into_iter()
            .filter_map(|(id, digest)| Some((Uuid::parse_str(&id).ok()?, digest)))
            .collect::<HashMap<_, _>>();
        let mut ids_by_kind: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
        // The records the changes write, and those their references name (a new line takes its quote's owner;
        // every reference must name a record the caller may see).
        let keys = req
            .changes
            .iter()
            .map(|c| (c.entity, c.entity_id))
            .chain(refs::ids_to_load(&req.changes));
        for (kind, id) in keys {
            ids_by_kind.entry(kind).or_default().push(id.to_string());
        }
        let mut existing = HashMap::new();
        for (kind, mut ids) in ids_by_kind {
            ids.sort_unstable();
            ids.dedup();
            for row in repo::sync::records_by_ids(&txn, kind.as_str(), &ids).await? {
                let (s, _) = decode(row)?;
                existing.insert((s.record.entity, s.record.id), s);
            }
        }

        // The quotes of stored lines the batch changes (a line edit names its quote only when it moves).
        let mut quotes_of_lines: Vec<String> = existing
            .values()
            .filter(|s| s.record.entity == EntityKind::QuoteLine)
            .filter_map(|s| {
                s.record
                    .fields
                    .get("quote_id")?
                    .value
                    .as_str()
                    .map(str::to_string)
            })
            .filter(|id| {
                Uuid::parse_str(id).is_ok_and(|id| !existing.contains_key(&(EntityKind::Quote, id)))
            })
            .collect();
        quotes_of_lines.sort_unstable();
        quotes_of_lines.dedup();
        if !quotes_of_lines.is_empty() {
            for row in
                repo::sync::records_by_ids(&txn, EntityKind::Quote.as_str(), &quotes_of_lines)
                    .await?
            {
                let (s, _) = decode(row)?;
                existing.insert((s.record.entity, s.record.id), s);
            }
        }

        // What decides who sees and edits the records: the records themselves, and what they belong to.
        let mut graph = Graph::default();
        for stored in existing.values() {
            graph.insert(Node::of(stored));
        }
        audience::complete(&txn, &mut graph).await?;
        let before: HashMap<Key, Node> = existing
            .iter()
            .map(|(key, stored)| (*key, Node::of(stored)))
            .collect();

        let now = now_ms();
        // A reading after every clock in play (the batch's valid ones and the records'), for the server's own
        // writes (renewed approval requests, see `plan`).
        let server_hlc = server_tick(
            &counter,
            req.changes
                .iter()
                .filter(|c| fields::check_clock(&c.hlc, now).is_ok())
                .map(|c| c.hlc.as_str())
                .chain(existing.values().filter_map(|s| s.record.hlc())),
        )
        .to_string();
        let plan = plan::plan_push(
            caller,
            now,
            &req.changes,
            &already_applied,
            existing,
            &mut graph,
            &server_hlc,
        );

        let clock = if plan.used_server_clock {
            Some(server_hlc.as_str())
        } else {
            counter.server_hlc.as_deref()
        };
        let last_seq =
            write_records_with(&txn, &counter, plan.writes, clock, Some((before, graph))).await?;
        repo::sync::insert_applied(
            &txn,
            plan.applied
                .into_iter()
                .map(|a| applied_change::Model {
                    change_id: a.change_id.to_string(),
                    user_id: user_id.clone(),
                    entity: a.entity.as_str().to_string(),
                    entity_id: a.entity_id.to_string(),
                    digest: Some(a.digest),
                    applied_at: now,
                })
                .collect(),
        )
        .await?;
        txn.commit().await?;
        let rejected = plan
            .results
            .iter()
            .filter(|r| !matches!(r.outcome, fieldquote_domain::sync::ChangeOutcome::Accepted))
            .count();
        tracing::info!(
            user_id = %caller.user_id,
            device_id = %req.device_id,
            changes = req.changes.len(),
            rejected,
            last_seq,
            "push"
        );
        Ok(PushResponse {
            results: plan.results,
        })
    }

    /// Records the caller may see with `seq > cursor`, oldest first, at most `limit` (clamped to
    /// 1..=[`MAX_PULL_LIMIT`]). Tombstones included: devices delete what they hold.
    pub async fn pull(
        &self,
        caller: &Caller,
        cursor: i64,
        limit: u64,
    ) -> Result<PullResponse, ServerError> {
        if cursor < 0 {
            return Err(ServerError::Invalid(format!(
                "the cursor must be 0 or more, not {cursor}"
            )));
        }
        let limit = limit.clamp(1, MAX_PULL_LIMIT);
        let server_owned: Vec<&str> = system_kinds().map(EntityKind::as_str).collect();
        let user = caller.user_id.to_string();
        // Server-owned records are all the system's (`plan::decide`, `catalog`): their owner index serves
        // them in seq order. Everything else a rep or a manager sees is in their audience.
        let system = SYSTEM_OWNER.to_string();
        let visible = match caller.role {
            Role::Admin => Visible::All,
            Role::Manager | Role::Rep => Visible::Scoped {
                kinds: &server_owned,
                kinds_owner: &system,
                user_id: &user,
            },
        };
        let mut rows =
            repo::sync::records_after(self.db.connection(), &visible, cursor, limit + 1).await?;
        let has_more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let cursor = rows.last().map_or(cursor, |r| r.pos);
        let mut records = Vec::with_capacity(rows.len());
        let mut revoked = Vec::new();
        for row in rows {
            let seq = row.pos;
            if row.revoked {
                let (entity, id) = decode_key(&row.entity, &row.id)?;
                revoked.push(Revocation { seq, entity, id });
            } else {
                let (stored, _) = decode_parts(
                    &row.entity,
                    &row.id,
                    &row.owner_id,
                    row.team_id,
                    &row.doc,
                    seq,
                )?;
                records.push(PulledRecord {
                    seq,
                    record: stored.record,
                });
            }
        }
        Ok(PullResponse {
            records,
            cursor,
            has_more,
            revoked,
        })
    }
}

/// The kinds whose records the system owner may own, which everyone receives: the server-owned kinds and
/// the content library (company blocks are the system's, personal ones their owner's).
pub fn system_kinds() -> impl Iterator<Item = EntityKind> {
    EntityKind::ALL
        .into_iter()
        .filter(|k| k.server_owned() || *k == EntityKind::ContentBlock)
}

/// Every record of `entity`, deleted ones too, decoded.
pub(crate) async fn stored_of(
    conn: &impl sea_orm::ConnectionTrait,
    entity: EntityKind,
) -> Result<Vec<Stored>, ServerError> {
    repo::sync::records_of_entity(conn, entity.as_str())
        .await?
        .into_iter()
        .map(|row| decode(row).map(|(s, _)| s))
        .collect()
}

/// A stored row as a record (and its seq).
pub(crate) fn decode(row: sync_record::Model) -> Result<(Stored, i64), ServerError> {
    decode_parts(
        &row.entity,
        &row.id,
        &row.owner_id,
        row.team_id,
        &row.doc,
        row.seq,
    )
}

fn decode_key(entity: &str, id: &str) -> Result<Key, ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("sync_record {entity}/{id}: {what}"));
    let kind = EntityKind::parse(entity).ok_or_else(|| corrupt("unknown entity"))?;
    let id = Uuid::parse_str(id).map_err(|_| corrupt("id is not a UUID"))?;
    Ok((kind, id))
}

fn decode_parts(
    entity: &str,
    id: &str,
    owner_id: &str,
    team_id: Option<String>,
    doc: &str,
    seq: i64,
) -> Result<(Stored, i64), ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("sync_record {entity}/{id}: {what}"));
    let (entity, id) = decode_key(entity, id)?;
    let owner_id = Uuid::parse_str(owner_id).map_err(|_| corrupt("owner is not a UUID"))?;
    let fields: BTreeMap<String, FieldValue> =
        serde_json::from_str(doc).map_err(|e| corrupt(&format!("doc: {e}")))?;
    Ok((
        Stored {
            record: Record {
                entity,
                id,
                owner_id,
                fields,
            },
            team_id,
        },
        seq,
    ))
}

fn encode(stored: Stored, seq: i64) -> Result<sync_record::Model, ServerError> {
    let links = Links::of(&stored.record);
    let r = stored.record;
    let text = |id: Option<Uuid>| id.map(|id| id.to_string());
    Ok(sync_record::Model {
        entity: r.entity.as_str().to_string(),
        id: r.id.to_string(),
        owner_id: r.owner_id.to_string(),
        team_id: stored.team_id,
        doc: serde_json::to_string(&r.fields)
            .map_err(|e| ServerError::Corrupt(format!("cannot encode a record: {e}")))?,
        hlc: r.hlc().unwrap_or_default().to_string(),
        deleted: r.is_deleted(),
        seq,
        link_account: text(links.account),
        link_opportunity: text(links.opportunity),
        link_parent: text(links.parent),
        link_user: text(links.user),
    })
}

/// Give each record the next seq (in order) and store them, bring the audience index up to date
/// ([`audience::refresh`]), then store the counter; the caller holds the counter's lock
/// ([`repo::sync::lock_counter`]). Returns the last seq handed out.
pub(crate) async fn write_records(
    txn: &impl sea_orm::ConnectionTrait,
    counter: &sync_counter::Model,
    writes: Vec<Stored>,
    server_hlc: Option<&str>,
) -> Result<i64, ServerError> {
    write_records_with(txn, counter, writes, server_hlc, None).await
}

/// [`write_records`], given what the caller knows already: the records' nodes before the writes (absent:
/// new), and a graph holding them as written with their surroundings. Without it, both are read here.
pub(crate) async fn write_records_with(
    txn: &impl sea_orm::ConnectionTrait,
    counter: &sync_counter::Model,
    writes: Vec<Stored>,
    server_hlc: Option<&str>,
    known: Option<(HashMap<Key, Node>, Graph)>,
) -> Result<i64, ServerError> {
    let mut seqs = Seqs::after(counter.last_seq);
    if writes.is_empty() && server_hlc == counter.server_hlc.as_deref() {
        return Ok(seqs.last());
    }
    let (before, mut graph) = match known {
        Some(known) => known,
        None => (stored_nodes(txn, &writes).await?, Graph::default()),
    };
    let mut written = Vec::new();
    // The blobs each record names now (none once deleted), for kinds that name blobs.
    let blob_refs: Vec<(Key, Vec<String>)> = writes
        .iter()
        .filter(|s| !s.record.entity.blob_columns().is_empty())
        .map(|s| {
            let hashes = s.record.blobs().into_iter().map(String::from).collect();
            ((s.record.entity, s.record.id), hashes)
        })
        .collect();
    let rows = writes
        .into_iter()
        .map(|s| {
            let seq = seqs.take();
            if !s.record.entity.server_owned() {
                let after = Node::of(&s);
                written.push(Written {
                    before: before.get(&after.key()).cloned(),
                    after,
                    seq,
                });
            }
            encode(s, seq)
        })
        .collect::<Result<Vec<_>, _>>()?;
    repo::blobs::replace_refs(txn, &blob_refs).await?;
    repo::sync::upsert_records(txn, rows).await?;
    audience::refresh(txn, &mut graph, &written, &mut seqs).await?;
    repo::sync::store_counter(txn, seqs.last(), server_hlc).await?;
    Ok(seqs.last())
}

/// The nodes of the stored records `writes` will replace (those that exist).
async fn stored_nodes(
    conn: &impl sea_orm::ConnectionTrait,
    writes: &[Stored],
) -> Result<HashMap<Key, Node>, ServerError> {
    let mut by_kind: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
    for s in writes.iter().filter(|s| !s.record.entity.server_owned()) {
        by_kind
            .entry(s.record.entity)
            .or_default()
            .push(s.record.id.to_string());
    }
    let mut out = HashMap::new();
    for (kind, ids) in by_kind {
        for node in repo::audience::nodes_by_ids(conn, kind, &ids).await? {
            out.insert(node.key(), node);
        }
    }
    Ok(out)
}

/// Bring a database of protocol 1 to who-sees-what of protocol 2 (the migration that introduced it): every
/// record gets its access columns ([`Links`]), every user an entry in the company directory
/// ([`crate::colleagues`]), and the audience index is built ([`audience::rebuild`]).
pub(crate) async fn migrate_visibility(
    conn: &impl sea_orm::ConnectionTrait,
) -> Result<(), ServerError> {
    const PAGE: u64 = 1000;
    let counter = repo::sync::lock_counter(conn).await?;
    let mut record_seqs = HashMap::new();
    for kind in EntityKind::ALL.into_iter().filter(|k| !k.server_owned()) {
        let mut after: Option<String> = None;
        loop {
            let page =
                repo::sync::records_page(conn, kind.as_str(), after.as_deref(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            after = page.last().map(|r| r.id.clone());
            let mut rows = Vec::with_capacity(page.len());
            for row in page {
                let (stored, seq) = decode(row)?;
                record_seqs.insert((stored.record.entity, stored.record.id), seq);
                rows.push(encode(stored, seq)?);
            }
            repo::sync::upsert_records(conn, rows).await?;
            if !full {
                break;
            }
        }
    }
    let users = repo::users::list(conn).await?;
    let (last, hlc) = crate::colleagues::publish(conn, &counter, &users).await?;
    let mut seqs = Seqs::after(last);
    audience::rebuild(conn, &record_seqs, &mut seqs).await?;
    repo::sync::store_counter(conn, seqs.last(), hlc.as_deref()).await
}

/// The next reading of the server's clock: after its last one, after every clock in `seen`, and not
/// before the wall clock. Server writes made with it win over every write they follow.
pub(crate) fn server_tick<'a>(
    counter: &'a sync_counter::Model,
    seen: impl IntoIterator<Item = &'a str>,
) -> Hlc {
    let previous = counter
        .server_hlc
        .as_deref()
        .into_iter()
        .chain(seen)
        .filter_map(|h| h.parse::<Hlc>().ok())
        .max();
    let next = Hlc::tick(previous.as_ref(), now_ms(), SERVER_NODE);
    if next.counter > fields::MAX_HLC_COUNTER {
        // The counter is printed with 5 digits: move to the next millisecond instead.
        return Hlc {
            wall_ms: next.wall_ms + 1,
            counter: 0,
            node: SERVER_NODE.to_string(),
        };
    }
    next
}
