//! `fieldquote-server`: run the sync server, or administer its accounts directly on the database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use fieldquote_domain::Role;
use fieldquote_server::accounts::{Accounts, NewUser};
use fieldquote_server::catalog::{Catalog, CompanyUpdate};
use fieldquote_server::config::{DEFAULT_BODY_LIMIT, DEFAULT_TOKEN_DAYS, parse_proxy};
use fieldquote_server::content::ContentLibrary;
use fieldquote_server::db::{DEFAULT_DATABASE_URL, redact};
use fieldquote_server::price_lists::PriceLists;
use fieldquote_server::{Db, ServerConfig, ServerError, http, ms_to_rfc3339};
use tracing_subscriber::EnvFilter;

#[derive(Parser, Debug)]
#[command(
    name = "fieldquote-server",
    version,
    about = "Fieldquote team sync server"
)]
struct Cli {
    /// Database: sqlite://PATH (created on first start) or postgres://USER@HOST:PORT/DB.
    #[arg(
        long,
        global = true,
        env = "FIELDQUOTE_DATABASE_URL",
        default_value = DEFAULT_DATABASE_URL,
        hide_env_values = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the HTTP API until SIGTERM or Ctrl-C.
    Serve(ServeArgs),
    /// Teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Users who may sign in.
    #[command(subcommand)]
    User(UserCommand),
    /// Import server-owned data (devices pull it on their next sync).
    #[command(subcommand)]
    Import(ImportCommand),
    /// The company profile printed on every quote (devices pull it on their next sync).
    #[command(subcommand)]
    Company(CompanyCommand),
    /// The company's content library: blocks proposals are built from (devices pull them on their next sync).
    #[command(subcommand)]
    Content(ContentCommand),
}

