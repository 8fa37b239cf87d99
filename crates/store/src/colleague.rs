//! The company directory the server sends (`colleague`, server-owned): whom a laptop can name, assign work
//! to and share with, offline.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::access::{Colleague, Role};
use fieldquote_domain::sync::EntityKind;

use crate::rows::{self, Row};
use crate::{Store, StoreError};

fn to_colleague(r: &Row) -> Result<Colleague, StoreError> {
    Ok(Colleague {
        id: r.id()?,
        name: r.text("name").into(),
        email: r.text("email").into(),
        team_id: Some(r.text("team_id").to_string()).filter(|t| !t.is_empty()),
        team_name: r.text("team_name").into(),
        role: r.text("role").parse::<Role>().ok(),
        active: r.flag("active"),
    })
}

/// The names of the colleagues among `ids` that the directory holds. (A list, not any iterator: a borrowing
/// iterator held across the reads would keep the callers' futures from being `Send`.)
pub(crate) async fn names(
    conn: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        if let Some(r) = rows::load(conn, EntityKind::Colleague, id).await? {
            out.insert(id, r.text("name").to_string());
        }
    }
    Ok(out)
}

/// A live, active colleague, or a not-found refusal: work is assigned and shared only to them.
pub(crate) async fn require(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Colleague, StoreError> {
    let c = to_colleague(&rows::live(conn, EntityKind::Colleague, id).await?)?;
    if c.active {
        Ok(c)
    } else {
        Err(StoreError::missing(EntityKind::Colleague, id))
    }
}

/// Someone work can be given to in the write `w`: its own user (who may own their feedback and workstreams
/// before any directory reached this laptop), or a live, active colleague.
pub(crate) async fn require_assignee(w: &crate::write::Write, id: Uuid) -> Result<(), StoreError> {
    if w.owner_id == id.to_string() {
        return Ok(());
    }
    require(&w.txn, id).await.map(|_| ())
}

impl Store {
    /// The company directory (active colleagues first), by name in pinyin order.
    pub async fn list_colleagues(&self) -> Result<Vec<Colleague>, StoreError> {
        rows::select(
            &self.db,
            EntityKind::Colleague,
            "a.deleted_at IS NULL",
            vec![],
            "a.active DESC, a.sort_key, a.name, a.id",
        )
        .await?
        .iter()
        .map(to_colleague)
        .collect()
    }
}
