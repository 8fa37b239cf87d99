//! Who sees what, on SQLite and on PostgreSQL: accounts are their team's, shares and opportunity members
//! bring an account to colleagues of other teams (with what was made before the share) and take it away
//! when withdrawn, quotes stay with their owner, the owner's managers and the opportunity's members, and
//! only who may edit an account or opportunity shares it. Pulls are folded into a device's view as a device
//! does (records in, revocations out) and compared with `domain::access::may_see`, record by record and user
//! by user.
#![allow(clippy::unwrap_used, clippy::too_many_lines)] // test code: a panic is a failed test

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::{Api, Backend, Device, TestDb, TestServer, rejection};
use fieldquote_domain::access::{
    self, AccountScope, OpportunityScope, Owner, Role as AccessRole, Subject, may_see,
};
use fieldquote_domain::sync::{Change, EntityKind, RejectCode};
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    a_rep_sees_the_teams_accounts_and_not_another_teams,
    a_share_brings_what_was_made_before_and_its_withdrawal_takes_it_away,
    a_rep_cannot_share_what_he_may_not_edit,
    quotes_of_an_opportunity_are_its_members_not_the_teams,
    a_sent_proposal_is_frozen_and_its_signature_witnessed,
    pull_visibility_is_may_see_for_every_kind_role_and_relation,
    the_directory_names_every_user_and_a_new_one_gets_the_teams_accounts,
    the_migration_builds_the_index_from_protocol_1_data,
);

/// Everyone: team North (ann and rio, reps; max, manager), South (sam, rep; sue, manager), East (pat, olga,
/// ida, reps), and root (admin).
struct Cast {
    s: TestServer,
    api: HashMap<&'static str, Api>,
    dev: HashMap<&'static str, Device>,
    id: HashMap<&'static str, Uuid>,
}

const PEOPLE: [(&str, Role, Option<&str>); 9] = [
    ("ann", Role::Rep, Some("North")),
    ("rio", Role::Rep, Some("North")),
    ("max", Role::Manager, Some("North")),
    ("sam", Role::Rep, Some("South")),
    ("sue", Role::Manager, Some("South")),
    ("pat", Role::Rep, Some("East")),
    ("olga", Role::Rep, Some("East")),
    ("ida", Role::Rep, Some("East")),
    ("root", Role::Admin, None),
];

async fn cast(backend: Backend) -> Option<Cast> {
    let s = TestServer::start(backend).await?;
    for team in ["North", "South", "East"] {
        s.add_team(team).await;
    }
    let mut id = HashMap::new();
    let mut api = HashMap::new();
    let mut dev = HashMap::new();
    for (name, role, team) in PEOPLE {
        let u = s.add_user(&format!("{name}@example.com"), role, team).await;
        id.insert(name, Uuid::parse_str(&u.id).unwrap());
        api.insert(name, s.api(&format!("{name}@example.com")).await);
        dev.insert(name, Device::new(&format!("{name}-laptop")));
    }
    Some(Cast { s, api, dev, id })
}

type Key = (EntityKind, Uuid);

impl Cast {
    /// `who` writes `fields` to a new or existing record, accepted.
    async fn put(&mut self, who: &'static str, kind: EntityKind, id: Uuid, fields: Value) {
        let c = self.dev.get_mut(who).unwrap().change(kind, id, fields);
        self.api[who].push_accepted(&[c]).await;
    }

    /// `who` makes a new record.
    async fn make(&mut self, who: &'static str, kind: EntityKind, fields: Value) -> Uuid {
        let id = Uuid::now_v7();
        self.put(who, kind, id, fields).await;
        id
    }

    async fn delete(&mut self, who: &'static str, kind: EntityKind, id: Uuid) {
        let c = self.dev.get_mut(who).unwrap().delete(kind, id);
        self.api[who].push_accepted(&[c]).await;
    }

    /// What `who`'s pushes of `changes` are answered.
    async fn codes(&self, who: &str, changes: &[Change]) -> Vec<Option<RejectCode>> {
        let out = self.api[who].push(changes).await;
        out.results.iter().map(|r| rejection(&r.outcome)).collect()
    }

    fn caller(&self, who: &str) -> access::Caller {
        let (_, role, team) = PEOPLE.iter().find(|p| p.0 == who).unwrap();
        access::Caller {
            user_id: self.id[who],
            role: match role {
                Role::Rep => AccessRole::Rep,
                Role::Manager => AccessRole::Manager,
                Role::Admin => AccessRole::Admin,
            },
            team_id: team.map(|t| t.to_string()),
        }
    }
}

/// A device's view of the server: pages folded in, records replacing, revocations removing.
#[derive(Default)]
struct View {
    cursor: i64,
    records: BTreeMap<Key, fieldquote_domain::sync::Record>,
    revoked: usize,
}

