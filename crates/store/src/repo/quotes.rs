//! Quotes: drafting, pricing, approval, sending and revisions.
//!
//! **Totals.** Every amount comes from `domain::pricing::price`, fed from the recorded line inputs (quantity,
//! unit price and tax rate as recorded when the line was added, discounts, option flags) and the quote
//! discount. A save stores what that function returned (per line and the quote's totals, for lists and
//! reports); every view prices the recorded inputs again, so the editor, the database, the PDF and `fq` show
//! the same numbers.
//!
//! **Lifecycle** (`domain::quote`): a save decides approval. When a line's effective discount is above the
//! user's limit ([`Store::discount_limit`]: the signed-in role's limit from the server, else the device's
//! setting, 15 % unless set), the saved quote waits for approval
//! (`pending_approval`); otherwise it is a `draft`. Editing a quote that waits for or has approval takes it
//! back through draft (the approval is void) and decides again; saving it unchanged writes nothing. Only a
//! draft within the limit or an approved quote can be sent; a sent quote is frozen ([`StoreError::Frozen`]) and
//! changes by [`Store::revise_quote`], which makes a new draft numbered `…-R1`, `…-R2` and supersedes the old
//! one. Past its valid-until date a sent quote shows as expired (`shown_status`) without being rewritten.
//!
//! **Bundles.** A draft line is an item, a bundle (its product is a bundle; the bundle's pricing, sum of its
//! components or fixed, is recorded on the line) or a component naming its bundle line by index. The tree is
//! checked before pricing — a component follows a bundle line, bundles do not nest, a sum bundle takes no
//! discount of its own — and each problem is a field error on that line; a component of a line with errors
//! is not priced. Stored, a component's `parent_id` is its bundle line's row id.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement, TryIntoModel,
};
use uuid::Uuid;

use fieldquote_domain::approval::{ApprovalView, DiscountReviewView};
use fieldquote_domain::approval::{DiscountReview, review_discounts};
use fieldquote_domain::catalog::ProductKind;
use fieldquote_domain::customer::Customer;
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::numbering::{QuoteNumber, quote_number};
use fieldquote_domain::price_list::{BasePrice, PriceSource, resolve_price};
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricedLine, PricedTotals, PricingInput, PricingLine,
    QuoteDiscount, price,
};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{
    LinePriceView, QuoteDiscountDraft, QuoteDraft, QuoteLineDraft, QuoteLineKind, QuoteLineView,
    QuoteSummary, QuoteTotalsView, QuoteView, RepricedLineView, RepricingView,
};
use fieldquote_domain::quote::{QuoteDiff, quote_diff};
use fieldquote_domain::validation::{self, MAX_NAME, MAX_TEXT, Percent, Quantity};
use fieldquote_domain::{Currency, DomainError, FieldError, FieldErrorKind, Money};

use super::customers::to_customer;
use super::price_lists;
use super::{like, like_pattern, parse_id};
use crate::entities::{customer, device, product, quote, quote_line};
use crate::{Origin, Store, StoreError};

/// Days a new quote (or a new revision) stays valid.
pub const DEFAULT_VALIDITY_DAYS: i64 = 30;

/// Everything a line's price and description come from, resolved from the draft or the stored row.
struct LineSource {
    id: Option<Uuid>,
    product_id: Uuid,
    sku: String,
    description: String,
    unit: String,
    pricing: PricingLine,
    /// Where `pricing.unit_price` came from.
    source: PriceSource,
    /// The source list's name, for the view (empty for the base price).
    list_name: String,
}

/// A draft's header texts, or a stored quote's.
struct HeaderText {
    notes: String,
    payment_terms: String,
    delivery_terms: String,
    pdf_lang: String,
    /// `None`: keep the stored date (a new quote: the default validity).
    valid_until: Option<NaiveDate>,
}

/// The price lists a draft's new lines are priced from.
struct Lists {
    customer: Option<crate::entities::price_list::Model>,
    default: Option<crate::entities::price_list::Model>,
    /// Every list's name by id.
    names: HashMap<String, String>,
}

/// A draft resolved against the database.
struct Resolved {
    customer: Option<Customer>,
    text: HeaderText,
    quote_discount: QuoteDiscount,
    /// `None` where the line has errors.
    lines: Vec<Option<LineSource>>,
    errors: Vec<FieldError>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} is invalid: {value:?}"))
}

fn parse_currency(raw: &str) -> Result<Currency, StoreError> {
    raw.parse().map_err(|()| corrupt("currency", raw))
}

fn parse_status(raw: &str) -> Result<QuoteStatus, StoreError> {
    QuoteStatus::parse(raw).ok_or_else(|| corrupt("status", raw))
}

fn parse_day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

fn day_string(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The status shown on `today` for a stored status and valid-until date.
fn shown_status(status: QuoteStatus, valid_until: &str, today: NaiveDate) -> QuoteStatus {
    match parse_day(valid_until) {
        Some(until) => status.shown_on(until, today),
        None => status,
    }
}

/// The stored form of a quote discount: `""`, `"percent:5"`, `"amount:100.00"`.
fn encode_discount(d: QuoteDiscount) -> String {
    match d {
        QuoteDiscount::None => String::new(),
        QuoteDiscount::Percent(p) => format!("percent:{p}"),
        QuoteDiscount::Amount(a) => format!("amount:{}", a.amount_string()),
    }
}

fn decode_discount(raw: &str, currency: Currency) -> Result<QuoteDiscount, StoreError> {
    let bad = || corrupt("quote discount", raw);
    match raw.split_once(':') {
        None if raw.is_empty() => Ok(QuoteDiscount::None),
        Some(("percent", v)) => Percent::parse("quote_discount", v)
            .map(QuoteDiscount::Percent)
            .map_err(|_| bad()),
        Some(("amount", v)) => validation::price("quote_discount", v, currency)
            .map(QuoteDiscount::Amount)
            .map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// The stored form of a line's kind.
fn kind_code(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Item => "item",
        LineKind::Bundle(BundlePricing::SumOfComponents) => "bundle:sum",
        LineKind::Bundle(BundlePricing::Fixed) => "bundle:fixed",
        LineKind::Component { .. } => "component",
    }
}

/// A stored line's kind; a component's parent is `parent` (its bundle line's index among the quote's lines),
/// and a component whose bundle line is gone (deleted on another device) is priced as an item.
fn parse_kind(m: &quote_line::Model, parent: Option<usize>) -> Result<LineKind, StoreError> {
    match m.kind.as_str() {
        "" | "item" => Ok(LineKind::Item),
        "bundle:sum" => Ok(LineKind::Bundle(BundlePricing::SumOfComponents)),
        "bundle:fixed" => Ok(LineKind::Bundle(BundlePricing::Fixed)),
        "component" => Ok(parent.map_or(LineKind::Item, |parent| LineKind::Component { parent })),
        other => Err(StoreError::Corrupt(format!(
            "line {} is a {other:?}: this version of Fieldquote does not know that kind of line; please update",
            m.id
        ))),
    }
}

fn stored_line(
    m: &quote_line::Model,
    currency: Currency,
    names: &HashMap<String, String>,
    parent: Option<usize>,
) -> Result<LineSource, StoreError> {
    let discount_amount = (m.discount_amount_minor != 0)
        .then(|| Money::from_minor(m.discount_amount_minor, currency));
    // A converted price is priced again from the price in its currency and the rate recorded with it.
    let (unit_price, exchange_rate) = match m.source_currency.as_str() {
        "" => (Money::from_minor(m.unit_price_minor, currency), None),
        code => {
            let from = parse_currency(code)?;
            if from == currency {
                (Money::from_minor(m.unit_price_minor, currency), None)
            } else {
                let rate = ExchangeRate::parse("exchange_rate", from, currency, &m.exchange_rate)
                    .map_err(|_| corrupt("exchange rate", &m.exchange_rate))?;
                (
                    Money::from_minor(m.source_unit_price_minor, from),
                    Some(rate),
                )
            }
        }
    };
    let source = if m.price_list_id.is_empty() {
        PriceSource::BasePrice
    } else {
        PriceSource::PriceList {
            list_id: parse_id(&m.price_list_id)?,
            version: u32::try_from(m.price_list_version)
                .map_err(|_| corrupt("price list version", &m.price_list_version.to_string()))?,
        }
    };
    Ok(LineSource {
        id: Some(parse_id(&m.id)?),
        product_id: parse_id(&m.product_id)?,
        sku: m.sku.clone(),
        description: m.description.clone(),
        unit: m.unit.clone(),
        source,
        list_name: names.get(&m.price_list_id).cloned().unwrap_or_default(),
        pricing: PricingLine {
            exchange_rate,
            tax_inclusive: m.tax_inclusive != 0,
            kind: parse_kind(m, parent)?,
            inclusion: if m.optional != 0 {
                LineInclusion::Optional {
                    selected: m.selected != 0,
                }
            } else {
                LineInclusion::Always
            },
            discount_percent: Percent::parse("discount", &m.discount_percent)
                .map_err(|_| corrupt("discount", &m.discount_percent))?,
            discount_amount,
            ..PricingLine::new(
                Quantity::parse("quantity", &m.quantity)
                    .map_err(|_| corrupt("quantity", &m.quantity))?,
                unit_price,
                Percent::parse("tax_rate", &m.tax_rate)
                    .map_err(|_| corrupt("tax rate", &m.tax_rate))?,
            )
        },
    })
}

/// Stored lines (in position order) as line sources, each component pointing at its bundle line's index.
fn stored_lines(
    rows: &[quote_line::Model],
    currency: Currency,
    names: &HashMap<String, String>,
) -> Result<Vec<LineSource>, StoreError> {
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, m)| {
            let parent = index
                .get(m.parent_id.as_str())
                .copied()
                .filter(|&p| p < i && rows[p].kind.starts_with("bundle"));
            stored_line(m, currency, names, parent)
        })
        .collect()
}

