use super::*;
use proptest::prelude::*;
use serde_json::json;

fn change(hlc: &str, fields: &[(&str, serde_json::Value)], deleted: bool) -> Change {
    Change {
        change_id: Uuid::now_v7(),
        entity: EntityKind::Customer,
        entity_id: Uuid::nil(),
        hlc: hlc.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        deleted,
        base: BTreeMap::new(),
    }
}

#[test]
fn later_writes_win_per_field() {
    let mut r = Record::new(EntityKind::Customer, Uuid::nil(), Uuid::nil());
    assert!(r.apply(&change(
        "002",
        &[("name", json!("B")), ("phone", json!("2"))],
        false
    )));
    // An older change only fills fields it wins.
    assert!(r.apply(&change(
        "001",
        &[("name", json!("A")), ("email", json!("a@x.cn"))],
        false
    )));
    assert_eq!(r.values()["name"], json!("B"));
    assert_eq!(r.values()["email"], json!("a@x.cn"));
    // A replay changes nothing.
    let c = change("003", &[("name", json!("C"))], false);
    assert!(r.apply(&c));
    assert!(!r.apply(&c));
    assert_eq!(r.hlc(), Some("003"));
}

#[test]
fn deletion_is_last_writer_wins_too() {
    let mut r = Record::new(EntityKind::Customer, Uuid::nil(), Uuid::nil());
    r.apply(&change("001", &[("name", json!("A"))], false));
    r.apply(&change("002", &[], true));
    assert!(r.is_deleted());
    r.apply(&change("003", &[("name", json!("A2"))], false));
    assert!(
        !r.is_deleted(),
        "a later edit brings the record back: the edit is not lost"
    );
    r.apply(&change("0025", &[], true));
    assert!(!r.is_deleted(), "an older delete loses");
}

#[test]
fn wire_format_is_stable() {
    let res = ChangeResult {
        change_id: Uuid::nil(),
        outcome: ChangeOutcome::Rejected {
            code: RejectCode::ServerOwned,
            reason: "catalog".into(),
        },
    };
    assert_eq!(
        serde_json::to_value(&res).unwrap(),
        json!({"change_id": Uuid::nil(), "status": "rejected", "code": "server_owned", "reason": "catalog"})
    );
    assert_eq!(EntityKind::parse("quote_line"), Some(EntityKind::QuoteLine));
    assert!(EntityKind::Product.server_owned() && !EntityKind::Quote.server_owned());
    assert_eq!(EntityKind::Product.int_default("active"), 1);
    assert_eq!(EntityKind::QuoteLine.int_default("optional"), 0);
}

fn arb_change() -> impl Strategy<Value = Change> {
    (
        0_u32..50,
        prop::collection::btree_map("[a-d]", 0_i32..5, 0..4),
        any::<bool>(),
        0_u8..3,
    )
        .prop_map(|(t, fields, deleted, node)| Change {
            change_id: Uuid::nil(),
            entity: EntityKind::Customer,
            entity_id: Uuid::nil(),
            // Distinct devices make distinct readings even at the same time.
            hlc: format!("{t:05}-{node}"),
            fields: fields.into_iter().map(|(k, v)| (k, json!(v))).collect(),
            deleted,
            base: BTreeMap::new(),
        })
}

proptest! {
    /// Devices may receive changes in any order, any number of times: they all end with the same record.
    #[test]
    fn merge_is_order_independent_and_idempotent(
        changes in prop::collection::vec(arb_change(), 0..12),
        seed in any::<u64>(),
    ) {
        // The same clock reading never carries two different writes.
        let mut seen = std::collections::BTreeMap::new();
        let changes: Vec<Change> = changes.into_iter().filter(|c| seen.insert(c.hlc.clone(), ()).is_none()).collect();
        let mut a = Record::new(EntityKind::Customer, Uuid::nil(), Uuid::nil());
        for c in &changes { a.apply(c); }
        let mut shuffled = changes.clone();
        // A deterministic shuffle from the seed, then every change twice.
        let n = shuffled.len();
        for i in (1..n).rev() { shuffled.swap(i, (seed as usize).wrapping_mul(i + 7) % (i + 1)); }
        let mut b = Record::new(EntityKind::Customer, Uuid::nil(), Uuid::nil());
        for c in shuffled.iter().chain(changes.iter().rev()) { b.apply(c); }
        prop_assert_eq!(a, b);
    }
}

#[test]
fn every_kind_is_listed_once_with_distinct_columns() {
    let mut names = std::collections::BTreeSet::new();
    for kind in EntityKind::ALL {
        assert!(names.insert(kind.as_str()), "{kind:?} listed twice");
        assert_eq!(EntityKind::parse(kind.as_str()), Some(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        let mut columns = std::collections::BTreeSet::new();
        for (column, _) in kind.columns() {
            assert!(columns.insert(*column), "{}.{column} twice", kind.as_str());
            assert!(!METADATA_COLUMNS.contains(column));
        }
    }
    assert!(EntityKind::Colleague.server_owned());
    assert!(!EntityKind::Opportunity.server_owned());
    assert_eq!(EntityKind::Colleague.int_default("active"), 1);
    assert_eq!(EntityKind::Feedback.int_default("satisfaction"), 0);
    assert_eq!(PROTOCOL_VERSION, 3);
}

#[test]
fn a_pulled_page_is_written_parents_first() {
    // A record's parent comes earlier in `ALL` than the record (the device writes a page kind by kind).
    let position = |k: EntityKind| EntityKind::ALL.iter().position(|x| *x == k).unwrap();
    let parent_of = [
        (EntityKind::Contact, EntityKind::Customer),
        (EntityKind::AccountShare, EntityKind::Customer),
        (EntityKind::Opportunity, EntityKind::Customer),
        (EntityKind::OpportunityMember, EntityKind::Opportunity),
        (EntityKind::StageChange, EntityKind::Opportunity),
        (EntityKind::Workstream, EntityKind::Opportunity),
        (EntityKind::WorkstreamItem, EntityKind::Workstream),
        (EntityKind::Needs, EntityKind::Opportunity),
        (EntityKind::Requirement, EntityKind::Opportunity),
        (EntityKind::BuyingStep, EntityKind::Opportunity),
        (EntityKind::BuyingStep, EntityKind::Contact),
        (EntityKind::Quote, EntityKind::Customer),
        (EntityKind::Quote, EntityKind::Opportunity),
        (EntityKind::QuoteLine, EntityKind::Quote),
        (EntityKind::PriceListEntry, EntityKind::PriceList),
        (EntityKind::Activity, EntityKind::Opportunity),
        (EntityKind::Feedback, EntityKind::Quote),
        (EntityKind::Feedback, EntityKind::Product),
    ];
    for (child, parent) in parent_of {
        assert!(
            position(parent) < position(child),
            "{child:?} after {parent:?}"
        );
    }
}
