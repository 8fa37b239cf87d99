//! Proposals on this laptop: the versions of each opportunity's proposal (`proposal`, synced), read here and
//! written in [`write`]. The rules are the domain's ([`fieldquote_domain::proposal`]); a sent version's
//! document and a signature are blobs in the data directory ([`crate::blobs`]).

mod inputs;
mod write;

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use fieldquote_domain::proposal::{Proposal, ProposalStatus};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::sync::EntityKind;

pub use write::{NewProposal, Signing};

use crate::entities::quote;
use crate::rows::{self, Row};
use crate::{Store, StoreError};

const KIND: EntityKind = EntityKind::Proposal;

/// Which versions to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalFilter {
    pub opportunity_id: Option<Uuid>,
    pub status: Option<ProposalStatus>,
}

fn to_proposal(r: &Row) -> Result<Proposal, StoreError> {
    let fields: BTreeMap<String, serde_json::Value> =
        r.map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(Proposal::from_fields(r.id()?, r.owner_id()?, &fields))
}

/// The quote a proposal of opportunity `opportunity_id` prints: its newest live quote that is not
/// superseded, rejected or expired (a sent or accepted one before a draft).
pub(crate) async fn current_quote(
    conn: &impl ConnectionTrait,
    opportunity_id: Uuid,
) -> Result<Option<Uuid>, StoreError> {
    let quotes = quote::Entity::find()
        .filter(quote::Column::OpportunityId.eq(opportunity_id.to_string()))
        .filter(quote::Column::DeletedAt.is_null())
        .order_by_desc(quote::Column::IssueDate)
        .order_by_desc(quote::Column::Revision)
        .order_by_desc(quote::Column::Id)
        .all(conn)
        .await?;
    let usable = |q: &&quote::Model| {
        !matches!(
            QuoteStatus::parse(&q.status),
            Some(QuoteStatus::Superseded | QuoteStatus::Rejected | QuoteStatus::Expired)
        )
    };
    let given = |q: &&quote::Model| {
        matches!(
            QuoteStatus::parse(&q.status),
            Some(QuoteStatus::Sent | QuoteStatus::Accepted)
        )
    };
    Ok(quotes
        .iter()
        .filter(usable)
        .find(given)
        .or_else(|| quotes.iter().find(usable))
        .and_then(|q| q.id.parse().ok()))
}

impl Store {
    pub async fn get_proposal(&self, id: Uuid) -> Result<Proposal, StoreError> {
        to_proposal(&rows::live(&self.db, KIND, id).await?)
    }

    /// The live versions the filter keeps: by opportunity, newest version first.
    pub async fn list_proposals(
        &self,
        filter: &ProposalFilter,
    ) -> Result<Vec<Proposal>, StoreError> {
        let mut where_sql = "a.deleted_at IS NULL".to_string();
        let mut values = Vec::new();
        if let Some(o) = filter.opportunity_id {
            where_sql.push_str(" AND a.opportunity_id = ?");
            values.push(o.to_string().into());
        }
        if let Some(s) = filter.status {
            where_sql.push_str(" AND a.status = ?");
            values.push(s.as_str().into());
        }
        rows::select(
            &self.db,
            KIND,
            &where_sql,
            values,
            "a.opportunity_id, a.version DESC, a.id",
        )
        .await?
        .iter()
        .map(to_proposal)
        .collect()
    }

    /// The live version whose frozen or signed document has content hash `hash` (what a proposal PDF names
    /// in its metadata), if this laptop has it.
    pub async fn proposal_by_content_hash(
        &self,
        hash: &str,
    ) -> Result<Option<Proposal>, StoreError> {
        let found = rows::select(
            &self.db,
            KIND,
            "a.deleted_at IS NULL AND (a.content_hash = ? OR a.signed_content_hash = ?)",
            vec![hash.into(), hash.into()],
            "a.version DESC, a.id",
        )
        .await?;
        found.first().map(to_proposal).transpose()
    }
}
