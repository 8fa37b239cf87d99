use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use fieldquote_domain::catalog::Product;
use fieldquote_domain::quote::QuoteLineDraft;

use super::CmdResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn product_list(state: State<'_, AppState>, query: String) -> CmdResult<Vec<Product>> {
    Ok(state.store.list_products(&query).await?)
}

/// A draft line to add, with what the editor shows for its product.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PickedLine {
    pub line: QuoteLineDraft,
    pub sku: String,
    pub name: String,
}

/// The lines that add one of a product to a quote: one line, or a bundle line followed by its components
/// (their `parent` counts from the first returned line).
#[tauri::command]
#[specta::specta]
pub async fn quote_lines_for_product(
    state: State<'_, AppState>,
    product_id: Uuid,
) -> CmdResult<Vec<PickedLine>> {
    let lines = state.store.lines_for_product(product_id, "1").await?;
    let mut picked = Vec::with_capacity(lines.len());
    for line in lines {
        let p = state.store.get_product(line.product_id).await?;
        picked.push(PickedLine {
            line,
            sku: p.sku,
            name: p.name,
        });
    }
    Ok(picked)
}

/// The active products a product suggests as options when it is added to a quote.
#[tauri::command]
#[specta::specta]
pub async fn product_accessories(
    state: State<'_, AppState>,
    product_id: Uuid,
) -> CmdResult<Vec<Product>> {
    Ok(state.store.suggested_accessories(product_id).await?)
}
