//! Unit tests of the push's access rules ([`super`]).

use super::*;
use crate::entities::app_user::Role;
use crate::sync::access::Links;
use fieldquote_domain::sync::Record;
use serde_json::json;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const ANN: u128 = 1; // rep, north: owns account 100 and opportunity 300
const RIO: u128 = 2; // rep, north
const MAX: u128 = 3; // manager, north
const PAT: u128 = 6; // rep, east: account 100 is shared with her
const OLGA: u128 = 7; // rep, east: member of opportunity 300

fn caller(n: u128) -> Caller {
    let (role, team) = match n {
        ANN | RIO => (Role::Rep, "north"),
        MAX => (Role::Manager, "north"),
        _ => (Role::Rep, "east"),
    };
    Caller {
        user_id: id(n),
        role,
        team_id: Some(team.to_string()),
    }
}

fn node(kind: EntityKind, n: u128, owner: u128, links: Links) -> Node {
    Node {
        kind,
        id: id(n),
        owner: id(owner),
        team: caller(owner).team_id,
        deleted: false,
        links,
    }
}

fn on_account(a: u128) -> Links {
    Links {
        account: Some(id(a)),
        ..Links::default()
    }
}

fn on_opportunity(o: u128) -> Links {
    Links {
        opportunity: Some(id(o)),
        ..Links::default()
    }
}

fn share(n: u128, account: u128, with: u128) -> Node {
    node(
        EntityKind::AccountShare,
        n,
        ANN,
        Links {
            user: Some(id(with)),
            ..on_account(account)
        },
    )
}

fn graph() -> Graph {
    let mut g = Graph::default();
    g.insert(node(EntityKind::Customer, 100, ANN, on_account(100)));
    g.insert(share(101, 100, PAT));
    g.insert(node(EntityKind::Contact, 102, ANN, on_account(100)));
    g.insert(node(
        EntityKind::Opportunity,
        300,
        ANN,
        Links {
            opportunity: Some(id(300)),
            ..on_account(100)
        },
    ));
    g.insert(node(
        EntityKind::OpportunityMember,
        301,
        ANN,
        Links {
            user: Some(id(OLGA)),
            ..on_opportunity(300)
        },
    ));
    g.insert(node(EntityKind::StageChange, 302, ANN, on_opportunity(300)));
    g.insert(node(EntityKind::Quote, 303, RIO, on_opportunity(300)));
    g
}

/// The directory entries of every user, as the push loads them for the colleagues a change names.
fn directory() -> HashMap<Key, Stored> {
    [ANN, RIO, MAX, PAT, OLGA]
        .into_iter()
        .map(|n| {
            let key = (EntityKind::Colleague, id(n));
            let stored = Stored {
                record: Record::new(EntityKind::Colleague, id(n), Uuid::nil()),
                team_id: None,
            };
            (key, stored)
        })
        .collect()
}

fn change(kind: EntityKind, n: u128, fields: serde_json::Value, deleted: bool) -> Change {
    Change {
        change_id: Uuid::now_v7(),
        entity: kind,
        entity_id: id(n),
        hlc: "001765000000000000-00001-dev".into(),
        fields: fields
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        deleted,
        base: Default::default(),
    }
}

/// Check `change` by `who`, leaving `after` as what it makes of the record.
fn check_as(who: u128, change: &Change, after: Node) -> Result<(), Rejection> {
    let mut g = graph();
    check_access(&caller(who), change, &mut g, &directory(), false, after)
}

fn code(r: Result<(), Rejection>) -> Option<RejectCode> {
    r.err().map(|(code, _)| code)
}

#[test]
fn the_accounts_editors_edit_its_contacts_and_its_team_only_sees_them() {
    let edit = change(EntityKind::Contact, 102, json!({"phone": "1"}), false);
    let after = node(EntityKind::Contact, 102, ANN, on_account(100));
    for (who, expected) in [
        (ANN, None),
        (MAX, None),
        (PAT, None),
        (RIO, Some(RejectCode::Forbidden)),
        (OLGA, Some(RejectCode::Forbidden)),
    ] {
        assert_eq!(
            code(check_as(who, &edit, after.clone())),
            expected,
            "user {who}"
        );
    }
    // A rep of the team adds nothing to a teammate's account; the colleague it is shared with does.
    let new = change(EntityKind::Contact, 104, json!({"name": "x"}), false);
    let mine = |who| node(EntityKind::Contact, 104, who, on_account(100));
    assert_eq!(
        code(check_as(RIO, &new, mine(RIO))),
        Some(RejectCode::Forbidden)
    );
    assert_eq!(code(check_as(PAT, &new, mine(PAT))), None);
    // Nor moves one of his own under it.
    let mut g = graph();
    g.insert(node(EntityKind::Customer, 110, RIO, on_account(110)));
    g.insert(node(EntityKind::Contact, 111, RIO, on_account(110)));
    let moving = change(
        EntityKind::Contact,
        111,
        json!({"account_id": id(100).to_string()}),
        false,
    );
    let moved = node(EntityKind::Contact, 111, RIO, on_account(100));
    let refused = check_access(&caller(RIO), &moving, &mut g, &directory(), false, moved);
    assert_eq!(code(refused), Some(RejectCode::Forbidden));
    assert_eq!(
        g.get(&(EntityKind::Contact, id(111)))
            .unwrap()
            .links
            .account,
        Some(id(110)),
        "a refused change leaves the graph as it was"
    );
}

