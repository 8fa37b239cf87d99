use super::*;

#[test]
fn content_ranges_are_read_strictly() {
    assert_eq!(
        ContentRange::parse("bytes 0-9/20").unwrap(),
        ContentRange {
            start: 0,
            end: 9,
            size: 20
        }
    );
    for bad in [
        "bytes 0-20/20",
        "bytes 5-4/20",
        "bytes */20",
        "0-9/20",
        "bytes 0-9/*",
        "bytes +0-9/20",
        "bytes 0-9/99999999999999999999999",
    ] {
        assert!(ContentRange::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn ranges_follow_rfc_9110() {
    assert_eq!(parse_range("bytes=0-9", 100).unwrap(), Some((0, 9)));
    assert_eq!(parse_range("bytes=90-", 100).unwrap(), Some((90, 99)));
    assert_eq!(parse_range("bytes=90-500", 100).unwrap(), Some((90, 99)));
    assert_eq!(parse_range("bytes=-10", 100).unwrap(), Some((90, 99)));
    assert_eq!(parse_range("bytes=-500", 100).unwrap(), Some((0, 99)));
    // Ignored: the whole blob is sent.
    assert_eq!(parse_range("items=0-9", 100).unwrap(), None);
    assert_eq!(parse_range("bytes=0-1,5-6", 100).unwrap(), None);
    assert_eq!(parse_range("bytes=9-3", 100).unwrap(), None);
    assert!(matches!(
        parse_range("bytes=100-", 100),
        Err(ServerError::RangeNotSatisfiable { size: 100 })
    ));
    assert!(parse_range("bytes=-0", 100).is_err());
}
