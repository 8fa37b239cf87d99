//! `fq settings`: this laptop's company profile (with its bank details), "my contact details", the discount
//! limit, exchange rates, the manager PIN, the logo and the default language of quote PDFs — through the same
//! use cases as the app's Settings screen.

use std::path::Path;

use anyhow::{Context, Result};

use fieldquote_domain::company::SellerContact;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_pdf::Logo;
use fieldquote_service::settings::{self, CompanyUpdate, LimitSource, SettingsView};
use fieldquote_store::{Origin, Store};

use crate::approvals::pin_from;
use crate::args::{CompanyArgs, ContactArgs, Format, SettingsCmd};
use crate::print::print_json;

pub async fn run(store: &Store, cmd: SettingsCmd) -> Result<()> {
    match cmd {
        SettingsCmd::Show { format } => show(store, format).await,
        SettingsCmd::Company(args) => company(store, args).await,
        SettingsCmd::MyContact(args) => my_contact(store, args).await,
        SettingsCmd::DiscountLimit { percent } => {
            let limit = settings::set_discount_limit(store, &percent).await?;
            println!(
                "Discount limit set to {} %: quotes above it wait for a manager's approval from their next save.",
                limit.device_limit
            );
            if limit.set_by == LimitSource::Server {
                println!(
                    "This laptop is signed in to a server, which sets {} % for its user's role: that limit \
                     applies while the server sets one.",
                    limit.limit
                );
            }
            Ok(())
        }
        SettingsCmd::ExchangeRate {
            from,
            to,
            rate: Some(rate),
            ..
        } => {
            let rates = settings::set_exchange_rate(store, &from, &to, &rate).await?;
            if let Some(r) = rates
                .iter()
                .find(|r| r.from.code() == from.trim().to_ascii_uppercase())
            {
                println!(
                    "Exchange rate set: 1 {} = {} {}. New lines use it; lines already priced keep their rate.",
                    r.from, r.rate, r.to
                );
            }
            Ok(())
        }
        SettingsCmd::ExchangeRate {
            from,
            to,
            rate: None,
            ..
        } => {
            settings::remove_exchange_rate(store, &from, &to).await?;
            println!(
                "Exchange rate {} → {} removed: new lines priced in {0} on a {1} quote need a rate again; lines \
                 already priced keep theirs.",
                from.trim().to_ascii_uppercase(),
                to.trim().to_ascii_uppercase()
            );
            Ok(())
        }
        SettingsCmd::ManagerPin {
            pin_env,
            current_pin_env,
            ..
        } => {
            let current = current_pin_env.as_deref().map(pin_from).transpose()?;
            let new = pin_env.as_deref().map(pin_from).transpose()?;
            settings::set_manager_pin(store, current.as_deref(), new.as_deref()).await?;
            match new {
                Some(_) => println!(
                    "Manager PIN set: approving or refusing a discount on this laptop now needs it \
                     (fq quote approve --by NAME --pin-env VAR)."
                ),
                None => {
                    println!("Manager PIN removed: a decision names the manager, without a PIN.")
                }
            }
            Ok(())
        }
        SettingsCmd::Logo {
            file: Some(file), ..
        } => {
            let bytes = read_limited(&file, Logo::MAX_BYTES)?;
            let logo = settings::set_logo(store, &bytes)
                .await
                .with_context(|| format!("{} is refused", file.display()))?;
            println!(
                "Logo set from {} ({}×{} pixels): it is printed on every quote PDF from now on.",
                file.display(),
                logo.width,
                logo.height
            );
            Ok(())
        }
        SettingsCmd::Logo { file: None, .. } => {
            settings::remove_logo(store).await?;
            println!("Logo removed: quote PDFs are printed without one.");
            Ok(())
        }
        SettingsCmd::ProposalFileName { pattern, standard } => {
            let pattern = pattern.filter(|_| !standard);
            store.set_proposal_file_name(pattern.as_deref()).await?;
            match pattern {
                Some(p) => println!("Proposal PDFs are named \"{}.pdf\".", p.trim()),
                None => println!(
                    "Proposal PDFs are named by the standard pattern \"{}.pdf\".",
                    fieldquote_domain::proposal::DEFAULT_FILE_NAME
                ),
            }
            Ok(())
        }
        SettingsCmd::PdfLanguage { lang } => {
            store.set_pdf_language(lang.0).await?;
            println!("Quote PDFs are printed with this language unless another is chosen.");
            Ok(())
        }
    }
}

/// `fq settings company`.
async fn company(store: &Store, a: CompanyArgs) -> Result<()> {
    let p = settings::set_company(
        store,
        CompanyUpdate {
            name: a.name,
            address: a.address,
            phone: a.phone,
            email: a.email,
            tax_id: a.tax_id,
            currency: a.currency,
            bank_name: a.bank_name,
            bank_account_name: a.bank_account_name,
            bank_account_number: a.bank_account_number,
            bank_branch: a.bank_branch,
            bank_swift: a.bank_swift,
        },
        Origin::Cli,
    )
    .await?;
    println!("Company profile set: {} ({}).", p.name, p.currency);
    if p.bank.is_empty() {
        println!("No bank details: quotes print none.");
    } else {
        println!(
            "Quotes ask for payment to {}, account {} at {}.",
            p.bank.account_name, p.bank.account_number, p.bank.bank_name
        );
    }
    Ok(())
}

