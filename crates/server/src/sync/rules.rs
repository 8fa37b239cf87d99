//! Who may write what, for a pushed change: the rules of [`fieldquote_domain::access`] applied to the record
//! as it stands and as the change would leave it. Pure; [`super::plan`] calls [`check_access`] for every
//! change to a record that is not the server's.
//!
//! - Writing (creating, changing, deleting) a record needs [`may_edit`] on it as it stands, and, unless it
//!   is a deletion, on what the change makes of it (so nothing is moved under an account or opportunity its
//!   author may not edit).
//! - A stage change is written once ([`written_once`]): once pushed, nobody changes or deletes it.
//! - Sharing (an `account_share` or an `opportunity_member`, made, changed or withdrawn) needs
//!   [`may_share`] on the account or opportunity, which the server must hold, and must name a colleague.
//! - Marking a quote accepted or rejected needs [`may_mark_quote_outcome`]: its owner or its opportunity's.
//!   A change that does nothing else needs no more than that (the opportunity's owner records the client's
//!   answer on a colleague's quote); one that also changes the quote needs [`may_edit`] as well.

use std::collections::HashMap;

use fieldquote_domain::access::{
    may_edit, may_mark_quote_outcome, may_see, may_share, written_once,
};
use fieldquote_domain::sync::{Change, EntityKind, RejectCode};

use super::access::{Graph, Node, domain_caller};
use super::fields::Rejection;
use super::plan::{Caller, Key, Stored};

/// Quote fields that record the client's answer (besides `status`).
pub const OUTCOME_FIELDS: [&str; 4] = ["accepted_at", "accepted_by", "rejected_at", "rejected_by"];

/// Whether a quote change records the client's answer: status accepted or rejected, or one of
/// [`OUTCOME_FIELDS`] set.
fn writes_outcome(change: &Change) -> bool {
    let text = |f: &str| change.fields.get(f).and_then(|v| v.as_str());
    matches!(text("status"), Some("accepted" | "rejected"))
        || OUTCOME_FIELDS
            .iter()
            .any(|f| text(f).is_some_and(|v| !v.is_empty()))
}

/// Whether a quote change records the client's answer and nothing else.
fn outcome_only(change: &Change) -> bool {
    !change.deleted
        && writes_outcome(change)
        && change
            .fields
            .keys()
            .all(|k| k == "status" || OUTCOME_FIELDS.contains(&k.as_str()))
}

fn forbidden(reason: String) -> Rejection {
    (RejectCode::Forbidden, reason)
}

/// Check `change` to record `key` (not a server-owned one) against the rules. `graph` holds the record as
/// it stands (if the server has it) with its surroundings; `after` is what the change makes of it;
/// `created_in_batch` says the record was made earlier in the same batch (its first push may come as
/// several changes); `existing` holds the colleagues the change names. On success the graph holds `after`;
/// on refusal it is left as it was.
pub fn check_access(
    caller: &Caller,
    change: &Change,
    graph: &mut Graph,
    existing: &HashMap<Key, Stored>,
    created_in_batch: bool,
    after: Node,
) -> Result<(), Rejection> {
    let key = after.key();
    let before = graph.get(&key).cloned();
    let checked = check(
        caller,
        change,
        graph,
        existing,
        created_in_batch,
        before.as_ref(),
        after,
    );
    if checked.is_err() {
        match before {
            Some(node) => graph.insert(node),
            None => graph.forget(&key),
        }
    }
    checked
}

