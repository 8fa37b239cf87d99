//! Who sees and who edits: the visibility and edit rules of accounts, opportunities and quotes (and of
//! everything that hangs under them), as pure functions over a small description of a record and of the
//! caller. The server decides with them; a device shows what they allow.
//!
//! - **Admins** see and edit everything. **Server-owned kinds** (company profile, catalog, price lists, the
//!   colleague directory): everyone reads, only admins write.
//! - **Account** (the `customer` kind) and what hangs under it — contacts, the account's own buying steps,
//!   account-level activities and feedback, account shares: visible to every member of the owner's team
//!   (reps and managers), to the users it is shared with (`account_share`) and to the members (and owners)
//!   of any of its opportunities. Editable by its owner, the owner team's managers and the users it is
//!   shared with. Members of its opportunities may add activities and feedback on the account (and edit
//!   those they added); the user a piece of feedback is assigned to may edit it (to resolve it) if they
//!   see the account.
//! - **Opportunity** and what hangs under it — members, stage changes, workstreams and their items, needs,
//!   requirements, its activities and buying steps: visible to whoever sees its account, plus its owner and
//!   members; editable by its owner, the owner team's managers and its members. A workstream's owner may
//!   edit that workstream and its items (if they see the opportunity: the owner is normally a member).
//! - Nobody edits what they may not see.
//! - **Quote** and its lines (and its proposals, which print it): visible to the quote's owner, the owner team's managers and the owner and
//!   members of its opportunity (not the whole team); editable by its owner and the owner team's managers
//!   (managers decide approvals). Marking it accepted or rejected: its owner or the opportunity's owner
//!   ([`may_mark_quote_outcome`]).
//! - **Sharing** (adding or removing an `account_share` or an `opportunity_member`): whoever may edit the
//!   account or opportunity ([`may_share`]); a rep cannot share what they may not edit.
//! - **Content blocks** ([`crate::content`]): a company block (owned by [`crate::content::COMPANY_OWNER`])
//!   is seen by everyone and written by admins only; a personal block is seen and written by its owner only.
//! - **Stage changes** are written once: nobody changes an existing one ([`written_once`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::company::SellerContact;
use crate::sync::EntityKind;

/// What a user may see and do: a rep their own records plus their team's accounts, a manager the team's, an
/// admin everything. The server keeps it per user; a laptop learns its account's role at sign-in. Serialized
/// as `rep`, `manager`, `admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Rep,
    Manager,
    Admin,
}

/// A role name that is none of `rep`, `manager`, `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use rep, manager or admin")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 3] = [Role::Rep, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Reps and managers belong to a team; an admin does not need one.
    pub fn needs_team(self) -> bool {
        !matches!(self, Role::Admin)
    }

    /// Whether the role decides approvals of discounts (managers of the team, and admins).
    pub fn may_approve(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    /// Any case, surrounding spaces ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == name)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// The account a laptop is signed in with, as far as the laptop knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub user_id: String,
    pub email: String,
    /// The display name (empty until the next sign-in on a device connected before names were kept).
    pub name: String,
    /// `None` until the next sign-in (devices connected before roles were kept).
    pub role: Option<Role>,
}

impl SignedInUser {
    /// How the account signs decisions: its name, else its email.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.email
        } else {
            &self.name
        }
    }

    /// Whether the account decides approvals (managers and admins).
    pub fn may_approve(&self) -> bool {
        self.role.is_some_and(Role::may_approve)
    }
}

/// A colleague in the company directory the server sends (the `colleague` kind), so a laptop names,
/// assigns and shares with colleagues offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Colleague {
    /// The user's id.
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub team_id: Option<String>,
    pub team_name: String,
    /// `None` for a role this build does not know.
    pub role: Option<Role>,
    pub active: bool,
}

impl Colleague {
    /// The directory as work can be given out from this laptop: `directory`, and this laptop's user when it
    /// is not in it (a laptop that never synced has no directory, yet its rep can still own feedback and
    /// workstreams). `me` is named from "my contact details"; an empty name is the UI's "Me".
    pub fn with_me(
        mut directory: Vec<Colleague>,
        me: Uuid,
        contact: &SellerContact,
    ) -> Vec<Colleague> {
        if !directory.iter().any(|c| c.id == me) {
            directory.insert(
                0,
                Colleague {
                    id: me,
                    name: contact.name.trim().to_string(),
                    email: contact.email.trim().to_string(),
                    team_id: None,
                    team_name: String::new(),
                    role: Some(Role::Rep),
                    active: true,
                },
            );
        }
        directory
    }

