use super::*;

#[test]
fn device_times_keep_their_offset() {
    let at = parse("2026-12-07T09:30:00+08:00").unwrap();
    assert_eq!(format(at), "2026-12-07T09:30:00+08:00");
    assert_eq!(day(at).to_string(), "2026-12-07");
    // 23:30 in Shanghai is still the 7th there, though it is the 7th 15:30 in UTC.
    let late = parse("2026-12-07T23:30:00+08:00").unwrap();
    assert_eq!(day(late).to_string(), "2026-12-07");
    assert_eq!(parse(""), None);
    assert_eq!(parse_field("starts_at", " "), Ok(None));
    assert_eq!(
        parse_field("starts_at", "yesterday").unwrap_err().field,
        "starts_at"
    );
}
