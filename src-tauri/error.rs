//! The one error that crosses IPC: a code the UI branches on, the reason as data when a request was refused
//! (which the UI words in the user's language), field errors to show next to inputs, and an English message
//! for logs.

use fieldquote_domain::approval::PinRefusal;
use fieldquote_domain::import::RowProblem;
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_domain::{DomainError, FieldError, FieldErrorKind, Refusal};
use fieldquote_service::ServiceError;
use fieldquote_store::StoreError;
use serde::Serialize;

/// Declares [`AppErrorCode`] and its list of every code, so the list the UI checks errors against
/// (`APP_ERROR_CODES` in the bindings) cannot miss one.
macro_rules! app_error_codes {
    ($($(#[doc = $doc:literal])* $code:ident,)*) => {
        /// What kind of failure, for the UI to choose a message and a reaction.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
        #[serde(rename_all = "snake_case")]
        pub enum AppErrorCode {
            $($(#[doc = $doc])* $code,)*
        }

        impl AppErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [AppErrorCode] = &[$(AppErrorCode::$code,)*];
        }
    };
}

app_error_codes! {
    Validation,
    NotFound,
    Frozen,
    /// The quote's discounts need a manager's approval before it can be sent.
    ApprovalRequired,
    /// A step the quote's status (or the signed-in account) does not allow (revising a draft, approving a
    /// sent quote, a rep deciding an approval).
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
    /// An import file with problems (`problems`, by row and column); nothing was imported.
    InvalidFile,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub code: AppErrorCode,
    /// English, for logs; the UI words the error from `code` and `detail`.
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Why the request was refused, as data, when it was (boxed: the error stays small on the happy path).
    pub detail: Option<Box<Refusal>>,
    /// Which rule of the client visit refused a step (a lost opportunity without its reason, say), as data.
    pub rule: Option<Box<RuleRefusal>>,
    /// The problems of a refused import file, by row and column.
    pub problems: Vec<RowProblem>,
}

impl AppError {
    pub fn new(code: AppErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            detail: None,
            rule: None,
            problems: Vec::new(),
        }
    }

    /// An import file refused with its problems.
    fn invalid_file(message: String, problems: Vec<RowProblem>) -> Self {
        Self {
            problems,
            ..Self::new(AppErrorCode::InvalidFile, message)
        }
    }

    /// A refusal, with the code that goes with it.
    fn refused(refusal: Refusal) -> Self {
        let (code, fields) = match &refusal {
            Refusal::NotFound { .. } | Refusal::Ambiguous { .. } => {
                (AppErrorCode::NotFound, vec![])
            }
            Refusal::ServerOwned { .. } => (AppErrorCode::ServerOwned, vec![]),
            Refusal::Frozen { .. } => (AppErrorCode::Frozen, vec![]),
            Refusal::ApprovalRequired { .. } => (AppErrorCode::ApprovalRequired, vec![]),
            Refusal::NotAllowed { .. } | Refusal::AccountSigns { .. } => {
                (AppErrorCode::NotAllowed, vec![])
            }
            // The approver's name is a field of the form.
            Refusal::ApproverNotNamed => (
                AppErrorCode::Validation,
                vec![FieldError::new("approved_by", FieldErrorKind::Required)],
            ),
            Refusal::ManagerPin { reason } => (
                match reason {
                    PinRefusal::Required => AppErrorCode::Validation,
                    PinRefusal::Wrong { .. } => AppErrorCode::WrongPassword,
                    PinRefusal::Locked { .. } => AppErrorCode::TooManyAttempts,
                    PinRefusal::SignedIn { .. } => AppErrorCode::NotAllowed,
                },
                vec![],
            ),
        };
        Self {
            code,
            message: refusal.to_string(),
            fields,
            detail: Some(Box::new(refusal)),
            rule: None,
            problems: Vec::new(),
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
                fields,
                ..Self::new(AppErrorCode::Validation, message)
            },
            StoreError::Refused(refusal) => Self::refused(refusal),
            StoreError::InvalidRows(problems)
            | StoreError::Domain(DomainError::InvalidRows(problems)) => {
                Self::invalid_file(message, problems)
            }
            StoreError::Domain(DomainError::Rule(rule)) => Self {
                rule: Some(Box::new(rule)),
                ..Self::new(AppErrorCode::Validation, message)
            },
            StoreError::Domain(_) => Self::new(AppErrorCode::Validation, message),
            StoreError::DataDir { .. } => Self::new(AppErrorCode::Io, message),
            StoreError::Db(_) | StoreError::Corrupt(_) => Self::new(AppErrorCode::Storage, message),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Store(e) => e.into(),
            ServiceError::Logo(e) => Self::new(AppErrorCode::Validation, e.to_string()),
            e @ (ServiceError::StoredLogo(_)
            | ServiceError::Pdf(_)
            | ServiceError::ProposalPdf(_)) => Self::new(AppErrorCode::Pdf, e.to_string()),
            // A proposal that does not print: the message names the section.
            e @ (ServiceError::Proposal(_) | ServiceError::Image(_)) => {
                Self::new(AppErrorCode::Validation, e.to_string())
            }
            e @ (ServiceError::MissingBlob(_) | ServiceError::CorruptBlob { .. }) => {
                Self::new(AppErrorCode::Storage, e.to_string())
            }
            ServiceError::InvalidFile(problems) => {
                let message = fieldquote_domain::import::describe_problems(&problems);
                Self::invalid_file(message, problems)
            }
        }
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
