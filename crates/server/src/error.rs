//! Errors of the server's library: database, validation and account rules. The HTTP layer maps them
//! once into [`crate::http::ApiError`]; the admin commands print them.

/// Everything that can go wrong below the HTTP layer.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Input that breaks a rule (empty name, short password, unknown role…); nothing was written.
    #[error("{0}")]
    Invalid(String),
    #[error("{entity} not found: {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("{entity} already exists: {key}")]
    AlreadyExists { entity: &'static str, key: String },
    /// Wrong email or password (deliberately not saying which).
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("this account is disabled")]
    AccountDisabled,
    /// Too many failed logins for this email; try again after this many seconds.
    #[error("too many failed sign-in attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The caller (or the manager named) may not do this; the message says why.
    #[error("{0}")]
    Forbidden(String),
    /// The record is not in a state that allows this (a quote no longer waiting for approval…).
    #[error("{0}")]
    StateConflict(String),
    /// The bearer token is missing, unknown, expired, or its user is gone or disabled.
    #[error("not signed in, or the session has expired")]
    Unauthorized,
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedDatabaseUrl(String),
    #[error("cannot create the directory for {path}: {source}")]
    DatabaseDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot create {path} or make it private to this user: {source}")]
    DatabaseFile {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("random number generator failed: {0}")]
    Random(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// A push with more changes than one batch may hold; nothing was applied.
    #[error("a batch holds at most {max} changes; this one has {got}: split it")]
    BatchTooLarge { max: usize, got: usize },
    /// A blob larger than the server takes; nothing was read.
    #[error("a blob may be at most {max} bytes; this one is {size}")]
    BlobTooLarge { size: u64, max: u64 },
    /// An uploaded blob whose bytes do not hash to the name they were sent under: dropped, nothing stored.
    #[error(
        "the bytes uploaded as blob {expected} have SHA-256 {actual}: refused, nothing was stored"
    )]
    HashMismatch { expected: String, actual: String },
    /// A part of an upload that does not continue what arrived: `received` bytes of `size` are there.
    #[error("{reason}")]
    UploadOffset {
        received: u64,
        size: u64,
        reason: String,
    },
    /// A `Range` past the end of a blob of `size` bytes.
    #[error("the range asked for is past the end of the blob ({size} bytes)")]
    RangeNotSatisfiable { size: u64 },
    /// An import file with problems (every one listed, with row and column); nothing was written.
    #[error("{}", crate::catalog::describe_problems(.0))]
    InvalidRows(Vec<crate::catalog::RowProblem>),
}

impl ServerError {
    pub(crate) fn not_found(entity: &'static str, key: impl ToString) -> Self {
        ServerError::NotFound {
            entity,
            key: key.to_string(),
        }
    }

    pub(crate) fn already_exists(entity: &'static str, key: impl ToString) -> Self {
        ServerError::AlreadyExists {
            entity,
            key: key.to_string(),
        }
    }
}