impl View {
    /// Pull until caught up, in pages of `limit`.
    async fn sync(&mut self, api: &Api, limit: i64) {
        loop {
            let page = api.pull(self.cursor, limit).await;
            let mut seqs: Vec<i64> = page.records.iter().map(|r| r.seq).collect();
            seqs.extend(page.revoked.iter().map(|r| r.seq));
            seqs.sort_unstable();
            assert!(seqs.windows(2).all(|w| w[0] < w[1]), "one seq each");
            assert!(seqs.first().is_none_or(|s| *s > self.cursor));
            assert_eq!(seqs.last().copied().unwrap_or(self.cursor), page.cursor);
            let mut keys: Vec<Key> = page
                .records
                .iter()
                .map(|r| (r.record.entity, r.record.id))
                .chain(page.revoked.iter().map(|r| (r.entity, r.id)))
                .collect();
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "a record at most once per page");
            for r in page.records {
                self.records
                    .insert((r.record.entity, r.record.id), r.record);
            }
            for r in &page.revoked {
                self.records.remove(&(r.entity, r.id));
            }
            self.revoked += page.revoked.len();
            self.cursor = page.cursor;
            if !page.has_more {
                return;
            }
        }
    }

    fn keys(&self) -> BTreeSet<Key> {
        self.records
            .keys()
            .filter(|k| !k.0.server_owned())
            .copied()
            .collect()
    }
}

fn s(id: Uuid) -> String {
    id.to_string()
}

fn customer(name: &str) -> Value {
    json!({"name": name, "contact_person": "", "phone": "", "email": "", "address": "", "tax_id": ""})
}

async fn a_rep_sees_the_teams_accounts_and_not_another_teams(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann_account = c
        .make("ann", EntityKind::Customer, customer("华东机电"))
        .await;
    let contact = c
        .make(
            "ann",
            EntityKind::Contact,
            json!({"account_id": s(ann_account), "name": "王芳"}),
        )
        .await;
    let max_account = c.make("max", EntityKind::Customer, customer("Max's")).await;
    let sam_account = c.make("sam", EntityKind::Customer, customer("Sam's")).await;
    let mut rio = View::default();
    rio.sync(&c.api["rio"], 2).await;
    assert_eq!(
        rio.keys(),
        BTreeSet::from([
            (EntityKind::Customer, ann_account),
            (EntityKind::Contact, contact),
            (EntityKind::Customer, max_account),
        ]),
        "a rep sees the team's accounts (a teammate's and the manager's) with their contacts"
    );
    let mut sue = View::default();
    sue.sync(&c.api["sue"], 500).await;
    assert_eq!(
        sue.keys(),
        BTreeSet::from([(EntityKind::Customer, sam_account)])
    );
    // Rio sees Ann's account but may not change it, nor add to it.
    let rio_dev = c.dev.get_mut("rio").unwrap();
    let edit = rio_dev.change(EntityKind::Customer, ann_account, json!({"phone": "1"}));
    let add = rio_dev.change(
        EntityKind::Contact,
        Uuid::now_v7(),
        json!({"account_id": s(ann_account), "name": "x"}),
    );
    let theirs = rio_dev.change(
        EntityKind::Contact,
        Uuid::now_v7(),
        json!({"account_id": s(sam_account), "name": "x"}),
    );
    assert_eq!(
        c.codes("rio", &[edit, add, theirs]).await,
        vec![Some(RejectCode::Forbidden); 3]
    );
    // The manager may.
    c.put(
        "max",
        EntityKind::Customer,
        ann_account,
        json!({"phone": "021"}),
    )
    .await;
    rio.sync(&c.api["rio"], 500).await;
    assert_eq!(
        rio.records[&(EntityKind::Customer, ann_account)].fields["phone"].value,
        json!("021")
    );
}

