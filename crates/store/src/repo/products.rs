use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use fieldquote_domain::Money;
use fieldquote_domain::model::{Product, ProductInput};

use super::{like, like_pattern, parse_id};
use crate::entities::product;
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

    /// Create a product, or update the one with the same SKU.
    pub async fn upsert_product(
        &self,
        input: &ProductInput,
        origin: Origin,
    ) -> Result<Product, StoreError> {
        let p = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let existing = product::Entity::find()
            .filter(product::Column::Sku.eq(p.sku.as_str()))
            .one(&w.txn)
            .await?;
        let before = existing.clone();
        let row = match existing {
            Some(m) => {
                let mut am = m.into_active_model();
                am.name = Set(p.name.clone());
                am.description = Set(p.description.clone());
                am.unit = Set(p.unit.clone());
                am.unit_price_minor = Set(p.unit_price.minor());
                am.currency = Set(p.unit_price.currency().to_string());
                am.tax_rate = Set(p.tax_rate.to_string());
                am.deleted_at = Set(None);
                am.updated_at = Set(w.hlc.clone());
                am.update(&w.txn).await?
            }
            None => {
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
                .await?
            }
        };
        w.record("product", &row.id, "upsert", before.as_ref(), &row)
            .await?;
        w.commit().await?;
        to_product(row)
    }
}
