//! Price resolution: a draft's customer, products and prices resolved against the database — recorded prices
//! kept, new lines priced from the customer's list, the default list or the base price, quantity changes moved
//! along their list's tiers.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::account::Account;
use fieldquote_domain::catalog::ProductKind;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::price_list::{BasePrice, PriceSource, resolve_price};
use fieldquote_domain::pricing::{BundlePricing, LineKind, PricingLine, QuoteDiscount};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft, QuoteLineKind, check_own_discount};
use fieldquote_domain::validation::{MAX_TEXT, Percent, Quantity};
use fieldquote_domain::{Currency, FieldError, FieldErrorKind, Money, Refusal};

use crate::account::{account_model, account_of_model};
use crate::entities::{product, quote_line};
use crate::price_list as price_lists;
use crate::{Store, StoreError};

use super::codec::stored_line;
use super::{corrupt, parse_currency};

/// Everything a line's price and description come from, resolved from the draft or the stored row.
pub(super) struct LineSource {
    pub(super) id: Option<Uuid>,
    pub(super) product_id: Uuid,
    pub(super) sku: String,
    pub(super) description: String,
    pub(super) unit: String,
    pub(super) pricing: PricingLine,
    /// Where `pricing.unit_price` came from.
    pub(super) source: PriceSource,
    /// The source list's name, for the view (empty for the base price).
    pub(super) list_name: String,
}

/// A draft's header texts, or a stored quote's.
pub(super) struct HeaderText {
    pub(super) notes: String,
    pub(super) payment_terms: String,
    pub(super) delivery_terms: String,
    pub(super) pdf_lang: Option<PdfLanguage>,
    /// `None`: keep the stored date (a new quote: the default validity).
    pub(super) valid_until: Option<NaiveDate>,
}

/// The price lists a draft's new lines are priced from.
pub(super) struct Lists {
    pub(super) customer: Option<crate::entities::price_list::Model>,
    pub(super) default: Option<crate::entities::price_list::Model>,
    /// Every list's name by id.
    pub(super) names: HashMap<String, String>,
}

/// A draft resolved against the database.
pub(super) struct Resolved {
    pub(super) customer: Option<Account>,
    pub(super) text: HeaderText,
    pub(super) quote_discount: QuoteDiscount,
    /// `None` where the line has errors.
    pub(super) lines: Vec<Option<LineSource>>,
    pub(super) errors: Vec<FieldError>,
}

impl Store {
    /// Resolve a draft: customer, products and recorded prices, collecting every field error.
    ///
    /// A line saved before keeps the price it was recorded with, unless its product or quantity changed or
    /// it is in `reprice`: then it is priced again for `quote_date` (see [`Self::price_line`]).
    pub(super) async fn resolve(
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
                        pdf_lang: draft.pdf_lang,
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
            Some(id) => match account_model(conn, id).await {
                Ok(m) => {
                    customer_list = price_lists::list_row(conn, &m.price_list_id).await?;
                    Some(account_of_model(m)?)
                }
                Err(StoreError::Refused(Refusal::NotFound { .. })) => {
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
            // The bundle-discount rule: a bundle priced as the sum of its components takes no discount of its
            // own.
            let own_discount = kind.map(|kind| {
                check_own_discount(
                    i,
                    kind,
                    parsed.as_ref().map(|(_, discount)| *discount),
                    discount_amount.flatten(),
                )
            });
            let bundle_discount = match own_discount {
                Some(Err(e)) => {
                    errors.push(e);
                    true
                }
                _ => false,
            };
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
    pub(super) async fn price_line(
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
    pub(super) async fn line_kind(
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
}

/// What a quantity change did to a saved line's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Retier {
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
pub(super) async fn retier(
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
