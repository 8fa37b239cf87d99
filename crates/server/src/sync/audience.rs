//! The per-user audience index: who receives which record on their next pull (`sync_audience`).
//!
//! # What a row says
//!
//! One row per record and user who may see it ([`fieldquote_domain::access::may_see`]; admins read
//! everything another way, and server-owned records are everyone's), with the sequence number of the last
//! change that user is to receive for the record. A pull for a rep or a manager is then one index range on
//! `(user_id, seq)` (besides the server-owned records' range), however the user came to see each record:
//! their team, a share, a membership.
//!
//! # When rows change
//!
//! - **A record is written** (with seq `S`): its audience is worked out again from what surrounds it, and
//!   every user in it gets `S` (the record changed); a user no longer in it gets a revocation at `S`.
//! - **The surroundings of others change**: a share of an account given, withdrawn or moved, an opportunity
//!   made, deleted or moved, a member added or removed, a quote or a workstream made or moved. Then every
//!   record under the account (or the opportunity, or the quote or workstream) is worked out again; a user
//!   who starts seeing one gets it at a fresh seq (so records made before a share reach the colleague on the
//!   next pull), a user who stops gets a revocation at a fresh seq. Rows that do not change keep their seq.
//!
//! Fresh seqs come from the same counter as the records', under the same lock, so a cursor never skips a
//! row (see [`crate::sync`]). They are handed out parents first (an account before its contacts), so a
//! device receiving a backfill seldom has to hold a record until its parent arrives.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use fieldquote_domain::access::{self, may_see};
use fieldquote_domain::sync::EntityKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::access::{Graph, Node};
use super::plan::Key;
use crate::ServerError;
use crate::entities::app_user::{self, Role, StoredRole};
use crate::entities::sync_audience;
use crate::repo::audience::{self as repo, Link};

/// Hands out sequence numbers after the counter's last one (the caller holds the counter's lock).
#[derive(Debug)]
pub struct Seqs {
    last: i64,
}

impl Seqs {
    pub fn after(last: i64) -> Seqs {
        Seqs { last }
    }

    pub fn take(&mut self) -> i64 {
        self.last += 1;
        self.last
    }

    /// The last number handed out (the counter's new value).
    pub fn last(&self) -> i64 {
        self.last
    }
}

/// The users who may be in an audience: signed-in-able reps and managers, with their teams. Admins read
/// everything without an index; disabled users pull nothing.
#[derive(Clone, Debug, Default)]
pub struct Users {
    by_id: HashMap<Uuid, access::Caller>,
    by_team: HashMap<String, Vec<Uuid>>,
}

impl Users {
    pub fn new(users: impl IntoIterator<Item = access::Caller>) -> Users {
        let mut out = Users::default();
        for u in users {
            if u.role == access::Role::Admin {
                continue;
            }
            if let Some(team) = &u.team_id {
                out.by_team.entry(team.clone()).or_default().push(u.user_id);
            }
            out.by_id.insert(u.user_id, u);
        }
        for members in out.by_team.values_mut() {
            members.sort_unstable();
        }
        out
    }

    pub async fn load(conn: &impl ConnectionTrait) -> Result<Users, ServerError> {
        let rows = app_user::Entity::find()
            .filter(app_user::Column::Disabled.eq(false))
            .filter(app_user::Column::Role.ne(StoredRole(Role::Admin)))
            .all(conn)
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for u in rows {
            let user_id = Uuid::parse_str(&u.id)
                .map_err(|_| ServerError::Corrupt(format!("user id {:?} is not a UUID", u.id)))?;
            users.push(access::Caller {
                user_id,
                role: u.role.0,
                team_id: u.team_id,
            });
        }
        Ok(Users::new(users))
    }

    pub fn get(&self, id: &Uuid) -> Option<&access::Caller> {
        self.by_id.get(id)
    }
}

/// Who may see record `key` (which the graph must hold with its surroundings): the users of the teams
/// involved and the users named, as [`may_see`] decides. Empty for server-owned records and records the
/// graph does not hold.
pub fn audience(graph: &Graph, users: &Users, key: &Key) -> BTreeSet<Uuid> {
    let mut out = BTreeSet::new();
    if key.0.server_owned() {
        return out;
    }
    let Some(s) = graph.subject(key) else {
        return out;
    };
    let mut candidates: BTreeSet<Uuid> = BTreeSet::new();
    let mut teams: Vec<&String> = s.owner.team_id.iter().collect();
    candidates.insert(s.owner.user_id);
    if let Some(a) = &s.account {
        teams.extend(a.owner.team_id.iter());
        candidates.insert(a.owner.user_id);
        candidates.extend(a.shared_with.iter().chain(&a.opportunity_members));
    }
    if let Some(o) = &s.opportunity {
        teams.extend(o.owner.team_id.iter());
        candidates.insert(o.owner.user_id);
        candidates.extend(o.members.iter());
    }
    for team in teams {
        candidates.extend(users.by_team.get(team).into_iter().flatten());
    }
    for user in candidates {
        if let Some(caller) = users.get(&user)
            && may_see(caller, &s)
        {
            out.insert(user);
        }
    }
    out
}