/// How a line shows its place in the tree.
fn line_kind_view(kind: LineKind) -> (QuoteLineKind, &'static str, u32) {
    match kind {
        LineKind::Item => (QuoteLineKind::Item, "", 0),
        LineKind::Bundle(BundlePricing::SumOfComponents) => (QuoteLineKind::Bundle, "sum", 0),
        LineKind::Bundle(BundlePricing::Fixed) => (QuoteLineKind::Bundle, "fixed", 0),
        LineKind::Component { .. } => (QuoteLineKind::Component, "", 1),
    }
}

/// Header fields of a view that do not come from the draft.
struct Header {
    id: Option<Uuid>,
    number: Option<String>,
    status: QuoteStatus,
    currency: Currency,
    issue_date: String,
    valid_until: String,
    revision: u32,
    revises_id: Option<Uuid>,
    revises_number: Option<String>,
    approval: Option<ApprovalView>,
}

fn new_header(currency: Currency) -> Header {
    let today = today();
    Header {
        id: None,
        number: None,
        status: QuoteStatus::Draft,
        currency,
        issue_date: day_string(today),
        valid_until: day_string(today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS)),
        revision: 0,
        revises_id: None,
        revises_number: None,
        approval: None,
    }
}

fn approval_of(q: &quote::Model) -> Option<ApprovalView> {
    (!q.approved_by.is_empty() || !q.approval_comment.is_empty()).then(|| ApprovalView {
        approved: !q.approved_by.is_empty(),
        approved_by: q.approved_by.clone(),
        approved_at: q.approved_at.clone(),
        comment: q.approval_comment.clone(),
    })
}

fn stored_header(q: &quote::Model) -> Result<Header, StoreError> {
    Ok(Header {
        id: Some(parse_id(&q.id)?),
        number: Some(q.number.clone()),
        status: parse_status(&q.status)?,
        currency: parse_currency(&q.currency)?,
        issue_date: q.issue_date.clone(),
        valid_until: q.valid_until.clone(),
        revision: u32::try_from(q.revision)
            .map_err(|_| corrupt("revision", &q.revision.to_string()))?,
        revises_id: match q.revises_id.as_str() {
            "" => None,
            id => Some(parse_id(id)?),
        },
        revises_number: None,
        approval: approval_of(q),
    })
}

/// A priced quote: the view, and what the save stores.
struct Priced {
    view: QuoteView,
    /// Per draft line; `None` for lines with errors.
    lines: Vec<Option<PricedLine>>,
    totals: PricedTotals,
    review: DiscountReview,
}

/// Point a field error of the valid lines (`lines[i]…`, `i` among the priced lines) at the draft's line.
fn remap_line_field(e: FieldError, positions: &[usize]) -> FieldError {
    let Some(rest) = e.field.strip_prefix("lines[") else {
        return e;
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return e;
    };
    match index.parse::<usize>().ok().and_then(|i| positions.get(i)) {
        Some(at) => FieldError::new(format!("lines[{at}]{tail}"), e.kind),
        None => e,
    }
}

/// Price the valid lines with `domain` and build the view. Invalid lines show without amounts. A quote
/// discount the lines cannot carry is an error on `quote_discount`, and the quote is priced without it.
fn assemble(
    h: Header,
    mut r: Resolved,
    limit: Percent,
    today: NaiveDate,
) -> Result<Priced, StoreError> {
    // A component whose bundle line has errors is not priced either (the bundle's error says why).
    for i in 0..r.lines.len() {
        if let Some(LineKind::Component { parent }) = r.lines[i].as_ref().map(|l| l.pricing.kind)
            && r.lines.get(parent).is_none_or(Option::is_none)
        {
            r.lines[i] = None;
        }
    }
    let positions: Vec<usize> = r
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_some())
        .map(|(i, _)| i)
        .collect();
    let mut input = PricingInput {
        currency: h.currency,
        lines: r
            .lines
            .iter()
            .flatten()
            .map(|l| match l.pricing.kind {
                // Among the priced lines, the bundle's index is where its draft index sits in `positions`.
                LineKind::Component { parent } => PricingLine {
                    kind: LineKind::Component {
                        parent: positions.binary_search(&parent).unwrap_or(parent),
                    },
                    ..l.pricing
                },
                _ => l.pricing,
            })
            .collect(),
        quote_discount: r.quote_discount,
    };
    let priced = match price(&input) {
        Ok(p) => p,
        Err(DomainError::Invalid(errors)) if input.quote_discount != QuoteDiscount::None => {
            r.errors
                .extend(errors.into_iter().map(|e| remap_line_field(e, &positions)));
            input.quote_discount = QuoteDiscount::None;
            price(&input)?
        }
        Err(e) => return Err(e.into()),
    };
    let mut review = review_discounts(&input, &priced, limit)?;
    review.lines_over_limit = review
        .lines_over_limit
        .iter()
        .filter_map(|&i| positions.get(i).copied())
        .collect();

    // Keep the draft's order and show invalid lines too, without amounts, so indices match the editor.
    let mut amounts = priced.lines.iter();
    let mut views = Vec::with_capacity(r.lines.len());
    let mut per_line = Vec::with_capacity(r.lines.len());
    for line in &r.lines {
        let Some(line) = line else {
            views.push(QuoteLineView::default());
            per_line.push(None);
            continue;
        };
        let a = amounts
            .next()
            .ok_or_else(|| StoreError::Corrupt("pricing lost a line".into()))?;
        per_line.push(Some(*a));
        let p = &line.pricing;
        let (optional, selected) = match p.inclusion {
            LineInclusion::Always => (false, false),
            LineInclusion::Optional { selected } => (true, selected),
        };
        let (kind, bundle_pricing, depth) = line_kind_view(p.kind);
        let parent = match p.kind {
            LineKind::Component { parent } => u32::try_from(parent).ok(),
            _ => None,
        };
        views.push(QuoteLineView {
            id: line.id,
            product_id: line.product_id,
            sku: line.sku.clone(),
            description: line.description.clone(),
            unit: line.unit.clone(),
            quantity: p.quantity.to_string(),
            unit_price: a.unit_price.amount_string(),
            discount_percent: p.discount_percent.to_string(),
            discount_amount: p
                .discount_amount
                .unwrap_or(Money::zero(h.currency))
                .amount_string(),
            optional,
            selected,
            tax_rate: p.tax_rate.to_string(),
            list_amount: a.list_amount.amount_string(),
            amount: a.amount.amount_string(),
            quote_discount_share: a.quote_discount_share.amount_string(),
            net: a.net.amount_string(),
            tax: a.tax.amount_string(),
            gross: a.gross.amount_string(),
            counts_in_totals: a.counts_in_totals,
            price: LinePriceView {
                source: line.source,
                price_list_name: line.list_name.clone(),
                tax_inclusive: p.tax_inclusive,
                source_currency: p.unit_price.currency().to_string(),
                source_unit_price: p.unit_price.amount_string(),
                exchange_rate: p
                    .exchange_rate
                    .map(|r| r.rate().normalize().to_string())
                    .unwrap_or_default(),
            },
            kind,
            bundle_pricing: bundle_pricing.to_string(),
            parent,
            depth,
        });
    }
    let totals = QuoteTotalsView::from(&priced.totals);
    let view = QuoteView {
        id: h.id,
        number: h.number,
        status: h.status,
        shown_status: shown_status(h.status, &h.valid_until, today),
        customer: r.customer,
        currency: h.currency,
        issue_date: h.issue_date,
        valid_until: match r.text.valid_until {
            Some(d) => day_string(d),
            None => h.valid_until,
        },
        notes: r.text.notes,
        payment_terms: r.text.payment_terms,
        delivery_terms: r.text.delivery_terms,
        pdf_lang: r.text.pdf_lang,
        revision: h.revision,
        revises_id: h.revises_id,
        revises_number: h.revises_number,
        quote_discount: QuoteDiscountDraft::from(input.quote_discount),
        lines: views,
        subtotal: totals.subtotal.clone(),
        tax: totals.tax.clone(),
        total: totals.total.clone(),
        totals,
        discount_review: DiscountReviewView::from(&review),
        approval: h.approval,
        errors: r.errors,
    };
    Ok(Priced {
        view,
        lines: per_line,
        totals: priced.totals,
        review,
    })
}

