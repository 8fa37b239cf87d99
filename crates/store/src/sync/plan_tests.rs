//! The pull planner on its own: worked cases, then properties of whole pulls applied to a device kept in
//! memory — the order of the pages and a page delivered twice do not change what the device ends with.

use std::collections::{BTreeMap, HashMap};

use fieldquote_domain::hlc::Hlc;
use fieldquote_domain::sync::{Change, DELETED, EntityKind, FieldValue, PulledRecord, Record};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;

const ME: &str = "me";

fn hlc(ms: i64, node: &str) -> String {
    Hlc {
        wall_ms: ms,
        counter: 0,
        node: node.into(),
    }
    .to_string()
}

fn id(kind: u8, n: u32) -> Uuid {
    Uuid::from_u128((u128::from(kind) << 64) | u128::from(n))
}

/// A record with `fields` as `(name, value, (ms, node))`, not deleted.
fn record(entity: EntityKind, id: Uuid, fields: &[(&str, Value, (i64, &str))]) -> Record {
    let mut r = Record::new(entity, id, Uuid::nil());
    let mut deleted_at = None;
    for (name, value, (ms, node)) in fields {
        let at = hlc(*ms, node);
        deleted_at = deleted_at.max(Some(at.clone()));
        r.fields.insert(
            (*name).to_string(),
            FieldValue {
                value: value.clone(),
                hlc: at,
                base: None,
            },
        );
    }
    r.fields.entry(DELETED.to_string()).or_insert(FieldValue {
        value: Value::Bool(false),
        hlc: deleted_at.unwrap_or_default(),
        base: None,
    });
    r
}

fn change(entity: EntityKind, id: Uuid, ms: i64, fields: &[(&str, Value)]) -> Change {
    Change {
        change_id: Uuid::from_u128(u128::from(ms.unsigned_abs()) + 7),
        entity,
        entity_id: id,
        hlc: hlc(ms, ME),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect(),
        deleted: false,
        base: BTreeMap::new(),
    }
}

fn pulled(records: &[Record]) -> Vec<PulledRecord> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| PulledRecord {
            seq: i64::try_from(i).unwrap_or_default() + 1,
            record: r.clone(),
        })
        .collect()
}

struct Case {
    page: Vec<PulledRecord>,
    shadows: HashMap<Key, Record>,
    pending: HashMap<Key, Vec<Change>>,
    present: Present,
    waiting: Vec<Record>,
    revoked: Vec<Key>,
    below: Vec<(Key, bool)>,
}

impl Case {
    fn new(page: &[Record]) -> Self {
        Case {
            page: pulled(page),
            shadows: HashMap::new(),
            pending: HashMap::new(),
            present: HashMap::new(),
            waiting: Vec::new(),
            revoked: Vec::new(),
            below: Vec::new(),
        }
    }

    fn plan(&self) -> PullPlan<'_> {
        plan_pull(&PullInputs {
            page: &self.page,
            me: ME,
            shadows: &self.shadows,
            pending: &self.pending,
            present: &self.present,
            waiting: &self.waiting,
            revoked: &self.revoked,
            below: &self.below,
        })
    }
}

fn customer(n: u32, name: &str, at: (i64, &str)) -> Record {
    record(EntityKind::Customer, id(1, n), &[("name", json!(name), at)])
}

#[test]
fn a_record_nobody_changed_here_is_written_as_pulled() {
    let c = customer(1, "华东机电", (20, "srv"));
    let case = Case::new(std::slice::from_ref(&c));
    let plan = case.plan();
    assert!(plan.conflicts.is_empty());
    assert_eq!(plan.page.len(), 1);
    assert!(plan.page[0].written);
    assert!(matches!(plan.page[0].row, Cow::Borrowed(_)));
    assert_eq!(plan.page[0].row.as_ref(), &c);
    assert_eq!(plan.newest, c.hlc());
    assert!(plan.released.is_empty());
}

