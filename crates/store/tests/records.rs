//! The generic local write of a synced record by its columns (`Store::write_record`, `delete_record`): the
//! row and its outbox entry as an area's own write makes them.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::collections::BTreeMap;

use fieldquote_domain::sync::EntityKind;
use fieldquote_store::{Origin, Store, StoreError};
use serde_json::{Value, json};
use uuid::Uuid;

fn fields(v: Value) -> BTreeMap<String, Value> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[tokio::test]
async fn a_record_of_any_kind_is_written_with_its_outbox_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = Uuid::now_v7();
    let account = Uuid::now_v7().to_string();
    store
        .write_record(
            EntityKind::Contact,
            id,
            &fields(json!({"account_id": account, "name": "王芳"})),
            Origin::Ui,
        )
        .await
        .unwrap();
    // A new record: every column goes up, the others empty.
    let batch = store.outbox_batch(10).await.unwrap();
    assert_eq!(batch.len(), 1);
    let created = &batch[0].change;
    assert_eq!(
        (created.entity, created.entity_id, created.deleted),
        (EntityKind::Contact, id, false)
    );
    assert_eq!(created.fields["name"], json!("王芳"));
    assert_eq!(created.fields["phone"], json!(""));
    assert_eq!(created.fields.len(), EntityKind::Contact.columns().len());
    // An edit sends the columns that changed; the same values again send nothing.
    let phone = fields(json!({"phone": "138", "name": "王芳"}));
    store
        .write_record(EntityKind::Contact, id, &phone, Origin::Ui)
        .await
        .unwrap();
    store
        .write_record(EntityKind::Contact, id, &phone, Origin::Ui)
        .await
        .unwrap();
    let batch = store.outbox_batch(10).await.unwrap();
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[1].change.fields.keys().collect::<Vec<_>>(), ["phone"]);
    // A delete is a tombstone; deleting again does nothing.
    store
        .delete_record(EntityKind::Contact, id, Origin::Ui)
        .await
        .unwrap();
    store
        .delete_record(EntityKind::Contact, id, Origin::Ui)
        .await
        .unwrap();
    let batch = store.outbox_batch(10).await.unwrap();
    assert_eq!(batch.len(), 3);
    assert!(batch[2].change.deleted);
    // Bad columns and server-owned kinds are refused, and nothing is written.
    for (kind, values) in [
        (EntityKind::Contact, json!({"colour": "red"})),
        (EntityKind::Contact, json!({"name": 5})),
        (EntityKind::Opportunity, json!({"probability": "high"})),
        (EntityKind::Colleague, json!({"name": "x"})),
    ] {
        let err = store
            .write_record(kind, Uuid::now_v7(), &fields(values), Origin::Ui)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    }
    assert_eq!(store.outbox_batch(10).await.unwrap().len(), 3);
    store.close().await.unwrap();
}
