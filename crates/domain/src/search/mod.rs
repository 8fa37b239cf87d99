//! One search box over the records a rep works with: what each kind puts in the index, how text becomes
//! index terms, how a typed query becomes index queries, and how hits rank. Pure rules; the store runs them
//! against SQLite FTS5 (`fieldquote-store`'s `search`).
//!
//! The index holds one document per record: a **title** (the record's name), a **body** (its other searched
//! fields) and, for records named in Chinese, the name's **pinyin**. Two full-text tables index them:
//! - a `trigram` table over title, body and pinyin, which matches any substring of 3 characters or more —
//!   `华为技术` finds `深圳华为技术有限公司`, `jinggong` finds `苏州精工` by its pinyin;
//! - a word table (`unicode61`) over the same text cut into words by [`terms`]: Latin words and numbers,
//!   overlapping pairs of Chinese characters (and each run's last character alone), pinyin syllables and
//!   initials — which answers the queries of 1 and 2 characters that trigrams cannot (`华为`, `zh`, `jg`).
//!
//! A query ([`SearchQuery`]) is cut into terms at whitespace; every term must match. Hits rank by
//! [`Tier`] (the title equal to the query, starting with it, containing it, then the body) and within a tier
//! by kind ([`SearchKind::weight`]).

mod document;
mod query;
mod snippet;
mod terms;

pub use document::{Document, document};
pub use query::{MAX_QUERY_CHARS, MAX_TERMS, SearchQuery, Term};
pub use snippet::snippet;
pub use terms::{is_cjk, key, pinyin, pinyin_terms, terms};

use serde::{Deserialize, Serialize};

use crate::sync::EntityKind;

/// A kind of record the search box finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Account,
    Contact,
    Opportunity,
    Quote,
    Product,
    Activity,
    Feedback,
    /// A block of the content library (its titles, industry, tags and text).
    ContentBlock,
}

impl SearchKind {
    pub const ALL: [SearchKind; 8] = [
        SearchKind::Account,
        SearchKind::Contact,
        SearchKind::Opportunity,
        SearchKind::Quote,
        SearchKind::Product,
        SearchKind::Activity,
        SearchKind::Feedback,
        SearchKind::ContentBlock,
    ];

    /// The synced kind (and table) of these records.
    pub fn entity(self) -> EntityKind {
        match self {
            SearchKind::Account => EntityKind::Customer,
            SearchKind::Contact => EntityKind::Contact,
            SearchKind::Opportunity => EntityKind::Opportunity,
            SearchKind::Quote => EntityKind::Quote,
            SearchKind::Product => EntityKind::Product,
            SearchKind::Activity => EntityKind::Activity,
            SearchKind::Feedback => EntityKind::Feedback,
            SearchKind::ContentBlock => EntityKind::ContentBlock,
        }
    }

    /// The search kind of a synced kind, for the kinds that are searched.
    pub fn of_entity(kind: EntityKind) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.entity() == kind)
    }

    /// Whether the title is a name that may be Chinese, indexed by its pinyin too.
    pub fn named(self) -> bool {
        matches!(
            self,
            SearchKind::Account
                | SearchKind::Contact
                | SearchKind::Opportunity
                | SearchKind::Product
        )
    }

    /// Order within a tier: the records people look up by name first, notes last.
    pub fn weight(self) -> u32 {
        match self {
            SearchKind::Account => 0,
            SearchKind::Contact => 1,
            SearchKind::Opportunity => 2,
            SearchKind::Quote => 3,
            SearchKind::Product => 4,
            SearchKind::Activity => 5,
            SearchKind::Feedback => 6,
            SearchKind::ContentBlock => 7,
        }
    }
}

/// How well a record matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The title is the query (ignoring case and spacing).
    Exact,
    /// The title starts with the query.
    Prefix,
    /// Every term is in the title or its pinyin.
    Title,
    /// Every term is somewhere in the record.
    Body,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Exact, Tier::Prefix, Tier::Title, Tier::Body];
}

/// A hit's rank: smaller is better. Tier first, then kind.
pub fn rank(tier: Tier, kind: SearchKind) -> u32 {
    tier as u32 * 10 + kind.weight()
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