async fn a_share_brings_what_was_made_before_and_its_withdrawal_takes_it_away(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    // Ann's account with a contact, an opportunity with its needs, an activity and a workstream with an
    // item: all made before any share.
    let account = c
        .make("ann", EntityKind::Customer, customer("苏州精工"))
        .await;
    let contact = c
        .make(
            "ann",
            EntityKind::Contact,
            json!({"account_id": s(account), "name": "李工"}),
        )
        .await;
    let opportunity = c
        .make(
            "ann",
            EntityKind::Opportunity,
            json!({"account_id": s(account), "name": "Line 3", "stage": "needs_identified"}),
        )
        .await;
    c.put(
        "ann",
        EntityKind::Needs,
        opportunity,
        json!({"opportunity_id": s(opportunity), "pains": "downtime"}),
    )
    .await;
    let activity = c
        .make(
            "ann",
            EntityKind::Activity,
            json!({"account_id": s(account), "opportunity_id": s(opportunity), "kind": "visit"}),
        )
        .await;
    let workstream = c
        .make(
            "ann",
            EntityKind::Workstream,
            json!({"opportunity_id": s(opportunity), "kind": "technical"}),
        )
        .await;
    let item = c
        .make(
            "ann",
            EntityKind::WorkstreamItem,
            json!({"workstream_id": s(workstream), "text": "site survey"}),
        )
        .await;
    let everything = BTreeSet::from([
        (EntityKind::Customer, account),
        (EntityKind::Contact, contact),
        (EntityKind::Opportunity, opportunity),
        (EntityKind::Needs, opportunity),
        (EntityKind::Activity, activity),
        (EntityKind::Workstream, workstream),
        (EntityKind::WorkstreamItem, item),
    ]);
    let mut pat = View::default();
    pat.sync(&c.api["pat"], 3).await;
    assert!(
        pat.keys().is_empty(),
        "another team's colleague sees nothing yet"
    );

    // Ann makes Pat (East) a member of the opportunity: Pat's next pull brings the opportunity and its
    // account, with everything made before.
    let member = c
        .make(
            "ann",
            EntityKind::OpportunityMember,
            json!({"opportunity_id": s(opportunity), "user_id": s(c.id["pat"]), "role": "presales"}),
        )
        .await;
    pat.sync(&c.api["pat"], 3).await;
    let mut expected = everything.clone();
    expected.insert((EntityKind::OpportunityMember, member));
    assert_eq!(pat.keys(), expected);
    assert_eq!(pat.revoked, 0);
    // What Pat adds reaches Ann; Pat works the opportunity (a member edits it).
    let requirement = c
        .make(
            "pat",
            EntityKind::Requirement,
            json!({"opportunity_id": s(opportunity), "text": "SIL 2", "priority": "must"}),
        )
        .await;
    c.put(
        "pat",
        EntityKind::Opportunity,
        opportunity,
        json!({"probability": 40}),
    )
    .await;
    let mut ann = View::default();
    ann.sync(&c.api["ann"], 500).await;
    assert!(ann.keys().contains(&(EntityKind::Requirement, requirement)));
    assert_eq!(
        ann.records[&(EntityKind::Opportunity, opportunity)].fields["probability"].value,
        json!(40)
    );
    // An account share brings the account (and, as whoever sees an account sees its opportunities, the
    // rest) to Olga too.
    let share = c
        .make(
            "ann",
            EntityKind::AccountShare,
            json!({"account_id": s(account), "user_id": s(c.id["olga"])}),
        )
        .await;
    let mut olga = View::default();
    olga.sync(&c.api["olga"], 2).await;
    assert!(olga.keys().is_superset(&everything));
    assert!(olga.keys().contains(&(EntityKind::AccountShare, share)));

    // Withdrawn: Pat's next pull takes all of it away (revocations), nothing else changes for her.
    c.delete("ann", EntityKind::OpportunityMember, member).await;
    pat.sync(&c.api["pat"], 3).await;
    assert!(
        pat.keys().is_empty(),
        "everything of the account left Pat's view: {:?}",
        pat.keys()
    );
    assert!(pat.revoked >= everything.len());
    // Olga keeps it (her share stands) and learns the member was removed (a tombstone).
    olga.sync(&c.api["olga"], 500).await;
    assert!(olga.keys().is_superset(&everything));
    assert!(olga.records[&(EntityKind::OpportunityMember, member)].is_deleted());
    // The share withdrawn too.
    c.delete("ann", EntityKind::AccountShare, share).await;
    olga.sync(&c.api["olga"], 500).await;
    assert!(olga.keys().is_empty(), "{:?}", olga.keys());
    // A fresh device of Pat's (from the start) agrees with her incremental view.
    let mut fresh = View::default();
    fresh.sync(&c.api["pat"], 1000).await;
    assert_eq!(fresh.keys(), pat.keys());
    // Pat may no longer write to it.
    let pat_dev = c.dev.get_mut("pat").unwrap();
    let late = pat_dev.change(
        EntityKind::Requirement,
        requirement,
        json!({"text": "SIL 3"}),
    );
    assert_eq!(c.codes("pat", &[late]).await, [Some(RejectCode::Forbidden)]);
    // Shared again: everything comes back.
    c.put(
        "ann",
        EntityKind::OpportunityMember,
        member,
        json!({"opportunity_id": s(opportunity), "user_id": s(c.id["pat"]), "role": "presales"}),
    )
    .await;
    pat.sync(&c.api["pat"], 3).await;
    assert!(pat.keys().is_superset(&everything));
    assert!(pat.keys().contains(&(EntityKind::Requirement, requirement)));
}

