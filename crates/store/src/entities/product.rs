//! Catalog products.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "product")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(unique)]
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price_minor: i64,
    pub currency: String,
    /// Percent as an exact decimal string, e.g. `13`.
    pub tax_rate: String,
    pub name_zh: String,
    pub description_zh: String,
    pub category: String,
    /// 0/1: an inactive product is not offered for new quote lines.
    pub active: i32,
    /// `""` (an item), `"sum"` or `"fixed"` (`domain::catalog::ProductKind`).
    pub bundle_pricing: String,
    /// A bundle's components as JSON (`domain::catalog::encode_components`); empty for none.
    pub components: String,
    /// Suggested optional products as a JSON list of ids; empty for none.
    pub accessories: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
