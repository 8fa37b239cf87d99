//! Opportunities: the list, the page, create and edit, stage moves, the client's answer to a sent quote,
//! quoting from the opportunity, and members.

use tauri::State;
use uuid::Uuid;

use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::opportunity::{
    Member, MemberInput, Opportunity, OpportunityFilter, OpportunityInput, OpportunityPage,
    OpportunityRow, OpportunitySort, QuoteOutcome, StageMove,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteView};
use fieldquote_service::opportunity;
use fieldquote_store::Origin;

use super::CmdResult;
use crate::AppState;

/// One window of the opportunity list, with the count.
#[tauri::command]
#[specta::specta]
pub async fn opportunity_list(
    state: State<'_, AppState>,
    query: ListQuery<OpportunityFilter, OpportunitySort>,
) -> CmdResult<Page<OpportunityRow>> {
    Ok(opportunity::list(&state.store, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn opportunity_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Opportunity> {
    Ok(opportunity::get(&state.store, id).await?)
}

/// Everything about an opportunity now.
#[tauri::command]
#[specta::specta]
pub async fn opportunity_page(state: State<'_, AppState>, id: Uuid) -> CmdResult<OpportunityPage> {
    Ok(opportunity::page(&state.store, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn opportunity_create(
    state: State<'_, AppState>,
    input: OpportunityInput,
) -> CmdResult<Opportunity> {
    Ok(opportunity::create(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn opportunity_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: OpportunityInput,
) -> CmdResult<Opportunity> {
    Ok(opportunity::update(&state.store, id, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn opportunity_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(opportunity::delete(&state.store, id, Origin::Ui).await?)
}

/// Move to another stage (lost needs a reason, won an accepted quote), recorded now.
#[tauri::command]
#[specta::specta]
pub async fn opportunity_move_stage(
    state: State<'_, AppState>,
    id: Uuid,
    mv: StageMove,
) -> CmdResult<Opportunity> {
    Ok(opportunity::move_stage(&state.store, id, &mv, Origin::Ui).await?)
}

/// The client accepted or rejected a sent quote; its opportunity moves with it.
#[tauri::command]
#[specta::specta]
pub async fn quote_mark_outcome(
    state: State<'_, AppState>,
    id: Uuid,
    outcome: QuoteOutcome,
) -> CmdResult<QuoteView> {
    Ok(opportunity::mark_quote(&state.store, id, outcome, Origin::Ui).await?)
}

/// Save a quote draft as one of the opportunity's quotes.
#[tauri::command]
#[specta::specta]
pub async fn opportunity_save_quote(
    state: State<'_, AppState>,
    id: Uuid,
    draft: QuoteDraft,
) -> CmdResult<QuoteView> {
    Ok(opportunity::save_quote(&state.store, id, &draft, Origin::Ui).await?)
}

/// Add a colleague as a member (the explicit share of an opportunity).
#[tauri::command]
#[specta::specta]
pub async fn opportunity_add_member(
    state: State<'_, AppState>,
    input: MemberInput,
) -> CmdResult<Member> {
    Ok(opportunity::add_member(&state.store, &input, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn opportunity_remove_member(
    state: State<'_, AppState>,
    id: Uuid,
    user_id: Uuid,
) -> CmdResult<u32> {
    Ok(opportunity::remove_member(&state.store, id, user_id, Origin::Ui).await?)
}
