use fieldquote_domain::Refusal;
use fieldquote_domain::import::RowProblem;
use fieldquote_pdf::PdfError;
use fieldquote_store::StoreError;

/// Why a use case failed. Nothing was written (a PDF file appears whole or not at all).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The local database refused or failed (a refusal carries its reason as data: [`Refusal`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A logo file that cannot be used; nothing was stored.
    #[error(transparent)]
    Logo(PdfError),
    /// The logo kept on this device can no longer be read (a newer app's, a damaged file): set another.
    #[error("the stored logo cannot be used: {0}")]
    StoredLogo(PdfError),
    /// The PDF could not be rendered or saved.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// An import file with problems, every one by row and column; nothing was imported.
    #[error("{}", fieldquote_domain::import::describe_problems(.0))]
    InvalidFile(Vec<RowProblem>),
}

impl ServiceError {
    /// The refusal, when the request was refused for a reason.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            ServiceError::Store(e) => e.refusal(),
            _ => None,
        }
    }
}

impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> Self {
        ServiceError::Store(r.into())
    }
}
