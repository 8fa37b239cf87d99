//! Contacts: the people at an account.

use uuid::Uuid;

use fieldquote_domain::contact::{
    BuyingRole, Contact, ContactFilter, ContactInput, ContactSort, Stance,
};
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::sync::EntityKind;

use crate::paging::{Where, dir, page};
use crate::rows::{self, Fields, Row, id_text};
use crate::{Origin, Store, StoreError};

const KIND: EntityKind = EntityKind::Contact;

fn input_fields(c: &ContactInput) -> Fields {
    rows::fields([
        ("account_id", id_text(Some(c.account_id))),
        ("name", c.name.clone().into()),
        ("title", c.title.clone().into()),
        ("phone", c.phone.clone().into()),
        ("email", c.email.clone().into()),
        ("wechat", c.wechat.clone().into()),
        (
            "buying_role",
            c.buying_role
                .map(BuyingRole::as_str)
                .unwrap_or_default()
                .into(),
        ),
        (
            "stance",
            c.stance.map(Stance::as_str).unwrap_or_default().into(),
        ),
        ("notes", c.notes.clone().into()),
    ])
}

pub(crate) fn to_contact(r: &Row) -> Result<Contact, StoreError> {
    Ok(Contact {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        name: r.text("name").into(),
        title: r.text("title").into(),
        phone: r.text("phone").into(),
        email: r.text("email").into(),
        wechat: r.text("wechat").into(),
        buying_role: BuyingRole::parse(r.text("buying_role")),
        stance: Stance::parse(r.text("stance")),
        notes: r.text("notes").into(),
        owner_id: r.owner_id()?,
        updated_at: r.updated_at(),
    })
}

/// An account's live contacts, by name.
pub(crate) async fn of_account(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
) -> Result<Vec<Contact>, StoreError> {
    rows::children(
        conn,
        KIND,
        "account_id",
        &account_id.to_string(),
        "a.sort_key, a.name, a.id",
    )
    .await?
    .iter()
    .map(to_contact)
    .collect()
}

impl Store {
    /// Add a contact to a live account. Nothing is written if the input is invalid or the account is gone.
    pub async fn create_contact(
        &self,
        input: &ContactInput,
        origin: Origin,
    ) -> Result<Contact, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Customer, v.get().account_id).await?;
        let row = w
            .insert_row(KIND, Uuid::now_v7(), input_fields(v.get()))
            .await?;
        w.commit().await?;
        to_contact(&row)
    }

    /// Change a contact (moving it to another live account too).
    pub async fn update_contact(
        &self,
        id: Uuid,
        input: &ContactInput,
        origin: Origin,
    ) -> Result<Contact, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        rows::live(&w.txn, EntityKind::Customer, v.get().account_id).await?;
        let row = w.update_row(&before, input_fields(v.get())).await?;
        w.commit().await?;
        to_contact(&row)
    }

    pub async fn delete_contact(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    pub async fn get_contact(&self, id: Uuid) -> Result<Contact, StoreError> {
        to_contact(&rows::live(&self.db, KIND, id).await?)
    }

    /// One window of the contacts of live accounts, with the count of every contact the filter keeps.
    pub async fn list_contacts(
        &self,
        q: &ListQuery<ContactFilter, ContactSort>,
    ) -> Result<Page<Contact>, StoreError> {
        let f = &q.filter;
        let mut w = Where::new();
        w.and("a.deleted_at IS NULL AND c.deleted_at IS NULL", vec![])
            .eq_opt("a.account_id", f.account_id.map(|u| u.to_string()))
            .eq_opt(
                "a.buying_role",
                f.buying_role.map(|r| r.as_str().to_string()),
            )
            .contains(
                &["a.name", "a.title", "a.phone", "a.email", "a.wechat"],
                &f.text,
            );
        let d = dir(q.dir);
        let order = match q.sort {
            ContactSort::Name => format!("a.sort_key {d}, a.name {d}"),
            ContactSort::Title => format!("a.title {d}, a.sort_key"),
            ContactSort::BuyingRole => format!("a.buying_role {d}, a.sort_key"),
            ContactSort::UpdatedAt => format!("a.updated_at {d}"),
        };
        page(
            &self.db,
            &rows::columns(KIND, "a"),
            "contact a JOIN customer c ON c.id = a.account_id",
            &w,
            &format!("{order}, a.id"),
            q.offset,
            q.window(),
            |r| to_contact(&rows::decode(KIND, r, 0)?),
        )
        .await
    }
}
