//! The search box on real SQLite files: Chinese substrings of 2 and 4 characters, English prefixes, pinyin
//! in full and by initials, contacts' phones and e-mails, ranking, deleted and revoked records leaving the
//! index, records arriving by a sync pull, and bad queries refused without touching the data.
#![allow(clippy::unwrap_used)]

mod common;

use common::visit::{account, page, server_record, store};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::activity::{ActivityInput, ActivityKind};
use fieldquote_domain::contact::ContactInput;
use fieldquote_domain::search::SearchKind;
use fieldquote_domain::sync::{Change, EntityKind};
use fieldquote_store::{Origin, SearchHit, Store, StoreError};
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use uuid::Uuid;

async fn titles(store: &Store, query: &str) -> Vec<String> {
    hits(store, query)
        .await
        .into_iter()
        .map(|h| h.title)
        .collect()
}

async fn hits(store: &Store, query: &str) -> Vec<SearchHit> {
    store.search(query, 20).await.unwrap()
}

fn contact(account_id: Uuid, name: &str, phone: &str, email: &str) -> ContactInput {
    ContactInput {
        account_id,
        name: name.into(),
        title: "采购经理".into(),
        phone: phone.into(),
        email: email.into(),
        wechat: String::new(),
        buying_role: None,
        stance: None,
        notes: String::new(),
    }
}

#[tokio::test]
async fn chinese_substrings_of_one_two_and_four_characters_match() {
    let (_dir, store) = store().await;
    account(&store, "深圳华为技术有限公司").await;
    account(&store, "华润万家").await;
    account(&store, "苏州精工机械有限公司").await;

    assert_eq!(titles(&store, "华为").await, ["深圳华为技术有限公司"]);
    assert_eq!(titles(&store, "为技").await, ["深圳华为技术有限公司"]);
    assert_eq!(titles(&store, "华为技术").await, ["深圳华为技术有限公司"]);
    assert_eq!(titles(&store, "精工机械").await, ["苏州精工机械有限公司"]);
    assert!(titles(&store, "华精").await.is_empty());
    let mut one = titles(&store, "华").await;
    one.sort();
    assert_eq!(one, ["华润万家", "深圳华为技术有限公司"]);
    // The last character of a name, alone.
    assert_eq!(titles(&store, "司").await.len(), 2);
    // Two words, both required.
    assert_eq!(titles(&store, "深圳 技术").await, ["深圳华为技术有限公司"]);
    assert!(titles(&store, "深圳 精工").await.is_empty());
}

#[tokio::test]
async fn english_prefixes_and_substrings_match_ignoring_case() {
    let (_dir, store) = store().await;
    account(&store, "Siemens-Lindqvist Process AB").await;
    account(&store, "Atlas Copco").await;

    for q in [
        "Siemens", "siem", "Si", "LINDQ", "Process", "pro", "cess AB",
    ] {
        assert_eq!(
            titles(&store, q).await,
            ["Siemens-Lindqvist Process AB"],
            "{q}"
        );
    }
    let hit = &hits(&store, "Siem").await[0];
    assert_eq!(hit.kind, SearchKind::Account);
    assert_eq!(hit.account_id, Some(hit.id));
}

#[tokio::test]
async fn pinyin_finds_chinese_names_in_full_and_by_initials() {
    let (_dir, store) = store().await;
    account(&store, "中华电子").await;
    account(&store, "苏州精工").await;
    account(&store, "Zhonghua Trading").await;

    let mut zh = titles(&store, "zhonghua").await;
    zh.sort();
    assert_eq!(zh, ["Zhonghua Trading", "中华电子"]);
    assert!(titles(&store, "zh").await.contains(&"中华电子".to_string()));
    assert!(
        titles(&store, "zhd")
            .await
            .contains(&"中华电子".to_string())
    );
    for q in ["jinggong", "jg", "szjg", "suzhou", "JingGong"] {
        assert_eq!(titles(&store, q).await, ["苏州精工"], "{q}");
    }
    assert!(titles(&store, "jgz").await.is_empty());
}

