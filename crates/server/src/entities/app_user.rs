//! Someone who may sign in: a rep, a manager (both in one team) or an admin (no team).

use sea_orm::entity::prelude::*;

pub use fieldquote_domain::Role;

/// The `role` column: the domain's [`Role`] (the one type of it, shared with the laptops) stored by its name,
/// `rep`, `manager` or `admin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "StoredRole::from_name",
    to_str = "StoredRole::name"
)]
pub struct StoredRole(pub Role);

impl StoredRole {
    fn from_name(name: &str) -> Result<Self, fieldquote_domain::access::UnknownRole> {
        name.parse().map(StoredRole)
    }

    fn name(&self) -> String {
        self.0.as_str().to_string()
    }
}

/// The API documents a role as `Role`, one of its names.
impl utoipa::PartialSchema for StoredRole {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "What a user may see and do: a rep their own records, a manager the team's, an admin everything.",
            ))
            .enum_values(Some(Role::ALL.map(Role::as_str)))
            .into()
    }
}

impl utoipa::ToSchema for StoredRole {
    fn name() -> std::borrow::Cow<'static, str> {
        "Role".into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Trimmed and lowercased; unique.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub role: StoredRole,
    /// `None` only for admins.
    pub team_id: Option<String>,
    /// Argon2id PHC string (`$argon2id$v=19$m=…`); never the password.
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::team::Entity",
        from = "Column::TeamId",
        to = "super::team::Column::Id"
    )]
    Team,
}

impl Related<super::team::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Team.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
