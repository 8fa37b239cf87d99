//! The rules as one table: every row of the module docs, for the people around one account.
//!
//! Team north: Ann (rep, owns the account and its opportunity), Rio (rep), Max (manager). Team south: Sam
//! (rep), Sue (manager). Team east: Pat (the account is shared with her), Olga and Wes (members of the
//! opportunity), Ida (sees nothing of it). Root is an admin.

use super::*;

fn user(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const ANN: u128 = 1;
const RIO: u128 = 2;
const MAX: u128 = 3;
const SAM: u128 = 4;
const SUE: u128 = 5;
const PAT: u128 = 6;
const OLGA: u128 = 7;
const WES: u128 = 8;
const IDA: u128 = 9;
const ROOT: u128 = 10;

fn team_of(n: u128) -> Option<String> {
    match n {
        ANN | RIO | MAX => Some("north".into()),
        SAM | SUE => Some("south".into()),
        PAT | OLGA | WES | IDA => Some("east".into()),
        _ => None,
    }
}

fn caller(n: u128) -> Caller {
    let role = match n {
        MAX | SUE => Role::Manager,
        ROOT => Role::Admin,
        _ => Role::Rep,
    };
    Caller {
        user_id: user(n),
        role,
        team_id: team_of(n),
    }
}

fn owner(n: u128) -> Owner {
    Owner {
        user_id: user(n),
        team_id: team_of(n),
    }
}

fn account() -> AccountScope {
    AccountScope {
        owner: owner(ANN),
        shared_with: vec![user(PAT)],
        opportunity_members: vec![user(ANN), user(OLGA), user(WES)],
    }
}

fn opportunity() -> OpportunityScope {
    OpportunityScope {
        owner: owner(ANN),
        members: vec![user(OLGA), user(WES)],
    }
}

/// A record of `kind` owned by `by`, on the account (and on the opportunity when `in_opportunity`).
fn record(kind: EntityKind, by: u128, in_opportunity: bool) -> Subject {
    Subject {
        account: Some(account()),
        opportunity: in_opportunity.then(opportunity),
        ..Subject::new(kind, owner(by))
    }
}

const EVERYONE: [u128; 10] = [ANN, RIO, MAX, SAM, SUE, PAT, OLGA, WES, IDA, ROOT];

/// `(what, record, who sees it, who edits it)`: everyone else may neither.
fn table() -> Vec<(&'static str, Subject, Vec<u128>, Vec<u128>)> {
    use EntityKind as K;
    let account_editors = vec![ANN, MAX, PAT, ROOT];
    let account_viewers = vec![ANN, RIO, MAX, PAT, OLGA, WES, ROOT];
    let opportunity_editors = vec![ANN, MAX, OLGA, WES, ROOT];
    let mut rows = vec![
        // Accounts and what hangs under them.
        (
            "the account",
            record(K::Customer, ANN, false),
            account_viewers.clone(),
            account_editors.clone(),
        ),
        (
            "a contact added by the colleague it is shared with",
            record(K::Contact, PAT, false),
            account_viewers.clone(),
            account_editors.clone(),
        ),
        (
            "an account share",
            record(K::AccountShare, ANN, false),
            account_viewers.clone(),
            account_editors.clone(),
        ),
        (
            "the account's usual buying process",
            record(K::BuyingStep, ANN, false),
            account_viewers.clone(),
            account_editors.clone(),
        ),
        (
            "an account-level activity by the owner",
            record(K::Activity, ANN, false),
            account_viewers.clone(),
            account_editors.clone(),
        ),
        (
            "an account-level activity an opportunity member added",
            record(K::Activity, OLGA, false),
            account_viewers.clone(),
            vec![ANN, MAX, PAT, OLGA, ROOT],
        ),
        (
            "feedback an opportunity member added, assigned to Rio",
            Subject {
                assignee: Some(user(RIO)),
                ..record(K::Feedback, WES, false)
            },
            account_viewers.clone(),
            vec![ANN, RIO, MAX, PAT, WES, ROOT],
        ),
        (
            "feedback assigned to Ida, who does not see the account",
            Subject {
                assignee: Some(user(IDA)),
                ..record(K::Feedback, ANN, false)
            },
            account_viewers.clone(),
            account_editors.clone(),
        ),
        // Opportunities and what hangs under them.
        (
            "the opportunity",
            record(K::Opportunity, ANN, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "an opportunity member",
            record(K::OpportunityMember, ANN, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "a stage change",
            record(K::StageChange, OLGA, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "the needs",
            record(K::Needs, ANN, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "a requirement",
            record(K::Requirement, OLGA, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "an activity of the opportunity",
            record(K::Activity, ANN, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "the opportunity's buying steps",
            record(K::BuyingStep, ANN, true),
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        (
            "a workstream owned by Pat, who sees the account but is no member",
            Subject {
                workstream_owner: Some(user(PAT)),
                ..record(K::Workstream, ANN, true)
            },
            account_viewers.clone(),
            vec![ANN, MAX, PAT, OLGA, WES, ROOT],
        ),
        (
            "an item of Pat's workstream",
            Subject {
                workstream_owner: Some(user(PAT)),
                ..record(K::WorkstreamItem, OLGA, true)
            },
            account_viewers.clone(),
            vec![ANN, MAX, PAT, OLGA, WES, ROOT],
        ),
        (
            "a workstream owned by Ida, who sees nothing of the opportunity",
            Subject {
                workstream_owner: Some(user(IDA)),
                ..record(K::Workstream, ANN, true)
            },
            account_viewers.clone(),
            opportunity_editors.clone(),
        ),
        // Quotes: not the whole team.
        (
            "a quote of the opportunity",
            record(K::Quote, ANN, true),
            vec![ANN, MAX, OLGA, WES, ROOT],
            vec![ANN, MAX, ROOT],
        ),
        (
            "a line of a quote of the opportunity",
            record(K::QuoteLine, ANN, true),
            vec![ANN, MAX, OLGA, WES, ROOT],
            vec![ANN, MAX, ROOT],
        ),
        (
            "Rio's quote of Ann's opportunity",
            record(K::Quote, RIO, true),
            vec![ANN, RIO, MAX, OLGA, WES, ROOT],
            vec![RIO, MAX, ROOT],
        ),
        // A proposal prints its quote: the quote's rules.
        (
            "a proposal of the opportunity",
            record(K::Proposal, ANN, true),
            vec![ANN, MAX, OLGA, WES, ROOT],
            vec![ANN, MAX, ROOT],
        ),
        (
            "a quote made without an opportunity",
            record(K::Quote, ANN, false),
            vec![ANN, MAX, ROOT],
            vec![ANN, MAX, ROOT],
        ),
        // A record whose account is not known yet counts as its owner's own account.
        (
            "a contact of an account not synced yet",
            Subject::new(K::Contact, owner(RIO)),
            vec![ANN, RIO, MAX, ROOT],
            vec![RIO, MAX, ROOT],
        ),
        (
            "another team's account",
            Subject {
                account: Some(AccountScope {
                    owner: owner(SAM),
                    shared_with: vec![],
                    opportunity_members: vec![],
                }),
                ..Subject::new(K::Customer, owner(SAM))
            },
            vec![SAM, SUE, ROOT],
            vec![SAM, SUE, ROOT],
        ),
    ];
    // Server-owned kinds: everyone reads, admins write.
    for kind in [
        K::CompanyProfile,
        K::Product,
        K::PriceList,
        K::PriceListEntry,
        K::Colleague,
    ] {
        rows.push((
            "a server-owned record",
            Subject::new(kind, owner(ROOT)),
            EVERYONE.to_vec(),
            vec![ROOT],
        ));
    }
    // Content blocks: the company's are everyone's to read and admins' to write; a personal one is its
    // owner's alone (on an account or not, in a team or not).
    rows.push((
        "a company content block",
        Subject::new(
            K::ContentBlock,
            Owner {
                user_id: crate::content::COMPANY_OWNER,
                team_id: None,
            },
        ),
        EVERYONE.to_vec(),
        vec![ROOT],
    ));
    rows.push((
        "a personal content block",
        record(K::ContentBlock, ANN, true),
        vec![ANN, ROOT],
        vec![ANN, ROOT],
    ));
    rows
}

#[test]
fn who_sees_and_who_edits_each_kind_of_record() {
    let mut kinds_covered = std::collections::BTreeSet::new();
    for (what, subject, sees, edits) in table() {
        kinds_covered.insert(subject.kind);
        for who in EVERYONE {
            let c = caller(who);
            assert_eq!(
                may_see(&c, &subject),
                sees.contains(&who),
                "may user {who} see {what}?"
            );
            assert_eq!(
                may_edit(&c, &subject),
                edits.contains(&who),
                "may user {who} edit {what}?"
            );
            assert!(
                !may_edit(&c, &subject) || may_see(&c, &subject),
                "user {who} may edit {what} without seeing it"
            );
        }
    }
    assert_eq!(
        kinds_covered.len(),
        EntityKind::ALL.len(),
        "every kind has a row"
    );
}

#[test]
fn only_who_may_edit_an_account_or_opportunity_may_share_it() {
    let cases = [
        (
            record(EntityKind::Customer, ANN, false),
            vec![ANN, MAX, PAT, ROOT],
        ),
        (
            record(EntityKind::Opportunity, ANN, true),
            vec![ANN, MAX, OLGA, WES, ROOT],
        ),
        // Nothing else is shared, whoever edits it.
        (record(EntityKind::Contact, ANN, false), vec![]),
        (record(EntityKind::Quote, ANN, true), vec![]),
    ];
    for (root, sharers) in cases {
        for who in EVERYONE {
            assert_eq!(
                may_share(&caller(who), &root),
                sharers.contains(&who),
                "may user {who} share a {}?",
                root.kind.as_str()
            );
        }
    }
}

#[test]
fn the_quote_owner_or_the_opportunity_owner_marks_it_accepted_or_rejected() {
    let rios_quote = record(EntityKind::Quote, RIO, true);
    let marks: Vec<u128> = EVERYONE
        .into_iter()
        .filter(|w| may_mark_quote_outcome(&caller(*w), &rios_quote))
        .collect();
    assert_eq!(marks, [ANN, RIO, ROOT]);
    let standalone = record(EntityKind::Quote, RIO, false);
    let marks: Vec<u128> = EVERYONE
        .into_iter()
        .filter(|w| may_mark_quote_outcome(&caller(*w), &standalone))
        .collect();
    assert_eq!(marks, [RIO, ROOT]);
}

#[test]
fn stage_changes_are_written_once() {
    assert!(written_once(EntityKind::StageChange));
    for kind in EntityKind::ALL {
        assert_eq!(written_once(kind), kind == EntityKind::StageChange);
    }
}

#[test]
fn roles_read_in_any_case() {
    assert_eq!(" Manager ".parse::<Role>(), Ok(Role::Manager));
    assert!("boss".parse::<Role>().is_err());
    assert_eq!(serde_json::to_value(Role::Admin).unwrap(), "admin");
    assert!(Role::Manager.may_approve() && !Role::Rep.may_approve());
    assert!(!Role::Admin.needs_team());
}

#[test]
fn roles_read_and_write_as_their_names() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        assert_eq!(
            serde_json::to_value(role).expect("serializes"),
            serde_json::json!(role.as_str())
        );
    }
    assert_eq!(" Manager ".parse::<Role>(), Ok(Role::Manager));
    assert_eq!(
        "boss".parse::<Role>().unwrap_err().to_string(),
        "unknown role \"boss\": use rep, manager or admin"
    );
}

#[test]
fn managers_and_admins_decide_and_admins_need_no_team() {
    assert!(!Role::Rep.may_approve());
    assert!(Role::Manager.may_approve() && Role::Admin.may_approve());
    assert!(Role::Rep.needs_team() && Role::Manager.needs_team());
    assert!(!Role::Admin.needs_team());
}
