//! Accounts on a real SQLite file: created, edited and deleted with their outbox entries, the list at any
//! size (real count, windows, sorts in pinyin order, filters), contacts, shares and the account page.
#![allow(clippy::unwrap_used)]

mod common;

use common::visit::{account, colleagues, store};
use fieldquote_domain::FieldErrorKind;
use fieldquote_domain::Refusal;
use fieldquote_domain::account::{
    AccountFilter, AccountInput, AccountSort, InvoiceType, Lifecycle, SizeClass, Source, ValueClass,
};
use fieldquote_domain::activity::{ActivityInput, ActivityKind};
use fieldquote_domain::contact::{BuyingRole, ContactFilter, ContactInput, ContactSort, Stance};
use fieldquote_domain::list::{ListQuery, SortDir};
use fieldquote_store::{Origin, Store, StoreError};
use uuid::Uuid;

fn full() -> AccountInput {
    AccountInput {
        name: "苏州精工机械有限公司".into(),
        contact_person: "王芳".into(),
        phone: "0512-6666 0000".into(),
        email: "info@jinggong.cn".into(),
        address: "苏州工业园区星湖街 1 号".into(),
        tax_id: "91320594MA1XXXXX0K".into(),
        industry: "机械制造".into(),
        size_class: Some(SizeClass::Large),
        region: "华东".into(),
        source: Some(Source::TradeShow),
        lifecycle: Lifecycle::Active,
        value_class: Some(ValueClass::A),
        tags: vec!["汽车零部件".into(), "Tier 1".into()],
        notes: "二期扩产".into(),
        invoice_title: "苏州精工机械有限公司".into(),
        invoice_bank: "招商银行苏州分行".into(),
        invoice_account: "5129 0000 0000 001".into(),
        invoice_address: "苏州工业园区星湖街 1 号".into(),
        invoice_phone: "0512-6666 0000".into(),
        invoice_type: Some(InvoiceType::Special),
    }
}

async fn outbox(store: &Store) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    store
        .outbox_batch(10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.change.entity.as_str().to_string(),
                c.change.fields.into_iter().collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_account_keeps_every_field_and_its_changes_go_to_the_outbox() {
    let (_dir, store) = store().await;
    let a = store.create_account(&full(), Origin::Ui).await.unwrap();
    let got = store.get_account(a.id).await.unwrap();
    assert_eq!(got, a);
    assert_eq!(got.tags, ["汽车零部件", "Tier 1"]);
    assert_eq!(got.invoice_type, Some(InvoiceType::Special));
    assert_eq!(got.lifecycle, Lifecycle::Active);
    let changes = outbox(&store).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].0, "customer");
    assert_eq!(changes[0].1["size_class"], "large");
    assert_eq!(changes[0].1["tags"], r#"["汽车零部件","Tier 1"]"#);
    assert!(
        !changes[0].1.contains_key("sort_key"),
        "the sort key never syncs"
    );

    // An edit syncs only the fields it changed.
    let edited = AccountInput {
        lifecycle: Lifecycle::Dormant,
        ..full()
    };
    store
        .update_account(a.id, &edited, Origin::Ui)
        .await
        .unwrap();
    let changes = outbox(&store).await;
    assert_eq!(changes.len(), 2);
    assert_eq!(
        changes[1].1.keys().collect::<Vec<_>>(),
        ["lifecycle"],
        "only the lifecycle changed"
    );
    // Saving it unchanged writes nothing.
    store
        .update_account(a.id, &edited, Origin::Ui)
        .await
        .unwrap();
    assert_eq!(store.pending_changes().await.unwrap(), 2);
}

