//! `fq activity` and `fq feedback`: what happened with the client, what comes next, and what it said.

use clap::Subcommand;

use super::{Format, ListArgs};

/// What an activity is about: the account, optionally an opportunity, the people there.
#[derive(clap::Args, Debug)]
pub struct ActivityAbout {
    /// The account's exact name, or its id
    #[arg(long)]
    pub account: String,
    /// One of its opportunities (exact name or id)
    #[arg(long)]
    pub opportunity: Option<String>,
    #[arg(long, default_value = "")]
    pub subject: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// A contact of the account who took part (name or id; repeat for several)
    #[arg(long = "contact", value_name = "CONTACT")]
    pub contacts: Vec<String>,
}

/// What came of it and what comes next.
#[derive(clap::Args, Debug)]
pub struct WrapUp {
    #[arg(long)]
    pub outcome: Option<String>,
    #[arg(long)]
    pub next_step: Option<String>,
    /// When the next step is due (YYYY-MM-DD)
    #[arg(long, value_name = "DAY")]
    pub due: Option<String>,
}

#[derive(Subcommand)]
pub enum ActivityCmd {
    /// Log a visit, call, meeting, e-mail, demo or note, with its times as typed
    Log {
        /// visit, call, meeting, email, demo or note
        #[arg(long, default_value = "note")]
        kind: String,
        #[command(flatten)]
        about: ActivityAbout,
        /// Start (RFC 3339 with offset, e.g. 2026-12-07T09:30:00+08:00)
        #[arg(long, default_value = "")]
        starts: String,
        #[arg(long, default_value = "")]
        ends: String,
        #[command(flatten)]
        wrap_up: WrapUp,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check in: a visit starts now (this device's time is kept as its check-in)
    CheckIn {
        #[command(flatten)]
        about: ActivityAbout,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check out of a visit: it ends now; with what came of it and the next step
    CheckOut {
        /// The visit's id
        id: String,
        #[command(flatten)]
        wrap_up: WrapUp,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Correct an activity's start and end (the recorded check-in and check-out stay)
    Correct {
        id: String,
        #[arg(long)]
        starts: String,
        #[arg(long)]
        ends: String,
    },
    /// Mark an activity's next step done (or open again with --undo)
    Done {
        id: String,
        #[arg(long)]
        undo: bool,
    },
    /// List activities: filtered, sorted, a window of them, with the real count
    List {
        /// Subject, notes or outcome contains TEXT
        #[arg(long, short)]
        query: Option<String>,
        /// Only this account's (exact name or id)
        #[arg(long)]
        account: Option<String>,
        /// Only this opportunity's (exact name or id)
        #[arg(long)]
        opportunity: Option<String>,
        /// Only this owner's (a colleague's id, email or name)
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        /// Starting on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        from: Option<String>,
        /// Starting on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DAY")]
        to: Option<String>,
        /// Only those with a next step not done yet
        #[arg(long)]
        open_next_steps: bool,
        /// starts_at, kind, subject, account or next_step_due
        #[arg(long, default_value = "starts_at")]
        sort: String,
        #[command(flatten)]
        window: ListArgs,
    },
    /// Today's and overdue next steps (overdue first) and open complaints
    Agenda {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum FeedbackCmd {
    /// Record feedback or a complaint on an account (optionally on one of its quotes)
    Add {
        /// The account's exact name, or its id
        #[arg(long)]
        account: String,
        /// product_quality, delivery, service, price, documentation or other
        #[arg(long, default_value = "other")]
        category: String,
        /// low, medium, high or critical
        #[arg(long, default_value = "medium")]
        severity: String,
        /// The client's satisfaction, 1–5
        #[arg(long)]
        satisfaction: Option<u8>,
        #[arg(long)]
        description: String,
        /// The quote it is about (its number)
        #[arg(long, value_name = "NUMBER")]
        quote: Option<String>,
        /// Who handles it (a colleague's id, email or name): it is then assigned
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List feedback, open first, with the real count
    List {
        /// Only this account's (exact name or id)
        #[arg(long)]
        account: Option<String>,
        /// identified, assigned, resolved or confirmed
        #[arg(long)]
        status: Option<String>,
        /// Only what is not resolved yet
        #[arg(long)]
        open: bool,
        /// reported_at, severity, status or account
        #[arg(long, default_value = "reported_at")]
        sort: String,
        #[command(flatten)]
        window: ListArgs,
    },
    /// Give feedback to a colleague to handle
    Assign {
        id: String,
        /// The colleague's id, email or name
        owner: String,
    },
    /// Resolve feedback, saying how
    Resolve {
        id: String,
        #[arg(long)]
        resolution: String,
    },
    /// The client confirmed the resolution: the loop is closed
    Confirm { id: String },
    /// The client did not accept the resolution: back to its owner
    Reopen { id: String },
}
