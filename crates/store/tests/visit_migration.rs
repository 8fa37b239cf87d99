//! Customers become accounts without loss: a database as the last release left it (ten migrations), with
//! customers and quotes, opens with the new schema and every value is still there.
#![allow(clippy::unwrap_used)]

mod common;

use fieldquote_domain::account::{AccountFilter, AccountSort, Lifecycle};
use fieldquote_domain::list::ListQuery;
use fieldquote_store::Store;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use uuid::Uuid;

/// Every row of `table` as text (each value as an SQL literal), for the columns of `columns`.
async fn dump(db: &DatabaseConnection, table: &str, columns: &[String]) -> Vec<String> {
    let cells: Vec<String> = columns.iter().map(|c| format!("quote({c})")).collect();
    db.query_all_raw(Statement::from_string(
        DbBackend::Sqlite,
        format!(
            "SELECT {} FROM {table} ORDER BY id",
            cells.join(" || '|' || ")
        ),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<String>(0).unwrap())
    .collect()
}

async fn columns(db: &DatabaseConnection, table: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        DbBackend::Sqlite,
        format!("SELECT name FROM pragma_table_info('{table}')"),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<String>(0).unwrap())
    .collect()
}

const JINGGONG: &str = "019ab000-0000-7000-8000-0000000000c1";
const ACME: &str = "019ab000-0000-7000-8000-0000000000c2";

#[tokio::test]
async fn customers_and_quotes_migrate_to_accounts_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::old_database(
        dir.path(),
        10,
        &[
            &format!(
                "INSERT INTO customer (id, name, contact_person, phone, email, address, tax_id, price_list_id, \
                 updated_at, deleted_at, owner_id) VALUES ('{JINGGONG}', '苏州精工', '王芳', '0512-6666 0000', \
                 'wang.fang@jinggong.cn', '苏州工业园区星湖街 1 号', '91320594MA1XXXXX0K', '', \
                 '001764000000000000-00000-dev', NULL, '019ab000-0000-7000-8000-0000000000ee')"
            ),
            &format!(
                "INSERT INTO customer (id, name, contact_person, phone, email, address, tax_id, price_list_id, \
                 updated_at, deleted_at, owner_id) VALUES ('{ACME}', 'Acme Corp', 'Jo', '+1 555', 'jo@acme.com', \
                 '1 Main St', 'US-1', '', '001764000000000001-00000-dev', NULL, '019ab000-0000-7000-8000-0000000000ee')"
            ),
            &format!(
                "INSERT INTO quote (id, number, customer_id, status, currency, issue_date, valid_until, notes, \
                 subtotal_minor, tax_minor, total_minor, payment_terms, delivery_terms, revision, revises_id, \
                 quote_discount, pdf_lang, approved_by, approved_at, approval_comment, approval_requested_by, \
                 approval_requested_at, approved_request, updated_at, deleted_at, owner_id) VALUES \
                 ('019ab000-0000-7000-8000-0000000000b1', 'Q-2026-0001', '{JINGGONG}', 'sent', 'CNY', '2026-11-23', \
                 '2026-12-23', '含运费', 776000, 100880, 876880, '30% 预付', '4 周', 0, '', 'percent:5', 'zh', \
                 'Max', '2026-11-24T09:00:00Z', 'ok', 'Ann', '2026-11-23T09:00:00Z', '001764-r', \
                 '001764000000000002-00000-dev', NULL, '019ab000-0000-7000-8000-0000000000ee')"
            ),
        ],
    )
    .await;
    let old = Database::connect(url.as_str()).await.unwrap();
    let (customer_columns, quote_columns) = (
        columns(&old, "customer").await,
        columns(&old, "quote").await,
    );
    let customers_before = dump(&old, "customer", &customer_columns).await;
    let quotes_before = dump(&old, "quote", &quote_columns).await;
    old.close().await.unwrap();

    let store = Store::open(dir.path()).await.unwrap();
    let db = Database::connect(url.as_str()).await.unwrap();
    assert_eq!(
        dump(&db, "customer", &customer_columns).await,
        customers_before
    );
    assert_eq!(dump(&db, "quote", &quote_columns).await, quotes_before);
    // Every old column is still one, and the new ones start empty.
    let now = columns(&db, "customer").await;
    assert!(customer_columns.iter().all(|c| now.contains(c)));
    for new in ["industry", "lifecycle", "tags", "invoice_type", "sort_key"] {
        assert!(now.iter().any(|c| c == new), "{new}");
    }
    let keys = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT sort_key FROM customer ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        keys,
        ["su zhou jing gong", "acme corp"],
        "sort keys filled for the stored customers"
    );
    db.close().await.unwrap();

    // Read as accounts.
    let a = store
        .get_account(Uuid::parse_str(JINGGONG).unwrap())
        .await
        .unwrap();
    assert_eq!(
        (
            a.name.as_str(),
            a.contact_person.as_str(),
            a.phone.as_str(),
            a.email.as_str()
        ),
        (
            "苏州精工",
            "王芳",
            "0512-6666 0000",
            "wang.fang@jinggong.cn"
        )
    );
    assert_eq!(
        (a.address.as_str(), a.tax_id.as_str()),
        ("苏州工业园区星湖街 1 号", "91320594MA1XXXXX0K")
    );
    assert_eq!(a.lifecycle, Lifecycle::Prospect);
    assert!(a.tags.is_empty());
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    assert_eq!(
        (q.notes.as_str(), q.payment_terms.as_str()),
        ("含运费", "30% 预付")
    );
    let names: Vec<_> = store
        .list_accounts(&ListQuery::<AccountFilter, AccountSort>::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Acme Corp", "苏州精工"]);
    // Nothing was queued for sync by the migration itself.
    assert_eq!(store.pending_changes().await.unwrap(), 0);
}