#[test]
fn only_who_may_edit_the_account_or_opportunity_shares_it() {
    let give = |with: u128| {
        change(
            EntityKind::AccountShare,
            105,
            json!({"account_id": id(100).to_string(), "user_id": id(with).to_string()}),
            false,
        )
    };
    let shared = |by: u128, with: u128| {
        node(
            EntityKind::AccountShare,
            105,
            by,
            Links {
                user: Some(id(with)),
                ..on_account(100)
            },
        )
    };
    assert_eq!(code(check_as(ANN, &give(OLGA), shared(ANN, OLGA))), None);
    assert_eq!(code(check_as(MAX, &give(OLGA), shared(MAX, OLGA))), None);
    assert_eq!(code(check_as(PAT, &give(OLGA), shared(PAT, OLGA))), None);
    assert_eq!(
        code(check_as(RIO, &give(OLGA), shared(RIO, OLGA))),
        Some(RejectCode::Forbidden),
        "a rep cannot share what he may not edit"
    );
    // Withdrawing: the same.
    let withdraw = change(EntityKind::AccountShare, 101, json!({}), true);
    let gone = Node {
        deleted: true,
        ..share(101, 100, PAT)
    };
    assert_eq!(
        code(check_as(RIO, &withdraw, gone.clone())),
        Some(RejectCode::Forbidden)
    );
    assert_eq!(code(check_as(ANN, &withdraw, gone)), None);
    // Brought back, it names the colleague it named before (the change need not name it again).
    let mut g = graph();
    g.insert(Node {
        deleted: true,
        ..share(101, 100, PAT)
    });
    let restore = change(EntityKind::AccountShare, 101, json!({}), false);
    assert_eq!(
        code(check_access(
            &caller(ANN),
            &restore,
            &mut g,
            &HashMap::new(),
            false,
            share(101, 100, PAT)
        )),
        None
    );
    // A share must name a colleague, and an account the server holds.
    assert_eq!(
        code(check_as(ANN, &give(55), shared(ANN, 55))),
        Some(RejectCode::InvalidField)
    );
    let elsewhere = node(
        EntityKind::AccountShare,
        106,
        ANN,
        Links {
            user: Some(id(OLGA)),
            ..on_account(999)
        },
    );
    assert_eq!(
        code(check_as(ANN, &give(OLGA), elsewhere)),
        Some(RejectCode::Forbidden)
    );
    // Members of an opportunity: its editors add them (a member adds another), others not.
    let add = change(
        EntityKind::OpportunityMember,
        307,
        json!({"user_id": id(PAT).to_string()}),
        false,
    );
    let member = |by| {
        node(
            EntityKind::OpportunityMember,
            307,
            by,
            Links {
                user: Some(id(PAT)),
                ..on_opportunity(300)
            },
        )
    };
    assert_eq!(code(check_as(OLGA, &add, member(OLGA))), None);
    assert_eq!(
        code(check_as(RIO, &add, member(RIO))),
        Some(RejectCode::Forbidden)
    );
}

#[test]
fn a_stage_change_is_written_once() {
    let edit = change(EntityKind::StageChange, 302, json!({"reason": "x"}), false);
    let after = node(EntityKind::StageChange, 302, ANN, on_opportunity(300));
    assert_eq!(
        code(check_as(ANN, &edit, after.clone())),
        Some(RejectCode::Forbidden)
    );
    let delete = change(EntityKind::StageChange, 302, json!({}), true);
    assert_eq!(
        code(check_as(MAX, &delete, after.clone())),
        Some(RejectCode::Forbidden)
    );
    // Its first push may come as several changes of one batch.
    let mut g = graph();
    assert_eq!(
        code(check_access(
            &caller(ANN),
            &edit,
            &mut g,
            &directory(),
            true,
            after
        )),
        None
    );
}

#[test]
fn the_quotes_owner_or_the_opportunitys_owner_records_the_clients_answer() {
    let quote = node(EntityKind::Quote, 303, RIO, on_opportunity(300));
    let accept = change(
        EntityKind::Quote,
        303,
        json!({"status": "accepted", "accepted_at": "2026-12-01T10:00:00+08:00", "accepted_by": "Ann"}),
        false,
    );
    assert_eq!(code(check_as(RIO, &accept, quote.clone())), None);
    assert_eq!(
        code(check_as(ANN, &accept, quote.clone())),
        None,
        "the opportunity's owner"
    );
    assert_eq!(
        code(check_as(MAX, &accept, quote.clone())),
        Some(RejectCode::Forbidden),
        "a manager decides approvals, not the client's answer"
    );
    assert_eq!(
        code(check_as(OLGA, &accept, quote.clone())),
        Some(RejectCode::Forbidden)
    );
    // Anything more than the answer needs the quote's editors.
    let more = change(
        EntityKind::Quote,
        303,
        json!({"status": "rejected", "notes": "too dear"}),
        false,
    );
    assert_eq!(
        code(check_as(ANN, &more, quote.clone())),
        Some(RejectCode::Forbidden)
    );
    assert_eq!(code(check_as(RIO, &more, quote)), None);
}
