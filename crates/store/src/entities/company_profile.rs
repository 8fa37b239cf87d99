//! The selling company's profile (one live row).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "company_profile")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_id: String,
    pub currency: String,
    /// Discount limits per role from the server, in percent; empty when not set.
    pub rep_discount_limit: String,
    pub manager_discount_limit: String,
    /// Where clients pay; empty when not given.
    pub bank_name: String,
    pub bank_account_name: String,
    pub bank_account_number: String,
    pub bank_branch: String,
    pub bank_swift: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
