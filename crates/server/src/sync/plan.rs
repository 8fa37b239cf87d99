//! The push planner: given the caller, the changes of a batch and the records they touch as stored,
//! decide per change (accept or reject, and why) and compute the records to write. Pure: no database,
//! no clock; [`super::SyncService::push`] loads the inputs and writes the plan in one transaction.

use std::collections::{HashMap, HashSet};

use fieldquote_domain::sync::{
    Change, ChangeOutcome, ChangeResult, EntityKind, FieldValue, Record, RejectCode,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use fieldquote_domain::access::{Owner, Subject, may_edit};
use fieldquote_domain::content;
use fieldquote_domain::proposal;

use super::access::{Graph, Node, domain_caller};
use super::fields::{Rejection, check_base, check_clock, check_fields};
use super::refs::check_references;
use super::rules::check_access;
use fieldquote_domain::Role;

/// Owner of server-owned records (catalog, company profile): no user.
pub const SYSTEM_OWNER: Uuid = Uuid::nil();

/// Who is pushing or pulling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user_id: Uuid,
    pub role: Role,
    /// `None` only for admins without a team.
    pub team_id: Option<String>,
}

/// A record as stored, with the team that scopes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub record: Record,
    pub team_id: Option<String>,
}

/// Key of a record: kinds do not share ids' namespace on the server.
pub type Key = (EntityKind, Uuid);

impl Caller {
    /// Whether the caller may change this quote (approvals on the spot): its owner, a manager of its team, an
    /// admin ([`fieldquote_domain::access::may_edit`] of a quote).
    pub fn may_edit_quote(&self, quote: &Stored) -> bool {
        let subject = Subject::new(
            EntityKind::Quote,
            Owner {
                user_id: quote.record.owner_id,
                team_id: quote.team_id.clone(),
            },
        );
        may_edit(&domain_caller(self), &subject)
    }
}

/// Quote fields that are not its content: where it is in its life (and when and by whom it moved), the
/// manager's decision, the language its PDF is printed in, and its opportunity. Every other quote field (the request's too), and every field of its lines, is
/// content an approval is given for.
pub const QUOTE_STATE_FIELDS: [&str; 13] = [
    "status",
    "approved_by",
    "approved_at",
    "approval_comment",
    "approved_request",
    "pdf_lang",
    // When and by whom it was sent, accepted or rejected, and the opportunity it serves: its life, not what
    // was approved.
    "sent_at",
    "sent_by",
    "accepted_at",
    "accepted_by",
    "rejected_at",
    "rejected_by",
    "opportunity_id",
];

/// Quote fields that record a manager's decision; only a manager of the team or an admin writes them
/// (anyone may clear them: editing a quote voids its approval).
pub const DECISION_FIELDS: [&str; 4] = [
    "approved_by",
    "approved_at",
    "approval_comment",
    "approved_request",
];

const APPROVED: &str = "approved";
const PENDING: &str = "pending_approval";

impl Caller {
    /// Whether the caller may decide the approval of this quote: an admin, or a manager of the owner's
    /// team who is not the owner (nobody approves their own discounts).
    pub fn may_decide_approval(&self, quote: &Stored) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Manager => {
                quote.record.owner_id != self.user_id
                    && self.team_id.is_some()
                    && quote.team_id.as_deref() == self.team_id.as_deref()
            }
            Role::Rep => false,
        }
    }
}

