//! `fq contact`: add a contact to an account, list contacts.

use anyhow::Result;
use uuid::Uuid;

use fieldquote_domain::contact::{
    BuyingRole, Contact, ContactFilter, ContactInput, ContactSort, Stance,
};
use fieldquote_domain::list::ListQuery;
use fieldquote_service::{account, contact};
use fieldquote_store::{Origin, Store};

use crate::accounts::shown;
use crate::args::{ContactCmd, Format};
use crate::print::{print_json, print_table};
use crate::words::{self, Words};

pub async fn run(store: &Store, cmd: ContactCmd) -> Result<()> {
    match cmd {
        ContactCmd::Add {
            account,
            name,
            title,
            phone,
            email,
            wechat,
            role,
            stance,
            notes,
            format,
        } => {
            let a = account::find(store, &account).await?;
            let mut w = Words::default();
            let buying_role = w.read("buying_role", &role, BuyingRole::parse_optional);
            let stance = w.read("stance", &stance, Stance::parse_optional);
            w.finish()?;
            let input = ContactInput {
                account_id: a.id,
                name,
                title,
                phone,
                email,
                wechat,
                buying_role: buying_role.flatten(),
                stance: stance.flatten(),
                notes,
            };
            let c = contact::create(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&c)?,
                Format::Table => println!("Added contact {} to {} ({})", c.name, a.name, c.id),
            }
            Ok(())
        }
        ContactCmd::List {
            account,
            query,
            role,
            sort,
            window,
        } => {
            let account_id = match account {
                Some(a) => Some(account::find(store, &a).await?.id),
                None => None,
            };
            let mut w = Words::default();
            let buying_role = w.given("buying_role", role.as_deref(), BuyingRole::parse_field);
            w.finish()?;
            let filter = ContactFilter {
                account_id,
                text: query.unwrap_or_default(),
                buying_role,
            };
            let sort: ContactSort = words::sort(&sort, "name, title, buying_role, updated_at")?;
            let page = contact::list(store, &words::list_query(filter, sort, &window)).await?;
            match window.format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    print_table(
                        &[
                            "NAME", "TITLE", "ROLE", "STANCE", "PHONE", "EMAIL", "WECHAT",
                        ],
                        &page
                            .rows
                            .iter()
                            .map(|c| {
                                vec![
                                    c.name.clone(),
                                    c.title.clone(),
                                    c.buying_role.map(|r| r.to_string()).unwrap_or_default(),
                                    c.stance.map(|s| s.to_string()).unwrap_or_default(),
                                    c.phone.clone(),
                                    c.email.clone(),
                                    c.wechat.clone(),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    );
                    shown(page.offset, page.rows.len(), page.total, "contacts");
                }
            }
            Ok(())
        }
    }
}

/// A contact of `account_id` named by its id or exact name.
pub async fn find(store: &Store, account_id: Uuid, key: &str) -> Result<Contact> {
    let key = key.trim();
    if let Ok(id) = key.parse::<Uuid>() {
        return Ok(contact::get(store, id).await?);
    }
    let page = contact::list(
        store,
        &ListQuery::filtered(ContactFilter {
            account_id: Some(account_id),
            text: key.to_string(),
            buying_role: None,
        }),
    )
    .await?;
    page.rows
        .into_iter()
        .find(|c| c.name == key)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "contact not found on this account: {key} (see fq contact list --account …)"
            )
        })
}
