//! The company directory devices pull (the `colleague` kind): one server-owned record per user, its id the
//! user's, made and kept up to date from the users and their teams by the admin commands (`user add`, `user
//! disable`) and, for users made before the directory existed, by the migration that introduced it. A
//! laptop names, assigns and shares with colleagues from it, offline.

use std::collections::{BTreeMap, HashMap};

use fieldquote_domain::sync::EntityKind;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalog::{merge_server_write, new_server_record};
use crate::entities::{app_user, sync_counter};
use crate::sync::{self, Stored};
use crate::{ServerError, repo};

/// A user's directory entry.
pub fn fields_of(user: &app_user::Model, team_name: Option<&str>) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("name".to_string(), json!(user.name)),
        ("email".to_string(), json!(user.email)),
        (
            "team_id".to_string(),
            json!(user.team_id.clone().unwrap_or_default()),
        ),
        (
            "team_name".to_string(),
            json!(team_name.unwrap_or_default()),
        ),
        ("role".to_string(), json!(user.role.0.as_str())),
        ("active".to_string(), json!(i64::from(!user.disabled))),
    ])
}

/// Bring the directory entries of `users` up to date (writing only what differs) in the caller's
/// transaction, which holds the counter's lock ([`repo::sync::lock_counter`]). Returns the counter's last
/// seq and the server's clock reading after the writes.
pub async fn publish(
    txn: &impl sea_orm::ConnectionTrait,
    counter: &sync_counter::Model,
    users: &[app_user::Model],
) -> Result<(i64, Option<String>), ServerError> {
    let teams: HashMap<String, String> = repo::teams::list(txn)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let mut stored: HashMap<String, Stored> = HashMap::new();
    for row in repo::sync::records_by_ids(txn, EntityKind::Colleague.as_str(), &ids).await? {
        let (s, _) = sync::decode(row)?;
        stored.insert(s.record.id.to_string(), s);
    }
    let hlc =
        sync::server_tick(counter, stored.values().filter_map(|s| s.record.hlc())).to_string();
    let mut writes = Vec::new();
    for user in users {
        let id = Uuid::parse_str(&user.id)
            .map_err(|_| ServerError::Corrupt(format!("user id {:?} is not a UUID", user.id)))?;
        let mut entry = stored
            .remove(&user.id)
            .unwrap_or_else(|| new_server_record(EntityKind::Colleague, id));
        let team_name = user.team_id.as_ref().and_then(|t| teams.get(t));
        if merge_server_write(
            &mut entry,
            fields_of(user, team_name.map(String::as_str)),
            &hlc,
        ) {
            writes.push(entry);
        }
    }
    if writes.is_empty() {
        return Ok((counter.last_seq, counter.server_hlc.clone()));
    }
    let last = sync::write_records(txn, counter, writes, Some(&hlc)).await?;
    Ok((last, Some(hlc)))
}
