//! Unit tests of the push planner ([`super`]).

use super::*;
use fieldquote_domain::hlc::Hlc;
use serde_json::json;

const NOW: i64 = 1_765_000_000_000;

fn server_hlc() -> String {
    Hlc::tick(None, NOW + 1000, "server").to_string()
}

fn plan_at(
    caller: &Caller,
    now: i64,
    changes: &[Change],
    done: &HashSet<Uuid>,
    existing: HashMap<Key, Stored>,
) -> PushPlan {
    let done = done.iter().map(|id| (*id, None)).collect();
    let mut graph = graph_of(&existing);
    plan_push(
        caller,
        now,
        changes,
        &done,
        existing,
        &mut graph,
        &server_hlc(),
    )
}

/// The graph a push builds from the records it loaded (here: all there is).
fn graph_of(existing: &HashMap<Key, Stored>) -> Graph {
    let mut graph = Graph::default();
    for stored in existing.values() {
        graph.insert(Node::of(stored));
    }
    graph.mark_scoped();
    graph
}

fn caller(role: Role, team: Option<&str>) -> Caller {
    Caller {
        user_id: Uuid::now_v7(),
        role,
        team_id: team.map(str::to_string),
    }
}

fn change(entity: EntityKind, id: Uuid, ms: i64, fields: &[(&str, serde_json::Value)]) -> Change {
    Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id: id,
        hlc: Hlc::tick(None, ms, "dev").to_string(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        deleted: false,
        base: Default::default(),
    }
}

fn stored(owner: Uuid, team: Option<&str>, id: Uuid) -> (Key, Stored) {
    (
        (EntityKind::Customer, id),
        Stored {
            record: Record::new(EntityKind::Customer, id, owner),
            team_id: team.map(str::to_string),
        },
    )
}

fn codes(plan: &PushPlan) -> Vec<Option<RejectCode>> {
    plan.results
        .iter()
        .map(|r| match &r.outcome {
            ChangeOutcome::Accepted => None,
            ChangeOutcome::Rejected { code, .. } => Some(*code),
        })
        .collect()
}

#[test]
fn new_records_belong_to_the_caller_and_their_team() {
    let rep = caller(Role::Rep, Some("t1"));
    let id = Uuid::now_v7();
    let c = change(EntityKind::Customer, id, NOW, &[("name", json!("A"))]);
    let plan = plan_at(
        &rep,
        NOW,
        std::slice::from_ref(&c),
        &HashSet::new(),
        HashMap::new(),
    );
    assert_eq!(codes(&plan), [None]);
    assert_eq!(plan.writes.len(), 1);
    assert_eq!(plan.writes[0].record.owner_id, rep.user_id);
    assert_eq!(plan.writes[0].team_id.as_deref(), Some("t1"));
    assert_eq!(plan.applied.len(), 1);
    // The same change again, in the batch or from an earlier one, is accepted and does nothing.
    let plan = plan_at(
        &rep,
        NOW,
        &[c.clone(), c.clone()],
        &HashSet::new(),
        HashMap::new(),
    );
    assert_eq!(codes(&plan), [None, None]);
    assert_eq!((plan.writes.len(), plan.applied.len()), (1, 1));
    let done = HashSet::from([c.change_id]);
    let plan = plan_at(&rep, NOW, &[c], &done, HashMap::new());
    assert_eq!(codes(&plan), [None]);
    assert!(plan.writes.is_empty() && plan.applied.is_empty());
}

