//! Quotes. Totals are stored as computed by `domain` when the quote was saved, for lists and reports.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "quote")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(unique)]
    pub number: String,
    pub customer_id: String,
    pub status: String,
    pub currency: String,
    pub issue_date: String,
    pub valid_until: String,
    pub notes: String,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment_terms: String,
    pub delivery_terms: String,
    /// 0 for an original quote.
    pub revision: i32,
    /// The quote this one revises; empty for an original.
    pub revises_id: String,
    /// `""`, `"percent:5"` or `"amount:100.00"` (see `repo::quotes`).
    pub quote_discount: String,
    /// `""` (the device's default), `en`, `zh` or `bilingual`.
    pub pdf_lang: String,
    /// Who approved the discounts (empty: not approved).
    pub approved_by: String,
    pub approved_at: String,
    pub approval_comment: String,
    /// Who asked for approval (the rep's name) and when (RFC 3339); empty unless it waits or waited for one.
    pub approval_requested_by: String,
    pub approval_requested_at: String,
    /// The clock reading of the request an approval was given for (see `repo::approvals`).
    pub approved_request: String,
    /// The opportunity the quote was made for; empty for none.
    pub opportunity_id: String,
    /// When (device time, RFC 3339 with offset) and by whom (the user's name) it was sent, accepted or
    /// rejected; empty until then.
    pub sent_at: String,
    pub sent_by: String,
    pub accepted_at: String,
    pub accepted_by: String,
    pub rejected_at: String,
    pub rejected_by: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub owner_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::customer::Entity",
        from = "Column::CustomerId",
        to = "super::customer::Column::Id"
    )]
    Customer,
    #[sea_orm(has_many = "super::quote_line::Entity")]
    QuoteLine,
}

impl Related<super::customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl Related<super::quote_line::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::QuoteLine.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
