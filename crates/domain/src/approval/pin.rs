//! The manager PIN of a laptop without a server: who may decide approvals there.
//!
//! A laptop signed in to a team server has accounts: the signed-in manager signs a decision, or a manager at the
//! rep's side gives their password, which the server checks. A standalone laptop has none, so by default
//! whoever decides types a name. The company may set a manager PIN (or password) there; from then on a decision
//! needs it, and so does changing or removing it. The laptop keeps only a slow salted hash (argon2id, done by
//! the store), and wrong PINs lock it for a while: [`PIN_FREE_ATTEMPTS`] in a row, then
//! [`PIN_FIRST_LOCK_SECS`], doubling with each further failure up to [`PIN_MAX_LOCK_SECS`]. A right PIN
//! clears the count.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{FieldError, FieldErrorKind};

/// Wrong PINs in a row allowed before the PIN locks.
pub const PIN_FREE_ATTEMPTS: u32 = 5;
/// The first lock, after [`PIN_FREE_ATTEMPTS`] wrong PINs.
pub const PIN_FIRST_LOCK_SECS: u32 = 30;
/// The longest lock.
pub const PIN_MAX_LOCK_SECS: u32 = 3_600;

/// A new manager PIN or password as typed: 4 to 128 characters, not only spaces, no control characters. It
/// is kept exactly as typed (spaces count), and never shown: its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct ManagerPin(String);

impl ManagerPin {
    pub const MIN_CHARS: usize = 4;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(field: &str, input: &str) -> Result<ManagerPin, FieldError> {
        let err = |kind| FieldError::new(field, kind);
        if input.trim().is_empty() {
            return Err(err(FieldErrorKind::Required));
        }
        if input.len() > Self::MAX_CHARS * 4 || input.chars().count() > Self::MAX_CHARS {
            return Err(err(FieldErrorKind::TooLong {
                max: Self::MAX_CHARS as u32,
            }));
        }
        if input.chars().any(char::is_control) {
            return Err(err(FieldErrorKind::ControlCharacters));
        }
        if input.chars().count() < Self::MIN_CHARS {
            return Err(err(FieldErrorKind::TooShort {
                min: Self::MIN_CHARS as u32,
            }));
        }
        Ok(ManagerPin(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ManagerPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ManagerPin(…)")
    }
}

/// Why a manager PIN was not accepted. Nothing was decided or changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PinRefusal {
    /// A PIN is set on this laptop and none was given.
    Required,
    /// Not the PIN; `attempts_left` more wrong ones lock it for a while.
    Wrong { attempts_left: u32 },
    /// Too many wrong PINs: try again in `retry_after_secs` seconds.
    Locked { retry_after_secs: u32 },
    /// The laptop is signed in to `server`: decisions there are signed by the managers' accounts, not a PIN.
    SignedIn { server: String },
}

impl fmt::Display for PinRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinRefusal::Required => f.write_str(
                "a manager PIN is set on this laptop: enter it to decide (or to change it)",
            ),
            PinRefusal::Wrong { attempts_left: 0 } => {
                f.write_str("the manager PIN is wrong; it is now locked for a while")
            }
            PinRefusal::Wrong { attempts_left } => write!(
                f,
                "the manager PIN is wrong ({attempts_left} more attempt{} before it locks for a while)",
                if *attempts_left == 1 { "" } else { "s" }
            ),
            PinRefusal::Locked { retry_after_secs } => write!(
                f,
                "too many wrong manager PINs: try again in {retry_after_secs} s"
            ),
            PinRefusal::SignedIn { server } => write!(
                f,
                "this laptop is signed in to {server}: managers decide with their own account there, not a PIN"
            ),
        }
    }
}

/// The lock after a wrong PIN that makes `failures` wrong PINs in a row, in seconds; `None` while fewer than
/// [`PIN_FREE_ATTEMPTS`].
pub fn pin_lock_secs(failures: u32) -> Option<u32> {
    let beyond = failures.checked_sub(PIN_FREE_ATTEMPTS)?;
    // 30 s × 2^beyond, computed wide: past 2^7 it is over the cap anyway.
    let doubled = u64::from(PIN_FIRST_LOCK_SECS) << beyond.min(16);
    Some(u32::try_from(doubled.min(u64::from(PIN_MAX_LOCK_SECS))).unwrap_or(PIN_MAX_LOCK_SECS))
}

/// Wrong PINs left before the next lock, after `failures` in a row.
pub fn pin_attempts_left(failures: u32) -> u32 {
    PIN_FREE_ATTEMPTS.saturating_sub(failures)
}

#[cfg(test)]
#[path = "pin_tests.rs"]
mod tests;