#[test]
fn a_change_id_names_one_change() {
    let rep = caller(Role::Rep, Some("t1"));
    let id = Uuid::now_v7();
    let c = change(EntityKind::Customer, id, NOW, &[("name", json!("A"))]);
    let other = Change {
        fields: [("name".to_string(), json!("B"))].into(),
        ..c.clone()
    };
    let run = |batch: &[Change], done: &HashMap<Uuid, Option<String>>| {
        plan_push(
            &rep,
            NOW,
            batch,
            done,
            HashMap::new(),
            &mut Graph::default(),
            &server_hlc(),
        )
    };
    // In one batch: the same change twice is applied once; another under its id is refused.
    let plan = run(&[c.clone(), c.clone(), other.clone()], &HashMap::new());
    assert_eq!(codes(&plan), [None, None, Some(RejectCode::InvalidField)]);
    assert_eq!((plan.writes.len(), plan.applied.len()), (1, 1));
    assert_eq!(plan.applied[0].digest, digest(&c));
    assert_eq!(plan.writes[0].record.values()["name"], json!("A"));
    let ChangeOutcome::Rejected { reason, .. } = &plan.results[2].outcome else {
        panic!("refused")
    };
    assert!(reason.contains(&c.change_id.to_string()), "{reason}");
    // Against an earlier batch: the same content is a replay, other content is refused.
    let done = HashMap::from([(c.change_id, Some(digest(&c)))]);
    let plan = run(std::slice::from_ref(&c), &done);
    assert_eq!(codes(&plan), [None]);
    assert!(plan.writes.is_empty() && plan.applied.is_empty());
    let plan = run(std::slice::from_ref(&other), &done);
    assert_eq!(codes(&plan), [Some(RejectCode::InvalidField)]);
    assert!(plan.writes.is_empty() && plan.applied.is_empty());
    // An id applied before digests were kept: taken as a replay.
    let plan = run(&[other], &HashMap::from([(c.change_id, None)]));
    assert_eq!(codes(&plan), [None]);
    assert!(plan.writes.is_empty());
    // A rejected change is not remembered: its id is free for the next change of the batch.
    let bad = Change {
        fields: [("colour".to_string(), json!("red"))].into(),
        ..c.clone()
    };
    let plan = run(&[bad, c.clone()], &HashMap::new());
    assert_eq!(codes(&plan), [Some(RejectCode::InvalidField), None]);
}

#[test]
fn the_digest_covers_everything_but_the_id() {
    let c = change(
        EntityKind::Customer,
        Uuid::now_v7(),
        NOW,
        &[("name", json!("A"))],
    );
    let same = Change {
        change_id: Uuid::now_v7(),
        ..c.clone()
    };
    assert_eq!(digest(&c), digest(&same));
    let variants = [
        Change {
            entity: EntityKind::Quote,
            ..c.clone()
        },
        Change {
            entity_id: Uuid::now_v7(),
            ..c.clone()
        },
        Change {
            hlc: Hlc::tick(None, NOW + 1, "dev").to_string(),
            ..c.clone()
        },
        Change {
            fields: Default::default(),
            ..c.clone()
        },
        Change {
            deleted: true,
            ..c.clone()
        },
        Change {
            base: [("name".to_string(), server_hlc())].into(),
            ..c.clone()
        },
    ];
    for v in variants {
        assert_ne!(digest(&c), digest(&v), "{v:?}");
    }
}

#[test]
fn references_must_name_records_the_caller_may_see() {
    let rep = caller(Role::Rep, Some("t1"));
    let other_team_rep = caller(Role::Rep, Some("t2"));
    let manager = caller(Role::Manager, Some("t2"));
    let theirs = Uuid::now_v7();
    let existing = HashMap::from([stored(other_team_rep.user_id, Some("t2"), theirs)]);
    let quote = |customer: &str| {
        change(
            EntityKind::Quote,
            Uuid::now_v7(),
            NOW,
            &[("customer_id", json!(customer))],
        )
    };
    let run = |who: &Caller, c: Change| plan_at(who, NOW, &[c], &HashSet::new(), existing.clone());
    assert_eq!(
        codes(&run(&rep, quote(&theirs.to_string()))),
        [Some(RejectCode::Forbidden)]
    );
    // Their manager may; an unknown record, or none, names nothing of anyone's.
    assert_eq!(codes(&run(&manager, quote(&theirs.to_string()))), [None]);
    assert_eq!(
        codes(&run(&rep, quote(&Uuid::now_v7().to_string()))),
        [None]
    );
    assert_eq!(codes(&run(&rep, quote(""))), [None]);
    assert_eq!(
        codes(&run(&rep, quote("not an id"))),
        [Some(RejectCode::InvalidField)]
    );
    // Server-owned records are everyone's to name.
    let product = Uuid::now_v7();
    let catalog = HashMap::from([(
        (EntityKind::Product, product),
        Stored {
            record: Record::new(EntityKind::Product, product, SYSTEM_OWNER),
            team_id: None,
        },
    )]);
    let line = change(
        EntityKind::QuoteLine,
        Uuid::now_v7(),
        NOW,
        &[("product_id", json!(product.to_string()))],
    );
    let plan = plan_at(&rep, NOW, &[line], &HashSet::new(), catalog);
    assert_eq!(codes(&plan), [None]);
}