async fn a_rep_cannot_share_what_he_may_not_edit(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let account = c.make("ann", EntityKind::Customer, customer("A")).await;
    let opportunity = c
        .make(
            "ann",
            EntityKind::Opportunity,
            json!({"account_id": s(account), "name": "O"}),
        )
        .await;
    let before = common::sync_snapshot(c.s.accounts.db()).await;
    let (ida, pat) = (c.id["ida"], c.id["pat"]);
    let rio_dev = c.dev.get_mut("rio").unwrap();
    let share = rio_dev.change(
        EntityKind::AccountShare,
        Uuid::now_v7(),
        json!({"account_id": s(account), "user_id": s(ida)}),
    );
    let member = rio_dev.change(
        EntityKind::OpportunityMember,
        Uuid::now_v7(),
        json!({"opportunity_id": s(opportunity), "user_id": s(ida)}),
    );
    // Rio sees the team's account and its opportunity, but may not edit them: no sharing.
    assert_eq!(
        c.codes("rio", &[share.clone(), member.clone()]).await,
        vec![Some(RejectCode::Forbidden); 2]
    );
    // Ida (another team) sees nothing of it: the account is unknown to her, so it is no reference she may
    // make.
    let ida_share = Change {
        change_id: Uuid::now_v7(),
        ..share.clone()
    };
    assert_eq!(
        c.codes("ida", &[ida_share]).await,
        [Some(RejectCode::Forbidden)]
    );
    assert_eq!(
        common::sync_snapshot(c.s.accounts.db()).await.0,
        before.0,
        "nothing stored"
    );
    let mut ida_view = View::default();
    ida_view.sync(&c.api["ida"], 500).await;
    assert!(ida_view.keys().is_empty());
    // A share must name a colleague.
    let ann_dev = c.dev.get_mut("ann").unwrap();
    let nobody = ann_dev.change(
        EntityKind::AccountShare,
        Uuid::now_v7(),
        json!({"account_id": s(account), "user_id": s(Uuid::now_v7())}),
    );
    assert_eq!(
        c.codes("ann", &[nobody]).await,
        [Some(RejectCode::InvalidField)]
    );
    // The manager may share Ann's account; Pat, once it is shared with her, may share it on; a member of the
    // opportunity may add members, but not share the account.
    let max_share = c.dev.get_mut("max").unwrap().change(
        EntityKind::AccountShare,
        Uuid::now_v7(),
        json!({"account_id": s(account), "user_id": s(pat)}),
    );
    assert_eq!(c.codes("max", &[max_share]).await, [None]);
    let pat_share = c.dev.get_mut("pat").unwrap().change(
        EntityKind::AccountShare,
        Uuid::now_v7(),
        json!({"account_id": s(account), "user_id": s(c.id["olga"])}),
    );
    assert_eq!(c.codes("pat", &[pat_share]).await, [None]);
    c.make(
        "ann",
        EntityKind::OpportunityMember,
        json!({"opportunity_id": s(opportunity), "user_id": s(c.id["sam"])}),
    )
    .await;
    let sam_dev = c.dev.get_mut("sam").unwrap();
    let sam_member = sam_dev.change(
        EntityKind::OpportunityMember,
        Uuid::now_v7(),
        json!({"opportunity_id": s(opportunity), "user_id": s(ida)}),
    );
    let sam_share = sam_dev.change(
        EntityKind::AccountShare,
        Uuid::now_v7(),
        json!({"account_id": s(account), "user_id": s(ida)}),
    );
    assert_eq!(
        c.codes("sam", &[sam_member, sam_share]).await,
        [None, Some(RejectCode::Forbidden)]
    );
}

async fn quotes_of_an_opportunity_are_its_members_not_the_teams(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let account = c.make("ann", EntityKind::Customer, customer("A")).await;
    let opportunity = c
        .make(
            "ann",
            EntityKind::Opportunity,
            json!({"account_id": s(account), "name": "O"}),
        )
        .await;
    // Olga (East) is a member from the start; the quote is made after.
    c.make(
        "ann",
        EntityKind::OpportunityMember,
        json!({"opportunity_id": s(opportunity), "user_id": s(c.id["olga"])}),
    )
    .await;
    let quote = c
        .make(
            "ann",
            EntityKind::Quote,
            json!({"number": "Q-1", "customer_id": s(account), "opportunity_id": s(opportunity),
                   "status": "sent"}),
        )
        .await;
    let line = c
        .make(
            "ann",
            EntityKind::QuoteLine,
            json!({"quote_id": s(quote), "sku": "PLC", "quantity": "1"}),
        )
        .await;
    let quote_keys = BTreeSet::from([(EntityKind::Quote, quote), (EntityKind::QuoteLine, line)]);
    let mut views: HashMap<&str, View> = HashMap::new();
    for who in ["ann", "rio", "max", "olga", "pat", "root"] {
        let mut v = View::default();
        v.sync(&c.api[who], 500).await;
        views.insert(who, v);
    }
    for (who, sees) in [
        ("ann", true),
        ("max", true),
        ("olga", true),
        ("root", true),
        ("rio", false),
        ("pat", false),
    ] {
        assert_eq!(
            views[who].keys().is_superset(&quote_keys),
            sees,
            "{who} and the quote"
        );
        assert!(sees || views[who].keys().is_disjoint(&quote_keys), "{who}");
    }
    assert!(
        views["rio"]
            .keys()
            .contains(&(EntityKind::Opportunity, opportunity)),
        "Rio sees the team's opportunity, not its quotes"
    );
    // Olga records the client's answer? Only the quote's owner or the opportunity's owner does.
    let answer = json!({"status": "accepted", "accepted_at": "2026-12-01T10:00:00+08:00",
                        "accepted_by": "Ann Li"});
    let olga_says = c
        .dev
        .get_mut("olga")
        .unwrap()
        .change(EntityKind::Quote, quote, answer.clone());
    assert_eq!(
        c.codes("olga", &[olga_says]).await,
        [Some(RejectCode::Forbidden)]
    );
    let max_says = c
        .dev
        .get_mut("max")
        .unwrap()
        .change(EntityKind::Quote, quote, answer.clone());
    assert_eq!(
        c.codes("max", &[max_says]).await,
        [Some(RejectCode::Forbidden)]
    );
    c.put("ann", EntityKind::Quote, quote, answer).await;
    let olga = views.get_mut("olga").unwrap();
    olga.sync(&c.api["olga"], 500).await;
    assert_eq!(
        field_of(&olga.records[&(EntityKind::Quote, quote)], "status"),
        "accepted"
    );
    // Removed from the opportunity, Olga loses the quote with the rest.
    let member_id = olga
        .records
        .values()
        .find(|r| r.entity == EntityKind::OpportunityMember)
        .unwrap()
        .id;
    c.delete("ann", EntityKind::OpportunityMember, member_id)
        .await;
    olga.sync(&c.api["olga"], 500).await;
    assert!(olga.keys().is_empty(), "{:?}", olga.keys());
}

