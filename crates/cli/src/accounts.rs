//! `fq account` (alias `fq customer`): list, show the account page, add, edit, delete, share, and give an
//! account a price list.

use anyhow::Result;

use fieldquote_domain::account::{
    AccountFilter, AccountInput, AccountPage, AccountSort, InvoiceType, Lifecycle, SizeClass,
    Source, ValueClass,
};
use fieldquote_service::account;
use fieldquote_store::{Origin, Store};

use crate::args::{AccountCmd, AccountFields, Format};
use crate::opportunities::{OpportunityCells, print_opportunities};
use crate::print::{print_json, print_table};
use crate::words::{self, Words};

const SORTS: &str = "name, industry, region, lifecycle, value_class, updated_at, last_activity";

pub async fn run(store: &Store, cmd: AccountCmd) -> Result<()> {
    match cmd {
        AccountCmd::List {
            query,
            owner,
            industry,
            lifecycle,
            value_class,
            active_from,
            active_to,
            sort,
            window,
        } => {
            let mut w = Words::default();
            let filter = AccountFilter {
                text: query.unwrap_or_default(),
                owner_id: match owner {
                    Some(o) => Some(words::user_id(store, &o).await?),
                    None => None,
                },
                industry: industry.unwrap_or_default(),
                lifecycle: w.given("lifecycle", lifecycle.as_deref(), Lifecycle::parse_field),
                value_class: w.given(
                    "value_class",
                    value_class.as_deref(),
                    ValueClass::parse_field,
                ),
                active_from: active_from.unwrap_or_default(),
                active_to: active_to.unwrap_or_default(),
            };
            w.finish()?;
            let sort: AccountSort = words::sort(&sort, SORTS)?;
            let page = account::list(store, &words::list_query(filter, sort, &window)).await?;
            match window.format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    let rows: Vec<Vec<String>> = page
                        .rows
                        .iter()
                        .map(|a| {
                            vec![
                                a.name.clone(),
                                a.industry.clone(),
                                a.region.clone(),
                                a.lifecycle.to_string(),
                                a.value_class.map(|v| v.to_string()).unwrap_or_default(),
                                a.open_opportunities.to_string(),
                                a.contact_person.clone(),
                                a.phone.clone(),
                            ]
                        })
                        .collect();
                    print_table(
                        &[
                            "NAME",
                            "INDUSTRY",
                            "REGION",
                            "LIFECYCLE",
                            "VALUE",
                            "OPEN OPPS",
                            "CONTACT",
                            "PHONE",
                        ],
                        &rows,
                    );
                    shown(page.offset, page.rows.len(), page.total, "accounts");
                }
            }
            Ok(())
        }
        AccountCmd::Show { account, format } => {
            let a = account::find(store, &account).await?;
            let page = account::page(store, a.id).await?;
            match format {
                Format::Json => print_json(&page)?,
                Format::Table => print_page(&page),
            }
            Ok(())
        }
        AccountCmd::Add {
            name,
            fields,
            format,
        } => {
            let mut input = AccountInput {
                name,
                ..AccountInput::default()
            };
            apply(*fields, &mut input)?;
            let a = account::create(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&a)?,
                Format::Table => println!("Added account {} ({})", a.name, a.id),
            }
            Ok(())
        }
        AccountCmd::Edit {
            account,
            name,
            fields,
            format,
        } => {
            let a = account::find(store, &account).await?;
            let mut input = a.input();
            if let Some(name) = name {
                input.name = name;
            }
            apply(*fields, &mut input)?;
            let a = account::update(store, a.id, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&a)?,
                Format::Table => println!("Saved account {} ({})", a.name, a.id),
            }
            Ok(())
        }
        AccountCmd::Delete { account } => {
            let a = account::find(store, &account).await?;
            account::delete(store, a.id, Origin::Cli).await?;
            println!("Deleted account {} ({})", a.name, a.id);
            Ok(())
        }
        AccountCmd::Share {
            account,
            with,
            remove,
        } => {
            let a = account::find(store, &account).await?;
            let user = words::user_id(store, &with).await?;
            if remove {
                let n = account::unshare(store, a.id, user, Origin::Cli).await?;
                match n {
                    0 => println!("{} was not shared with {with}.", a.name),
                    _ => println!("{} is no longer shared with {with}.", a.name),
                }
            } else {
                let s = account::share(store, a.id, user, Origin::Cli).await?;
                println!("{} is shared with {} ({}).", a.name, s.name, s.user_id);
            }
            Ok(())
        }
        AccountCmd::PriceList {
            customer,
            list,
            none,
        } => {
            let a = account::find(store, &customer).await?;
            let list = match (list, none) {
                (Some(name), false) => Some(store.price_list_by_name(&name).await?),
                _ => None,
            };
            account::set_price_list(store, a.id, list.as_ref().map(|l| l.id), Origin::Cli).await?;
            match list {
                Some(l) => println!(
                    "{} now gets prices from {} (version {}).",
                    a.name, l.name, l.version
                ),
                None => println!(
                    "{} has no price list of its own: the default list applies.",
                    a.name
                ),
            }
            Ok(())
        }
    }
}

