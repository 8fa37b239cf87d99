//! Why a request was refused, as data: which record, which number, which status and rule. Each front door
//! words it for its reader — the app in the user's language from its message catalogues, `fq` in English
//! with the command to run — and [`Display`](std::fmt::Display) gives the plain English sentence for logs.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::approval::PinRefusal;
use crate::quote::{NotAllowed, QuoteStatus};

/// A kind of record a request named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// An account (a `customer` on the wire).
    #[serde(rename = "customer")]
    Account,
    Product,
    PriceList,
    Quote,
    /// A sync conflict still open for review.
    Conflict,
    /// The company's own details (server-owned once connected).
    CompanyProfile,
    Contact,
    BuyingStep,
    Opportunity,
    OpportunityMember,
    AccountShare,
    StageChange,
    Workstream,
    WorkstreamItem,
    Needs,
    Requirement,
    Activity,
    Feedback,
    Colleague,
    /// A block of the content library.
    ContentBlock,
    /// An exchange rate set on this device.
    ExchangeRate,
    /// A version of a proposal.
    Proposal,
}

impl Record {
    /// The record a synced kind's rows are (an account is a `customer` on the wire).
    pub fn of_kind(kind: crate::sync::EntityKind) -> Record {
        use crate::sync::EntityKind as K;
        match kind {
            K::Customer => Record::Account,
            K::Product => Record::Product,
            K::PriceList | K::PriceListEntry => Record::PriceList,
            K::Quote | K::QuoteLine => Record::Quote,
            K::CompanyProfile => Record::CompanyProfile,
            K::Contact => Record::Contact,
            K::BuyingStep => Record::BuyingStep,
            K::Opportunity => Record::Opportunity,
            K::OpportunityMember => Record::OpportunityMember,
            K::AccountShare => Record::AccountShare,
            K::StageChange => Record::StageChange,
            K::Workstream => Record::Workstream,
            K::WorkstreamItem => Record::WorkstreamItem,
            K::Needs => Record::Needs,
            K::Requirement => Record::Requirement,
            K::Activity => Record::Activity,
            K::Feedback => Record::Feedback,
            K::Colleague => Record::Colleague,
            K::ContentBlock => Record::ContentBlock,
            K::Proposal => Record::Proposal,
        }
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Record::Account => "account",
            Record::Product => "product",
            Record::PriceList => "price list",
            Record::Quote => "quote",
            Record::Conflict => "open conflict",
            Record::CompanyProfile => "company profile",
            Record::Contact => "contact",
            Record::BuyingStep => "buying process step",
            Record::Opportunity => "opportunity",
            Record::OpportunityMember => "opportunity member",
            Record::AccountShare => "account share",
            Record::StageChange => "stage change",
            Record::Workstream => "workstream",
            Record::WorkstreamItem => "checklist item",
            Record::Needs => "needs record",
            Record::Requirement => "requirement",
            Record::Activity => "activity",
            Record::Feedback => "feedback",
            Record::Colleague => "colleague",
            Record::ContentBlock => "content block",
            Record::Proposal => "proposal",
            Record::ExchangeRate => "exchange rate",
        })
    }
}

/// Data that belongs to the team server once a laptop is connected to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ServerData {
    Catalog,
    PriceLists,
    /// The company profile (name, address, bank details… printed on every quote).
    CompanyProfile,
    /// The company's blocks of the content library.
    ContentLibrary,
}

impl fmt::Display for ServerData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServerData::Catalog => "catalog",
            ServerData::PriceLists => "price lists",
            ServerData::CompanyProfile => "company profile",
            ServerData::ContentLibrary => "company content blocks",
        })
    }
}

/// Why a request was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// No such record (its id, number or name is `key`).
    #[error("{record} not found: {key}")]
    NotFound { record: Record, key: String },
    /// A number names `count` records: quotes numbered on different laptops before those were connected to
    /// the server.
    #[error(
        "{count} {record}s are numbered {key}: they were numbered on different laptops before those were connected to the server; pick one from the list"
    )]
    Ambiguous {
        record: Record,
        key: String,
        count: u32,
    },
    /// The laptop is connected to `server`, which owns `data`: it changes there and arrives with the next sync.
    #[error(
        "the {data} {verb} managed on the server {server}: ask an admin to change {them} there; changes reach this computer with the next sync",
        verb = data.words().0,
        them = data.words().1,
    )]
    ServerOwned { data: ServerData, server: String },
    /// A sent quote cannot change.
    #[error("quote {number} has been sent and can no longer be changed")]
    Frozen { number: String },
    /// The quote's discounts exceed the limit: it cannot be sent before a manager approved it. Both in percent.
    #[error(
        "{number} needs a manager's approval before it can be sent: its largest discount is {max_discount} % and the limit is {limit} %"
    )]
    ApprovalRequired {
        number: String,
        #[cfg_attr(feature = "specta", specta(type = String))]
        max_discount: Decimal,
        #[cfg_attr(feature = "specta", specta(type = String))]
        limit: Decimal,
    },
    /// A step the quote's status (or the signed-in account) does not allow.
    #[error("quote {number} is {}: {reason}", status_words(*.status))]
    NotAllowed {
        number: String,
        status: QuoteStatus,
        reason: NotAllowed,
    },
    /// A decision on a laptop signed in to a server is signed by its account (`email`), not by a name given.
    #[error("this laptop is signed in as {email}: the decision is signed by that account")]
    AccountSigns { email: String },
    /// A laptop without a server records who decided: their name is needed.
    #[error("name the deciding manager (this laptop is not signed in to a server)")]
    ApproverNotNamed,
    /// The manager PIN of a laptop without a server was missing, wrong or locked (see
    /// [`crate::approval::pin`]).
    #[error("{reason}")]
    ManagerPin { reason: PinRefusal },
}

impl ServerData {
    /// "is"/"are" and "it"/"them" for the sentence about it.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            ServerData::Catalog | ServerData::CompanyProfile => ("is", "it"),
            ServerData::PriceLists | ServerData::ContentLibrary => ("are", "them"),
        }
    }
}

/// A status as the end of "quote Q-2026-0001 is …".
fn status_words(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Draft => "a draft",
        QuoteStatus::PendingApproval => "waiting for approval",
        QuoteStatus::Approved => "approved",
        QuoteStatus::Sent => "sent",
        QuoteStatus::Accepted => "accepted",
        QuoteStatus::Rejected => "rejected",
        QuoteStatus::Expired => "expired",
        QuoteStatus::Superseded => "superseded by a newer revision",
    }
}

#[cfg(test)]
#[path = "refusal_tests.rs"]
mod tests;
