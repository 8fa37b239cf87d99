//! Accounts: what a person signed in to the team server may see and decide.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a user may see and do: a rep their own records plus the team's shared ones, a manager the team's, an
/// admin everything (and the server-owned catalog, price lists and company profile). The server keeps it per
/// user; a laptop learns its account's role at sign-in. Serialized as `rep`, `manager`, `admin`.
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
            .ok_or(UnknownRole(name))
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

#[cfg(test)]
#[path = "account_tests.rs"]
mod tests;
