//! Accounts (the `customer` table): create, edit, delete, read, the list as a query, the account page,
//! and sharing with colleagues of other teams.

mod page;
mod share;

use serde_json::Value as Json;
use uuid::Uuid;

use fieldquote_domain::account::{
    Account, AccountFilter, AccountInput, AccountRow, AccountSort, InvoiceType, Lifecycle,
    SizeClass, Source, ValueClass,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::text_list;

use crate::entities::customer;
use crate::paging::{Where, dir, page};
use crate::query::parse_id;
use crate::rows::{self, Fields, Row};
use crate::{Origin, Store, StoreError};

const KIND: EntityKind = EntityKind::Customer;

fn opt_word<T: Copy>(v: Option<T>, word: impl Fn(T) -> &'static str) -> Json {
    v.map(word).unwrap_or_default().into()
}

/// The columns an input writes.
fn input_fields(a: &AccountInput) -> Fields {
    rows::fields([
        ("name", a.name.clone().into()),
        ("contact_person", a.contact_person.clone().into()),
        ("phone", a.phone.clone().into()),
        ("email", a.email.clone().into()),
        ("address", a.address.clone().into()),
        ("tax_id", a.tax_id.clone().into()),
        ("industry", a.industry.clone().into()),
        ("size_class", opt_word(a.size_class, SizeClass::as_str)),
        ("region", a.region.clone().into()),
        ("source", opt_word(a.source, Source::as_str)),
        ("lifecycle", a.lifecycle.as_str().into()),
        ("value_class", opt_word(a.value_class, ValueClass::as_str)),
        ("tags", text_list::to_json(&a.tags).into()),
        ("notes", a.notes.clone().into()),
        ("invoice_title", a.invoice_title.clone().into()),
        ("invoice_bank", a.invoice_bank.clone().into()),
        ("invoice_account", a.invoice_account.clone().into()),
        ("invoice_address", a.invoice_address.clone().into()),
        ("invoice_phone", a.invoice_phone.clone().into()),
        (
            "invoice_type",
            opt_word(a.invoice_type, InvoiceType::as_str),
        ),
    ])
}

/// A stored account row as the domain's view. Words this build does not know read as not set.
pub(crate) fn to_account(r: &Row) -> Result<Account, StoreError> {
    Ok(Account {
        id: r.id()?,
        name: r.text("name").into(),
        contact_person: r.text("contact_person").into(),
        phone: r.text("phone").into(),
        email: r.text("email").into(),
        address: r.text("address").into(),
        tax_id: r.text("tax_id").into(),
        price_list_id: r.opt_id("price_list_id"),
        industry: r.text("industry").into(),
        size_class: SizeClass::parse(r.text("size_class")),
        region: r.text("region").into(),
        source: Source::parse(r.text("source")),
        lifecycle: Lifecycle::or_prospect(r.text("lifecycle")),
        value_class: ValueClass::parse(r.text("value_class")),
        tags: text_list::parse(r.text("tags")),
        notes: r.text("notes").into(),
        invoice_title: r.text("invoice_title").into(),
        invoice_bank: r.text("invoice_bank").into(),
        invoice_account: r.text("invoice_account").into(),
        invoice_address: r.text("invoice_address").into(),
        invoice_phone: r.text("invoice_phone").into(),
        invoice_type: InvoiceType::parse(r.text("invoice_type")),
        // Rows of a database from before owners were kept carry a placeholder: no owner (nil).
        owner_id: r.opt_id("owner_id").unwrap_or_default(),
        updated_at: r.updated_at(),
    })
}

/// An account read through the `customer` entity (quotes and price lists join it that way).
pub(crate) fn account_of_model(m: customer::Model) -> Result<Account, StoreError> {
    match serde_json::to_value(m) {
        Ok(Json::Object(map)) => to_account(&Row { kind: KIND, map }),
        _ => Err(StoreError::Corrupt(
            "an account row that is not an object".into(),
        )),
    }
}

/// The live `customer` row of an account, or a not-found refusal.
pub(crate) async fn account_model(
    conn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
) -> Result<customer::Model, StoreError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    customer::Entity::find_by_id(id.to_string())
        .filter(customer::Column::DeletedAt.is_null())
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::missing(KIND, id))
}

/// The row the list shows, from `SELECT` [`LIST_COLUMNS`].
const LIST_COLUMNS: &str = "a.id, a.name, a.contact_person, a.phone, a.email, a.industry, a.region, a.size_class, a.lifecycle, a.value_class, \
    a.owner_id, a.updated_at, \
    (SELECT COUNT(*) FROM opportunity o WHERE o.account_id = a.id AND o.deleted_at IS NULL \
     AND o.stage NOT IN ('won', 'lost')) AS open_opportunities, \
    COALESCE((SELECT MAX(v.starts_at) FROM activity v WHERE v.account_id = a.id AND v.deleted_at IS NULL), '') \
     AS last_activity";