#[tokio::test]
async fn contacts_are_found_by_name_phone_and_e_mail_with_their_account() {
    let (_dir, store) = store().await;
    let jinggong = account(&store, "苏州精工").await;
    store
        .create_contact(
            &contact(jinggong, "王芳", "138 0000 1234", "wang.fang@jinggong.cn"),
            Origin::Ui,
        )
        .await
        .unwrap();

    for q in ["wang", "王芳", "1234", "jinggong.cn", "wangfang"] {
        let found = hits(&store, q).await;
        let c = found
            .iter()
            .find(|h| h.kind == SearchKind::Contact)
            .unwrap_or_else(|| panic!("{q}: {found:?}"));
        assert_eq!(c.title, "王芳");
        assert_eq!(c.account_id, Some(jinggong));
        assert_eq!(c.account_name, "苏州精工");
    }
    let by_mail = &hits(&store, "wang.fang").await[0];
    assert!(
        by_mail.snippet.contains("wang.fang@jinggong.cn"),
        "{by_mail:?}"
    );
}

#[tokio::test]
async fn titles_rank_above_bodies_and_exact_and_prefix_above_substrings() {
    let (_dir, store) = store().await;
    // Written in the reverse of the expected order, so the latest-first order within a tier cannot explain
    // the result.
    let other = account(&store, "Nordic Tools").await;
    let mut visit = ActivityInput::new(other, ActivityKind::Visit, "Quarterly review");
    visit.notes = "They compared us with Acme on price".into();
    store.log_activity(&visit, Origin::Ui).await.unwrap();
    account(&store, "Big Acme Holdings").await;
    account(&store, "Acme Tools").await;
    account(&store, "ACME").await;

    let found = hits(&store, "acme").await;
    let order: Vec<&str> = found.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        order,
        [
            "ACME",
            "Acme Tools",
            "Big Acme Holdings",
            "Quarterly review"
        ]
    );
    assert!(found.windows(2).all(|w| w[0].rank < w[1].rank));
    assert_eq!(found[3].kind, SearchKind::Activity);
    assert_eq!(found[3].account_name, "Nordic Tools");
    assert!(found[3].snippet.contains("Acme on price"), "{:?}", found[3]);

    // The same in Chinese with a two-character query (the word table).
    account(&store, "华为终端").await;
    let mut note = ActivityInput::new(other, ActivityKind::Note, "竞争对手");
    note.notes = "客户也在看华为的方案".into();
    store.log_activity(&note, Origin::Ui).await.unwrap();
    let found = hits(&store, "华为").await;
    assert_eq!(found[0].title, "华为终端");
    assert_eq!(found[1].title, "竞争对手");
    assert!(found[0].rank < found[1].rank);

    // The limit keeps the best.
    assert_eq!(
        store
            .search("acme", 2)
            .await
            .unwrap()
            .iter()
            .map(|h| h.title.as_str())
            .collect::<Vec<_>>(),
        ["ACME", "Acme Tools"]
    );
}