#[test]
fn an_unpushed_edit_of_a_field_changed_elsewhere_is_a_conflict_and_the_later_clock_shows() {
    let key = (EntityKind::Customer, id(1, 1));
    for (mine_at, shown) in [(30, "Mine"), (25, "Theirs")] {
        let mut case = Case::new(&[customer(1, "Theirs", (26, "other"))]);
        case.shadows
            .insert(key, customer(1, "Before", (10, "other")));
        case.pending.insert(
            key,
            vec![change(
                EntityKind::Customer,
                id(1, 1),
                mine_at,
                &[("name", json!("Mine"))],
            )],
        );
        let plan = case.plan();
        assert_eq!(plan.conflicts.len(), 1, "mine at {mine_at}");
        let c = &plan.conflicts[0];
        assert_eq!(
            (c.field.as_str(), &c.local_value, &c.remote.value),
            ("name", &json!("Mine"), &json!("Theirs"))
        );
        assert_eq!(c.local_hlc, hlc(mine_at, ME));
        assert_eq!(field(&plan.page[0].row, "name"), Some(&json!(shown)));
        assert_eq!(
            plan.page[0].shadow, &case.page[0].record,
            "the shadow is what the server sent"
        );
    }
}

#[test]
fn an_edit_here_of_a_field_nobody_else_changed_is_no_conflict() {
    let key = (EntityKind::Customer, id(1, 1));
    let seen = customer(1, "Before", (10, "other"));
    let mut case = Case::new(std::slice::from_ref(&seen));
    case.shadows.insert(key, seen);
    case.pending.insert(
        key,
        vec![change(
            EntityKind::Customer,
            id(1, 1),
            30,
            &[("name", json!("Mine"))],
        )],
    );
    let plan = case.plan();
    assert!(plan.conflicts.is_empty());
    assert_eq!(field(&plan.page[0].row, "name"), Some(&json!("Mine")));
    // The same value on both sides is no conflict either.
    let mut case = Case::new(&[customer(1, "Mine", (20, "other"))]);
    case.pending.insert(
        key,
        vec![change(
            EntityKind::Customer,
            id(1, 1),
            30,
            &[("name", json!("Mine"))],
        )],
    );
    assert!(case.plan().conflicts.is_empty());
}

#[test]
fn a_delete_there_against_an_edit_here_is_a_conflict() {
    let key = (EntityKind::Customer, id(1, 1));
    let mut gone = customer(1, "Before", (10, "other"));
    gone.fields.insert(
        DELETED.into(),
        FieldValue {
            value: json!(true),
            hlc: hlc(20, "other"),
            base: None,
        },
    );
    let mut case = Case::new(&[gone]);
    case.shadows
        .insert(key, customer(1, "Before", (10, "other")));
    case.pending.insert(
        key,
        vec![change(
            EntityKind::Customer,
            id(1, 1),
            15,
            &[("phone", json!("021"))],
        )],
    );
    let plan = case.plan();
    let fields: Vec<&str> = plan.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, [DELETED]);
    assert!(plan.page[0].row.is_deleted(), "the later delete shows");
}

#[test]
fn a_pushed_edit_replaced_by_a_device_that_had_not_seen_it_is_a_conflict() {
    let key = (EntityKind::Customer, id(1, 1));
    let ours = customer(1, "Mine", (20, ME));
    for (base, conflict) in [(None, true), (Some(hlc(20, ME)), false)] {
        let mut theirs = customer(1, "Theirs", (30, "other"));
        if let Some(f) = theirs.fields.get_mut("name") {
            f.base.clone_from(&base);
        }
        let mut case = Case::new(&[theirs]);
        case.shadows.insert(key, ours.clone());
        let plan = case.plan();
        assert_eq!(!plan.conflicts.is_empty(), conflict, "base {base:?}");
        if conflict {
            assert_eq!(plan.conflicts[0].local_value, json!("Mine"));
            assert_eq!(plan.conflicts[0].local_hlc, hlc(20, ME));
        }
    }
}

#[test]
fn a_record_sent_twice_in_a_page_finds_its_first_version_as_its_shadow() {
    let key = (EntityKind::Customer, id(1, 1));
    let first = customer(1, "Theirs", (26, "other"));
    let mut case = Case::new(&[first.clone(), first]);
    case.pending.insert(
        key,
        vec![change(
            EntityKind::Customer,
            id(1, 1),
            30,
            &[("name", json!("Mine"))],
        )],
    );
    let plan = case.plan();
    assert_eq!(plan.conflicts.len(), 1, "recorded once");
    assert_eq!(plan.page.len(), 2);
}

fn quote(n: u32, customer: u32, at: i64) -> Record {
    record(
        EntityKind::Quote,
        id(3, n),
        &[
            ("number", json!(format!("Q-{n}")), (at, "srv")),
            (
                "customer_id",
                json!(id(1, customer).to_string()),
                (at, "srv"),
            ),
        ],
    )
}