/// A record just written, with its node before (`None`: new) and after, and its new seq.
#[derive(Clone, Debug)]
pub struct Written {
    pub before: Option<Node>,
    pub after: Node,
    pub seq: i64,
}

/// The roots whose records must be worked out again after `written`: accounts, opportunities (whose account
/// is not known), and quotes and workstreams (whose lines and items follow them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rescope {
    pub accounts: BTreeSet<Uuid>,
    pub opportunities: BTreeSet<Uuid>,
    pub parents: BTreeSet<Uuid>,
}

/// What of `written` changes the surroundings of other records (see the module docs). Opportunities are
/// given as their accounts where the graph knows them.
pub fn rescope(written: &[Written], graph: &Graph) -> Rescope {
    use EntityKind as K;
    let mut r = Rescope::default();
    let mut opportunities = BTreeSet::new();
    for w in written {
        let (b, a) = (w.before.as_ref(), &w.after);
        let changed = |link: fn(&super::access::Links) -> Option<Uuid>| {
            b.is_none_or(|b| b.deleted != a.deleted || link(&b.links) != link(&a.links))
        };
        let both = |link: fn(&super::access::Links) -> Option<Uuid>| {
            b.and_then(|b| link(&b.links))
                .into_iter()
                .chain(link(&a.links))
        };
        match a.kind {
            K::Customer if b.is_none() => {
                r.accounts.insert(a.id);
            }
            K::AccountShare if changed(|l| l.account) || changed(|l| l.user) => {
                r.accounts.extend(both(|l| l.account));
            }
            K::Opportunity if changed(|l| l.account) => {
                r.accounts.extend(both(|l| l.account));
                opportunities.insert(a.id);
            }
            K::OpportunityMember if changed(|l| l.opportunity) || changed(|l| l.user) => {
                opportunities.extend(both(|l| l.opportunity));
            }
            K::Quote | K::Workstream
                if b.is_none_or(|b| b.links.opportunity != a.links.opportunity) =>
            {
                r.parents.insert(a.id);
            }
            _ => {}
        }
    }
    for o in opportunities {
        match graph
            .get(&(K::Opportunity, o))
            .and_then(|n| n.links.account)
        {
            Some(account) => {
                r.accounts.insert(account);
            }
            None => {
                r.opportunities.insert(o);
            }
        }
    }
    r
}

/// The audience rows to write for `keys` (records the graph holds with their surroundings): `written`
/// gives the new seq of those just written; `old` the rows stored, per record, per user `(seq, revoked)`.
pub fn plan_rows(
    keys: &[Key],
    written: &HashMap<Key, i64>,
    graph: &Graph,
    users: &Users,
    old: &HashMap<Key, HashMap<Uuid, bool>>,
    seqs: &mut Seqs,
) -> Vec<sync_audience::Model> {
    let empty = HashMap::new();
    let mut rows = Vec::new();
    let mut row = |key: &Key, user: Uuid, seq: i64, revoked: bool| {
        rows.push(sync_audience::Model {
            entity: key.0.as_str().to_string(),
            id: key.1.to_string(),
            user_id: user.to_string(),
            seq,
            revoked,
        });
    };
    for key in keys {
        if key.0.server_owned() {
            continue;
        }
        let now = audience(graph, users, key);
        let before = old.get(key).unwrap_or(&empty);
        // Users who saw it and no longer do, in a stable order.
        let gone: BTreeSet<Uuid> = before
            .iter()
            .filter(|(u, revoked)| !**revoked && !now.contains(u))
            .map(|(u, _)| *u)
            .collect();
        match written.get(key) {
            Some(seq) => {
                for u in &now {
                    row(key, *u, *seq, false);
                }
                for u in gone {
                    row(key, u, *seq, true);
                }
            }
            None => {
                for u in now.iter().filter(|u| before.get(u).is_none_or(|r| *r)) {
                    row(key, *u, seqs.take(), false);
                }
                for u in gone {
                    row(key, u, seqs.take(), true);
                }
            }
        }
    }
    rows
}

/// Parents first (the order devices write a page in), then by id.
pub fn parents_first(keys: &mut [Key]) {
    let rank = |k: EntityKind| EntityKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    keys.sort_unstable_by_key(|(kind, id)| (rank(*kind), *id));
}

