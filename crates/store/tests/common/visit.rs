//! Helpers for the client visit's tests: device times, a store in a temporary directory, and the server's
//! colleague directory delivered as a pulled page.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::sync::{Change, EntityKind, PullResponse, PulledRecord, Record};
use fieldquote_store::{Origin, Store};
use serde_json::{Value, json};
use uuid::Uuid;

/// A device time.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    (dir, store)
}

pub async fn account(store: &Store, name: &str) -> Uuid {
    store
        .create_account(
            &AccountInput {
                name: name.into(),
                ..AccountInput::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id
}

/// A record as the server sends it: every field written at `hlc`.
pub fn server_record(
    entity: EntityKind,
    id: Uuid,
    owner: Uuid,
    hlc: &str,
    fields: &[(&str, Value)],
) -> Record {
    let mut r = Record::new(entity, id, owner);
    r.apply(&Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id: id,
        hlc: hlc.into(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect(),
        deleted: false,
        base: BTreeMap::new(),
    });
    r
}

/// A page of `records`, numbered from `from`.
pub fn page(records: Vec<Record>, from: i64) -> PullResponse {
    let n = i64::try_from(records.len()).unwrap();
    PullResponse {
        records: records
            .into_iter()
            .enumerate()
            .map(|(i, record)| PulledRecord {
                seq: from + i64::try_from(i).unwrap(),
                record,
            })
            .collect(),
        cursor: from + n - 1,
        has_more: false,
        revoked: Vec::new(),
    }
}

/// The server's directory: colleagues `(id, name, team, role)` pulled onto `store`.
pub async fn colleagues(store: &Store, people: &[(Uuid, &str, &str, &str)]) {
    let hlc = "001765000000000000-00000-server";
    let records = people
        .iter()
        .map(|(id, name, team, role)| {
            server_record(
                EntityKind::Colleague,
                *id,
                Uuid::nil(),
                hlc,
                &[
                    ("name", json!(name)),
                    (
                        "email",
                        json!(format!("{}@example.cn", name.to_lowercase())),
                    ),
                    ("team_id", json!(team)),
                    ("team_name", json!(team)),
                    ("role", json!(role)),
                    ("active", json!(1)),
                ],
            )
        })
        .collect();
    store.apply_pull(&page(records, 1)).await.unwrap();
}
