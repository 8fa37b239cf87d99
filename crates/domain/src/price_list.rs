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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }
    fn qty(s: &str) -> Quantity {
        Quantity::parse("q", s).unwrap()
    }
    fn cny(minor: i64) -> Money {
        Money::from_minor(minor, Currency::CNY)
    }
    fn tiers(t: &[(&str, i64)]) -> Vec<Tier> {
        t.iter()
            .map(|&(q, p)| Tier {
                min_qty: Decimal::from_str(q).unwrap(),
                unit_price: cny(p),
            })
            .collect()
    }

    const PLC: Uuid = Uuid::from_u128(1);
    const CABLE: Uuid = Uuid::from_u128(2);
    const SENSOR: Uuid = Uuid::from_u128(3);

    fn customer_list() -> PriceList {
        PriceList {
            id: Uuid::from_u128(100),
            name: "华东机电 2026".into(),
            version: 3,
            currency: Currency::CNY,
            tax_inclusive: true,
            valid_from: date("2026-01-01"),
            valid_until: Some(date("2026-06-30")),
            entries: BTreeMap::from([
                (
                    PLC,
                    tiers(&[("0", 350_000), ("10", 330_000), ("50", 310_000)]),
                ),
                (CABLE, tiers(&[("100", 1_200)])),
            ]),
        }
    }

    fn default_list() -> PriceList {
        PriceList {
            id: Uuid::from_u128(200),
            name: "标准价".into(),
            version: 7,
            currency: Currency::CNY,
            tax_inclusive: false,
            valid_from: date("2025-01-01"),
            valid_until: None,
            entries: BTreeMap::from([
                (PLC, tiers(&[("1", 380_000)])),
                (CABLE, tiers(&[("0", 1_500), ("0.5", 1_450)])),
            ]),
        }
    }

    const BASE: BasePrice = BasePrice {
        unit_price: Money::from_minor(999_900, Currency::CNY),
        tax_inclusive: false,
    };

    #[test]
    fn resolution_table() {
        let c = customer_list();
        let d = default_list();
        let from_c = PriceSource::PriceList {
            list_id: c.id,
            version: 3,
        };
        let from_d = PriceSource::PriceList {
            list_id: d.id,
            version: 7,
        };
        // (product, qty, date, customer?, default?, price, tax incl, source)
        let table = [
            (PLC, "1", "2026-03-01", true, true, 350_000, true, from_c),
            (
                PLC,
                "9.999",
                "2026-03-01",
                true,
                true,
                350_000,
                true,
                from_c,
            ),
            (PLC, "10", "2026-03-01", true, true, 330_000, true, from_c),
            (PLC, "49", "2026-03-01", true, true, 330_000, true, from_c),
            (PLC, "50", "2026-03-01", true, true, 310_000, true, from_c),
            (PLC, "5000", "2026-03-01", true, true, 310_000, true, from_c),
            // Validity is inclusive at both ends.
            (PLC, "1", "2026-01-01", true, true, 350_000, true, from_c),
            (PLC, "1", "2026-06-30", true, true, 350_000, true, from_c),
            // Out of the customer list's window: the default list.
            (PLC, "1", "2025-12-31", true, true, 380_000, false, from_d),
            (PLC, "1", "2026-07-01", true, true, 380_000, false, from_d),
            // The customer list's only cable tier starts at 100.
            (CABLE, "99", "2026-03-01", true, true, 1_450, false, from_d),
            (CABLE, "100", "2026-03-01", true, true, 1_200, true, from_c),
            (CABLE, "0.4", "2026-03-01", true, true, 1_500, false, from_d),
            // No default-list tier below 1: the base price.
            (
                PLC,
                "0.5",
                "2026-07-01",
                true,
                true,
                999_900,
                false,
                PriceSource::BasePrice,
            ),
            (
                SENSOR,
                "1",
                "2026-03-01",
                true,
                true,
                999_900,
                false,
                PriceSource::BasePrice,
            ),
            (PLC, "1", "2026-03-01", false, true, 380_000, false, from_d),
            (PLC, "1", "2026-03-01", true, false, 350_000, true, from_c),
            (
                PLC,
                "1",
                "2026-03-01",
                false,
                false,
                999_900,
                false,
                PriceSource::BasePrice,
            ),
            (
                PLC,
                "1",
                "2024-12-31",
                false,
                true,
                999_900,
                false,
                PriceSource::BasePrice,
            ),
        ];
        for (product, q, day, with_c, with_d, price, incl, source) in table {
            let r = resolve_price(
                product,
                qty(q),
                date(day),
                with_c.then_some(&c),
                with_d.then_some(&d),
                BASE,
            );
            let case = format!("{product} × {q} on {day} ({with_c}, {with_d})");
            assert_eq!(r.unit_price, cny(price), "{case}");
            assert_eq!(r.tax_inclusive, incl, "{case}");
            assert_eq!(r.source, source, "{case}");
        }
    }

    #[test]
    fn validation() {
        assert_eq!(customer_list().validate(), Ok(()));
        let mut bad = customer_list();
        bad.valid_until = Some(date("2025-12-31"));
        bad.entries.insert(SENSOR, vec![]);
        bad.entries.insert(
            CABLE,
            vec![
                Tier {
                    min_qty: Decimal::from_str("-1").unwrap(),
                    unit_price: cny(1),
                },
                Tier {
                    min_qty: Decimal::from_str("0.0001").unwrap(),
                    unit_price: cny(-1),
                },
                Tier {
                    min_qty: Decimal::from_str("5").unwrap(),
                    unit_price: Money::from_minor(1, Currency::USD),
                },
                Tier {
                    min_qty: Decimal::from_str("5.000").unwrap(),
                    unit_price: cny(1),
                },
            ],
        );
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        let cable = format!("entries[{CABLE}]");
        assert_eq!(
            fields,
            [
                "valid_until".to_string(),
                format!("{cable}[0].min_qty"),
                format!("{cable}[1].min_qty"),
                format!("{cable}[1].unit_price"),
                format!("{cable}[2].unit_price"),
                format!("{cable}[3].min_qty"),
                format!("entries[{SENSOR}]"),
            ]
        );
    }

    proptest! {
        /// The chosen tier is the one with the largest minimum not above the quantity, whatever the order.
        #[test]
        fn tiers_pick_the_largest_minimum_not_above_the_quantity(
            mins in prop::collection::btree_set(0_i64..100_000, 1..8),
            q_milli in 1_i64..120_000,
            shuffle in any::<u64>(),
        ) {
            let mut list = default_list();
            let mut t: Vec<Tier> = mins.iter().map(|&m| Tier { min_qty: Decimal::new(m, 3), unit_price: cny(m) }).collect();
            let len = t.len();
            t.rotate_left((shuffle as usize) % len);
            list.entries.insert(SENSOR, t);
            let q = Quantity::parse("q", &Decimal::new(q_milli, 3).to_string()).unwrap();
            let expected = mins.iter().copied().filter(|&m| m <= q_milli).max();
            prop_assert_eq!(list.tier(SENSOR, q).map(|t| t.unit_price.minor()), expected);
            let r = resolve_price(SENSOR, q, date("2026-01-01"), None, Some(&list), BASE);
            match expected {
                Some(m) => prop_assert_eq!(r.unit_price, cny(m)),
                None => prop_assert_eq!(r.source, PriceSource::BasePrice),
            }
        }
    }
}