fn line(n: u32, quote: u32, product: u32, at: i64) -> Record {
    record(
        EntityKind::QuoteLine,
        id(4, n),
        &[
            ("quote_id", json!(id(3, quote).to_string()), (at, "srv")),
            ("product_id", json!(id(2, product).to_string()), (at, "srv")),
        ],
    )
}

fn present(rows: &[(&'static str, Uuid)]) -> Present {
    let mut p: Present = HashMap::new();
    for (table, id) in rows {
        p.entry(*table).or_default().insert(id.to_string());
    }
    p
}

#[test]
fn children_wait_for_their_parents_within_the_page_and_after_it() {
    // A line before its quote in the page; the customer and product are here already.
    let mut case = Case::new(&[line(1, 1, 1, 5), quote(1, 1, 5)]);
    case.present = present(&[("customer", id(1, 1)), ("product", id(2, 1))]);
    let plan = case.plan();
    assert_eq!(
        plan.page.iter().map(|p| p.written).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(
        plan.released,
        [&case.page[0].record],
        "released after the page"
    );

    // A quote whose customer is not here waits; a line waiting from an earlier page is released once its
    // quote arrives.
    let mut case = Case::new(&[quote(2, 9, 5), quote(1, 1, 5)]);
    case.present = present(&[("customer", id(1, 1)), ("product", id(2, 1))]);
    case.waiting = vec![line(1, 1, 1, 4), line(2, 2, 1, 4)];
    let plan = case.plan();
    assert_eq!(
        plan.page.iter().map(|p| p.written).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(plan.released, [&case.waiting[0]]);
}

#[test]
fn a_waiting_record_sent_again_waits_in_its_new_version_only() {
    let old = line(1, 1, 1, 4);
    let new = line(1, 1, 1, 6);
    let mut case = Case::new(&[new.clone(), quote(1, 1, 5)]);
    case.present = present(&[("customer", id(1, 1)), ("product", id(2, 1))]);
    case.waiting = vec![old];
    let plan = case.plan();
    assert_eq!(plan.released, [&new], "the page's version, once");
}

#[test]
fn a_revoked_record_leaves_with_its_unpushed_changes_and_the_rows_under_it_wait_or_go() {
    let customer_key = (EntityKind::Customer, id(1, 1));
    let quote_key = (EntityKind::Quote, id(3, 1));
    let line_key = (EntityKind::QuoteLine, id(4, 1));
    let local_quote = (EntityKind::Quote, id(3, 2));
    let other = (EntityKind::Customer, id(1, 2));
    // A page that revokes customer 1 and updates customer 2. Quote 1 (from the server) and its line are
    // under customer 1; quote 2 was made here and never pushed.
    let mut case = Case::new(&[customer(2, "still mine", (9, "srv"))]);
    case.present = present(&[
        ("customer", id(1, 1)),
        ("customer", id(1, 2)),
        ("quote", id(3, 1)),
        ("quote", id(3, 2)),
        ("quote_line", id(4, 1)),
        ("product", id(2, 1)),
    ]);
    case.revoked = vec![customer_key];
    case.below = vec![(quote_key, true), (local_quote, false), (line_key, true)];
    let edit = change(
        EntityKind::Customer,
        id(1, 1),
        7,
        &[("name", json!("mine"))],
    );
    let made = change(EntityKind::Quote, id(3, 2), 8, &[("notes", json!("draft"))]);
    let untouched = change(EntityKind::Quote, id(3, 1), 9, &[("notes", json!("kept"))]);
    case.pending = HashMap::from([
        (customer_key, vec![edit.clone()]),
        (local_quote, vec![made.clone()]),
        (quote_key, vec![untouched]),
    ]);
    // A line of quote 1 that was waiting from before stays waiting: its quote is gone.
    case.waiting = vec![line(2, 1, 1, 4)];
    let plan = case.plan();
    assert_eq!(plan.removed, [customer_key, local_quote]);
    assert_eq!(
        plan.unmaterialized,
        [quote_key, line_key],
        "what the server sent waits in its shadow for the parent to come back"
    );
    assert_eq!(
        plan.dropped,
        [&edit, &made],
        "a change of a record still seen stays"
    );
    assert!(plan.released.is_empty());
    assert_eq!(plan.page.len(), 1);
    assert!(plan.page[0].written, "the rest of the page as usual");
    assert_eq!((plan.page[0].shadow.entity, plan.page[0].shadow.id), other);
}

#[test]
fn a_record_of_the_page_whose_parent_is_revoked_waits() {
    let mut case = Case::new(&[quote(1, 1, 5)]);
    case.present = present(&[("customer", id(1, 1)), ("quote", id(3, 1))]);
    case.revoked = vec![(EntityKind::Customer, id(1, 1))];
    case.below = vec![((EntityKind::Quote, id(3, 1)), true)];
    let plan = case.plan();
    assert_eq!(plan.unmaterialized, [(EntityKind::Quote, id(3, 1))]);
    assert!(!plan.page[0].written, "its customer left: it waits");
    // A waiting record that is itself revoked is not released when its parent is here.
    let mut case = Case::new(&[]);
    case.present = present(&[("quote", id(3, 1)), ("product", id(2, 1))]);
    case.waiting = vec![line(1, 1, 1, 4)];
    case.revoked = vec![(EntityKind::QuoteLine, id(4, 1))];
    let plan = case.plan();
    assert!(plan.released.is_empty());
    assert_eq!(plan.removed, [(EntityKind::QuoteLine, id(4, 1))]);
}

// Properties: whole pulls applied to a device kept in memory.

/// A device as the planner sees it, with the plan applied the way `Store::apply_pull` applies it.
#[derive(Debug, Clone, PartialEq)]
struct Device {
    rows: BTreeMap<Key, Record>,
    shadows: BTreeMap<Key, (Record, bool)>,
    /// `(entity, id, field, local value, local clock, remote value, remote clock)`, sorted.
    conflicts: Vec<(Key, String, String, String, String, String)>,
    pending: HashMap<Key, Vec<Change>>,
}

impl Device {
    fn pull(&mut self, page: &[PulledRecord]) {
        let shadows: HashMap<Key, Record> = page
            .iter()
            .filter_map(|p| {
                let key = (p.record.entity, p.record.id);
                self.shadows.get(&key).map(|(r, _)| (key, r.clone()))
            })
            .collect();
        let mut present: Present = HashMap::new();
        for (entity, id) in self.rows.keys() {
            present
                .entry(entity.as_str())
                .or_default()
                .insert(id.to_string());
        }
        let waiting: Vec<Record> = self
            .shadows
            .values()
            .filter(|(_, written)| !written)
            .map(|(r, _)| r.clone())
            .collect();
        let plan = plan_pull(&PullInputs {
            page,
            me: ME,
            shadows: &shadows,
            pending: &self.pending,
            present: &present,
            waiting: &waiting,
            revoked: &[],
            below: &[],
        });
        for c in &plan.conflicts {
            self.conflicts.push((
                (c.entity, c.entity_id),
                c.field.clone(),
                c.local_value.to_string(),
                c.local_hlc.clone(),
                c.remote.value.to_string(),
                c.remote.hlc.clone(),
            ));
        }
        self.conflicts.sort();
        for p in &plan.page {
            let key = (p.shadow.entity, p.shadow.id);
            if p.written {
                self.rows.insert(key, p.row.clone().into_owned());
            }
            self.shadows.insert(key, (p.shadow.clone(), p.written));
        }
        for r in &plan.released {
            let key = (r.entity, r.id);
            self.rows.insert(key, (*r).clone());
            self.shadows.insert(key, ((*r).clone(), true));
        }
    }
}

/// One pull's records (each once, as the server has it), and the device before it: local customers with
/// unpushed edits and what it saw of them before.
#[derive(Debug, Clone)]
struct World {
    records: Vec<Record>,
    device: Device,
}

const NAMES: [&str; 3] = ["华东", "Northwind", "绿源"];

fn at() -> impl Strategy<Value = (i64, &'static str)> {
    (1_i64..60, prop::sample::select(vec!["srv", "other", ME]))
}

fn world() -> impl Strategy<Value = World> {
    let customers = prop::collection::vec(
        (
            0_usize..3,
            at(),
            0_usize..3,
            at(),
            any::<bool>(),
            prop::option::of((0_usize..3, 1_i64..60)),
        ),
        1..4,
    );
    let quotes = prop::collection::vec((0_u32..4, 1_i64..60), 0..4);
    let lines = prop::collection::vec((0_u32..4, 0_u32..2, 1_i64..60), 0..6);
    (customers, quotes, lines).prop_map(|(customers, quotes, lines)| {
        let mut records = Vec::new();
        let mut device = Device {
            rows: BTreeMap::new(),
            shadows: BTreeMap::new(),
            conflicts: Vec::new(),
            pending: HashMap::new(),
        };
        let n_customers = u32::try_from(customers.len()).unwrap_or(1);
        for (i, (name, name_at, phone, phone_at, local, edit)) in customers.into_iter().enumerate()
        {
            let n = u32::try_from(i).unwrap_or_default();
            let server = record(
                EntityKind::Customer,
                id(1, n),
                &[
                    ("name", json!(NAMES[name]), name_at),
                    ("phone", json!(NAMES[phone]), phone_at),
                ],
            );
            if local {
                // The device has the customer, saw an older version, and maybe edited it since.
                let seen = record(
                    EntityKind::Customer,
                    id(1, n),
                    &[("name", json!("seen"), (1, "srv"))],
                );
                device
                    .rows
                    .insert((EntityKind::Customer, id(1, n)), seen.clone());
                device
                    .shadows
                    .insert((EntityKind::Customer, id(1, n)), (seen, true));
                if let Some((value, ms)) = edit {
                    device.pending.insert(
                        (EntityKind::Customer, id(1, n)),
                        vec![change(
                            EntityKind::Customer,
                            id(1, n),
                            ms,
                            &[("name", json!(NAMES[value]))],
                        )],
                    );
                }
            }
            records.push(server);
        }
        for p in 0..2 {
            let product = record(
                EntityKind::Product,
                id(2, p),
                &[("sku", json!(format!("SKU-{p}")), (3, "srv"))],
            );
            device
                .rows
                .insert((EntityKind::Product, id(2, p)), product.clone());
            device
                .shadows
                .insert((EntityKind::Product, id(2, p)), (product, true));
        }
        for (n, (customer, ms)) in quotes.into_iter().enumerate() {
            let n = u32::try_from(n).unwrap_or_default();
            // A customer of the pull, or one nobody sent (the quote then waits).
            records.push(quote(n, customer % (n_customers + 1), ms));
        }
        for (n, (quote_n, product, ms)) in lines.into_iter().enumerate() {
            let n = u32::try_from(n).unwrap_or_default();
            records.push(line(n, quote_n, product, ms));
        }
        World { records, device }
    })
}

/// The world's records in pages: split after the positions in `cuts`.
fn pages(records: &[Record], cuts: &[usize]) -> Vec<Vec<PulledRecord>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (records.len() + 1)).collect();
    cuts.push(records.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            out.push(pulled(&records[start..cut]));
            start = cut;
        }
    }
    out
}

fn pull_all(world: &World, pages: &[Vec<PulledRecord>]) -> Device {
    let mut device = world.device.clone();
    for page in pages {
        device.pull(page);
    }
    device
}

proptest! {
    /// The pages of one pull, applied in any order, leave the same rows, shadows and conflicts.
    #[test]
    fn the_order_of_the_pages_does_not_change_the_result(
        world in world(),
        cuts in prop::collection::vec(0_usize..20, 0..4),
        order in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let in_order = pages(&world.records, &cuts);
        let mut shuffled = in_order.clone();
        for (i, pick) in order.iter().enumerate() {
            let n = shuffled.len();
            if n > 1 {
                shuffled.swap(i % n, pick.index(n));
            }
        }
        prop_assert_eq!(pull_all(&world, &in_order), pull_all(&world, &shuffled));
    }

    /// A page delivered again, right after itself or after later pages, changes nothing.
    #[test]
    fn a_page_delivered_twice_does_not_change_the_result(
        world in world(),
        cuts in prop::collection::vec(0_usize..20, 0..4),
        page in any::<prop::sample::Index>(),
        again_at in any::<prop::sample::Index>(),
    ) {
        let once = pages(&world.records, &cuts);
        let i = page.index(once.len());
        let at = i + 1 + again_at.index(once.len() - i);
        let mut twice = once.clone();
        twice.insert(at, once[i].clone());
        let expected = pull_all(&world, &once);
        prop_assert_eq!(pull_all(&world, &twice), expected);
    }

    /// Whatever the pages, every record ends up in its table once its parents are there: nothing waits
    /// whose parents arrived.
    #[test]
    fn nothing_waits_whose_parents_are_here(
        world in world(),
        cuts in prop::collection::vec(0_usize..20, 0..4),
    ) {
        let device = pull_all(&world, &pages(&world.records, &cuts));
        let mut present: Present = HashMap::new();
        for (entity, id) in device.rows.keys() {
            present.entry(entity.as_str()).or_default().insert(id.to_string());
        }
        for (record, written) in device.shadows.values() {
            prop_assert_eq!(*written, parents_present(record, &present), "{:?}", record.id);
        }
    }
}
