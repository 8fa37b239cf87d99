//! The records around a record that decide who sees and edits it, and the [`Subject`] the rules of
//! [`fieldquote_domain::access`] take. Pure: the push and the audience index load the [`Graph`] from the
//! database ([`crate::repo::audience`]) and ask it.
//!
//! Each record contributes a [`Node`]: its kind, owner and team, deletion, and its [`Links`], the fields
//! that name what it belongs to. The graph answers, for any record it holds with its surroundings, the
//! account and opportunity whose rules apply, with the account's shares and the members of its
//! opportunities. A record the graph does not hold the surroundings of is judged as the rules say for an
//! unknown account or opportunity: its owner's own.

use std::collections::{BTreeSet, HashMap};

use fieldquote_domain::access::{self, AccountScope, OpportunityScope, Owner, Subject};
use fieldquote_domain::sync::{EntityKind, Record};
use uuid::Uuid;

use super::plan::{Caller, Key, Stored};
use crate::entities::sync_record;

/// The fields of a record that name what it belongs to, as far as access goes (see
/// [`sync_record::Model::link_account`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// The account: a customer's own id, else its `account_id`.
    pub account: Option<Uuid>,
    /// The opportunity: an opportunity's own id, else its `opportunity_id`.
    pub opportunity: Option<Uuid>,
    /// The record it hangs under: a quote line's quote, a checklist item's workstream.
    pub parent: Option<Uuid>,
    /// The user it names: a share's or a member's colleague (`user_id`), a workstream's or a piece of
    /// feedback's owner (`owner_user_id`).
    pub user: Option<Uuid>,
}

impl Links {
    pub fn of(record: &Record) -> Links {
        use EntityKind as K;
        let id = |field: &str| {
            record
                .text(field)
                .filter(|v| !v.is_empty())
                .and_then(|v| Uuid::parse_str(v).ok())
        };
        let has = |field: &str| record.entity.columns().iter().any(|(c, _)| *c == field);
        Links {
            account: match record.entity {
                K::Customer => Some(record.id),
                _ if has("account_id") => id("account_id"),
                _ => None,
            },
            opportunity: match record.entity {
                K::Opportunity => Some(record.id),
                _ if has("opportunity_id") => id("opportunity_id"),
                _ => None,
            },
            parent: match record.entity {
                K::QuoteLine => id("quote_id"),
                K::WorkstreamItem => id("workstream_id"),
                _ => None,
            },
            user: match record.entity {
                K::AccountShare | K::OpportunityMember => id("user_id"),
                K::Workstream | K::Feedback => id("owner_user_id"),
                _ => None,
            },
        }
    }

    /// The links as stored in `sync_record`'s columns.
    pub fn from_columns(row: &sync_record::Model) -> Links {
        let id = |v: &Option<String>| v.as_deref().and_then(|s| Uuid::parse_str(s).ok());
        Links {
            account: id(&row.link_account),
            opportunity: id(&row.link_opportunity),
            parent: id(&row.link_parent),
            user: id(&row.link_user),
        }
    }
}

/// A record as far as access goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: EntityKind,
    pub id: Uuid,
    pub owner: Uuid,
    /// The owner's team when the record was made (a quote line: its quote's).
    pub team: Option<String>,
    pub deleted: bool,
    pub links: Links,
}

impl Node {
    pub fn of(stored: &Stored) -> Node {
        Node {
            kind: stored.record.entity,
            id: stored.record.id,
            owner: stored.record.owner_id,
            team: stored.team_id.clone(),
            deleted: stored.record.is_deleted(),
            links: Links::of(&stored.record),
        }
    }

    pub fn key(&self) -> Key {
        (self.kind, self.id)
    }

    fn owner(&self) -> Owner {
        Owner {
            user_id: self.owner,
            team_id: self.team.clone(),
        }
    }
}

/// The domain's caller for the server's.
pub fn domain_caller(caller: &Caller) -> access::Caller {
    access::Caller {
        user_id: caller.user_id,
        role: caller.role,
        team_id: caller.team_id.clone(),
    }
}