async fn a_sent_proposal_is_frozen_and_its_signature_witnessed(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let account = c.make("ann", EntityKind::Customer, customer("A")).await;
    let opportunity = c
        .make(
            "ann",
            EntityKind::Opportunity,
            json!({"account_id": s(account), "name": "O"}),
        )
        .await;
    // A laptop's new row carries every column, the server's witness fields empty.
    let hash = |c: char| c.to_string().repeat(64);
    let proposal = c
        .make(
            "ann",
            EntityKind::Proposal,
            json!({"opportunity_id": s(opportunity), "account_id": s(account), "title": "P",
                   "status": "draft", "version": 1, "witnessed_at": "", "witnessed_sha256": ""}),
        )
        .await;
    c.put(
        "ann",
        EntityKind::Proposal,
        proposal,
        json!({"status": "sent", "document_blob": hash('a'), "content_hash": hash('b')}),
    )
    .await;
    let dev = c.dev.get_mut("ann").unwrap();
    let refused = [
        dev.change(EntityKind::Proposal, proposal, json!({"title": "Changed"})),
        dev.change(
            EntityKind::Proposal,
            proposal,
            json!({"content_hash": hash('c')}),
        ),
        dev.change(EntityKind::Proposal, proposal, json!({"version": 2})),
        dev.change(
            EntityKind::Proposal,
            proposal,
            json!({"witnessed_at": "2026-01-01T00:00:00Z"}),
        ),
        dev.change(
            EntityKind::Proposal,
            proposal,
            json!({"sections": "not json"}),
        ),
        dev.delete(EntityKind::Proposal, proposal),
    ];
    assert_eq!(
        c.codes("ann", &refused).await,
        [
            Some(RejectCode::Forbidden),
            Some(RejectCode::Forbidden),
            Some(RejectCode::Forbidden),
            Some(RejectCode::Forbidden),
            Some(RejectCode::InvalidField),
            Some(RejectCode::Forbidden),
        ]
    );
    // The client signs: the server witnesses the hash they saw, with its own time.
    c.put(
        "ann",
        EntityKind::Proposal,
        proposal,
        json!({"status": "accepted", "seen_sha256": hash('d'), "signed_pdf_sha256": hash('e'),
               "signer_name": "钱海峰", "signed_at": "2026-12-06T10:00:00+08:00"}),
    )
    .await;
    let again = c.dev.get_mut("ann").unwrap().change(
        EntityKind::Proposal,
        proposal,
        json!({"signer_name": "Someone else"}),
    );
    assert_eq!(
        c.codes("ann", &[again]).await,
        [Some(RejectCode::Forbidden)],
        "signed once"
    );
    for who in ["ann", "max"] {
        let mut view = View::default();
        view.sync(&c.api[who], 500).await;
        let r = &view.records[&(EntityKind::Proposal, proposal)];
        assert_eq!(field_of(r, "status"), "accepted", "{who}");
        assert_eq!(field_of(r, "witnessed_sha256"), hash('d'), "{who}");
        assert!(field_of(r, "witnessed_at").starts_with("20"), "{who}");
    }
    // Sam, of another team, sees none of it.
    let mut sam = View::default();
    sam.sync(&c.api["sam"], 500).await;
    assert!(!sam.keys().contains(&(EntityKind::Proposal, proposal)));
}

fn field_of<'a>(r: &'a fieldquote_domain::sync::Record, name: &str) -> &'a str {
    r.fields[name].value.as_str().unwrap()
}

/// Every kind of record around one account and one opportunity, by who made it, with what it hangs under.
struct Made {
    key: Key,
    owner: &'static str,
    on_account: bool,
    on_opportunity: bool,
}