fn check(
    caller: &Caller,
    change: &Change,
    graph: &mut Graph,
    existing: &HashMap<Key, Stored>,
    created_in_batch: bool,
    before: Option<&Node>,
    after: Node,
) -> Result<(), Rejection> {
    let who = domain_caller(caller);
    let key = after.key();
    let kind = key.0.as_str();
    let id = key.1;
    let outcome = key.0 == EntityKind::Quote && writes_outcome(change);
    let mut roots = Vec::new();
    if before.is_some() {
        if written_once(key.0) && !created_in_batch {
            return Err(forbidden(format!(
                "{kind} {id} is written once: a stage change is history and cannot be changed or deleted"
            )));
        }
        let subject = graph
            .subject(&key)
            .ok_or_else(|| forbidden(format!("{kind} {id} vanished")))?;
        if outcome_only(change) {
            if !may_see(&who, &subject) {
                return Err(forbidden(format!(
                    "quote {id} belongs to someone whose quotes you may not see"
                )));
            }
        } else if !may_edit(&who, &subject) {
            return Err(forbidden(format!(
                "{kind} {id} belongs to someone whose records you may not change"
            )));
        }
        if outcome && !may_mark_quote_outcome(&who, &subject) {
            return Err(forbidden(format!(
                "only the quote's owner or its opportunity's owner may mark quote {id} accepted or rejected"
            )));
        }
        roots.extend(share_root(before.unwrap_or(&after)));
    }
    let deletion = change.deleted;
    roots.extend(share_root(&after));
    let named_user = after.links.user;
    graph.insert(after);
    if !deletion {
        let subject = graph
            .subject(&key)
            .ok_or_else(|| forbidden(format!("{kind} {id} vanished")))?;
        if !outcome_only(change) && !may_edit(&who, &subject) {
            return Err(forbidden(if before.is_some() {
                format!("{kind} {id} would belong to an account or opportunity you may not change")
            } else {
                format!(
                    "you may not add this {kind}: it belongs to an account, opportunity or quote you may not change"
                )
            }));
        }
        if outcome && before.is_none() && !may_mark_quote_outcome(&who, &subject) {
            return Err(forbidden(format!(
                "only the quote's owner or its opportunity's owner may mark quote {id} accepted or rejected"
            )));
        }
    }
    if matches!(
        key.0,
        EntityKind::AccountShare | EntityKind::OpportunityMember
    ) {
        // The colleague is checked where the change names one (a new share always does): a share brought
        // back, say, names the one it named before.
        let names_user = change.fields.contains_key("user_id") || before.is_none();
        let user = names_user.then_some(named_user);
        check_share(&who, graph, existing, key, roots, user, deletion)?;
    }
    Ok(())
}

/// The account a share shares, the opportunity a member joins.
fn share_root(node: &Node) -> Option<Key> {
    match node.kind {
        EntityKind::AccountShare => Some((EntityKind::Customer, node.links.account?)),
        EntityKind::OpportunityMember => Some((EntityKind::Opportunity, node.links.opportunity?)),
        _ => None,
    }
}

fn check_share(
    who: &fieldquote_domain::access::Caller,
    graph: &Graph,
    existing: &HashMap<Key, Stored>,
    key: Key,
    mut roots: Vec<Key>,
    user: Option<Option<uuid::Uuid>>,
    deletion: bool,
) -> Result<(), Rejection> {
    let (kind, what, field) = match key.0 {
        EntityKind::AccountShare => (key.0.as_str(), "account", "account_id"),
        _ => (key.0.as_str(), "opportunity", "opportunity_id"),
    };
    if roots.is_empty() {
        return Err((
            RejectCode::InvalidField,
            format!("{kind} {} must name its {what} in `{field}`", key.1),
        ));
    }
    roots.sort_unstable();
    roots.dedup();
    for root in roots {
        let Some(subject) = graph.subject(&root) else {
            return Err(forbidden(format!(
                "{kind} {} shares {what} {}, which the server does not hold: sync it first",
                key.1, root.1
            )));
        };
        if !may_share(who, &subject) {
            return Err(forbidden(format!(
                "only someone who may edit {what} {} may share it or withdraw its shares",
                root.1
            )));
        }
    }
    if !deletion && let Some(user) = user {
        let known = user.is_some_and(|u| existing.contains_key(&(EntityKind::Colleague, u)));
        if !known {
            return Err((
                RejectCode::InvalidField,
                format!(
                    "{kind} {} must name a colleague of the company directory in `user_id`",
                    key.1
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
