use fieldquote_domain::{DomainError, FieldError};

/// Errors of the local database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input did not validate; nothing was written.
    #[error("invalid input: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("{entity} not found: {key}")]
    NotFound { entity: &'static str, key: String },
    /// A number names more than one record (quotes numbered on different laptops before those were
    /// registered with the server).
    #[error(
        "{count} {entity}s are numbered {key}: they were numbered on different laptops before those were connected to the server; pick one from the list"
    )]
    Ambiguous {
        entity: &'static str,
        key: String,
        count: usize,
    },
    /// Data that belongs to the server this device is connected to (the catalog, the company profile).
    #[error(
        "the {what} {verb} managed on the server {server}: ask an admin to change {them} there (fieldquote-server import {command} FILE.csv); changes reach this computer with the next sync",
        verb = if what.ends_with('s') { "are" } else { "is" },
        them = if what.ends_with('s') { "them" } else { "it" },
        command = if what.contains("price") { "pricelist" } else { "products" }
    )]
    ServerOwned { what: &'static str, server: String },
    /// An import file with problems (by row and column); nothing was written.
    #[error("{}", fieldquote_domain::import::describe_problems(.0))]
    InvalidRows(Vec<fieldquote_domain::import::RowProblem>),
    /// A sent quote cannot change.
    #[error("quote {number} has been sent and can no longer be changed")]
    Frozen { number: String },
    /// A quote whose discounts exceed the limit cannot be sent before a manager approved it.
    #[error(
        "{number} needs a manager's approval before it can be sent: its largest discount is {max_discount} % and the limit is {limit} %"
    )]
    ApprovalRequired {
        number: String,
        max_discount: String,
        limit: String,
    },
    /// A lifecycle step the quote's status does not allow (revising a draft, approving a sent quote…).
    #[error("quote {number} is {status}: {reason}")]
    NotAllowed {
        number: String,
        status: &'static str,
        reason: String,
    },
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
        let entity = match kind {
            fieldquote_domain::sync::EntityKind::Customer => "account",
            other => other.as_str(),
        };
        Self::not_found(entity, id)
    }

    pub(crate) fn not_found(entity: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            entity,
            key: key.to_string(),
        }
    }
}