/// Records and what surrounds them: every node it was given, and per account its shares and
/// opportunities, per opportunity its members (as given: a listed record whose links moved elsewhere, or
/// that is deleted, does not count).
#[derive(Clone, Debug, Default)]
pub struct Graph {
    nodes: HashMap<Key, Node>,
    shares_of: HashMap<Uuid, BTreeSet<Uuid>>,
    opportunities_of: HashMap<Uuid, BTreeSet<Uuid>>,
    members_of: HashMap<Uuid, BTreeSet<Uuid>>,
    /// Records looked for and not found (not on the server).
    absent: BTreeSet<Key>,
    /// Accounts whose shares and opportunities, and opportunities whose members, were loaded.
    scoped_accounts: BTreeSet<Uuid>,
    scoped_opportunities: BTreeSet<Uuid>,
}

impl Graph {
    /// Add or replace a record's node (its latest state).
    pub fn insert(&mut self, node: Node) {
        self.absent.remove(&node.key());
        self.list(&node);
        self.nodes.insert(node.key(), node);
    }

    /// Add a node read from the database, unless the graph holds the record already (then what it holds
    /// is as new or newer: a change being planned).
    pub fn load(&mut self, node: Node) {
        self.list(&node);
        self.nodes.entry(node.key()).or_insert(node);
    }

    /// Drop a record's node (a change refused: the record is not there after all).
    pub fn forget(&mut self, key: &Key) {
        self.nodes.remove(key);
    }

    /// Remember that these were looked for (those not found are not on the server).
    pub fn mark_absent(&mut self, keys: impl IntoIterator<Item = Key>) {
        for key in keys {
            if !self.nodes.contains_key(&key) {
                self.absent.insert(key);
            }
        }
    }

    /// Register a share, an opportunity or a member under its root. Lists only grow: a record whose link
    /// moved elsewhere stays listed under the old root and is skipped there (see [`Graph::live_under`]).
    fn list(&mut self, node: &Node) {
        let list = match node.kind {
            EntityKind::AccountShare => node.links.account.map(|a| (&mut self.shares_of, a)),
            EntityKind::Opportunity => node.links.account.map(|a| (&mut self.opportunities_of, a)),
            EntityKind::OpportunityMember => {
                node.links.opportunity.map(|o| (&mut self.members_of, o))
            }
            _ => None,
        };
        if let Some((list, root)) = list {
            list.entry(root).or_default().insert(node.id);
        }
    }

