//! `fq`'s command line: every subcommand, argument and help text (clap). What each does is in the area's module.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use fieldquote_domain::document::PdfLanguage;
use fieldquote_store::Keep;

mod account;
mod activity;
mod proposal;
mod visit;

pub use account::{AccountCmd, AccountFields};
pub use activity::{ActivityAbout, ActivityCmd, FeedbackCmd};
pub use proposal::ProposalCmd;
pub use visit::{ContactCmd, NeedsCmd, OpportunityCmd, WorkstreamCmd};

#[derive(Parser)]
#[command(name = "fq", version, about = "Fieldquote from the command line")]
pub struct Cli {
    /// Data directory holding the database [default: $FIELDQUOTE_DATA_DIR, else the app's data directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create or migrate the database and load the demo data (safe to run again)
    Demo,
    /// Accounts: the client companies, everything about them, their shares
    #[command(subcommand, alias = "customer")]
    Account(AccountCmd),
    /// The people of an account: titles, buying roles, stances
    #[command(subcommand)]
    Contact(ContactCmd),
    /// Opportunities: deals, their stages, members and quotes
    #[command(subcommand)]
    Opportunity(OpportunityCmd),
    /// An opportunity's parallel workstreams (technical, commercial, contract) and their checklists
    #[command(subcommand)]
    Workstream(WorkstreamCmd),
    /// An opportunity's needs, SWOT and requirements
    #[command(subcommand)]
    Needs(NeedsCmd),
    /// Visits, calls, meetings and notes; check-in and check-out; next steps and the agenda
    #[command(subcommand)]
    Activity(ActivityCmd),
    /// Feedback and complaints, from identified to confirmed with the client
    #[command(subcommand)]
    Feedback(FeedbackCmd),
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
    /// The content library proposals are built from: list, import and export blocks
    #[command(subcommand)]
    Content(ContentCmd),
    /// Proposals: from the template to the signed PDF, and checking a signed PDF
    #[command(subcommand)]
    Proposal(ProposalCmd),
    /// Settings of this device
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Search accounts, contacts, opportunities, quotes, products, activities and feedback
    ///
    /// Finds records by any part of their text, Chinese or English (`华为`, `Siem`), or by the pinyin of a
    /// Chinese name in full or by initials (`jinggong`, `jg`); every word of QUERY must match. Best matches
    /// first: the name equal to QUERY, then starting with it, then containing it, then the other fields.
    Search {
        /// What to look for (quote it when it has spaces)
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// The most records to show (1–200)
        #[arg(long, default_value_t = fieldquote_service::search::DEFAULT_LIMIT)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
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

/// A decision on a quote's approval (`fq quote approve`, `fq quote reject-approval`).
#[derive(clap::Args, Debug)]
pub struct DecisionArgs {
    pub number: String,
    #[command(flatten)]
    pub decider: Decider,
    #[arg(long, default_value = "")]
    pub comment: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Who decides an approval (see `fq quote approve`).
#[derive(clap::Args, Debug)]
pub struct Decider {
    /// The deciding manager's name, on a standalone laptop
    #[arg(long, value_name = "NAME", conflicts_with = "manager")]
    pub by: Option<String>,
    /// Name of the environment variable holding the manager PIN, on a standalone laptop where one is set
    /// (`fq settings manager-pin`)
    #[arg(long, value_name = "VAR", requires = "by")]
    pub pin_env: Option<String>,
    /// A manager at your side decides on this laptop: their email (the server checks their password)
    #[arg(long, value_name = "EMAIL", requires = "password_env")]
    pub manager: Option<String>,
    /// Name of the environment variable holding the manager's password (with --manager)
    #[arg(long, value_name = "VAR", requires = "manager")]
    pub password_env: Option<String>,
    /// Name of the environment variable holding this laptop's account password, when its sign-in is not
    /// kept in the keychain (with --manager)
    #[arg(long, value_name = "VAR", requires = "manager")]
    pub sign_in_password_env: Option<String>,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub command: Option<SyncCmd>,
    /// Name of the environment variable holding the password, to sign in again
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
}

#[derive(Subcommand)]
pub enum SyncCmd {
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

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Show the settings
    Show {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The company profile printed on every quote, with the bank account clients pay into
    ///
    /// Fields not given keep their value. A laptop connected to a server has the server's profile
    /// (`fieldquote-server company set`) and this is refused.
    Company(CompanyArgs),
    /// "My contact details": the sales contact printed on this laptop's quotes
    ///
    /// Fields not given keep their value (an empty one clears it). On a laptop signed in to a server, quotes
    /// print the account's name and e-mail with the phone and title set here.
    MyContact(ContactArgs),
    /// The largest discount (percent, against the list price) a quote may carry without a manager's approval
    DiscountLimit {
        /// The new limit, e.g. 15
        percent: String,
    },
    /// The manager PIN (or password) a standalone laptop asks for to approve or refuse discounts
    ///
    /// Once set, `fq quote approve --by NAME` and the app's approval dialog need it, and so does changing or
    /// removing it (--current-pin-env). It is kept only as a salted hash; five wrong PINs in a row lock it for
    /// 30 s, doubling with each further one. A laptop signed in to a server has none: its managers sign with
    /// their accounts.
    #[command(group = clap::ArgGroup::new("new").required(true))]
    ManagerPin {
        /// Name of the environment variable holding the new PIN (at least 4 characters)
        #[arg(long, value_name = "VAR", group = "new")]
        pin_env: Option<String>,
        /// Remove the PIN: anyone may decide again, naming the manager
        #[arg(long, group = "new")]
        remove: bool,
        /// Name of the environment variable holding the PIN set now, to change or remove it
        #[arg(long, value_name = "VAR")]
        current_pin_env: Option<String>,
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
    /// How proposal PDFs are named in a folder: a pattern of placeholders, e.g.
    /// "{{client.name}} - {{proposal.title}} - {{date}}" (the standard one, which --standard restores)
    ProposalFileName {
        #[arg(required_unless_present = "standard")]
        pattern: Option<String>,
        #[arg(long, conflicts_with = "pattern")]
        standard: bool,
    },
    /// The language of quote PDFs when `quote pdf` is given no --lang (and the app's default)
    PdfLanguage {
        #[arg(value_enum)]
        lang: LangSettingArg,
    },
    /// Set (or with --remove, remove) the exchange rate new quote lines use when a price is in another currency
    /// than the quote
    ///
    /// One FROM buys RATE TO (e.g. `fq settings exchange-rate USD CNY 7.1`). Lines already priced keep the
    /// rate they recorded.
    ExchangeRate {
        /// Currency of the price, e.g. USD
        from: String,
        /// Currency of the quote, e.g. CNY
        to: String,
        /// How many TO one FROM buys, up to 10 decimals
        #[arg(required_unless_present = "remove")]
        rate: Option<String>,
        /// Remove the rate for FROM → TO
        #[arg(long, conflicts_with = "rate")]
        remove: bool,
    },
}

/// `fq settings company`: the fields to set.
#[derive(clap::Args, Debug)]
pub struct CompanyArgs {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub tax_id: Option<String>,
    /// ISO 4217 code, e.g. CNY
    #[arg(long)]
    pub currency: Option<String>,
    /// The bank clients pay into (开户银行)
    #[arg(long)]
    pub bank_name: Option<String>,
    /// The account holder (户名)
    #[arg(long)]
    pub bank_account_name: Option<String>,
    /// The account number (账号)
    #[arg(long)]
    pub bank_account_number: Option<String>,
    /// The branch (开户支行), optional
    #[arg(long)]
    pub bank_branch: Option<String>,
    /// The SWIFT/BIC code, optional: 8 or 11 letters and digits
    #[arg(long)]
    pub bank_swift: Option<String>,
}

/// `fq settings my-contact`: the fields to set.
#[derive(clap::Args, Debug)]
pub struct ContactArgs {
    #[arg(long)]
    pub name: Option<String>,
    /// Job title, e.g. "Sales engineer"
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Subcommand)]
pub enum PriceListCmd {
    /// List the price lists with their versions, validity, number of prices and customers
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
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
pub enum ExportCmd {
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
pub enum ProductCmd {
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
pub enum QuoteCmd {
    /// List quotes: filtered, sorted (newest first unless told), a window of them, with the real count
    List {
        /// Number or account name contains TEXT
        #[arg(long, short)]
        query: Option<String>,
        /// Only this account's (exact name or id)
        #[arg(long)]
        account: Option<String>,
        /// Only this owner's (a colleague's id, email or name)
        #[arg(long)]
        owner: Option<String>,
        /// draft, pending_approval, approved, sent, accepted, rejected or superseded
        #[arg(long)]
        status: Option<String>,
        /// Only accounts of this industry
        #[arg(long)]
        industry: Option<String>,
        /// Issued on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        from: Option<String>,
        /// Issued on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        to: Option<String>,
        /// number, issue_date, account, status, total or valid_until
        #[arg(long, default_value = "number")]
        sort: String,
        /// Oldest first (ascending) instead of newest first
        #[arg(long)]
        asc: bool,
        /// Skip this many rows
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Show at most this many rows (at most 1000)
        #[arg(long, default_value_t = 100)]
        limit: u32,
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
    /// The client accepted a sent quote: recorded (when, by whom) and its opportunity is won with it
    Accept {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The client rejected a sent quote: recorded, and its opportunity goes back to negotiation
    Reject {
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
    Approve(DecisionArgs),
    /// Refuse a quote's discounts: it goes back to draft with the manager's comment (who decides: as for
    /// `approve`)
    RejectApproval(DecisionArgs),
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
        lang: Option<LangArg>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// Which window of a list to show, and in which direction it is sorted.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Sort descending
    #[arg(long)]
    pub desc: bool,
    /// Skip this many rows
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Show at most this many rows (at most 1000)
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A PDF language on the command line: `en`, `zh` or `bilingual` (the domain's [`PdfLanguage`]).
#[derive(Clone, Copy, Debug)]
pub struct LangArg(pub PdfLanguage);

impl ValueEnum for LangArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            LangArg(PdfLanguage::En),
            LangArg(PdfLanguage::Zh),
            LangArg(PdfLanguage::Bilingual),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(language_value(self.0))
    }
}

/// The default PDF language on the command line: `auto` (the app's language; English for `fq`) or a language.
#[derive(Clone, Copy, Debug)]
pub struct LangSettingArg(pub Option<PdfLanguage>);

impl ValueEnum for LangSettingArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            LangSettingArg(None),
            LangSettingArg(Some(PdfLanguage::En)),
            LangSettingArg(Some(PdfLanguage::Zh)),
            LangSettingArg(Some(PdfLanguage::Bilingual)),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.0 {
            None => PossibleValue::new("auto").help("Follow the app's language (English for `fq`)"),
            Some(lang) => language_value(lang),
        })
    }
}

fn language_value(lang: PdfLanguage) -> PossibleValue {
    let value = PossibleValue::new(lang.code());
    match lang {
        PdfLanguage::Bilingual => value.help("English and Chinese side by side (中英对照)"),
        PdfLanguage::En | PdfLanguage::Zh => value,
    }
}

/// Which side of a sync conflict to keep (the store's [`Keep`]).
#[derive(Clone, Copy, Debug)]
pub struct KeepArg(pub Keep);

impl ValueEnum for KeepArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[KeepArg(Keep::Mine), KeepArg(Keep::Theirs)]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.0 {
            Keep::Mine => PossibleValue::new("mine").help("This device's value"),
            Keep::Theirs => {
                PossibleValue::new("theirs").help("The value that came from the server")
            }
        })
    }
}

/// `fq content`: the content library.
#[derive(Subcommand)]
pub enum ContentCmd {
    /// Blocks of the content library: company blocks (from the server) and your personal blocks
    List {
        /// company_introduction, solution_module, case_study, reference, certification, terms or faq
        #[arg(long)]
        kind: Option<String>,
        /// company or personal
        #[arg(long)]
        scope: Option<String>,
        #[arg(long)]
        industry: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Part of a title, a body, a tag or the industry
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Import personal blocks from a JSON or CSV file, or every *.json and *.csv of a directory
    ///
    /// JSON: a block or a list of blocks with kind, title_en, title_zh, body_en, body_zh, tags, industry,
    /// product_ids, bundle_ids, image_blobs (SHA-256), images (files relative to the JSON file) and an optional
    /// id; CSV: the same columns, lists separated by `;`. A block whose id is here is updated (a block without
    /// one is known by its kind and title). A file with any problem is refused whole, every problem listed.
    Import {
        #[arg(value_name = "DIR|FILE")]
        path: PathBuf,
    },
    /// Export blocks as a file `content import` (here or on the server) reads: CSV when FILE ends in .csv,
    /// else JSON (to stdout without --out)
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// company or personal (default: both)
        #[arg(long)]
        scope: Option<String>,
        /// CSV instead of JSON on stdout
        #[arg(long)]
        csv: bool,
    },
}
