use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, TryIntoModel,
};
use uuid::Uuid;

use fieldquote_domain::customer::{Customer, CustomerInput};
use fieldquote_domain::refusal::Record;

use crate::derived::sort_key;
use crate::entities::customer;
use crate::query::{like, like_pattern, parse_id};
use crate::{Origin, Store, StoreError};

/// Most rows a list returns; the search box narrows further.
pub const LIST_LIMIT: u64 = 1_000;

pub(crate) fn to_customer(m: customer::Model) -> Result<Customer, StoreError> {
    Ok(Customer {
        id: parse_id(&m.id)?,
        name: m.name,
        contact_person: m.contact_person,
        phone: m.phone,
        email: m.email,
        address: m.address,
        tax_id: m.tax_id,
        updated_at: m.updated_at,
    })
}

impl Store {
    /// Customers whose name, contact person or phone contains `query` (all when empty), by name.
    pub async fn list_customers(&self, query: &str) -> Result<Vec<Customer>, StoreError> {
        let mut q = customer::Entity::find().filter(customer::Column::DeletedAt.is_null());
        if !query.trim().is_empty() {
            let p = like_pattern(query);
            q = q.filter(
                Condition::any()
                    .add(like(customer::Column::Name, &p))
                    .add(like(customer::Column::ContactPerson, &p))
                    .add(like(customer::Column::Phone, &p)),
            );
        }
        q.order_by_asc(customer::Column::Name)
            .limit(LIST_LIMIT)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_customer)
            .collect()
    }

    pub(crate) async fn customer_row(
        &self,
        conn: &impl sea_orm::ConnectionTrait,
        id: Uuid,
    ) -> Result<customer::Model, StoreError> {
        customer::Entity::find_by_id(id.to_string())
            .filter(customer::Column::DeletedAt.is_null())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(Record::Customer, id))
    }

    pub async fn get_customer(&self, id: Uuid) -> Result<Customer, StoreError> {
        to_customer(self.customer_row(&self.db, id).await?)
    }

    /// Create a customer. Nothing is written if the input is invalid.
    pub async fn create_customer(
        &self,
        input: &CustomerInput,
        origin: Origin,
    ) -> Result<Customer, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let c = v.get();
        let w = self.begin_write(origin).await?;
        let row = customer::ActiveModel {
            id: Set(Uuid::now_v7().to_string()),
            name: Set(c.name.clone()),
            contact_person: Set(c.contact_person.clone()),
            phone: Set(c.phone.clone()),
            email: Set(c.email.clone()),
            address: Set(c.address.clone()),
            tax_id: Set(c.tax_id.clone()),
            price_list_id: Set(String::new()),
            sort_key: Set(sort_key(&c.name)),
            updated_at: Set(w.hlc.clone()),
            deleted_at: Set(None),
            owner_id: Set(w.owner_id.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.record("customer", &row.id, "upsert", None, &row).await?;
        w.commit().await?;
        to_customer(row)
    }

    /// Update a customer. Nothing is written if the input is invalid or the customer is gone.
    pub async fn update_customer(
        &self,
        id: Uuid,
        input: &CustomerInput,
        origin: Origin,
    ) -> Result<Customer, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let c = v.get();
        let w = self.begin_write(origin).await?;
        let before = self.customer_row(&w.txn, id).await?;
        let mut am = before.clone().into_active_model();
        am.name = Set(c.name.clone());
        am.sort_key = Set(sort_key(&c.name));
        am.contact_person = Set(c.contact_person.clone());
        am.phone = Set(c.phone.clone());
        am.email = Set(c.email.clone());
        am.address = Set(c.address.clone());
        am.tax_id = Set(c.tax_id.clone());
        // Saving what is already there writes nothing: the row keeps the clock of its last change.
        if am.clone().try_into_model()? == before {
            return to_customer(before);
        }
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("customer", &row.id, "upsert", Some(&before), &row)
            .await?;
        w.commit().await?;
        to_customer(row)
    }

    /// Find a live customer by exact name.
    pub async fn find_customer_by_name(&self, name: &str) -> Result<Option<Customer>, StoreError> {
        customer::Entity::find()
            .filter(customer::Column::DeletedAt.is_null())
            .filter(customer::Column::Name.eq(name))
            .one(&self.db)
            .await?
            .map(to_customer)
            .transpose()
    }
}
