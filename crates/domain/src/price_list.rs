//! Price lists and unit-price resolution.
//!
//! A [`PriceList`] is pure data maintained on the server: a currency, whether its prices include tax (含税价),
//! a validity window and, per product, quantity tiers. The unit price of a product at a quantity on the quote
//! date is resolved by [`resolve_price`], in this order:
//!
//! 1. the customer's price list, if it is valid on the quote date and has a tier for the product at that
//!    quantity;
//! 2. else the company's default price list, under the same two conditions;
//! 3. else the product's base price.
//!
//! A list is valid on `valid_from ..= valid_until` (both inclusive; no `valid_until` means open-ended). Within
//! an entry, the tier with the largest `min_qty` not above the line's quantity applies; if every tier starts
//! above the quantity the list has no price for it and the next source is tried.
//!
//! The result says where the price came from ([`PriceSource`]: list id and version, or the base price); a
//! quote line records it with the price, so the line can be explained and reproduced after the list changes.
//! The resolved price is in the source's currency; a line in another quote currency converts it with an
//! [`ExchangeRate`](crate::money::ExchangeRate) recorded on the line (see [`crate::pricing`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Money};
use crate::validation::Quantity;
use crate::{FieldError, FieldErrorKind};

/// One quantity tier of a price-list entry: from `min_qty` (inclusive) on, the unit price is `unit_price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Not negative, at most [`Quantity::MAX_DP`] decimals. A single-price entry has one tier from 0.
    pub min_qty: Decimal,
    pub unit_price: Money,
}

/// A versioned price list. `entries` maps a product id to its tiers (in any order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceList {
    pub id: Uuid,
    pub name: String,
    /// Bumped by the server on every change, so a line can say which prices it used.
    pub version: u32,
    pub currency: Currency,
    /// Prices include tax (含税价): a line priced from this list is tax-inclusive.
    pub tax_inclusive: bool,
    pub valid_from: NaiveDate,
    /// Last valid day; `None` for no end.
    pub valid_until: Option<NaiveDate>,
    pub entries: BTreeMap<Uuid, Vec<Tier>>,
}

impl PriceList {
    /// Whether the list applies to a quote dated `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        date >= self.valid_from && self.valid_until.is_none_or(|until| date <= until)
    }

    /// The tier for `product` at `quantity`: the largest `min_qty` not above it. Ignores validity dates.
    pub fn tier(&self, product: Uuid, quantity: Quantity) -> Option<&Tier> {
        self.entries
            .get(&product)?
            .iter()
            .filter(|t| t.min_qty <= quantity.value())
            .max_by_key(|t| t.min_qty)
    }

    /// Check the list's data: dates in order, every product with at least one tier, tiers with distinct,
    /// non-negative minimum quantities of at most three decimals, prices non-negative in the list's currency.
    /// Field names: `valid_until`, `entries[<product id>][<tier index>].min_qty` / `.unit_price`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.valid_until.is_some_and(|u| u < self.valid_from) {
            errors.push(FieldError::new(
                "valid_until",
                FieldErrorKind::AboveMax {
                    max: self.valid_from.to_string(),
                },
            ));
        }
        for (product, tiers) in &self.entries {
            if tiers.is_empty() {
                errors.push(FieldError::new(
                    format!("entries[{product}]"),
                    FieldErrorKind::Required,
                ));
            }
            for (i, t) in tiers.iter().enumerate() {
                let field = |f: &str| format!("entries[{product}][{i}].{f}");
                if t.min_qty < Decimal::ZERO {
                    errors.push(FieldError::new(field("min_qty"), FieldErrorKind::Negative));
                } else if t.min_qty.normalize().scale() > Quantity::MAX_DP {
                    errors.push(FieldError::new(
                        field("min_qty"),
                        FieldErrorKind::TooManyDecimals {
                            max: Quantity::MAX_DP,
                        },
                    ));
                } else if tiers[..i].iter().any(|o| o.min_qty == t.min_qty) {
                    errors.push(FieldError::new(
                        field("min_qty"),
                        FieldErrorKind::AboveMax {
                            max: "one tier per minimum quantity".into(),
                        },
                    ));
                }
                if t.unit_price.currency() != self.currency {
                    errors.push(FieldError::new(
                        field("unit_price"),
                        FieldErrorKind::CurrencyMismatch {
                            expected: self.currency.to_string(),
                            found: t.unit_price.currency().to_string(),
                        },
                    ));
                } else if t.unit_price.is_negative() {
                    errors.push(FieldError::new(
                        field("unit_price"),
                        FieldErrorKind::Negative,
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A product's own price, used when no price list has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasePrice {
    pub unit_price: Money,
    /// Catalog prices are tax-exclusive unless the catalog says otherwise.
    pub tax_inclusive: bool,
}

/// Where a line's unit price came from. Recorded on the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceSource {
    /// A tier of this version of this price list.
    PriceList { list_id: Uuid, version: u32 },
    /// The product's base price.
    #[default]
    BasePrice,
}

/// A resolved unit price, in the source's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedPrice {
    pub unit_price: Money,
    pub tax_inclusive: bool,
    pub source: PriceSource,
    /// The tier that applied (`None` for the base price).
    pub tier_min_qty: Option<Decimal>,
}

/// The unit price of `product` at `quantity` on a quote dated `quote_date`: customer list, else default list,
/// else base price (see the module docs).
pub fn resolve_price(
    product: Uuid,
    quantity: Quantity,
    quote_date: NaiveDate,
    customer_list: Option<&PriceList>,
    default_list: Option<&PriceList>,
    base: BasePrice,
) -> ResolvedPrice {
    [customer_list, default_list]
        .into_iter()
        .flatten()
        .filter(|list| list.is_valid_on(quote_date))
        .find_map(|list| {
            list.tier(product, quantity).map(|t| ResolvedPrice {
                unit_price: t.unit_price,
                tax_inclusive: list.tax_inclusive,
                source: PriceSource::PriceList {
                    list_id: list.id,
                    version: list.version,
                },
                tier_min_qty: Some(t.min_qty),
            })
        })
        .unwrap_or(ResolvedPrice {
            unit_price: base.unit_price,
            tax_inclusive: base.tax_inclusive,
            source: PriceSource::BasePrice,
            tier_min_qty: None,
        })
}

/// A price list as listed (`fq price-list list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PriceListSummary {
    pub id: Uuid,
    pub name: String,
    pub version: u32,
    pub currency: Currency,
    pub tax_inclusive: bool,
    pub valid_from: String,
    /// Empty for no end.
    pub valid_until: String,
    pub is_default: bool,
    /// Prices (quantity tiers) in the list.
    pub entries: u32,
    /// Customers the list is assigned to.
    pub customers: u32,
}

#[cfg(test)]
#[path = "price_list_tests.rs"]
mod tests;
