//! Synced records, the changes already applied, and the sequence counter.
//!
//! Writers call [`lock_counter`] first in their transaction; [`crate::sync`] explains why.

use std::collections::HashSet;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
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

/// Which of `change_ids` were applied before.
pub async fn applied_among(
    conn: &impl ConnectionTrait,
    change_ids: &[String],
) -> Result<HashSet<String>, ServerError> {
    let mut found = HashSet::new();
    for chunk in change_ids.chunks(CHUNK) {
        let rows: Vec<String> = applied_change::Entity::find()
            .select_only()
            .column(applied_change::Column::ChangeId)
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
                applied_at: Set(r.applied_at),
            }
        }))
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// The stored records with any of these ids (of any entity kind).
pub async fn records_by_ids(
    conn: &impl ConnectionTrait,
    ids: &[String],
) -> Result<Vec<sync_record::Model>, ServerError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            sync_record::Entity::find()
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
    /// Records of these entity kinds (the server-owned ones), plus those owned by `owner_id`, plus,
    /// with a team, those of `team_id`.
    Scoped {
        kinds: &'a [&'a str],
        owner_id: &'a str,
        team_id: Option<&'a str>,
    },
}

/// Visible records with `seq > after`, in seq order, at most `limit`.
pub async fn records_after(
    conn: &impl ConnectionTrait,
    visible: &Visible<'_>,
    after: i64,
    limit: u64,
) -> Result<Vec<sync_record::Model>, ServerError> {
    use sync_record::Column as R;
    let mut query = sync_record::Entity::find().filter(R::Seq.gt(after));
    if let Visible::Scoped {
        kinds,
        owner_id,
        team_id,
    } = visible
    {
        let mut scope = Condition::any()
            .add(R::Entity.is_in(kinds.iter().copied()))
            .add(R::OwnerId.eq(*owner_id));
        if let Some(team) = team_id {
            scope = scope.add(R::TeamId.eq(*team));
        }
        query = query.filter(scope);
    }
    Ok(query.order_by_asc(R::Seq).limit(limit).all(conn).await?)
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
