//! Synced records, the changes already applied, and the sequence counter.
//!
//! Writers call [`lock_counter`] first in their transaction; [`crate::sync`] explains why.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement, Value,
};

use crate::ServerError;
use crate::entities::{applied_change, sync_counter, sync_record};

/// Id of the counter's one row.
const COUNTER_ID: i32 = 1;
/// Rows per `IN (…)` list or multi-row `INSERT`: far below SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 500;

/// Lock the counter row until the transaction ends (an `UPDATE` that changes nothing still takes the
/// row lock on PostgreSQL and the write lock on SQLite), then read it.
pub async fn lock_counter(conn: &impl ConnectionTrait) -> Result<sync_counter::Model, ServerError> {
    use sync_counter::Column as C;
    sync_counter::Entity::update_many()
        .col_expr(C::LastSeq, Expr::col(C::LastSeq))
        .filter(C::Id.eq(COUNTER_ID))
        .exec(conn)
        .await?;
    sync_counter::Entity::find_by_id(COUNTER_ID)
        .one(conn)
        .await?
        .ok_or_else(|| ServerError::Corrupt("the sync_counter row is missing".into()))
}

/// Store the counter (the caller holds its lock: see [`lock_counter`]).
pub async fn store_counter(
    conn: &impl ConnectionTrait,
    last_seq: i64,
    server_hlc: Option<&str>,
) -> Result<(), ServerError> {
    use sync_counter::Column as C;
    sync_counter::Entity::update_many()
        .col_expr(C::LastSeq, Expr::value(last_seq))
        .col_expr(C::ServerHlc, Expr::value(server_hlc.map(str::to_string)))
        .filter(C::Id.eq(COUNTER_ID))
        .exec(conn)
        .await?;
    Ok(())
}

