//! What a pushed change may contain: per entity kind, the fields a device may write and their JSON
//! types (`EntityKind::columns`, the same list the device's tables are written from), and the clock check.
//! Pure functions; [`super::plan`] calls them.

use std::collections::BTreeMap;

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{ColumnKind, EntityKind, METADATA_COLUMNS, RejectCode};
use serde_json::Value;

/// How far ahead of the server's clock a change's clock may be. A device whose clock runs further
/// ahead would win every later conflict until real time caught up.
pub const MAX_CLOCK_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;
/// Counters are printed with 5 digits; a larger one would break string order = clock order.
pub(crate) const MAX_HLC_COUNTER: u32 = 99_999;
/// Longest node name of a clock reading (devices use 12 characters).
pub const MAX_NODE_LEN: usize = 64;

/// A reason to refuse a change.
pub type Rejection = (RejectCode, String);

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a fractional number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Check the fields of a change of `entity`: no metadata columns (an `owner_id` is a forged owner),
/// only known fields, each of its column's JSON type.
pub fn check_fields(entity: EntityKind, fields: &BTreeMap<String, Value>) -> Result<(), Rejection> {
    if let Some(owner) = fields.get("owner_id") {
        return Err((
            RejectCode::ForgedOwner,
            format!(
                "the change sets owner_id to {owner}: the server sets the owner, a device never does"
            ),
        ));
    }
    let kind = entity.as_str();
    for (name, value) in fields {
        if METADATA_COLUMNS.contains(&name.as_str()) {
            return Err((
                RejectCode::InvalidField,
                format!("`{name}` is a metadata column, not a field of {kind}"),
            ));
        }
        let Some((_, column)) = entity.columns().iter().find(|(c, _)| c == name) else {
            return Err((
                RejectCode::InvalidField,
                format!("unknown field `{name}` for {kind}"),
            ));
        };
        let ok = match (value, column) {
            (Value::String(_), ColumnKind::Text) => true,
            (Value::Number(n), ColumnKind::Int) => n.is_i64(),
            (Value::Number(n), ColumnKind::Int32) => {
                n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
            }
            _ => false,
        };
        if let Value::String(text) = value
            && crate::input::has_nul(text)
        {
            return Err((
                RejectCode::InvalidField,
                format!(
                    "field `{name}` of {kind} contains a NUL character (U+0000), which is not accepted"
                ),
            ));
        }
        let max = entity.max_chars(name);
        if let Value::String(text) = value
            && (text.len() > max * 4 || text.chars().count() > max)
        {
            return Err((
                RejectCode::InvalidField,
                format!(
                    "field `{name}` of {kind} holds {} characters; at most {max} are accepted",
                    text.chars().count()
                ),
            ));
        }
        if !ok {
            let expected = match column {
                ColumnKind::Text => "a string",
                ColumnKind::Int => "an integer",
                ColumnKind::Int32 => "a 32-bit integer",
            };
            return Err((
                RejectCode::InvalidField,
                format!(
                    "field `{name}` of {kind} must be {expected}, not {}",
                    json_type(value)
                ),
            ));
        }
    }
    Ok(())
}

/// Parse a clock reading in its canonical form (so that string order is clock order), its node a short
/// name without control characters (a NUL among them).
fn parse_reading(hlc: &str) -> Result<Hlc, String> {
    let parsed: Hlc = hlc.parse()?;
    if parsed.counter > MAX_HLC_COUNTER || parsed.to_string() != hlc {
        return Err(format!(
            "clock reading {hlc:?} is not in the form 000000000000000000-00000-node"
        ));
    }
    if parsed.node.chars().count() > MAX_NODE_LEN || parsed.node.chars().any(char::is_control) {
        return Err(format!(
            "clock reading {hlc:?} has a node name longer than {MAX_NODE_LEN} characters or holding \
             control characters"
        ));
    }
    Ok(parsed)
}

/// Parse a change's clock reading: well formed ([`parse_reading`]) and no more than
/// [`MAX_CLOCK_AHEAD_MS`] ahead of `now_ms`.
pub fn check_clock(hlc: &str, now_ms: i64) -> Result<Hlc, Rejection> {
    let bad = |why: String| (RejectCode::InvalidClock, why);
    let parsed = parse_reading(hlc).map_err(bad)?;
    if parsed.wall_ms > now_ms.saturating_add(MAX_CLOCK_AHEAD_MS) {
        return Err(bad(format!(
            "clock reading {hlc:?} is more than 24 hours ahead of the server's clock: \
             check the device's date and time"
        )));
    }
    Ok(parsed)
}

