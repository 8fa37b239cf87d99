//! The per-user audience index (`sync_audience`) and the access columns of `sync_record`: reading the
//! [`Node`]s of records without their documents, finding what hangs under an account or an opportunity,
//! and reading and writing audience rows.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::ServerError;
use crate::entities::{sync_audience, sync_record};
use crate::sync::access::{Links, Node};
use fieldquote_domain::sync::EntityKind;

/// Rows per `IN (…)` list or multi-row `INSERT`: far below SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 500;

/// The columns of `sync_record` a [`Node`] is made of.
#[derive(Debug, FromQueryResult)]
struct NodeRow {
    entity: String,
    id: String,
    owner_id: String,
    team_id: Option<String>,
    deleted: bool,
    link_account: Option<String>,
    link_opportunity: Option<String>,
    link_parent: Option<String>,
    link_user: Option<String>,
}

impl NodeRow {
    fn node(self) -> Result<Node, ServerError> {
        let corrupt = |what: &str| {
            ServerError::Corrupt(format!("sync_record {}/{}: {what}", self.entity, self.id))
        };
        let kind = EntityKind::parse(&self.entity).ok_or_else(|| corrupt("unknown entity"))?;
        let id = Uuid::parse_str(&self.id).map_err(|_| corrupt("id is not a UUID"))?;
        let owner = Uuid::parse_str(&self.owner_id).map_err(|_| corrupt("owner is not a UUID"))?;
        let link = |v: &Option<String>| v.as_deref().and_then(|s| Uuid::parse_str(s).ok());
        Ok(Node {
            kind,
            id,
            owner,
            team: self.team_id.clone(),
            deleted: self.deleted,
            links: Links {
                account: link(&self.link_account),
                opportunity: link(&self.link_opportunity),
                parent: link(&self.link_parent),
                user: link(&self.link_user),
            },
        })
    }
}

fn select_nodes() -> sea_orm::Select<sync_record::Entity> {
    use sync_record::Column as R;
    sync_record::Entity::find().select_only().columns([
        R::Entity,
        R::Id,
        R::OwnerId,
        R::TeamId,
        R::Deleted,
        R::LinkAccount,
        R::LinkOpportunity,
        R::LinkParent,
        R::LinkUser,
    ])
}

/// The nodes of the records of `kind` with these ids (those that exist).
pub async fn nodes_by_ids(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    ids: &[String],
) -> Result<Vec<Node>, ServerError> {
    use sync_record::Column as R;
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let rows = select_nodes()
            .filter(R::Entity.eq(kind.as_str()))
            .filter(R::Id.is_in(chunk.iter().cloned()))
            .into_model::<NodeRow>()
            .all(conn)
            .await?;
        for row in rows {
            out.push(row.node()?);
        }
    }
    Ok(out)
}

/// Which link column to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Account,
    Opportunity,
    Parent,
}

/// The nodes of the records whose `link` names one of `ids`, of the given kinds only (all kinds when
/// empty).
pub async fn nodes_linked(
    conn: &impl ConnectionTrait,
    link: Link,
    ids: &[Uuid],
    kinds: &[EntityKind],
) -> Result<Vec<Node>, ServerError> {
    use sync_record::Column as R;
    let column = match link {
        Link::Account => R::LinkAccount,
        Link::Opportunity => R::LinkOpportunity,
        Link::Parent => R::LinkParent,
    };
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut q = select_nodes().filter(column.is_in(chunk.iter().map(Uuid::to_string)));
        if !kinds.is_empty() {
            q = q.filter(R::Entity.is_in(kinds.iter().map(|k| k.as_str())));
        }
        for row in q.into_model::<NodeRow>().all(conn).await? {
            out.push(row.node()?);
        }
    }
    Ok(out)
}

/// The nodes of every record of `kind` whose owner's team was `team`.
pub async fn nodes_of_team(
    conn: &impl ConnectionTrait,
    team: &str,
) -> Result<Vec<Node>, ServerError> {
    use sync_record::Column as R;
    select_nodes()
        .filter(R::TeamId.eq(team))
        .into_model::<NodeRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(NodeRow::node)
        .collect()
}

/// The nodes of every record of one kind, in id order, `limit` after `after` (for rebuilding the index).
pub async fn nodes_page(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<Node>, ServerError> {
    use sea_orm::QueryOrder;
    use sync_record::Column as R;
    let mut q = select_nodes().filter(R::Entity.eq(kind.as_str()));
    if let Some(after) = after {
        q = q.filter(R::Id.gt(after));
    }
    q.order_by_asc(R::Id)
        .limit(limit)
        .into_model::<NodeRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(NodeRow::node)
        .collect()
}

/// The audience rows of the records of `kind` with these ids.
pub async fn rows_of(
    conn: &impl ConnectionTrait,
    kind: EntityKind,
    ids: &[String],
) -> Result<Vec<sync_audience::Model>, ServerError> {
    use sync_audience::Column as A;
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            sync_audience::Entity::find()
                .filter(A::Entity.eq(kind.as_str()))
                .filter(A::Id.is_in(chunk.iter().cloned()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// Insert or replace audience rows (by record and user).
pub async fn upsert(
    conn: &impl ConnectionTrait,
    rows: &[sync_audience::Model],
) -> Result<(), ServerError> {
    use sync_audience::Column as A;
    for chunk in rows.chunks(CHUNK) {
        sync_audience::Entity::insert_many(chunk.iter().cloned().map(|r| {
            sync_audience::ActiveModel {
                entity: Set(r.entity),
                id: Set(r.id),
                user_id: Set(r.user_id),
                seq: Set(r.seq),
                revoked: Set(r.revoked),
            }
        }))
        .on_conflict(
            OnConflict::columns([A::Entity, A::Id, A::UserId])
                .update_columns([A::Seq, A::Revoked])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// Forget every audience row of a user (a disabled user pulls nothing).
pub async fn delete_user(conn: &impl ConnectionTrait, user_id: &str) -> Result<u64, ServerError> {
    let res = sync_audience::Entity::delete_many()
        .filter(sync_audience::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Every audience row of a user (for tests and checks).
pub async fn rows_of_user(
    conn: &impl ConnectionTrait,
    user_id: &str,
) -> Result<Vec<sync_audience::Model>, ServerError> {
    Ok(sync_audience::Entity::find()
        .filter(sync_audience::Column::UserId.eq(user_id))
        .all(conn)
        .await?)
}