#[test]
fn roles_scope_writes() {
    let rep = caller(Role::Rep, Some("t1"));
    let other_rep = caller(Role::Rep, Some("t1"));
    let manager = caller(Role::Manager, Some("t1"));
    let other_manager = caller(Role::Manager, Some("t2"));
    let admin = caller(Role::Admin, None);
    let id = Uuid::now_v7();
    let existing = HashMap::from([stored(rep.user_id, Some("t1"), id)]);
    let edit = change(EntityKind::Customer, id, NOW, &[("name", json!("B"))]);
    for (who, expected) in [
        (&rep, None),
        (&other_rep, Some(RejectCode::Forbidden)),
        (&manager, None),
        (&other_manager, Some(RejectCode::Forbidden)),
        (&admin, None),
    ] {
        let plan = plan_at(
            who,
            NOW,
            std::slice::from_ref(&edit),
            &HashSet::new(),
            existing.clone(),
        );
        assert_eq!(codes(&plan), [expected], "{who:?}");
        assert_eq!(plan.writes.len(), usize::from(expected.is_none()));
    }
}

#[test]
fn a_line_belongs_to_the_owner_of_its_quote() {
    let rep = caller(Role::Rep, Some("t1"));
    let other_rep = caller(Role::Rep, Some("t1"));
    let manager = caller(Role::Manager, Some("t1"));
    let quote = Uuid::now_v7();
    let existing = HashMap::from([(
        (EntityKind::Quote, quote),
        Stored {
            record: Record::new(EntityKind::Quote, quote, rep.user_id),
            team_id: Some("t1".into()),
        },
    )]);
    let line = change(
        EntityKind::QuoteLine,
        Uuid::now_v7(),
        NOW,
        &[
            ("quote_id", json!(quote.to_string())),
            ("quantity", json!("2")),
        ],
    );
    // The manager adds a line to the rep's quote: it is the rep's line.
    let plan = plan_at(
        &manager,
        NOW,
        std::slice::from_ref(&line),
        &HashSet::new(),
        existing.clone(),
    );
    assert_eq!(codes(&plan), [None]);
    assert_eq!(plan.writes[0].record.owner_id, rep.user_id);
    assert_eq!(plan.writes[0].team_id.as_deref(), Some("t1"));
    // Another rep may not add lines to it.
    let plan = plan_at(&other_rep, NOW, &[line], &HashSet::new(), existing);
    assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
    // A quote and its line made in one batch: the line follows the new quote.
    let new_quote = Uuid::now_v7();
    let batch = [
        change(EntityKind::Quote, new_quote, NOW, &[("notes", json!(""))]),
        change(
            EntityKind::QuoteLine,
            Uuid::now_v7(),
            NOW,
            &[("quote_id", json!(new_quote.to_string()))],
        ),
    ];
    let plan = plan_at(&other_rep, NOW, &batch, &HashSet::new(), HashMap::new());
    assert_eq!(codes(&plan), [None, None]);
    assert!(
        plan.writes
            .iter()
            .all(|w| w.record.owner_id == other_rep.user_id)
    );
}

#[test]
fn server_owned_kinds_are_for_admins_and_owned_by_the_system() {
    let product = change(
        EntityKind::Product,
        Uuid::now_v7(),
        NOW,
        &[("sku", json!("X"))],
    );
    let manager = caller(Role::Manager, Some("t1"));
    let plan = plan_at(
        &manager,
        NOW,
        std::slice::from_ref(&product),
        &HashSet::new(),
        HashMap::new(),
    );
    assert_eq!(codes(&plan), [Some(RejectCode::ServerOwned)]);
    let admin = caller(Role::Admin, None);
    let plan = plan_at(&admin, NOW, &[product], &HashSet::new(), HashMap::new());
    assert_eq!(codes(&plan), [None]);
    assert_eq!(plan.writes[0].record.owner_id, SYSTEM_OWNER);
}

#[test]
fn a_rejected_change_leaves_the_rest_of_the_batch_alone() {
    let rep = caller(Role::Rep, Some("t1"));
    let id = Uuid::now_v7();
    let good = change(EntityKind::Customer, id, NOW, &[("name", json!("A"))]);
    let bad = change(
        EntityKind::Customer,
        id,
        NOW + 1,
        &[("colour", json!("red"))],
    );
    let future = change(
        EntityKind::Customer,
        id,
        NOW + 2 * 86_400_000,
        &[("name", json!("Z"))],
    );
    let later = change(EntityKind::Customer, id, NOW + 5, &[("phone", json!("1"))]);
    let plan = plan_at(
        &rep,
        NOW,
        &[good, bad, future, later],
        &HashSet::new(),
        HashMap::new(),
    );
    assert_eq!(
        codes(&plan),
        [
            None,
            Some(RejectCode::InvalidField),
            Some(RejectCode::InvalidClock),
            None
        ]
    );
    assert_eq!(plan.writes.len(), 1);
    let values = plan.writes[0].record.values();
    assert_eq!(values.get("name"), Some(&json!("A")));
    assert_eq!(values.get("phone"), Some(&json!("1")));
    assert!(!values.contains_key("colour"));
    assert_eq!(plan.applied.len(), 2);
}

