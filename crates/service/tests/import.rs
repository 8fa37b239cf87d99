//! Importing the catalog and price lists from a file's bytes, as the app sends them and `fq import` reads
//! them: a good file is written with progress reported, a bad one is refused whole with every problem by row
//! and column, and nothing is written; a connected laptop leaves both to the server.
#![allow(clippy::unwrap_used)]

use std::sync::Mutex;

use fieldquote_domain::Refusal;
use fieldquote_domain::refusal::ServerData;
use fieldquote_service::import::{self, ImportProgress, silent};
use fieldquote_service::{ServiceError, settings};
use fieldquote_store::{Origin, Store, demo};

const HEADER: &str = "sku,name,description,unit,unit_price,currency,tax_rate\n";

fn catalog(rows: usize) -> String {
    let mut csv = HEADER.to_string();
    for i in 0..rows {
        csv.push_str(&format!(
            "IMP-{i:05},Imported part {i},\"A part, number {i}\",pcs,{}.50,CNY,13\n",
            100 + i
        ));
    }
    csv
}

#[tokio::test]
async fn a_good_catalog_file_is_imported_with_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let csv = catalog(3_000);
    let seen = Mutex::new(Vec::new());
    let progress = |p: ImportProgress| seen.lock().unwrap().push(p);
    let report = import::import_products(&store, csv.as_bytes(), Origin::Ui, &progress)
        .await
        .unwrap();
    assert_eq!(
        (report.rows, report.created, report.updated),
        (3_000, 3_000, 0)
    );
    assert_eq!(store.all_products().await.unwrap().len(), 3_000);
    let seen = seen.into_inner().unwrap();
    let total = u32::try_from(csv.len()).unwrap();
    assert_eq!(seen[0], ImportProgress::Checking { read: 0, total });
    assert!(seen.len() > 2, "progress while checking: {seen:?}");
    assert!(seen.contains(&ImportProgress::Checking { read: total, total }));
    let writing: Vec<u32> = seen
        .iter()
        .filter_map(|p| match p {
            ImportProgress::Writing { written, rows } => {
                assert_eq!(*rows, 3_000);
                Some(*written)
            }
            ImportProgress::Checking { .. } => None,
        })
        .collect();
    assert_eq!(writing.first(), Some(&0));
    assert!(writing.len() > 5, "progress while writing: {writing:?}");
    assert!(writing.windows(2).all(|w| w[0] < w[1]), "{writing:?}");
    assert!(
        !seen[seen
            .iter()
            .position(|p| matches!(p, ImportProgress::Writing { .. }))
            .unwrap()..]
            .iter()
            .any(|p| matches!(p, ImportProgress::Checking { .. })),
        "checked whole before writing"
    );

    // Again: nothing changes.
    let report = import::import_products(&store, csv.as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap();
    assert_eq!(report.unchanged, 3_000);
}

#[tokio::test]
async fn a_bad_file_is_refused_whole_with_its_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    demo::load(&store).await.unwrap();
    let before = store.all_products().await.unwrap();
    let pending = store.pending_changes().await.unwrap();
    let csv = format!(
        "{HEADER}NEW-1,Fine,,pcs,10.00,CNY,13\nNEW-2,,,pcs,abc,CNY,13\nNEW-3,Bad tax,,pcs,5,XYZ,13\n"
    );
    let err = import::import_products(&store, csv.as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap_err();
    let problems = import::problems(&err).expect("problems by row");
    let at: Vec<(u64, Option<&str>)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_ref().map(|(_, name)| name.as_str())))
        .collect();
    assert_eq!(
        at,
        [
            (3, Some("name")),
            (3, Some("unit_price")),
            (4, Some("currency"))
        ]
    );
    assert_eq!(store.all_products().await.unwrap(), before);
    assert_eq!(store.pending_changes().await.unwrap(), pending);

    // Problems only the catalog can tell (a component no product has) are listed the same way.
    let csv = "sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components\n\
               KIT-1,Kit,,set,0,CNY,13,sum,NOPE-1*2\n";
    let err = import::import_products(&store, csv.as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap_err();
    let problems = import::problems(&err).expect("problems by row");
    assert_eq!(problems[0].row, 2);
    assert!(problems[0].message.contains("NOPE-1"), "{problems:?}");
    assert_eq!(store.all_products().await.unwrap(), before);
}

#[tokio::test]
async fn price_lists_name_unknown_skus_by_row_and_import_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    demo::load(&store).await.unwrap();
    let lists_before = store.list_price_lists().await.unwrap();
    let header =
        "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";
    let bad = format!(
        "{header}华东 VIP,CNY,no,2026-01-01,,no,PLC-S7-1200,1,3500.00\n华东 VIP,CNY,no,2026-01-01,,no,NO-SUCH,1,1.00\n"
    );
    let err = import::import_price_lists(&store, bad.as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap_err();
    let problems = import::problems(&err).expect("problems by row");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].row, 3);
    assert_eq!(
        problems[0].column.as_ref().map(|(_, c)| c.as_str()),
        Some("sku")
    );
    assert_eq!(store.list_price_lists().await.unwrap(), lists_before);

    let good = format!(
        "{header}Export 2027,USD,no,2026-01-01,,no,PLC-S7-1200,1,520.00\nExport 2027,USD,no,2026-01-01,,no,PLC-S7-1200,10,495.00\n"
    );
    let report = import::import_price_lists(&store, good.as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap();
    assert_eq!((report.lists, report.entries, report.created), (1, 2, 1));
    assert!(
        store
            .list_price_lists()
            .await
            .unwrap()
            .iter()
            .any(|l| l.name == "Export 2027")
    );
}

#[tokio::test]
async fn a_connected_laptop_leaves_imports_to_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    store
        .set_sync_account("http://127.0.0.1:9", uuid::Uuid::now_v7(), "a@b.cn", "AB1")
        .await
        .unwrap();
    let err = import::import_products(&store, catalog(2).as_bytes(), Origin::Ui, &silent)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.refusal(),
            Some(Refusal::ServerOwned {
                data: ServerData::Catalog,
                ..
            })
        ),
        "{err}"
    );
    assert!(matches!(err, ServiceError::Store(_)));
    assert!(store.all_products().await.unwrap().is_empty());
    assert!(settings::view(&store).await.unwrap().server.is_some());
}
