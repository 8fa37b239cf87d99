//! Quote numbers: readable, and unique without a network.
//!
//! `Q-<year>-<seq>` before the device is registered with a server, `Q-<year>-<prefix>-<seq>` after, where the
//! prefix is assigned to the device by the server. The sequence counts per device and year, from 1.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(quote_number(2026, None, 1), "Q-2026-0001");
        assert_eq!(quote_number(2026, Some("LW1"), 42), "Q-2026-LW1-0042");
        assert_eq!(quote_number(2027, Some(""), 12345), "Q-2027-12345");
    }

    #[test]
    fn prefixes() {
        assert!(is_valid_prefix("LW1"));
        assert!(is_valid_prefix("D12"));
        for bad in ["", "lw1", "L-W", "LW 1", "王1", "ABCDEFGHIJKLM"] {
            assert!(!is_valid_prefix(bad), "{bad:?}");
        }
    }
}