/// `fq settings my-contact`.
async fn my_contact(store: &Store, a: ContactArgs) -> Result<()> {
    let mine = store.my_contact().await?;
    let c = settings::set_my_contact(
        store,
        &SellerContact {
            name: a.name.unwrap_or(mine.name),
            title: a.title.unwrap_or(mine.title),
            phone: a.phone.unwrap_or(mine.phone),
            email: a.email.unwrap_or(mine.email),
        },
    )
    .await?;
    let printed = settings::view(store).await?.quote_contact;
    println!(
        "My contact details set. Quotes name {} ({}, {}, {}).",
        or_none(&printed.name),
        or_none(&printed.title),
        or_none(&printed.phone),
        or_none(&printed.email)
    );
    if printed != c {
        println!(
            "This laptop is signed in to a server: quotes take the name and e-mail from its account, the phone \
             and title from here."
        );
    }
    Ok(())
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

/// `fq settings show`.
async fn show(store: &Store, format: Format) -> Result<()> {
    let view = settings::view(store).await?;
    let pdf = settings::pdf_settings(store).await?;
    let logo = pdf
        .logo
        .as_ref()
        .map(|l| serde_json::json!({ "width": l.width, "height": l.height, "bytes": l.bytes }));
    match format {
        Format::Json => print_json(&serde_json::json!({
            "server": view.server,
            "company": view.company,
            "company_set": view.company_set,
            "discount_limit": view.discount_limit.limit,
            "set_by": view.discount_limit.set_by,
            "device_discount_limit": view.discount_limit.device_limit,
            "exchange_rates": view.exchange_rates,
            "manager_pin_set": view.manager_pin_set,
            "my_contact": view.my_contact,
            "quote_contact": view.quote_contact,
            "pdf_language": pdf.language.map_or("auto", PdfLanguage::code),
            "logo": logo,
        }))?,
        Format::Table => {
            print_table(&view);
            println!(
                "PDF language: {}",
                match pdf.language {
                    None => "auto (English)",
                    Some(PdfLanguage::En) => "English",
                    Some(PdfLanguage::Zh) => "Chinese",
                    Some(PdfLanguage::Bilingual) => "bilingual (中英对照)",
                }
            );
            match pdf.logo {
                Some(l) => println!("Logo: {}×{} pixels, {} bytes", l.width, l.height, l.bytes),
                None => println!("Logo: none"),
            }
        }
    }
    Ok(())
}

fn print_table(view: &SettingsView) {
    let c = &view.company;
    match &view.server {
        Some(server) => println!(
            "Company: {} ({}), from the server {server}",
            c.name, c.currency
        ),
        None if view.company_set => println!("Company: {} ({})", c.name, c.currency),
        None => println!("Company: not set (set it with fq settings company --name …)"),
    }
    for (label, value) in [
        ("Address", &c.address),
        ("Phone", &c.phone),
        ("E-mail", &c.email),
        ("Tax id", &c.tax_id),
    ] {
        if !value.is_empty() {
            println!("  {label}: {}", value.replace('\n', ", "));
        }
    }
    if c.bank.is_empty() {
        println!("  Bank details: none");
    } else {
        let b = &c.bank;
        println!(
            "  Bank details: {}, account {} at {}{}{}",
            b.account_name,
            b.account_number,
            b.bank_name,
            if b.branch.is_empty() {
                String::new()
            } else {
                format!(", {}", b.branch)
            },
            if b.swift.is_empty() {
                String::new()
            } else {
                format!(" (SWIFT/BIC {})", b.swift)
            },
        );
    }
    let limit = &view.discount_limit;
    match limit.set_by {
        LimitSource::Server => println!(
            "Discount limit: {} % (set on the server for the {} role)",
            limit.limit,
            limit.role.map_or("signed-in", |r| r.as_str())
        ),
        LimitSource::Device => {
            println!("Discount limit: {} % (this device's setting)", limit.limit)
        }
    }
    for r in &view.exchange_rates {
        println!(
            "Exchange rate: 1 {} = {} {} (set {})",
            r.from, r.rate, r.to, r.updated_at
        );
    }
    if view.server.is_none() {
        println!(
            "Manager PIN: {}",
            if view.manager_pin_set {
                "set (decisions need it)"
            } else {
                "none (a decision names the manager)"
            }
        );
    }
    let q = &view.quote_contact;
    if q.is_empty() {
        println!("Sales contact on quotes: none (set it with fq settings my-contact)");
    } else {
        println!(
            "Sales contact on quotes: {} ({}, {}, {})",
            or_none(&q.name),
            or_none(&q.title),
            or_none(&q.phone),
            or_none(&q.email)
        );
    }
}

/// A file's bytes, refused without reading it all when it is larger than `max` bytes.
fn read_limited(file: &Path, max: usize) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let mut bytes = Vec::new();
    f.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.len() > max {
        anyhow::bail!(
            "{} is refused: it is larger than {} KB",
            file.display(),
            max / 1024
        );
    }
    Ok(bytes)
}
