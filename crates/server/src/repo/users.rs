//! Users.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::is_unique_violation;
use crate::ServerError;
use crate::entities::app_user;

/// Insert a user; a taken email is [`ServerError::AlreadyExists`].
pub async fn insert(
    conn: &impl ConnectionTrait,
    user: app_user::Model,
) -> Result<app_user::Model, ServerError> {
    let email = user.email.clone();
    app_user::ActiveModel {
        id: Set(user.id),
        email: Set(user.email),
        name: Set(user.name),
        role: Set(user.role),
        team_id: Set(user.team_id),
        password_hash: Set(user.password_hash),
        disabled: Set(user.disabled),
        created_at: Set(user.created_at),
    }
    .insert(conn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ServerError::already_exists("user", email)
        } else {
            e.into()
        }
    })
}

/// The user with this (already normalised) email.
pub async fn by_email(
    conn: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<app_user::Model>, ServerError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(conn)
        .await?)
}

pub async fn by_id(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<app_user::Model>, ServerError> {
    Ok(app_user::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?)
}

/// All users by email.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<app_user::Model>, ServerError> {
    Ok(app_user::Entity::find()
        .order_by_asc(app_user::Column::Email)
        .all(conn)
        .await?)
}

/// Set the `disabled` flag; returns how many rows changed (0 when no such user).
pub async fn set_disabled(
    conn: &impl ConnectionTrait,
    id: &str,
    disabled: bool,
) -> Result<u64, ServerError> {
    let res = app_user::Entity::update_many()
        .col_expr(
            app_user::Column::Disabled,
            sea_orm::sea_query::Expr::value(disabled),
        )
        .filter(app_user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
