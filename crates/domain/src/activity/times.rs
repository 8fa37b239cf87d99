//! A visit's times. Check-in and check-out record the device's time at the click (`checked_in_at`,
//! `checked_out_at`), never edited afterwards, and set the visit's start and end. The user may correct the
//! start and the end later (a forgotten check-out, a check-in in the car park): both are kept, the
//! correction beside the recorded click. Times sync as data, so a visit synced days later still says when
//! it happened.

use chrono::{DateTime, FixedOffset};

use crate::rule::RuleRefusal;
use crate::{DomainError, device_time};

/// An activity's times as stored (RFC 3339 with offset, empty when not set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitTimes {
    pub starts_at: String,
    pub ends_at: String,
    pub checked_in_at: String,
    pub checked_out_at: String,
}

impl VisitTimes {
    /// Whether the start or the end differs from the recorded click.
    pub fn corrected(&self) -> bool {
        (!self.checked_in_at.is_empty() && self.starts_at != self.checked_in_at)
            || (!self.checked_out_at.is_empty() && self.ends_at != self.checked_out_at)
    }
}

/// Check in at device time `at`: the visit starts now. A visit is checked in once.
pub fn check_in(times: &VisitTimes, at: DateTime<FixedOffset>) -> Result<VisitTimes, RuleRefusal> {
    if !times.checked_in_at.is_empty() {
        return Err(RuleRefusal::AlreadyCheckedIn {
            at: times.checked_in_at.clone(),
        });
    }
    let now = device_time::format(at);
    Ok(VisitTimes {
        starts_at: now.clone(),
        checked_in_at: now,
        ..times.clone()
    })
}

/// Check out at device time `at`: the visit ends now. Needs a check-in, once, not before it.
pub fn check_out(times: &VisitTimes, at: DateTime<FixedOffset>) -> Result<VisitTimes, RuleRefusal> {
    if !times.checked_out_at.is_empty() {
        return Err(RuleRefusal::AlreadyCheckedOut {
            at: times.checked_out_at.clone(),
        });
    }
    let Some(checked_in) = device_time::parse(&times.checked_in_at) else {
        return Err(RuleRefusal::NotCheckedIn);
    };
    if at < checked_in {
        return Err(RuleRefusal::CheckOutBeforeCheckIn {
            at: device_time::format(at),
            checked_in_at: times.checked_in_at.clone(),
        });
    }
    let now = device_time::format(at);
    Ok(VisitTimes {
        ends_at: now.clone(),
        checked_out_at: now,
        ..times.clone()
    })
}

/// Correct the start and end (empty: not known); the recorded clicks stay as they are.
pub fn correct_times(
    times: &VisitTimes,
    starts_at: &str,
    ends_at: &str,
) -> Result<VisitTimes, DomainError> {
    let mut errors = Vec::new();
    let starts = device_time::parse_field("starts_at", starts_at)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let ends = device_time::parse_field("ends_at", ends_at)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        return Err(RuleRefusal::EndsBeforeStart {
            starts_at: device_time::format(s),
            ends_at: device_time::format(e),
        }
        .into());
    }
    Ok(VisitTimes {
        starts_at: starts.map(device_time::format).unwrap_or_default(),
        ends_at: ends.map(device_time::format).unwrap_or_default(),
        ..times.clone()
    })
}

#[cfg(test)]
#[path = "times_tests.rs"]
mod tests;
