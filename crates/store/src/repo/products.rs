use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde::Serialize;
use uuid::Uuid;

use fieldquote_domain::Money;
use fieldquote_domain::import::ProductRow;
use fieldquote_domain::model::{Product, ProductInput, ValidProduct};

use super::{like, like_pattern, parse_id};
use crate::entities::product;
use crate::write::Write;
use crate::{Origin, Store, StoreError};

pub(crate) fn to_product(m: product::Model) -> Result<Product, StoreError> {
    let currency = m
        .currency
        .parse()
        .map_err(|()| StoreError::Corrupt(format!("unknown currency {:?}", m.currency)))?;
    Ok(Product {
        id: parse_id(&m.id)?,
        unit_price: Money::from_minor(m.unit_price_minor, currency).amount_string(),
        currency,
        sku: m.sku,
        name: m.name,
        description: m.description,
        unit: m.unit,
        tax_rate: m.tax_rate,
    })
}

impl Store {
    /// Products whose SKU, name or description contains `query` (all when empty), by SKU.
    pub async fn list_products(&self, query: &str) -> Result<Vec<Product>, StoreError> {
        let mut q = product::Entity::find().filter(product::Column::DeletedAt.is_null());
        if !query.trim().is_empty() {
            let p = like_pattern(query);
            q = q.filter(
                Condition::any()
                    .add(like(product::Column::Sku, &p))
                    .add(like(product::Column::Name, &p))
                    .add(like(product::Column::Description, &p)),
            );
        }
        q.order_by_asc(product::Column::Sku)
            .limit(super::customers::LIST_LIMIT)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_product)
            .collect()
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

    /// Create a product, or update the one with the same SKU. Refused once the device is connected to a
    /// server, whose catalog it is then ([`StoreError::ServerOwned`]).
    pub async fn upsert_product(
        &self,
        input: &ProductInput,
        origin: Origin,
    ) -> Result<Product, StoreError> {
        let p = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        ensure_catalog_is_local(&w).await?;
        let (row, _) = upsert(&w, &p).await?;
        w.commit().await?;
        to_product(row)
    }

    /// Import checked catalog rows (see [`fieldquote_domain::import::parse_products`]) in one transaction:
    /// a row whose SKU exists updates that product, others are created, rows equal to the stored product are
    /// not written. Refused, writing nothing, once the device is connected to a server.
    pub async fn import_products(
        &self,
        rows: &[ProductRow],
        origin: Origin,
    ) -> Result<ImportReport, StoreError> {
        let w = self.begin_write(origin).await?;
        ensure_catalog_is_local(&w).await?;
        let mut report = ImportReport {
            rows: rows.len(),
            ..ImportReport::default()
        };
        for r in rows {
            match upsert(&w, &r.product).await? {
                (_, Upsert::Created) => report.created += 1,
                (_, Upsert::Updated) => report.updated += 1,
                (_, Upsert::Unchanged) => report.unchanged += 1,
            }
        }
        w.commit().await?;
        Ok(report)
    }

    /// Every product (the catalog as a CSV export would hold it), by SKU.
    pub async fn all_products(&self) -> Result<Vec<Product>, StoreError> {
        product::Entity::find()
            .filter(product::Column::DeletedAt.is_null())
            .order_by_asc(product::Column::Sku)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_product)
            .collect()
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Product rows in the file.
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    /// Equal to the stored product: not written.
    pub unchanged: usize,
}

enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// The catalog may be edited here only while the device is not connected to a server.
pub(crate) async fn ensure_catalog_is_local(w: &Write) -> Result<(), StoreError> {
    ensure_local(w, "catalog").await
}

/// `what` (the catalog, the price lists) may be edited here only while the device is not connected to a server.
pub(crate) async fn ensure_local(w: &Write, what: &'static str) -> Result<(), StoreError> {
    let row = w
        .txn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT server_url FROM sync_state WHERE id = 1",
        ))
        .await?;
    let server: Option<String> = row.map(|r| r.try_get_by_index(0)).transpose()?.flatten();
    match server {
        Some(server) => Err(StoreError::ServerOwned { what, server }),
        None => Ok(()),
    }
}

/// Write `p` over the product with its SKU (or as a new one) inside `w`, recording the change.
async fn upsert(w: &Write, p: &ValidProduct) -> Result<(product::Model, Upsert), StoreError> {
    let existing = product::Entity::find()
        .filter(product::Column::Sku.eq(p.sku.as_str()))
        .one(&w.txn)
        .await?;
    let before = existing.clone();
    let (row, what) = match existing {
        Some(m) => {
            let same = m.deleted_at.is_none()
                && m.name == p.name
                && m.description == p.description
                && m.unit == p.unit
                && m.unit_price_minor == p.unit_price.minor()
                && m.currency == p.unit_price.currency().to_string()
                && m.tax_rate == p.tax_rate.to_string();
            if same {
                return Ok((m, Upsert::Unchanged));
            }
            let mut am = m.into_active_model();
            am.name = Set(p.name.clone());
            am.description = Set(p.description.clone());
            am.unit = Set(p.unit.clone());
            am.unit_price_minor = Set(p.unit_price.minor());
            am.currency = Set(p.unit_price.currency().to_string());
            am.tax_rate = Set(p.tax_rate.to_string());
            am.deleted_at = Set(None);
            am.updated_at = Set(w.hlc.clone());
            (am.update(&w.txn).await?, Upsert::Updated)
        }
        None => (
            product::ActiveModel {
                id: Set(Uuid::now_v7().to_string()),
                sku: Set(p.sku.clone()),
                name: Set(p.name.clone()),
                description: Set(p.description.clone()),
                unit: Set(p.unit.clone()),
                unit_price_minor: Set(p.unit_price.minor()),
                currency: Set(p.unit_price.currency().to_string()),
                tax_rate: Set(p.tax_rate.to_string()),
                updated_at: Set(w.hlc.clone()),
                deleted_at: Set(None),
                owner_id: Set(w.owner_id.clone()),
            }
            .insert(&w.txn)
            .await?,
            Upsert::Created,
        ),
    };
    w.record("product", &row.id, "upsert", before.as_ref(), &row)
        .await?;
    Ok((row, what))
}
