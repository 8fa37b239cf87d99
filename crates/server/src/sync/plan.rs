//! The push planner: given the caller, the changes of a batch and the records they touch as stored,
//! decide per change (accept or reject, and why) and compute the records to write. Pure: no database,
//! no clock; [`super::SyncService::push`] loads the inputs and writes the plan in one transaction.

use std::collections::{HashMap, HashSet};

use fieldquote_domain::sync::{
    Change, ChangeOutcome, ChangeResult, EntityKind, FieldValue, Record, RejectCode,
};
use uuid::Uuid;

use super::fields::{Rejection, check_clock, check_fields};
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
    /// Whether the caller may read and write this (not server-owned) record: a rep their own, a
    /// manager their team's (and their own), an admin every record.
    pub fn may_write(&self, stored: &Stored) -> bool {
        let own = stored.record.owner_id == self.user_id;
        match self.role {
            Role::Admin => true,
            Role::Manager => {
                own || (self.team_id.is_some()
                    && stored.team_id.as_deref() == self.team_id.as_deref())
            }
            Role::Rep => own,
        }
    }
}

/// Quote fields that are not its content: where it is in its life, the manager's decision, and the language
/// its PDF is printed in. Every other quote field (the request's too), and every field of its lines, is
/// content an approval is given for.
pub const QUOTE_STATE_FIELDS: [&str; 6] = [
    "status",
    "approved_by",
    "approved_at",
    "approval_comment",
    "approved_request",
    "pdf_lang",
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

/// Decide a batch. `already_applied` holds the change ids applied by earlier batches; `existing`,
/// the stored records the changes name (absent ones are new).
pub fn plan_push(
    caller: &Caller,
    now_ms: i64,
    changes: &[Change],
    already_applied: &HashSet<Uuid>,
    mut existing: HashMap<Key, Stored>,
    server_hlc: &str,
) -> PushPlan {
    let mut results = Vec::with_capacity(changes.len());
    let mut applied = Vec::new();
    let mut seen = HashSet::new();
    let mut dirty: Vec<Key> = Vec::new();
    // Quotes whose content a non-approver changed in this batch.
    let mut content_changed: Vec<Uuid> = Vec::new();
    // New quotes arriving approved by no one the server knows, and the records this batch created.
    let mut unverified: Vec<Uuid> = Vec::new();
    let mut created: HashSet<Key> = HashSet::new();
    for change in changes {
        let outcome =
            if already_applied.contains(&change.change_id) || !seen.insert(change.change_id) {
                ChangeOutcome::Accepted
            } else {
                match decide(caller, now_ms, change, &mut existing, &mut created) {
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
                        applied.push(Applied {
                            change_id: change.change_id,
                            entity: change.entity,
                            entity_id: change.entity_id,
                        });
                        ChangeOutcome::Accepted
                    }
                    Err((code, reason)) => {
                        // A rejected change may be sent again (after an update, say): not remembered.
                        seen.remove(&change.change_id);
                        ChangeOutcome::Rejected { code, reason }
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

/// Check one change and merge it into `existing`.
///
/// `created` holds the records this batch created: a record's first push (its history from a laptop not yet
/// connected) may come as several changes of one batch.
fn decide(
    caller: &Caller,
    now_ms: i64,
    change: &Change,
    existing: &mut HashMap<Key, Stored>,
    created: &mut HashSet<Key>,
) -> Result<Merged, Rejection> {
    let kind = change.entity.as_str();
    check_fields(change.entity, &change.fields)?;
    check_clock(&change.hlc, now_ms)?;
    let server_owned = change.entity.server_owned();
    if server_owned && caller.role != Role::Admin {
        return Err((
            RejectCode::ServerOwned,
            format!("{kind} records are managed on the server; only an admin may change them"),
        ));
    }
    let key = (change.entity, change.entity_id);
    if let Some(stored) = existing.get(&key)
        && !server_owned
        && !caller.may_write(stored)
    {
        return Err((
            RejectCode::Forbidden,
            format!(
                "{kind} {} belongs to someone whose records you may not change",
                change.entity_id
            ),
        ));
    }
    let is_new = !existing.contains_key(&key) || created.contains(&key);
    if !existing.contains_key(&key) {
        let (owner, team_id) = if server_owned {
            (SYSTEM_OWNER, None)
        } else if let Some(quote) = parent_quote(change, existing) {
            // A line belongs to whoever owns its quote (a manager adding a line to a rep's quote adds it to
            // the rep's quote, visible to the rep), and only someone who may change the quote may add one.
            if !caller.may_write(quote) {
                return Err((
                    RejectCode::Forbidden,
                    format!(
                        "quote {} belongs to someone whose quotes you may not change",
                        quote.record.id
                    ),
                ));
            }
            (quote.record.owner_id, quote.team_id.clone())
        } else {
            (caller.user_id, caller.team_id.clone())
        };
        existing.insert(
            key,
            Stored {
                record: Record::new(change.entity, change.entity_id, owner),
                team_id,
            },
        );
    }
    let stored = existing
        .get_mut(&key)
        .ok_or_else(|| (RejectCode::InvalidField, format!("{kind} vanished")))?;
    let void_approval =
        change.entity == EntityKind::Quote && check_quote_change(caller, change, stored, is_new)?;
    if is_new {
        created.insert(key);
    }
    Ok(Merged {
        changed: stored.record.apply(change),
        void_approval,
    })
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
mod tests {
    use super::*;
    use fieldquote_domain::hlc::Hlc;
    use serde_json::json;

    const NOW: i64 = 1_765_000_000_000;

    fn server_hlc() -> String {
        Hlc::tick(None, NOW + 1000, "server").to_string()
    }

    fn plan_at(
        caller: &Caller,
        now: i64,
        changes: &[Change],
        done: &HashSet<Uuid>,
        existing: HashMap<Key, Stored>,
    ) -> PushPlan {
        plan_push(caller, now, changes, done, existing, &server_hlc())
    }

    fn caller(role: Role, team: Option<&str>) -> Caller {
        Caller {
            user_id: Uuid::now_v7(),
            role,
            team_id: team.map(str::to_string),
        }
    }

    fn change(
        entity: EntityKind,
        id: Uuid,
        ms: i64,
        fields: &[(&str, serde_json::Value)],
    ) -> Change {
        Change {
            change_id: Uuid::now_v7(),
            entity,
            entity_id: id,
            hlc: Hlc::tick(None, ms, "dev").to_string(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            deleted: false,
            base: Default::default(),
        }
    }

    fn stored(owner: Uuid, team: Option<&str>, id: Uuid) -> (Key, Stored) {
        (
            (EntityKind::Customer, id),
            Stored {
                record: Record::new(EntityKind::Customer, id, owner),
                team_id: team.map(str::to_string),
            },
        )
    }

    fn codes(plan: &PushPlan) -> Vec<Option<RejectCode>> {
        plan.results
            .iter()
            .map(|r| match &r.outcome {
                ChangeOutcome::Accepted => None,
                ChangeOutcome::Rejected { code, .. } => Some(*code),
            })
            .collect()
    }

    #[test]
    fn new_records_belong_to_the_caller_and_their_team() {
        let rep = caller(Role::Rep, Some("t1"));
        let id = Uuid::now_v7();
        let c = change(EntityKind::Customer, id, NOW, &[("name", json!("A"))]);
        let plan = plan_at(
            &rep,
            NOW,
            std::slice::from_ref(&c),
            &HashSet::new(),
            HashMap::new(),
        );
        assert_eq!(codes(&plan), [None]);
        assert_eq!(plan.writes.len(), 1);
        assert_eq!(plan.writes[0].record.owner_id, rep.user_id);
        assert_eq!(plan.writes[0].team_id.as_deref(), Some("t1"));
        assert_eq!(plan.applied.len(), 1);
        // The same change again, in the batch or from an earlier one, is accepted and does nothing.
        let plan = plan_at(
            &rep,
            NOW,
            &[c.clone(), c.clone()],
            &HashSet::new(),
            HashMap::new(),
        );
        assert_eq!(codes(&plan), [None, None]);
        assert_eq!((plan.writes.len(), plan.applied.len()), (1, 1));
        let done = HashSet::from([c.change_id]);
        let plan = plan_at(&rep, NOW, &[c], &done, HashMap::new());
        assert_eq!(codes(&plan), [None]);
        assert!(plan.writes.is_empty() && plan.applied.is_empty());
    }

    #[test]
    fn roles_scope_writes() {
        let rep = caller(Role::Rep, Some("t1"));
        let other_rep = caller(Role::Rep, Some("t1"));
        let manager = caller(Role::Manager, Some("t1"));
        let other_manager = caller(Role::Manager, Some("t2"));
        let admin = caller(Role::Admin, None);
        let id = Uuid::now_v7();
        let existing = HashMap::from([stored(rep.user_id, Some("t1"), id)]);
        let edit = change(EntityKind::Customer, id, NOW, &[("name", json!("B"))]);
        for (who, expected) in [
            (&rep, None),
            (&other_rep, Some(RejectCode::Forbidden)),
            (&manager, None),
            (&other_manager, Some(RejectCode::Forbidden)),
            (&admin, None),
        ] {
            let plan = plan_at(
                who,
                NOW,
                std::slice::from_ref(&edit),
                &HashSet::new(),
                existing.clone(),
            );
            assert_eq!(codes(&plan), [expected], "{who:?}");
            assert_eq!(plan.writes.len(), usize::from(expected.is_none()));
        }
    }

    #[test]
    fn a_line_belongs_to_the_owner_of_its_quote() {
        let rep = caller(Role::Rep, Some("t1"));
        let other_rep = caller(Role::Rep, Some("t1"));
        let manager = caller(Role::Manager, Some("t1"));
        let quote = Uuid::now_v7();
        let existing = HashMap::from([(
            (EntityKind::Quote, quote),
            Stored {
                record: Record::new(EntityKind::Quote, quote, rep.user_id),
                team_id: Some("t1".into()),
            },
        )]);
        let line = change(
            EntityKind::QuoteLine,
            Uuid::now_v7(),
            NOW,
            &[
                ("quote_id", json!(quote.to_string())),
                ("quantity", json!("2")),
            ],
        );
        // The manager adds a line to the rep's quote: it is the rep's line.
        let plan = plan_at(
            &manager,
            NOW,
            std::slice::from_ref(&line),
            &HashSet::new(),
            existing.clone(),
        );
        assert_eq!(codes(&plan), [None]);
        assert_eq!(plan.writes[0].record.owner_id, rep.user_id);
        assert_eq!(plan.writes[0].team_id.as_deref(), Some("t1"));
        // Another rep may not add lines to it.
        let plan = plan_at(&other_rep, NOW, &[line], &HashSet::new(), existing);
        assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
        // A quote and its line made in one batch: the line follows the new quote.
        let new_quote = Uuid::now_v7();
        let batch = [
            change(EntityKind::Quote, new_quote, NOW, &[("notes", json!(""))]),
            change(
                EntityKind::QuoteLine,
                Uuid::now_v7(),
                NOW,
                &[("quote_id", json!(new_quote.to_string()))],
            ),
        ];
        let plan = plan_at(&other_rep, NOW, &batch, &HashSet::new(), HashMap::new());
        assert_eq!(codes(&plan), [None, None]);
        assert!(
            plan.writes
                .iter()
                .all(|w| w.record.owner_id == other_rep.user_id)
        );
    }

    #[test]
    fn server_owned_kinds_are_for_admins_and_owned_by_the_system() {
        let product = change(
            EntityKind::Product,
            Uuid::now_v7(),
            NOW,
            &[("sku", json!("X"))],
        );
        let manager = caller(Role::Manager, Some("t1"));
        let plan = plan_at(
            &manager,
            NOW,
            std::slice::from_ref(&product),
            &HashSet::new(),
            HashMap::new(),
        );
        assert_eq!(codes(&plan), [Some(RejectCode::ServerOwned)]);
        let admin = caller(Role::Admin, None);
        let plan = plan_at(&admin, NOW, &[product], &HashSet::new(), HashMap::new());
        assert_eq!(codes(&plan), [None]);
        assert_eq!(plan.writes[0].record.owner_id, SYSTEM_OWNER);
    }

    #[test]
    fn a_rejected_change_leaves_the_rest_of_the_batch_alone() {
        let rep = caller(Role::Rep, Some("t1"));
        let id = Uuid::now_v7();
        let good = change(EntityKind::Customer, id, NOW, &[("name", json!("A"))]);
        let bad = change(
            EntityKind::Customer,
            id,
            NOW + 1,
            &[("colour", json!("red"))],
        );
        let future = change(
            EntityKind::Customer,
            id,
            NOW + 2 * 86_400_000,
            &[("name", json!("Z"))],
        );
        let later = change(EntityKind::Customer, id, NOW + 5, &[("phone", json!("1"))]);
        let plan = plan_at(
            &rep,
            NOW,
            &[good, bad, future, later],
            &HashSet::new(),
            HashMap::new(),
        );
        assert_eq!(
            codes(&plan),
            [
                None,
                Some(RejectCode::InvalidField),
                Some(RejectCode::InvalidClock),
                None
            ]
        );
        assert_eq!(plan.writes.len(), 1);
        let values = plan.writes[0].record.values();
        assert_eq!(values.get("name"), Some(&json!("A")));
        assert_eq!(values.get("phone"), Some(&json!("1")));
        assert!(!values.contains_key("colour"));
        assert_eq!(plan.applied.len(), 2);
    }

    #[test]
    fn an_older_change_that_wins_no_field_is_accepted_without_a_write() {
        let rep = caller(Role::Rep, Some("t1"));
        let id = Uuid::now_v7();
        let (key, mut s) = stored(rep.user_id, Some("t1"), id);
        s.record.apply(&change(
            EntityKind::Customer,
            id,
            NOW,
            &[("name", json!("new"))],
        ));
        let old = Change {
            deleted: false,
            ..change(
                EntityKind::Customer,
                id,
                NOW - 10,
                &[("name", json!("old"))],
            )
        };
        // `_deleted` was written at NOW too, so the old change wins nothing.
        let plan = plan_at(
            &rep,
            NOW,
            &[old],
            &HashSet::new(),
            HashMap::from([(key, s)]),
        );
        assert_eq!(codes(&plan), [None]);
        assert!(plan.writes.is_empty());
        assert_eq!(
            plan.applied.len(),
            1,
            "remembered: a replay must not be re-judged"
        );
    }

    fn quote(owner: &Caller, status: &str, ms: i64) -> (Key, Stored) {
        let id = Uuid::now_v7();
        let mut s = Stored {
            record: Record::new(EntityKind::Quote, id, owner.user_id),
            team_id: owner.team_id.clone(),
        };
        s.record.apply(&change(
            EntityKind::Quote,
            id,
            ms,
            &[
                ("status", json!(status)),
                ("notes", json!("")),
                ("approval_requested_at", json!("2026-11-23T08:00:00Z")),
            ],
        ));
        ((EntityKind::Quote, id), s)
    }

    fn approve(id: Uuid, ms: i64, seen: &Stored) -> Change {
        let request = seen.record.fields["approval_requested_at"].hlc.clone();
        change(
            EntityKind::Quote,
            id,
            ms,
            &[
                ("status", json!("approved")),
                ("approved_by", json!("Mia")),
                ("approved_request", json!(request)),
            ],
        )
    }

    #[test]
    fn only_a_manager_of_the_team_or_an_admin_decides_approval() {
        let rep = caller(Role::Rep, Some("t1"));
        let manager = caller(Role::Manager, Some("t1"));
        let other_manager = caller(Role::Manager, Some("t2"));
        let admin = caller(Role::Admin, None);
        let (key, stored) = quote(&rep, "pending_approval", NOW - 100);
        let existing = HashMap::from([(key, stored.clone())]);
        for (who, expected) in [
            (&rep, Some(RejectCode::Forbidden)),
            (&other_manager, Some(RejectCode::Forbidden)),
            (&manager, None),
            (&admin, None),
        ] {
            let plan = plan_at(
                who,
                NOW,
                &[approve(key.1, NOW, &stored)],
                &HashSet::new(),
                existing.clone(),
            );
            assert_eq!(codes(&plan), [expected], "{who:?}");
        }
        // Nobody approves their own quote.
        let (key, own) = quote(&manager, "pending_approval", NOW - 100);
        let plan = plan_at(
            &manager,
            NOW,
            &[approve(key.1, NOW, &own)],
            &HashSet::new(),
            HashMap::from([(key, own.clone())]),
        );
        assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
        // A rep may clear the decision fields (an edit voids an approval), not fill them.
        let (key, stored) = quote(&rep, "approved", NOW - 100);
        let clear = change(
            EntityKind::Quote,
            key.1,
            NOW,
            &[
                ("status", json!("draft")),
                ("approved_by", json!("")),
                ("approval_comment", json!("")),
            ],
        );
        let fill = change(
            EntityKind::Quote,
            key.1,
            NOW + 1,
            &[("approval_comment", json!("ok"))],
        );
        let send = change(
            EntityKind::Quote,
            key.1,
            NOW + 2,
            &[("status", json!("sent"))],
        );
        let plan = plan_at(
            &rep,
            NOW,
            &[clear, fill],
            &HashSet::new(),
            HashMap::from([(key, stored.clone())]),
        );
        assert_eq!(codes(&plan), [None, Some(RejectCode::Forbidden)]);
        let plan = plan_at(
            &rep,
            NOW,
            &[send],
            &HashSet::new(),
            HashMap::from([(key, stored)]),
        );
        assert_eq!(
            codes(&plan),
            [None],
            "an approved quote may be sent by its rep"
        );
    }

    #[test]
    fn content_changed_by_a_non_approver_renews_the_request_and_voids_an_approval() {
        let rep = caller(Role::Rep, Some("t1"));
        let manager = caller(Role::Manager, Some("t1"));
        let server = server_hlc();
        // Approved, then the rep's older line edit arrives: the approval goes.
        let (qkey, approved) = quote(&rep, "approved", NOW - 10);
        let line_id = Uuid::now_v7();
        let mut line = Stored {
            record: Record::new(EntityKind::QuoteLine, line_id, rep.user_id),
            team_id: Some("t1".into()),
        };
        line.record.apply(&change(
            EntityKind::QuoteLine,
            line_id,
            NOW - 50,
            &[
                ("quote_id", json!(qkey.1.to_string())),
                ("discount_percent", json!("20")),
            ],
        ));
        let existing = HashMap::from([(qkey, approved), ((EntityKind::QuoteLine, line_id), line)]);
        let edit = change(
            EntityKind::QuoteLine,
            line_id,
            NOW - 20,
            &[("discount_percent", json!("45"))],
        );
        let plan = plan_at(
            &rep,
            NOW,
            std::slice::from_ref(&edit),
            &HashSet::new(),
            existing.clone(),
        );
        assert_eq!(codes(&plan), [None]);
        assert!(plan.used_server_clock);
        let q = plan.writes.iter().find(|w| w.record.id == qkey.1).unwrap();
        assert_eq!(q.record.values()["status"], json!("pending_approval"));
        assert_eq!(q.record.values()["approved_by"], json!(""));
        assert_eq!(q.record.fields["status"].hlc, server);
        assert!(
            !q.record.fields["_deleted"].hlc.ends_with("server"),
            "deletion untouched"
        );
        // The same edit by the team's manager leaves the approval alone.
        let plan = plan_at(&manager, NOW, &[edit], &HashSet::new(), existing);
        assert!(!plan.used_server_clock);
        assert!(plan.writes.iter().all(|w| w.record.id != qkey.1));

        // Waiting: an edit renews the request and leaves the status to the rep's own writes.
        let (qkey, waiting) = quote(&rep, "pending_approval", NOW - 10);
        let notes = change(EntityKind::Quote, qkey.1, NOW, &[("notes", json!("more"))]);
        let plan = plan_at(
            &rep,
            NOW,
            &[notes],
            &HashSet::new(),
            HashMap::from([(qkey, waiting.clone())]),
        );
        let renewed = &plan.writes[0].record.fields;
        assert_eq!(renewed["approval_requested_at"].hlc, server);
        assert_eq!(
            renewed["approval_requested_at"].value,
            json!("2025-12-06T05:46:40.000Z")
        );
        assert_ne!(renewed["status"].hlc, server);
        // A rep naming an old request themselves does not bring it back: that is an edit of the request too.
        let old = waiting.record.fields["approval_requested_at"].clone();
        let forged = change(
            EntityKind::Quote,
            qkey.1,
            NOW,
            &[("approval_requested_at", old.value.clone())],
        );
        let plan = plan_at(
            &rep,
            NOW,
            &[forged],
            &HashSet::new(),
            HashMap::from([(qkey, waiting)]),
        );
        assert_eq!(
            plan.writes[0].record.fields["approval_requested_at"].hlc,
            server
        );
    }

    #[test]
    fn an_approval_must_be_of_the_latest_request() {
        let rep = caller(Role::Rep, Some("t1"));
        let manager = caller(Role::Manager, Some("t1"));
        let (key, seen) = quote(&rep, "pending_approval", NOW - 100);
        let mut latest = seen.clone();
        latest.record.apply(&change(
            EntityKind::Quote,
            key.1,
            NOW - 50,
            &[("approval_requested_at", json!("2026-11-23T08:05:00Z"))],
        ));
        let plan = plan_at(
            &manager,
            NOW,
            &[approve(key.1, NOW, &seen)],
            &HashSet::new(),
            HashMap::from([(key, latest.clone())]),
        );
        assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
        let plan = plan_at(
            &manager,
            NOW,
            &[approve(key.1, NOW, &latest)],
            &HashSet::new(),
            HashMap::from([(key, latest)]),
        );
        assert_eq!(codes(&plan), [None]);
    }
}
