//! One price of a list: a product from a minimum quantity on (a quantity tier).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "price_list_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub price_list_id: String,
    pub product_id: String,
    /// Exact decimal string, at most three decimals.
    pub min_qty: String,
    /// In the list's currency.
    pub unit_price_minor: i64,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
