//! Registered devices and their quote-number prefixes.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QuerySelect, Set, Statement,
};

use super::is_unique_violation;
use crate::entities::device;
use crate::{Backend, Db, ServerError};

/// How many times a registration looks again when the same device was registered at the same moment.
const RACE_RETRIES: usize = 8;

/// The letters a device's prefix starts with: the initials of the user's name (`Li Wei` → `LW`, at most
/// three), else the first two letters of the email (`wang.fang@…` → `WA`, for names in Chinese script),
/// else `D`.
pub fn prefix_stem(name: &str, email: &str) -> String {
    let initials: String = name
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter_map(|w| w.chars().next())
        .take(3)
        .collect();
    let stem = if initials.is_empty() {
        email
            .split('@')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect()
    } else {
        initials
    };
    if stem.is_empty() {
        "D".into()
    } else {
        stem.to_ascii_uppercase()
    }
}

/// The smallest `stem` + number (from 1) not in `taken`.
fn first_free(stem: &str, taken: &[String]) -> String {
    (1u64..)
        .map(|n| format!("{stem}{n}"))
        .find(|p| !taken.contains(p))
        .unwrap_or_else(|| stem.to_string())
}

/// Register `device_id` for `user` (or note the new sign-in of a known device) and return its prefix.
/// A device keeps its prefix for life, whoever signs in on it, so its quote numbers never repeat.
///
/// Sign-ins that pick a prefix at the same moment are serialized: in one write transaction, which on
/// SQLite holds the database's write lock and on PostgreSQL an advisory lock on the stem, so a burst of
/// new devices of one person never picks the same number twice. The one race left (the same device
/// registered by two users of different stems at once) meets the unique key and looks again.
pub async fn register(
    db: &Db,
    device_id: &str,
    user_id: &str,
    stem: &str,
    now: i64,
) -> Result<String, ServerError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let txn = db.begin_write().await?;
        if db.backend() == Backend::Postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock(hashtext($1))",
                [format!("fieldquote device prefix {stem}").into()],
            ))
            .await?;
        }
        match register_in(&txn, device_id, user_id, stem, now).await {
            Ok(prefix) => {
                txn.commit().await?;
                return Ok(prefix);
            }
            Err(e) if is_unique_violation(&e) && attempt < RACE_RETRIES => {
                txn.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// One attempt of [`register`], inside its transaction.
async fn register_in(
    txn: &DatabaseTransaction,
    device_id: &str,
    user_id: &str,
    stem: &str,
    now: i64,
) -> Result<String, DbErr> {
    if let Some(known) = device::Entity::find_by_id(device_id.to_string())
        .one(txn)
        .await?
    {
        let prefix = known.quote_prefix.clone();
        let mut row: device::ActiveModel = known.into();
        row.user_id = Set(user_id.to_string());
        row.last_login_at = Set(now);
        row.update(txn).await?;
        return Ok(prefix);
    }
    let taken: Vec<String> = device::Entity::find()
        .select_only()
        .column(device::Column::QuotePrefix)
        .filter(device::Column::QuotePrefix.starts_with(stem))
        .into_tuple()
        .all(txn)
        .await?;
    let prefix = first_free(stem, &taken);
    device::ActiveModel {
        id: Set(device_id.to_string()),
        quote_prefix: Set(prefix.clone()),
        user_id: Set(user_id.to_string()),
        registered_at: Set(now),
        last_login_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(prefix_stem("Li Wei", "li.wei@example.cn"), "LW");
        assert_eq!(prefix_stem("anna maria de la cruz", "a@x"), "AMD");
        assert_eq!(prefix_stem("王芳", "wang.fang@example.cn"), "WA");
        assert_eq!(prefix_stem("王芳", "王@example.cn"), "D");
        assert_eq!(prefix_stem("Zhang 伟", "z@x"), "Z");
    }

    #[test]
    fn first_free_prefix() {
        assert_eq!(first_free("LW", &[]), "LW1");
        assert_eq!(first_free("LW", &["LW1".into(), "LW3".into()]), "LW2");
    }
}
