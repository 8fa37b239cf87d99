//! The server's copy of every synced record: one row per `(entity, id)`, holding the merged fields with
//! their clocks (a [`fieldquote_domain::sync::Record`]) as JSON, plus the columns that scope and order it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_record")]
pub struct Model {
    /// Entity kind, as [`fieldquote_domain::sync::EntityKind::as_str`] (`customer`, `quote_line`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity: String,
    /// The record's UUID, made by the device that created it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The user who created it (or the system owner, for the catalog and company profile).
    pub owner_id: String,
    /// The owner's team when the record was created; `None` for server-owned records and admins.
    pub team_id: Option<String>,
    /// JSON of `Record::fields`: `{"name": {"value": "…", "hlc": "…"}, "_deleted": {…}}`.
    #[sea_orm(column_type = "Text")]
    pub doc: String,
    /// The latest clock reading of any field.
    pub hlc: String,
    /// Whether the last write deleted it (a tombstone: kept and pulled so devices delete it too).
    pub deleted: bool,
    /// Server sequence number of the last change; unique, and commit order is seq order.
    pub seq: i64,
    /// What decides who sees the record, taken from its own fields (see [`crate::sync::access::Links`]):
    /// the account it belongs to (a customer: itself), the opportunity (an opportunity: itself), the record
    /// it hangs under (a quote line's quote, a checklist item's workstream), and the user it names (a share's
    /// or a member's colleague, a workstream's or a piece of feedback's owner). Indexed, so that a share can
    /// find everything under an account.
    pub link_account: Option<String>,
    pub link_opportunity: Option<String>,
    pub link_parent: Option<String>,
    pub link_user: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