#[derive(Subcommand, Debug)]
enum ContentCommand {
    /// Import company blocks from a JSON or CSV file, or every *.json and *.csv of a directory. JSON: a block
    /// or a list of blocks with kind (company_introduction, solution_module, case_study, reference,
    /// certification, terms, faq), title_en, title_zh, body_en, body_zh (the document's JSON text), tags,
    /// industry, product_ids, bundle_ids, image_blobs (SHA-256), images (files, relative to the file) and an
    /// optional id; CSV: the same columns, lists separated by `;`. A block without an id is known by its kind
    /// and title, so importing again updates it. Any problem refuses the whole import, every problem listed.
    Import {
        #[arg(value_name = "DIR|FILE")]
        path: PathBuf,
        /// Largest image accepted, in MiB (as `serve --max-blob-mib`).
        #[arg(long, default_value_t = fieldquote_server::blobs::DEFAULT_MAX_BLOB / (1024 * 1024))]
        max_blob_mib: u64,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Products from a UTF-8 CSV file with the header sku,name,description,unit,unit_price,currency,tax_rate,
    /// optionally followed by name_zh,description_zh,category,active,bundle_pricing,components (SKU*qty;…) and
    /// accessories (SKU;…); a column left out keeps what the products have.
    /// A product whose SKU exists is updated. A file with any problem is refused whole, every problem listed.
    Products {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
    /// Price lists from a UTF-8 CSV file with the header
    /// price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price (one row per
    /// quantity tier). A list whose name exists gets the file's prices and a new version; every SKU must be
    /// in the catalog. A file with any problem is refused whole, every problem listed by row and column.
    #[command(name = "pricelist")]
    PriceList {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum CompanyCommand {
    /// Set the company profile; fields not given keep their value (a name is needed the first time).
    Set(Box<CompanySet>),
    /// Show the company profile.
    Show,
}

/// The fields `company set` changes.
#[derive(Args, Debug)]
struct CompanySet {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    tax_id: Option<String>,
    /// ISO 4217 code, e.g. CNY (the default the first time).
    #[arg(long)]
    currency: Option<String>,
    /// Largest discount (percent) a rep may give without a manager's approval; devices take it with
    /// their next sync ("" unsets it).
    #[arg(long, value_name = "PERCENT")]
    rep_discount_limit: Option<String>,
    /// The same for managers (admins have no limit).
    #[arg(long, value_name = "PERCENT")]
    manager_discount_limit: Option<String>,
    /// The bank clients pay into, printed on quotes (with --bank-account-name and --bank-account-number;
    /// "" clears it).
    #[arg(long)]
    bank_name: Option<String>,
    /// The account holder (户名).
    #[arg(long)]
    bank_account_name: Option<String>,
    /// The account number (账号).
    #[arg(long)]
    bank_account_number: Option<String>,
    /// The branch (开户支行), optional.
    #[arg(long)]
    bank_branch: Option<String>,
    /// The SWIFT/BIC code, optional: 8 or 11 letters and digits.
    #[arg(long)]
    bank_swift: Option<String>,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one; the log says which).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Days a login token stays valid.
    #[arg(long, default_value_t = DEFAULT_TOKEN_DAYS, value_parser = clap::value_parser!(u32).range(1..=3650))]
    token_days: u32,
    /// Failed sign-ins from one address allowed before that address is locked out of the account.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    login_max_failures: u32,
    /// Failed sign-ins from all addresses together allowed before the account is locked for everyone.
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    login_account_max_failures: u32,
    /// Seconds of the first lock (doubling with each further failure).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    login_lock_secs: u64,
    /// Longest lock, in seconds.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    login_max_lock_secs: u64,
    /// A reverse proxy (address, or network such as 10.0.0.0/8) whose X-Forwarded-For header names the
    /// client; repeat for several. Without one, the header is ignored and the peer is the client.
    #[arg(long = "trusted-proxy", value_name = "ADDR_OR_CIDR", value_parser = parse_proxy)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Largest request body accepted, in MiB.
    #[arg(long, default_value_t = DEFAULT_BODY_LIMIT / (1024 * 1024))]
    max_body_mib: usize,
    /// Largest blob (an image of a content block) accepted, in MiB.
    #[arg(long, default_value_t = fieldquote_server::blobs::DEFAULT_MAX_BLOB / (1024 * 1024))]
    max_blob_mib: u64,
}

#[derive(Subcommand, Debug)]
enum TeamCommand {
    /// Create a team.
    Add { name: String },
    /// List teams.
    List,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a user; the password is read from an environment variable, never from the command line.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// rep, manager or admin.
        #[arg(long)]
        role: Role,
        /// Team name (required for rep and manager).
        #[arg(long)]
        team: Option<String>,
        /// Name of the environment variable holding the password (at least 10 characters).
        #[arg(long, value_name = "VAR")]
        password_env: String,
    },
    /// List users.
    List,
    /// Disable a user and revoke their sessions.
    Disable { email: String },
}

fn main() -> ExitCode {
    // Usage errors exit 1 like every other failure (clap's own default is 2); help and version, 0.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let serving = matches!(cli.command, Command::Serve(_));
    init_tracing(if serving { "info" } else { "warn" });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(default: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default},sqlx=warn,sea_orm_migration=warn")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Errors of the binary: the library's, plus reading the environment and binding the socket.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let url = cli.database_url;
    match cli.command {
        Command::Serve(args) => serve(&url, args).await,
        Command::Team(cmd) => {
            let accounts = open(&url, ServerConfig::default()).await?;
            match cmd {
                TeamCommand::Add { name } => {
                    let t = accounts.add_team(&name).await?;
                    println!("created team {} ({})", t.name, t.id);
                }
                TeamCommand::List => {
                    for t in accounts.list_teams().await? {
                        println!("{}\t{}", t.id, t.name);
                    }
                }
            }
            Ok(accounts.db().clone().close().await?)
        }
        Command::User(cmd) => {
            let accounts = open(&url, ServerConfig::default()).await?;
            match cmd {
                UserCommand::Add {
                    email,
                    name,
                    role,
                    team,
                    password_env,
                } => {
                    let password = read_password(&password_env)?;
                    let u = accounts
                        .add_user(NewUser {
                            email,
                            name,
                            role,
                            team,
                            password,
                        })
                        .await?;
                    println!("created {} {} <{}> ({})", u.role.0, u.name, u.email, u.id);
                }
                UserCommand::List => {
                    for l in accounts.list_users().await? {
                        let u = l.user;
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}",
                            u.email,
                            u.name,
                            u.role.0,
                            l.team_name.as_deref().unwrap_or("-"),
                            if u.disabled { "disabled" } else { "active" },
                            ms_to_rfc3339(u.created_at),
                        );
                    }
                }
                UserCommand::Disable { email } => {
                    let u = accounts.disable_user(&email).await?;
                    println!("disabled {} and revoked their sessions", u.email);
                }
            }
            Ok(accounts.db().clone().close().await?)
        }
        Command::Import(cmd) => import(cmd, &url).await,
        Command::Content(ContentCommand::Import { path, max_blob_mib }) => {
            let db = Db::open(&url).await?;
            let started = std::time::Instant::now();
            let library = ContentLibrary::new(db.clone(), max_blob_mib.saturating_mul(1024 * 1024));
            let r = library.import(&path).await?;
            println!(
                "imported {} content blocks from {} ({} file(s), {} image(s)) in {:.1} s: {} created, {} updated, {} unchanged",
                r.blocks,
                path.display(),
                r.files,
                r.images,
                started.elapsed().as_secs_f64(),
                r.created,
                r.updated,
                r.unchanged,
            );
            Ok(db.close().await?)
        }
        Command::Company(cmd) => {
            let db = Db::open(&url).await?;
            let catalog = Catalog::new(db.clone());
            match cmd {
                CompanyCommand::Set(set) => {
                    let CompanySet {
                        name,
                        address,
                        phone,
                        email,
                        tax_id,
                        currency,
                        rep_discount_limit,
                        manager_discount_limit,
                        bank_name,
                        bank_account_name,
                        bank_account_number,
                        bank_branch,
                        bank_swift,
                    } = *set;
                    let out = catalog
                        .set_company(CompanyUpdate {
                            name,
                            address,
                            phone,
                            email,
                            tax_id,
                            currency,
                            rep_discount_limit,
                            manager_discount_limit,
                            bank_name,
                            bank_account_name,
                            bank_account_number,
                            bank_branch,
                            bank_swift,
                        })
                        .await?;
                    let p = out.profile;
                    let shown = |l: &str| {
                        if l.is_empty() {
                            "not set".to_string()
                        } else {
                            format!("{l} %")
                        }
                    };
                    let limits = format!(
                        "discount limits: rep {}, manager {}",
                        shown(&out.limits.rep),
                        shown(&out.limits.manager)
                    );
                    if out.changed {
                        println!("company profile set: {} ({})", p.name, p.currency);
                    } else {
                        println!("company profile unchanged: {} ({})", p.name, p.currency);
                    }
                    if !(out.limits.rep.is_empty() && out.limits.manager.is_empty()) {
                        println!("{limits}");
                    }
                }
                CompanyCommand::Show => match catalog.company().await? {
                    Some(p) => {
                        for (k, v) in [
                            ("name", p.name.as_str()),
                            ("address", &p.address),
                            ("phone", &p.phone),
                            ("email", &p.email),
                            ("tax_id", &p.tax_id),
                            ("currency", p.currency.code()),
                            ("bank_name", &p.bank.bank_name),
                            ("bank_account_name", &p.bank.account_name),
                            ("bank_account_number", &p.bank.account_number),
                            ("bank_branch", &p.bank.branch),
                            ("bank_swift", &p.bank.swift),
                        ] {
                            println!("{k}\t{v}");
                        }
                        let limits = catalog.role_limits().await?;
                        println!("rep_discount_limit\t{}", limits.rep);
                        println!("manager_discount_limit\t{}", limits.manager);
                    }
                    None => {
                        println!("no company profile yet: set one with `company set --name ...`")
                    }
                },
            }
            Ok(db.close().await?)
        }
    }
}

