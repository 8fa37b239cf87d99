use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use std::collections::HashMap;

use fieldquote_domain::catalog::{
    CatalogEntry, LinkProblem, LinkRequest, ProductKind, decode_accessories, decode_components,
    encode_accessories, encode_components, resolve_links, sum_of_components,
};
use fieldquote_domain::catalog::{Product, ProductInput, ValidProduct};
use fieldquote_domain::import::{ProductImportReport, ProductRow, link_row_problems};
use fieldquote_domain::pricing::BundlePricing;
use fieldquote_domain::quote::{QuoteLineDraft, QuoteLineKind};
use fieldquote_domain::refusal::{Record, ServerData};
use fieldquote_domain::validation::Quantity;
use fieldquote_domain::{DomainError, FieldError, FieldErrorKind, Money, Refusal};

use crate::entities::product;
use crate::query::{like, like_pattern, parse_id};
use crate::write::Write;
use crate::{Origin, Store, StoreError};

pub(crate) fn to_product(m: product::Model) -> Result<Product, StoreError> {
    let currency = m
        .currency
        .parse()
        .map_err(|()| StoreError::Corrupt(format!("unknown currency {:?}", m.currency)))?;
    let components = decode_components(&m.components)
        .map_err(|e| StoreError::Corrupt(format!("components of product {}: {e}", m.sku)))?;
    let accessories = decode_accessories(&m.accessories)
        .map_err(|e| StoreError::Corrupt(format!("accessories of product {}: {e}", m.sku)))?;
    Ok(Product {
        id: parse_id(&m.id)?,
        unit_price: Money::from_minor(m.unit_price_minor, currency).amount_string(),
        currency,
        sku: m.sku,
        name: m.name,
        description: m.description,
        unit: m.unit,
        tax_rate: m.tax_rate,
        name_zh: m.name_zh,
        description_zh: m.description_zh,
        category: m.category,
        active: m.active != 0,
        bundle_pricing: m.bundle_pricing,
        components,
        accessories,
        shown_price: String::new(),
    }
    .with_shown_price(None))
}

