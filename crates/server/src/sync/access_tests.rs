//! Unit tests of the access graph ([`super`]): links read from records, and the subjects built from them.

use super::*;
use fieldquote_domain::sync::FieldValue;
use serde_json::json;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn record(kind: EntityKind, n: u128, fields: &[(&str, serde_json::Value)]) -> Record {
    let mut r = Record::new(kind, id(n), id(900));
    for (name, value) in fields {
        r.fields.insert(
            (*name).to_string(),
            FieldValue {
                value: value.clone(),
                hlc: "001765000000000000-00000-dev".into(),
                base: None,
            },
        );
    }
    r
}

/// A node of `kind` with id `n`, owned by `owner` of `team`.
pub(super) fn node(kind: EntityKind, n: u128, owner: u128, team: &str, links: Links) -> Node {
    Node {
        kind,
        id: id(n),
        owner: id(owner),
        team: (!team.is_empty()).then(|| team.to_string()),
        deleted: false,
        links,
    }
}

pub(super) fn on_account(a: u128) -> Links {
    Links {
        account: Some(id(a)),
        ..Links::default()
    }
}

pub(super) fn on_opportunity(o: u128) -> Links {
    Links {
        opportunity: Some(id(o)),
        ..Links::default()
    }
}

#[test]
fn links_are_read_from_each_kinds_fields() {
    let a = id(1).to_string();
    let o = id(2).to_string();
    let u = id(3).to_string();
    let cases = [
        (record(EntityKind::Customer, 1, &[]), on_account(1)),
        (
            record(EntityKind::Contact, 5, &[("account_id", json!(a))]),
            on_account(1),
        ),
        (
            record(
                EntityKind::AccountShare,
                5,
                &[("account_id", json!(a)), ("user_id", json!(u))],
            ),
            Links {
                user: Some(id(3)),
                ..on_account(1)
            },
        ),
        (
            record(EntityKind::Opportunity, 2, &[("account_id", json!(a))]),
            Links {
                opportunity: Some(id(2)),
                ..on_account(1)
            },
        ),
        (
            record(
                EntityKind::Activity,
                5,
                &[("account_id", json!(a)), ("opportunity_id", json!(""))],
            ),
            on_account(1),
        ),
        (
            record(
                EntityKind::Workstream,
                5,
                &[("opportunity_id", json!(o)), ("owner_user_id", json!(u))],
            ),
            Links {
                user: Some(id(3)),
                ..on_opportunity(2)
            },
        ),
        (
            record(
                EntityKind::WorkstreamItem,
                5,
                &[("workstream_id", json!(id(4).to_string()))],
            ),
            Links {
                parent: Some(id(4)),
                ..Links::default()
            },
        ),
        (
            record(
                EntityKind::Quote,
                5,
                &[("customer_id", json!(a)), ("opportunity_id", json!(o))],
            ),
            on_opportunity(2),
        ),
        (
            record(
                EntityKind::QuoteLine,
                6,
                &[("quote_id", json!(id(5).to_string()))],
            ),
            Links {
                parent: Some(id(5)),
                ..Links::default()
            },
        ),
        (
            record(EntityKind::Feedback, 5, &[("owner_user_id", json!(u))]),
            Links {
                user: Some(id(3)),
                ..Links::default()
            },
        ),
        // Not an id: no link.
        (
            record(EntityKind::Contact, 5, &[("account_id", json!("nope"))]),
            Links::default(),
        ),
        (record(EntityKind::Product, 5, &[]), Links::default()),
    ];
    for (r, links) in cases {
        assert_eq!(Links::of(&r), links, "{:?}", r.entity);
    }
}

/// Account 1 (owned by 10 of north) with a live share to 20 and a withdrawn one to 21, opportunity 2
/// (owned by 30 of east) with a live member 40 and a removed one 41; a share moved to another account.
fn graph() -> Graph {
    let mut g = Graph::default();
    g.insert(node(EntityKind::Customer, 1, 10, "north", on_account(1)));
    let share = |n, user, account| {
        node(
            EntityKind::AccountShare,
            n,
            10,
            "north",
            Links {
                user: Some(id(user)),
                ..on_account(account)
            },
        )
    };
    g.insert(share(100, 20, 1));
    g.insert(Node {
        deleted: true,
        ..share(101, 21, 1)
    });
    // Listed under account 1 first, then moved to account 9.
    g.insert(share(102, 22, 1));
    g.insert(share(102, 22, 9));
    g.insert(node(
        EntityKind::Opportunity,
        2,
        30,
        "east",
        Links {
            opportunity: Some(id(2)),
            ..on_account(1)
        },
    ));
    let member = |n, user| {
        node(
            EntityKind::OpportunityMember,
            n,
            30,
            "east",
            Links {
                user: Some(id(user)),
                ..on_opportunity(2)
            },
        )
    };
    g.insert(member(200, 40));
    g.insert(Node {
        deleted: true,
        ..member(201, 41)
    });
    g
}

