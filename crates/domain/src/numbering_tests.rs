use super::*;
use proptest::prelude::*;

#[test]
fn revisions_format_and_parse() {
    type Parts = Option<(i32, Option<&'static str>, u32, u32)>;
    let table: [(&str, Parts); 16] = [
        ("Q-2026-0007", Some((2026, None, 7, 0))),
        ("Q-2026-0007-R2", Some((2026, None, 7, 2))),
        ("Q-2026-LW1-0042", Some((2026, Some("LW1"), 42, 0))),
        ("Q-2026-LW1-0042-R13", Some((2026, Some("LW1"), 42, 13))),
        ("Q-2026-R2-0042", Some((2026, Some("R2"), 42, 0))),
        ("Q-2026-R2-0042-R1", Some((2026, Some("R2"), 42, 1))),
        ("Q-2027-12345-R1", Some((2027, None, 12345, 1))),
        ("Q-2026-0007-R0", None),
        ("Q-2026-0007-R02", None),
        ("Q-2026-7", None),
        ("Q-2026-0007-r2", None),
        ("Q-2026-lw1-0042", None),
        ("Q-26-0007", None),
        ("X-2026-0007", None),
        ("Q-2026-0007-R", None),
        ("Q-2026-A-B-0007", None),
    ];
    for (s, expected) in table {
        let parsed = QuoteNumber::parse(s);
        let want = expected.map(|(year, p, sequence, revision)| QuoteNumber {
            year,
            device_prefix: p.map(str::to_string),
            sequence,
            revision,
        });
        assert_eq!(parsed, want, "{s}");
    }
    assert_eq!(
        revision_number("Q-2026-0007", 2).as_deref(),
        Some("Q-2026-0007-R2")
    );
    assert_eq!(
        revision_number("Q-2026-0007-R2", 3).as_deref(),
        Some("Q-2026-0007-R3")
    );
    assert_eq!(revision_number("nonsense", 1), None);
    let n = QuoteNumber::new(2026, Some("LW1"), 42);
    assert_eq!(n.next_revision().unwrap().to_string(), "Q-2026-LW1-0042-R1");
    assert_eq!(n.with_revision(5).base(), n);
    assert_eq!(
        QuoteNumber::new(2026, Some(""), 1).to_string(),
        "Q-2026-0001"
    );
}

proptest! {
    #[test]
    fn numbers_round_trip(
        year in 1000_i32..=9999,
        prefix in prop::option::of("[A-Z0-9]{1,12}"),
        sequence in 0_u32..=u32::MAX,
        revision in 0_u32..1000,
    ) {
        let n = QuoteNumber { year, device_prefix: prefix, sequence, revision };
        let s = n.to_string();
        prop_assert_eq!(QuoteNumber::parse(&s), Some(n));
    }
}

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