    /// The colleague as a caller of the rules (when their role is known).
    pub fn as_caller(&self) -> Option<Caller> {
        Some(Caller {
            user_id: self.id,
            role: self.role?,
            team_id: self.team_id.clone(),
        })
    }

    /// The colleague as an owner of records.
    pub fn as_owner(&self) -> Owner {
        Owner {
            user_id: self.id,
            team_id: self.team_id.clone(),
        }
    }
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: Uuid,
    pub role: Role,
    /// `None` only for admins without a team.
    pub team_id: Option<String>,
}

/// A user who owns something, with their team (`None`: no team, or not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub user_id: Uuid,
    pub team_id: Option<String>,
}

/// What decides who sees and edits an account: its owner, the users it is shared with, and the owners and
/// members of its opportunities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountScope {
    pub owner: Owner,
    /// The users of its live `account_share` records.
    pub shared_with: Vec<Uuid>,
    /// The owners and members of its live opportunities.
    pub opportunity_members: Vec<Uuid>,
}

/// What decides who sees and edits an opportunity besides its account: its owner and members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityScope {
    pub owner: Owner,
    /// The users of its live `opportunity_member` records.
    pub members: Vec<Uuid>,
}

/// A record as far as access goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: EntityKind,
    /// The record's own owner (for a quote line: its quote's owner).
    pub owner: Owner,
    /// The account the record belongs to (for an account: itself; for an opportunity: its account).
    /// `None` when not known (not synced yet): the record then counts as its own owner's account.
    pub account: Option<AccountScope>,
    /// The opportunity the record belongs to (for an opportunity: itself); `None` for account-level
    /// records (an activity or buying step without an opportunity, a quote made without one).
    pub opportunity: Option<OpportunityScope>,
    /// For a workstream or one of its items: the workstream's owner.
    pub workstream_owner: Option<Uuid>,
    /// For feedback: the user it is assigned to (`owner_user_id`).
    pub assignee: Option<Uuid>,
}

impl Subject {
    /// A record of `kind` owned by `owner`, with no account, opportunity, workstream or assignee.
    pub fn new(kind: EntityKind, owner: Owner) -> Self {
        Self {
            kind,
            owner,
            account: None,
            opportunity: None,
            workstream_owner: None,
            assignee: None,
        }
    }

    /// The account whose rules apply: the one given, else the record's owner's own (no shares).
    fn account_scope(&self) -> AccountScope {
        self.account.clone().unwrap_or_else(|| AccountScope {
            owner: self.owner.clone(),
            shared_with: Vec::new(),
            opportunity_members: Vec::new(),
        })
    }

    /// The opportunity whose rules apply to an opportunity-level kind: the one given, else the record's
    /// owner's own (no members).
    fn opportunity_scope(&self) -> OpportunityScope {
        self.opportunity
            .clone()
            .unwrap_or_else(|| OpportunityScope {
                owner: self.owner.clone(),
                members: Vec::new(),
            })
    }
}

/// Which rules a record follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    ServerOwned,
    Account,
    Opportunity,
    Quote,
    /// A content block: the company's (everyone reads) or its owner's alone.
    Library,
}

fn level(s: &Subject) -> Level {
    use EntityKind as K;
    match s.kind {
        K::CompanyProfile | K::Product | K::PriceList | K::PriceListEntry | K::Colleague => {
            Level::ServerOwned
        }
        K::Customer | K::Contact | K::AccountShare | K::Feedback => Level::Account,
        K::Opportunity
        | K::OpportunityMember
        | K::StageChange
        | K::Workstream
        | K::WorkstreamItem
        | K::Needs
        | K::Requirement => Level::Opportunity,
        // An activity or a buying step follows its opportunity's rules when it has one.
        K::Activity | K::BuyingStep => {
            if s.opportunity.is_some() {
                Level::Opportunity
            } else {
                Level::Account
            }
        }
        K::Quote | K::QuoteLine | K::Proposal => Level::Quote,
        K::ContentBlock => Level::Library,
    }
}

impl Caller {
    fn is(&self, user: Uuid) -> bool {
        self.user_id == user
    }

