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

use crate::pricing::BundlePricing;
use crate::validation::Quantity;

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
mod tests {
    use super::*;

    fn entry(n: u128, sku: &str, kind: ProductKind, components: &[u128]) -> (String, CatalogEntry) {
        (
            sku.to_string(),
            CatalogEntry {
                id: Uuid::from_u128(n),
                sku: sku.to_string(),
                kind,
                components: components.iter().map(|&c| Uuid::from_u128(c)).collect(),
            },
        )
    }

    const SUM: ProductKind = ProductKind::Bundle(BundlePricing::SumOfComponents);

    #[test]
    fn kinds_and_lists_round_trip() {
        for k in [
            ProductKind::Item,
            SUM,
            ProductKind::Bundle(BundlePricing::Fixed),
        ] {
            assert_eq!(ProductKind::parse(k.code()), Some(k));
        }
        assert_eq!(
            ProductKind::parse(" Fixed "),
            Some(ProductKind::Bundle(BundlePricing::Fixed))
        );
        assert_eq!(ProductKind::parse("nested"), None);

        let list = parse_component_list(" A*2; B ;C*0.5;").unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1].quantity.to_string(), "1");
        let text = format_component_list(
            list.iter()
                .map(|c| (c.sku.as_str(), ""))
                .zip(["2", "1", "0.5"])
                .map(|((s, _), q)| (s, q)),
        );
        assert_eq!(text, "A*2;B*1;C*0.5");
        assert!(
            parse_component_list("A*0")
                .unwrap_err()
                .contains("quantity of A")
        );
        assert!(
            parse_component_list("A*x")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(parse_component_list("*2").unwrap_err().contains("no SKU"));
        assert!(parse_component_list("A;A*2").unwrap_err().contains("twice"));
        assert!(parse_component_list("").unwrap().is_empty());
        assert_eq!(parse_sku_list("X; Y").unwrap(), ["X", "Y"]);

        let components = vec![BundleComponent {
            product_id: Uuid::from_u128(7),
            quantity: "2".into(),
        }];
        let raw = encode_components(&components);
        assert_eq!(decode_components(&raw).unwrap(), components);
        assert_eq!(encode_components(&[]), "");
        assert!(
            decode_components(
                "[{\"product_id\":\"00000000-0000-0000-0000-000000000007\",\"quantity\":\"-1\"}]"
            )
            .is_err()
        );
        let ids = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
        assert_eq!(decode_accessories(&encode_accessories(&ids)).unwrap(), ids);
        assert!(decode_accessories("").unwrap().is_empty());
    }

    fn request(
        row: u64,
        sku: &str,
        kind: ProductKind,
        components: &str,
        accessories: &str,
    ) -> LinkRequest {
        LinkRequest {
            row,
            sku: sku.into(),
            kind,
            components: Some(parse_component_list(components).unwrap()),
            accessories: Some(parse_sku_list(accessories).unwrap()),
        }
    }

    #[test]
    fn links_resolve_against_the_catalog() {
        let catalog: HashMap<_, _> = [
            entry(1, "A", ProductKind::Item, &[]),
            entry(2, "B", ProductKind::Item, &[]),
            entry(3, "KIT", SUM, &[]),
        ]
        .into_iter()
        .collect();
        let ok = resolve_links(&[request(2, "KIT", SUM, "A*2;B", "A")], &catalog).unwrap();
        let components = ok[0].components.as_ref().unwrap();
        assert_eq!(components[0].product_id, Uuid::from_u128(1));
        assert_eq!(components[0].quantity, "2");
        assert_eq!(ok[0].accessories, Some(vec![Uuid::from_u128(1)]));
    }

    #[test]
    fn bad_links_are_reported_by_row_and_column() {
        // As it will be after the write: A becomes a bundle.
        let catalog: HashMap<_, _> = [
            entry(1, "A", SUM, &[]),
            entry(3, "KIT", SUM, &[]),
            entry(4, "KIT2", SUM, &[1]),
            entry(5, "OLD", SUM, &[1]),
        ]
        .into_iter()
        .collect();
        let problems = resolve_links(
            &[
                request(2, "KIT", SUM, "A;NOPE*2;KIT", "KIT"),
                request(3, "KIT2", SUM, "KIT*1", "ZZZ"),
                request(4, "A", SUM, "", ""),
                request(5, "X", ProductKind::Item, "A", ""),
            ],
            &catalog,
        )
        .unwrap_err();
        let text: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}: {}", p.row, p.column, p.message))
            .collect();
        assert_eq!(
            text,
            [
                "2 components: A is a bundle itself: a bundle's components must be items (bundles do not nest)",
                "2 components: unknown SKU NOPE",
                "2 components: KIT is a bundle and cannot contain itself",
                "2 accessories: KIT cannot suggest itself as an accessory",
                "3 components: KIT is a bundle itself: a bundle's components must be items (bundles do not nest)",
                "3 accessories: unknown SKU ZZZ",
                "4 components: A is a bundle but lists no components",
                "4 bundle_pricing: A is a component of the bundle OLD, so it cannot be a bundle (bundles do not nest)",
                "5 components: A is a bundle itself: a bundle's components must be items (bundles do not nest)",
                "5 components: X lists components but is not a bundle: set bundle_pricing to sum or fixed",
            ]
        );
    }
}
