//! A registered device (a laptop's installation) and the quote-number prefix the server gave it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device")]
pub struct Model {
    /// The id the device made for itself at install (as it sent it at login).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Unique across the company, e.g. `LW1`: quote numbers made on the device read `Q-2026-LW1-0042`.
    #[sea_orm(unique)]
    pub quote_prefix: String,
    /// The user who signed in on it most recently.
    pub user_id: String,
    pub registered_at: i64,
    pub last_login_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
