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
    /// A proposal that does not print, naming its section: an unknown placeholder, an empty required
    /// section, a body that is not a document.
    #[error(transparent)]
    Proposal(#[from] fieldquote_domain::proposal::ProposalError),
    /// A proposal PDF that could not be rendered, naming its section for an image.
    #[error(transparent)]
    ProposalPdf(#[from] fieldquote_pdf::proposal::ProposalPdfError),
    /// An image that cannot go into a proposal (not a whole PNG or JPEG, too large); nothing was kept.
    #[error("the image cannot be used: {0}")]
    Image(String),
    /// A blob a record names is not on this laptop yet (it arrives with the next sync).
    #[error("{0} is not on this computer yet: sync to receive it")]
    MissingBlob(String),
    /// A stored blob that cannot be read as what its record says it is.
    #[error("stored blob {sha256} cannot be read: {reason}")]
    CorruptBlob { sha256: String, reason: String },
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