#[test]
fn an_older_change_that_wins_no_field_is_accepted_without_a_write() {
    let rep = caller(Role::Rep, Some("t1"));
    let id = Uuid::now_v7();
    let (key, mut s) = stored(rep.user_id, Some("t1"), id);
    s.record.apply(&change(
        EntityKind::Customer,
        id,
        NOW,
        &[("name", json!("new"))],
    ));
    let old = Change {
        deleted: false,
        ..change(
            EntityKind::Customer,
            id,
            NOW - 10,
            &[("name", json!("old"))],
        )
    };
    // `_deleted` was written at NOW too, so the old change wins nothing.
    let plan = plan_at(
        &rep,
        NOW,
        &[old],
        &HashSet::new(),
        HashMap::from([(key, s)]),
    );
    assert_eq!(codes(&plan), [None]);
    assert!(plan.writes.is_empty());
    assert_eq!(
        plan.applied.len(),
        1,
        "remembered: a replay must not be re-judged"
    );
}

fn quote(owner: &Caller, status: &str, ms: i64) -> (Key, Stored) {
    let id = Uuid::now_v7();
    let mut s = Stored {
        record: Record::new(EntityKind::Quote, id, owner.user_id),
        team_id: owner.team_id.clone(),
    };
    s.record.apply(&change(
        EntityKind::Quote,
        id,
        ms,
        &[
            ("status", json!(status)),
            ("notes", json!("")),
            ("approval_requested_at", json!("2026-11-23T08:00:00Z")),
        ],
    ));
    ((EntityKind::Quote, id), s)
}

fn approve(id: Uuid, ms: i64, seen: &Stored) -> Change {
    let request = seen.record.fields["approval_requested_at"].hlc.clone();
    change(
        EntityKind::Quote,
        id,
        ms,
        &[
            ("status", json!("approved")),
            ("approved_by", json!("Mia")),
            ("approved_request", json!(request)),
        ],
    )
}

#[test]
fn only_a_manager_of_the_team_or_an_admin_decides_approval() {
    let rep = caller(Role::Rep, Some("t1"));
    let manager = caller(Role::Manager, Some("t1"));
    let other_manager = caller(Role::Manager, Some("t2"));
    let admin = caller(Role::Admin, None);
    let (key, stored) = quote(&rep, "pending_approval", NOW - 100);
    let existing = HashMap::from([(key, stored.clone())]);
    for (who, expected) in [
        (&rep, Some(RejectCode::Forbidden)),
        (&other_manager, Some(RejectCode::Forbidden)),
        (&manager, None),
        (&admin, None),
    ] {
        let plan = plan_at(
            who,
            NOW,
            &[approve(key.1, NOW, &stored)],
            &HashSet::new(),
            existing.clone(),
        );
        assert_eq!(codes(&plan), [expected], "{who:?}");
    }
    // Nobody approves their own quote.
    let (key, own) = quote(&manager, "pending_approval", NOW - 100);
    let plan = plan_at(
        &manager,
        NOW,
        &[approve(key.1, NOW, &own)],
        &HashSet::new(),
        HashMap::from([(key, own.clone())]),
    );
    assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
    // A rep may clear the decision fields (an edit voids an approval), not fill them.
    let (key, stored) = quote(&rep, "approved", NOW - 100);
    let clear = change(
        EntityKind::Quote,
        key.1,
        NOW,
        &[
            ("status", json!("draft")),
            ("approved_by", json!("")),
            ("approval_comment", json!("")),
        ],
    );
    let fill = change(
        EntityKind::Quote,
        key.1,
        NOW + 1,
        &[("approval_comment", json!("ok"))],
    );
    let send = change(
        EntityKind::Quote,
        key.1,
        NOW + 2,
        &[("status", json!("sent"))],
    );
    let plan = plan_at(
        &rep,
        NOW,
        &[clear, fill],
        &HashSet::new(),
        HashMap::from([(key, stored.clone())]),
    );
    assert_eq!(codes(&plan), [None, Some(RejectCode::Forbidden)]);
    let plan = plan_at(
        &rep,
        NOW,
        &[send],
        &HashSet::new(),
        HashMap::from([(key, stored)]),
    );
    assert_eq!(
        codes(&plan),
        [None],
        "an approved quote may be sent by its rep"
    );
}