impl Store {
    /// Products whose SKU, names, description or category contains `query` (all when empty), by SKU.
    /// Inactive products are listed too (`active` says so); new quote lines refuse them.
    pub async fn list_products(&self, query: &str) -> Result<Vec<Product>, StoreError> {
        let mut q = product::Entity::find().filter(product::Column::DeletedAt.is_null());
        if !query.trim().is_empty() {
            let p = like_pattern(query);
            q = q.filter(
                Condition::any()
                    .add(like(product::Column::Sku, &p))
                    .add(like(product::Column::Name, &p))
                    .add(like(product::Column::NameZh, &p))
                    .add(like(product::Column::Description, &p))
                    .add(like(product::Column::Category, &p)),
            );
        }
        let products = q
            .order_by_asc(product::Column::Sku)
            .limit(crate::query::LIST_LIMIT)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_product)
            .collect::<Result<Vec<_>, _>>()?;
        self.with_component_sums(products).await
    }

    /// `products` with the shown price of each bundle priced as the sum of its components: what its
    /// components cost at their base prices ([`sum_of_components`]), left empty when that cannot be said.
    async fn with_component_sums(
        &self,
        mut products: Vec<Product>,
    ) -> Result<Vec<Product>, StoreError> {
        for p in &mut products {
            if p.kind() != ProductKind::Bundle(BundlePricing::SumOfComponents) {
                continue;
            }
            let mut parts = Vec::with_capacity(p.components.len());
            for c in &p.components {
                let row = self.product_row(&self.db, c.product_id).await?;
                let part = row.and_then(|row| {
                    let currency = row.currency.parse().ok()?;
                    let quantity = Quantity::parse("quantity", &c.quantity).ok()?;
                    Some((quantity, Money::from_minor(row.unit_price_minor, currency)))
                });
                parts.push(part);
            }
            let sum = match parts.into_iter().collect::<Option<Vec<_>>>() {
                Some(parts) => sum_of_components(p.currency, parts)?,
                None => None,
            };
            *p = p.clone().with_shown_price(sum);
        }
        Ok(products)
    }

    pub(crate) async fn product_row(
        &self,
        conn: &impl sea_orm::ConnectionTrait,
        id: Uuid,
    ) -> Result<Option<product::Model>, StoreError> {
        Ok(product::Entity::find_by_id(id.to_string())
            .filter(product::Column::DeletedAt.is_null())
            .one(conn)
            .await?)
    }

    /// One product by id.
    pub async fn get_product(&self, id: Uuid) -> Result<Product, StoreError> {
        let p = self
            .product_row(&self.db, id)
            .await?
            .ok_or_else(|| StoreError::not_found(Record::Product, id))
            .and_then(to_product)?;
        let mut shown = self.with_component_sums(vec![p]).await?;
        shown
            .pop()
            .ok_or_else(|| StoreError::Corrupt("a product went missing".into()))
    }

    /// Create a product, or update the one with the same SKU. Refused once the device is connected to a
    /// server, whose catalog it is then ([`Refusal::ServerOwned`]). Components and accessories name
    /// products of the catalog by SKU; problems with them are errors on `components` / `accessories`.
    pub async fn upsert_product(
        &self,
        input: &ProductInput,
        origin: Origin,
    ) -> Result<Product, StoreError> {
        let p = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        ensure_catalog_is_local(&w).await?;
        let mut written = match write_products(&w, &[(0, &p)], &|_| {}).await? {
            Ok(written) => written,
            Err(problems) => {
                return Err(StoreError::Invalid(
                    problems
                        .into_iter()
                        .map(|p| {
                            FieldError::new(
                                p.column,
                                FieldErrorKind::InvalidList { reason: p.message },
                            )
                        })
                        .collect(),
                ));
            }
        };
        w.commit().await?;
        let (row, _) = written
            .pop()
            .ok_or_else(|| StoreError::Corrupt("the product was not written".into()))?;
        to_product(row)
    }

    /// Import checked catalog rows (see [`fieldquote_domain::import::parse_products`]) in one transaction:
    /// a row whose SKU exists updates that product, others are created, rows equal to the stored product are
    /// not written. Components and accessories may name products of the file or of the catalog; a problem
    /// with them refuses the whole file ([`DomainError::InvalidRows`], by row and column). Refused, writing
    /// nothing, once the device is connected to a server.
    pub async fn import_products(
        &self,
        rows: &[ProductRow],
        origin: Origin,
    ) -> Result<ProductImportReport, StoreError> {
        self.import_products_reporting(rows, origin, &|_| {}).await
    }

    /// [`Store::import_products`], telling `written` how many rows it has written so far (every few hundred,
    /// for a progress bar; nothing is visible to others before the commit).
    pub async fn import_products_reporting(
        &self,
        rows: &[ProductRow],
        origin: Origin,
        written: &(dyn Fn(usize) + Sync),
    ) -> Result<ProductImportReport, StoreError> {
        let w = self.begin_write(origin).await?;
        ensure_catalog_is_local(&w).await?;
        let mut report = ProductImportReport {
            rows: rows.len(),
            ..ProductImportReport::default()
        };
        let products: Vec<(u64, &ValidProduct)> =
            rows.iter().map(|r| (r.row, &r.product)).collect();
        let written = match write_products(&w, &products, written).await? {
            Ok(written) => written,
            Err(problems) => {
                return Err(DomainError::InvalidRows(link_row_problems(rows, problems)).into());
            }
        };
        for (_, what) in written {
            match what {
                Upsert::Created => report.created += 1,
                Upsert::Updated => report.updated += 1,
                Upsert::Unchanged => report.unchanged += 1,
            }
        }
        w.commit().await?;
        Ok(report)
    }

    /// Every product (the catalog as a CSV export would hold it), by SKU.
    pub async fn all_products(&self) -> Result<Vec<Product>, StoreError> {
        let products = product::Entity::find()
            .filter(product::Column::DeletedAt.is_null())
            .order_by_asc(product::Column::Sku)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_product)
            .collect::<Result<Vec<_>, _>>()?;
        self.with_component_sums(products).await
    }

    /// The draft lines that add `quantity` of a product to a quote: one item line, or for a bundle its
    /// bundle line followed by one line per component (the component's quantity per bundle × `quantity`).
    /// The bundle line is at index 0 of the result: put the lines at the end of a draft and set the
    /// components' `parent` to the bundle line's index there ([`QuoteDraft::push_lines`] does that).
    ///
    /// An inactive product (or an inactive component) is an error on `product_id`.
    pub async fn lines_for_product(
        &self,
        product_id: Uuid,
        quantity: &str,
    ) -> Result<Vec<QuoteLineDraft>, StoreError> {
        let qty =
            Quantity::parse("quantity", quantity).map_err(|e| StoreError::Invalid(vec![e]))?;
        let p = self.get_product(product_id).await?;
        if !p.active {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "product_id",
                FieldErrorKind::Inactive,
            )]));
        }
        let line = |product_id, kind, parent, quantity: String| QuoteLineDraft {
            product_id,
            quantity,
            kind,
            parent,
            ..QuoteLineDraft::default()
        };
        if !p.kind().is_bundle() {
            return Ok(vec![line(p.id, QuoteLineKind::Item, None, qty.to_string())]);
        }
        let mut lines = vec![line(p.id, QuoteLineKind::Bundle, None, qty.to_string())];
        for c in &p.components {
            let part = self.get_product(c.product_id).await?;
            if !part.active {
                return Err(StoreError::Invalid(vec![FieldError::new(
                    format!("components.{}", part.sku),
                    FieldErrorKind::Inactive,
                )]));
            }
            let per_bundle = Quantity::parse("quantity", &c.quantity)
                .map_err(|_| StoreError::Corrupt(format!("component quantity {:?}", c.quantity)))?;
            let total = (per_bundle.value() * qty.value()).normalize().to_string();
            // Checked like a typed quantity (at most 3 decimals).
            Quantity::parse("quantity", &total).map_err(|e| StoreError::Invalid(vec![e]))?;
            lines.push(line(part.id, QuoteLineKind::Component, Some(0), total));
        }
        Ok(lines)
    }

    /// The active products a product suggests as options when it is added to a quote, in the catalog's
    /// order for it.
    pub async fn suggested_accessories(
        &self,
        product_id: Uuid,
    ) -> Result<Vec<Product>, StoreError> {
        let p = self.get_product(product_id).await?;
        let mut out = Vec::with_capacity(p.accessories.len());
        for id in p.accessories {
            if let Some(row) = self.product_row(&self.db, id).await?
                && row.active != 0
            {
                out.push(to_product(row)?);
            }
        }
        Ok(out)
    }
}

enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// The catalog may be edited here only while the device is not connected to a server.
pub(crate) async fn ensure_catalog_is_local(w: &Write) -> Result<(), StoreError> {
    ensure_local(w, ServerData::Catalog).await
}

/// `data` (the catalog, the price lists) may be edited here only while the device is not connected to a server.
pub(crate) async fn ensure_local(w: &Write, data: ServerData) -> Result<(), StoreError> {
    let row = w
        .txn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT server_url FROM sync_state WHERE id = 1",
        ))
        .await?;
    let server: Option<String> = row.map(|r| r.try_get_by_index(0)).transpose()?.flatten();
    match server {
        Some(server) => Err(Refusal::ServerOwned { data, server }.into()),
        None => Ok(()),
    }
}

/// How often a long write says how far it got.
pub(crate) const REPORT_EVERY: usize = 250;

/// Write `products` (each with its file row) over the products with their SKUs, or as new ones, inside `w`,
/// recording each change and telling `written` how many are done every [`REPORT_EVERY`]. Components and
/// accessories are resolved against the catalog as it will be after the write; their problems come back, with
/// nothing written.
async fn write_products(
    w: &Write,
    products: &[(u64, &ValidProduct)],
    written: &(dyn Fn(usize) + Sync),
) -> Result<Result<Vec<(product::Model, Upsert)>, Vec<LinkProblem>>, StoreError> {
    let stored = product::Entity::find().all(&w.txn).await?;
    let mut by_sku: HashMap<String, product::Model> =
        stored.into_iter().map(|m| (m.sku.clone(), m)).collect();
    let stored_kind =
        |m: &product::Model| ProductKind::parse(&m.bundle_pricing).unwrap_or_default();
    let mut catalog: HashMap<String, CatalogEntry> = HashMap::new();
    for m in by_sku.values().filter(|m| m.deleted_at.is_none()) {
        let components = decode_components(&m.components)
            .map_err(|e| StoreError::Corrupt(format!("components of product {}: {e}", m.sku)))?;
        catalog.insert(
            m.sku.clone(),
            CatalogEntry {
                id: parse_id(&m.id)?,
                sku: m.sku.clone(),
                kind: stored_kind(m),
                components: components.into_iter().map(|c| c.product_id).collect(),
            },
        );
    }
    let mut requests = Vec::with_capacity(products.len());
    let mut ids = Vec::with_capacity(products.len());
    for &(row, p) in products {
        let existing = by_sku.get(&p.sku);
        let id = match existing {
            Some(m) => parse_id(&m.id)?,
            None => Uuid::now_v7(),
        };
        let kind = p
            .kind
            .or_else(|| existing.filter(|m| m.deleted_at.is_none()).map(stored_kind))
            .unwrap_or_default();
        let entry = catalog
            .entry(p.sku.clone())
            .or_insert_with(|| CatalogEntry {
                id,
                sku: p.sku.clone(),
                kind,
                components: Vec::new(),
            });
        entry.kind = kind;
        ids.push(id);
        requests.push(LinkRequest {
            row,
            sku: p.sku.clone(),
            kind,
            components: p.components.clone(),
            accessories: p.accessories.clone(),
        });
    }
    let links = match resolve_links(&requests, &catalog) {
        Ok(links) => links,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut out = Vec::with_capacity(products.len());
    for ((&(_, p), id), (request, links)) in
        products.iter().zip(ids).zip(requests.iter().zip(links))
    {
        if !out.is_empty() && out.len() % REPORT_EVERY == 0 {
            written(out.len());
        }
        let existing = by_sku.remove(&p.sku);
        let keep =
            |f: &dyn Fn(&product::Model) -> String| existing.as_ref().map(f).unwrap_or_default();
        let name_zh = p
            .name_zh
            .clone()
            .unwrap_or_else(|| keep(&|m| m.name_zh.clone()));
        let description_zh = p
            .description_zh
            .clone()
            .unwrap_or_else(|| keep(&|m| m.description_zh.clone()));
        let category = p
            .category
            .clone()
            .unwrap_or_else(|| keep(&|m| m.category.clone()));
        let active = match p.active {
            Some(a) => i32::from(a),
            None => existing.as_ref().map_or(1, |m| m.active),
        };
        let components = match &links.components {
            Some(list) => encode_components(list),
            // A bundle made an item loses its components.
            None if !request.kind.is_bundle() => String::new(),
            None => keep(&|m| m.components.clone()),
        };
        let accessories = match &links.accessories {
            Some(list) => encode_accessories(list),
            None => keep(&|m| m.accessories.clone()),
        };
        let wanted = product::Model {
            id: id.to_string(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            unit: p.unit.clone(),
            unit_price_minor: p.unit_price.minor(),
            currency: p.unit_price.currency().to_string(),
            tax_rate: p.tax_rate.to_string(),
            name_zh,
            description_zh,
            category,
            active,
            bundle_pricing: request.kind.code().to_string(),
            components,
            accessories,
            updated_at: w.hlc.clone(),
            deleted_at: None,
            owner_id: w.owner_id.clone(),
        };
        let (row, what) = match existing {
            Some(m) => {
                let same = product::Model {
                    updated_at: m.updated_at.clone(),
                    owner_id: m.owner_id.clone(),
                    ..wanted.clone()
                } == m;
                if same {
                    out.push((m, Upsert::Unchanged));
                    continue;
                }
                let before = m.clone();
                let mut am = m.into_active_model();
                am.name = Set(wanted.name);
                am.description = Set(wanted.description);
                am.unit = Set(wanted.unit);
                am.unit_price_minor = Set(wanted.unit_price_minor);
                am.currency = Set(wanted.currency);
                am.tax_rate = Set(wanted.tax_rate);
                am.name_zh = Set(wanted.name_zh);
                am.description_zh = Set(wanted.description_zh);
                am.category = Set(wanted.category);
                am.active = Set(wanted.active);
                am.bundle_pricing = Set(wanted.bundle_pricing);
                am.components = Set(wanted.components);
                am.accessories = Set(wanted.accessories);
                am.deleted_at = Set(None);
                am.updated_at = Set(w.hlc.clone());
                let row = am.update(&w.txn).await?;
                w.record("product", &row.id, "upsert", Some(&before), &row)
                    .await?;
                (row, Upsert::Updated)
            }
            None => {
                let row = product::ActiveModel {
                    id: Set(wanted.id),
                    sku: Set(wanted.sku),
                    name: Set(wanted.name),
                    description: Set(wanted.description),
                    unit: Set(wanted.unit),
                    unit_price_minor: Set(wanted.unit_price_minor),
                    currency: Set(wanted.currency),
                    tax_rate: Set(wanted.tax_rate),
                    name_zh: Set(wanted.name_zh),
                    description_zh: Set(wanted.description_zh),
                    category: Set(wanted.category),
                    active: Set(wanted.active),
                    bundle_pricing: Set(wanted.bundle_pricing),
                    components: Set(wanted.components),
                    accessories: Set(wanted.accessories),
                    updated_at: Set(wanted.updated_at),
                    deleted_at: Set(None),
                    owner_id: Set(wanted.owner_id),
                }
                .insert(&w.txn)
                .await?;
                w.record("product", &row.id, "upsert", None, &row).await?;
                (row, Upsert::Created)
            }
        };
        out.push((row, what));
    }
    Ok(Ok(out))
}