async fn pull_visibility_is_may_see_for_every_kind_role_and_relation(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let a = c.make("ann", EntityKind::Customer, customer("A")).await;
    let o = c
        .make(
            "ann",
            EntityKind::Opportunity,
            json!({"account_id": s(a), "name": "O"}),
        )
        .await;
    let share = c
        .make(
            "ann",
            EntityKind::AccountShare,
            json!({"account_id": s(a), "user_id": s(c.id["pat"])}),
        )
        .await;
    let member = c
        .make(
            "ann",
            EntityKind::OpportunityMember,
            json!({"opportunity_id": s(o), "user_id": s(c.id["olga"])}),
        )
        .await;
    let mut made = vec![
        Made {
            key: (EntityKind::Customer, a),
            owner: "ann",
            on_account: true,
            on_opportunity: false,
        },
        Made {
            key: (EntityKind::Opportunity, o),
            owner: "ann",
            on_account: true,
            on_opportunity: true,
        },
        Made {
            key: (EntityKind::AccountShare, share),
            owner: "ann",
            on_account: true,
            on_opportunity: false,
        },
        Made {
            key: (EntityKind::OpportunityMember, member),
            owner: "ann",
            on_account: true,
            on_opportunity: true,
        },
    ];
    let acc = s(a);
    let opp = s(o);
    // (who, kind, fields, on the opportunity)
    let workstream = Uuid::now_v7();
    let quote = Uuid::now_v7();
    let olga_quote = Uuid::now_v7();
    let loose_quote = Uuid::now_v7();
    let plan: Vec<(&'static str, EntityKind, Uuid, Value, bool)> = vec![
        (
            "ann",
            EntityKind::Contact,
            Uuid::now_v7(),
            json!({"account_id": acc}),
            false,
        ),
        (
            "pat",
            EntityKind::Contact,
            Uuid::now_v7(),
            json!({"account_id": acc}),
            false,
        ),
        (
            "ann",
            EntityKind::BuyingStep,
            Uuid::now_v7(),
            json!({"account_id": acc, "opportunity_id": ""}),
            false,
        ),
        (
            "ann",
            EntityKind::BuyingStep,
            Uuid::now_v7(),
            json!({"account_id": acc, "opportunity_id": opp}),
            true,
        ),
        (
            "olga",
            EntityKind::Activity,
            Uuid::now_v7(),
            json!({"account_id": acc, "opportunity_id": opp}),
            true,
        ),
        (
            "ann",
            EntityKind::Activity,
            Uuid::now_v7(),
            json!({"account_id": acc}),
            false,
        ),
        (
            "olga",
            EntityKind::Feedback,
            Uuid::now_v7(),
            json!({"account_id": acc}),
            false,
        ),
        (
            "ann",
            EntityKind::StageChange,
            Uuid::now_v7(),
            json!({"opportunity_id": opp, "to_stage": "quoted"}),
            true,
        ),
        (
            "ann",
            EntityKind::Workstream,
            workstream,
            json!({"opportunity_id": opp, "owner_user_id": s(c.id["olga"])}),
            true,
        ),
        (
            "olga",
            EntityKind::WorkstreamItem,
            Uuid::now_v7(),
            json!({"workstream_id": s(workstream)}),
            true,
        ),
        (
            "ann",
            EntityKind::Needs,
            o,
            json!({"opportunity_id": opp}),
            true,
        ),
        (
            "olga",
            EntityKind::Requirement,
            Uuid::now_v7(),
            json!({"opportunity_id": opp}),
            true,
        ),
        (
            "ann",
            EntityKind::Quote,
            quote,
            json!({"customer_id": acc, "opportunity_id": opp}),
            true,
        ),
        (
            "ann",
            EntityKind::QuoteLine,
            Uuid::now_v7(),
            json!({"quote_id": s(quote)}),
            true,
        ),
        (
            "olga",
            EntityKind::Quote,
            olga_quote,
            json!({"customer_id": acc, "opportunity_id": opp}),
            true,
        ),
        (
            "ann",
            EntityKind::Quote,
            loose_quote,
            json!({"customer_id": acc}),
            false,
        ),
        (
            "ann",
            EntityKind::QuoteLine,
            Uuid::now_v7(),
            json!({"quote_id": s(loose_quote)}),
            false,
        ),
        // A proposal is seen as its quote: the quote's owner, their managers, the opportunity's members.
        (
            "ann",
            EntityKind::Proposal,
            Uuid::now_v7(),
            json!({"opportunity_id": opp, "account_id": acc, "quote_id": s(quote), "title": "Ann's", "status": "draft"}),
            true,
        ),
        // Personal content blocks: their owners' alone, whatever they share.
        (
            "ann",
            EntityKind::ContentBlock,
            Uuid::now_v7(),
            json!({"kind": "faq", "scope": "personal", "title_en": "Ann's"}),
            false,
        ),
        (
            "olga",
            EntityKind::ContentBlock,
            Uuid::now_v7(),
            json!({"kind": "terms", "scope": "personal", "title_en": "Olga's"}),
            true,
        ),
        (
            "sam",
            EntityKind::Customer,
            Uuid::now_v7(),
            customer("South's"),
            false,
        ),
        (
            "rio",
            EntityKind::Customer,
            Uuid::now_v7(),
            customer("Rio's"),
            false,
        ),
    ];
    for (who, kind, id, fields, on_opportunity) in plan {
        c.put(who, kind, id, fields).await;
        let own_account = matches!(who, "sam" | "rio");
        made.push(Made {
            key: (kind, id),
            owner: who,
            on_account: !own_account,
            on_opportunity,
        });
    }
    let kinds: BTreeSet<EntityKind> = made.iter().map(|m| m.key.0).collect();
    let all_kinds: BTreeSet<EntityKind> = EntityKind::ALL
        .into_iter()
        .filter(|k| !k.server_owned())
        .collect();
    assert_eq!(kinds, all_kinds, "every kind a device pushes has a record");

    // Each step changes who is shared with; every user's incremental view must equal may_see's answer.
    let mut views: BTreeMap<&str, View> = BTreeMap::new();
    let steps: [(&str, Option<Step>); 4] = [
        ("as made", None),
        (
            "the account share withdrawn",
            Some(Step::Delete(EntityKind::AccountShare, share)),
        ),
        (
            "Olga removed from the opportunity",
            Some(Step::Delete(EntityKind::OpportunityMember, member)),
        ),
        ("Ida made a member", Some(Step::Member("ida"))),
    ];
    let mut shared_with = vec![c.id["pat"]];
    let mut members = vec![c.id["olga"]];
    for (what, step) in steps {
        match step {
            None => {}
            Some(Step::Delete(kind, id)) => {
                c.delete("ann", kind, id).await;
                shared_with.retain(|u| kind != EntityKind::AccountShare || *u != c.id["pat"]);
                members.retain(|u| kind != EntityKind::OpportunityMember || *u != c.id["olga"]);
            }
            Some(Step::Member(who)) => {
                let m = c
                    .make(
                        "ann",
                        EntityKind::OpportunityMember,
                        json!({"opportunity_id": opp, "user_id": s(c.id[who])}),
                    )
                    .await;
                made.push(Made {
                    key: (EntityKind::OpportunityMember, m),
                    owner: "ann",
                    on_account: true,
                    on_opportunity: true,
                });
                members.push(c.id[who]);
            }
        }
        let owner = |who: &str| Owner {
            user_id: c.id[who],
            team_id: PEOPLE
                .iter()
                .find(|p| p.0 == who)
                .unwrap()
                .2
                .map(str::to_string),
        };
        let account = AccountScope {
            owner: owner("ann"),
            shared_with: shared_with.clone(),
            opportunity_members: [c.id["ann"]].into_iter().chain(members.clone()).collect(),
        };
        let opportunity = OpportunityScope {
            owner: owner("ann"),
            members: members.clone(),
        };
        for (who, _, _) in PEOPLE {
            let view = views.entry(who).or_default();
            view.sync(&c.api[who], 3).await;
            let caller = c.caller(who);
            let expected: BTreeSet<Key> = made
                .iter()
                .filter(|m| {
                    // A line is its quote's; its subject's owner is the quote's owner.
                    let subject = Subject {
                        account: m.on_account.then(|| account.clone()),
                        opportunity: m.on_opportunity.then(|| opportunity.clone()),
                        ..Subject::new(m.key.0, owner(m.owner))
                    };
                    may_see(&caller, &subject)
                })
                .map(|m| m.key)
                .collect();
            assert_eq!(
                view.keys(),
                expected,
                "{what}: {who} sees exactly what may_see allows"
            );
        }
    }
}