/// Check a change's `base`: the readings its author had seen, each well formed ([`parse_reading`]; they
/// came from the server).
pub fn check_base(base: &BTreeMap<String, String>) -> Result<(), Rejection> {
    for (field, reading) in base {
        parse_reading(reading).map_err(|why| {
            (
                RejectCode::InvalidClock,
                format!("the base of field {field:?}: {why}"),
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldquote_domain::validation::MAX_TEXT;
    use serde_json::json;

    fn fields(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn code(r: Result<(), Rejection>) -> RejectCode {
        r.unwrap_err().0
    }

    #[test]
    fn known_fields_of_the_right_type_pass() {
        let ok = fields(&[
            ("quote_id", json!("0190a0a0-0000-7000-8000-000000000000")),
            ("position", json!(3)),
            ("unit_price_minor", json!(388_000)),
            ("quantity", json!("2.5")),
        ]);
        assert!(check_fields(EntityKind::QuoteLine, &ok).is_ok());
        assert!(check_fields(EntityKind::Customer, &BTreeMap::new()).is_ok());
    }

    #[test]
    fn text_longer_than_any_form_allows_is_refused() {
        let longest = "字".repeat(MAX_TEXT);
        assert!(check_fields(EntityKind::Quote, &fields(&[("notes", json!(longest))])).is_ok());
        let huge = "x".repeat(MAX_TEXT + 1);
        let (code, why) =
            check_fields(EntityKind::Customer, &fields(&[("address", json!(huge))])).unwrap_err();
        assert_eq!(code, RejectCode::InvalidField);
        assert!(why.contains("2001 characters"), "{why}");
    }

    #[test]
    fn wrong_names_and_types_are_invalid_fields() {
        let cases = [
            (
                EntityKind::Customer,
                fields(&[("colour", json!("red"))]),
                "colour",
            ),
            (EntityKind::Customer, fields(&[("name", json!(5))]), "name"),
            (
                EntityKind::Customer,
                fields(&[("name", Value::Null)]),
                "name",
            ),
            (
                EntityKind::Quote,
                fields(&[("total_minor", json!("100"))]),
                "total_minor",
            ),
            (
                EntityKind::Quote,
                fields(&[("total_minor", json!(1.5))]),
                "total_minor",
            ),
            (
                EntityKind::Quote,
                fields(&[("total_minor", json!(u64::MAX))]),
                "total_minor",
            ),
            (
                EntityKind::QuoteLine,
                fields(&[("position", json!(1_i64 << 40))]),
                "position",
            ),
            (
                EntityKind::Customer,
                fields(&[("updated_at", json!("x"))]),
                "updated_at",
            ),
            (
                EntityKind::Customer,
                fields(&[("_deleted", json!(true))]),
                "_deleted",
            ),
            // A customer's field is not a product's.
            (
                EntityKind::Product,
                fields(&[("contact_person", json!("x"))]),
                "contact_person",
            ),
        ];
        for (entity, f, name) in cases {
            let (code, reason) = check_fields(entity, &f).unwrap_err();
            assert_eq!(code, RejectCode::InvalidField, "{f:?}");
            assert!(reason.contains(name), "{reason}");
        }
    }

    #[test]
    fn a_nul_in_any_text_field_is_an_invalid_field() {
        for kind in EntityKind::ALL {
            for (name, column) in kind.columns() {
                if *column != ColumnKind::Text {
                    continue;
                }
                let (code, why) =
                    check_fields(kind, &fields(&[(name, json!("a\u{0}b"))])).unwrap_err();
                assert_eq!(code, RejectCode::InvalidField, "{name}");
                assert!(why.contains(name) && why.contains("NUL"), "{why}");
            }
        }
    }

    #[test]
    fn bases_must_be_clock_readings() {
        let ok = Hlc::tick(None, 1_765_000_000_000, "dev-1").to_string();
        let base = |v: &str| BTreeMap::from([("name".to_string(), v.to_string())]);
        assert!(check_base(&base(&ok)).is_ok());
        for bad in ["", "x", "001765000000000000-00000-dev\u{0}"] {
            assert_eq!(
                check_base(&base(bad)).unwrap_err().0,
                RejectCode::InvalidClock
            );
        }
    }

    #[test]
    fn an_owner_is_forged_whatever_it_says() {
        let f = fields(&[("name", json!("A")), ("owner_id", json!("someone"))]);
        assert_eq!(
            code(check_fields(EntityKind::Customer, &f)),
            RejectCode::ForgedOwner
        );
    }

    #[test]
    fn clocks_must_be_canonical_and_not_far_ahead() {
        let now = 1_765_000_000_000;
        let ok = Hlc::tick(None, now, "dev-1").to_string();
        assert!(check_clock(&ok, now).is_ok());
        let ahead = Hlc::tick(None, now + MAX_CLOCK_AHEAD_MS, "dev-1").to_string();
        assert!(
            check_clock(&ahead, now).is_ok(),
            "exactly 24 h ahead is allowed"
        );
        let too_far = Hlc::tick(None, now + MAX_CLOCK_AHEAD_MS + 1, "dev-1").to_string();
        for bad in [
            too_far.as_str(),
            "",
            "yesterday",
            "1765000000000-0-dev", // not zero-padded: would sort wrongly
            "001765000000000000-100000-dev", // counter too wide
            "001765000000000-00000-", // no node
            "001765000000000000-00000-dev\u{0}", // a NUL in the node
            "001765000000000000-00000-dev\nx", // a control character
        ] {
            assert_eq!(
                check_clock(bad, now).unwrap_err().0,
                RejectCode::InvalidClock,
                "{bad:?}"
            );
        }
    }
}
