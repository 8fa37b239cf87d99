//! The manager PIN of a laptop without a server (see `fieldquote_domain::approval::pin`): kept as a salted
//! argon2id hash (a PHC string), never as typed, with the count of wrong PINs in a row and the lock they caused.
//!
//! Each attempt is counted before its PIN is checked, in an immediate transaction, so attempts made at the
//! same time (two windows, `fq` and the app) never get more checks than the rule allows; a right PIN clears the
//! count. A wrong one also waits [`WRONG_PIN_DELAY`] before it answers.

use std::time::Duration;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use sea_orm::{
    ConnectionTrait, DbBackend, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait, Value,
};

use fieldquote_domain::Refusal;
use fieldquote_domain::approval::pin::{ManagerPin, PinRefusal, pin_attempts_left, pin_lock_secs};

use crate::{Store, StoreError};

/// How long a wrong PIN waits before it is refused.
pub const WRONG_PIN_DELAY: Duration = Duration::from_millis(600);

fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

fn refused(reason: PinRefusal) -> StoreError {
    Refusal::ManagerPin { reason }.into()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// A PIN's PHC string, salted afresh (argon2id with the crate's default cost), off the async runtime.
async fn hash(pin: &ManagerPin) -> Result<String, StoreError> {
    let pin = pin.as_str().to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(pin.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Corrupt(format!("cannot hash the manager PIN: {e}")))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("hashing the manager PIN stopped: {e}")))?
}

/// Whether `given` matches the PHC string `phc`; a stored hash that cannot be read is an error.
async fn matches(given: &str, phc: &str) -> Result<bool, StoreError> {
    let (given, phc) = (given.to_string(), phc.to_string());
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc)
            .map_err(|e| StoreError::Corrupt(format!("stored manager PIN hash: {e}")))?;
        match Argon2::default().verify_password(given.as_bytes(), &parsed) {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
            Err(e) => Err(StoreError::Corrupt(format!(
                "cannot check the manager PIN: {e}"
            ))),
        }
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("checking the manager PIN stopped: {e}")))?
}

impl Store {
    /// Whether a manager PIN is set on this laptop.
    pub async fn manager_pin_is_set(&self) -> Result<bool, StoreError> {
        Ok(self
            .db
            .query_one_raw(stmt("SELECT 1 FROM manager_pin WHERE id = 1", vec![]))
            .await?
            .is_some())
    }

    /// Check the manager PIN `given` for a decision (or a change of the PIN): `Ok` when it is right or when no
    /// PIN is set. Otherwise [`Refusal::ManagerPin`]: [`PinRefusal::Required`] without one,
    /// [`PinRefusal::Locked`] while wrong PINs keep it locked, [`PinRefusal::Wrong`] (after
    /// [`WRONG_PIN_DELAY`]) with the attempts left. Only the count of attempts changes.
    pub async fn check_manager_pin(&self, given: Option<&str>) -> Result<(), StoreError> {
        let txn = self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        let Some(row) = txn
            .query_one_raw(stmt(
                "SELECT hash, failures, locked_until FROM manager_pin WHERE id = 1",
                vec![],
            ))
            .await?
        else {
            return Ok(());
        };
        let phc: String = row.try_get_by_index(0)?;
        let failures: i64 = row.try_get_by_index(1)?;
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        let locked_until: String = row.try_get_by_index(2)?;
        let now = now();
        if let Ok(until) = chrono::DateTime::parse_from_rfc3339(&locked_until) {
            let left = (until.with_timezone(&chrono::Utc) - now).num_milliseconds();
            if left > 0 {
                let secs = u32::try_from((left + 999) / 1000).unwrap_or(u32::MAX);
                return Err(refused(PinRefusal::Locked {
                    retry_after_secs: secs,
                }));
            }
        }
        let Some(given) = given.filter(|g| !g.is_empty()) else {
            return Err(refused(PinRefusal::Required));
        };
        // Counted before it is checked: a wrong PIN has used up its attempt, whatever happens next.
        let counted = failures.saturating_add(1);
        let lock = pin_lock_secs(counted)
            .map(|secs| (now + chrono::Duration::seconds(i64::from(secs))).to_rfc3339())
            .unwrap_or_default();
        txn.execute_raw(stmt(
            "UPDATE manager_pin SET failures = ?, locked_until = ? WHERE id = 1",
            vec![i64::from(counted).into(), lock.into()],
        ))
        .await?;
        txn.commit().await?;
        if matches(given, &phc).await? {
            self.db
                .execute_raw(stmt(
                    "UPDATE manager_pin SET failures = 0, locked_until = '' WHERE id = 1",
                    vec![],
                ))
                .await?;
            return Ok(());
        }
        tokio::time::sleep(WRONG_PIN_DELAY).await;
        Err(refused(PinRefusal::Wrong {
            attempts_left: pin_attempts_left(counted),
        }))
    }

    /// Set, change or (with `new` `None`) remove the manager PIN of this laptop. Once one is set, `current`
    /// must be it ([`Store::check_manager_pin`]). A laptop signed in to a server has no PIN: its managers sign
    /// with their accounts ([`PinRefusal::SignedIn`]). A refusal changes nothing but the count of attempts.
    pub async fn set_manager_pin(
        &self,
        current: Option<&str>,
        new: Option<&ManagerPin>,
    ) -> Result<(), StoreError> {
        if let Some(server) = self.sync_state().await?.server_url {
            return Err(refused(PinRefusal::SignedIn { server }));
        }
        self.check_manager_pin(current).await?;
        match new {
            Some(pin) => {
                let phc = hash(pin).await?;
                self.db
                    .execute_raw(stmt(
                        "INSERT INTO manager_pin (id, hash, failures, locked_until, updated_at)
                         VALUES (1, ?, 0, '', ?)
                         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, failures = 0,
                           locked_until = '', updated_at = excluded.updated_at",
                        vec![phc.into(), now().to_rfc3339().into()],
                    ))
                    .await?;
            }
            None => {
                self.db
                    .execute_raw(stmt("DELETE FROM manager_pin", vec![]))
                    .await?;
            }
        }
        Ok(())
    }
}