enum Step {
    Delete(EntityKind, Uuid),
    Member(&'static str),
}

async fn the_directory_names_every_user_and_a_new_one_gets_the_teams_accounts(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let account = c.make("ann", EntityKind::Customer, customer("A")).await;
    let quote = c
        .make(
            "ann",
            EntityKind::Quote,
            json!({"customer_id": s(account), "number": "Q-1"}),
        )
        .await;
    let mut ida = View::default();
    ida.sync(&c.api["ida"], 500).await;
    let directory: BTreeMap<Uuid, &fieldquote_domain::sync::Record> = ida
        .records
        .values()
        .filter(|r| r.entity == EntityKind::Colleague)
        .map(|r| (r.id, r))
        .collect();
    assert_eq!(directory.len(), PEOPLE.len(), "every user, admins too");
    let ann_entry = directory[&c.id["ann"]];
    assert_eq!(ann_entry.owner_id, Uuid::nil(), "the server's");
    assert_eq!(
        ann_entry.values(),
        BTreeMap::from([
            ("name".to_string(), json!("User ann@example.com")),
            ("email".to_string(), json!("ann@example.com")),
            ("team_id".to_string(), ann_entry.values()["team_id"].clone()),
            ("team_name".to_string(), json!("North")),
            ("role".to_string(), json!("rep")),
            ("active".to_string(), json!(1)),
        ])
    );
    // Nobody but an admin writes it.
    let forged = c.dev.get_mut("ann").unwrap().change(
        EntityKind::Colleague,
        c.id["ann"],
        json!({"role": "admin"}),
    );
    assert_eq!(
        c.codes("ann", &[forged]).await,
        [Some(RejectCode::ServerOwned)]
    );

    // A user who joins North later receives the team's accounts on the first pull, not its quotes; a new
    // manager the quotes too.
    c.s.add_user("new@example.com", Role::Rep, Some("North"))
        .await;
    c.s.add_user("boss@example.com", Role::Manager, Some("North"))
        .await;
    let mut new = View::default();
    new.sync(&c.s.api("new@example.com").await, 500).await;
    assert_eq!(
        new.keys(),
        BTreeSet::from([(EntityKind::Customer, account)])
    );
    let mut boss = View::default();
    boss.sync(&c.s.api("boss@example.com").await, 500).await;
    assert_eq!(
        boss.keys(),
        BTreeSet::from([(EntityKind::Customer, account), (EntityKind::Quote, quote)])
    );
    // Everyone's directory grows; a disabled user shows inactive.
    c.s.accounts.disable_user("rio@example.com").await.unwrap();
    ida.sync(&c.api["ida"], 500).await;
    let entries: Vec<_> = ida
        .records
        .values()
        .filter(|r| r.entity == EntityKind::Colleague)
        .collect();
    assert_eq!(entries.len(), PEOPLE.len() + 2);
    let rio = ida.records[&(EntityKind::Colleague, c.id["rio"])].clone();
    assert_eq!(rio.fields["active"].value, json!(0));
    assert_eq!(rio.fields["name"].value, json!("User rio@example.com"));
    // A disabled user is in nobody's audience: Ann's later account reaches the team without him.
    let later = c.make("ann", EntityKind::Customer, customer("B")).await;
    let rows = fieldquote_server::repo::audience::rows_of_user(
        c.s.accounts.db().connection(),
        &c.id["rio"].to_string(),
    )
    .await
    .unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    new.sync(&c.s.api("new@example.com").await, 500).await;
    assert!(new.keys().contains(&(EntityKind::Customer, later)));
}

/// A server of the previous release (protocol 1: four migrations) holding Ann's customer, quote and line:
/// after the migration, Ann and her manager keep them at their seqs (their devices have them), Rio (her
/// teammate, who saw none of it before) receives the customer at a seq after every cursor of then, and not
/// the quote; everyone has the directory.
async fn the_migration_builds_the_index_from_protocol_1_data(backend: Backend) {
    use fieldquote_server::migration::Migrator;
    use sea_orm::{ConnectionTrait, Database, Statement};
    use sea_orm_migration::MigratorTrait;

    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let url = if db.url.starts_with("sqlite:") {
        format!("{}?mode=rwc", db.url)
    } else {
        db.url.clone()
    };
    let conn = Database::connect(&url).await.unwrap();
    Migrator::up(&conn, Some(4)).await.unwrap();
    let hash = fieldquote_server::password::hash(common::PASSWORD, common::test_config().hash_cost)
        .unwrap();
    let (ann, rio, max) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (customer_id, quote_id, line_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let doc = |fields: Value| {
        let mut out = serde_json::Map::new();
        for (k, v) in fields.as_object().unwrap() {
            out.insert(
                k.clone(),
                json!({"value": v, "hlc": "001765000000000000-00001-ann"}),
            );
        }
        out.insert(
            "_deleted".into(),
            json!({"value": false, "hlc": "001765000000000000-00001-ann"}),
        );
        Value::Object(out).to_string().replace('\'', "''")
    };
    let mut sql =
        vec!["INSERT INTO team (id, name, created_at) VALUES ('t-north', 'North', 1)".to_string()];
    for (id, name, role) in [
        (ann, "ann", "rep"),
        (rio, "rio", "rep"),
        (max, "max", "manager"),
    ] {
        sql.push(format!(
            "INSERT INTO app_user (id, email, name, role, team_id, password_hash, disabled, created_at) \
             VALUES ('{id}', '{name}@example.com', '{name}', '{role}', 't-north', '{hash}', FALSE, 1)"
        ));
    }
    for (seq, entity, id, fields) in [
        (1, "customer", customer_id, json!({"name": "华东机电"})),
        (
            2,
            "quote",
            quote_id,
            json!({"customer_id": customer_id.to_string(), "number": "Q-1"}),
        ),
        (
            3,
            "quote_line",
            line_id,
            json!({"quote_id": quote_id.to_string(), "sku": "PLC"}),
        ),
    ] {
        sql.push(format!(
            "INSERT INTO sync_record (entity, id, owner_id, team_id, doc, hlc, deleted, seq) VALUES \
             ('{entity}', '{id}', '{ann}', 't-north', '{}', '001765000000000000-00001-ann', FALSE, {seq})",
            doc(fields)
        ));
    }
    sql.push("UPDATE sync_counter SET last_seq = 3 WHERE id = 1".to_string());
    for q in sql {
        conn.execute_raw(Statement::from_string(conn.get_database_backend(), q))
            .await
            .unwrap();
    }
    conn.close().await.unwrap();

    let s = TestServer::serve(db, common::test_config()).await;
    let ids = BTreeMap::from([
        ((EntityKind::Customer, customer_id), 1),
        ((EntityKind::Quote, quote_id), 2),
        ((EntityKind::QuoteLine, line_id), 3),
    ]);
    for who in ["ann", "max"] {
        let api = s.api(&format!("{who}@example.com")).await;
        let (all, _) = api.pull_from(0, 500).await;
        let seqs: BTreeMap<Key, i64> = all
            .iter()
            .filter(|r| r.record.entity != EntityKind::Colleague)
            .map(|r| ((r.record.entity, r.record.id), r.seq))
            .collect();
        assert_eq!(seqs, ids, "{who} keeps the records at their seqs");
        // A device that had pulled up to seq 3 receives the directory only.
        let (after, _) = api.pull_from(3, 500).await;
        assert!(
            after
                .iter()
                .all(|r| r.record.entity == EntityKind::Colleague)
        );
        assert_eq!(after.len(), 3, "one entry per user");
    }
    let rio_api = s.api("rio@example.com").await;
    let (after, _) = rio_api.pull_from(3, 500).await;
    let got: BTreeSet<Key> = after
        .iter()
        .filter(|r| r.record.entity != EntityKind::Colleague)
        .map(|r| (r.record.entity, r.record.id))
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([(EntityKind::Customer, customer_id)]),
        "the team's account reaches Rio's device after its old cursor; the quote does not"
    );
    let rec = after.iter().find(|r| r.record.id == customer_id).unwrap();
    assert_eq!(rec.record.fields["name"].value, json!("华东机电"));
    assert_eq!(rec.record.owner_id, ann);
}