/// Load into `graph` what surrounds the records it holds: parents, opportunities, accounts (until nothing
/// more is found), then the shares and opportunities of every account it holds and the members of every
/// opportunity. Records the graph already holds are kept as they are (they may be newer than the stored
/// ones: changes of the batch being planned).
pub async fn complete(conn: &impl ConnectionTrait, graph: &mut Graph) -> Result<(), ServerError> {
    loop {
        let missing = graph.missing_around();
        if missing.is_empty() {
            break;
        }
        let mut by_kind: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
        for (kind, id) in &missing {
            by_kind.entry(*kind).or_default().push(id.to_string());
        }
        for (kind, ids) in by_kind {
            for node in repo::nodes_by_ids(conn, kind, &ids).await? {
                graph.load(node);
            }
        }
        graph.mark_absent(missing);
    }
    let (accounts, _) = graph.unscoped_roots();
    if !accounts.is_empty() {
        let kinds = [EntityKind::AccountShare, EntityKind::Opportunity];
        for node in repo::nodes_linked(conn, Link::Account, &accounts, &kinds).await? {
            graph.load(node);
        }
    }
    let (_, opportunities) = graph.unscoped_roots();
    if !opportunities.is_empty() {
        let kinds = [EntityKind::OpportunityMember];
        for node in repo::nodes_linked(conn, Link::Opportunity, &opportunities, &kinds).await? {
            graph.load(node);
        }
    }
    graph.mark_scoped();
    Ok(())
}

/// Every record under the roots of `r`, loaded into `graph`: what names the accounts, what names their
/// opportunities (and the opportunities of `r`), and what hangs under the quotes and workstreams found
/// (and the parents of `r`).
async fn tree(
    conn: &impl ConnectionTrait,
    graph: &mut Graph,
    r: &Rescope,
) -> Result<Vec<Key>, ServerError> {
    let mut keys: HashSet<Key> = HashSet::new();
    let accounts: Vec<Uuid> = r.accounts.iter().copied().collect();
    let mut opportunities: BTreeSet<Uuid> = r.opportunities.clone();
    let mut parents: BTreeSet<Uuid> = r.parents.clone();
    let mut found = Vec::new();
    if !accounts.is_empty() {
        found.extend(repo::nodes_linked(conn, Link::Account, &accounts, &[]).await?);
    }
    opportunities.extend(
        found
            .iter()
            .filter(|n| n.kind == EntityKind::Opportunity)
            .map(|n| n.id),
    );
    if !opportunities.is_empty() {
        let ids: Vec<Uuid> = opportunities.into_iter().collect();
        found.extend(repo::nodes_linked(conn, Link::Opportunity, &ids, &[]).await?);
    }
    parents.extend(
        found
            .iter()
            .filter(|n| matches!(n.kind, EntityKind::Quote | EntityKind::Workstream))
            .map(|n| n.id),
    );
    if !parents.is_empty() {
        let ids: Vec<Uuid> = parents.into_iter().collect();
        found.extend(repo::nodes_linked(conn, Link::Parent, &ids, &[]).await?);
    }
    for node in found {
        keys.insert(node.key());
        graph.load(node);
    }
    Ok(keys.into_iter().collect())
}

/// The stored rows of `keys`, per record, per user: whether revoked.
async fn stored_rows(
    conn: &impl ConnectionTrait,
    keys: &[Key],
) -> Result<HashMap<Key, HashMap<Uuid, bool>>, ServerError> {
    let mut by_kind: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
    for (kind, id) in keys {
        by_kind.entry(*kind).or_default().push(id.to_string());
    }
    let mut out: HashMap<Key, HashMap<Uuid, bool>> = HashMap::new();
    for (kind, ids) in by_kind {
        for row in repo::rows_of(conn, kind, &ids).await? {
            let corrupt =
                || ServerError::Corrupt(format!("sync_audience {}/{}", row.entity, row.id));
            let id = Uuid::parse_str(&row.id).map_err(|_| corrupt())?;
            let user = Uuid::parse_str(&row.user_id).map_err(|_| corrupt())?;
            out.entry((kind, id)).or_default().insert(user, row.revoked);
        }
    }
    Ok(out)
}