#[tokio::test]
async fn edited_and_deleted_records_leave_the_index() {
    let (_dir, store) = store().await;
    let id = account(&store, "深圳华为技术有限公司").await;
    let c = store
        .create_contact(&contact(id, "李雷", "", "li.lei@huawei.com"), Origin::Ui)
        .await
        .unwrap();
    let mut visit = ActivityInput::new(id, ActivityKind::Visit, "技术交流");
    visit.notes = "演示了报价系统".into();
    let a = store.log_activity(&visit, Origin::Ui).await.unwrap();
    assert_eq!(titles(&store, "报价").await, ["技术交流"]);

    store
        .update_account(
            id,
            &AccountInput {
                name: "深圳鸿蒙科技".into(),
                ..AccountInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    assert!(titles(&store, "华为技术").await.is_empty());
    assert_eq!(titles(&store, "鸿蒙").await, ["深圳鸿蒙科技"]);
    assert_eq!(hits(&store, "li.lei").await[0].account_name, "深圳鸿蒙科技");

    store.delete_contact(c.id, Origin::Ui).await.unwrap();
    assert!(titles(&store, "li.lei").await.is_empty());
    assert!(titles(&store, "李雷").await.is_empty());
    store.delete_activity(a.id, Origin::Ui).await.unwrap();
    assert!(titles(&store, "报价").await.is_empty());
    store.delete_account(id, Origin::Ui).await.unwrap();
    assert!(titles(&store, "鸿蒙").await.is_empty());
    assert!(titles(&store, "hm").await.is_empty());
}

#[tokio::test]
async fn records_pulled_from_the_server_are_found_and_leave_when_deleted_there() {
    let (_dir, store) = store().await;
    let owner = Uuid::now_v7();
    let id = Uuid::now_v7();
    let contact_id = Uuid::now_v7();
    let hlc = "001765000000000000-00000-server";
    let account = server_record(
        EntityKind::Customer,
        id,
        owner,
        hlc,
        &[
            ("name", json!("杭州海康威视数字技术股份有限公司")),
            ("industry", json!("安防")),
            ("tags", json!("[\"重点客户\",\"Tier 1\"]")),
        ],
    );
    let person = server_record(
        EntityKind::Contact,
        contact_id,
        owner,
        hlc,
        &[
            ("account_id", json!(id.to_string())),
            ("name", json!("陈静")),
            ("email", json!("chen.jing@hikvision.com")),
        ],
    );
    store
        .apply_pull(&page(vec![person, account.clone()], 1))
        .await
        .unwrap();

    assert_eq!(
        titles(&store, "海康").await,
        ["杭州海康威视数字技术股份有限公司"]
    );
    assert_eq!(
        titles(&store, "hkws").await,
        ["杭州海康威视数字技术股份有限公司"]
    );
    assert_eq!(
        titles(&store, "重点客户").await,
        ["杭州海康威视数字技术股份有限公司"]
    );
    let chen = hits(&store, "chen.jing").await;
    assert_eq!(chen[0].title, "陈静");
    assert_eq!(chen[0].account_name, "杭州海康威视数字技术股份有限公司");

    // Deleted on the server: the tombstone arrives and the record leaves the index.
    let mut gone = account;
    gone.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: EntityKind::Customer,
        entity_id: id,
        hlc: "001765000000000001-00000-server".into(),
        fields: Default::default(),
        deleted: true,
        base: Default::default(),
    });
    store.apply_pull(&page(vec![gone], 3)).await.unwrap();
    assert!(titles(&store, "海康").await.is_empty());
    assert_eq!(titles(&store, "陈静").await, ["陈静"]);
}

#[tokio::test]
async fn rows_written_or_removed_behind_the_stores_back_are_indexed_before_a_search() {
    // What a revocation does to a laptop (the row deleted outright) and any write outside the store's own
    // transactions: the triggers note the record and the next search brings the index up to date.
    let (dir, store) = store().await;
    let kept = account(&store, "宁波舟山港").await;
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join(fieldquote_store::DB_FILE).display()
    );
    let db = Database::connect(&url).await.unwrap();
    db.execute_unprepared(&format!("DELETE FROM customer WHERE id = '{kept}'"))
        .await
        .unwrap();
    db.execute_unprepared(&format!(
        "INSERT INTO customer (id, name, contact_person, phone, email, address, tax_id, updated_at, owner_id) \
         VALUES ('{}', '青岛啤酒', '', '', '', '', '', 'x', 'y')",
        Uuid::now_v7()
    ))
    .await
    .unwrap();
    db.close().await.unwrap();
    assert!(titles(&store, "舟山").await.is_empty());
    assert_eq!(titles(&store, "啤酒").await, ["青岛啤酒"]);
    assert_eq!(titles(&store, "qdpj").await, ["青岛啤酒"]);
}

