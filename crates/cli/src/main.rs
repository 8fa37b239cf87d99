//! `fq`: Fieldquote from the command line, over the same crates as the desktop app.
//!
//! Output for machines with `--format json` (money as decimal strings); errors on stderr with a non-zero exit
//! code (1 for a failed command, 2 for a usage error).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use fieldquote_domain::model::CustomerInput;
use fieldquote_pdf::{Lang, RenderOptions};
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
}

#[derive(Subcommand)]
enum ImportCmd {
    /// Products from a UTF-8 CSV file with the header sku,name,description,unit,unit_price,currency,tax_rate
    ///
    /// A product whose SKU exists is updated; others are created. A file with any problem is refused whole,
    /// every problem listed by row and column, and nothing is written. Once this device is connected to a
    /// server the catalog is the server's (`fieldquote-server import products`) and this is refused.
    Products {
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
}

#[derive(Subcommand)]
enum ProductCmd {
    /// List products, optionally those whose SKU, name or description contains QUERY
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
        /// Language of the printed labels
        #[arg(long, value_enum, default_value_t = PdfLang::En)]
        lang: PdfLang,
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

/// The error chain as one sentence, with validation problems one a line.
fn describe(e: &anyhow::Error) -> String {
    if let Some(StoreError::Invalid(fields)) = e.downcast_ref::<StoreError>() {
        let list: Vec<String> = fields.iter().map(|f| format!("  - {f}")).collect();
        return format!("invalid input:\n{}", list.join("\n"));
    }
    format!("{e:#}")
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

/// After a lifecycle step: the quote as JSON, or one line saying what happened.
fn report_quote(q: &fieldquote_domain::model::QuoteView, format: Format, what: &str) -> Result<()> {
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

fn print_quote(q: &fieldquote_domain::model::QuoteView) {
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
        ],
        &q.lines
            .iter()
            .map(|l| {
                let description = match (l.optional, l.selected) {
                    (true, true) => format!("{} [option, selected]", l.description),
                    (true, false) => format!("{} [option, not selected]", l.description),
                    _ => l.description.clone(),
                };
                vec![
                    l.sku.clone(),
                    description,
                    format!("{} {}", l.quantity, l.unit),
                    l.unit_price.clone(),
                    l.discount_percent.clone(),
                    l.discount_amount.clone(),
                    l.net.clone(),
                    l.tax.clone(),
                    l.gross.clone(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let t = &q.totals;
    if q.quote_discount != fieldquote_domain::model::QuoteDiscountDraft::None {
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

fn print_diff(d: &fieldquote_domain::diff::QuoteDiff) {
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
            fieldquote_domain::diff::LineChange::Added => "added",
            fieldquote_domain::diff::LineChange::Removed => "removed",
            fieldquote_domain::diff::LineChange::Changed => "changed",
        };
        let fields: Vec<String> = l
            .fields
            .iter()
            .map(|f| match l.change {
                fieldquote_domain::diff::LineChange::Changed => {
                    format!("{} {} -> {}", f.field, f.before, f.after)
                }
                fieldquote_domain::diff::LineChange::Added => format!("{} {}", f.field, f.after),
                fieldquote_domain::diff::LineChange::Removed => {
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
    let store = open(cli.data_dir.as_deref()).await?;
    let result = execute(&store, cli.command, product_rows).await;
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
            match format {
                Format::Json => print_json(&serde_json::json!({
                    "discount_limit": limit,
                    "set_by": set_by,
                }))?,
                Format::Table if from_server => println!(
                    "Discount limit: {limit} % (set on the server for the {} role)",
                    role.as_deref().unwrap_or("signed-in")
                ),
                Format::Table => println!("Discount limit: {limit} % (this device's setting)"),
            }
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
            let r = store.import_products(&rows, Origin::Import).await?;
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
            w.write_record(fieldquote_domain::import::PRODUCT_COLUMNS)?;
            for p in &products {
                w.write_record([
                    p.sku.as_str(),
                    p.name.as_str(),
                    p.description.as_str(),
                    p.unit.as_str(),
                    p.unit_price.as_str(),
                    p.currency.code(),
                    p.tax_rate.as_str(),
                ])?;
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
                Format::Table => print_table(
                    &["SKU", "NAME", "UNIT", "PRICE", "TAX %"],
                    &products
                        .into_iter()
                        .map(|p| {
                            vec![
                                p.sku,
                                p.name,
                                p.unit,
                                format!("{} {}", p.unit_price, p.currency),
                                p.tax_rate,
                            ]
                        })
                        .collect::<Vec<_>>(),
                ),
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
            let lang = match lang {
                PdfLang::En => Lang::En,
                PdfLang::Zh => Lang::Zh,
                PdfLang::Bilingual => Lang::Bilingual,
            };
            let written =
                fieldquote_pdf::write_quote(&quote, &company, &RenderOptions { lang }, &out)?;
            println!("Wrote {} ({} bytes)", out.display(), written);
        }
    }
    Ok(())
}