fn list_row(r: &sea_orm::QueryResult) -> Result<AccountRow, StoreError> {
    let text = |i| r.try_get_by_index::<String>(i);
    Ok(AccountRow {
        id: parse_id(&text(0)?)?,
        name: text(1)?,
        contact_person: text(2)?,
        phone: text(3)?,
        email: text(4)?,
        industry: text(5)?,
        region: text(6)?,
        size_class: SizeClass::parse(&text(7)?),
        lifecycle: Lifecycle::or_prospect(&text(8)?),
        value_class: ValueClass::parse(&text(9)?),
        owner_id: text(10)?.parse().unwrap_or_default(),
        updated_at: text(11)?,
        open_opportunities: u32::try_from(r.try_get_by_index::<i64>(12)?).unwrap_or(0),
        last_activity_at: text(13)?,
    })
}

impl Store {
    /// Create an account owned by this device's user (their team sees it). Nothing is written if the input
    /// is invalid.
    pub async fn create_account(
        &self,
        input: &AccountInput,
        origin: Origin,
    ) -> Result<Account, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let row = w
            .insert_row(KIND, Uuid::now_v7(), input_fields(v.get()))
            .await?;
        w.commit().await?;
        to_account(&row)
    }

    /// Change an account: every field of the input (its price list is kept). Only the fields that changed
    /// are synced. Nothing is written if the input is invalid or the account is gone.
    pub async fn update_account(
        &self,
        id: Uuid,
        input: &AccountInput,
        origin: Origin,
    ) -> Result<Account, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        let row = w.update_row(&before, input_fields(v.get())).await?;
        w.commit().await?;
        to_account(&row)
    }

    /// Delete an account (a tombstone that syncs). Its contacts, opportunities, activities and feedback stay
    /// stored but leave every list with it; restoring it (a later edit elsewhere wins) brings them back.
    pub async fn delete_account(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    /// A live account.
    pub async fn get_account(&self, id: Uuid) -> Result<Account, StoreError> {
        to_account(&rows::live(&self.db, KIND, id).await?)
    }

    /// A live account by its exact name (the first made, when several share it).
    pub async fn find_account_by_name(&self, name: &str) -> Result<Option<Account>, StoreError> {
        rows::select(
            &self.db,
            KIND,
            "a.name = ? AND a.deleted_at IS NULL",
            vec![name.into()],
            "a.id",
        )
        .await?
        .first()
        .map(to_account)
        .transpose()
    }

    /// One window of the account list, with the count of every account the filter keeps. Names sort in
    /// pinyin order (Chinese and Latin names together).
    pub async fn list_accounts(
        &self,
        q: &ListQuery<AccountFilter, AccountSort>,
    ) -> Result<Page<AccountRow>, StoreError> {
        let f = &q.filter;
        let mut w = Where::new();
        w.and("a.deleted_at IS NULL", vec![])
            .contains(&["a.name", "a.contact_person", "a.phone"], &f.text)
            .eq_opt("a.owner_id", f.owner_id.map(|u| u.to_string()))
            .eq_text("a.industry", &f.industry)
            .eq_opt(
                "a.value_class",
                f.value_class.map(|v| v.as_str().to_string()),
            );
        if let Some(l) = f.lifecycle {
            // An account whose lifecycle was never set is a prospect.
            w.and(
                "(a.lifecycle = ? OR (? = 'prospect' AND a.lifecycle = ''))",
                vec![l.as_str().into(), l.as_str().into()],
            );
        }
        if !f.active_from.trim().is_empty() || !f.active_to.trim().is_empty() {
            let mut inner = Where::new();
            inner.day_range("v.starts_at", &f.active_from, &f.active_to);
            let (clauses, values) = inner.into_parts();
            w.and(
                &format!(
                    "EXISTS (SELECT 1 FROM activity v WHERE v.account_id = a.id AND v.deleted_at IS NULL AND {})",
                    clauses.join(" AND ")
                ),
                values,
            );
        }
        let d = dir(q.dir);
        let order = match q.sort {
            AccountSort::Name => format!("a.sort_key {d}, a.name {d}"),
            AccountSort::Industry => format!("a.industry {d}, a.sort_key"),
            AccountSort::Region => format!("a.region {d}, a.sort_key"),
            AccountSort::Lifecycle => format!("a.lifecycle {d}, a.sort_key"),
            AccountSort::ValueClass => {
                format!(
                    "CASE a.value_class WHEN '' THEN 'z' ELSE a.value_class END {d}, a.sort_key"
                )
            }
            AccountSort::UpdatedAt => format!("a.updated_at {d}"),
            AccountSort::LastActivity => format!("last_activity {d}, a.sort_key"),
        };
        page(
            &self.db,
            LIST_COLUMNS,
            "customer a",
            &w,
            &format!("{order}, a.id"),
            q.offset,
            q.window(),
            list_row,
        )
        .await
    }
}
