use serde::Serialize;
use tauri::State;

use fieldquote_domain::company::CompanyProfile;

use super::CmdResult;
use crate::AppState;

/// Where this installation keeps its data.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub data_dir: String,
    pub db_path: String,
    pub pdf_dir: String,
    pub version: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        data_dir: state.data_dir.display().to_string(),
        db_path: state.store.path().display().to_string(),
        pdf_dir: state.pdf_dir().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn company_get(state: State<'_, AppState>) -> CmdResult<CompanyProfile> {
    Ok(state.store.company_or_default().await?)
}