/// The approval rules of a change to a stored quote (see [`plan_push`]). `Ok(true)`: accept the change, then
/// void the approval it carries (a quote made on a laptop before it was connected, approved there).
fn check_quote_change(
    caller: &Caller,
    change: &Change,
    stored: &Stored,
    is_new: bool,
) -> Result<bool, Rejection> {
    let id = change.entity_id;
    let written = |name: &str| change.fields.get(name).and_then(|v| v.as_str());
    let current = stored.record.text("status").unwrap_or("");
    if !caller.may_decide_approval(stored) {
        if is_new {
            // The first push of a quote carries its whole history: a decision recorded on a standalone laptop
            // (named with `--by`, which the server cannot check) is kept on quotes already sent, and voided on
            // those it would unlock.
            let decided = DECISION_FIELDS
                .iter()
                .any(|f| written(f).is_some_and(|v| !v.is_empty()));
            return Ok(written("status") == Some(APPROVED)
                || (written("status") == Some(PENDING) && decided));
        }
        let only = "only a manager of the quote owner's team (or an admin) may";
        if written("status") == Some(APPROVED) {
            return Err((
                RejectCode::Forbidden,
                format!("{only} approve quote {id}: it stays waiting for approval"),
            ));
        }
        if let Some(name) = DECISION_FIELDS
            .iter()
            .find(|f| written(f).is_some_and(|v| !v.is_empty()))
        {
            return Err((
                RejectCode::Forbidden,
                format!("{only} record an approval decision (`{name}`) on quote {id}"),
            ));
        }
        if written("status") == Some("sent") && current == PENDING {
            return Err((
                RejectCode::Forbidden,
                format!(
                    "quote {id} is waiting for a manager's approval on the server: it can be sent once approved"
                ),
            ));
        }
    } else if written("status") == Some(APPROVED) {
        if current != PENDING {
            return Err((
                RejectCode::Forbidden,
                format!(
                    "quote {id} is no longer waiting for approval (it is {}): sync to see its latest version",
                    if current.is_empty() {
                        "unknown"
                    } else {
                        current
                    }
                ),
            ));
        }
        // The approval must be of the request the server holds: one the approver had not seen (the rep
        // changed the quote meanwhile, which renews the request) is decided again after a sync.
        let seen = written("approved_request").unwrap_or("");
        let latest = stored
            .record
            .fields
            .get("approval_requested_at")
            .map_or("", |f| f.hlc.as_str());
        if seen != latest {
            return Err((
                RejectCode::Forbidden,
                format!(
                    "quote {id} changed after you saw it: sync to see its latest version, then decide again"
                ),
            ));
        }
    }
    Ok(false)
}

/// Whether a change writes quote content (see [`QUOTE_STATE_FIELDS`]).
fn writes_content(change: &Change) -> bool {
    match change.entity {
        EntityKind::Quote => {
            change.deleted
                || change
                    .fields
                    .keys()
                    .any(|k| !QUOTE_STATE_FIELDS.contains(&k.as_str()))
        }
        EntityKind::QuoteLine => true,
        _ => false,
    }
}

/// The quote a change's content belongs to: the quote itself, or a line's quote (named by the change, or by
/// the stored line).
fn quote_of(change: &Change, existing: &HashMap<Key, Stored>) -> Option<Uuid> {
    match change.entity {
        EntityKind::Quote => Some(change.entity_id),
        EntityKind::QuoteLine => change
            .fields
            .get("quote_id")
            .and_then(|v| v.as_str())
            .or_else(|| {
                existing
                    .get(&(EntityKind::QuoteLine, change.entity_id))
                    .and_then(|s| s.record.text("quote_id"))
            })
            .and_then(|id| id.parse().ok()),
        _ => None,
    }
}

/// After a batch: new quotes that arrived approved by someone the server cannot check (on a laptop before it
/// was connected) wait for a manager's approval instead.
fn void_unverified(
    quotes: &[Uuid],
    existing: &mut HashMap<Key, Stored>,
    server_hlc: &str,
    now: &str,
) -> Vec<Key> {
    let fields: &[(&str, &str)] = &[
        ("status", PENDING),
        ("approved_by", ""),
        ("approved_at", ""),
        ("approved_request", ""),
        ("approval_requested_at", now),
        (
            "approval_comment",
            "Approved before this laptop was connected to the server: a manager of the team must approve it.",
        ),
    ];
    quotes
        .iter()
        .map(|id| (EntityKind::Quote, *id))
        .filter(|key| {
            existing.get_mut(key).is_some_and(|s| {
                !s.record.is_deleted() && server_write(&mut s.record, fields, server_hlc)
            })
        })
        .collect()
}

