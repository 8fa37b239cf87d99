//! Opportunities: create and edit, the page with everything about a deal, stage moves (lost needs a reason,
//! won an accepted quote), the client's answer to a sent quote (which moves the opportunity), and members.
//! Every stage change is stamped with the device's time at the click.

use uuid::Uuid;

use fieldquote_domain::Refusal;
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::opportunity::{
    Member, MemberInput, Opportunity, OpportunityFilter, OpportunityInput, OpportunityPage,
    OpportunityRow, OpportunitySort, QuoteOutcome, StageMove,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteView};
use fieldquote_domain::refusal::Record;
use fieldquote_store::{Origin, Store, StoreError};

use crate::{ServiceError, clock};

/// One window of the opportunity list, with the count.
pub async fn list(
    store: &Store,
    query: &ListQuery<OpportunityFilter, OpportunitySort>,
) -> Result<Page<OpportunityRow>, ServiceError> {
    Ok(store.list_opportunities(query).await?)
}

pub async fn get(store: &Store, id: Uuid) -> Result<Opportunity, ServiceError> {
    Ok(store.get_opportunity(id).await?)
}

/// An opportunity named by its id or its exact name (how a person names it on the command line).
pub async fn find(store: &Store, key: &str) -> Result<Opportunity, ServiceError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<Uuid>() {
        return get(store, id).await;
    }
    let page = store
        .list_opportunities(&ListQuery::filtered(OpportunityFilter {
            text: key.to_string(),
            ..OpportunityFilter::default()
        }))
        .await?;
    match page.rows.iter().find(|r| r.name == key) {
        Some(r) => get(store, r.id).await,
        None => Err(StoreError::Refused(Refusal::NotFound {
            record: Record::Opportunity,
            key: key.to_string(),
        })
        .into()),
    }
}

/// Everything about an opportunity now: members, stage history, workstreams, needs, quotes, activities and
/// the client's buying process for it.
pub async fn page(store: &Store, id: Uuid) -> Result<OpportunityPage, ServiceError> {
    Ok(store.opportunity_page(id, clock::now()).await?)
}

/// Create an opportunity on a live account; its opening stage is recorded now.
pub async fn create(
    store: &Store,
    input: &OpportunityInput,
    origin: Origin,
) -> Result<Opportunity, ServiceError> {
    Ok(store
        .create_opportunity(input, clock::now(), origin)
        .await?)
}

/// Change its name, value, close date, probability and notes (its stage moves with [`move_stage`]).
pub async fn update(
    store: &Store,
    id: Uuid,
    input: &OpportunityInput,
    origin: Origin,
) -> Result<Opportunity, ServiceError> {
    Ok(store.update_opportunity(id, input, origin).await?)
}

pub async fn delete(store: &Store, id: Uuid, origin: Origin) -> Result<(), ServiceError> {
    Ok(store.delete_opportunity(id, origin).await?)
}

/// Move it to another stage, recorded with who and when. Lost needs a reason (and the competitor when lost
/// to one); won needs one of its quotes accepted.
pub async fn move_stage(
    store: &Store,
    id: Uuid,
    mv: &StageMove,
    origin: Origin,
) -> Result<Opportunity, ServiceError> {
    Ok(store
        .move_opportunity_stage(id, mv, clock::now(), origin)
        .await?)
}

/// The client accepted or rejected a sent quote of the opportunity: the quote records it (when, by whom) and
/// the opportunity moves (accepted: won with that quote).
pub async fn mark_quote(
    store: &Store,
    quote_id: Uuid,
    outcome: QuoteOutcome,
    origin: Origin,
) -> Result<QuoteView, ServiceError> {
    Ok(store
        .mark_quote_outcome(quote_id, outcome, clock::now(), origin)
        .await?)
}

/// Save a quote draft as one of the opportunity's quotes (for its account).
pub async fn save_quote(
    store: &Store,
    opportunity_id: Uuid,
    draft: &QuoteDraft,
    origin: Origin,
) -> Result<QuoteView, ServiceError> {
    Ok(store
        .save_quote_for_opportunity(opportunity_id, draft, origin)
        .await?)
}

/// Add a colleague as a member (the explicit share of an opportunity; again: their role changes).
pub async fn add_member(
    store: &Store,
    input: &MemberInput,
    origin: Origin,
) -> Result<Member, ServiceError> {
    Ok(store.add_opportunity_member(input, origin).await?)
}

/// Take a colleague off the opportunity; how many memberships were withdrawn.
pub async fn remove_member(
    store: &Store,
    opportunity_id: Uuid,
    user_id: Uuid,
    origin: Origin,
) -> Result<u32, ServiceError> {
    Ok(store
        .remove_opportunity_member(opportunity_id, user_id, origin)
        .await?)
}

pub async fn members(store: &Store, opportunity_id: Uuid) -> Result<Vec<Member>, ServiceError> {
    Ok(store.opportunity_members(opportunity_id).await?)
}
