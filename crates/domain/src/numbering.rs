//! Quote numbers: readable, and unique without a network.
//!
//! `Q-<year>-<seq>` before the device is registered with a server, `Q-<year>-<prefix>-<seq>` after, where the
//! prefix is assigned to the device by the server. The sequence counts per device and year, from 1.
//!
//! Revisions: the original quote is revision 0 and carries no suffix; its revisions are `-R1`, `-R2`, …
//! (`Q-2026-0007-R2`). A revision keeps the original's year, prefix and sequence, so the number of every
//! revision is as unique as the original's. [`QuoteNumber::parse`] accepts exactly the strings
//! [`QuoteNumber`]'s `Display` writes, so numbers round-trip.

use std::fmt;

/// Format a quote number: `Q-2026-0042` or `Q-2026-LW1-0042` (at least four digits).
pub fn quote_number(year: i32, device_prefix: Option<&str>, sequence: u32) -> String {
    match device_prefix {
        Some(p) if !p.is_empty() => format!("Q-{year}-{p}-{sequence:04}"),
        _ => format!("Q-{year}-{sequence:04}"),
    }
}

/// Longest device prefix accepted.
pub const MAX_PREFIX_LEN: usize = 12;

/// Whether `prefix` can stand in a quote number: 1 to [`MAX_PREFIX_LEN`] ASCII capital letters and digits.
pub fn is_valid_prefix(prefix: &str) -> bool {
    (1..=MAX_PREFIX_LEN).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A quote number taken apart: `Q-<year>[-<prefix>]-<sequence>[-R<revision>]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuoteNumber {
    pub year: i32,
    pub device_prefix: Option<String>,
    pub sequence: u32,
    /// 0 for the original quote.
    pub revision: u32,
}

impl QuoteNumber {
    /// The original (revision 0) number.
    pub fn new(year: i32, device_prefix: Option<&str>, sequence: u32) -> Self {
        Self {
            year,
            device_prefix: device_prefix.filter(|p| !p.is_empty()).map(str::to_string),
            sequence,
            revision: 0,
        }
    }

    /// The same quote at revision `revision`.
    pub fn with_revision(&self, revision: u32) -> Self {
        Self {
            revision,
            ..self.clone()
        }
    }

    /// The number of the next revision (`Q-2026-0007` → `Q-2026-0007-R1` → `…-R2`).
    pub fn next_revision(&self) -> Option<Self> {
        Some(self.with_revision(self.revision.checked_add(1)?))
    }

    /// The number without its revision suffix: what all revisions of one quote share.
    pub fn base(&self) -> Self {
        self.with_revision(0)
    }

    /// Parse a number in the exact form [`Display`](fmt::Display) writes; anything else is `None`
    /// (`Q-2026-7`, `Q-2026-0007-R0`, `Q-2026-0007-R02`, lower-case prefixes).
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts: Vec<&str> = s.split('-').collect();
        if parts.len() < 3 || parts[0] != "Q" {
            return None;
        }
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let mut revision = 0;
        if parts.len() >= 4
            && let Some(r) = parts[parts.len() - 1].strip_prefix('R')
            && digits(r)
        {
            revision = r.parse().ok()?;
            parts.pop();
        }
        let (year, prefix, sequence) = match parts[1..] {
            [year, sequence] => (year, None, sequence),
            [year, prefix, sequence] if is_valid_prefix(prefix) => (year, Some(prefix), sequence),
            _ => return None,
        };
        if year.len() != 4 || !digits(year) || !digits(sequence) {
            return None;
        }
        let parsed = QuoteNumber {
            year: year.parse().ok()?,
            device_prefix: prefix.map(str::to_string),
            sequence: sequence.parse().ok()?,
            revision,
        };
        (parsed.to_string() == s).then_some(parsed)
    }
}

impl fmt::Display for QuoteNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&quote_number(
            self.year,
            self.device_prefix.as_deref(),
            self.sequence,
        ))?;
        if self.revision > 0 {
            write!(f, "-R{}", self.revision)?;
        }
        Ok(())
    }
}

/// The number of revision `revision` of the quote numbered `base` (`Q-2026-0007`, 2 → `Q-2026-0007-R2`).
/// `None` if `base` is not a quote number. A `base` that is itself a revision is replaced, not extended.
pub fn revision_number(base: &str, revision: u32) -> Option<String> {
    QuoteNumber::parse(base).map(|n| n.with_revision(revision).to_string())
}

#[cfg(test)]
#[path = "numbering_tests.rs"]
mod tests;
