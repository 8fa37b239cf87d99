//! Blobs: verified blobs, their parts, uploads under way, and which records name which blob.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement, Value,
};

use crate::ServerError;
use crate::entities::{blob, blob_part, blob_ref, blob_upload};
use crate::sync::Key;

const CHUNK: usize = 500;

/// Replace the blobs each record names (`(record, hashes)`; no hashes: it names none now).
pub async fn replace_refs(
    conn: &impl ConnectionTrait,
    refs: &[(Key, Vec<String>)],
) -> Result<(), ServerError> {
    use blob_ref::Column as R;
    for ((kind, id), hashes) in refs {
        blob_ref::Entity::delete_many()
            .filter(R::Entity.eq(kind.as_str()))
            .filter(R::Id.eq(id.to_string()))
            .exec(conn)
            .await?;
        if hashes.is_empty() {
            continue;
        }
        blob_ref::Entity::insert_many(hashes.iter().map(|h| blob_ref::ActiveModel {
            sha256: Set(h.clone()),
            entity: Set(kind.as_str().to_string()),
            id: Set(id.to_string()),
        }))
        .on_conflict(
            OnConflict::columns([R::Sha256, R::Entity, R::Id])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// The verified blob named `sha256`, if the server holds it.
pub async fn blob(
    conn: &impl ConnectionTrait,
    sha256: &str,
) -> Result<Option<blob::Model>, ServerError> {
    Ok(blob::Entity::find_by_id(sha256.to_string())
        .one(conn)
        .await?)
}

/// The verified blobs among `hashes`.
pub async fn blobs_among(
    conn: &impl ConnectionTrait,
    hashes: &[String],
) -> Result<Vec<blob::Model>, ServerError> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(CHUNK) {
        out.extend(
            blob::Entity::find()
                .filter(blob::Column::Sha256.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// The uploads under way among `hashes`.
pub async fn uploads_among(
    conn: &impl ConnectionTrait,
    hashes: &[String],
) -> Result<Vec<blob_upload::Model>, ServerError> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(CHUNK) {
        out.extend(
            blob_upload::Entity::find()
                .filter(blob_upload::Column::Sha256.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// The upload of `sha256` under way, locked until the transaction ends (PostgreSQL; a SQLite write
/// transaction holds the whole database already).
pub async fn upload_for_update(
    conn: &impl ConnectionTrait,
    sha256: &str,
) -> Result<Option<blob_upload::Model>, ServerError> {
    let mut q = blob_upload::Entity::find_by_id(sha256.to_string());
    if conn.get_database_backend() == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.one(conn).await?)
}

/// Start an upload (nothing when one is under way already: then lock and read it again).
pub async fn start_upload(
    conn: &impl ConnectionTrait,
    sha256: &str,
    size: i64,
    now: i64,
) -> Result<(), ServerError> {
    blob_upload::Entity::insert(blob_upload::ActiveModel {
        sha256: Set(sha256.to_string()),
        size: Set(size),
        received: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(blob_upload::Column::Sha256)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Record how much of an upload arrived.
pub async fn set_received(
    conn: &impl ConnectionTrait,
    sha256: &str,
    received: i64,
    now: i64,
) -> Result<(), ServerError> {
    use blob_upload::Column as U;
    blob_upload::Entity::update_many()
        .col_expr(U::Received, received.into())
        .col_expr(U::UpdatedAt, now.into())
        .filter(U::Sha256.eq(sha256))
        .exec(conn)
        .await?;
    Ok(())
}

/// Forget an upload (finished, refused or restarted); with `parts`, its bytes too.
pub async fn drop_upload(
    conn: &impl ConnectionTrait,
    sha256: &str,
    parts: bool,
) -> Result<(), ServerError> {
    blob_upload::Entity::delete_by_id(sha256.to_string())
        .exec(conn)
        .await?;
    if parts {
        blob_part::Entity::delete_many()
            .filter(blob_part::Column::Sha256.eq(sha256))
            .exec(conn)
            .await?;
    }
    Ok(())
}

pub async fn insert_part(
    conn: &impl ConnectionTrait,
    sha256: &str,
    start: i64,
    data: Vec<u8>,
) -> Result<(), ServerError> {
    blob_part::Entity::insert(blob_part::ActiveModel {
        sha256: Set(sha256.to_string()),
        start: Set(start),
        size: Set(i64::try_from(data.len()).unwrap_or(i64::MAX)),
        data: Set(data),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The starts and sizes of a blob's parts, in order (without their bytes).
pub async fn part_spans(
    conn: &impl ConnectionTrait,
    sha256: &str,
) -> Result<Vec<(i64, i64)>, ServerError> {
    use blob_part::Column as P;
    Ok(blob_part::Entity::find()
        .select_only()
        .column(P::Start)
        .column(P::Size)
        .filter(P::Sha256.eq(sha256))
        .order_by_asc(P::Start)
        .into_tuple()
        .all(conn)
        .await?)
}

/// One part of a blob, with its bytes.
pub async fn part(
    conn: &impl ConnectionTrait,
    sha256: &str,
    start: i64,
) -> Result<Option<blob_part::Model>, ServerError> {
    Ok(blob_part::Entity::find_by_id((sha256.to_string(), start))
        .one(conn)
        .await?)
}

pub async fn insert_blob(
    conn: &impl ConnectionTrait,
    sha256: &str,
    size: i64,
    now: i64,
) -> Result<(), ServerError> {
    blob::Entity::insert(blob::ActiveModel {
        sha256: Set(sha256.to_string()),
        size: Set(size),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(blob::Column::Sha256)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Who may read a blob, as a query: everyone for records of `system_kinds` owned by `system_owner`, else
/// the users in a record's audience (`user`), or everyone (`user` `None`: an admin).
pub struct Reader<'a> {
    pub user: Option<&'a str>,
    pub system_owner: &'a str,
    pub system_kinds: &'a [&'a str],
}

/// Whether a live record the reader sees names blob `sha256`.
pub async fn named_by_visible_record(
    conn: &impl ConnectionTrait,
    sha256: &str,
    reader: &Reader<'_>,
) -> Result<bool, ServerError> {
    let backend = conn.get_database_backend();
    let mut values: Vec<Value> = Vec::new();
    let mut param = |v: Value| {
        values.push(v);
        match backend {
            DbBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_string(),
        }
    };
    let hash = param(sha256.into());
    let scope = match reader.user {
        None => "TRUE".to_string(),
        Some(user) => {
            let owner = param(reader.system_owner.into());
            let kinds = reader
                .system_kinds
                .iter()
                .map(|k| param((*k).into()))
                .collect::<Vec<_>>()
                .join(", ");
            let user = param(user.into());
            format!(
                "((s.owner_id = {owner} AND s.entity IN ({kinds})) OR EXISTS (SELECT 1 FROM sync_audience a \
                 WHERE a.entity = r.entity AND a.id = r.id AND a.user_id = {user} AND a.revoked = FALSE))"
            )
        }
    };
    let sql = format!(
        "SELECT 1 AS found FROM blob_ref r JOIN sync_record s ON s.entity = r.entity AND s.id = r.id \
         WHERE r.sha256 = {hash} AND s.deleted = FALSE AND {scope} LIMIT 1"
    );
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(row.is_some())
}
