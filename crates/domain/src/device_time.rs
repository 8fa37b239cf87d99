//! Times the user cares about — a visit's check-in, a stage change, a complaint resolved — are the device's
//! time when it happened, with its UTC offset (RFC 3339: `2026-12-07T09:30:00+08:00`), kept as data: a
//! record synced days later still says when it happened.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

use crate::{FieldError, FieldErrorKind};

/// The stored form of a device time: RFC 3339 to the second, with the device's offset.
pub fn format(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A stored device time; `None` for an empty or unreadable field.
pub fn parse(raw: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(raw.trim()).ok()
}

/// A time as typed or sent for `field`: RFC 3339 with an offset; empty is `None`. (Reported as an invalid
/// date, the closest field error the screens know.)
pub fn parse_field(field: &str, input: &str) -> Result<Option<DateTime<FixedOffset>>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(input)
        .map(Some)
        .map_err(|_| FieldError::new(field, FieldErrorKind::InvalidDate))
}

/// The calendar day of a device time, where it happened.
pub fn day(at: DateTime<FixedOffset>) -> NaiveDate {
    at.date_naive()
}

#[cfg(test)]
#[path = "device_time_tests.rs"]
mod tests;
