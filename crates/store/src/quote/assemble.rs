//! View assembly: a resolved quote priced by `domain` and shown as a [`QuoteView`], invalid lines included.

use chrono::NaiveDate;
use uuid::Uuid;

use fieldquote_domain::approval::{ApprovalView, DiscountReviewView};
use fieldquote_domain::approval::{DiscountReview, review_discounts};
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricedLine, PricedTotals, PricingInput, PricingLine,
    QuoteDiscount, price,
};
use fieldquote_domain::quote::{
    LinePriceView, QuoteDiscountDraft, QuoteLineKind, QuoteLineView, QuoteTotalsView, QuoteView,
};
use fieldquote_domain::quote::{QuoteActions, QuoteStatus};
use fieldquote_domain::validation::Percent;
use fieldquote_domain::{Currency, DomainError, FieldError, Money};

use crate::StoreError;

use super::resolve::Resolved;
use super::{DEFAULT_VALIDITY_DAYS, day_string, parse_day, today};

/// The status shown on `today` for a stored status and valid-until date.
pub(super) fn shown_status(
    status: QuoteStatus,
    valid_until: &str,
    today: NaiveDate,
) -> QuoteStatus {
    match parse_day(valid_until) {
        Some(until) => status.shown_on(until, today),
        None => status,
    }
}

/// How a line shows its place in the tree.
pub(super) fn line_kind_view(kind: LineKind) -> (QuoteLineKind, &'static str, u32) {
    match kind {
        LineKind::Item => (QuoteLineKind::Item, "", 0),
        LineKind::Bundle(BundlePricing::SumOfComponents) => (QuoteLineKind::Bundle, "sum", 0),
        LineKind::Bundle(BundlePricing::Fixed) => (QuoteLineKind::Bundle, "fixed", 0),
        LineKind::Component { .. } => (QuoteLineKind::Component, "", 1),
    }
}

/// Header fields of a view that do not come from the draft.
pub(super) struct Header {
    pub(super) id: Option<Uuid>,
    pub(super) number: Option<String>,
    pub(super) status: QuoteStatus,
    pub(super) currency: Currency,
    pub(super) issue_date: String,
    pub(super) valid_until: String,
    pub(super) revision: u32,
    pub(super) revises_id: Option<Uuid>,
    pub(super) revises_number: Option<String>,
    pub(super) approval: Option<ApprovalView>,
}

pub(super) fn new_header(currency: Currency) -> Header {
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

/// A priced quote: the view, and what the save stores.
pub(super) struct Priced {
    pub(super) view: QuoteView,
    /// Per draft line; `None` for lines with errors.
    pub(super) lines: Vec<Option<PricedLine>>,
    pub(super) totals: PricedTotals,
    pub(super) review: DiscountReview,
}

/// Point a field error of the valid lines (`lines[i]…`, `i` among the priced lines) at the draft's line.
pub(super) fn remap_line_field(e: FieldError, positions: &[usize]) -> FieldError {
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
pub(super) fn assemble(
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
    if let Some(largest) = &mut review.largest {
        largest.line = positions.get(largest.line).copied().unwrap_or(largest.line);
    }

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
            shown: Default::default(),
        });
    }
    let totals = QuoteTotalsView::from(&priced.totals);
    let view = QuoteView {
        id: h.id,
        number: h.number,
        status: h.status,
        shown_status: shown_status(h.status, &h.valid_until, today),
        actions: QuoteActions::of(h.id.is_some(), h.status, review.needs_approval),
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
        shown: Default::default(),
    }
    .with_shown();
    Ok(Priced {
        view,
        lines: per_line,
        totals: priced.totals,
        review,
    })
}

#[cfg(test)]
#[path = "assemble_tests.rs"]
mod tests;
