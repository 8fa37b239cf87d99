//! Teams.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::is_unique_violation;
use crate::ServerError;
use crate::entities::team;

/// Insert a team; a taken name is [`ServerError::AlreadyExists`].
pub async fn insert(
    conn: &impl ConnectionTrait,
    id: &str,
    name: &str,
    now: i64,
) -> Result<team::Model, ServerError> {
    let row = team::ActiveModel {
        id: Set(id.to_string()),
        name: Set(name.to_string()),
        created_at: Set(now),
    };
    row.insert(conn).await.map_err(|e| {
        if is_unique_violation(&e) {
            ServerError::already_exists("team", name)
        } else {
            e.into()
        }
    })
}

pub async fn by_name(
    conn: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<team::Model>, ServerError> {
    Ok(team::Entity::find()
        .filter(team::Column::Name.eq(name))
        .one(conn)
        .await?)
}

pub async fn by_id(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<team::Model>, ServerError> {
    Ok(team::Entity::find_by_id(id.to_string()).one(conn).await?)
}

/// All teams by name.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<team::Model>, ServerError> {
    Ok(team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(conn)
        .await?)
}
