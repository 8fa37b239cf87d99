//! Login tokens (stored as SHA-256 hashes).

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::ServerError;
use crate::entities::{app_user, auth_token};

pub async fn insert(
    conn: &impl ConnectionTrait,
    row: auth_token::Model,
) -> Result<(), ServerError> {
    auth_token::ActiveModel {
        token_hash: Set(row.token_hash),
        user_id: Set(row.user_id),
        device_id: Set(row.device_id),
        created_at: Set(row.created_at),
        expires_at: Set(row.expires_at),
        last_used_at: Set(row.last_used_at),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The unexpired token with this hash and its user, if any.
pub async fn find_live(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    now: i64,
) -> Result<Option<(auth_token::Model, app_user::Model)>, ServerError> {
    let found = auth_token::Entity::find_by_id(token_hash.to_string())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .find_also_related(app_user::Entity)
        .one(conn)
        .await?;
    Ok(found.and_then(|(token, user)| user.map(|u| (token, u))))
}

/// Record that the token was used, at most once per `granularity_ms` (saves a write per request).
pub async fn touch(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    now: i64,
    granularity_ms: i64,
) -> Result<(), ServerError> {
    auth_token::Entity::update_many()
        .col_expr(auth_token::Column::LastUsedAt, Expr::value(now))
        .filter(auth_token::Column::TokenHash.eq(token_hash))
        .filter(auth_token::Column::LastUsedAt.lt(now - granularity_ms))
        .exec(conn)
        .await?;
    Ok(())
}

/// Revoke every token of a user; returns how many.
pub async fn delete_for_user(
    conn: &impl ConnectionTrait,
    user_id: &str,
) -> Result<u64, ServerError> {
    let res = auth_token::Entity::delete_many()
        .filter(auth_token::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Delete a user's tokens that have expired by `now`; returns how many.
pub async fn delete_expired_for_user(
    conn: &impl ConnectionTrait,
    user_id: &str,
    now: i64,
) -> Result<u64, ServerError> {
    let res = auth_token::Entity::delete_many()
        .filter(auth_token::Column::UserId.eq(user_id))
        .filter(auth_token::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
