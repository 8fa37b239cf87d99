//! Quote lines. The product's SKU, description, unit, price and tax rate are copied in when the line is added,
//! so a later catalog change never alters a saved quote.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "quote_line")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub quote_id: String,
    pub position: i32,
    pub product_id: String,
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price_minor: i64,
    pub discount_percent: String,
    pub tax_rate: String,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    /// Taken off after the percentage, in the quote's currency.
    pub discount_amount_minor: i64,
    /// 0/1: an option the client may take.
    pub optional: i32,
    /// 0/1: the client took the option.
    pub selected: i32,
    /// `"item"` (`""` from before lines had kinds), `"bundle:sum"`, `"bundle:fixed"` or `"component"`.
    pub kind: String,
    /// The bundle line of a component; empty otherwise.
    pub parent_id: String,
    /// The price list the unit price came from; empty for the product's base price.
    pub price_list_id: String,
    /// That list's version when the line was priced (0 for the base price).
    pub price_list_version: i64,
    /// 0/1: the unit price includes tax (含税价).
    pub tax_inclusive: i32,
    /// The currency the price was given in, when not the quote's; empty otherwise.
    pub source_currency: String,
    /// The price in `source_currency` (0 when not converted); `unit_price_minor` is it converted.
    pub source_unit_price_minor: i64,
    /// The rate `source_currency` → quote currency recorded when the line was priced; empty when not converted.
    pub exchange_rate: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::quote::Entity",
        from = "Column::QuoteId",
        to = "super::quote::Column::Id"
    )]
    Quote,
}

impl Related<super::quote::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Quote.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