#[test]
fn an_accounts_scope_counts_live_shares_and_its_opportunities_people() {
    let g = graph();
    let scope = g.account_scope(id(1)).unwrap();
    assert_eq!(scope.owner.user_id, id(10));
    assert_eq!(scope.owner.team_id.as_deref(), Some("north"));
    assert_eq!(
        scope.shared_with,
        vec![id(20)],
        "withdrawn and moved shares do not count"
    );
    let mut members = scope.opportunity_members.clone();
    members.sort();
    assert_eq!(members, vec![id(30), id(40)], "the owner and live members");
    assert!(g.account_scope(id(9)).is_none(), "an account not held");
}

#[test]
fn subjects_follow_what_records_belong_to() {
    let mut g = graph();
    g.insert(node(EntityKind::Contact, 3, 20, "south", on_account(1)));
    let s = g.subject(&(EntityKind::Contact, id(3))).unwrap();
    assert_eq!(s.owner.user_id, id(20));
    assert_eq!(s.account.unwrap().owner.user_id, id(10));
    assert!(s.opportunity.is_none());

    // An opportunity's record: the opportunity's scope and its account's.
    g.insert(node(
        EntityKind::Workstream,
        4,
        40,
        "east",
        Links {
            user: Some(id(50)),
            ..on_opportunity(2)
        },
    ));
    g.insert(node(
        EntityKind::WorkstreamItem,
        5,
        40,
        "east",
        Links {
            parent: Some(id(4)),
            ..Links::default()
        },
    ));
    let s = g.subject(&(EntityKind::WorkstreamItem, id(5))).unwrap();
    assert_eq!(s.workstream_owner, Some(id(50)));
    assert_eq!(s.opportunity.as_ref().unwrap().members, vec![id(40)]);
    assert_eq!(s.account.as_ref().unwrap().owner.user_id, id(10));

    // A line is its quote's: owner, team, opportunity.
    g.insert(node(EntityKind::Quote, 6, 30, "east", on_opportunity(2)));
    g.insert(node(
        EntityKind::QuoteLine,
        7,
        99,
        "",
        Links {
            parent: Some(id(6)),
            ..Links::default()
        },
    ));
    let s = g.subject(&(EntityKind::QuoteLine, id(7))).unwrap();
    assert_eq!(s.owner.user_id, id(30));
    assert_eq!(s.owner.team_id.as_deref(), Some("east"));
    assert_eq!(s.opportunity.unwrap().owner.user_id, id(30));

    // An activity with an opportunity the server does not hold follows its account.
    g.insert(node(
        EntityKind::Activity,
        8,
        10,
        "north",
        Links {
            opportunity: Some(id(77)),
            ..on_account(1)
        },
    ));
    let s = g.subject(&(EntityKind::Activity, id(8))).unwrap();
    assert!(s.opportunity.is_none());
    assert_eq!(s.account.unwrap().shared_with, vec![id(20)]);

    // Unknown: not judged.
    assert!(g.subject(&(EntityKind::Contact, id(404))).is_none());
}

#[test]
fn loading_keeps_newer_nodes_and_the_graph_asks_for_what_is_missing() {
    let mut g = Graph::default();
    g.insert(node(EntityKind::Contact, 3, 20, "south", on_account(1)));
    g.insert(node(
        EntityKind::QuoteLine,
        7,
        20,
        "south",
        Links {
            parent: Some(id(6)),
            ..Links::default()
        },
    ));
    assert_eq!(
        g.missing_around(),
        vec![(EntityKind::Customer, id(1)), (EntityKind::Quote, id(6))]
    );
    g.mark_absent([(EntityKind::Quote, id(6))]);
    assert_eq!(g.missing_around(), vec![(EntityKind::Customer, id(1))]);
    // A stored (older) version does not replace the one a batch just changed.
    g.load(node(EntityKind::Contact, 3, 20, "south", on_account(2)));
    assert_eq!(
        g.get(&(EntityKind::Contact, id(3))).unwrap().links.account,
        Some(id(1))
    );
    g.load(node(EntityKind::Customer, 1, 10, "north", on_account(1)));
    assert_eq!(g.unscoped_roots(), (vec![id(1)], vec![]));
    g.mark_scoped();
    assert_eq!(g.unscoped_roots(), (vec![], vec![]));
    g.forget(&(EntityKind::Contact, id(3)));
    assert!(!g.contains(&(EntityKind::Contact, id(3))));
}
