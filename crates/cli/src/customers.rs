//! `fq customer`: list, add, and give a customer a price list.

use anyhow::Result;

use fieldquote_domain::customer::{Customer, CustomerInput};
use fieldquote_store::{Origin, Store};

use crate::args::{CustomerCmd, Format};
use crate::print::{print_json, print_list};

pub async fn run(store: &Store, cmd: CustomerCmd) -> Result<()> {
    match cmd {
        CustomerCmd::List { query, format } => {
            let customers = store.list_customers(query.as_deref().unwrap_or("")).await?;
            print_list(
                format,
                customers,
                &["NAME", "CONTACT", "PHONE", "EMAIL"],
                |c| vec![c.name, c.contact_person, c.phone, c.email],
            )
        }
        CustomerCmd::Add {
            name,
            contact,
            phone,
            email,
            address,
            tax_id,
            format,
        } => {
            let input = CustomerInput {
                name,
                contact_person: contact,
                phone,
                email,
                address,
                tax_id,
            };
            let c = store.create_customer(&input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&c)?,
                Format::Table => println!("Added customer {} ({})", c.name, c.id),
            }
            Ok(())
        }
        CustomerCmd::PriceList {
            customer,
            list,
            none,
        } => {
            let c = find(store, &customer).await?;
            let list = match (list, none) {
                (Some(name), false) => Some(store.price_list_by_name(&name).await?),
                _ => None,
            };
            store
                .assign_price_list(c.id, list.as_ref().map(|l| l.id), Origin::Cli)
                .await?;
            match list {
                Some(l) => println!(
                    "{} now gets prices from {} (version {}).",
                    c.name, l.name, l.version
                ),
                None => println!(
                    "{} has no price list of its own: the default list applies.",
                    c.name
                ),
            }
            Ok(())
        }
    }
}

/// A customer named by its exact name or its id.
async fn find(store: &Store, key: &str) -> Result<Customer> {
    if let Ok(id) = key.trim().parse::<uuid::Uuid>() {
        return Ok(store.get_customer(id).await?);
    }
    store
        .find_customer_by_name(key.trim())
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "customer not found: {} (give its exact name or id; see fq customer list)",
                key.trim()
            )
        })
}