/// After a batch: a quote whose content someone other than an approver changed may not keep an approval
/// given before (whatever the clocks say: a change made offline earlier but pushed later was never seen by
/// the approver). An approved one waits for approval again. A waiting one gets its request renewed
/// (`approval_requested_at`, with the server's clock), so an approval naming an older request is refused
/// ([`check_quote_change`]). The status of a waiting quote is left alone: a rep's status write still merges
/// by its own clock.
fn renew_requests(
    quotes: &[Uuid],
    existing: &mut HashMap<Key, Stored>,
    server_hlc: &str,
    now: &str,
) -> Vec<Key> {
    let mut renewed = Vec::new();
    for id in quotes {
        let key = (EntityKind::Quote, *id);
        let Some(stored) = existing.get_mut(&key) else {
            continue;
        };
        let voided: &[(&str, &str)] = &[
            ("status", PENDING),
            ("approved_by", ""),
            ("approved_at", ""),
            ("approved_request", ""),
            ("approval_requested_at", now),
            (
                "approval_comment",
                "The quote changed after it was approved: it needs approval again.",
            ),
        ];
        let fields: &[(&str, &str)] = match stored.record.text("status") {
            Some(APPROVED) => voided,
            Some(PENDING) => &[("approval_requested_at", now)],
            _ => continue,
        };
        if !stored.record.is_deleted() && server_write(&mut stored.record, fields, server_hlc) {
            renewed.push(key);
        }
    }
    renewed
}

/// Write `fields` into `record` with the server's clock reading `hlc` (later than any field's), each noting
/// the reading it replaces as its base, so devices take it for a knowing write, not a conflict. Deletion is
/// left alone. Returns whether any field was written.
pub fn server_write(record: &mut Record, fields: &[(&str, &str)], hlc: &str) -> bool {
    let mut written = false;
    for (name, value) in fields {
        let old = record.fields.get(*name);
        if old.is_some_and(|f| f.hlc.as_str() >= hlc) {
            continue;
        }
        let base = old.map(|f| f.hlc.clone());
        record.fields.insert(
            (*name).to_string(),
            FieldValue {
                value: serde_json::Value::from(*value),
                hlc: hlc.to_string(),
                base,
            },
        );
        written = true;
    }
    written
}

/// A change that was applied (merged, or found to change nothing): remembered so a replay is not
/// applied again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub change_id: Uuid,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    /// [`digest`] of the change: a later change under the same id must carry the same.
    pub digest: String,
}

