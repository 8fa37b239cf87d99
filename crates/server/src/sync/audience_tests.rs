//! Unit tests of the audience index's pure parts ([`super`]): who is in an audience, which roots a write
//! rescopes, and which rows change.

use super::*;
use crate::sync::access::Links;
use fieldquote_domain::access::Role as R;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn user(n: u128, role: R, team: Option<&str>) -> access::Caller {
    access::Caller {
        user_id: id(n),
        role,
        team_id: team.map(str::to_string),
    }
}

/// North: Ann (1, rep), Rio (2, rep), Max (3, manager). East: Pat (6, rep). Root (9, admin).
fn users() -> Users {
    Users::new([
        user(1, R::Rep, Some("north")),
        user(2, R::Rep, Some("north")),
        user(3, R::Manager, Some("north")),
        user(6, R::Rep, Some("east")),
        user(9, R::Admin, None),
    ])
}

fn node(kind: EntityKind, n: u128, owner: u128, team: &str, links: Links) -> Node {
    Node {
        kind,
        id: id(n),
        owner: id(owner),
        team: Some(team.to_string()),
        deleted: false,
        links,
    }
}

fn account(n: u128) -> Links {
    Links {
        account: Some(id(n)),
        ..Links::default()
    }
}

fn share(n: u128, account_n: u128, with: u128) -> Node {
    node(
        EntityKind::AccountShare,
        n,
        1,
        "north",
        Links {
            user: Some(id(with)),
            ..account(account_n)
        },
    )
}

/// Ann's account 100 with a contact 101, and her quote 102.
fn graph() -> Graph {
    let mut g = Graph::default();
    g.insert(node(EntityKind::Customer, 100, 1, "north", account(100)));
    g.insert(node(EntityKind::Contact, 101, 1, "north", account(100)));
    g.insert(node(EntityKind::Quote, 102, 1, "north", Links::default()));
    g
}

fn key(kind: EntityKind, n: u128) -> Key {
    (kind, id(n))
}

#[test]
fn an_account_is_the_teams_and_a_quote_its_owners_and_managers() {
    let mut g = graph();
    let u = users();
    let set = |ns: &[u128]| ns.iter().map(|n| id(*n)).collect::<BTreeSet<_>>();
    assert_eq!(
        audience(&g, &u, &key(EntityKind::Customer, 100)),
        set(&[1, 2, 3]),
        "reps and the manager of the team; admins read everything without an index"
    );
    assert_eq!(audience(&g, &u, &key(EntityKind::Quote, 102)), set(&[1, 3]));
    g.insert(share(103, 100, 6));
    // A share with someone who is no user (or a disabled one) adds nobody.
    g.insert(share(104, 100, 55));
    assert_eq!(
        audience(&g, &u, &key(EntityKind::Contact, 101)),
        set(&[1, 2, 3, 6])
    );
    assert_eq!(audience(&g, &u, &key(EntityKind::Quote, 102)), set(&[1, 3]));
    assert!(audience(&g, &u, &key(EntityKind::Product, 7)).is_empty());
    assert!(audience(&g, &u, &key(EntityKind::Contact, 404)).is_empty());
}

fn written(before: Option<Node>, after: Node, seq: i64) -> Written {
    Written { before, after, seq }
}

#[test]
fn only_writes_that_change_who_belongs_rescope() {
    let g = graph();
    let none = Rescope::default();
    let accounts = |ns: &[u128]| Rescope {
        accounts: ns.iter().map(|n| id(*n)).collect(),
        ..Rescope::default()
    };
    let customer = node(EntityKind::Customer, 100, 1, "north", account(100));
    // A new account (records may wait for it); an edit of one changes nobody's sight.
    assert_eq!(
        rescope(&[written(None, customer.clone(), 5)], &g),
        accounts(&[100])
    );
    assert_eq!(
        rescope(&[written(Some(customer.clone()), customer, 5)], &g),
        none
    );
    // A share given, withdrawn, moved; an edit of nothing that matters.
    let s = share(103, 100, 6);
    assert_eq!(
        rescope(&[written(None, s.clone(), 5)], &g),
        accounts(&[100])
    );
    let withdrawn = Node {
        deleted: true,
        ..s.clone()
    };
    assert_eq!(
        rescope(&[written(Some(s.clone()), withdrawn, 5)], &g),
        accounts(&[100])
    );
    assert_eq!(
        rescope(&[written(Some(s.clone()), share(103, 200, 6), 5)], &g),
        accounts(&[100, 200])
    );
    assert_eq!(rescope(&[written(Some(s.clone()), s, 5)], &g), none);
    // A member: the account of its opportunity when known, else the opportunity.
    let mut g2 = graph();
    g2.insert(node(
        EntityKind::Opportunity,
        300,
        1,
        "north",
        Links {
            opportunity: Some(id(300)),
            ..account(100)
        },
    ));
    let member = |o: u128| {
        node(
            EntityKind::OpportunityMember,
            301,
            1,
            "north",
            Links {
                opportunity: Some(id(o)),
                user: Some(id(6)),
                ..Links::default()
            },
        )
    };
    assert_eq!(
        rescope(&[written(None, member(300), 5)], &g2),
        accounts(&[100])
    );
    assert_eq!(
        rescope(&[written(None, member(400), 5)], &g2),
        Rescope {
            opportunities: [id(400)].into(),
            ..Rescope::default()
        }
    );
    // A quote moved to an opportunity: its lines follow.
    let quote = node(EntityKind::Quote, 102, 1, "north", Links::default());
    let moved = Node {
        links: Links {
            opportunity: Some(id(300)),
            ..Links::default()
        },
        ..quote.clone()
    };
    assert_eq!(
        rescope(&[written(Some(quote.clone()), moved, 5)], &g),
        Rescope {
            parents: [id(102)].into(),
            ..Rescope::default()
        }
    );
    assert_eq!(rescope(&[written(Some(quote.clone()), quote, 5)], &g), none);
}