#[tokio::test]
async fn a_bad_account_writes_nothing_and_names_every_field() {
    let (_dir, store) = store().await;
    let a = store.create_account(&full(), Origin::Ui).await.unwrap();
    let bad = AccountInput {
        name: " ".into(),
        invoice_bank: String::new(),
        ..full()
    };
    let Err(StoreError::Invalid(errors)) = store.update_account(a.id, &bad, Origin::Ui).await
    else {
        panic!("an invalid account was saved");
    };
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.field.as_str(), &e.kind))
            .collect::<Vec<_>>(),
        [
            ("name", &FieldErrorKind::Required),
            ("invoice_bank", &FieldErrorKind::Required)
        ]
    );
    assert_eq!(store.get_account(a.id).await.unwrap(), a);
    assert_eq!(store.pending_changes().await.unwrap(), 1);
    // A deleted account is gone from reads and lists; the tombstone syncs.
    store.delete_account(a.id, Origin::Ui).await.unwrap();
    assert!(matches!(
        store.get_account(a.id).await,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    assert_eq!(
        store
            .list_accounts(&ListQuery::default())
            .await
            .unwrap()
            .total,
        0
    );
    let last = store.outbox_batch(10).await.unwrap().pop().unwrap();
    assert!(last.change.deleted);
}

/// Writes `n` accounts in one transaction straight into the table (the list's test needs many).
async fn many_accounts(store: &Store, n: usize) {
    use sea_orm::{ConnectionTrait, Database};
    let db = Database::connect(format!("sqlite://{}", store.path().display()))
        .await
        .unwrap();
    db.execute_unprepared("BEGIN").await.unwrap();
    for i in 0..n {
        db.execute_unprepared(&format!(
            "INSERT INTO customer (id, name, contact_person, phone, email, address, tax_id, price_list_id, \
             industry, lifecycle, sort_key, updated_at, deleted_at, owner_id) VALUES \
             ('{}', 'Bulk {i:05}', '', '', '', '', '', '', '{}', '{}', 'bulk {i:05}', 't', NULL, '{}')",
            Uuid::now_v7(),
            if i % 2 == 0 { "energy" } else { "food" },
            if i % 3 == 0 { "" } else { "active" },
            Uuid::now_v7(),
        ))
        .await
        .unwrap();
    }
    db.execute_unprepared("COMMIT").await.unwrap();
    db.close().await.unwrap();
}

#[tokio::test]
async fn the_account_list_counts_everything_and_pages_past_a_thousand() {
    let (_dir, store) = store().await;
    many_accounts(&store, 2_500).await;
    let mut q: ListQuery<AccountFilter, AccountSort> = ListQuery::default();
    let first = store.list_accounts(&q).await.unwrap();
    assert_eq!(first.total, 2_500);
    assert_eq!(first.rows.len(), 1_000);
    q.offset = 2_000;
    q.limit = 1_000;
    let last = store.list_accounts(&q).await.unwrap();
    assert_eq!(last.rows.len(), 500);
    assert_eq!(last.rows[499].name, "Bulk 02499");
    // Windows neither overlap nor skip.
    let mut seen = std::collections::HashSet::new();
    for offset in (0..2_500).step_by(700) {
        q.offset = offset;
        q.limit = 700;
        for r in store.list_accounts(&q).await.unwrap().rows {
            assert!(seen.insert(r.id));
        }
    }
    assert_eq!(seen.len(), 2_500);
    // Filters count what they keep.
    q.offset = 0;
    q.filter.industry = "energy".into();
    assert_eq!(store.list_accounts(&q).await.unwrap().total, 1_250);
    q.filter.lifecycle = Some(Lifecycle::Prospect);
    // Never set reads as a prospect: every third account, of those in energy.
    assert_eq!(store.list_accounts(&q).await.unwrap().total, 417);
}

#[tokio::test]
async fn chinese_names_sort_in_pinyin_order_among_latin_ones() {
    let (_dir, store) = store().await;
    for name in [
        "中国石化",
        "Zeiss",
        "阿里巴巴",
        "苏州精工",
        "Apple",
        "北京精密",
        "西安交大",
        "先锋电子",
    ] {
        account(&store, name).await;
    }
    let mut q: ListQuery<AccountFilter, AccountSort> = ListQuery::default();
    let names = |rows: Vec<fieldquote_domain::account::AccountRow>| {
        rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.list_accounts(&q).await.unwrap().rows),
        [
            "阿里巴巴",
            "Apple",
            "北京精密",
            "苏州精工",
            "西安交大",
            "先锋电子",
            "Zeiss",
            "中国石化"
        ]
    );
    q.dir = SortDir::Desc;
    assert_eq!(
        names(store.list_accounts(&q).await.unwrap().rows)[0],
        "中国石化"
    );
    // A renamed account moves.
    let id = store
        .list_accounts(&ListQuery {
            filter: AccountFilter {
                text: "Zeiss".into(),
                ..AccountFilter::default()
            },
            ..ListQuery::default()
        })
        .await
        .unwrap()
        .rows[0]
        .id;
    store
        .update_account(
            id,
            &AccountInput {
                name: "蔡司".into(),
                ..AccountInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    q.dir = SortDir::Asc;
    assert_eq!(
        names(store.list_accounts(&q).await.unwrap().rows),
        [
            "阿里巴巴",
            "Apple",
            "北京精密",
            "蔡司",
            "苏州精工",
            "西安交大",
            "先锋电子",
            "中国石化"
        ]
    );
}

#[tokio::test]
async fn accounts_filter_by_owner_and_by_the_dates_of_their_activities() {
    let (_dir, store) = store().await;
    let visited = account(&store, "苏州精工").await;
    account(&store, "北京精密").await;
    let mut visit = ActivityInput::new(visited, ActivityKind::Visit, "技术交流");
    visit.starts_at = "2026-12-07T09:30:00+08:00".into();
    store.log_activity(&visit, Origin::Ui).await.unwrap();
    let q = |from: &str, to: &str| ListQuery {
        filter: AccountFilter {
            active_from: from.into(),
            active_to: to.into(),
            ..AccountFilter::default()
        },
        sort: AccountSort::LastActivity,
        dir: SortDir::Desc,
        ..ListQuery::default()
    };
    let rows = store
        .list_accounts(&q("2026-12-07", "2026-12-07"))
        .await
        .unwrap();
    assert_eq!(rows.total, 1);
    assert_eq!(rows.rows[0].last_activity_at, "2026-12-07T09:30:00+08:00");
    assert_eq!(
        store
            .list_accounts(&q("2026-12-08", ""))
            .await
            .unwrap()
            .total,
        0
    );
    let me = store
        .list_accounts(&ListQuery::default())
        .await
        .unwrap()
        .rows[0]
        .owner_id;
    let mine = ListQuery {
        filter: AccountFilter {
            owner_id: Some(me),
            ..AccountFilter::default()
        },
        ..q("", "")
    };
    assert_eq!(store.list_accounts(&mine).await.unwrap().total, 2);
    let others = ListQuery {
        filter: AccountFilter {
            owner_id: Some(Uuid::now_v7()),
            ..AccountFilter::default()
        },
        ..q("", "")
    };
    assert_eq!(store.list_accounts(&others).await.unwrap().total, 0);
}

#[tokio::test]
async fn contacts_belong_to_a_live_account() {
    let (_dir, store) = store().await;
    let a = account(&store, "苏州精工").await;
    let wang = store
        .create_contact(
            &ContactInput {
                title: "采购经理".into(),
                email: "wang.fang@jinggong.cn".into(),
                buying_role: Some(BuyingRole::Procurement),
                stance: Some(Stance::Supporter),
                ..ContactInput::named(a, "王芳")
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    store
        .create_contact(
            &ContactInput {
                buying_role: Some(BuyingRole::DecisionMaker),
                ..ContactInput::named(a, "Li Wei")
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(store.get_contact(wang.id).await.unwrap(), wang);
    let q = ListQuery {
        filter: ContactFilter {
            account_id: Some(a),
            ..ContactFilter::default()
        },
        sort: ContactSort::Name,
        ..ListQuery::default()
    };
    let names: Vec<_> = store
        .list_contacts(&q)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Li Wei", "王芳"], "li wei < wang fang");
    // A contact of an account that does not exist is refused, and nothing is written.
    let before = store.pending_changes().await.unwrap();
    let orphan = store
        .create_contact(&ContactInput::named(Uuid::now_v7(), "X"), Origin::Ui)
        .await;
    assert!(matches!(
        orphan,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    assert_eq!(store.pending_changes().await.unwrap(), before);
    // The account's deletion takes its contacts out of lists.
    store.delete_account(a, Origin::Ui).await.unwrap();
    assert_eq!(store.list_contacts(&q).await.unwrap().total, 0);
}

#[tokio::test]
async fn an_account_is_shared_with_a_colleague_of_the_directory_and_unshared() {
    let (_dir, store) = store().await;
    let pat = Uuid::now_v7();
    colleagues(&store, &[(pat, "Pat", "east", "rep")]).await;
    let a = account(&store, "苏州精工").await;
    let share = store.share_account(a, pat, Origin::Ui).await.unwrap();
    assert_eq!((share.user_id, share.name.as_str()), (pat, "Pat"));
    // Sharing twice changes nothing.
    let before = store.pending_changes().await.unwrap();
    assert_eq!(
        store.share_account(a, pat, Origin::Ui).await.unwrap(),
        share
    );
    assert_eq!(store.pending_changes().await.unwrap(), before);
    // Only colleagues of the directory.
    assert!(matches!(
        store.share_account(a, Uuid::now_v7(), Origin::Ui).await,
        Err(StoreError::Refused(Refusal::NotFound { .. }))
    ));
    assert_eq!(store.account_shares(a).await.unwrap(), [share]);
    assert_eq!(store.unshare_account(a, pat, Origin::Ui).await.unwrap(), 1);
    assert!(store.account_shares(a).await.unwrap().is_empty());
    let last = store.outbox_batch(100).await.unwrap().pop().unwrap();
    assert_eq!(last.change.entity.as_str(), "account_share");
    assert!(last.change.deleted);
}