    fn in_team_of(&self, owner: &Owner) -> bool {
        self.team_id.is_some() && self.team_id == owner.team_id
    }

    fn manages(&self, owner: &Owner) -> bool {
        self.role == Role::Manager && self.in_team_of(owner)
    }
}

fn sees_account(c: &Caller, a: &AccountScope) -> bool {
    c.is(a.owner.user_id)
        || c.in_team_of(&a.owner)
        || a.shared_with.contains(&c.user_id)
        || a.opportunity_members.contains(&c.user_id)
}

fn edits_account(c: &Caller, a: &AccountScope) -> bool {
    c.is(a.owner.user_id) || c.manages(&a.owner) || a.shared_with.contains(&c.user_id)
}

fn in_opportunity(c: &Caller, o: &OpportunityScope) -> bool {
    c.is(o.owner.user_id) || o.members.contains(&c.user_id)
}

fn edits_opportunity(c: &Caller, o: &OpportunityScope) -> bool {
    in_opportunity(c, o) || c.manages(&o.owner)
}

/// Whether `caller` may see the record (and so receive it on their laptop).
pub fn may_see(caller: &Caller, s: &Subject) -> bool {
    if caller.role == Role::Admin {
        return true;
    }
    match level(s) {
        Level::ServerOwned => true,
        Level::Account => sees_account(caller, &s.account_scope()),
        Level::Opportunity => {
            sees_account(caller, &s.account_scope())
                || in_opportunity(caller, &s.opportunity_scope())
        }
        Level::Library => {
            s.owner.user_id == crate::content::COMPANY_OWNER || caller.is(s.owner.user_id)
        }
        Level::Quote => {
            caller.is(s.owner.user_id)
                || caller.manages(&s.owner)
                || s.opportunity
                    .as_ref()
                    .is_some_and(|o| in_opportunity(caller, o))
        }
    }
}

/// Whether `caller` may write a record like this one: create it, change it or delete it. Only what one sees:
/// a workstream's owner or a feedback's assignee who does not see the account edits nothing of it. (An
/// existing stage change is never changed: see [`written_once`].)
pub fn may_edit(caller: &Caller, s: &Subject) -> bool {
    if caller.role == Role::Admin {
        return true;
    }
    if !may_see(caller, s) {
        return false;
    }
    match level(s) {
        Level::ServerOwned => false,
        Level::Account => {
            let account = s.account_scope();
            match s.kind {
                EntityKind::AccountShare => edits_account(caller, &account),
                EntityKind::Feedback | EntityKind::Activity => {
                    edits_account(caller, &account)
                        // Opportunity members add their own activities and feedback on the account.
                        || (account.opportunity_members.contains(&caller.user_id)
                            && caller.is(s.owner.user_id))
                        || (s.kind == EntityKind::Feedback && s.assignee == Some(caller.user_id))
                }
                _ => edits_account(caller, &account),
            }
        }
        Level::Opportunity => {
            let opportunity = s.opportunity_scope();
            edits_opportunity(caller, &opportunity)
                || (matches!(s.kind, EntityKind::Workstream | EntityKind::WorkstreamItem)
                    && s.workstream_owner == Some(caller.user_id))
        }
        Level::Quote => caller.is(s.owner.user_id) || caller.manages(&s.owner),
        Level::Library => {
            s.owner.user_id != crate::content::COMPANY_OWNER && caller.is(s.owner.user_id)
        }
    }
}

/// Whether `caller` may share `root` (an account or an opportunity) with a colleague or withdraw a share:
/// whoever may edit it. Nothing else is shared.
pub fn may_share(caller: &Caller, root: &Subject) -> bool {
    matches!(root.kind, EntityKind::Customer | EntityKind::Opportunity) && may_edit(caller, root)
}

/// Whether `caller` may mark a sent quote accepted or rejected: an admin, the quote's owner, or the owner of
/// its opportunity.
pub fn may_mark_quote_outcome(caller: &Caller, quote: &Subject) -> bool {
    caller.role == Role::Admin
        || caller.is(quote.owner.user_id)
        || quote
            .opportunity
            .as_ref()
            .is_some_and(|o| caller.is(o.owner.user_id))
}

/// Kinds whose records are written once and never changed afterwards (by anyone): stage changes, the
/// opportunity's history.
pub fn written_once(kind: EntityKind) -> bool {
    kind == EntityKind::StageChange
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