#[test]
fn content_changed_by_a_non_approver_renews_the_request_and_voids_an_approval() {
    let rep = caller(Role::Rep, Some("t1"));
    let manager = caller(Role::Manager, Some("t1"));
    let server = server_hlc();
    // Approved, then the rep's older line edit arrives: the approval goes.
    let (qkey, approved) = quote(&rep, "approved", NOW - 10);
    let line_id = Uuid::now_v7();
    let mut line = Stored {
        record: Record::new(EntityKind::QuoteLine, line_id, rep.user_id),
        team_id: Some("t1".into()),
    };
    line.record.apply(&change(
        EntityKind::QuoteLine,
        line_id,
        NOW - 50,
        &[
            ("quote_id", json!(qkey.1.to_string())),
            ("discount_percent", json!("20")),
        ],
    ));
    let existing = HashMap::from([(qkey, approved), ((EntityKind::QuoteLine, line_id), line)]);
    let edit = change(
        EntityKind::QuoteLine,
        line_id,
        NOW - 20,
        &[("discount_percent", json!("45"))],
    );
    let plan = plan_at(
        &rep,
        NOW,
        std::slice::from_ref(&edit),
        &HashSet::new(),
        existing.clone(),
    );
    assert_eq!(codes(&plan), [None]);
    assert!(plan.used_server_clock);
    let q = plan.writes.iter().find(|w| w.record.id == qkey.1).unwrap();
    assert_eq!(q.record.values()["status"], json!("pending_approval"));
    assert_eq!(q.record.values()["approved_by"], json!(""));
    assert_eq!(q.record.fields["status"].hlc, server);
    assert!(
        !q.record.fields["_deleted"].hlc.ends_with("server"),
        "deletion untouched"
    );
    // The same edit by the team's manager leaves the approval alone.
    let plan = plan_at(&manager, NOW, &[edit], &HashSet::new(), existing);
    assert!(!plan.used_server_clock);
    assert!(plan.writes.iter().all(|w| w.record.id != qkey.1));

    // Waiting: an edit renews the request and leaves the status to the rep's own writes.
    let (qkey, waiting) = quote(&rep, "pending_approval", NOW - 10);
    let notes = change(EntityKind::Quote, qkey.1, NOW, &[("notes", json!("more"))]);
    let plan = plan_at(
        &rep,
        NOW,
        &[notes],
        &HashSet::new(),
        HashMap::from([(qkey, waiting.clone())]),
    );
    let renewed = &plan.writes[0].record.fields;
    assert_eq!(renewed["approval_requested_at"].hlc, server);
    assert_eq!(
        renewed["approval_requested_at"].value,
        json!("2025-12-06T05:46:40.000Z")
    );
    assert_ne!(renewed["status"].hlc, server);
    // A rep naming an old request themselves does not bring it back: that is an edit of the request too.
    let old = waiting.record.fields["approval_requested_at"].clone();
    let forged = change(
        EntityKind::Quote,
        qkey.1,
        NOW,
        &[("approval_requested_at", old.value.clone())],
    );
    let plan = plan_at(
        &rep,
        NOW,
        &[forged],
        &HashSet::new(),
        HashMap::from([(qkey, waiting)]),
    );
    assert_eq!(
        plan.writes[0].record.fields["approval_requested_at"].hlc,
        server
    );
}

#[test]
fn an_approval_must_be_of_the_latest_request() {
    let rep = caller(Role::Rep, Some("t1"));
    let manager = caller(Role::Manager, Some("t1"));
    let (key, seen) = quote(&rep, "pending_approval", NOW - 100);
    let mut latest = seen.clone();
    latest.record.apply(&change(
        EntityKind::Quote,
        key.1,
        NOW - 50,
        &[("approval_requested_at", json!("2026-11-23T08:05:00Z"))],
    ));
    let plan = plan_at(
        &manager,
        NOW,
        &[approve(key.1, NOW, &seen)],
        &HashSet::new(),
        HashMap::from([(key, latest.clone())]),
    );
    assert_eq!(codes(&plan), [Some(RejectCode::Forbidden)]);
    let plan = plan_at(
        &manager,
        NOW,
        &[approve(key.1, NOW, &latest)],
        &HashSet::new(),
        HashMap::from([(key, latest)]),
    );
    assert_eq!(codes(&plan), [None]);
}
