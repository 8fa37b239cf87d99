//! The pull planner: given a pulled page, the shadows of its records (what this device last saw of each from
//! the server), the local changes not pushed yet and which rows the records point to are here, decide what to
//! write and which conflicts to record. Pure: no database, no clock; [`Store::apply_pull`] loads the inputs
//! and applies the plan in one transaction.
//!
//! - **Merge.** Each pulled record is the server's merged state; local changes not pushed yet are merged on
//!   top (they win where their clocks are later, exactly as they will on the server). The merged record is
//!   the row; the pulled one becomes the record's shadow.
//! - **Conflicts.** A field this device changed (unpushed, or pushed and then replaced by a device that had
//!   not seen it) that another device changed meanwhile is a conflict: both values are recorded, the later
//!   clock's shows until the user chooses. A deletion against an edit is one too.
//! - **Parents first.** A record is written into its table once the rows it points to are there (from before,
//!   or from earlier in the page); otherwise it waits in its shadow, and is written when its parent arrives —
//!   in this page or a later one.
//! - **Revocations.** A record this device no longer sees (a share withdrawn) leaves its table and its shadow,
//!   without an outbox entry; the local changes of it not pushed yet are dropped, each recorded as refused
//!   (`forbidden`) so the user sees what was not sent. The rows under it (its contacts, a quote's lines, …)
//!   leave their tables too: those the server sent wait in their shadows for the parent to come back (the
//!   server revokes them as well when they are no longer visible), those made here and never pushed are
//!   removed like it.
//!
//! [`Store::apply_pull`]: crate::Store::apply_pull

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use fieldquote_domain::sync::{
    Change, DELETED, EntityKind, FieldValue, PulledRecord, Record, clock_node,
};
use uuid::Uuid;

/// A synced record's key.
pub(crate) type Key = (EntityKind, Uuid);

/// Of the tables the records point to, the ids of the rows there: table → ids.
pub(crate) type Present = HashMap<&'static str, HashSet<String>>;

/// What a record of this kind points to, as `(column, table)`: it is written into its table only once
/// those rows are here. Every kind is listed, so a new kind makes this match ask for its parents.
pub(crate) fn parents(entity: EntityKind) -> &'static [(&'static str, &'static str)] {
    match entity {
        EntityKind::Quote => &[("customer_id", "customer")],
        EntityKind::QuoteLine => &[("quote_id", "quote"), ("product_id", "product")],
        EntityKind::PriceListEntry => &[("price_list_id", "price_list"), ("product_id", "product")],
        EntityKind::Contact
        | EntityKind::AccountShare
        | EntityKind::Opportunity
        | EntityKind::BuyingStep
        | EntityKind::Activity
        | EntityKind::Feedback => &[("account_id", "customer")],
        EntityKind::OpportunityMember
        | EntityKind::StageChange
        | EntityKind::Workstream
        | EntityKind::Needs
        | EntityKind::Requirement
        | EntityKind::Proposal => &[("opportunity_id", "opportunity")],
        EntityKind::WorkstreamItem => &[("workstream_id", "workstream")],
        // Optional references ("" = none: a quote without an opportunity, an activity on the account) and
        // references to records that may be out of the reader's sight (feedback names a quote the account's
        // team may not see) are not parents: the row does not wait for them.
        EntityKind::CompanyProfile
        | EntityKind::Customer
        | EntityKind::Product
        | EntityKind::PriceList
        | EntityKind::Colleague
        // A block's products and bundles are lists, shown when present: not parents.
        | EntityKind::ContentBlock => &[],
    }
}

/// A field's value (`None` if the record has no such field).
pub(crate) fn field<'a>(record: &'a Record, name: &str) -> Option<&'a serde_json::Value> {
    record.fields.get(name).map(|f| &f.value)
}

/// The rows `records` and `changes` point to, by table: what the caller looks up to fill [`Present`].
pub(crate) fn wanted_parents<'a>(
    records: impl Iterator<Item = &'a Record>,
    changes: impl Iterator<Item = &'a Change>,
) -> HashMap<&'static str, HashSet<String>> {
    let mut wanted: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for record in records {
        for (column, table) in parents(record.entity) {
            if let Some(id) = field(record, column).and_then(serde_json::Value::as_str) {
                wanted.entry(table).or_default().insert(id.to_string());
            }
        }
    }
    for change in changes {
        for (column, table) in parents(change.entity) {
            if let Some(id) = change
                .fields
                .get(*column)
                .and_then(serde_json::Value::as_str)
            {
                wanted.entry(table).or_default().insert(id.to_string());
            }
        }
    }
    wanted
}

