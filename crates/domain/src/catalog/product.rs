//! A catalog product: as typed or imported, validated, and as stored and shown.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BundleComponent, ComponentRef, ProductKind, parse_component_list, parse_sku_list};
use crate::money::{Currency, Money};
use crate::validation::{self, MAX_NAME, MAX_TEXT, Percent, collect};
use crate::{FieldError, FieldErrorKind};

/// A catalog product as typed or imported.
///
/// The catalog fields after `tax_rate` are optional: `None` keeps what the product has (a new product: no
/// Chinese texts, no category, active, an item without accessories), so a file with only the first seven
/// columns changes nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: String,
    pub tax_rate: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// `1`/`0`, `true`/`false`, `yes`/`no`; empty is active.
    #[serde(default)]
    pub active: Option<String>,
    /// Empty for an item; `sum` or `fixed` for a bundle.
    #[serde(default)]
    pub bundle_pricing: Option<String>,
    /// A bundle's components by SKU with the quantity per bundle: `SKU-A*2;SKU-B*1`.
    #[serde(default)]
    pub components: Option<String>,
    /// Products suggested as options when this one is added: `SKU-C;SKU-D`.
    #[serde(default)]
    pub accessories: Option<String>,
}

/// A validated product. `None` in the catalog fields: keep the stored value (see [`ProductInput`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProduct {
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: Money,
    pub tax_rate: Percent,
    pub name_zh: Option<String>,
    pub description_zh: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
    pub kind: Option<ProductKind>,
    pub components: Option<Vec<ComponentRef>>,
    pub accessories: Option<Vec<String>>,
}

/// Parse an active flag; empty is active.
fn parse_active(field: &str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "y" => Ok(true),
        "0" | "false" | "no" | "n" => Ok(false),
        _ => Err(FieldError::new(
            field,
            FieldErrorKind::NotOneOf {
                allowed: "1, 0, true, false, yes, no".into(),
            },
        )),
    }
}

impl ProductInput {
    pub fn validate(&self) -> Result<ValidProduct, Vec<FieldError>> {
        let mut e = Vec::new();
        let sku = collect(&mut e, validation::text("sku", &self.sku, 64, true));
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let description = collect(
            &mut e,
            validation::text("description", &self.description, MAX_TEXT, false),
        );
        let unit = collect(&mut e, validation::text("unit", &self.unit, 32, true));
        let currency = collect(&mut e, validation::currency("currency", &self.currency));
        let unit_price = currency
            .and_then(|c| collect(&mut e, validation::price("unit_price", &self.unit_price, c)));
        let tax_rate = collect(&mut e, Percent::parse("tax_rate", &self.tax_rate));
        let mut optional_text = |field: &str, value: &Option<String>, max: usize| {
            value
                .as_deref()
                .and_then(|v| collect(&mut e, validation::text(field, v, max, false)))
        };
        let name_zh = optional_text("name_zh", &self.name_zh, MAX_NAME);
        let description_zh = optional_text("description_zh", &self.description_zh, MAX_TEXT);
        let category = optional_text("category", &self.category, MAX_NAME);
        let active = self
            .active
            .as_deref()
            .and_then(|v| collect(&mut e, parse_active("active", v)));
        let kind = self.bundle_pricing.as_deref().and_then(|v| {
            let kind = ProductKind::parse(v).ok_or_else(|| {
                FieldError::new(
                    "bundle_pricing",
                    FieldErrorKind::NotOneOf {
                        allowed: "empty (not a bundle), sum, fixed".into(),
                    },
                )
            });
            collect(&mut e, kind)
        });
        let list_error = |field: &str, reason: String| {
            FieldError::new(field, FieldErrorKind::InvalidList { reason })
        };
        let components = self.components.as_deref().and_then(|v| {
            collect(
                &mut e,
                parse_component_list(v).map_err(|r| list_error("components", r)),
            )
        });
        let accessories = self.accessories.as_deref().and_then(|v| {
            collect(
                &mut e,
                parse_sku_list(v).map_err(|r| list_error("accessories", r)),
            )
        });
        match (sku, name, description, unit, unit_price, tax_rate) {
            (
                Some(sku),
                Some(name),
                Some(description),
                Some(unit),
                Some(unit_price),
                Some(tax_rate),
            ) if e.is_empty() => Ok(ValidProduct {
                sku,
                name,
                description,
                unit,
                unit_price,
                tax_rate,
                name_zh,
                description_zh,
                category,
                active,
                kind,
                components,
                accessories,
            }),
            _ => Err(e),
        }
    }
}

/// A catalog product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Product {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: Currency,
    pub tax_rate: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub category: String,
    /// An inactive product stays on saved quotes but is not offered for new lines.
    #[serde(default = "yes")]
    pub active: bool,
    /// Empty for an item; `sum` (priced as the sum of its components) or `fixed` for a bundle.
    #[serde(default)]
    pub bundle_pricing: String,
    /// A bundle's components, with the quantity in one bundle.
    #[serde(default)]
    pub components: Vec<BundleComponent>,
    /// Products suggested as options when this one is added to a quote.
    #[serde(default)]
    pub accessories: Vec<Uuid>,
    /// The price as the catalog shows it (`CNY 9,800.00`, [`crate::format::money`]): the unit price, or for a
    /// bundle priced as the sum of its components what one bundle's components cost ([`sum_of_components`]);
    /// empty when they cannot be added up (a component in another currency, or missing).
    ///
    /// [`sum_of_components`]: super::sum_of_components
    #[serde(default)]
    pub shown_price: String,
}

fn yes() -> bool {
    true
}

impl Product {
    pub fn kind(&self) -> ProductKind {
        ProductKind::parse(&self.bundle_pricing).unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "product_tests.rs"]
mod tests;
