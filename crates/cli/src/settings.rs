//! `fq settings`: this device's discount limit, exchange rates, the logo and the default language of quote PDFs.

use std::path::Path;

use anyhow::{Context, Result};

use fieldquote_domain::FieldError;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::validation::{self, Percent};
use fieldquote_pdf::Logo;
use fieldquote_service::settings::{self, pdf_settings};
use fieldquote_store::Store;

use crate::args::{Format, SettingsCmd};
use crate::print::print_json;

pub async fn run(store: &Store, cmd: SettingsCmd) -> Result<()> {
    match cmd {
        SettingsCmd::Show { format } => show(store, format).await,
        SettingsCmd::DiscountLimit { percent } => {
            let limit =
                Percent::parse("discount_limit", &percent).map_err(|e| anyhow::anyhow!("{e}"))?;
            store.set_discount_limit(limit).await?;
            println!(
                "Discount limit set to {limit} %: quotes above it wait for a manager's approval from their next save."
            );
            if let Some(applies) = store.role_discount_limit().await? {
                println!(
                    "This laptop is signed in to a server, which sets {applies} % for its user's role: that limit \
                     applies while the server sets one."
                );
            }
            Ok(())
        }
        SettingsCmd::ExchangeRate { from, to, rate } => {
            let bad = |e: FieldError| anyhow::anyhow!("{e}");
            let from = validation::currency("from", from.trim()).map_err(bad)?;
            let to = validation::currency("to", to.trim()).map_err(bad)?;
            let rate = ExchangeRate::parse("rate", from, to, &rate).map_err(bad)?;
            store.set_exchange_rate(rate).await?;
            println!(
                "Exchange rate set: 1 {from} = {} {to}. New lines use it; lines already priced keep their rate.",
                rate.rate()
            );
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
        SettingsCmd::PdfLanguage { lang } => {
            store.set_pdf_language(lang.0).await?;
            println!("Quote PDFs are printed with this language unless another is chosen.");
            Ok(())
        }
    }
}

/// `fq settings show`.
async fn show(store: &Store, format: Format) -> Result<()> {
    let limit = store.discount_limit().await?.to_string();
    let from_server = store.role_discount_limit().await?.is_some();
    let role = store.signed_in_user().await?.and_then(|u| u.role);
    let set_by = if from_server { "server" } else { "device" };
    let rates = store.exchange_rates().await?;
    let pdf = pdf_settings(store).await?;
    let logo = pdf
        .logo
        .map(|l| serde_json::json!({ "width": l.width, "height": l.height, "bytes": l.bytes }));
    match format {
        Format::Json => print_json(&serde_json::json!({
            "discount_limit": limit,
            "set_by": set_by,
            "pdf_language": pdf.language.map_or("auto", PdfLanguage::code),
            "logo": logo,
            "exchange_rates": rates,
        }))?,
        Format::Table => {
            if from_server {
                println!(
                    "Discount limit: {limit} % (set on the server for the {} role)",
                    role.map_or("signed-in", |r| r.as_str())
                );
            } else {
                println!("Discount limit: {limit} % (this device's setting)");
            }
            for r in &rates {
                println!(
                    "Exchange rate: 1 {} = {} {} (set {})",
                    r.from, r.rate, r.to, r.updated_at
                );
            }
            println!(
                "PDF language: {}",
                match pdf.language {
                    None => "auto (English)",
                    Some(PdfLanguage::En) => "English",
                    Some(PdfLanguage::Zh) => "Chinese",
                    Some(PdfLanguage::Bilingual) => "bilingual (中英对照)",
                }
            );
            match logo {
                Some(l) => println!(
                    "Logo: {}×{} pixels, {} bytes",
                    l["width"], l["height"], l["bytes"]
                ),
                None => println!("Logo: none"),
            }
        }
    }
    Ok(())
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