/// Everything the planner needs, loaded by the caller.
pub(crate) struct PullInputs<'a> {
    /// The page, in the server's order.
    pub page: &'a [PulledRecord],
    /// This device's clock node: fields it wrote carry it.
    pub me: &'a str,
    /// The stored shadows of the page's records.
    pub shadows: &'a HashMap<Key, Record>,
    /// The local changes of the page's records not pushed yet, oldest first for each.
    pub pending: &'a HashMap<Key, Vec<Change>>,
    /// Which of the rows that the page's records, their pending changes and `waiting` point to are in their
    /// tables (see [`wanted_parents`]).
    pub present: &'a Present,
    /// Shadows not written into their tables yet (their parent had not arrived), other than the page's.
    pub waiting: &'a [Record],
    /// Records this device no longer sees: the page's revocations.
    pub revoked: &'a [Key],
    /// The rows in their tables under the revoked records (their children, and theirs, …, see [`parents`]),
    /// parents first, each with whether it has a shadow (the server sent it).
    pub below: &'a [(Key, bool)],
}

/// A field both this device and another changed: recorded with both values for the user to settle.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldConflict {
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub field: String,
    pub local_value: serde_json::Value,
    pub local_hlc: String,
    pub remote: FieldValue,
}

/// One record of the page as it is applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageRow<'a> {
    /// The pulled record: the new shadow.
    pub shadow: &'a Record,
    /// The pulled record with the pending local changes on top: the row.
    pub row: Cow<'a, Record>,
    /// Whether the row is written into its table now (its parents are here); else it waits in the shadow.
    pub written: bool,
}

/// What applying a page writes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PullPlan<'a> {
    /// The latest clock reading of the page: later local edits must order after it.
    pub newest: Option<&'a str>,
    /// Conflicts to record, in page order.
    pub conflicts: Vec<FieldConflict>,
    /// The page's records, in page order.
    pub page: Vec<PageRow<'a>>,
    /// Waiting records whose parents are here now (from before the page, or the page's own that waited for a
    /// parent later in it): written into their tables as their shadows have them, in this order, after the
    /// page.
    pub released: Vec<&'a Record>,
    /// Records removed from their tables and their shadows, before the page is written: the revoked ones,
    /// and rows made here under them that never reached the server.
    pub removed: Vec<Key>,
    /// Rows removed from their tables whose shadows stay, waiting for their parent (before the page).
    pub unmaterialized: Vec<Key>,
    /// Local changes not pushed yet of the removed records: out of the outbox, recorded as refused.
    pub dropped: Vec<&'a Change>,
}

/// The conflicts of one pulled record against its shadow and the pending local changes.
fn conflicts_of(
    incoming: &Record,
    shadow: Option<&Record>,
    pending: &[Change],
    me: &str,
) -> Vec<FieldConflict> {
    let seen = |field: &str| {
        shadow
            .and_then(|s| s.fields.get(field))
            .map(|f| f.hlc.as_str())
    };
    let mut conflicted = HashSet::new();
    let mut conflicts = Vec::new();
    let mut push =
        |field: &String, local_value: &serde_json::Value, local_hlc: &str, remote: &FieldValue| {
            conflicts.push(FieldConflict {
                entity: incoming.entity,
                entity_id: incoming.id,
                field: field.clone(),
                local_value: local_value.clone(),
                local_hlc: local_hlc.to_string(),
                remote: remote.clone(),
            });
        };
    // 1. Unpushed local edits of fields another device changed meanwhile. Every change also writes the
    //    deletion field: an edit here against a delete there (or the reverse) is a conflict too.
    for change in pending {
        let deletion = (DELETED.to_string(), serde_json::Value::Bool(change.deleted));
        for (field, local) in change.fields.iter().chain([(&deletion.0, &deletion.1)]) {
            if let Some(remote) = incoming.fields.get(field) {
                let changed_remotely = seen(field).is_none_or(|s| s < remote.hlc.as_str());
                if changed_remotely && remote.value != *local && conflicted.insert(field.clone()) {
                    push(field, local, &change.hlc, remote);
                }
            }
        }
    }
    // 2. Pushed edits of ours that another device replaced without having seen them (its write's base is not
    //    our reading).
    if let Some(s) = shadow {
        for (field, ours) in s
            .fields
            .iter()
            .filter(|(_, f)| clock_node(&f.hlc) == Some(me))
        {
            if let Some(remote) = incoming.fields.get(field) {
                let replaced = remote.hlc > ours.hlc
                    && clock_node(&remote.hlc) != Some(me)
                    && remote.base.as_deref() != Some(ours.hlc.as_str());
                if replaced && remote.value != ours.value && conflicted.insert(field.clone()) {
                    push(field, &ours.value, &ours.hlc, remote);
                }
            }
        }
    }
    conflicts
}

