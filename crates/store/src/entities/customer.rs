//! Accounts (the client companies a team sells to), stored as `customer`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "customer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
    /// The customer's price list; empty for none (the default list applies).
    pub price_list_id: String,
    pub industry: String,
    /// `small_medium`, `large`, `multinational`; "" when not set.
    pub size_class: String,
    pub region: String,
    /// `trade_show`, `referral`, …; "" when not set.
    pub source: String,
    /// `prospect`, `active`, `dormant`, `lost`; "" reads as `prospect`.
    pub lifecycle: String,
    /// `a`, `b`, `c`; "" when not set.
    pub value_class: String,
    /// A JSON list of strings ("" reads as none).
    pub tags: String,
    pub notes: String,
    pub invoice_title: String,
    pub invoice_bank: String,
    pub invoice_account: String,
    pub invoice_address: String,
    pub invoice_phone: String,
    /// `ordinary` (普票) or `special` (专票); "" when not set.
    pub invoice_type: String,
    /// Derived from the name (pinyin), for sorting; never synced.
    #[serde(skip_serializing)]
    pub sort_key: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::quote::Entity")]
    Quote,
}

impl Related<super::quote::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Quote.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