/// The fields given on the command line, over `input`. Every bad word is reported at once.
fn apply(f: AccountFields, input: &mut AccountInput) -> Result<()> {
    let mut w = Words::default();
    let set = |to: &mut String, v: Option<String>| {
        if let Some(v) = v {
            *to = v;
        }
    };
    set(&mut input.contact_person, f.contact);
    set(&mut input.phone, f.phone);
    set(&mut input.email, f.email);
    set(&mut input.address, f.address);
    set(&mut input.tax_id, f.tax_id);
    set(&mut input.industry, f.industry);
    set(&mut input.region, f.region);
    set(&mut input.notes, f.notes);
    set(&mut input.invoice_title, f.invoice_title);
    set(&mut input.invoice_bank, f.invoice_bank);
    set(&mut input.invoice_account, f.invoice_account);
    set(&mut input.invoice_address, f.invoice_address);
    set(&mut input.invoice_phone, f.invoice_phone);
    if let Some(tags) = f.tags {
        input.tags = tags;
    }
    if let Some(v) = w.given("size_class", f.size.as_deref(), SizeClass::parse_optional) {
        input.size_class = v;
    }
    if let Some(v) = w.given("source", f.source.as_deref(), Source::parse_optional) {
        input.source = v;
    }
    if let Some(v) = w.given("lifecycle", f.lifecycle.as_deref(), Lifecycle::parse_field) {
        input.lifecycle = v;
    }
    if let Some(v) = w.given(
        "value_class",
        f.value_class.as_deref(),
        ValueClass::parse_optional,
    ) {
        input.value_class = v;
    }
    if let Some(v) = w.given(
        "invoice_type",
        f.invoice_type.as_deref(),
        InvoiceType::parse_optional,
    ) {
        input.invoice_type = v;
    }
    w.finish()
}

/// "Showing 1–50 of 1 204 accounts." under a table.
pub fn shown(offset: u32, rows: usize, total: u64, what: &str) {
    if rows == 0 {
        println!("No {what} in this window ({total} in all).");
    } else {
        println!(
            "Showing {}–{} of {total} {what}.",
            offset + 1,
            offset as usize + rows
        );
    }
}

fn print_page(p: &AccountPage) {
    let a = &p.account;
    println!("{}  ({})", a.name, a.id);
    let facts = [
        ("Industry", a.industry.clone()),
        (
            "Size",
            a.size_class.map(|s| s.to_string()).unwrap_or_default(),
        ),
        ("Region", a.region.clone()),
        (
            "Source",
            a.source.map(|s| s.to_string()).unwrap_or_default(),
        ),
        ("Lifecycle", a.lifecycle.to_string()),
        (
            "Value class",
            a.value_class.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("Tags", a.tags.join(", ")),
        ("Contact", a.contact_person.clone()),
        ("Phone", a.phone.clone()),
        ("Email", a.email.clone()),
        ("Address", a.address.clone()),
        ("Tax id", a.tax_id.clone()),
        (
            "Invoice",
            a.invoice_type.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("Notes", a.notes.clone()),
    ];
    for (label, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        println!("  {label}: {value}");
    }
    section("Contacts", p.contacts.len());
    print_table(
        &["NAME", "TITLE", "ROLE", "STANCE", "PHONE", "EMAIL"],
        &p.contacts
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.title.clone(),
                    c.buying_role.map(|r| r.to_string()).unwrap_or_default(),
                    c.stance.map(|s| s.to_string()).unwrap_or_default(),
                    c.phone.clone(),
                    c.email.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    section("Opportunities", p.opportunities.len());
    print_opportunities(p.opportunities.iter().map(|o| OpportunityCells {
        name: &o.name,
        account: None,
        stage: o.stage,
        value: &o.expected_value_shown,
        close: &o.expected_close,
        probability: o.probability,
    }));
    section("Quotes", p.quotes.len());
    print_table(
        &["NUMBER", "STATUS", "DATE", "TOTAL"],
        &p.quotes
            .iter()
            .map(|q| {
                vec![
                    q.number.clone(),
                    q.shown_status.as_str().to_string(),
                    q.issue_date.clone(),
                    format!("{} {}", q.shown_total, q.currency.code()),
                ]
            })
            .collect::<Vec<_>>(),
    );
    section("Activities", p.activities.len());
    print_table(
        &["KIND", "STARTS", "SUBJECT", "NEXT STEP", "DUE"],
        &p.activities
            .iter()
            .map(|v| {
                vec![
                    v.kind.to_string(),
                    v.starts_at.clone(),
                    v.subject.clone(),
                    v.next_step.clone(),
                    v.next_step_due.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    section(
        &format!("Feedback ({} open)", p.open_complaints),
        p.feedback.len(),
    );
    print_table(
        &["STATUS", "SEVERITY", "CATEGORY", "DESCRIPTION"],
        &p.feedback
            .iter()
            .map(|f| {
                vec![
                    f.status.to_string(),
                    f.severity.to_string(),
                    f.category.to_string(),
                    f.description.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    section("Buying process", p.buying_process.steps.len());
    print_table(
        &["STEP", "STATUS", "APPROVER", "EXPECTED", "DONE"],
        &p.buying_process
            .steps
            .iter()
            .map(|s| {
                let current = if Some(s.id) == p.buying_process.current {
                    " ←"
                } else {
                    ""
                };
                vec![
                    format!("{}{current}", s.step),
                    s.status.to_string(),
                    s.approver_name.clone(),
                    s.expected_date.clone(),
                    s.done_date.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    for s in &p.buying_process.stalled {
        println!(
            "  Stalled: {} ({} days overdue{})",
            s.step,
            s.days_overdue,
            if s.approver_name.is_empty() {
                String::new()
            } else {
                format!(", with {}", s.approver_name)
            }
        );
    }
    if !p.shared_with.is_empty() {
        let names: Vec<&str> = p.shared_with.iter().map(|s| s.name.as_str()).collect();
        println!("\nShared with: {}", names.join(", "));
    }
}

/// A section heading of a page: its title and how many rows follow.
pub fn section(title: &str, n: usize) {
    println!("\n{title} ({n})");
}