/// A percentage for a sentence: `20`, `15.5`.
fn percent_text(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

fn status_words(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Draft => "a draft",
        QuoteStatus::PendingApproval => "waiting for approval",
        QuoteStatus::Approved => "approved",
        QuoteStatus::Sent => "sent",
        QuoteStatus::Accepted => "accepted",
        QuoteStatus::Rejected => "rejected",
        QuoteStatus::Expired => "expired",
        QuoteStatus::Superseded => "superseded by a newer revision",
    }
}

pub(crate) fn not_allowed(q: &quote::Model, status: QuoteStatus, reason: &str) -> StoreError {
    StoreError::NotAllowed {
        number: q.number.clone(),
        status: status_words(status),
        reason: reason.to_string(),
    }
}

fn approval_required(q: &quote::Model, review: &DiscountReview) -> StoreError {
    StoreError::ApprovalRequired {
        number: q.number.clone(),
        max_discount: percent_text(review.max_line_discount),
        limit: percent_text(review.limit.value()),
    }
}

/// Who asks for approval and when, for a quote saved with this review: empty when it needs none.
fn request_of(review: &DiscountReview, requester: &str) -> (String, String) {
    if review.needs_approval {
        (
            requester.to_string(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
    } else {
        (String::new(), String::new())
    }
}

/// What the Approvals list shows of a stored quote's pricing.
pub(crate) struct StoredReview {
    pub currency: Currency,
    pub total: String,
    pub max_discount: String,
}

/// The status a quote takes when its content is saved.
fn status_after_edit(review: &DiscountReview) -> QuoteStatus {
    if review.needs_approval {
        QuoteStatus::PendingApproval
    } else {
        QuoteStatus::Draft
    }
}

impl Store {
    /// The device's own discount limit (`fq settings discount-limit`;
    /// [`fieldquote_domain::approval::DEFAULT_DISCOUNT_LIMIT`] unless set). A signed-in device uses its role's
    /// limit from the server when there is one ([`Store::discount_limit`]).
    pub async fn local_discount_limit(&self) -> Result<Percent, StoreError> {
        let d = self.device().await?;
        Percent::parse("discount_limit", &d.discount_limit)
            .map_err(|_| corrupt("discount limit", &d.discount_limit))
    }

    /// Set this device user's discount limit (a local setting; later the server assigns it with the role).
    /// Quotes already saved keep their status; the limit applies from their next save or send.
    pub async fn set_discount_limit(&self, limit: Percent) -> Result<(), StoreError> {
        // Only this column: the row also holds the clock, which concurrent writes advance.
        device::Entity::update_many()
            .col_expr(
                device::Column::DiscountLimit,
                Expr::value(limit.to_string()),
            )
            .filter(device::Column::Id.eq(1))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Resolve a draft: customer, products and recorded prices, collecting every field error.
    ///
    /// A line saved before keeps the price it was recorded with, unless its product or quantity changed or
    /// it is in `reprice`: then it is priced again for `quote_date` (see [`Self::price_line`]).
    async fn resolve(
        &self,
        conn: &impl ConnectionTrait,
        draft: &QuoteDraft,
        currency: Currency,
        quote_date: NaiveDate,
        existing_lines: &HashMap<Uuid, quote_line::Model>,
        reprice: &HashSet<Uuid>,
    ) -> Result<Resolved, StoreError> {
        let mut errors = Vec::new();
        let (customer_id, text) = match draft.validate_header() {
            Ok(h) => (
                Some(h.customer_id),
                HeaderText {
                    notes: h.notes,
                    payment_terms: h.payment_terms,
                    delivery_terms: h.delivery_terms,
                    pdf_lang: h.pdf_lang,
                    valid_until: h.valid_until,
                },
            ),
            Err(e) => {
                errors.extend(e);
                let cut = |s: &str| s.chars().take(MAX_TEXT).collect::<String>();
                (
                    draft.customer_id,
                    HeaderText {
                        notes: cut(&draft.notes),
                        payment_terms: cut(&draft.payment_terms),
                        delivery_terms: cut(&draft.delivery_terms),
                        pdf_lang: String::new(),
                        valid_until: fieldquote_domain::validation::date(
                            "valid_until",
                            &draft.valid_until,
                        )
                        .ok()
                        .flatten(),
                    },
                )
            }
        };
        let quote_discount = match draft.quote_discount.parse(currency) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                QuoteDiscount::None
            }
        };
        let mut customer_list = None;
        let customer = match customer_id {
            Some(id) => match self.customer_row(conn, id).await {
                Ok(m) => {
                    customer_list = price_lists::list_row(conn, &m.price_list_id).await?;
                    Some(to_customer(m)?)
                }
                Err(StoreError::NotFound { .. }) => {
                    errors.push(FieldError::new("customer_id", FieldErrorKind::NotFound));
                    None
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        let lists = Lists {
            customer: customer_list,
            default: price_lists::default_list_row(conn).await?,
            names: price_lists::list_names(conn).await?,
        };
        let mut lines = Vec::with_capacity(draft.lines.len());
        for (i, l) in draft.lines.iter().enumerate() {
            let parsed = match l.parse(i) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            };
            let discount_amount = match l.parse_discount_amount(i, currency) {
                Ok(a) => Some(a),
                Err(e) => {
                    errors.push(e);
                    None
                }
            };
            // A saved line keeps the price and text it was recorded with while its product stays the same
            // and it is not being re-priced. A quantity change moves along the tiers of the list the line
            // was priced from, while that list is still at the version the line recorded (see `retier`);
            // with no tier there for the new quantity the line is priced again; otherwise (base price, a list
            // changed since) the price stays as recorded and re-pricing shows what today's lists give.
            let recorded =
                l.id.and_then(|id| existing_lines.get(&id))
                    .filter(|m| m.product_id == l.product_id.to_string());
            let kind = match self.line_kind(conn, i, &draft.lines, recorded).await? {
                Ok(kind) => Some(kind),
                Err(e) => {
                    errors.push(e);
                    None
                }
            };
            // A bundle priced as the sum of its components takes no discount of its own.
            let bundle_discount =
                matches!(kind, Some(LineKind::Bundle(BundlePricing::SumOfComponents)))
                    && parsed
                        .as_ref()
                        .is_some_and(|(_, discount)| *discount != Percent::ZERO)
                    || matches!(
                        (kind, &discount_amount),
                        (
                            Some(LineKind::Bundle(BundlePricing::SumOfComponents)),
                            Some(Some(_))
                        )
                    );
            if bundle_discount {
                errors.push(FieldError::new(
                    format!("lines[{i}].discount_percent"),
                    FieldErrorKind::BundleDiscount,
                ));
            }
            // The line as the draft has it, once its price is known.
            let finish =
                |source: Option<LineSource>| match (&parsed, &discount_amount, source, kind) {
                    _ if bundle_discount => None,
                    (Some((quantity, discount)), Some(amount), Some(mut s), Some(kind)) => {
                        s.pricing.kind = kind;
                        s.pricing.quantity = *quantity;
                        s.pricing.discount_percent = *discount;
                        s.pricing.discount_amount = *amount;
                        s.pricing.inclusion = l.inclusion();
                        Some(s)
                    }
                    _ => None,
                };
            let quantity = parsed.as_ref().map(|(q, _)| *q);
            let keep = recorded.filter(|_| !l.id.is_some_and(|id| reprice.contains(&id)));
            // Priced again: a line the draft does not have yet, a re-priced one, and a saved one whose new
            // quantity has no tier in the list (still at its recorded version) it was priced from.
            let mut saved = match keep {
                Some(m) => {
                    let mut line = stored_line(m, currency, &lists.names, None)?;
                    let retiered = match quantity.filter(|q| m.quantity != q.to_string()) {
                        Some(q) => retier(conn, &mut line, q).await?,
                        None => Retier::Kept,
                    };
                    if retiered != Retier::NoTier {
                        lines.push(finish(Some(line)));
                        continue;
                    }
                    Some(line)
                }
                None => match recorded {
                    Some(m) => Some(stored_line(m, currency, &lists.names, None)?),
                    None => None,
                },
            };
            let one = Quantity::parse("quantity", "1").map_err(|_| corrupt("quantity", "1"))?;
            let fresh = self
                .price_line(
                    conn,
                    i,
                    l.product_id,
                    quantity.unwrap_or(one),
                    quote_date,
                    currency,
                    &lists,
                    saved.as_ref().and_then(|s| s.pricing.exchange_rate),
                )
                .await?;
            let source = match fresh {
                // A saved line keeps its id, texts and tax rate: only its price changes.
                Ok(fresh) => Some(match saved.take() {
                    Some(mut line) => {
                        line.pricing.unit_price = fresh.pricing.unit_price;
                        line.pricing.exchange_rate = fresh.pricing.exchange_rate;
                        line.pricing.tax_inclusive = fresh.pricing.tax_inclusive;
                        line.source = fresh.source;
                        line.list_name = fresh.list_name;
                        line
                    }
                    None => fresh,
                }),
                // A saved line whose product left the catalog (or is no longer offered) keeps what it
                // recorded.
                Err(e)
                    if saved.is_some()
                        && matches!(
                            e.kind,
                            FieldErrorKind::NotFound | FieldErrorKind::Inactive
                        ) =>
                {
                    saved.take()
                }
                Err(e) => {
                    errors.push(e);
                    None
                }
            };
            lines.push(finish(source));
        }
        Ok(Resolved {
            customer,
            text,
            quote_discount,
            lines,
            errors,
        })
    }

    /// Price a line of `product_id` at `quantity` on a quote dated `quote_date`: the customer's list, else the
    /// company's default list, else the product's base price (`domain::price_list::resolve_price`). A price
    /// in another currency is converted at `kept_rate` (the rate the line recorded before, for a line whose
    /// quantity changed) or else this device's rate for the pair; with none, the line is refused with an
    /// error on `lines[i].product_id` naming the pair.
    #[allow(clippy::too_many_arguments)]
    async fn price_line(
        &self,
        conn: &impl ConnectionTrait,
        i: usize,
        product_id: Uuid,
        quantity: Quantity,
        quote_date: NaiveDate,
        currency: Currency,
        lists: &Lists,
        kept_rate: Option<ExchangeRate>,
    ) -> Result<Result<LineSource, FieldError>, StoreError> {
        let field = format!("lines[{i}].product_id");
        let Some(p) = self.product_row(conn, product_id).await? else {
            return Ok(Err(FieldError::new(field, FieldErrorKind::NotFound)));
        };
        if p.active == 0 {
            return Ok(Err(FieldError::new(field, FieldErrorKind::Inactive)));
        }
        let pc = parse_currency(&p.currency)?;
        let only = [product_id];
        let customer_list = match &lists.customer {
            Some(m) => Some(price_lists::load_price_list(conn, m, Some(&only)).await?),
            None => None,
        };
        let default_list = match &lists.default {
            Some(m) => Some(price_lists::load_price_list(conn, m, Some(&only)).await?),
            None => None,
        };
        let resolved = resolve_price(
            product_id,
            quantity,
            quote_date,
            customer_list.as_ref(),
            default_list.as_ref(),
            BasePrice {
                unit_price: Money::from_minor(p.unit_price_minor, pc),
                tax_inclusive: false,
            },
        );
        let from = resolved.unit_price.currency();
        let exchange_rate = if from == currency {
            None
        } else {
            match kept_rate.filter(|r| r.from() == from && r.to() == currency) {
                Some(r) => Some(r),
                None => match price_lists::exchange_rate_for(conn, from, currency).await? {
                    Some(r) => Some(r),
                    None => {
                        return Ok(Err(FieldError::new(
                            field,
                            FieldErrorKind::MissingExchangeRate {
                                from: from.to_string(),
                                to: currency.to_string(),
                            },
                        )));
                    }
                },
            }
        };
        let list_name = match resolved.source {
            PriceSource::PriceList { list_id, .. } => lists
                .names
                .get(&list_id.to_string())
                .cloned()
                .unwrap_or_default(),
            PriceSource::BasePrice => String::new(),
        };
        Ok(Ok(LineSource {
            id: None,
            product_id,
            sku: p.sku,
            description: if p.description.is_empty() {
                p.name
            } else {
                format!("{} — {}", p.name, p.description)
            },
            unit: p.unit,
            source: resolved.source,
            list_name,
            pricing: PricingLine {
                exchange_rate,
                tax_inclusive: resolved.tax_inclusive,
                ..PricingLine::new(
                    quantity,
                    resolved.unit_price,
                    Percent::parse("tax_rate", &p.tax_rate)
                        .map_err(|_| corrupt("tax rate", &p.tax_rate))?,
                )
            },
        }))
    }

    /// Where draft line `i` sits in the line tree: a bundle line's pricing comes from its recorded line, else
    /// from its product; a component needs a bundle line before it and may not be a bundle itself.
    async fn line_kind(
        &self,
        conn: &impl ConnectionTrait,
        i: usize,
        lines: &[QuoteLineDraft],
        recorded: Option<&quote_line::Model>,
    ) -> Result<Result<LineKind, FieldError>, StoreError> {
        let l = &lines[i];
        let error =
            |field: &str, kind| Ok(Err(FieldError::new(format!("lines[{i}].{field}"), kind)));
        let catalog_kind = |row: Option<product::Model>| {
            row.map(|p| ProductKind::parse(&p.bundle_pricing).unwrap_or_default())
        };
        match l.kind {
            // A bundle product on a new plain line would be priced at its own (for a sum bundle, empty) price.
            QuoteLineKind::Item
                if recorded.is_none()
                    && catalog_kind(self.product_row(conn, l.product_id).await?)
                        .is_some_and(ProductKind::is_bundle) =>
            {
                error("product_id", FieldErrorKind::IsABundle)
            }
            QuoteLineKind::Item => Ok(Ok(LineKind::Item)),
            QuoteLineKind::Bundle if l.parent.is_some() => {
                error("parent", FieldErrorKind::NestedBundle)
            }
            QuoteLineKind::Bundle => {
                let kind = match recorded.map(|m| m.kind.as_str()) {
                    Some("bundle:sum") => ProductKind::Bundle(BundlePricing::SumOfComponents),
                    Some("bundle:fixed") => ProductKind::Bundle(BundlePricing::Fixed),
                    _ => match catalog_kind(self.product_row(conn, l.product_id).await?) {
                        Some(kind) => kind,
                        // The missing product is reported on `product_id` already.
                        None => return Ok(Ok(LineKind::Item)),
                    },
                };
                match kind {
                    ProductKind::Bundle(pricing) => Ok(Ok(LineKind::Bundle(pricing))),
                    ProductKind::Item => error("product_id", FieldErrorKind::NotABundle),
                }
            }
            QuoteLineKind::Component => {
                let parent = l
                    .parent
                    .and_then(|p| usize::try_from(p).ok())
                    .filter(|&p| p < i && lines[p].kind == QuoteLineKind::Bundle);
                let Some(parent) = parent else {
                    return error("parent", FieldErrorKind::ComponentWithoutBundle);
                };
                if recorded.is_none()
                    && catalog_kind(self.product_row(conn, l.product_id).await?)
                        .is_some_and(ProductKind::is_bundle)
                {
                    return error("product_id", FieldErrorKind::NestedBundle);
                }
                Ok(Ok(LineKind::Component { parent }))
            }
        }
    }

    async fn quote_row(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
    ) -> Result<quote::Model, StoreError> {
        quote::Entity::find_by_id(id.to_string())
            .filter(quote::Column::DeletedAt.is_null())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found("quote", id))
    }

    async fn line_rows(
        &self,
        conn: &impl ConnectionTrait,
        quote_id: &str,
    ) -> Result<Vec<quote_line::Model>, StoreError> {
        Ok(quote_line::Entity::find()
            .filter(quote_line::Column::QuoteId.eq(quote_id))
            .filter(quote_line::Column::DeletedAt.is_null())
            .order_by_asc(quote_line::Column::Position)
            .all(conn)
            .await?)
    }

    /// A stored quote's header, with the number of the quote it revises.
    async fn header_of(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<Header, StoreError> {
        let mut header = stored_header(q)?;
        if let Some(id) = header.revises_id {
            header.revises_number = quote::Entity::find_by_id(id.to_string())
                .one(conn)
                .await?
                .map(|r| r.number);
        }
        Ok(header)
    }

    /// A stored quote resolved from its rows (no draft involved).
    async fn stored_quote(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<(Header, Resolved), StoreError> {
        let header = self.header_of(conn, q).await?;
        let customer = customer::Entity::find_by_id(q.customer_id.clone())
            .one(conn)
            .await?
            .map(to_customer)
            .transpose()?;
        let names = price_lists::list_names(conn).await?;
        let rows = self.line_rows(conn, &q.id).await?;
        let lines = stored_lines(&rows, header.currency, &names)?
            .into_iter()
            .map(Some)
            .collect();
        let resolved = Resolved {
            customer,
            text: HeaderText {
                notes: q.notes.clone(),
                payment_terms: q.payment_terms.clone(),
                delivery_terms: q.delivery_terms.clone(),
                pdf_lang: q.pdf_lang.clone(),
                valid_until: None,
            },
            quote_discount: decode_discount(&q.quote_discount, header.currency)?,
            lines,
            errors: Vec::new(),
        };
        Ok((header, resolved))
    }

    /// Price a stored quote as it is.
    async fn priced_stored(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<Priced, StoreError> {
        let (header, resolved) = self.stored_quote(conn, q).await?;
        assemble(header, resolved, self.discount_limit().await?, today())
    }

    /// A stored quote's currency, total and largest line discount.
    pub(crate) async fn stored_review(&self, q: &quote::Model) -> Result<StoredReview, StoreError> {
        let priced = self.priced_stored(&self.db, q).await?;
        Ok(StoredReview {
            currency: priced.view.currency,
            total: priced.view.totals.total.clone(),
            max_discount: percent_text(priced.review.max_line_discount),
        })
    }

    /// Price a draft without saving it: the editor's live totals. Problems come back in `errors`.
    pub async fn preview_quote(&self, draft: &QuoteDraft) -> Result<QuoteView, StoreError> {
        let (header, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&self.db, id).await?;
                let lines = self.line_rows(&self.db, &q.id).await?;
                (self.header_of(&self.db, &q).await?, index_lines(lines)?)
            }
            None => (
                new_header(self.company_or_default().await?.currency),
                HashMap::new(),
            ),
        };
        let resolved = self
            .resolve(
                &self.db,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                &HashSet::new(),
            )
            .await?;
        Ok(assemble(header, resolved, self.discount_limit().await?, today())?.view)
    }

    /// Save a draft (new or existing) in one transaction. Invalid input writes nothing.
    ///
    /// The saved quote is a `draft`, or `pending_approval` when its discounts exceed the limit. A quote waiting
    /// for or holding approval that is edited loses the approval and is decided again; a sent quote is
    /// [`StoreError::Frozen`].
    pub async fn save_quote(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        self.save_quote_repricing(draft, origin, &HashSet::new())
            .await
    }

    /// [`Self::save_quote`], pricing the saved lines in `reprice` again from the current price lists.
    async fn save_quote_repricing(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
        reprice: &HashSet<Uuid>,
    ) -> Result<QuoteView, StoreError> {
        let company_currency = self.company_or_default().await?.currency;
        let limit = self.discount_limit().await?;
        let requester = self.requester().await?;
        let w = self.begin_write(origin).await?;
        let (mut header, existing_row, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&w.txn, id).await?;
                let status = parse_status(&q.status)?;
                if !matches!(
                    status,
                    QuoteStatus::Draft | QuoteStatus::PendingApproval | QuoteStatus::Approved
                ) {
                    return Err(StoreError::Frozen { number: q.number });
                }
                let lines = self.line_rows(&w.txn, &q.id).await?;
                (stored_header(&q)?, Some(q), index_lines(lines)?)
            }
            None => (new_header(company_currency), None, HashMap::new()),
        };
        let resolved = self
            .resolve(
                &w.txn,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                reprice,
            )
            .await?;
        let customer_id = resolved.customer.as_ref().map(|c| c.id.to_string());
        #[allow(clippy::type_complexity)]
        let sources: Vec<(
            Option<Uuid>,
            Uuid,
            String,
            String,
            String,
            PricingLine,
            PriceSource,
        )> = resolved
            .lines
            .iter()
            .flatten()
            .map(|l| {
                (
                    l.id,
                    l.product_id,
                    l.sku.clone(),
                    l.description.clone(),
                    l.unit.clone(),
                    l.pricing,
                    l.source,
                )
            })
            .collect();
        let quote_discount = resolved.quote_discount;
        let priced = {
            let h = Header {
                id: header.id,
                number: header.number.clone(),
                status: header.status,
                currency: header.currency,
                issue_date: header.issue_date.clone(),
                valid_until: header.valid_until.clone(),
                revision: header.revision,
                revises_id: header.revises_id,
                revises_number: None,
                approval: None,
            };
            assemble(h, resolved, limit, today())?
        };
        if !priced.view.errors.is_empty() {
            return Err(StoreError::Invalid(priced.view.errors));
        }
        let customer_id = customer_id.ok_or_else(|| {
            StoreError::Invalid(vec![FieldError::new(
                "customer_id",
                FieldErrorKind::Required,
            )])
        })?;
        let quote_id = match &existing_row {
            Some(q) => q.id.clone(),
            None => {
                let id = Uuid::now_v7();
                header.id = Some(id);
                header.number = Some(self.next_quote_number(&w).await?);
                id.to_string()
            }
        };
        let view = &priced.view;
        let totals = &priced.totals;

        // Lines first as plans (what each row becomes), so the header knows whether the content changed.
        let mut plans: Vec<(Option<&quote_line::Model>, quote_line::ActiveModel)> = Vec::new();
        let mut kept = HashSet::new();
        let mut row_ids: Vec<String> = Vec::new();
        for (position, ((line_id, product_id, sku, description, unit, input, source), amounts)) in
            sources
                .into_iter()
                .zip(priced.lines.iter().flatten())
                .enumerate()
        {
            let before = line_id.and_then(|id| existing.get(&id));
            let mut am = match before {
                Some(m) => {
                    kept.insert(m.id.clone());
                    m.clone().into_active_model()
                }
                None => quote_line::ActiveModel {
                    id: Set(Uuid::now_v7().to_string()),
                    quote_id: Set(quote_id.clone()),
                    product_id: Set(product_id.to_string()),
                    sku: Set(sku),
                    description: Set(description),
                    unit: Set(unit),
                    tax_rate: Set(input.tax_rate.to_string()),
                    kind: Set("item".into()),
                    parent_id: Set(String::new()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                    updated_at: Set(w.hlc.clone()),
                    ..Default::default()
                },
            };
            line_fields(&mut am, position, &input, source, amounts);
            // A component names its bundle line's row, which comes before it.
            am.parent_id = Set(match input.kind {
                LineKind::Component { parent } => row_ids.get(parent).cloned().unwrap_or_default(),
                _ => String::new(),
            });
            row_ids.push(match &am.id {
                sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id.clone(),
                sea_orm::ActiveValue::NotSet => String::new(),
            });
            plans.push((before, am));
        }
        let dropped: Vec<&quote_line::Model> = existing
            .values()
            .filter(|m| !kept.contains(&m.id))
            .collect();
        let mut lines_changed = !dropped.is_empty();
        for (before, am) in &plans {
            lines_changed |= match before {
                Some(m) => am.clone().try_into_model()? != **m,
                None => true,
            };
        }

        let valid_until = view.valid_until.clone();
        let before = existing_row.clone();
        let row = match existing_row {
            Some(q) => {
                let mut am = q.clone().into_active_model();
                am.customer_id = Set(customer_id);
                am.notes = Set(view.notes.clone());
                am.payment_terms = Set(view.payment_terms.clone());
                am.delivery_terms = Set(view.delivery_terms.clone());
                am.pdf_lang = Set(view.pdf_lang.clone());
                am.valid_until = Set(valid_until);
                am.quote_discount = Set(encode_discount(quote_discount));
                am.subtotal_minor = Set(totals.subtotal.minor());
                am.tax_minor = Set(totals.tax.minor());
                am.total_minor = Set(totals.total.minor());
                // The PDF's language is how the quote is printed, not what was approved.
                let mut content = am.clone();
                content.pdf_lang = Set(q.pdf_lang.clone());
                let changed = lines_changed || content.try_into_model()? != q;
                if changed {
                    // Edited content is decided again; an approval (or refusal) was for the old content.
                    am.status = Set(status_after_edit(&priced.review).as_str().to_string());
                    am.approved_by = Set(String::new());
                    am.approved_at = Set(String::new());
                    am.approval_comment = Set(String::new());
                    am.approved_request = Set(String::new());
                    let (by, at) = request_of(&priced.review, &requester);
                    am.approval_requested_by = Set(by);
                    am.approval_requested_at = Set(at);
                }
                // A header (or line, below) the save leaves as it was is not written: it keeps the clock of
                // its last change, as the server's copy does (an unchanged row has no change to sync).
                if am.clone().try_into_model()? == q {
                    q
                } else {
                    am.updated_at = Set(w.hlc.clone());
                    am.update(&w.txn).await?
                }
            }
            None => {
                quote::ActiveModel {
                    id: Set(quote_id.clone()),
                    number: Set(header.number.clone().unwrap_or_default()),
                    customer_id: Set(customer_id),
                    status: Set(status_after_edit(&priced.review).as_str().to_string()),
                    currency: Set(header.currency.to_string()),
                    issue_date: Set(header.issue_date.clone()),
                    valid_until: Set(valid_until),
                    notes: Set(view.notes.clone()),
                    payment_terms: Set(view.payment_terms.clone()),
                    delivery_terms: Set(view.delivery_terms.clone()),
                    pdf_lang: Set(view.pdf_lang.clone()),
                    revision: Set(0),
                    revises_id: Set(String::new()),
                    quote_discount: Set(encode_discount(quote_discount)),
                    approved_by: Set(String::new()),
                    approved_at: Set(String::new()),
                    approval_comment: Set(String::new()),
                    approval_requested_by: Set(request_of(&priced.review, &requester).0),
                    approval_requested_at: Set(request_of(&priced.review, &requester).1),
                    approved_request: Set(String::new()),
                    subtotal_minor: Set(totals.subtotal.minor()),
                    tax_minor: Set(totals.tax.minor()),
                    total_minor: Set(totals.total.minor()),
                    updated_at: Set(w.hlc.clone()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.record("quote", &row.id, "upsert", before.as_ref(), &row)
            .await?;

        for (before, mut am) in plans {
            let saved = match before {
                Some(m) if am.clone().try_into_model()? == *m => m.clone(),
                Some(_) => {
                    am.updated_at = Set(w.hlc.clone());
                    am.update(&w.txn).await?
                }
                None => am.insert(&w.txn).await?,
            };
            w.record("quote_line", &saved.id, "upsert", before, &saved)
                .await?;
        }
        for m in dropped {
            let mut am = m.clone().into_active_model();
            am.deleted_at = Set(Some(w.hlc.clone()));
            am.updated_at = Set(w.hlc.clone());
            let gone = am.update(&w.txn).await?;
            w.record("quote_line", &gone.id, "delete", Some(m), &gone)
                .await?;
        }
        w.commit().await?;
        self.get_quote(parse_id(&quote_id)?).await
    }

    /// Allocate the next quote number inside the write transaction: the write lock makes it race-free across
    /// processes, and the device's prefix (once registered) makes it unique across the team.
    async fn next_quote_number(&self, w: &crate::write::Write) -> Result<String, StoreError> {
        use chrono::Datelike;
        let year = chrono::Local::now().year();
        let row = w
            .txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO quote_sequence (year, last) VALUES (?, 1) \
                 ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                [year.into()],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("quote sequence returned nothing".into()))?;
        let last: i64 = row.try_get_by_index(0)?;
        let seq = u32::try_from(last)
            .map_err(|_| StoreError::Corrupt("quote sequence overflow".into()))?;
        Ok(quote_number(year, w.device.quote_prefix.as_deref(), seq))
    }

    /// The next revision's number of `number`, inside the write transaction: one past the highest revision
    /// of the same quote this database holds, so two revisions never share a number even when two processes
    /// revise at once (the write lock orders them).
    async fn next_revision_number(
        &self,
        w: &crate::write::Write,
        number: &str,
    ) -> Result<(String, u32), StoreError> {
        let parsed = QuoteNumber::parse(number).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "{number:?} is not a quote number: it cannot be revised"
            ))
        })?;
        let base = parsed.base().to_string();
        let rows = quote::Entity::find()
            .select_only()
            .column(quote::Column::Number)
            .filter(
                Condition::any()
                    .add(quote::Column::Number.eq(base.as_str()))
                    .add(like(quote::Column::Number, &format!("{base}-R%"))),
            )
            .into_tuple::<String>()
            .all(&w.txn)
            .await?;
        let highest = rows
            .iter()
            .filter_map(|n| QuoteNumber::parse(n))
            .filter(|n| n.base() == parsed.base())
            .map(|n| n.revision)
            .max()
            .unwrap_or(0);
        let highest = Ord::max(highest, parsed.revision);
        let next = highest
            .checked_add(1)
            .ok_or_else(|| StoreError::Corrupt(format!("{number} has too many revisions")))?;
        Ok((parsed.with_revision(next).to_string(), next))
    }

    /// A saved quote with its lines and totals, priced by `domain` from the recorded inputs.
    pub async fn get_quote(&self, id: Uuid) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, id).await?;
        Ok(self.priced_stored(&self.db, &q).await?.view)
    }

    /// The stored row of a quote named by its number (see [`Store::get_quote_by_number`]).
    async fn quote_row_by_number(&self, number: &str) -> Result<quote::Model, StoreError> {
        let number = number.trim();
        let mut found = quote::Entity::find()
            .filter(quote::Column::Number.eq(number))
            .filter(quote::Column::DeletedAt.is_null())
            .all(&self.db)
            .await?;
        if found.len() > 1 {
            let me = self.device().await?.owner_id;
            let mine: Vec<_> = found.iter().filter(|q| q.owner_id == me).cloned().collect();
            if mine.len() == 1 {
                found = mine;
            } else {
                return Err(StoreError::Ambiguous {
                    entity: "quote",
                    key: number.to_string(),
                    count: found.len(),
                });
            }
        }
        found
            .pop()
            .ok_or_else(|| StoreError::not_found("quote", number))
    }

    /// A saved quote by its number. Numbers are unique per device, so where quotes pulled from other
    /// laptops share a number, this device's user's own quote is the one meant; failing that the number is
    /// [`StoreError::Ambiguous`].
    pub async fn get_quote_by_number(&self, number: &str) -> Result<QuoteView, StoreError> {
        let q = self.quote_row_by_number(number).await?;
        Ok(self.priced_stored(&self.db, &q).await?.view)
    }

    /// The id of the quote numbered `number` (see [`Store::get_quote_by_number`]).
    pub async fn quote_id_by_number(&self, number: &str) -> Result<Uuid, StoreError> {
        parse_id(&self.quote_row_by_number(number).await?.id)
    }

    /// Quotes whose number or customer name contains `query` (all when empty), newest first.
    pub async fn list_quotes(&self, query: &str) -> Result<Vec<QuoteSummary>, StoreError> {
        let mut q = quote::Entity::find()
            .find_also_related(customer::Entity)
            .filter(quote::Column::DeletedAt.is_null());
        if !query.trim().is_empty() {
            let p = like_pattern(query);
            q = q.filter(
                Condition::any()
                    .add(like(quote::Column::Number, &p))
                    .add(like(customer::Column::Name, &p)),
            );
        }
        let rows = q
            .order_by_desc(quote::Column::Id)
            .limit(super::customers::LIST_LIMIT)
            .all(&self.db)
            .await?;
        let counts: HashMap<String, i64> = quote_line::Entity::find()
            .select_only()
            .column(quote_line::Column::QuoteId)
            .column_as(Expr::col(quote_line::Column::Id).count(), "n")
            .filter(quote_line::Column::DeletedAt.is_null())
            .group_by(quote_line::Column::QuoteId)
            .into_tuple::<(String, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let today = today();
        rows.into_iter()
            .map(|(q, c)| {
                let currency = parse_currency(&q.currency)?;
                let money = |minor| Money::from_minor(minor, currency).amount_string();
                let status = parse_status(&q.status)?;
                Ok(QuoteSummary {
                    id: parse_id(&q.id)?,
                    line_count: u32::try_from(counts.get(&q.id).copied().unwrap_or(0))
                        .unwrap_or(u32::MAX),
                    number: q.number,
                    customer_id: parse_id(&q.customer_id)?,
                    customer: c.map(|c| c.name).unwrap_or_default(),
                    status,
                    shown_status: shown_status(status, &q.valid_until, today),
                    currency,
                    issue_date: q.issue_date,
                    valid_until: q.valid_until,
                    subtotal: money(q.subtotal_minor),
                    tax: money(q.tax_minor),
                    total: money(q.total_minor),
                })
            })
            .collect()
    }

    /// Write a new status (and approval columns) on a quote row, recorded in the outbox.
    async fn set_status(
        &self,
        w: &crate::write::Write,
        q: quote::Model,
        status: QuoteStatus,
        approval: Option<(&str, &str, &str, &str)>,
    ) -> Result<quote::Model, StoreError> {
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(status.as_str().to_string());
        if let Some((by, at, comment, request)) = approval {
            am.approved_by = Set(by.to_string());
            am.approved_at = Set(at.to_string());
            am.approval_comment = Set(comment.to_string());
            am.approved_request = Set(request.to_string());
        }
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        Ok(row)
    }

    /// Send a quote: a draft within the discount limit, or an approved one. From then on it is frozen.
    ///
    /// A quote whose discounts need approval is [`StoreError::ApprovalRequired`] (naming its largest discount
    /// and the limit) until a manager approved it.
    pub async fn send_quote(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        match status.check_transition(QuoteStatus::Sent, priced.review.needs_approval) {
            Ok(()) => {}
            Err(DomainError::ApprovalRequired) => {
                return Err(approval_required(&q, &priced.review));
            }
            Err(_) if status == QuoteStatus::PendingApproval => {
                return Err(approval_required(&q, &priced.review));
            }
            Err(_) => {
                return Err(not_allowed(
                    &q,
                    status,
                    "only a draft or an approved quote can be sent",
                ));
            }
        }
        self.set_status(&w, q, QuoteStatus::Sent, None).await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// A manager approves a quote's discounts: a quote waiting for approval (or a draft that needs it, e.g.
    /// after the limit was lowered) becomes `approved`, recording who, when and why.
    pub async fn approve_quote(
        &self,
        id: Uuid,
        approver: &str,
        comment: &str,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let (approver, comment) = approval_inputs(approver, comment)?;
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        self.check_approver(&q, status).await?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        match status {
            QuoteStatus::PendingApproval => {}
            // A draft over the limit (the limit was lowered after it was saved) goes through
            // pending_approval on its way.
            QuoteStatus::Draft if priced.review.needs_approval => {}
            QuoteStatus::Draft => {
                return Err(not_allowed(
                    &q,
                    status,
                    "its discounts are within the limit, so it needs no approval",
                ));
            }
            _ => {
                return Err(not_allowed(
                    &q,
                    status,
                    "only a quote waiting for approval can be approved",
                ));
            }
        }
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let request = self.request_seen(&w.txn, &q.id).await?;
        self.set_status(
            &w,
            q,
            QuoteStatus::Approved,
            Some((&approver, &at, &comment, &request)),
        )
        .await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// A manager refuses a quote's discounts: it goes back to draft for the rep to rework. The view's
    /// `approval` then says `approved: false` with who refused and why in its comment, until the next edit.
    pub async fn reject_approval(
        &self,
        id: Uuid,
        manager: &str,
        comment: &str,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let (manager, comment) = approval_inputs(manager, comment)?;
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        if status != QuoteStatus::PendingApproval {
            return Err(not_allowed(
                &q,
                status,
                "only a quote waiting for approval can be refused",
            ));
        }
        self.check_approver(&q, status).await?;
        status.check_transition(QuoteStatus::Draft, true)?;
        let comment = if comment.is_empty() {
            format!("Refused by {manager}")
        } else {
            format!("Refused by {manager}: {comment}")
        };
        self.set_status(&w, q, QuoteStatus::Draft, Some(("", "", &comment, "")))
            .await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// Make a new revision of a sent (or rejected, or expired) quote: a draft numbered `…-R1` (`-R2`, …),
    /// linked to the old quote, with its header and lines copied, issued today and valid for
    /// [`DEFAULT_VALIDITY_DAYS`]. The old quote becomes `superseded`. All in one write transaction.
    pub async fn revise_quote(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        let limit = self.discount_limit().await?;
        let requester = self.requester().await?;
        let w = self.begin_write(origin).await?;
        let old = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&old.status)?;
        if !status.can_be_revised() {
            let reason = if status.is_editable()
                || matches!(status, QuoteStatus::PendingApproval | QuoteStatus::Approved)
            {
                "it has not been sent, so edit it instead; only a sent, rejected or expired quote gets a new revision"
            } else {
                "only a sent, rejected or expired quote gets a new revision"
            };
            return Err(not_allowed(&old, status, reason));
        }
        status.check_transition(QuoteStatus::Superseded, false)?;
        let (number, revision) = self.next_revision_number(&w, &old.number).await?;
        let today = today();
        let new_id = Uuid::now_v7();

        // Price the copy as the new quote will be: same recorded inputs, so the same amounts.
        let (old_header, resolved) = self.stored_quote(&w.txn, &old).await?;
        let header = Header {
            id: Some(new_id),
            number: Some(number.clone()),
            status: QuoteStatus::Draft,
            issue_date: day_string(today),
            valid_until: day_string(today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS)),
            revision,
            revises_id: Some(id),
            revises_number: Some(old.number.clone()),
            approval: None,
            ..old_header
        };
        let priced = assemble(header, resolved, limit, today)?;
        let totals = &priced.totals;
        let row = quote::ActiveModel {
            id: Set(new_id.to_string()),
            number: Set(number),
            customer_id: Set(old.customer_id.clone()),
            status: Set(status_after_edit(&priced.review).as_str().to_string()),
            currency: Set(old.currency.clone()),
            issue_date: Set(priced.view.issue_date.clone()),
            valid_until: Set(priced.view.valid_until.clone()),
            notes: Set(old.notes.clone()),
            payment_terms: Set(old.payment_terms.clone()),
            delivery_terms: Set(old.delivery_terms.clone()),
            pdf_lang: Set(old.pdf_lang.clone()),
            revision: Set(i32::try_from(revision)
                .map_err(|_| StoreError::Corrupt("revision out of range".into()))?),
            revises_id: Set(old.id.clone()),
            quote_discount: Set(old.quote_discount.clone()),
            approved_by: Set(String::new()),
            approved_at: Set(String::new()),
            approval_comment: Set(String::new()),
            approval_requested_by: Set(request_of(&priced.review, &requester).0),
            approval_requested_at: Set(request_of(&priced.review, &requester).1),
            approved_request: Set(String::new()),
            subtotal_minor: Set(totals.subtotal.minor()),
            tax_minor: Set(totals.tax.minor()),
            total_minor: Set(totals.total.minor()),
            updated_at: Set(w.hlc.clone()),
            deleted_at: Set(None),
            owner_id: Set(w.owner_id.clone()),
        }
        .insert(&w.txn)
        .await?;
        w.record("quote", &row.id, "upsert", None, &row).await?;
        let old_lines = self.line_rows(&w.txn, &old.id).await?;
        // New ids first, so each component can name its bundle line's copy.
        let new_ids: HashMap<&str, String> = old_lines
            .iter()
            .map(|m| (m.id.as_str(), Uuid::now_v7().to_string()))
            .collect();
        for (m, amounts) in old_lines.iter().zip(priced.lines.iter().flatten()) {
            let mut am = m.clone().into_active_model();
            am.id = Set(new_ids.get(m.id.as_str()).cloned().unwrap_or_default());
            am.parent_id = Set(new_ids
                .get(m.parent_id.as_str())
                .cloned()
                .unwrap_or_default());
            am.quote_id = Set(row.id.clone());
            am.net_minor = Set(amounts.net.minor());
            am.tax_minor = Set(amounts.tax.minor());
            am.gross_minor = Set(amounts.gross.minor());
            am.owner_id = Set(w.owner_id.clone());
            am.updated_at = Set(w.hlc.clone());
            am.deleted_at = Set(None);
            let line = am.insert(&w.txn).await?;
            w.record("quote_line", &line.id, "upsert", None, &line)
                .await?;
        }
        self.set_status(&w, old, QuoteStatus::Superseded, None)
            .await?;
        w.commit().await?;
        self.get_quote(new_id).await
    }

    /// What changed from the quote this one revises to this one. A quote that revises nothing is
    /// [`StoreError::NotAllowed`].
    pub async fn diff_quote(&self, id: Uuid) -> Result<QuoteDiff, StoreError> {
        let q = self.quote_row(&self.db, id).await?;
        let new = self.priced_stored(&self.db, &q).await?.view;
        let Some(old_id) = new.revises_id else {
            return Err(not_allowed(
                &q,
                new.status,
                "it is not a revision, so there is nothing to compare it with",
            ));
        };
        let old_row = quote::Entity::find_by_id(old_id.to_string())
            .one(&self.db)
            .await?
            .ok_or_else(|| StoreError::not_found("quote", old_id))?;
        let old = self.priced_stored(&self.db, &old_row).await?.view;
        Ok(quote_diff(&old, &new))
    }

    /// What re-pricing a quote from the current price lists would change (see [`RepricingView`]): every
    /// line priced again for the quote's date and quantity (customer list, default list, base price), the
    /// lines whose unit price, tax inclusion or currency would differ, and the totals before and after.
    /// A quote that can no longer change (sent, accepted…) gets an empty view with `can_reprice` false.
    /// A price in a currency without a rate on this device is [`StoreError::Invalid`].
    pub async fn repricing(&self, quote_id: Uuid) -> Result<RepricingView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        Ok(self.repricing_in(&self.db, &q, limit).await?.0)
    }

    /// The repricing view of `q` and the ids of the lines that would change.
    async fn repricing_in(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
        limit: Percent,
    ) -> Result<(RepricingView, HashSet<Uuid>), StoreError> {
        let before = self.priced_stored(conn, q).await?.view;
        let status = parse_status(&q.status)?;
        let can_reprice = matches!(
            status,
            QuoteStatus::Draft | QuoteStatus::PendingApproval | QuoteStatus::Approved
        );
        let mut view = RepricingView {
            quote_id: parse_id(&q.id)?,
            number: q.number.clone(),
            currency: before.currency,
            can_reprice,
            lines: Vec::new(),
            before: before.totals.clone(),
            after: before.totals.clone(),
        };
        if !can_reprice {
            return Ok((view, HashSet::new()));
        }
        let draft = before.to_draft();
        let after = self.priced_anew(conn, q, &draft, limit, None).await?;
        if !after.errors.is_empty() {
            return Err(StoreError::Invalid(after.errors));
        }
        let version = |s: PriceSource| match s {
            PriceSource::PriceList { version, .. } => Some(version),
            PriceSource::BasePrice => None,
        };
        let mut changed = HashSet::new();
        for (position, (old, new)) in before.lines.iter().zip(&after.lines).enumerate() {
            let differs = old.unit_price != new.unit_price
                || old.price.tax_inclusive != new.price.tax_inclusive
                || old.price.source_currency != new.price.source_currency
                || old.price.source_unit_price != new.price.source_unit_price;
            let Some(line_id) = old.id.filter(|_| differs) else {
                continue;
            };
            changed.insert(line_id);
            view.lines.push(RepricedLineView {
                line_id,
                position: u32::try_from(position).unwrap_or(u32::MAX),
                sku: old.sku.clone(),
                old_unit_price: old.unit_price.clone(),
                new_unit_price: new.unit_price.clone(),
                old_net: old.net.clone(),
                new_net: new.net.clone(),
                old_source: old.price.source,
                new_source: new.price.source,
                old_list_version: version(old.price.source),
                new_list_version: version(new.price.source),
            });
        }
        if !changed.is_empty() {
            // Only the changed lines are priced again: the others keep what they recorded.
            view.after = self
                .priced_anew(conn, q, &draft, limit, Some(&changed))
                .await?
                .totals;
        }
        Ok((view, changed))
    }

    /// `q` as `draft`, with the lines in `again` (all of them with `None`) priced from the current price
    /// lists; the other lines keep the prices they recorded.
    async fn priced_anew(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
        draft: &QuoteDraft,
        limit: Percent,
        again: Option<&HashSet<Uuid>>,
    ) -> Result<QuoteView, StoreError> {
        let header = stored_header(q)?;
        let existing = index_lines(self.line_rows(conn, &q.id).await?)?;
        let all: HashSet<Uuid>;
        let again = match again {
            Some(lines) => lines,
            None => {
                all = existing.keys().copied().collect();
                &all
            }
        };
        let resolved = self
            .resolve(
                conn,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                again,
            )
            .await?;
        Ok(assemble(header, resolved, limit, today())?.view)
    }

    /// Re-price a quote that can still change (draft, waiting for approval, approved): the lines
    /// [`Store::repricing`] lists take their new prices, with the list version and rate they came from; the
    /// others keep theirs. Saved like any edit: a changed quote is decided again (an approval is void).
    /// A sent (or later) quote is [`StoreError::Frozen`]. Nothing to change writes nothing.
    pub async fn reprice_quote(
        &self,
        quote_id: Uuid,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        let (view, changed) = self.repricing_in(&self.db, &q, limit).await?;
        if !view.can_reprice {
            return Err(StoreError::Frozen { number: q.number });
        }
        if changed.is_empty() {
            return self.get_quote(quote_id).await;
        }
        let draft = self.priced_stored(&self.db, &q).await?.view.to_draft();
        self.save_quote_repricing(&draft, origin, &changed).await
    }
}

