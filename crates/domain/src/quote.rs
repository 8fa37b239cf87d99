//! Quotes: the status machine ([`QuoteStatus`]), the draft the editor sends ([`QuoteDraft`]), the view the
//! screens, the PDF and `fq` show ([`QuoteView`]), what changed between revisions ([`quote_diff`]) and what
//! re-pricing would change ([`RepricingView`]); the lifecycle rules of saving, sending and revising
//! ([`status_after_edit`], [`check_send`], [`check_revise`]) and the steps a quote offers ([`QuoteActions`]).

mod actions;
mod diff;
mod draft;
mod lifecycle;
mod list;
mod repricing;
mod status;
mod view;

pub use actions::QuoteActions;

pub use diff::{FieldChange, LineChange, LineDiff, QuoteDiff, quote_diff};
pub use draft::{
    PDF_LANGUAGES, QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, QuoteLineKind, ValidQuoteHeader,
    check_own_discount,
};
pub use lifecycle::{NotAllowed, SendRefusal, check_revise, check_send, status_after_edit};
pub use list::{QuoteFilter, QuoteSort};
pub use repricing::{RepricedLineView, RepricingView, price_changes, repriced_lines};
pub use status::QuoteStatus;
pub use view::{
    LinePriceView, PricedLineView, QuoteLineView, QuoteSummary, QuoteTotalsView, QuoteView,
    TaxRateView,
};