#[test]
fn rows_change_only_where_sight_changes() {
    let mut g = graph();
    let u = users();
    let contact = key(EntityKind::Contact, 101);
    let customer = key(EntityKind::Customer, 100);
    // Before: Ann, Rio, Max saw both; Pat (6) was revoked from the contact earlier; a user no longer
    // in the audience (2, say, if the account moved) is tested below.
    let saw = |extra: &[(u128, bool)]| {
        let mut m: HashMap<Uuid, bool> = [(id(1), false), (id(2), false), (id(3), false)].into();
        m.extend(extra.iter().map(|(n, r)| (id(*n), *r)));
        m
    };
    let old: HashMap<Key, HashMap<Uuid, bool>> =
        [(contact, saw(&[(6, true)])), (customer, saw(&[]))].into();
    // Shared with Pat now: the customer is written (seq 50), the contact only rescoped.
    g.insert(share(103, 100, 6));
    let mut seqs = Seqs::after(50);
    let rows = plan_rows(
        &[customer, contact],
        &HashMap::from([(customer, 50)]),
        &g,
        &u,
        &old,
        &mut seqs,
    );
    let got: Vec<(EntityKind, u128, i64, bool)> = rows
        .iter()
        .map(|r| {
            (
                EntityKind::parse(&r.entity).unwrap(),
                Uuid::parse_str(&r.user_id).unwrap().as_u128(),
                r.seq,
                r.revoked,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // The written record: everyone in its audience at its seq.
            (EntityKind::Customer, 1, 50, false),
            (EntityKind::Customer, 2, 50, false),
            (EntityKind::Customer, 3, 50, false),
            (EntityKind::Customer, 6, 50, false),
            // The rescoped one: only Pat, who sees it again, at a fresh seq.
            (EntityKind::Contact, 6, 51, false),
        ]
    );
    assert_eq!(seqs.last(), 51);

    // Withdrawn: Pat's rows are revoked, the written record's at its seq, the other at a fresh one.
    let mut g = graph();
    g.insert(Node {
        deleted: true,
        ..share(103, 100, 6)
    });
    let old: HashMap<Key, HashMap<Uuid, bool>> = [
        (contact, saw(&[(6, false)])),
        (customer, saw(&[(6, false)])),
    ]
    .into();
    let rows = plan_rows(
        &[customer, contact],
        &HashMap::from([(customer, 60)]),
        &g,
        &u,
        &old,
        &mut Seqs::after(60),
    );
    let revoked: Vec<(String, i64)> = rows
        .iter()
        .filter(|r| r.revoked)
        .map(|r| (r.entity.clone(), r.seq))
        .collect();
    assert_eq!(
        revoked,
        vec![("customer".to_string(), 60), ("contact".to_string(), 61)]
    );
    assert!(
        rows.iter()
            .all(|r| r.revoked == (r.user_id == id(6).to_string()))
    );
    // Nothing changed for a record only rescoped: no rows at all.
    let old: HashMap<Key, HashMap<Uuid, bool>> = [(contact, saw(&[(6, true)]))].into();
    assert!(
        plan_rows(
            &[contact],
            &HashMap::new(),
            &g,
            &u,
            &old,
            &mut Seqs::after(70)
        )
        .is_empty()
    );
}

#[test]
fn fresh_seqs_go_to_parents_first() {
    let mut keys = vec![
        key(EntityKind::QuoteLine, 1),
        key(EntityKind::Contact, 2),
        key(EntityKind::Quote, 3),
        key(EntityKind::Customer, 4),
        key(EntityKind::Contact, 1),
    ];
    parents_first(&mut keys);
    assert_eq!(
        keys,
        vec![
            key(EntityKind::Customer, 4),
            key(EntityKind::Contact, 1),
            key(EntityKind::Contact, 2),
            key(EntityKind::Quote, 3),
            key(EntityKind::QuoteLine, 1),
        ]
    );
}