/// A manager's name (required) and comment, validated.
fn approval_inputs(name: &str, comment: &str) -> Result<(String, String), StoreError> {
    let mut errors = Vec::new();
    let name = validation::text("approved_by", name, MAX_NAME, true).map_err(|e| errors.push(e));
    let comment =
        validation::text("approval_comment", comment, MAX_TEXT, false).map_err(|e| errors.push(e));
    match (name, comment) {
        (Ok(n), Ok(c)) => Ok((n, c)),
        _ => Err(StoreError::Invalid(errors)),
    }
}

/// The columns of a line that a save sets from the draft and the pricing.
fn line_fields(
    am: &mut quote_line::ActiveModel,
    position: usize,
    input: &PricingLine,
    source: PriceSource,
    amounts: &PricedLine,
) {
    // The price as recorded: its source, and for a converted price the price in its currency and the rate.
    let (list_id, version) = match source {
        PriceSource::PriceList { list_id, version } => (list_id.to_string(), i64::from(version)),
        PriceSource::BasePrice => (String::new(), 0),
    };
    am.unit_price_minor = Set(amounts.unit_price.minor());
    am.price_list_id = Set(list_id);
    am.price_list_version = Set(version);
    am.tax_inclusive = Set(i32::from(input.tax_inclusive));
    match input.exchange_rate {
        Some(rate) => {
            am.source_currency = Set(input.unit_price.currency().to_string());
            am.source_unit_price_minor = Set(input.unit_price.minor());
            am.exchange_rate = Set(rate.rate().normalize().to_string());
        }
        None => {
            am.source_currency = Set(String::new());
            am.source_unit_price_minor = Set(0);
            am.exchange_rate = Set(String::new());
        }
    }
    let (optional, selected) = match input.inclusion {
        LineInclusion::Always => (0, 0),
        LineInclusion::Optional { selected } => (1, i32::from(selected)),
    };
    am.position = Set(i32::try_from(position).unwrap_or(i32::MAX));
    // A line stored before lines had kinds ("") stays as it is while it is still an item.
    let unkinded_item = input.kind == LineKind::Item
        && matches!(&am.kind, sea_orm::ActiveValue::Unchanged(k) if k.is_empty());
    if !unkinded_item {
        am.kind = Set(kind_code(input.kind).to_string());
    }
    am.quantity = Set(input.quantity.to_string());
    am.discount_percent = Set(input.discount_percent.to_string());
    am.discount_amount_minor = Set(input.discount_amount.map_or(0, Money::minor));
    am.optional = Set(optional);
    am.selected = Set(selected);
    am.net_minor = Set(amounts.net.minor());
    am.tax_minor = Set(amounts.tax.minor());
    am.gross_minor = Set(amounts.gross.minor());
}