/// Bring the index up to date after `written` were stored (see the module docs). `graph` holds the
/// written records as stored now (more is loaded as needed); fresh seqs come from `seqs`.
pub async fn refresh(
    conn: &impl ConnectionTrait,
    graph: &mut Graph,
    written: &[Written],
    seqs: &mut Seqs,
) -> Result<(), ServerError> {
    let written: Vec<&Written> = written
        .iter()
        .filter(|w| !w.after.kind.server_owned())
        .collect();
    if written.is_empty() {
        return Ok(());
    }
    for w in &written {
        graph.insert(w.after.clone());
    }
    complete(conn, graph).await?;
    let owned: Vec<Written> = written.iter().map(|w| (*w).clone()).collect();
    let r = rescope(&owned, graph);
    let mut keys: Vec<Key> = written.iter().map(|w| w.after.key()).collect();
    if r != Rescope::default() {
        keys.extend(tree(conn, graph, &r).await?);
        complete(conn, graph).await?;
    }
    keys.sort_unstable();
    keys.dedup();
    parents_first(&mut keys);
    let users = Users::load(conn).await?;
    let old = stored_rows(conn, &keys).await?;
    let seq_of: HashMap<Key, i64> = written.iter().map(|w| (w.after.key(), w.seq)).collect();
    let rows = plan_rows(&keys, &seq_of, graph, &users, &old, seqs);
    repo::upsert(conn, &rows).await
}

/// Give a user who just joined (`user add`) the records they may see, at fresh seqs, parents first. A new
/// user is nobody's colleague yet (no shares, memberships or records of their own): what they see comes
/// from their team — its accounts with everything under them, and for a manager the team's quotes.
pub async fn grant_new_user(
    conn: &impl ConnectionTrait,
    user: &access::Caller,
    seqs: &mut Seqs,
) -> Result<(), ServerError> {
    let Some(team) = user.team_id.as_deref() else {
        return Ok(());
    };
    if user.role == access::Role::Admin {
        return Ok(());
    }
    let mut graph = Graph::default();
    let mut accounts = BTreeSet::new();
    let mut keys = Vec::new();
    for node in repo::nodes_of_team(conn, team).await? {
        if node.kind == EntityKind::Customer {
            accounts.insert(node.id);
        }
        keys.push(node.key());
        graph.load(node);
    }
    let r = Rescope {
        accounts,
        ..Rescope::default()
    };
    keys.extend(tree(conn, &mut graph, &r).await?);
    complete(conn, &mut graph).await?;
    keys.sort_unstable();
    keys.dedup();
    parents_first(&mut keys);
    let rows: Vec<sync_audience::Model> = keys
        .iter()
        .filter(|key| !key.0.server_owned())
        .filter(|key| graph.subject(key).is_some_and(|s| may_see(user, &s)))
        .map(|key| sync_audience::Model {
            entity: key.0.as_str().to_string(),
            id: key.1.to_string(),
            user_id: user.user_id.to_string(),
            seq: seqs.take(),
            revoked: false,
        })
        .collect();
    repo::upsert(conn, &rows).await
}

/// Build the index from every stored record (the migration that introduced it). A user receives a record
/// at its own seq where protocol 1 showed it to them already (its owner, a manager of its team), so a device
/// that pulled it keeps it without pulling it again; otherwise (a rep seeing the team's accounts) at a fresh
/// seq, so the device's next pull brings it.
pub async fn rebuild(
    conn: &impl ConnectionTrait,
    record_seqs: &HashMap<Key, i64>,
    seqs: &mut Seqs,
) -> Result<(), ServerError> {
    const PAGE: u64 = 5000;
    let mut graph = Graph::default();
    let mut keys = Vec::new();
    for kind in EntityKind::ALL.into_iter().filter(|k| !k.server_owned()) {
        let mut after: Option<String> = None;
        loop {
            let page = repo::nodes_page(conn, kind, after.as_deref(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            after = page.last().map(|n| n.id.to_string());
            for node in page {
                keys.push(node.key());
                graph.load(node);
            }
            if !full {
                break;
            }
        }
    }
    graph.mark_scoped();
    parents_first(&mut keys);
    let users = Users::load(conn).await?;
    let mut rows = Vec::new();
    for key in &keys {
        let Some(node) = graph.get(key) else { continue };
        for user in audience(&graph, &users, key) {
            let saw = users.get(&user).is_some_and(|u| {
                u.user_id == node.owner
                    || (u.role == access::Role::Manager
                        && u.team_id.is_some()
                        && u.team_id == node.team)
            });
            let seq = match record_seqs.get(key) {
                Some(seq) if saw => *seq,
                _ => seqs.take(),
            };
            rows.push(sync_audience::Model {
                entity: key.0.as_str().to_string(),
                id: key.1.to_string(),
                user_id: user.to_string(),
                seq,
                revoked: false,
            });
        }
        if rows.len() >= 5000 {
            repo::upsert(conn, &rows).await?;
            rows.clear();
        }
    }
    repo::upsert(conn, &rows).await
}

#[cfg(test)]
#[path = "audience_tests.rs"]
mod tests;