/// Lowercase hex SHA-256 of what a change carries (everything but its id): two changes with one id are the
/// same change if and only if their digests are equal.
pub fn digest(change: &Change) -> String {
    // Maps are ordered (BTreeMap), and the values of an accepted change are strings and integers: the same
    // content always serialises alike.
    let content = serde_json::json!([
        change.entity,
        change.entity_id,
        change.hlc,
        change.fields,
        change.deleted,
        change.base,
    ]);
    Sha256::digest(content.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a change under an id applied before (whose digest was `applied`, `None` when not recorded) is a
/// replay of it: accepted and applied no second time. Otherwise it is refused: an id names one change.
fn replay_of(change: &Change, digest: &str, applied: Option<&str>) -> Result<(), Rejection> {
    match applied {
        Some(d) if d != digest => Err((
            RejectCode::InvalidField,
            format!(
                "change id {} was already used for a different change: each change needs an id of its own",
                change.change_id
            ),
        )),
        _ => Ok(()),
    }
}

/// What to do for one batch.
#[derive(Clone, Debug, PartialEq)]
pub struct PushPlan {
    /// One per change, in the batch's order.
    pub results: Vec<ChangeResult>,
    /// Records that changed, each once, in the order they were first changed; each gets a new seq.
    pub writes: Vec<Stored>,
    /// Changes to remember as applied (not replays, not rejections).
    pub applied: Vec<Applied>,
    /// The server wrote with its own clock reading (a renewed approval request): store it as the last one.
    pub used_server_clock: bool,
}

/// Decide a batch. `already_applied` holds the caller's change ids applied by earlier batches, with the
/// digest of each (`None` where not recorded); `existing`, the stored records the changes name (absent ones
/// are new); `graph`, those records and their surroundings as far as access goes (see [`super::access`]),
/// which the plan keeps up to date with the changes it accepts.
///
/// A change whose id was applied before, by an earlier batch or earlier in this one, is a replay when it
/// carries the same content (accepted, nothing applied again) and refused when it carries other content.
pub fn plan_push(
    caller: &Caller,
    now_ms: i64,
    changes: &[Change],
    already_applied: &HashMap<Uuid, Option<String>>,
    mut existing: HashMap<Key, Stored>,
    graph: &mut Graph,
    server_hlc: &str,
) -> PushPlan {
    let mut results = Vec::with_capacity(changes.len());
    let mut applied = Vec::new();
    // Ids accepted earlier in this batch, with their digests.
    let mut seen: HashMap<Uuid, String> = HashMap::new();
    let mut dirty: Vec<Key> = Vec::new();
    // Quotes whose content a non-approver changed in this batch.
    let mut content_changed: Vec<Uuid> = Vec::new();
    // New quotes arriving approved by no one the server knows, and the records this batch created.
    let mut unverified: Vec<Uuid> = Vec::new();
    let mut created: HashSet<Key> = HashSet::new();
    for change in changes {
        let digest = digest(change);
        let before = match (
            already_applied.get(&change.change_id),
            seen.get(&change.change_id),
        ) {
            (Some(stored), _) => Some(stored.as_deref()),
            (None, Some(earlier)) => Some(Some(earlier.as_str())),
            (None, None) => None,
        };
        let outcome = match before {
            Some(applied_digest) => match replay_of(change, &digest, applied_digest) {
                Ok(()) => ChangeOutcome::Accepted,
                Err((code, reason)) => ChangeOutcome::Rejected { code, reason },
            },
            None => {
                match decide(caller, now_ms, change, &mut existing, graph, &mut created) {
                    Ok(Merged {
                        changed,
                        void_approval,
                    }) => {
                        let key = (change.entity, change.entity_id);
                        if void_approval && !unverified.contains(&change.entity_id) {
                            unverified.push(change.entity_id);
                        }
                        if changed && !dirty.contains(&key) {
                            dirty.push(key);
                        }
                        if changed
                            && writes_content(change)
                            && let Some(quote) = quote_of(change, &existing)
                            && existing
                                .get(&(EntityKind::Quote, quote))
                                .is_some_and(|q| !caller.may_decide_approval(q))
                            && !content_changed.contains(&quote)
                        {
                            content_changed.push(quote);
                        }
                        seen.insert(change.change_id, digest.clone());
                        applied.push(Applied {
                            change_id: change.change_id,
                            entity: change.entity,
                            entity_id: change.entity_id,
                            digest,
                        });
                        ChangeOutcome::Accepted
                    }
                    // A rejected change may be sent again (after an update, say): not remembered.
                    Err((code, reason)) => ChangeOutcome::Rejected { code, reason },
                }
            }
        };
        results.push(ChangeResult {
            change_id: change.change_id,
            outcome,
        });
    }
    // When the server renewed a request, as the Approvals list shows it.
    let now = crate::ms_to_rfc3339(now_ms);
    let mut renewed = void_unverified(&unverified, &mut existing, server_hlc, &now);
    renewed.extend(renew_requests(
        &content_changed,
        &mut existing,
        server_hlc,
        &now,
    ));
    renewed.extend(witness_signatures(&dirty, &mut existing, server_hlc, &now));
    let used_server_clock = !renewed.is_empty();
    for key in renewed {
        if !dirty.contains(&key) {
            dirty.push(key);
        }
    }
    let writes = dirty
        .iter()
        .filter_map(|key| existing.remove(key))
        .collect();
    PushPlan {
        results,
        writes,
        applied,
        used_server_clock,
    }
}

/// What [`decide`] did with an accepted change.
struct Merged {
    /// The record changed.
    changed: bool,
    /// The quote's approval is to be voided (see [`check_quote_change`]).
    void_approval: bool,
}

/// Check one change and merge it into `existing` (and its node into `graph`).
///
/// `created` holds the records this batch created: a record's first push (its history from a laptop not yet
/// connected) may come as several changes of one batch.
fn decide(
    caller: &Caller,
    now_ms: i64,
    change: &Change,
    existing: &mut HashMap<Key, Stored>,
    graph: &mut Graph,
    created: &mut HashSet<Key>,
) -> Result<Merged, Rejection> {
    let kind = change.entity.as_str();
    check_fields(change.entity, &change.fields)?;
    check_clock(&change.hlc, now_ms)?;
    check_base(&change.base)?;
    let server_owned = change.entity.server_owned();
    if server_owned && caller.role != Role::Admin {
        return Err((
            RejectCode::ServerOwned,
            format!("{kind} records are managed on the server; only an admin may change them"),
        ));
    }
    let key = (change.entity, change.entity_id);
    if change.entity == EntityKind::ContentBlock {
        check_content_block(change, existing.get(&key))?;
    }
    if change.entity == EntityKind::Proposal {
        check_proposal(change, existing.get(&key))?;
    }
    check_references(caller, change, graph)?;
    let is_new = !existing.contains_key(&key) || created.contains(&key);
    let before = match existing.get(&key) {
        Some(stored) => stored.clone(),
        None => {
            // A line belongs to whoever owns its quote (a manager adding a line to a rep's quote adds it to the
            // rep's quote, visible to the rep); only someone who may change the quote may add one.
            let (owner, team_id) = if server_owned {
                (SYSTEM_OWNER, None)
            } else if let Some(quote) = parent_quote(change, existing) {
                (quote.record.owner_id, quote.team_id.clone())
            } else {
                (caller.user_id, caller.team_id.clone())
            };
            Stored {
                record: Record::new(change.entity, change.entity_id, owner),
                team_id,
            }
        }
    };
    let mut merged = before.clone();
    let changed = merged.record.apply(change);
    if server_owned {
        graph.insert(Node::of(&merged));
    } else {
        check_access(
            caller,
            change,
            graph,
            existing,
            created.contains(&key),
            Node::of(&merged),
        )?;
    }
    let void_approval = change.entity == EntityKind::Quote
        && match check_quote_change(caller, change, &before, is_new) {
            Ok(void) => void,
            Err(rejection) => {
                // Not merged after all: the graph goes back to the record as it was.
                match existing.get(&key) {
                    Some(stored) => graph.insert(Node::of(stored)),
                    None => graph.forget(&key),
                }
                return Err(rejection);
            }
        };
    if is_new {
        created.insert(key);
    }
    existing.insert(key, merged);
    Ok(Merged {
        changed,
        void_approval,
    })
}

/// A content block change: its fields well-formed ([`content::check_synced_fields`]), and never a company
/// block's (a stored one owned by the system, or one the change would make the company's): those are the
/// server's, imported by an admin (`fieldquote-server content import`).
fn check_content_block(change: &Change, stored: Option<&Stored>) -> Result<(), Rejection> {
    content::check_synced_fields(&change.fields)
        .map_err(|e| (RejectCode::InvalidField, format!("content_block: {e}")))?;
    let company_now = stored.is_some_and(|s| {
        s.record.owner_id == SYSTEM_OWNER
            || s.record.text("scope") == Some(content::Scope::Company.as_str())
    });
    let company_after = change.fields.get("scope").and_then(|v| v.as_str())
        == Some(content::Scope::Company.as_str());
    if company_now || company_after {
        return Err((
            RejectCode::ServerOwned,
            format!(
                "content block {} is a company block: company blocks are managed on the server \
                 (fieldquote-server content import); keep your own as personal blocks",
                change.entity_id
            ),
        ));
    }
    Ok(())
}

/// Proposal fields only the server writes: its witness of a signature.
pub const WITNESS_FIELDS: [&str; 2] = ["witnessed_at", "witnessed_sha256"];

/// Proposal fields a sent version never changes again.
const FROZEN_PROPOSAL_FIELDS: [&str; 11] = [
    "opportunity_id",
    "account_id",
    "quote_id",
    "title",
    "lang",
    "version",
    "revises_id",
    "sections",
    "document_blob",
    "content_hash",
    "sent_at",
];

/// A proposal change: its fields well-formed ([`proposal::record::check_synced_fields`]), the witness fields
/// (the server's) as the server holds them (empty on a new record: a device's new row carries every column),
/// and nothing changed of a version once sent but its status and, once, its signature. A sent version is
/// never deleted.
fn check_proposal(change: &Change, stored: Option<&Stored>) -> Result<(), Rejection> {
    let id = change.entity_id;
    proposal::record::check_synced_fields(&change.fields)
        .map_err(|e| (RejectCode::InvalidField, format!("proposal: {e}")))?;
    let held = |name: &str| {
        stored
            .and_then(|s| s.record.text(name))
            .unwrap_or_default()
            .to_string()
    };
    if let Some(f) = WITNESS_FIELDS.iter().find(|f| {
        change
            .fields
            .get(**f)
            .is_some_and(|v| v.as_str() != Some(held(f).as_str()))
    }) {
        return Err((
            RejectCode::Forbidden,
            format!(
                "`{f}` of proposal {id} is written by the server when it receives the signature"
            ),
        ));
    }
    let Some(stored) = stored.filter(|s| !s.record.is_deleted()) else {
        return Ok(());
    };
    let status = stored.record.text("status").unwrap_or("draft");
    if status == "draft" || status.is_empty() {
        return Ok(());
    }
    if change.deleted {
        return Err((
            RejectCode::Forbidden,
            format!("proposal {id} has been sent: a sent version is kept, not deleted"),
        ));
    }
    let differs = |name: &str| {
        change
            .fields
            .get(name)
            .is_some_and(|v| v.as_str() != Some(stored.record.text(name).unwrap_or("")))
    };
    let signed = !stored.record.text("seen_sha256").unwrap_or("").is_empty();
    let frozen = FROZEN_PROPOSAL_FIELDS
        .iter()
        .copied()
        .filter(|f| *f != "version")
        .find(|f| differs(f))
        .or_else(|| {
            let version = change.fields.get("version")?;
            (Some(version) != stored.record.fields.get("version").map(|f| &f.value))
                .then_some("version")
        })
        .or_else(|| {
            signed
                .then(|| {
                    change
                        .fields
                        .keys()
                        .find(|k| k.as_str() != "status" && differs(k))
                        .map(String::as_str)
                })
                .flatten()
        });
    match frozen {
        Some(field) => Err((
            RejectCode::Forbidden,
            format!(
                "proposal {id} has been sent: `{field}` cannot change (revise it to make a new version)"
            ),
        )),
        None => Ok(()),
    }
}

/// After a batch: a proposal whose signature the server receives for the first time (or a new one) gets the
/// server's witness — the hash the client saw and the server's time — written with the server's clock.
fn witness_signatures(
    keys: &[Key],
    existing: &mut HashMap<Key, Stored>,
    server_hlc: &str,
    now: &str,
) -> Vec<Key> {
    let mut witnessed = Vec::new();
    for key in keys.iter().filter(|k| k.0 == EntityKind::Proposal) {
        let Some(stored) = existing.get_mut(key) else {
            continue;
        };
        let seen = stored.record.text("seen_sha256").unwrap_or("").to_string();
        if stored.record.is_deleted()
            || seen.is_empty()
            || stored.record.text("witnessed_sha256") == Some(seen.as_str())
        {
            continue;
        }
        let fields: &[(&str, &str)] = &[("witnessed_sha256", &seen), ("witnessed_at", now)];
        if server_write(&mut stored.record, fields, server_hlc) {
            witnessed.push(*key);
        }
    }
    witnessed
}

/// The stored quote a quote line change names in `quote_id`, if it is known (stored, or created earlier in
/// the batch).
pub fn parent_quote<'a>(change: &Change, existing: &'a HashMap<Key, Stored>) -> Option<&'a Stored> {
    if change.entity != EntityKind::QuoteLine {
        return None;
    }
    let id = change.fields.get("quote_id")?.as_str()?.parse().ok()?;
    existing.get(&(EntityKind::Quote, id))
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
