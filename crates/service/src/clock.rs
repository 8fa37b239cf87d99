//! The device's clock, read here and nowhere below: check-ins, stage changes and feedback steps are stamped
//! with the device's time at the click (with its UTC offset), and "today" (the agenda, what is late) is the
//! device's calendar day.

use chrono::{DateTime, FixedOffset, Local, NaiveDate};

/// The device's time now, with its offset.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// The device's calendar day.
pub fn today() -> NaiveDate {
    now().date_naive()
}
