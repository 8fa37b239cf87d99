//! Columns a device derives from synced fields and keeps up to date on every write — local, pulled, or a
//! settled conflict — and never syncs: the pinyin `sort_key` of named records, by which lists sort.

use fieldquote_domain::sync::EntityKind;

/// The column a kind's `sort_key` is derived from, for the kinds listed by name.
pub(crate) fn sort_key_source(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Customer
        | EntityKind::Contact
        | EntityKind::Opportunity
        | EntityKind::Colleague => Some("name"),
        _ => None,
    }
}

/// The sort key of a name (see [`fieldquote_domain::sort_key`]).
pub(crate) fn sort_key(name: &str) -> String {
    fieldquote_domain::sort_key::sort_key(name)
}
