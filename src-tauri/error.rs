//! The one error that crosses IPC: a code the UI branches on and translates, an English fallback message, and
//! field errors to show next to inputs.

use fieldquote_domain::FieldError;
use fieldquote_store::StoreError;
use serde::Serialize;

/// What kind of failure, for the UI to choose a message and a reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    Validation,
    NotFound,
    Frozen,
    /// The quote's discounts need a manager's approval before it can be sent.
    ApprovalRequired,
    /// A lifecycle step the quote's status does not allow (revising a draft, approving a sent quote).
    NotAllowed,
    /// Managed on the sync server (the catalog once the device is connected).
    ServerOwned,
    Storage,
    Pdf,
    Io,
    Internal,
    /// The sync server cannot be reached (offline, or it is down).
    Offline,
    /// Not signed in to the sync server, or the sign-in was refused.
    SignedOut,
    /// The sync server needs a newer app.
    UpdateNeeded,
    /// The sync server refused or failed the request.
    Server,
    /// A manager's email or password was not accepted (approval on the spot).
    WrongPassword,
    /// Too many failed password attempts for that email; wait before trying again.
    TooManyAttempts,
    /// Approval on the spot needs the server (to check the manager's password) and it cannot be reached.
    ApprovalNeedsServer,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub code: AppErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn new(code: AppErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::Invalid(fields) => Self {
                code: AppErrorCode::Validation,
                message,
                fields,
            },
            StoreError::NotFound { .. } | StoreError::Ambiguous { .. } => {
                Self::new(AppErrorCode::NotFound, message)
            }
            StoreError::Frozen { .. } => Self::new(AppErrorCode::Frozen, message),
            StoreError::ApprovalRequired { .. } => {
                Self::new(AppErrorCode::ApprovalRequired, message)
            }
            StoreError::NotAllowed { .. } => Self::new(AppErrorCode::NotAllowed, message),
            StoreError::ServerOwned { .. } => Self::new(AppErrorCode::ServerOwned, message),
            StoreError::Domain(_) | StoreError::InvalidRows(_) => {
                Self::new(AppErrorCode::Validation, message)
            }
            StoreError::DataDir { .. } => Self::new(AppErrorCode::Io, message),
            StoreError::Db(_) | StoreError::Corrupt(_) => Self::new(AppErrorCode::Storage, message),
        }
    }
}

impl From<fieldquote_pdf::PdfError> for AppError {
    fn from(e: fieldquote_pdf::PdfError) -> Self {
        Self::new(AppErrorCode::Pdf, e.to_string())
    }
}

impl From<fieldquote_sync::SyncError> for AppError {
    fn from(e: fieldquote_sync::SyncError) -> Self {
        use fieldquote_sync::agent::FailureKind;
        let message = e.to_string();
        match e {
            fieldquote_sync::SyncError::Store(store) => store.into(),
            other => Self::new(
                match other.kind() {
                    FailureKind::Offline => AppErrorCode::Offline,
                    FailureKind::SignedOut => AppErrorCode::SignedOut,
                    FailureKind::UpdateNeeded => AppErrorCode::UpdateNeeded,
                    FailureKind::ServerError | FailureKind::Local => AppErrorCode::Server,
                },
                message,
            ),
        }
    }
}