async fn open(url: &str, config: ServerConfig) -> Result<Accounts, CliError> {
    let db = Db::open(url).await?;
    Ok(Accounts::new(db, config))
}

/// `import products` and `import pricelist`: the file into the database, then one line saying what changed.
async fn import(cmd: ImportCommand, url: &str) -> Result<(), CliError> {
    let (ImportCommand::Products { file } | ImportCommand::PriceList { file }) = &cmd;
    let reader = std::fs::File::open(file).map_err(|source| CliError::Read {
        path: file.display().to_string(),
        source,
    })?;
    let reader = std::io::BufReader::new(reader);
    let db = Db::open(url).await?;
    let started = std::time::Instant::now();
    let (what, created, updated, unchanged) = match &cmd {
        ImportCommand::Products { .. } => {
            let r = Catalog::new(db.clone()).import_products(reader).await?;
            let what = format!("{} products", r.rows);
            (what, r.created, r.updated, r.unchanged)
        }
        ImportCommand::PriceList { .. } => {
            let r = PriceLists::new(db.clone()).import(reader).await?;
            let what = format!("{} price lists ({} prices)", r.lists, r.entries);
            (what, r.created, r.updated, r.unchanged)
        }
    };
    println!(
        "imported {what} from {} in {:.1} s: {created} created, {updated} updated, {unchanged} unchanged",
        file.display(),
        started.elapsed().as_secs_f64(),
    );
    Ok(db.close().await?)
}

