use fieldquote_domain::refusal::Record;
use fieldquote_domain::{DomainError, FieldError, Refusal};

/// Errors of the local database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input did not validate; nothing was written.
    #[error("invalid input: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// A request refused for a reason the front door words for its reader (a record not found, a sent quote,
    /// a step the quote's status does not allow, data the server owns…). Nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// An import file with problems (by row and column); nothing was written.
    #[error("{}", fieldquote_domain::import::describe_problems(.0))]
    InvalidRows(Vec<fieldquote_domain::import::RowProblem>),
    #[error("cannot open the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl StoreError {
    /// No live record of `kind` with `id` (all not-found errors of the client visit's records go through
    /// here).
    pub(crate) fn missing(kind: fieldquote_domain::sync::EntityKind, id: uuid::Uuid) -> Self {
        Self::not_found(Record::of_kind(kind), id)
    }

    pub(crate) fn not_found(record: Record, key: impl ToString) -> Self {
        StoreError::Refused(Refusal::NotFound {
            record,
            key: key.to_string(),
        })
    }

    /// The refusal, when the request was refused for a reason (see [`Refusal`]).
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            StoreError::Refused(r) => Some(r),
            _ => None,
        }
    }
}
