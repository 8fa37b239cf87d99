//! Accounts: the client companies a team sells to (on the wire and in the tables they stay `customer`).
//! Their classification (industry, size, source, lifecycle, value class), tags and notes, the invoicing
//! details a Chinese VAT invoice needs (开票信息), and the owner whose team sees them.

use crate::text_enum::text_enum;

text_enum! {
    /// How big the client is.
    pub enum SizeClass {
        SmallMedium = "small_medium",
        Large = "large",
        Multinational = "multinational",
    }
}

text_enum! {
    /// Where the account came from.
    pub enum Source {
        TradeShow = "trade_show",
        Referral = "referral",
        Website = "website",
        ColdVisit = "cold_visit",
        Partner = "partner",
        Other = "other",
    }
}

text_enum! {
    /// Where the relationship stands: prospect → active → dormant → lost.
    #[derive(Default)]
    pub enum Lifecycle {
        #[default]
        Prospect = "prospect",
        Active = "active",
        Dormant = "dormant",
        Lost = "lost",
    }
}

text_enum! {
    /// The account's value to the company: A (most valuable), B, C.
    pub enum ValueClass {
        A = "a",
        B = "b",
        C = "c",
    }
}

text_enum! {
    /// The kind of Chinese VAT invoice the client needs.
    pub enum InvoiceType {
        /// 增值税普通发票 (普票).
        Ordinary = "ordinary",
        /// 增值税专用发票 (专票): the client deducts the input VAT; needs the full invoicing details.
        Special = "special",
    }
}

mod input;
mod page;
mod view;

pub use input::{AccountInput, ValidAccount};
pub use page::{AccountPage, AccountShare};
pub use view::{Account, AccountFilter, AccountRow, AccountSort};

impl Lifecycle {
    /// The lifecycle a stored word says; an empty (never set) or unknown word reads as `prospect`.
    pub fn or_prospect(word: &str) -> Self {
        Self::parse(word).unwrap_or(Lifecycle::Prospect)
    }
}
