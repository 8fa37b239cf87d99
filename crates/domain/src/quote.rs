//! Quotes: the status machine ([`QuoteStatus`]), the draft the editor sends ([`QuoteDraft`]), the view the
//! screens, the PDF and `fq` show ([`QuoteView`]), what changed between revisions ([`quote_diff`]) and what
//! re-pricing would change ([`RepricingView`]).

mod diff;
mod draft;
mod repricing;
mod status;
mod view;

pub use diff::{FieldChange, LineChange, LineDiff, QuoteDiff, quote_diff};
pub use draft::{
    PDF_LANGUAGES, QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, QuoteLineKind, ValidQuoteHeader,
};
pub use repricing::{RepricedLineView, RepricingView};
pub use status::QuoteStatus;
pub use view::{
    LinePriceView, PricedLineView, QuoteLineView, QuoteSummary, QuoteTotalsView, QuoteView,
    TaxRateView,
};
