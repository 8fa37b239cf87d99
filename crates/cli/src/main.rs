//! `fq`: Fieldquote from the command line, over the same crates as the desktop app.
//!
//! Output for machines with `--format json` (money as decimal strings); errors on stderr with a non-zero exit
//! code (1 for a failed command, 2 for a usage error).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use fieldquote_domain::customer::CustomerInput;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_pdf::RenderOptions;
use fieldquote_store::{DATA_DIR_ENV, Origin, Store, StoreError, default_data_dir, demo};

mod sync_cmd;

#[derive(Parser)]
#[command(name = "fq", version, about = "Fieldquote from the command line")]
struct Cli {
    /// Data directory holding the database [default: $FIELDQUOTE_DATA_DIR, else the app's data directory]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or migrate the database and load the demo data (safe to run again)
    Demo,
    /// Customers
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Catalog products
    #[command(subcommand)]
    Product(ProductCmd),
    /// Price lists
    #[command(subcommand, name = "price-list")]
    PriceList(PriceListCmd),
    /// Import a file into this device's database (while it is not connected to a server)
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export data as a file another device or the server can import
    #[command(subcommand)]
    Export(ExportCmd),
    /// Quotes
    #[command(subcommand)]
    Quote(QuoteCmd),
    /// Settings of this device
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Quotes waiting for approval that the signed-in manager may decide (the team's, after a sync)
    Approvals {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show where the data lives and what is pending
    Info {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Sign this device in to a team sync server
    ///
    /// Signs in as EMAIL with the password read from the environment variable VAR (never from the command
    /// line, where other users could see it), and connects this device's data to that account: the
    /// catalog and company profile become the server's, customers and quotes made here so far become
    /// the user's. Signing in as another user or to another server starts the next pull from the beginning.
    ///
    /// The sign-in token is never written to disk in plain text: it is kept only in the OS keychain
    /// (Keychain on macOS, Credential Manager on Windows, the Secret Service on Linux, which needs a
    /// desktop session's D-Bus), and `fq sync` uses it. Where no keychain is reachable (servers, CI) or
    /// FIELDQUOTE_NO_KEYCHAIN is set, fq says the sign-in could not be remembered, and every `fq sync`
    /// then signs in again with the stored server and email and `--password-env VAR`.
    Login {
        /// Server address, e.g. https://sync.example.cn
        #[arg(long, value_name = "URL")]
        server: String,
        /// Account email
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// Name of the environment variable holding the password
        #[arg(long, value_name = "VAR")]
        password_env: String,
    },
    /// Push local changes to the team server and pull what changed there (`fq sync status`: where it stands)
    ///
    /// Needs `fq login` first. Uses the sign-in kept in the OS keychain; without one (or when the server
    /// refuses it) it signs in again with the password from `--password-env VAR`. Prints one summary line; exits 1 when the server
    /// cannot be reached, the sign-in fails or the device is not signed in. A sync cut off anywhere is
    /// safe: the next one resumes where it stopped.
    Sync(SyncArgs),
}

/// Who decides an approval (see `fq quote approve`).
#[derive(clap::Args, Debug)]
struct Decider {
    /// The deciding manager's name, on a standalone laptop
    #[arg(long, value_name = "NAME", conflicts_with = "manager")]
    by: Option<String>,
    /// A manager at your side decides on this laptop: their email (the server checks their password)
    #[arg(long, value_name = "EMAIL", requires = "password_env")]
    manager: Option<String>,
    /// Name of the environment variable holding the manager's password (with --manager)
    #[arg(long, value_name = "VAR", requires = "manager")]
    password_env: Option<String>,
    /// Name of the environment variable holding this laptop's account password, when its sign-in is not
    /// kept in the keychain (with --manager)
    #[arg(long, value_name = "VAR", requires = "manager")]
    sign_in_password_env: Option<String>,
}

impl From<Decider> for sync_cmd::Decider {
    fn from(d: Decider) -> Self {
        match (d.manager, d.password_env) {
            (Some(email), Some(password_env)) => sync_cmd::Decider::OnTheSpot {
                email,
                password_env,
                sign_in_password_env: d.sign_in_password_env,
            },
            _ => sync_cmd::Decider::Local { by: d.by },
        }
    }
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCmd>,
    /// Name of the environment variable holding the password, to sign in again
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
}

#[derive(Subcommand)]
enum SyncCmd {
    /// Show the server, the account, the last sync and what is pending
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List the conflicts to review: fields changed here and on another device before either synced
    Conflicts {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Settle a conflict by keeping this device's value or the other one (it syncs to everyone)
    Resolve {
        /// The conflict's id, from `fq sync conflicts`
        id: String,
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KeepArg {
    /// This device's value
    Mine,
    /// The value that came from the server
    Theirs,
}

#[derive(Subcommand)]
enum SettingsCmd {
    /// Show the settings
    Show {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The largest discount (percent, against the list price) a quote may carry without a manager's approval
    DiscountLimit {
        /// The new limit, e.g. 15
        percent: String,
    },
    /// The company logo printed at the top of quote PDFs (a PNG or JPEG of at most 2 MB)
    #[command(group = clap::ArgGroup::new("logo").required(true))]
    Logo {
        /// The image file
        #[arg(group = "logo")]
        file: Option<PathBuf>,
        /// Print PDFs without a logo
        #[arg(long, group = "logo")]
        remove: bool,
    },
    /// The language of quote PDFs when `quote pdf` is given no --lang (and the app's default)
    PdfLanguage {
        #[arg(value_enum)]
        lang: PdfLangSetting,
    },
    /// Set the exchange rate new quote lines use when a price is in another currency than the quote
    ///
    /// One FROM buys RATE TO (e.g. `fq settings exchange-rate USD CNY 7.1`). Lines already priced keep the
    /// rate they recorded.
    ExchangeRate {
        /// Currency of the price, e.g. USD
        from: String,
        /// Currency of the quote, e.g. CNY
        to: String,
        /// How many TO one FROM buys, up to 10 decimals
        rate: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfLangSetting {
    /// Follow the app's language (English for `fq`)
    Auto,
    En,
    Zh,
    /// English and Chinese side by side (中英对照)
    Bilingual,
}

#[derive(Subcommand)]
enum PriceListCmd {
    /// List the price lists with their versions, validity, number of prices and customers
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum ImportCmd {
    /// Products from a UTF-8 CSV file with the header sku,name,description,unit,unit_price,currency,tax_rate
    ///
    /// Optional columns after these: name_zh, description_zh, category, active (1/0), bundle_pricing (empty,
    /// sum or fixed), components (SKU*qty;SKU*qty) and accessories (SKU;SKU); a column left out keeps what the
    /// products have. A product whose SKU exists is updated; others are created. A file with any problem is refused whole,
    /// every problem listed by row and column, and nothing is written. Once this device is connected to a
    /// server the catalog is the server's (`fieldquote-server import products`) and this is refused.
    Products {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
    /// Price lists from a UTF-8 CSV file with the header
    /// price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price
    ///
    /// One row per quantity tier; several lists per file. A list whose name exists gets the file's prices and
    /// a new version; others are created. Every SKU must be in the catalog. A file with any problem is
    /// refused whole, every problem listed by row and column, and nothing is written. Once this device is
    /// connected to a server the price lists are the server's (`fieldquote-server import pricelist`) and this
    /// is refused.
    #[command(name = "pricelist")]
    PriceList {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCmd {
    /// The catalog as CSV, in the format `fq import products` and the server's import read
    Products {
        /// Write to FILE instead of standard output
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
    /// The price lists as CSV, in the format `fq import pricelist` and the server's import read
    #[command(name = "pricelist")]
    PriceList {
        /// Write to FILE instead of standard output
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CustomerCmd {
    /// List customers, optionally those whose name, contact or phone contains QUERY
    List {
        #[arg(long, short)]
        query: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a customer
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        contact: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, default_value = "")]
        tax_id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Give a customer a price list (new lines of its quotes are priced from it), or none with --none
    #[command(name = "price-list")]
    PriceList {
        /// The customer's exact name, or its id
        customer: String,
        /// The price list's exact name
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        list: Option<String>,
        /// No list of its own: the company's default list applies
        #[arg(long)]
        none: bool,
    },
}

#[derive(Subcommand)]
enum ProductCmd {
    /// List products (bundles with their components), optionally those whose SKU, names, description or
    /// category contains QUERY
    List {
        #[arg(long, short)]
        query: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum QuoteCmd {
    /// List quotes, optionally those whose number or customer contains QUERY
    List {
        #[arg(long, short)]
        query: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one quote with its lines, totals (tax by rate, the total in Chinese capitals for CNY), status and
    /// revision
    Show {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Mark a quote as sent to the client; from then on it is frozen (changes make a new revision)
    ///
    /// A quote whose discounts exceed the limit must be approved first (`fq quote approve`).
    Send {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record a manager's approval of a quote's discounts
    ///
    /// On a laptop signed in to a server the signed-in manager's account signs the decision, which reaches the
    /// rep with the next sync. A manager at the rep's side approves on the rep's laptop with `--manager EMAIL
    /// --password-env VAR` (the server checks the password, so it must be reachable). A standalone laptop
    /// names the manager with `--by`.
    Approve {
        number: String,
        #[command(flatten)]
        decider: Decider,
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Refuse a quote's discounts: it goes back to draft with the manager's comment (who decides: as for
    /// `approve`)
    RejectApproval {
        number: String,
        #[command(flatten)]
        decider: Decider,
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Make a new revision (a draft numbered …-R1, …-R2) of a sent, rejected or expired quote; the old one is
    /// superseded
    Revise {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Price a quote's lines again from the current price lists (for a draft, or one waiting for or holding
    /// approval); with --check, only show which lines would change and by how much
    ///
    /// A sent quote never changes. Re-pricing is saved like an edit: an approval is void and decided again.
    Reprice {
        number: String,
        /// Show the changes without applying them
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// What changed from the quote a revision revises: lines added, removed and changed, totals before and after
    Diff {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a quote's PDF
    Pdf {
        number: String,
        /// Where to write the PDF
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Language of the printed labels [default: the quote's, else `settings pdf-language`, else en]
        #[arg(long, value_enum)]
        lang: Option<PdfLang>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfLang {
    En,
    Zh,
    /// English and Chinese side by side (中英对照)
    Bilingual,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fq: error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fq: error: {}", describe(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error chain as one sentence, with validation problems one a line and refusals worded for `fq`.
fn describe(e: &anyhow::Error) -> String {
    if let Some(StoreError::Invalid(fields)) = e.downcast_ref::<StoreError>() {
        let list: Vec<String> = fields.iter().map(|f| format!("  - {f}")).collect();
        return format!("invalid input:\n{}", list.join("\n"));
    }
    let parts: Vec<String> = e
        .chain()
        .map(|cause| match cause.downcast_ref::<StoreError>() {
            Some(StoreError::Refused(r)) => refusal(r),
            _ => cause.to_string(),
        })
        .collect();
    parts.join(": ")
}

/// A refusal in `fq`'s words: the English sentence, with the command that does it where there is one.
fn refusal(r: &fieldquote_domain::Refusal) -> String {
    use fieldquote_domain::Refusal;
    use fieldquote_domain::refusal::ServerData;
    match r {
        Refusal::ServerOwned { data, server } => {
            let (verb, them, command) = match data {
                ServerData::Catalog => ("is", "it", "products"),
                ServerData::PriceLists => ("are", "them", "pricelist"),
            };
            format!(
                "the {data} {verb} managed on the server {server}: ask an admin to change {them} there \
                 (fieldquote-server import {command} FILE.csv); changes reach this computer with the next sync"
            )
        }
        other => other.to_string(),
    }
}

async fn open(data_dir: Option<&Path>) -> Result<Store> {
    let dir = data_dir.map_or_else(default_data_dir, Path::to_path_buf);
    Store::open(&dir).await.with_context(|| {
        format!(
            "cannot open the Fieldquote data in {} (set --data-dir or {DATA_DIR_ENV})",
            dir.display()
        )
    })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Print rows as aligned columns (widths by characters; CJK counts double).
fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| if c as u32 >= 0x1100 { 2 } else { 1 })
            .sum()
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(width(c)))))
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Read and check a product file; every problem is in the error.
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

fn read_products(file: &Path) -> Result<Vec<fieldquote_domain::import::ProductRow>> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    fieldquote_domain::import::parse_products(std::io::BufReader::new(f)).map_err(|problems| {
        anyhow::anyhow!(
            "{}: {}",
            file.display(),
            fieldquote_domain::import::describe_problems(&problems)
        )
    })
}

/// Read and check a price-list file; every problem is in the error.
fn read_price_lists(file: &Path) -> Result<fieldquote_domain::import::PriceListFile> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    fieldquote_domain::import::parse_price_lists(std::io::BufReader::new(f)).map_err(|problems| {
        anyhow::anyhow!(
            "{}: {}",
            file.display(),
            fieldquote_domain::import::describe_problems(&problems)
        )
    })
}

/// A customer named by its exact name or its id.
async fn find_customer(store: &Store, key: &str) -> Result<fieldquote_domain::customer::Customer> {
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

/// Where a line's price came from, in a few words: `华东 VIP v2`, `base price`, with `USD 100.00 × 7.1`
/// when converted.
fn price_source_text(l: &fieldquote_domain::quote::QuoteLineView) -> String {
    use fieldquote_domain::price_list::PriceSource;
    let mut text = match l.price.source {
        PriceSource::PriceList { version, .. } if l.price.price_list_name.is_empty() => {
            format!("list v{version}")
        }
        PriceSource::PriceList { version, .. } => {
            format!("{} v{version}", l.price.price_list_name)
        }
        PriceSource::BasePrice => "base price".to_string(),
    };
    if l.price.tax_inclusive {
        text.push_str(", incl. tax");
    }
    if !l.price.exchange_rate.is_empty() {
        text.push_str(&format!(
            ", {} {} × {}",
            l.price.source_currency, l.price.source_unit_price, l.price.exchange_rate
        ));
    }
    text
}

fn print_repricing(r: &fieldquote_domain::quote::RepricingView) {
    if !r.can_reprice {
        println!("{} can no longer change: it is never re-priced.", r.number);
        return;
    }
    if r.lines.is_empty() {
        println!(
            "{}: every line has the current price; nothing to re-price.",
            r.number
        );
        return;
    }
    let version = |v: Option<u32>| v.map_or_else(|| "base".to_string(), |v| format!("v{v}"));
    print_table(
        &["#", "SKU", "UNIT PRICE", "NET", "LIST"],
        &r.lines
            .iter()
            .map(|l| {
                vec![
                    (l.position + 1).to_string(),
                    l.sku.clone(),
                    format!("{} -> {}", l.old_unit_price, l.new_unit_price),
                    format!("{} -> {}", l.old_net, l.new_net),
                    format!(
                        "{} -> {}",
                        version(l.old_list_version),
                        version(l.new_list_version)
                    ),
                ]
            })
            .collect::<Vec<_>>(),
    );
    println!(
        "Total {} -> {} {}",
        r.before.total, r.after.total, r.currency
    );
}

/// "item", or a bundle's pricing and components: `bundle (sum): DRV*1 MOT*2`.
fn product_kind_text(
    p: &fieldquote_domain::catalog::Product,
    skus: &std::collections::HashMap<uuid::Uuid, String>,
) -> String {
    use fieldquote_domain::catalog::ProductKind;
    use fieldquote_domain::pricing::BundlePricing;
    let pricing = match p.kind() {
        ProductKind::Item => return "item".into(),
        ProductKind::Bundle(BundlePricing::SumOfComponents) => "sum",
        ProductKind::Bundle(BundlePricing::Fixed) => "fixed",
    };
    let parts: Vec<String> = p
        .components
        .iter()
        .map(|c| {
            let sku = skus.get(&c.product_id).map_or("?", String::as_str);
            format!("{sku}*{}", c.quantity)
        })
        .collect();
    format!("bundle ({pricing}): {}", parts.join(" "))
}

/// After a lifecycle step: the quote as JSON, or one line saying what happened.
fn report_quote(q: &fieldquote_domain::quote::QuoteView, format: Format, what: &str) -> Result<()> {
    match format {
        Format::Json => print_json(q)?,
        Format::Table => println!(
            "Quote {} {what} (status {}).",
            q.number.as_deref().unwrap_or(""),
            q.shown_status.as_str()
        ),
    }
    Ok(())
}

fn print_quote(q: &fieldquote_domain::quote::QuoteView) {
    let status = if q.shown_status == q.status {
        q.status.as_str().to_string()
    } else {
        format!(
            "{} (stored as {})",
            q.shown_status.as_str(),
            q.status.as_str()
        )
    };
    println!(
        "{}  {status}  issued {}  valid until {}",
        q.number.as_deref().unwrap_or(""),
        q.issue_date,
        q.valid_until
    );
    if let Some(revises) = &q.revises_number {
        println!("Revision {} of {revises}", q.revision);
    }
    println!(
        "Customer: {}",
        q.customer.as_ref().map_or("", |c| c.name.as_str())
    );
    for (label, text) in [
        ("Payment terms", &q.payment_terms),
        ("Delivery terms", &q.delivery_terms),
    ] {
        if !text.is_empty() {
            println!("{label}: {text}");
        }
    }
    print_table(
        &[
            "SKU",
            "DESCRIPTION",
            "QTY",
            "UNIT PRICE",
            "DISC %",
            "DISC",
            "NET",
            "TAX",
            "GROSS",
            "PRICE FROM",
        ],
        &q.lines
            .iter()
            .map(|l| {
                use fieldquote_domain::quote::QuoteLineKind;
                let mut description = match (l.optional, l.selected) {
                    (true, true) => format!("{} [option, selected]", l.description),
                    (true, false) => format!("{} [option, not selected]", l.description),
                    _ => l.description.clone(),
                };
                let parent_pricing = l
                    .parent
                    .and_then(|p| q.lines.get(p as usize))
                    .map(|b| b.bundle_pricing.as_str());
                match (l.kind, l.bundle_pricing.as_str(), parent_pricing) {
                    (QuoteLineKind::Bundle, "sum", _) => {
                        description.push_str(" [bundle: sum of its components]");
                    }
                    (QuoteLineKind::Bundle, _, _) => {
                        description.push_str(" [bundle at a fixed price]");
                    }
                    (QuoteLineKind::Component, _, Some("fixed")) => {
                        description.push_str(" [included]");
                    }
                    _ => {}
                }
                // Components are indented under their bundle line.
                let indent = "  ".repeat(l.depth as usize);
                vec![
                    format!("{indent}{}", l.sku),
                    description,
                    format!("{} {}", l.quantity, l.unit),
                    l.unit_price.clone(),
                    l.discount_percent.clone(),
                    l.discount_amount.clone(),
                    l.net.clone(),
                    l.tax.clone(),
                    l.gross.clone(),
                    price_source_text(l),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let t = &q.totals;
    if q.quote_discount != fieldquote_domain::quote::QuoteDiscountDraft::None {
        println!(
            "Lines {}  Quote discount -{}",
            t.lines_total, t.quote_discount
        );
    }
    for b in &t.tax_by_rate {
        println!("  Tax {} %: on {}  {}", b.rate, b.net, b.tax);
    }
    println!(
        "Subtotal {}  Tax {}  Total {} {}",
        t.subtotal, t.tax, t.total, q.currency
    );
    if let Some(capitals) = &t.total_in_capitals {
        println!("Total in capitals: 人民币{capitals}");
    }
    if q.discount_review.needs_approval {
        println!(
            "Largest discount {} % is above the limit of {} %: a manager's approval is needed before sending.",
            q.discount_review.max_line_discount, q.discount_review.limit
        );
    }
    if let Some(a) = &q.approval {
        if a.approved {
            println!(
                "Approved by {} at {}. {}",
                a.approved_by, a.approved_at, a.comment
            );
        } else {
            println!("{}", a.comment);
        }
    }
}

fn print_diff(d: &fieldquote_domain::quote::QuoteDiff) {
    println!(
        "{} -> {}",
        d.from_number.as_deref().unwrap_or(""),
        d.to_number.as_deref().unwrap_or("")
    );
    if d.is_empty() {
        println!("No changes.");
        return;
    }
    for f in &d.header {
        println!("  {}: {:?} -> {:?}", f.field, f.before, f.after);
    }
    for l in &d.lines {
        let change = match l.change {
            fieldquote_domain::quote::LineChange::Added => "added",
            fieldquote_domain::quote::LineChange::Removed => "removed",
            fieldquote_domain::quote::LineChange::Changed => "changed",
        };
        let fields: Vec<String> = l
            .fields
            .iter()
            .map(|f| match l.change {
                fieldquote_domain::quote::LineChange::Changed => {
                    format!("{} {} -> {}", f.field, f.before, f.after)
                }
                fieldquote_domain::quote::LineChange::Added => format!("{} {}", f.field, f.after),
                fieldquote_domain::quote::LineChange::Removed => {
                    format!("{} {}", f.field, f.before)
                }
            })
            .collect();
        println!(
            "  {change} {} {}: {}",
            l.sku,
            l.description,
            fields.join(", ")
        );
    }
    let (b, a) = (&d.totals_before, &d.totals_after);
    println!(
        "  Totals: subtotal {} -> {}, tax {} -> {}, total {} -> {}",
        b.subtotal, a.subtotal, b.tax, a.tax, b.total, a.total
    );
}

async fn run(cli: Cli) -> Result<()> {
    // A file to import is read and checked before the database is opened: a refused file leaves every byte
    // of the database as it was.
    let product_rows = match &cli.command {
        Command::Import(ImportCmd::Products { file }) => Some(read_products(file)?),
        _ => None,
    };
    let price_lists = match &cli.command {
        Command::Import(ImportCmd::PriceList { file }) => Some(read_price_lists(file)?),
        _ => None,
    };
    let store = open(cli.data_dir.as_deref()).await?;
    let result = execute(&store, cli.command, product_rows, price_lists).await;
    // Close the pool before exiting, whatever happened: the last connection checkpoints the WAL, so a command
    // (even a refused one) leaves the database files in the same settled state.
    let closed = store.close().await;
    result?;
    Ok(closed?)
}

async fn execute(
    store: &Store,
    command: Command,
    product_rows: Option<Vec<fieldquote_domain::import::ProductRow>>,
    price_lists: Option<fieldquote_domain::import::PriceListFile>,
) -> Result<()> {
    match command {
        Command::Demo => {
            let report = demo::load(store)
                .await
                .context("loading the demo data failed")?;
            println!(
                "Demo data ready in {}: {} products, {} new customers, {} new quotes.",
                store.path().display(),
                report.products,
                report.customers_created,
                report.quotes_created
            );
        }
        Command::Settings(SettingsCmd::Show { format }) => {
            let limit = store.discount_limit().await?.to_string();
            let from_server = store.role_discount_limit().await?.is_some();
            let role = store.signed_in_user().await?.and_then(|u| u.role);
            let set_by = if from_server { "server" } else { "device" };
            let rates = store.exchange_rates().await?;
            let pdf_language = store.pdf_language().await?;
            let logo = match store.logo().await? {
                Some(bytes) => {
                    let (w, h) = fieldquote_pdf::Logo::from_bytes(&bytes)?.size();
                    Some(serde_json::json!({ "width": w, "height": h, "bytes": bytes.len() }))
                }
                None => None,
            };
            match format {
                Format::Json => print_json(&serde_json::json!({
                    "discount_limit": limit,
                    "set_by": set_by,
                    "pdf_language": pdf_language.map_or("auto", PdfLanguage::code),
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
                        match pdf_language {
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
        }
        Command::Settings(SettingsCmd::ExchangeRate { from, to, rate }) => {
            let bad = |e: fieldquote_domain::FieldError| anyhow::anyhow!("{e}");
            let from = fieldquote_domain::validation::currency("from", from.trim()).map_err(bad)?;
            let to = fieldquote_domain::validation::currency("to", to.trim()).map_err(bad)?;
            let rate = fieldquote_domain::money::ExchangeRate::parse("rate", from, to, &rate)
                .map_err(bad)?;
            store.set_exchange_rate(rate).await?;
            println!(
                "Exchange rate set: 1 {from} = {} {to}. New lines use it; lines already priced keep their rate.",
                rate.rate()
            );
        }
        Command::Import(ImportCmd::PriceList { file }) => {
            let Some(lists) = price_lists else {
                anyhow::bail!("{} was not read", file.display());
            };
            let r = store.import_price_lists(&lists, Origin::Import).await?;
            println!(
                "Imported {} price lists ({} prices) from {}: {} new, {} updated, {} unchanged.",
                r.lists,
                r.entries,
                file.display(),
                r.created,
                r.updated,
                r.unchanged
            );
        }
        Command::Export(ExportCmd::PriceList { out }) => {
            let lists = store.export_price_lists().await?;
            let text = fieldquote_domain::import::write_price_lists(&lists);
            match &out {
                Some(path) => {
                    std::fs::write(path, &text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!(
                        "Exported {} price lists ({} prices) to {}.",
                        lists.len(),
                        lists.iter().map(|l| l.entries.len()).sum::<usize>(),
                        path.display()
                    );
                }
                None => std::io::stdout().lock().write_all(text.as_bytes())?,
            }
        }
        Command::PriceList(PriceListCmd::List { format }) => {
            let lists = store.list_price_lists().await?;
            match format {
                Format::Json => print_json(&lists)?,
                Format::Table => print_table(
                    &[
                        "NAME",
                        "VERSION",
                        "CURRENCY",
                        "TAX",
                        "VALID",
                        "DEFAULT",
                        "PRICES",
                        "CUSTOMERS",
                    ],
                    &lists
                        .into_iter()
                        .map(|l| {
                            vec![
                                l.name,
                                l.version.to_string(),
                                l.currency.to_string(),
                                if l.tax_inclusive { "incl." } else { "excl." }.to_string(),
                                format!("{} .. {}", l.valid_from, l.valid_until),
                                if l.is_default { "yes" } else { "" }.to_string(),
                                l.entries.to_string(),
                                l.customers.to_string(),
                            ]
                        })
                        .collect::<Vec<_>>(),
                ),
            }
        }
        Command::Customer(CustomerCmd::PriceList {
            customer,
            list,
            none,
        }) => {
            let c = find_customer(store, &customer).await?;
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
        }
        Command::Quote(QuoteCmd::Reprice {
            number,
            check,
            format,
        }) => {
            let id = store.quote_id_by_number(&number).await?;
            if check {
                let r = store.repricing(id).await?;
                match format {
                    Format::Json => print_json(&r)?,
                    Format::Table => print_repricing(&r),
                }
            } else {
                let r = store.repricing(id).await?;
                let q = store.reprice_quote(id, Origin::Cli).await?;
                match format {
                    Format::Json => print_json(&q)?,
                    Format::Table => {
                        print_repricing(&r);
                        if !r.lines.is_empty() {
                            println!(
                                "Re-priced {} line(s) of {} (status {}).",
                                r.lines.len(),
                                q.number.as_deref().unwrap_or(""),
                                q.shown_status.as_str()
                            );
                        }
                    }
                }
            }
        }
        Command::Settings(SettingsCmd::Logo { file, remove: _ }) => match file {
            Some(file) => {
                let bytes = read_limited(&file, fieldquote_pdf::Logo::MAX_BYTES)?;
                let logo = fieldquote_pdf::Logo::from_bytes(&bytes)
                    .with_context(|| format!("{} is refused", file.display()))?;
                store.set_logo(Some(&bytes)).await?;
                let (w, h) = logo.size();
                println!(
                    "Logo set from {} ({w}×{h} pixels): it is printed on every quote PDF from now on.",
                    file.display()
                );
            }
            None => {
                store.set_logo(None).await?;
                println!("Logo removed: quote PDFs are printed without one.");
            }
        },
        Command::Settings(SettingsCmd::PdfLanguage { lang }) => {
            let lang = match lang {
                PdfLangSetting::Auto => None,
                PdfLangSetting::En => Some(PdfLanguage::En),
                PdfLangSetting::Zh => Some(PdfLanguage::Zh),
                PdfLangSetting::Bilingual => Some(PdfLanguage::Bilingual),
            };
            store.set_pdf_language(lang).await?;
            println!("Quote PDFs are printed with this language unless another is chosen.");
        }
        Command::Settings(SettingsCmd::DiscountLimit { percent }) => {
            let limit = fieldquote_domain::validation::Percent::parse("discount_limit", &percent)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
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
        }
        Command::Import(ImportCmd::Products { file }) => {
            let rows = product_rows.unwrap_or_default();
            let r = store
                .import_products(&rows, Origin::Import)
                .await
                .with_context(|| file.display().to_string())?;
            println!(
                "Imported {} products from {}: {} new, {} updated, {} unchanged.",
                r.rows,
                file.display(),
                r.created,
                r.updated,
                r.unchanged
            );
        }
        Command::Export(ExportCmd::Products { out }) => {
            let products = store.all_products().await?;
            let sink: Box<dyn std::io::Write> = match &out {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut w = csv::Writer::from_writer(sink);
            w.write_record(fieldquote_domain::import::all_product_columns())?;
            let skus: std::collections::HashMap<uuid::Uuid, String> =
                products.iter().map(|p| (p.id, p.sku.clone())).collect();
            for p in &products {
                w.write_record(fieldquote_domain::import::product_record(p, &skus))?;
            }
            w.flush()?;
            if let Some(path) = out {
                println!(
                    "Exported {} products to {}.",
                    products.len(),
                    path.display()
                );
            }
        }
        Command::Info { format } => {
            let device = store.device().await?;
            let (journal, foreign_keys) = store.sqlite_settings().await?;
            let info = serde_json::json!({
                "database": store.path().display().to_string(),
                "journal_mode": journal,
                "foreign_keys": foreign_keys,
                "device_id": device.device_id,
                "quote_prefix": device.quote_prefix,
                "pending_changes": store.pending_changes().await?,
            });
            match format {
                Format::Json => print_json(&info)?,
                Format::Table => {
                    println!("Database:        {}", store.path().display());
                    println!("Device:          {}", device.device_id);
                    println!(
                        "Journal mode:    {journal}, foreign keys {}",
                        if foreign_keys { "on" } else { "off" }
                    );
                    println!("Pending changes: {}", store.pending_changes().await?);
                }
            }
        }
        Command::Login {
            server,
            email,
            password_env,
        } => sync_cmd::login(store, &server, &email, &password_env).await?,
        Command::Sync(SyncArgs {
            command: None,
            password_env,
        }) => sync_cmd::sync(store, password_env.as_deref()).await?,
        Command::Sync(SyncArgs {
            command: Some(SyncCmd::Status { format }),
            ..
        }) => sync_cmd::status(store, format == Format::Json).await?,
        Command::Sync(SyncArgs {
            command: Some(SyncCmd::Conflicts { format }),
            ..
        }) => {
            let conflicts = store.conflict_items().await?;
            match format {
                Format::Json => print_json(&conflicts)?,
                Format::Table => print_table(
                    &["ID", "RECORD", "FIELD", "MINE", "THEIRS", "SHOWING"],
                    &conflicts
                        .into_iter()
                        .map(|c| {
                            let showing = if c.showing_mine { "mine" } else { "theirs" };
                            vec![
                                c.id,
                                format!("{} {}", c.entity, c.label),
                                c.field,
                                c.mine,
                                c.theirs,
                                showing.into(),
                            ]
                        })
                        .collect::<Vec<_>>(),
                ),
            }
        }
        Command::Sync(SyncArgs {
            command: Some(SyncCmd::Resolve { id, keep }),
            ..
        }) => {
            let keep = match keep {
                KeepArg::Mine => fieldquote_store::Keep::Mine,
                KeepArg::Theirs => fieldquote_store::Keep::Theirs,
            };
            store.resolve_conflict(id.trim(), keep).await?;
            println!(
                "Conflict {} settled; the choice goes to the server with the next sync.",
                id.trim()
            );
        }
        Command::Customer(CustomerCmd::List { query, format }) => {
            let customers = store.list_customers(query.as_deref().unwrap_or("")).await?;
            match format {
                Format::Json => print_json(&customers)?,
                Format::Table => print_table(
                    &["NAME", "CONTACT", "PHONE", "EMAIL"],
                    &customers
                        .into_iter()
                        .map(|c| vec![c.name, c.contact_person, c.phone, c.email])
                        .collect::<Vec<_>>(),
                ),
            }
        }
        Command::Customer(CustomerCmd::Add {
            name,
            contact,
            phone,
            email,
            address,
            tax_id,
            format,
        }) => {
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
        }
        Command::Product(ProductCmd::List { query, format }) => {
            let products = store.list_products(query.as_deref().unwrap_or("")).await?;
            match format {
                Format::Json => print_json(&products)?,
                Format::Table => {
                    let skus: std::collections::HashMap<uuid::Uuid, String> = store
                        .all_products()
                        .await?
                        .into_iter()
                        .map(|p| (p.id, p.sku))
                        .collect();
                    print_table(
                        &["SKU", "NAME", "CATEGORY", "KIND", "UNIT", "PRICE", "TAX %"],
                        &products
                            .into_iter()
                            .map(|p| {
                                let kind = product_kind_text(&p, &skus);
                                let name = if p.active {
                                    p.name
                                } else {
                                    format!("{} [inactive]", p.name)
                                };
                                vec![
                                    p.sku,
                                    name,
                                    p.category,
                                    kind,
                                    p.unit,
                                    format!("{} {}", p.unit_price, p.currency),
                                    p.tax_rate,
                                ]
                            })
                            .collect::<Vec<_>>(),
                    );
                }
            }
        }
        Command::Quote(QuoteCmd::List { query, format }) => {
            let quotes = store.list_quotes(query.as_deref().unwrap_or("")).await?;
            match format {
                Format::Json => print_json(&quotes)?,
                Format::Table => print_table(
                    &["NUMBER", "CUSTOMER", "STATUS", "DATE", "LINES", "TOTAL"],
                    &quotes
                        .into_iter()
                        .map(|q| {
                            vec![
                                q.number,
                                q.customer,
                                q.shown_status.as_str().to_string(),
                                q.issue_date,
                                q.line_count.to_string(),
                                format!("{} {}", q.total, q.currency),
                            ]
                        })
                        .collect::<Vec<_>>(),
                ),
            }
        }
        Command::Quote(QuoteCmd::Show { number, format }) => {
            let q = store.get_quote_by_number(&number).await?;
            match format {
                Format::Json => print_json(&q)?,
                Format::Table => print_quote(&q),
            }
        }
        Command::Quote(QuoteCmd::Send { number, format }) => {
            let id = store.quote_id_by_number(&number).await?;
            let q = store.send_quote(id, Origin::Cli).await?;
            report_quote(&q, format, "sent")?;
        }
        Command::Quote(QuoteCmd::Approve {
            number,
            decider,
            comment,
            format,
        }) => {
            let q = sync_cmd::decide(
                store,
                &number,
                decider.into(),
                fieldquote_sync::Decision::Approve,
                &comment,
            )
            .await?;
            report_quote(&q, format, "approved")?;
        }
        Command::Quote(QuoteCmd::RejectApproval {
            number,
            decider,
            comment,
            format,
        }) => {
            let q = sync_cmd::decide(
                store,
                &number,
                decider.into(),
                fieldquote_sync::Decision::Reject,
                &comment,
            )
            .await?;
            report_quote(&q, format, "sent back to draft")?;
        }
        Command::Approvals { format } => {
            let list = store.pending_approvals().await?;
            match format {
                Format::Json => print_json(&list)?,
                Format::Table if list.is_empty() => println!("No quotes wait for your approval."),
                Format::Table => {
                    println!(
                        "{:<18} {:<24} {:<16} {:<20} {:>14} {:>8} {:>6}",
                        "Number",
                        "Customer",
                        "Requested by",
                        "Requested at",
                        "Total",
                        "Discount",
                        "Limit"
                    );
                    for a in &list {
                        println!(
                            "{:<18} {:<24} {:<16} {:<20} {:>14} {:>7}% {:>5}%",
                            a.number,
                            a.customer_name,
                            a.requested_by,
                            a.requested_at,
                            format!("{} {}", a.total, a.currency.code()),
                            a.max_discount,
                            a.limit
                        );
                    }
                }
            }
        }
        Command::Quote(QuoteCmd::Revise { number, format }) => {
            let id = store.quote_id_by_number(&number).await?;
            let q = store.revise_quote(id, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&q)?,
                Format::Table => println!(
                    "Revised {}: the new draft is {} ({}).",
                    q.revises_number.as_deref().unwrap_or(number.trim()),
                    q.number.as_deref().unwrap_or(""),
                    q.status.as_str()
                ),
            }
        }
        Command::Quote(QuoteCmd::Diff { number, format }) => {
            let id = store.quote_id_by_number(&number).await?;
            let d = store.diff_quote(id).await?;
            match format {
                Format::Json => print_json(&d)?,
                Format::Table => print_diff(&d),
            }
        }
        Command::Quote(QuoteCmd::Pdf { number, out, lang }) => {
            let quote = store.get_quote_by_number(&number).await?;
            let company = store.company_or_default().await?;
            let chosen = lang.map(|l| match l {
                PdfLang::En => PdfLanguage::En,
                PdfLang::Zh => PdfLanguage::Zh,
                PdfLang::Bilingual => PdfLanguage::Bilingual,
            });
            // The quote's own choice, else this device's default, else English.
            let setting = store.pdf_language().await?;
            let lang =
                PdfLanguage::resolve(chosen, quote.pdf_lang, setting, PdfLanguage::default());
            let logo = match store.logo().await? {
                Some(bytes) => Some(
                    fieldquote_pdf::Logo::from_bytes(&bytes)
                        .context("the stored logo; set another with `fq settings logo FILE`")?,
                ),
                None => None,
            };
            let written =
                fieldquote_pdf::write_quote(&quote, &company, &RenderOptions { lang, logo }, &out)?;
            println!("Wrote {} ({} bytes)", out.display(), written);
        }
    }
    Ok(())
}