/// Which of `user_id`'s `change_ids` were applied before, with the digest recorded for each (`None` for
/// changes applied before digests were recorded).
pub async fn applied_among(
    conn: &impl ConnectionTrait,
    user_id: &str,
    change_ids: &[String],
) -> Result<HashMap<String, Option<String>>, ServerError> {
    let mut found = HashMap::new();
    for chunk in change_ids.chunks(CHUNK) {
        let rows: Vec<(String, Option<String>)> = applied_change::Entity::find()
            .select_only()
            .column(applied_change::Column::ChangeId)
            .column(applied_change::Column::Digest)
            .filter(applied_change::Column::UserId.eq(user_id))
            .filter(applied_change::Column::ChangeId.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Remember changes as applied.
pub async fn insert_applied(
    conn: &impl ConnectionTrait,
    rows: Vec<applied_change::Model>,
) -> Result<(), ServerError> {
    for chunk in rows.chunks(CHUNK) {
        applied_change::Entity::insert_many(chunk.iter().cloned().map(|r| {
            applied_change::ActiveModel {
                change_id: Set(r.change_id),
                user_id: Set(r.user_id),
                entity: Set(r.entity),
                entity_id: Set(r.entity_id),
                digest: Set(r.digest),
                applied_at: Set(r.applied_at),
            }
        }))
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// The stored records of kind `entity` with any of these ids (found through the primary key).
pub async fn records_by_ids(
    conn: &impl ConnectionTrait,
    entity: &str,
    ids: &[String],
) -> Result<Vec<sync_record::Model>, ServerError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            sync_record::Entity::find()
                .filter(sync_record::Column::Entity.eq(entity))
                .filter(sync_record::Column::Id.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// Every stored record of one entity kind, tombstones included.
pub async fn records_of_entity(
    conn: &impl ConnectionTrait,
    entity: &str,
) -> Result<Vec<sync_record::Model>, ServerError> {
    Ok(sync_record::Entity::find()
        .filter(sync_record::Column::Entity.eq(entity))
        .all(conn)
        .await?)
}

/// The stored records of one kind in id order, `limit` after the id `after` (all of a kind, a page at a
/// time).
pub async fn records_page(
    conn: &impl ConnectionTrait,
    entity: &str,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<sync_record::Model>, ServerError> {
    let mut q = sync_record::Entity::find().filter(sync_record::Column::Entity.eq(entity));
    if let Some(after) = after {
        q = q.filter(sync_record::Column::Id.gt(after));
    }
    Ok(q.order_by_asc(sync_record::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// One stored record.
pub async fn record(
    conn: &impl ConnectionTrait,
    entity: &str,
    id: &str,
) -> Result<Option<sync_record::Model>, ServerError> {
    Ok(
        sync_record::Entity::find_by_id((entity.to_string(), id.to_string()))
            .one(conn)
            .await?,
    )
}

/// Insert or replace records (by `(entity, id)`); owner and team never change once set.
pub async fn upsert_records(
    conn: &impl ConnectionTrait,
    rows: Vec<sync_record::Model>,
) -> Result<(), ServerError> {
    use sync_record::Column as R;
    for chunk in rows.chunks(CHUNK) {
        sync_record::Entity::insert_many(chunk.iter().cloned().map(|r| sync_record::ActiveModel {
            entity: Set(r.entity),
            id: Set(r.id),
            owner_id: Set(r.owner_id),
            team_id: Set(r.team_id),
            doc: Set(r.doc),
            hlc: Set(r.hlc),
            deleted: Set(r.deleted),
            seq: Set(r.seq),
            link_account: Set(r.link_account),
            link_opportunity: Set(r.link_opportunity),
            link_parent: Set(r.link_parent),
            link_user: Set(r.link_user),
        }))
        .on_conflict(
            OnConflict::columns([R::Entity, R::Id])
                .update_columns([
                    R::Doc,
                    R::Hlc,
                    R::Deleted,
                    R::Seq,
                    R::LinkAccount,
                    R::LinkOpportunity,
                    R::LinkParent,
                    R::LinkUser,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// Whose records a pull may return.
#[derive(Clone, Debug)]
pub enum Visible<'a> {
    /// Everything (an admin).
    All,
    /// Records of these entity kinds (the server-owned ones, all owned by `kinds_owner`), plus the records in
    /// `user_id`'s audience (see [`crate::sync::audience`]).
    Scoped {
        kinds: &'a [&'a str],
        kinds_owner: &'a str,
        user_id: &'a str,
    },
}

/// One row of a pull: a record, or (`revoked`) the news that the caller no longer sees it, at the position
/// `pos` in the caller's order (the record's seq, or its audience row's).
#[derive(Clone, Debug, FromQueryResult)]
pub struct PullRow {
    pub pos: i64,
    pub revoked: bool,
    pub entity: String,
    pub id: String,
    pub owner_id: String,
    pub team_id: Option<String>,
    pub doc: String,
}

/// Visible records (and revocations) at positions after `after`, in order, at most `limit`.
///
/// A scoped pull reads two index ranges, each in order and each stopped after `limit` rows: `(owner_id,
/// seq)` of the system's records for the server-owned kinds, and the caller's `(user_id, seq)` range of the
/// audience index, joined to the records by primary key. (Written as one `WHERE seq > ? AND (… OR …)`,
/// SQLite would collect every visible record after the cursor and sort them, for every page: a first sync
/// of N records would read O(N²) rows.) The ranges are merged here, by position; they are read by one
/// statement, so from one snapshot: they cannot disagree about which writes committed.
pub async fn records_after(
    conn: &impl ConnectionTrait,
    visible: &Visible<'_>,
    after: i64,
    limit: u64,
) -> Result<Vec<PullRow>, ServerError> {
    const COLUMNS: &str = "entity, id, owner_id, team_id, doc";
    let backend = conn.get_database_backend();
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Placeholders are numbered on PostgreSQL, positional on SQLite: values go in the order of the text.
    let mut values: Vec<Value> = Vec::new();
    let mut param = |v: Value| {
        values.push(v);
        match backend {
            DbBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_string(),
        }
    };
    // `column = value AND seq > after`, in the form each planner walks the (column, seq) index with from the
    // cursor on. PostgreSQL plans a prepared statement once for any values, and then prefers the seq index
    // with a filter: for the catalog's range that reads every later record, every page. A row comparison
    // bounded above, ordered by (column, seq), only that index serves. SQLite picks the index for the plain
    // form, but not for the row comparison.
    let range = |column: &str, seq: &str, value: &str, after: &str| match backend {
        DbBackend::Postgres => {
            format!("({column}, {seq}) > ({value}, {after}) AND {column} <= {value}")
        }
        _ => format!("{column} = {value} AND {seq} > {after}"),
    };
    let sql = match visible {
        Visible::All => {
            let after = param(after.into());
            let limit = param(limit.into());
            format!(
                "SELECT seq AS pos, FALSE AS revoked, {COLUMNS} FROM sync_record WHERE seq > {after} \
                 ORDER BY seq LIMIT {limit}"
            )
        }
        Visible::Scoped {
            kinds,
            kinds_owner,
            user_id,
        } => {
            let owner = param((*kinds_owner).into());
            let owner_after = param(after.into());
            let kinds = kinds
                .iter()
                .map(|k| param((*k).into()))
                .collect::<Vec<_>>()
                .join(", ");
            let owner_limit = param(limit.into());
            let user = param((*user_id).into());
            let user_after = param(after.into());
            let user_limit = param(limit.into());
            format!(
                "SELECT * FROM (SELECT seq AS pos, FALSE AS revoked, {COLUMNS} FROM sync_record \
                 WHERE {} AND entity IN ({kinds}) ORDER BY owner_id, seq LIMIT {owner_limit}) AS r0 \
                 UNION ALL \
                 SELECT * FROM (SELECT a.seq AS pos, a.revoked AS revoked, r.entity, r.id, r.owner_id, \
                 r.team_id, r.doc FROM sync_audience a JOIN sync_record r ON r.entity = a.entity AND r.id = a.id \
                 WHERE {} ORDER BY a.user_id, a.seq LIMIT {user_limit}) AS r1",
                range("owner_id", "seq", &owner, &owner_after),
                range("a.user_id", "a.seq", &user, &user_after),
            )
        }
    };
    let mut rows = PullRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(conn)
        .await?;
    rows.sort_unstable_by_key(|r| r.pos);
    Ok(rows)
}

/// Every stored seq, ascending (for tests and consistency checks).
pub async fn all_seqs(conn: &impl ConnectionTrait) -> Result<Vec<i64>, ServerError> {
    Ok(sync_record::Entity::find()
        .select_only()
        .column(sync_record::Column::Seq)
        .order_by_asc(sync_record::Column::Seq)
        .into_tuple()
        .all(conn)
        .await?)
}
