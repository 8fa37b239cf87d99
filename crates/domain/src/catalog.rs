//! The catalog's structure: bundles (solution modules) made of components, and the optional accessories a
//! product suggests when it is added to a quote.
//!
//! A product is an item or a bundle priced as the sum of its components or at a fixed price
//! ([`ProductKind`]). A bundle lists its components as product ids with a quantity per bundle; bundles do not
//! nest and a bundle does not contain itself. Each list is stored and synced as one text field (JSON), so a
//! merge never pairs one admin's ids with another's quantities. In a CSV file they are written with SKUs:
//! components as `SKU-A*2;SKU-B*1`, accessories as `SKU-C;SKU-D`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Money};
use crate::pricing::BundlePricing;
use crate::validation::{Percent, Quantity};
use crate::{DomainError, format};

mod product;

pub use product::{Product, ProductInput, ValidProduct};

/// Whether a product is an item or a bundle, and how a bundle is priced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProductKind {
    #[default]
    Item,
    Bundle(BundlePricing),
}

impl ProductKind {
    /// The stored (and CSV) form: `""` for an item, `"sum"` or `"fixed"` for a bundle.
    pub fn code(self) -> &'static str {
        match self {
            ProductKind::Item => "",
            ProductKind::Bundle(BundlePricing::SumOfComponents) => "sum",
            ProductKind::Bundle(BundlePricing::Fixed) => "fixed",
        }
    }

    /// Parse the stored form (case and surrounding spaces ignored).
    pub fn parse(raw: &str) -> Option<ProductKind> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" => Some(ProductKind::Item),
            "sum" => Some(ProductKind::Bundle(BundlePricing::SumOfComponents)),
            "fixed" => Some(ProductKind::Bundle(BundlePricing::Fixed)),
            _ => None,
        }
    }

    pub fn is_bundle(self) -> bool {
        matches!(self, ProductKind::Bundle(_))
    }
}

/// What one bundle priced as the sum of its components costs, for the catalog: `Σ round(quantity × unit
/// price)` over its components (quantity per bundle, each component's own price), priced the way a quote line
/// is. `None` when there are no components or one is priced in another currency than `currency` (a quote
/// converts it at the rate of the day; the catalog cannot).
pub fn sum_of_components(
    currency: Currency,
    components: impl IntoIterator<Item = (Quantity, Money)>,
) -> Result<Option<Money>, DomainError> {
    let mut sum = Money::zero(currency);
    let mut any = false;
    for (quantity, price) in components {
        if price.currency() != currency {
            return Ok(None);
        }
        let amount =
            crate::pricing::engine::discounted(quantity, i128::from(price.minor()), Percent::ZERO)?;
        sum = sum.checked_add(Money::try_from_minor(amount, currency)?)?;
        any = true;
    }
    Ok(any.then_some(sum))
}

impl Product {
    /// The product with its [`Product::shown_price`]: its own unit price, or for a bundle priced as the sum of
    /// its components `components_sum` (see [`sum_of_components`]).
    pub fn with_shown_price(mut self, components_sum: Option<Money>) -> Product {
        self.shown_price = if self.kind() == ProductKind::Bundle(BundlePricing::SumOfComponents) {
            components_sum.map(format::money).unwrap_or_default()
        } else {
            format::money_text(self.currency, &self.unit_price)
        };
        self
    }
}

/// One component of a bundle: a product and how many of it one bundle holds (a decimal string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BundleComponent {
    pub product_id: Uuid,
    pub quantity: String,
}

/// The stored form of a component list: `""` for none, else JSON `[{"product_id": …, "quantity": "2"}]`.
pub fn encode_components(components: &[BundleComponent]) -> String {
    if components.is_empty() {
        return String::new();
    }
    serde_json::to_string(components).unwrap_or_default()
}

/// Read a stored component list; `Err` with the reason when it is not one.
pub fn decode_components(raw: &str) -> Result<Vec<BundleComponent>, String> {
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<BundleComponent> =
        serde_json::from_str(raw).map_err(|e| format!("not a component list: {e}"))?;
    for c in &list {
        Quantity::parse("quantity", &c.quantity)
            .map_err(|_| format!("component quantity {:?} is not a quantity", c.quantity))?;
    }
    Ok(list)
}

/// The stored form of an accessory list: `""` for none, else a JSON array of product ids.
pub fn encode_accessories(ids: &[Uuid]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    serde_json::to_string(ids).unwrap_or_default()
}

/// Read a stored accessory list.
pub fn decode_accessories(raw: &str) -> Result<Vec<Uuid>, String> {
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(raw).map_err(|e| format!("not an accessory list: {e}"))
}

/// A component as a file names it: by SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentRef {
    pub sku: String,
    pub quantity: Quantity,
}

/// Parse `SKU-A*2;SKU-B*1` (a missing `*n` is one; spaces around parts are ignored; empty is none).
/// Errors say which part is wrong.
pub fn parse_component_list(raw: &str) -> Result<Vec<ComponentRef>, String> {
    let mut out: Vec<ComponentRef> = Vec::new();
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (sku, qty) = match part.rsplit_once('*') {
            Some((sku, qty)) => (sku.trim(), qty.trim()),
            None => (part, "1"),
        };
        if sku.is_empty() {
            return Err(format!("`{part}` names no SKU (write SKU*quantity)"));
        }
        let quantity = Quantity::parse("quantity", qty).map_err(|e| {
            let why = e.to_string();
            let why = why.strip_prefix("quantity: ").unwrap_or(&why).to_string();
            format!("the quantity of {sku} ({qty:?}) is not valid: {why}")
        })?;
        if out.iter().any(|c| c.sku == sku) {
            return Err(format!("{sku} is listed twice"));
        }
        out.push(ComponentRef {
            sku: sku.to_string(),
            quantity,
        });
    }
    Ok(out)
}