fn read_password(var: &str) -> Result<String, CliError> {
    match std::env::var(var) {
        Ok(p) if p.is_empty() => Err(CliError::Usage(format!(
            "the environment variable {var} is empty; put the new user's password in it"
        ))),
        Ok(p) => Ok(p),
        Err(std::env::VarError::NotPresent) => Err(CliError::Usage(format!(
            "the environment variable {var} is not set; put the new user's password in it"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::Usage(format!(
            "the environment variable {var} is not valid UTF-8"
        ))),
    }
}

async fn serve(url: &str, args: ServeArgs) -> Result<(), CliError> {
    let mut config = ServerConfig {
        token_ttl: Duration::from_secs(u64::from(args.token_days) * 24 * 60 * 60),
        body_limit: args.max_body_mib.saturating_mul(1024 * 1024),
        max_blob_size: args.max_blob_mib.saturating_mul(1024 * 1024),
        trusted_proxies: args.trusted_proxies,
        ..ServerConfig::default()
    };
    config.lockout.max_failures = args.login_max_failures;
    config.lockout.account_max_failures = args.login_account_max_failures;
    config.lockout.base_delay = Duration::from_secs(args.login_lock_secs);
    config.lockout.max_delay =
        Duration::from_secs(args.login_max_lock_secs.max(args.login_lock_secs));
    tracing::info!(database = %redact(url), "opening database");
    let db = Db::open(url).await?;
    let accounts = Accounts::new(db.clone(), config);
    accounts.warm_up().await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|source| CliError::Bind {
            addr: args.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(CliError::Serve)?;
    tracing::info!(backend = db.backend().name(), "listening on http://{addr}");
    if !addr.ip().is_loopback() {
        tracing::warn!(
            "serving plain HTTP on {addr}, which is not a loopback address: passwords and tokens would \
             cross the network unencrypted. Put a reverse proxy that speaks HTTPS in front and listen on \
             127.0.0.1 (see the README's Security section)"
        );
    }
    http::serve(listener, http::router(accounts), shutdown_signal())
        .await
        .map_err(CliError::Serve)?;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