    pub fn get(&self, key: &Key) -> Option<&Node> {
        self.nodes.get(key)
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.nodes.contains_key(key)
    }

    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    /// The live records of `kind` listed under `root` in `lists` whose link still names it.
    fn live_under<'a>(
        &'a self,
        lists: &'a HashMap<Uuid, BTreeSet<Uuid>>,
        kind: EntityKind,
        root: Uuid,
        link: fn(&Links) -> Option<Uuid>,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        lists
            .get(&root)
            .into_iter()
            .flatten()
            .filter_map(move |id| self.nodes.get(&(kind, *id)))
            .filter(move |n| !n.deleted && link(&n.links) == Some(root))
    }

    fn members(&self, opportunity: Uuid) -> Vec<Uuid> {
        self.live_under(
            &self.members_of,
            EntityKind::OpportunityMember,
            opportunity,
            |l| l.opportunity,
        )
        .filter_map(|m| m.links.user)
        .collect()
    }

    /// The account's scope, if the graph holds the account.
    pub fn account_scope(&self, account: Uuid) -> Option<AccountScope> {
        let node = self.nodes.get(&(EntityKind::Customer, account))?;
        let shared_with = self
            .live_under(&self.shares_of, EntityKind::AccountShare, account, |l| {
                l.account
            })
            .filter_map(|s| s.links.user)
            .collect();
        let mut opportunity_members = Vec::new();
        for o in self.live_under(
            &self.opportunities_of,
            EntityKind::Opportunity,
            account,
            |l| l.account,
        ) {
            opportunity_members.push(o.owner);
            opportunity_members.extend(self.members(o.id));
        }
        Some(AccountScope {
            owner: node.owner(),
            shared_with,
            opportunity_members,
        })
    }

    fn opportunity_scope(&self, opportunity: &Node) -> OpportunityScope {
        OpportunityScope {
            owner: opportunity.owner(),
            members: self.members(opportunity.id),
        }
    }

    fn opportunity(&self, id: Option<Uuid>) -> Option<&Node> {
        self.nodes.get(&(EntityKind::Opportunity, id?))
    }

    /// The record `key` as the rules see it; `None` when the graph does not hold it.
    pub fn subject(&self, key: &Key) -> Option<Subject> {
        use EntityKind as K;
        let n = self.nodes.get(key)?;
        let mut s = Subject::new(n.kind, n.owner());
        let account = |id: Option<Uuid>| id.and_then(|a| self.account_scope(a));
        match n.kind {
            K::CompanyProfile
            | K::Product
            | K::PriceList
            | K::PriceListEntry
            | K::Colleague
            | K::ContentBlock => {}
            K::Customer | K::Contact | K::AccountShare | K::Feedback => {
                s.account = account(n.links.account);
                if n.kind == K::Feedback {
                    s.assignee = n.links.user;
                }
            }
            K::Opportunity => {
                s.opportunity = Some(self.opportunity_scope(n));
                s.account = account(n.links.account);
            }
            K::OpportunityMember
            | K::StageChange
            | K::Workstream
            | K::WorkstreamItem
            | K::Needs
            | K::Requirement
            | K::Activity
            | K::BuyingStep => {
                // A checklist item follows its workstream.
                let via = if n.kind == K::WorkstreamItem {
                    let workstream = n
                        .links
                        .parent
                        .and_then(|w| self.nodes.get(&(K::Workstream, w)));
                    s.workstream_owner = workstream.and_then(|w| w.links.user);
                    workstream
                } else {
                    if n.kind == K::Workstream {
                        s.workstream_owner = n.links.user;
                    }
                    Some(n)
                };
                match self.opportunity(via.and_then(|v| v.links.opportunity)) {
                    Some(o) => {
                        s.opportunity = Some(self.opportunity_scope(o));
                        s.account = account(o.links.account.or(n.links.account));
                    }
                    None => s.account = account(via.and_then(|v| v.links.account)),
                }
            }
            K::Quote | K::Proposal => {
                s.opportunity = self
                    .opportunity(n.links.opportunity)
                    .map(|o| self.opportunity_scope(o));
            }
            K::QuoteLine => {
                // A line is its quote's: owner, team and opportunity.
                if let Some(q) = n.links.parent.and_then(|q| self.nodes.get(&(K::Quote, q))) {
                    s.owner = q.owner();
                    s.opportunity = self
                        .opportunity(q.links.opportunity)
                        .map(|o| self.opportunity_scope(o));
                }
            }
        }
        Some(s)
    }

    /// The records whose surroundings the graph must hold to judge `nodes`: the parents (a line's quote, an
    /// item's workstream), their opportunities, and the accounts of those; each as `(kind, id)`. Ask again
    /// with what was loaded until nothing is missing.
    pub fn missing_around(&self) -> Vec<Key> {
        let mut missing = BTreeSet::new();
        let mut want = |key: Key| {
            if !self.nodes.contains_key(&key) && !self.absent.contains(&key) {
                missing.insert(key);
            }
        };
        for n in self.nodes.values() {
            match (n.kind, n.links.parent) {
                (EntityKind::QuoteLine, Some(q)) => want((EntityKind::Quote, q)),
                (EntityKind::WorkstreamItem, Some(w)) => want((EntityKind::Workstream, w)),
                _ => {}
            }
            if let Some(o) = n.links.opportunity {
                want((EntityKind::Opportunity, o));
            }
            if let Some(a) = n.links.account {
                want((EntityKind::Customer, a));
            }
        }
        missing.into_iter().collect()
    }

    /// The accounts and opportunities the graph holds whose shares, opportunities and members were not
    /// loaded yet.
    pub fn unscoped_roots(&self) -> (Vec<Uuid>, Vec<Uuid>) {
        let mut accounts = Vec::new();
        let mut opportunities = Vec::new();
        for n in self.nodes.values() {
            match n.kind {
                EntityKind::Customer if !self.scoped_accounts.contains(&n.id) => {
                    accounts.push(n.id);
                }
                EntityKind::Opportunity if !self.scoped_opportunities.contains(&n.id) => {
                    opportunities.push(n.id);
                }
                _ => {}
            }
        }
        accounts.sort_unstable();
        opportunities.sort_unstable();
        (accounts, opportunities)
    }

    /// Every account and opportunity held now has its shares, opportunities and members loaded.
    pub fn mark_scoped(&mut self) {
        let (accounts, opportunities) = self.unscoped_roots();
        self.scoped_accounts.extend(accounts);
        self.scoped_opportunities.extend(opportunities);
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