/// Write components the way [`parse_component_list`] reads them.
pub fn format_component_list<'a>(parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    parts
        .into_iter()
        .map(|(sku, qty)| format!("{sku}*{qty}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Parse `SKU-C;SKU-D` (spaces ignored, empty is none). Errors name a SKU listed twice.
pub fn parse_sku_list(raw: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for sku in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        if out.iter().any(|s| s == sku) {
            return Err(format!("{sku} is listed twice"));
        }
        out.push(sku.to_string());
    }
    Ok(out)
}

/// A product of the catalog as the link checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub id: Uuid,
    pub sku: String,
    pub kind: ProductKind,
    /// Ids of its components (a bundle's).
    pub components: Vec<Uuid>,
}

/// The links one written product asks for (from a file row or a form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    /// The file row (2 for the first product), for the problems.
    pub row: u64,
    pub sku: String,
    /// The product's kind after the write.
    pub kind: ProductKind,
    /// `None`: the write keeps the stored components.
    pub components: Option<Vec<ComponentRef>>,
    /// `None`: the write keeps the stored accessories.
    pub accessories: Option<Vec<String>>,
}

/// Links by id, ready to store; `None` where the request kept the stored list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLinks {
    pub components: Option<Vec<BundleComponent>>,
    pub accessories: Option<Vec<Uuid>>,
}

/// A problem with a product's links: the row, the column (`components`, `accessories`, `bundle_pricing`)
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    pub row: u64,
    pub column: &'static str,
    pub message: String,
}

/// Check and resolve the links of products being written, against the catalog as it will be after the
/// write: `catalog` holds every product by SKU with the written ones' new kinds (and ids for new ones).
///
/// Problems: an unknown SKU; a bundle listing itself; a bundle among a bundle's components (bundles do not
/// nest), also when the write turns a component of a stored bundle into a bundle; a bundle without
/// components; components on a product that is not a bundle; a product suggesting itself as its accessory.
pub fn resolve_links(
    requests: &[LinkRequest],
    catalog: &HashMap<String, CatalogEntry>,
) -> Result<Vec<ResolvedLinks>, Vec<LinkProblem>> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(requests.len());
    let written: HashSet<&str> = requests.iter().map(|r| r.sku.as_str()).collect();
    for r in requests {
        let mut problem = |column: &'static str, message: String| {
            problems.push(LinkProblem {
                row: r.row,
                column,
                message,
            });
        };
        let components = r.components.as_ref().map(|list| {
            let mut resolved = Vec::with_capacity(list.len());
            for c in list {
                if c.sku == r.sku {
                    problem(
                        "components",
                        format!("{} is a bundle and cannot contain itself", r.sku),
                    );
                    continue;
                }
                match catalog.get(&c.sku) {
                    None => problem("components", format!("unknown SKU {}", c.sku)),
                    Some(e) if e.kind.is_bundle() => problem(
                        "components",
                        format!(
                            "{} is a bundle itself: a bundle's components must be items (bundles do not nest)",
                            c.sku
                        ),
                    ),
                    Some(e) => resolved.push(BundleComponent {
                        product_id: e.id,
                        quantity: c.quantity.to_string(),
                    }),
                }
            }
            resolved
        });
        let has_components = match &r.components {
            Some(list) => !list.is_empty(),
            None => catalog
                .get(&r.sku)
                .is_some_and(|e| !e.components.is_empty()),
        };
        match (r.kind.is_bundle(), has_components) {
            (true, false) => problem(
                "components",
                format!("{} is a bundle but lists no components", r.sku),
            ),
            (false, true) if r.components.is_some() => problem(
                "components",
                format!(
                    "{} lists components but is not a bundle: set bundle_pricing to sum or fixed",
                    r.sku
                ),
            ),
            _ => {}
        }
        if r.kind.is_bundle() {
            // A stored bundle (not rewritten here) that holds this product would now hold a bundle.
            if let Some(me) = catalog.get(&r.sku) {
                let mut holders: Vec<&CatalogEntry> = catalog
                    .values()
                    .filter(|other| {
                        other.sku != r.sku
                            && !written.contains(other.sku.as_str())
                            && other.kind.is_bundle()
                            && other.components.contains(&me.id)
                    })
                    .collect();
                holders.sort_by(|a, b| a.sku.cmp(&b.sku));
                for other in holders {
                    {
                        problem(
                            "bundle_pricing",
                            format!(
                                "{} is a component of the bundle {}, so it cannot be a bundle (bundles do not nest)",
                                r.sku, other.sku
                            ),
                        );
                    }
                }
            }
        }
        let accessories = r.accessories.as_ref().map(|list| {
            let mut resolved = Vec::with_capacity(list.len());
            for sku in list {
                if *sku == r.sku {
                    problem(
                        "accessories",
                        format!("{sku} cannot suggest itself as an accessory"),
                    );
                    continue;
                }
                match catalog.get(sku) {
                    None => problem("accessories", format!("unknown SKU {sku}")),
                    Some(e) => resolved.push(e.id),
                }
            }
            resolved
        });
        out.push(ResolvedLinks {
            components,
            accessories,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        problems.sort_by_key(|p| p.row);
        Err(problems)
    }
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
