//! `fq account …` (and the hidden alias `fq customer …` older scripts use).

use clap::Subcommand;

use super::{Format, ListArgs};

#[derive(Subcommand)]
pub enum AccountCmd {
    /// List accounts: filtered, sorted, a window of them, with the real count
    List {
        /// Name, contact person or phone contains TEXT
        #[arg(long, short)]
        query: Option<String>,
        /// Only this owner's (a colleague's id, email or name)
        #[arg(long)]
        owner: Option<String>,
        /// Exactly this industry
        #[arg(long)]
        industry: Option<String>,
        /// prospect, active, dormant or lost
        #[arg(long)]
        lifecycle: Option<String>,
        /// a, b or c
        #[arg(long)]
        value_class: Option<String>,
        /// With an activity on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        active_from: Option<String>,
        /// With an activity on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        active_to: Option<String>,
        /// name, industry, region, lifecycle, value_class, updated_at or last_activity
        #[arg(long, default_value = "name")]
        sort: String,
        #[command(flatten)]
        window: ListArgs,
    },
    /// Everything about an account: contacts, opportunities, quotes, activities, feedback, buying process
    Show {
        /// The account's exact name, or its id
        account: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add an account
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: Box<AccountFields>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Change the given fields of an account (the others stay)
    Edit {
        /// The account's exact name, or its id
        account: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: Box<AccountFields>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Delete an account (its contacts, opportunities and activities leave the lists with it)
    Delete {
        /// The account's exact name, or its id
        account: String,
    },
    /// Share an account with a colleague of another team (it syncs to their laptop), or withdraw the share
    Share {
        /// The account's exact name, or its id
        account: String,
        /// The colleague: their id, email or name in the company directory
        #[arg(long = "with", value_name = "COLLEAGUE")]
        with: String,
        /// Withdraw the share instead
        #[arg(long)]
        remove: bool,
    },
    /// Give an account a price list (new lines of its quotes are priced from it), or none with --none
    #[command(name = "price-list")]
    PriceList {
        /// The account's exact name, or its id
        #[arg(value_name = "ACCOUNT")]
        customer: String,
        /// The price list's exact name
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        list: Option<String>,
        /// No list of its own: the company's default list applies
        #[arg(long)]
        none: bool,
    },
}

/// An account's fields besides its name; on `edit`, only those given change.
#[derive(clap::Args, Debug, Default)]
pub struct AccountFields {
    /// The main contact kept on the account
    #[arg(long)]
    pub contact: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// 统一社会信用代码 / 纳税人识别号
    #[arg(long)]
    pub tax_id: Option<String>,
    #[arg(long)]
    pub industry: Option<String>,
    /// small_medium, large or multinational ("" clears it)
    #[arg(long)]
    pub size: Option<String>,
    #[arg(long)]
    pub region: Option<String>,
    /// trade_show, referral, website, cold_visit, partner or other
    #[arg(long)]
    pub source: Option<String>,
    /// prospect, active, dormant or lost
    #[arg(long)]
    pub lifecycle: Option<String>,
    /// a, b or c
    #[arg(long)]
    pub value_class: Option<String>,
    /// A tag (repeat for several; replaces the account's tags)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Option<Vec<String>>,
    #[arg(long)]
    pub notes: Option<String>,
    /// 开票信息: the name on the invoice
    #[arg(long)]
    pub invoice_title: Option<String>,
    #[arg(long)]
    pub invoice_bank: Option<String>,
    #[arg(long)]
    pub invoice_account: Option<String>,
    #[arg(long)]
    pub invoice_address: Option<String>,
    #[arg(long)]
    pub invoice_phone: Option<String>,
    /// ordinary (普票) or special (专票)
    #[arg(long)]
    pub invoice_type: Option<String>,
}
