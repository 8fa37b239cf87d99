//! The row codec: a quote's and its lines' stored columns to and from the values `domain` prices.

use std::collections::HashMap;

use sea_orm::Set;

use fieldquote_domain::approval::ApprovalView;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricedLine, PricingLine, QuoteDiscount,
};
use fieldquote_domain::validation::{self, Percent, Quantity};
use fieldquote_domain::{Currency, Money};

use crate::StoreError;
use crate::entities::{quote, quote_line};
use crate::query::parse_id;

use super::assemble::Header;
use super::resolve::LineSource;
use super::{corrupt, parse_currency, parse_status};

/// The stored form of a quote discount: `""`, `"percent:5"`, `"amount:100.00"`.
pub(super) fn encode_discount(d: QuoteDiscount) -> String {
    match d {
        QuoteDiscount::None => String::new(),
        QuoteDiscount::Percent(p) => format!("percent:{p}"),
        QuoteDiscount::Amount(a) => format!("amount:{}", a.amount_string()),
    }
}

/// A quote's stored PDF language: `""` for none. A code this version does not know (written by a newer app on
/// another laptop) prints in the default rather than making the quote unreadable.
pub(super) fn decode_pdf_lang(raw: &str) -> Option<PdfLanguage> {
    PdfLanguage::parse_choice(raw).ok().flatten()
}

pub(super) fn decode_discount(raw: &str, currency: Currency) -> Result<QuoteDiscount, StoreError> {
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
pub(super) fn kind_code(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Item => "item",
        LineKind::Bundle(BundlePricing::SumOfComponents) => "bundle:sum",
        LineKind::Bundle(BundlePricing::Fixed) => "bundle:fixed",
        LineKind::Component { .. } => "component",
    }
}

/// A stored line's kind; a component's parent is `parent` (its bundle line's index among the quote's lines),
/// and a component whose bundle line is gone (deleted on another device) is priced as an item.
pub(super) fn parse_kind(
    m: &quote_line::Model,
    parent: Option<usize>,
) -> Result<LineKind, StoreError> {
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

pub(super) fn stored_line(
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
pub(super) fn stored_lines(
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

pub(super) fn approval_of(q: &quote::Model) -> Option<ApprovalView> {
    (!q.approved_by.is_empty() || !q.approval_comment.is_empty()).then(|| ApprovalView {
        approved: !q.approved_by.is_empty(),
        approved_by: q.approved_by.clone(),
        approved_at: q.approved_at.clone(),
        comment: q.approval_comment.clone(),
    })
}

pub(super) fn stored_header(q: &quote::Model) -> Result<Header, StoreError> {
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

/// The columns of a line that a save sets from the draft and the pricing.
pub(super) fn line_fields(
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

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
