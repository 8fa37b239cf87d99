//! Quotes: the status machine ([`QuoteStatus`]), the draft the editor sends ([`QuoteDraft`]), the view the
//! screens, the PDF and `fq` show ([`QuoteView`]), what changed between revisions ([`quote_diff`]) and what
//! re-pricing would change ([`RepricingView`]); the lifecycle rules of saving, sending and revising
//! ([`status_after_edit`], [`check_send`], [`check_revise`]) and the steps a quote offers ([`QuoteActions`]); how
//! its figures are presented on screen and on the PDF ([`QuoteShown`], [`LineShown`]).

mod actions;
mod diff;
mod draft;
mod lifecycle;
mod list;
mod repricing;
mod shown;
mod status;
mod view;

pub use actions::QuoteActions;

pub use diff::{FieldChange, LineChange, LineDiff, QuoteDiff, quote_diff};
pub use draft::{
    QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, QuoteLineKind, ValidQuoteHeader,
    check_own_discount,
};
pub use lifecycle::{NotAllowed, SendRefusal, check_revise, check_send, status_after_edit};
pub use list::{QuoteFilter, QuoteSort};
pub use repricing::{
    RepricedFigures, RepricedLineView, RepricingView, price_changes, repriced_lines,
};
pub use shown::{
    LineShown, PriceBasis, QuoteShown, TotalsRow, TotalsRowKind, TotalsRowStyle, bundle_of,
};
pub use status::QuoteStatus;
pub use view::{
    LinePriceView, PricedLineView, QuoteLineView, QuoteSummary, QuoteTotalsView, QuoteView,
    TaxRateView, TotalsFigures,
};
