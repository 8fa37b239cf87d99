//! The content library and blobs on a laptop, on real SQLite files and a real data directory: blobs kept once
//! by their SHA-256 as whole files, a download finished only when its bytes hash right, the blobs the
//! outbox and the live blocks name, personal blocks written with their outbox entries, and bad input refused
//! with nothing written.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use fieldquote_domain::content::{BlobHash, ContentBlockInput, Scope};
use fieldquote_domain::sync::EntityKind;
use fieldquote_store::{BLOB_DIR, ContentFilter, Origin, Store, StoreError};

fn block(title: &str, images: &[&BlobHash]) -> ContentBlockInput {
    ContentBlockInput {
        kind: "solution_module".into(),
        title_en: title.into(),
        title_zh: "视觉检测模块".into(),
        body_en: "Inline inspection".into(),
        tags: vec!["vision".into()],
        industry: "electronics".into(),
        image_blobs: images.iter().map(ToString::to_string).collect(),
        ..Default::default()
    }
}

#[tokio::test]
async fn blobs_are_whole_files_named_by_their_hash() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let bytes = b"a diagram".repeat(1000);
    let hash = store.put_blob(&bytes).unwrap();
    assert_eq!(hash, BlobHash::of(&bytes));
    let path = store.blob_path(&hash);
    assert_eq!(
        path,
        dir.path()
            .join(BLOB_DIR)
            .join(&hash.as_str()[..2])
            .join(hash.as_str())
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        store.put_blob(&bytes).unwrap(),
        hash,
        "the same bytes: the same blob"
    );
    let files: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file left");
    assert_eq!(store.read_blob(&BlobHash::of(b"absent")).unwrap(), None);

    // A download that does not hash to its name is thrown away; one that does becomes the blob.
    let other = b"a photo".to_vec();
    let other_hash = BlobHash::of(&other);
    let partial = store.partial_blob_path(&other_hash);
    std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
    std::fs::write(&partial, b"a phot0").unwrap();
    assert!(!store.finish_blob_download(&other_hash).unwrap());
    assert!(!partial.exists() && !store.has_blob(&other_hash));
    std::fs::write(&partial, &other).unwrap();
    assert!(store.finish_blob_download(&other_hash).unwrap());
    assert!(!partial.exists());
    assert_eq!(store.read_blob(&other_hash).unwrap().unwrap(), other);
}

#[tokio::test]
async fn personal_blocks_sync_and_name_their_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let here = store.put_blob(b"kept here").unwrap();
    let elsewhere = BlobHash::of(b"only on the server");
    let a = store
        .create_content_block(&block("Vision module", &[&here, &elsewhere]), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(a.scope, Scope::Personal);
    let outbox = store.outbox_batch(10).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].change.entity, EntityKind::ContentBlock);
    assert_eq!(outbox[0].change.fields["scope"], "personal");
    assert_eq!(
        store.blobs_named_by(outbox.iter().map(|c| &c.change)),
        vec![here.clone(), elsewhere.clone()]
    );
    assert_eq!(
        store.missing_blobs().await.unwrap(),
        vec![elsewhere.clone()]
    );

    // Edited: only the changed field goes up.
    let mut input = a.to_input();
    input.title_en = "Vision inspection module".into();
    store
        .update_content_block(a.id, &input, Origin::Ui)
        .await
        .unwrap();
    let outbox = store.outbox_batch(10).await.unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(
        outbox[1].change.fields.keys().collect::<Vec<_>>(),
        ["title_en"]
    );
    let found = store
        .list_content_blocks(&ContentFilter {
            text: Some("INSPECTION".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);

    // Deleted: it names no blob any more.
    store.delete_content_block(a.id, Origin::Ui).await.unwrap();
    assert!(store.missing_blobs().await.unwrap().is_empty());
    assert!(
        store
            .list_content_blocks(&ContentFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.outbox_batch(10).await.unwrap()[2].change.deleted);
}

#[tokio::test]
async fn bad_blocks_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let mut bad = block("", &[]);
    bad.title_zh = String::new();
    bad.kind = "leaflet".into();
    bad.body_zh = "a\u{0}b".into();
    bad.image_blobs = vec!["not a hash".into()];
    let Err(StoreError::Invalid(errors)) = store.create_content_block(&bad, Origin::Ui).await
    else {
        panic!("refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["kind", "title_en", "body_zh", "image_blobs[0]"]);
    assert!(store.outbox_batch(10).await.unwrap().is_empty());
    let missing = uuid::Uuid::now_v7();
    let err = store
        .update_content_block(missing, &block("x", &[]), Origin::Ui)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
}