/// Whether every row `record` points to is in `present`.
fn parents_present(record: &Record, present: &Present) -> bool {
    parents(record.entity).iter().all(|(column, table)| {
        field(record, column)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|id| present.get(table).is_some_and(|ids| ids.contains(id)))
    })
}

/// Record that the row of `key` is no longer in its table.
fn unmark_present(key: &Key, present: &mut Present) {
    if let Some(ids) = present.get_mut(key.0.as_str()) {
        ids.remove(&key.1.to_string());
    }
}

/// Record that `record`'s row is in its table now.
fn mark_present(record: &Record, present: &mut Present) {
    present
        .entry(record.entity.as_str())
        .or_default()
        .insert(record.id.to_string());
}

/// Plan a pulled page (see the module docs).
pub(crate) fn plan_pull<'a>(input: &PullInputs<'a>) -> PullPlan<'a> {
    let mut present = input.present.clone();
    let mut shadows: HashMap<Key, &'a Record> =
        input.shadows.iter().map(|(k, r)| (*k, r)).collect();
    let mut plan = PullPlan {
        newest: input.page.iter().filter_map(|p| p.record.hlc()).max(),
        conflicts: Vec::new(),
        page: Vec::with_capacity(input.page.len()),
        released: Vec::new(),
        removed: Vec::new(),
        unmaterialized: Vec::new(),
        dropped: Vec::new(),
    };
    // Revocations first: what leaves is no parent for the page's records.
    let in_page: HashSet<Key> = input
        .page
        .iter()
        .map(|p| (p.record.entity, p.record.id))
        .collect();
    let mut gone: HashSet<Key> = HashSet::new();
    let mut remove = |key: Key, plan: &mut PullPlan<'a>| {
        if gone.insert(key) {
            plan.removed.push(key);
            plan.dropped
                .extend(input.pending.get(&key).into_iter().flatten());
        }
    };
    for key in input.revoked {
        unmark_present(key, &mut present);
        remove(*key, &mut plan);
    }
    let revoked: HashSet<&Key> = input.revoked.iter().collect();
    let mut below: HashSet<&Key> = HashSet::new();
    for (key, shadowed) in input.below {
        if revoked.contains(key) || !below.insert(key) {
            continue;
        }
        unmark_present(key, &mut present);
        if *shadowed || in_page.contains(key) {
            plan.unmaterialized.push(*key);
        } else {
            remove(*key, &mut plan);
        }
    }
    for pulled in input.page {
        let incoming = &pulled.record;
        let key = (incoming.entity, incoming.id);
        let pending = input.pending.get(&key).map_or(&[][..], Vec::as_slice);
        plan.conflicts.extend(conflicts_of(
            incoming,
            shadows.get(&key).copied(),
            pending,
            input.me,
        ));
        let row = if pending.is_empty() {
            Cow::Borrowed(incoming)
        } else {
            let mut merged = incoming.clone();
            for change in pending {
                merged.apply(change);
            }
            Cow::Owned(merged)
        };
        // A record sent twice in a page finds its first version as its shadow, as it would one by one.
        shadows.insert(key, incoming);
        let written = parents_present(&row, &present);
        if written {
            mark_present(&row, &mut present);
        }
        plan.page.push(PageRow {
            shadow: incoming,
            row,
            written,
        });
    }
    // Records that waited for a parent which may have arrived now: the page's own that are still waiting
    // (their last version in the page), and those waiting from before. Each round releases those whose
    // parents are here, until none is.
    let page_keys: HashSet<Key> = plan
        .page
        .iter()
        .map(|p| (p.shadow.entity, p.shadow.id))
        .collect();
    let mut last_of_page: HashMap<Key, (usize, bool)> = HashMap::new();
    for (i, p) in plan.page.iter().enumerate() {
        last_of_page.insert((p.shadow.entity, p.shadow.id), (i, p.written));
    }
    let mut waiting: Vec<&'a Record> = input
        .waiting
        .iter()
        .filter(|r| !page_keys.contains(&(r.entity, r.id)) && !gone.contains(&(r.entity, r.id)))
        .collect();
    let mut page_waiting: Vec<(usize, bool)> =
        last_of_page.into_values().filter(|(_, w)| !w).collect();
    page_waiting.sort_unstable();
    waiting.extend(page_waiting.into_iter().map(|(i, _)| plan.page[i].shadow));
    loop {
        let before = waiting.len();
        waiting.retain(|record| {
            if parents_present(record, &present) {
                mark_present(record, &mut present);
                plan.released.push(record);
                false
            } else {
                true
            }
        });
        if waiting.len() == before {
            break;
        }
    }
    plan
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