/// What a quantity change did to a saved line's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retier {
    /// The recorded price stays (base price, or a list that changed since).
    Kept,
    /// The tier for the new quantity of the same list version.
    Retiered,
    /// The list (same version) has no tier for the new quantity: the line is priced again like a new one.
    NoTier,
}

/// A saved line's quantity changed: take the tier for `quantity` of the list the line was priced from, if
/// that list is still at the recorded version (so the same prices). A line priced from the base price, or
/// from a list that changed since (or is gone), keeps its recorded price: re-pricing shows the current one.
async fn retier(
    conn: &impl ConnectionTrait,
    line: &mut LineSource,
    quantity: Quantity,
) -> Result<Retier, StoreError> {
    let PriceSource::PriceList { list_id, version } = line.source else {
        return Ok(Retier::Kept);
    };
    let Some(m) = price_lists::list_row(conn, &list_id.to_string()).await? else {
        return Ok(Retier::Kept);
    };
    if m.version != i64::from(version) {
        return Ok(Retier::Kept);
    }
    let list = price_lists::load_price_list(conn, &m, Some(&[line.product_id])).await?;
    match list.tier(line.product_id, quantity) {
        Some(t) if t.unit_price.currency() == line.pricing.unit_price.currency() => {
            line.pricing.unit_price = t.unit_price;
            Ok(Retier::Retiered)
        }
        Some(_) => Ok(Retier::Kept),
        None => Ok(Retier::NoTier),
    }
}

