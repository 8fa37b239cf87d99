//! `fq contact`, `fq opportunity`, `fq workstream` and `fq needs`: the client visit's people and deals.

use std::path::PathBuf;

use clap::Subcommand;

use super::{Format, ListArgs};

#[derive(Subcommand)]
pub enum ContactCmd {
    /// Add a contact to an account
    Add {
        /// The account's exact name, or its id
        #[arg(long)]
        account: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        wechat: String,
        /// decision_maker, influencer, technical_evaluator, user, procurement or finance
        #[arg(long, default_value = "")]
        role: String,
        /// supporter, neutral or opponent
        #[arg(long, default_value = "")]
        stance: String,
        #[arg(long, default_value = "")]
        notes: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List contacts (an account's, or everyone's), with the real count
    List {
        /// Only this account's (exact name or id)
        #[arg(long)]
        account: Option<String>,
        /// Name, title, phone, e-mail or WeChat contains TEXT
        #[arg(long, short)]
        query: Option<String>,
        /// Only this buying role
        #[arg(long)]
        role: Option<String>,
        /// name, title, buying_role or updated_at
        #[arg(long, default_value = "name")]
        sort: String,
        #[command(flatten)]
        window: ListArgs,
    },
}

#[derive(Subcommand)]
pub enum OpportunityCmd {
    /// List opportunities: filtered, sorted, a window of them, with the real count
    List {
        /// Name or account contains TEXT
        #[arg(long, short)]
        query: Option<String>,
        /// Only this account's (exact name or id)
        #[arg(long)]
        account: Option<String>,
        /// Only this owner's (a colleague's id, email or name)
        #[arg(long)]
        owner: Option<String>,
        /// needs_identified, solution_design, quoted, negotiation, won or lost
        #[arg(long)]
        stage: Option<String>,
        /// Only open ones (not won or lost)
        #[arg(long)]
        open: bool,
        /// Only accounts of this industry
        #[arg(long)]
        industry: Option<String>,
        /// Expected to close on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        close_from: Option<String>,
        /// Expected to close on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        close_to: Option<String>,
        /// name, account, stage, expected_value, expected_close, probability or updated_at
        #[arg(long, default_value = "name")]
        sort: String,
        #[command(flatten)]
        window: ListArgs,
    },
    /// Everything about an opportunity: members, stage history, workstreams, needs, quotes, activities
    Show {
        /// The opportunity's exact name, or its id
        opportunity: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add an opportunity to an account
    Add {
        /// The account's exact name, or its id
        #[arg(long)]
        account: String,
        #[arg(long)]
        name: String,
        /// Expected value, e.g. 1200000 or 1200000.50
        #[arg(long, default_value = "")]
        value: String,
        #[arg(long, default_value = "CNY")]
        currency: String,
        /// Expected close (YYYY-MM-DD)
        #[arg(long, default_value = "")]
        close: String,
        /// 0–100 (default: the stage's)
        #[arg(long)]
        probability: Option<u32>,
        /// The open stage it starts at (default needs_identified)
        #[arg(long)]
        stage: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Change the given fields of an opportunity (its stage moves with `stage`)
    Edit {
        /// The opportunity's exact name, or its id
        opportunity: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        value: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long)]
        close: Option<String>,
        #[arg(long)]
        probability: Option<u32>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Move an opportunity to another stage, recorded with who and when
    ///
    /// Lost needs --reason (price, product_fit, competitor, timing, no_decision, other) and, lost to a
    /// competitor, --competitor. Won needs one of its quotes accepted (--quote NUMBER, or `fq quote accept`).
    Stage {
        /// The opportunity's exact name, or its id
        opportunity: String,
        /// needs_identified, solution_design, quoted, negotiation, won or lost
        stage: String,
        /// Why it was lost
        #[arg(long)]
        reason: Option<String>,
        /// Who won it instead
        #[arg(long, default_value = "")]
        competitor: String,
        /// The accepted quote it was won with (its number)
        #[arg(long, value_name = "NUMBER")]
        quote: Option<String>,
        /// A note kept with the change (needed to reopen a won or lost one)
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a colleague as a member (shares the opportunity with them), or take them off with --remove
    Member {
        /// The opportunity's exact name, or its id
        opportunity: String,
        /// The colleague: their id, email or name in the company directory
        colleague: String,
        /// sales, presales, contract or other
        #[arg(long, default_value = "presales")]
        role: String,
        #[arg(long)]
        remove: bool,
    },
}

#[derive(Subcommand)]
pub enum WorkstreamCmd {
    /// An opportunity's workstreams: on track, blocked or late today, with their checklists
    List {
        /// The opportunity's exact name, or its id
        opportunity: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a workstream (technical, commercial or contract) to an opportunity
    Add {
        /// The opportunity's exact name, or its id
        opportunity: String,
        /// technical, commercial or contract
        kind: String,
        /// Its owner: a member (colleague's id, email or name)
        #[arg(long)]
        owner: Option<String>,
        /// Due date (YYYY-MM-DD)
        #[arg(long, default_value = "")]
        due: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Change a workstream: its owner, due date, blocker ("" clears it), done
    Set {
        /// The workstream's id
        id: String,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        blocker: Option<String>,
        #[arg(long)]
        done: Option<bool>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a checklist item to a workstream
    Item {
        /// The workstream's id
        id: String,
        text: String,
        #[arg(long, default_value = "")]
        due: String,
    },
    /// Tick a checklist item off (or on again with --undo)
    Check {
        /// The workstream's id
        id: String,
        /// The item's id
        item: String,
        #[arg(long)]
        undo: bool,
    },
}

#[derive(Subcommand)]
pub enum NeedsCmd {
    /// An opportunity's needs, SWOT and requirements (with how well the solution fits)
    Show {
        /// The opportunity's exact name, or its id
        opportunity: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Save an opportunity's needs and SWOT from JSON (what `needs show --format json` prints reads back)
    Edit {
        /// The opportunity's exact name, or its id
        opportunity: String,
        /// The JSON file ("-" reads standard input)
        #[arg(long, value_name = "FILE.json")]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a requirement to an opportunity
    Requirement {
        /// The opportunity's exact name, or its id
        opportunity: String,
        text: String,
        /// must, should or nice
        #[arg(long, default_value = "should")]
        priority: String,
        /// meets, partial, gap or unknown
        #[arg(long, default_value = "unknown")]
        fit: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
}
