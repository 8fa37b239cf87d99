//! Who may see what at the end, worked out from the admin's view of every record and `domain::access`:
//! the accounts of one's team, accounts shared with one, the opportunities one is a member of with their
//! accounts, one's own quotes, the team's for a manager, and the quotes of opportunities one is a member of.

use std::collections::{BTreeMap, BTreeSet};

use fieldquote_domain::access::{AccountScope, Caller, OpportunityScope, Owner, Subject, may_see};
use fieldquote_domain::sync::{EntityKind, Record};
use uuid::Uuid;

type Key = (EntityKind, Uuid);

/// The records `caller` may see among `all`; `team_of` gives each user's team.
pub fn may_see_all(
    all: &BTreeMap<Key, Record>,
    caller: &Caller,
    team_of: &BTreeMap<Uuid, Option<String>>,
) -> BTreeSet<Key> {
    let owner = |user: Uuid| Owner {
        user_id: user,
        team_id: team_of.get(&user).cloned().flatten(),
    };
    let link = |r: &Record, field: &str| {
        r.text(field)
            .filter(|v| !v.is_empty())
            .and_then(|v| Uuid::parse_str(v).ok())
    };
    let live = |kind: EntityKind| {
        all.values()
            .filter(move |r| r.entity == kind && !r.is_deleted())
    };
    let members = |opportunity: Uuid| -> Vec<Uuid> {
        live(EntityKind::OpportunityMember)
            .filter(|m| link(m, "opportunity_id") == Some(opportunity))
            .filter_map(|m| link(m, "user_id"))
            .collect()
    };
    let opportunity_scope = |id: Uuid| {
        all.get(&(EntityKind::Opportunity, id))
            .map(|o| OpportunityScope {
                owner: owner(o.owner_id),
                members: members(id),
            })
    };
    let account_scope = |id: Option<Uuid>| {
        let a = all.get(&(EntityKind::Customer, id?))?;
        Some(AccountScope {
            owner: owner(a.owner_id),
            shared_with: live(EntityKind::AccountShare)
                .filter(|s| link(s, "account_id") == Some(a.id))
                .filter_map(|s| link(s, "user_id"))
                .collect(),
            opportunity_members: live(EntityKind::Opportunity)
                .filter(|o| link(o, "account_id") == Some(a.id))
                .flat_map(|o| std::iter::once(o.owner_id).chain(members(o.id)))
                .collect(),
        })
    };
    all.iter()
        .filter(|(key, r)| {
            let mut s = Subject::new(key.0, owner(r.owner_id));
            match key.0 {
                EntityKind::Customer => s.account = account_scope(Some(r.id)),
                EntityKind::Contact | EntityKind::AccountShare => {
                    s.account = account_scope(link(r, "account_id"));
                }
                EntityKind::Opportunity => {
                    s.opportunity = opportunity_scope(r.id);
                    s.account = account_scope(link(r, "account_id"));
                }
                EntityKind::OpportunityMember | EntityKind::StageChange => {
                    let o = link(r, "opportunity_id");
                    s.opportunity = o.and_then(opportunity_scope);
                    let opportunity = o.and_then(|o| all.get(&(EntityKind::Opportunity, o)));
                    s.account = account_scope(opportunity.and_then(|o| link(o, "account_id")));
                }
                // A proposal is seen as its quote is.
                EntityKind::Quote | EntityKind::Proposal => {
                    s.opportunity = link(r, "opportunity_id").and_then(opportunity_scope);
                }
                EntityKind::QuoteLine => {
                    // A line is its quote's.
                    let quote = link(r, "quote_id").and_then(|q| all.get(&(EntityKind::Quote, q)));
                    if let Some(q) = quote {
                        s.owner = owner(q.owner_id);
                        s.opportunity = link(q, "opportunity_id").and_then(opportunity_scope);
                    }
                }
                // A content block is its owner's (or, owned by the system, everyone's).
                EntityKind::ContentBlock => {}
                kind if kind.server_owned() => {}
                kind => panic!("the convergence test makes no {kind:?}: teach its scope"),
            }
            may_see(caller, &s)
        })
        .map(|(key, _)| *key)
        .collect()
}