#[tokio::test]
async fn query_syntax_is_searched_as_text() {
    let (_dir, store) = store().await;
    account(&store, r#"Alpha "Beta" (NEAR) *Star* AND-OR"#).await;
    account(&store, "Gamma").await;

    for q in [
        r#""Beta""#,
        r#"Beta""#,
        "(NEAR)",
        "NEAR",
        "*Star*",
        "Star*",
        "AND-OR",
        "alpha AND",
        "-OR",
        "a:",
    ] {
        assert_eq!(
            titles(&store, q).await,
            [r#"Alpha "Beta" (NEAR) *Star* AND-OR"#],
            "{q}"
        );
    }
    for q in [
        "*",
        "\"",
        "( )",
        "NOT Gamma",
        "Gamma OR Alpha",
        "^",
        "{title}: x",
    ] {
        let found = store.search(q, 20).await;
        assert!(found.is_ok(), "{q}: {found:?}");
    }
    assert!(titles(&store, "*").await.is_empty());
    assert!(titles(&store, "NOT Gamma").await.is_empty());
}

#[tokio::test]
async fn bad_queries_are_refused_and_change_nothing() {
    let (_dir, store) = store().await;
    account(&store, "苏州精工").await;
    let invalid = |e: StoreError| match e {
        StoreError::Invalid(errors) => errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        other => panic!("not a validation error: {other}"),
    };
    assert_eq!(
        invalid(store.search("", 20).await.unwrap_err()),
        "query: required"
    );
    assert_eq!(
        invalid(store.search("   ", 20).await.unwrap_err()),
        "query: required"
    );
    let huge = "精".repeat(100 * 1024 * 1024 / 3);
    let started = std::time::Instant::now();
    assert_eq!(
        invalid(store.search(&huge, 20).await.unwrap_err()),
        "query: longer than 200 characters"
    );
    assert!(started.elapsed().as_millis() < 1000);
    assert_eq!(
        invalid(store.search("精工", 0).await.unwrap_err()),
        "limit: must be greater than zero"
    );
    assert_eq!(
        invalid(store.search("精工", 201).await.unwrap_err()),
        "limit: must be at most 200"
    );
    assert_eq!(titles(&store, "精工").await, ["苏州精工"]);
}

#[tokio::test]
async fn a_page_renaming_an_account_whose_quote_it_also_brings_applies_and_is_found() {
    // The rename notes the account's quotes for reindexing, and the same page's upsert of the quote notes it
    // too: both in one transaction. The pull must apply (it once failed the whole sync) and the quote be found
    // under the client's new name.
    let (_dir, store) = store().await;
    let owner = Uuid::now_v7();
    let (account_id, quote_id) = (Uuid::now_v7(), Uuid::now_v7());
    let first = "001765000000000000-00000-server";
    let account = server_record(
        EntityKind::Customer,
        account_id,
        owner,
        first,
        &[("name", json!("常州恒力机电有限公司"))],
    );
    let quote = |hlc: &str, notes: &str| {
        server_record(
            EntityKind::Quote,
            quote_id,
            owner,
            hlc,
            &[
                ("customer_id", json!(account_id.to_string())),
                ("number", json!("Q-2026-0900")),
                ("currency", json!("CNY")),
                ("status", json!("draft")),
                ("notes", json!(notes)),
            ],
        )
    };
    store
        .apply_pull(&page(vec![account.clone(), quote(first, "")], 1))
        .await
        .unwrap();

    let second = "001765000000000001-00000-server";
    let mut renamed = account;
    renamed.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: EntityKind::Customer,
        entity_id: account_id,
        hlc: second.into(),
        fields: [("name".to_string(), json!("常州恒力智能装备有限公司"))].into(),
        deleted: false,
        base: Default::default(),
    });
    store
        .apply_pull(&page(vec![quote(second, "二期"), renamed], 3))
        .await
        .unwrap();
    let found = hits(&store, "恒力智能").await;
    let kinds: Vec<_> = found.iter().map(|h| (h.kind, h.title.as_str())).collect();
    assert!(
        kinds.contains(&(SearchKind::Account, "常州恒力智能装备有限公司")),
        "{kinds:?}"
    );
    assert!(
        found
            .iter()
            .any(|h| h.kind == SearchKind::Quote && h.account_name == "常州恒力智能装备有限公司"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn content_blocks_are_found_by_title_text_and_industry_not_by_their_json() {
    let (_dir, store) = store().await;
    let block = store
        .create_content_block(
            &fieldquote_domain::content::ContentBlockInput {
                kind: "case_study".into(),
                title_en: "Cold chain for a dairy".into(),
                title_zh: "乳品冷链".into(),
                body_en: "Client: Bright Dairy. Result: spoilage down by a third.".into(),
                body_zh: "客户：光明乳业。效果：损耗下降三分之一。".into(),
                industry: "food".into(),
                tags: vec!["iot".into()],
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    for query in ["冷链", "Cold chain", "spoilage", "损耗", "iot", "food"] {
        let found = hits(&store, query).await;
        assert!(
            found
                .iter()
                .any(|h| h.kind == SearchKind::ContentBlock && h.id == block.id),
            "{query}: {found:?}"
        );
    }
    // The document's JSON is not text: its node names find nothing.
    assert!(
        hits(&store, "paragraph")
            .await
            .iter()
            .all(|h| h.kind != SearchKind::ContentBlock)
    );
    store
        .delete_content_block(block.id, Origin::Ui)
        .await
        .unwrap();
    assert!(hits(&store, "冷链").await.is_empty());
}