/// The date a quote's prices are resolved for: its issue date (today for a new quote).
fn quote_date(h: &Header) -> NaiveDate {
    parse_day(&h.issue_date).unwrap_or_else(today)
}

fn index_lines(
    lines: Vec<quote_line::Model>,
) -> Result<HashMap<Uuid, quote_line::Model>, StoreError> {
    lines
        .into_iter()
        .map(|m| Ok((parse_id(&m.id)?, m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_discounts_round_trip_through_their_stored_form() {
        let pct = Percent::parse("p", "7.5").unwrap_or(Percent::ZERO);
        for d in [
            QuoteDiscount::None,
            QuoteDiscount::Percent(pct),
            QuoteDiscount::Amount(Money::from_minor(10_050, Currency::CNY)),
        ] {
            let raw = encode_discount(d);
            assert_eq!(decode_discount(&raw, Currency::CNY).ok(), Some(d), "{raw}");
        }
        assert_eq!(encode_discount(QuoteDiscount::Percent(pct)), "percent:7.5");
        assert!(decode_discount("bogus:1", Currency::CNY).is_err());
        assert!(decode_discount("amount:-1", Currency::CNY).is_err());
    }

    #[test]
    fn line_errors_point_at_the_draft_line() {
        let e = FieldError::new("lines[1].discount_amount", FieldErrorKind::Negative);
        assert_eq!(
            remap_line_field(e, &[0, 3]).field,
            "lines[3].discount_amount"
        );
        let e = FieldError::new("quote_discount", FieldErrorKind::Negative);
        assert_eq!(remap_line_field(e, &[0]).field, "quote_discount");
    }
}
