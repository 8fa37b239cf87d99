//! Proposals: the opportunity's versions, the editor's saves and live preview, sending and revising, the
//! file, and the client's acceptance and signature on the spot; and the content library they draw from.

use base64::Engine as _;
use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use fieldquote_domain::content::{BlockKind, ContentBlock, ContentBlockInput};
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::proposal::{Proposal, ProposalInput};
use fieldquote_domain::quote::QuoteView;
use fieldquote_service::content;
use fieldquote_service::proposal::{self, ProposalFile, SignInput};
use fieldquote_store::{ContentFilter, Origin};

use super::CmdResult;
use super::settings::decode_file;
use crate::AppState;

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The versions of an opportunity's proposals, newest first.
#[tauri::command]
#[specta::specta]
pub async fn proposal_list(
    state: State<'_, AppState>,
    opportunity_id: Uuid,
) -> CmdResult<Vec<Proposal>> {
    Ok(proposal::list(&state.store, Some(opportunity_id)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn proposal_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<Proposal> {
    Ok(state.store.get_proposal(id).await?)
}

/// Start a proposal for an opportunity from the standard template in `lang`.
#[tauri::command]
#[specta::specta]
pub async fn proposal_create(
    state: State<'_, AppState>,
    opportunity_id: Uuid,
    lang: PdfLanguage,
) -> CmdResult<Proposal> {
    Ok(proposal::create(&state.store, opportunity_id, None, lang, Origin::Ui).await?)
}

/// Save a draft's title, language and sections (the editor saves as the user types).
#[tauri::command]
#[specta::specta]
pub async fn proposal_update(
    state: State<'_, AppState>,
    id: Uuid,
    input: ProposalInput,
) -> CmdResult<Proposal> {
    Ok(proposal::update(&state.store, id, &input, Origin::Ui).await?)
}

/// Copy a library block into a draft as a section, at `position` (else before the terms).
#[tauri::command]
#[specta::specta]
pub async fn proposal_add_block(
    state: State<'_, AppState>,
    id: Uuid,
    block_id: Uuid,
    position: Option<u32>,
) -> CmdResult<Proposal> {
    let position = position.map(|p| p as usize);
    Ok(proposal::add_block(&state.store, id, block_id, position, Origin::Ui).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn proposal_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(proposal::delete(&state.store, id, Origin::Ui).await?)
}

/// Send a draft: frozen as it prints now.
#[tauri::command]
#[specta::specta]
pub async fn proposal_send(state: State<'_, AppState>, id: Uuid) -> CmdResult<Proposal> {
    Ok(proposal::send(&state.store, id, Origin::Ui).await?)
}

/// Revise a sent version: the next version, a draft.
#[tauri::command]
#[specta::specta]
pub async fn proposal_revise(state: State<'_, AppState>, id: Uuid) -> CmdResult<Proposal> {
    Ok(proposal::revise(&state.store, id, Origin::Ui).await?)
}

/// The version's PDF as base64: the live preview (the real PDF, so its page breaks are the file's).
#[tauri::command]
#[specta::specta]
pub async fn proposal_pdf(state: State<'_, AppState>, id: Uuid) -> CmdResult<String> {
    Ok(base64(&proposal::pdf(&state.store, id).await?))
}

/// Write the version's PDF into the app's PDF folder, named by the file name pattern.
#[tauri::command]
#[specta::specta]
pub async fn proposal_save_pdf(state: State<'_, AppState>, id: Uuid) -> CmdResult<ProposalFile> {
    Ok(proposal::write_pdf_to_folder(&state.store, id, &state.pdf_dir()).await?)
}

/// What the client sees before signing, for their choice of optional items.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AcceptanceView {
    /// The PDF without its signature page, as base64.
    pub pdf: String,
    /// Its SHA-256: what the signature page will be stamped with.
    pub sha256: String,
    /// The quote as that choice prices it.
    pub quote: Option<QuoteView>,
}

#[tauri::command]
#[specta::specta]
pub async fn proposal_acceptance(
    state: State<'_, AppState>,
    id: Uuid,
    taken_lines: Vec<Uuid>,
) -> CmdResult<AcceptanceView> {
    let preview = proposal::acceptance_preview(&state.store, id, &taken_lines).await?;
    Ok(AcceptanceView {
        pdf: base64(&preview.pdf),
        sha256: preview.sha256,
        quote: preview.quote,
    })
}

/// The client signs on the spot: their optional items, name, title and signature (a PNG, as base64).
#[tauri::command]
#[specta::specta]
pub async fn proposal_sign(
    state: State<'_, AppState>,
    id: Uuid,
    taken_lines: Vec<Uuid>,
    name: String,
    title: String,
    signature_png: String,
) -> CmdResult<Proposal> {
    let png = decode_file(&signature_png, 2 * 1024 * 1024, "signature")?;
    let input = SignInput {
        taken_lines,
        name,
        title,
        signature_png: png,
    };
    Ok(proposal::sign(&state.store, id, &input, Origin::Ui).await?)
}

/// Keep an image (a PNG or JPEG, as base64) for a proposal's text; returns its SHA-256.
#[tauri::command]
#[specta::specta]
pub async fn proposal_add_image(state: State<'_, AppState>, base64: String) -> CmdResult<String> {
    let bytes = decode_file(&base64, proposal::MAX_IMAGE_BYTES, "image")?;
    Ok(proposal::add_image(&state.store, &bytes)?)
}

/// An image this laptop has, as a `data:` URL to show it (`null` until it arrives).
#[tauri::command]
#[specta::specta]
pub async fn proposal_image(
    state: State<'_, AppState>,
    sha256: String,
) -> CmdResult<Option<String>> {
    Ok(proposal::image(&state.store, &sha256)?.map(|bytes| {
        let mime = if bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else {
            "image/jpeg"
        };
        format!("data:{mime};base64,{}", base64(&bytes))
    }))
}

#[tauri::command]
#[specta::specta]
pub async fn content_get(state: State<'_, AppState>, id: Uuid) -> CmdResult<ContentBlock> {
    Ok(content::get(&state.store, id).await?)
}

/// Save a personal block: a new one (`id` null) or a change.
#[tauri::command]
#[specta::specta]
pub async fn content_save(
    state: State<'_, AppState>,
    id: Option<Uuid>,
    input: ContentBlockInput,
) -> CmdResult<ContentBlock> {
    Ok(match id {
        Some(id) => content::update(&state.store, id, &input, Origin::Ui).await?,
        None => content::create(&state.store, &input, Origin::Ui).await?,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn content_delete(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    Ok(content::delete(&state.store, id, Origin::Ui).await?)
}

/// Blocks of the content library for the picker: of `kind`, with `text` in a title, a body, a tag or the
/// industry.
#[tauri::command]
#[specta::specta]
pub async fn content_list(
    state: State<'_, AppState>,
    kind: Option<BlockKind>,
    text: String,
) -> CmdResult<Vec<ContentBlock>> {
    let filter = ContentFilter {
        kind,
        text: Some(text).filter(|t| !t.trim().is_empty()),
        ..ContentFilter::default()
    };
    Ok(content::list(&state.store, &filter).await?)
}
