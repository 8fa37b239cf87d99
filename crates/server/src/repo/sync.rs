//! Synced records, the changes already applied, and the sequence counter.
//!
//! Writers call [`lock_counter`] first in their transaction; [`crate::sync`] explains why.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement, Value,
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
        }))
        .on_conflict(
            OnConflict::columns([R::Entity, R::Id])
                .update_columns([R::Doc, R::Hlc, R::Deleted, R::Seq])
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
    /// Records of these entity kinds (the server-owned ones, all owned by `kinds_owner`), plus those owned
    /// by `owner_id`, plus, with a team, those of `team_id`.
    Scoped {
        kinds: &'a [&'a str],
        kinds_owner: &'a str,
        owner_id: &'a str,
        team_id: Option<&'a str>,
    },
}

/// Visible records with `seq > after`, in seq order, at most `limit`.
///
/// A scoped pull reads up to three index ranges, each in seq order: `(owner_id, seq)` for the server-owned
/// records and for the caller's own, `(team_id, seq)` for the team's. Each range stops after `limit` rows,
/// so a page costs about `limit` rows per range however many records follow the cursor. (Written as one
/// `WHERE seq > ? AND (… OR …)`, SQLite collects every visible record after the cursor and sorts them,
/// for every page: a first sync of N records then reads O(N²) rows.) The ranges are merged here, by seq
/// (a manager's own records are the team's too); they are read by one statement, so from one snapshot:
/// they cannot disagree about which writes committed.
pub async fn records_after(
    conn: &impl ConnectionTrait,
    visible: &Visible<'_>,
    after: i64,
    limit: u64,
) -> Result<Vec<sync_record::Model>, ServerError> {
    use sync_record::Column as R;
    let Visible::Scoped {
        kinds,
        kinds_owner,
        owner_id,
        team_id,
    } = visible
    else {
        return Ok(sync_record::Entity::find()
            .filter(R::Seq.gt(after))
            .order_by_asc(R::Seq)
            .limit(limit)
            .all(conn)
            .await?);
    };
    const COLUMNS: &str = "entity, id, owner_id, team_id, doc, hlc, deleted, seq";
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
    let mut ranges = vec![("owner_id", (*kinds_owner).to_string(), Some(*kinds))];
    ranges.push(("owner_id", (*owner_id).to_string(), None));
    if let Some(team) = team_id {
        ranges.push(("team_id", (*team).to_string(), None));
    }
    let mut branches = Vec::new();
    for (i, (column, value, kinds)) in ranges.into_iter().enumerate() {
        let value = param(value.into());
        let after = param(after.into());
        // `column = value AND seq > after`, in the form each planner walks the (column, seq) index with
        // from the cursor on. PostgreSQL plans a prepared statement once for any values, and then prefers
        // the seq index with a filter: for the catalog's range that reads every later record, every page.
        // A row comparison bounded above, ordered by (column, seq), only that index serves. SQLite picks
        // the index for the plain form, but not for the row comparison.
        let mut range = match backend {
            DbBackend::Postgres => {
                format!("({column}, seq) > ({value}, {after}) AND {column} <= {value}")
            }
            _ => format!("{column} = {value} AND seq > {after}"),
        };
        if let Some(kinds) = kinds {
            let kinds = kinds
                .iter()
                .map(|k| param((*k).into()))
                .collect::<Vec<_>>()
                .join(", ");
            range.push_str(&format!(" AND entity IN ({kinds})"));
        }
        branches.push(format!(
            "SELECT * FROM (SELECT {COLUMNS} FROM sync_record WHERE {range} \
             ORDER BY {column}, seq LIMIT {}) AS r{i}",
            param(limit.into())
        ));
    }
    let sql = branches.join(" UNION ALL ");
    let mut rows = sync_record::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(conn)
        .await?;
    rows.sort_unstable_by_key(|r| r.seq);
    rows.dedup_by_key(|r| r.seq);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
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
