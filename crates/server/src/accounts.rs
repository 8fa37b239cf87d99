//! Accounts: the rules for teams, users, logins and tokens. The admin subcommands and the HTTP
//! handlers both call these; the queries live in [`crate::repo`].

use std::net::IpAddr;
use std::sync::Arc;

use crate::config::ServerConfig;
use fieldquote_domain::Role;

use crate::entities::app_user::{self, StoredRole};
use crate::entities::{auth_token, team};
use crate::password::{self, Passwords};
use crate::repo::throttle::{Counter, Outcome, Reservation};
use crate::sync::Caller;
use crate::sync::access::domain_caller;
use crate::sync::audience::{self, Seqs};
use crate::{Db, ServerError, colleagues, input, lockout, now_ms, repo, token};

/// Longest team name, user name or device id accepted.
pub const MAX_NAME_LEN: usize = 200;
/// Write `last_used_at` at most once a minute per token.
const TOUCH_GRANULARITY_MS: i64 = 60_000;

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Team name (or id); required for reps and managers.
    pub team: Option<String>,
    pub password: String,
}

/// A user as listed by `user list`.
#[derive(Clone, Debug)]
pub struct UserListing {
    pub user: app_user::Model,
    pub team_name: Option<String>,
}

/// What a successful login returns. The token is shown once and never stored in clear.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    /// Milliseconds since the Unix epoch.
    pub expires_at: i64,
    pub user: app_user::Model,
    /// The signing-in device's quote-number prefix (assigned at its first sign-in, then kept).
    pub quote_prefix: String,
}

/// The account service over one database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Accounts {
    db: Db,
    config: Arc<ServerConfig>,
    passwords: Passwords,
}

/// Trimmed and lowercased, the form emails are stored and looked up in.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<(), ServerError> {
    input::check_text("email", email)?;
    let bad = || ServerError::Invalid(format!("not an email address: {email:?}"));
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.is_empty()
        || domain.contains('@')
        || email.len() > 254
        || email.chars().any(char::is_whitespace)
    {
        return Err(bad());
    }
    Ok(())
}

fn check_name(what: &str, name: &str) -> Result<String, ServerError> {
    input::check_text(what, name)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(ServerError::Invalid(format!("the {what} is empty")));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(ServerError::Invalid(format!(
            "the {what} is longer than {MAX_NAME_LEN} characters"
        )));
    }
    Ok(name.to_string())
}

impl Accounts {
    pub fn new(db: Db, config: ServerConfig) -> Accounts {
        let passwords = Passwords::new(config.hash_cost);
        Accounts {
            db,
            config: Arc::new(config),
            passwords,
        }
    }

    /// Prepare what the first login would otherwise compute (the dummy password hash).
    pub async fn warm_up(&self) -> Result<(), ServerError> {
        self.passwords.warm_up().await
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Create a team with a unique name.
    pub async fn add_team(&self, name: &str) -> Result<team::Model, ServerError> {
        let name = check_name("team name", name)?;
        if repo::teams::by_name(&self.db.conn, &name).await?.is_some() {
            return Err(ServerError::already_exists("team", name));
        }
        let id = uuid::Uuid::now_v7().to_string();
        repo::teams::insert(&self.db.conn, &id, &name, now_ms()).await
    }

    pub async fn list_teams(&self) -> Result<Vec<team::Model>, ServerError> {
        repo::teams::list(&self.db.conn).await
    }

    /// A team by name, or else by id.
    pub async fn find_team(&self, name_or_id: &str) -> Result<team::Model, ServerError> {
        let key = name_or_id.trim();
        if let Some(t) = repo::teams::by_name(&self.db.conn, key).await? {
            return Ok(t);
        }
        repo::teams::by_id(&self.db.conn, key)
            .await?
            .ok_or_else(|| ServerError::not_found("team", key))
    }

    /// Create a user, with their entry in the company directory ([`crate::colleagues`]) and the records
    /// their team lets them see ([`crate::sync::audience::grant_new_user`]), in one transaction. Checks
    /// everything before hashing; nothing is written on error.
    pub async fn add_user(&self, new: NewUser) -> Result<app_user::Model, ServerError> {
        let email = normalize_email(&new.email);
        check_email(&email)?;
        let name = check_name("name", &new.name)?;
        password::check_strength(&new.password)?;
        let team_id = match new.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Some(self.find_team(t).await?.id),
            None if new.role.needs_team() => {
                return Err(ServerError::Invalid(format!(
                    "a {} needs a team: add --team NAME",
                    new.role
                )));
            }
            None => None,
        };
        if repo::users::by_email(&self.db.conn, &email)
            .await?
            .is_some()
        {
            return Err(ServerError::already_exists("user", email));
        }
        let password_hash = self.passwords.hash(&new.password).await?;
        let user = app_user::Model {
            id: uuid::Uuid::now_v7().to_string(),
            email,
            name,
            role: StoredRole(new.role),
            team_id,
            password_hash,
            disabled: false,
            created_at: now_ms(),
        };
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let user = repo::users::insert(&txn, user).await?;
        let (last, hlc) = colleagues::publish(&txn, &counter, std::slice::from_ref(&user)).await?;
        let mut seqs = Seqs::after(last);
        let caller = Caller::new(&user.id, user.role.0, user.team_id.clone())?;
        audience::grant_new_user(&txn, &domain_caller(&caller), &mut seqs).await?;
        repo::sync::store_counter(&txn, seqs.last(), hlc.as_deref()).await?;
        txn.commit().await?;
        Ok(user)
    }

    pub async fn list_users(&self) -> Result<Vec<UserListing>, ServerError> {
        let teams = repo::teams::list(&self.db.conn).await?;
        let users = repo::users::list(&self.db.conn).await?;
        Ok(users
            .into_iter()
            .map(|user| {
                let team_name = user
                    .team_id
                    .as_ref()
                    .and_then(|id| teams.iter().find(|t| &t.id == id).map(|t| t.name.clone()));
                UserListing { user, team_name }
            })
            .collect())
    }

    /// Disable a user and revoke their tokens, in one transaction. The directory shows them inactive; they
    /// leave every audience (they pull nothing any more).
    pub async fn disable_user(&self, email: &str) -> Result<app_user::Model, ServerError> {
        let email = normalize_email(email);
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let mut user = repo::users::by_email(&txn, &email)
            .await?
            .ok_or_else(|| ServerError::not_found("user", &email))?;
        repo::users::set_disabled(&txn, &user.id, true).await?;
        repo::tokens::delete_for_user(&txn, &user.id).await?;
        user.disabled = true;
        colleagues::publish(&txn, &counter, std::slice::from_ref(&user)).await?;
        repo::audience::delete_user(&txn, &user.id).await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Check an email and password and issue a token.
    ///
    /// Unknown email and wrong password fail alike (and take as long: the password is checked
    /// against a dummy hash). Attempts are throttled per email and source address, and per email
    /// (see [`Accounts::check_password`]). A disabled user learns so only with the right password.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        device_id: &str,
        source: IpAddr,
    ) -> Result<Session, ServerError> {
        let device_id = check_name("device id", device_id)?;
        let user = self.check_password(email, password, source).await?;
        let now = now_ms();
        // Housekeeping: this user's expired tokens go when they sign in again.
        repo::tokens::delete_expired_for_user(&self.db.conn, &user.id, now).await?;
        let token = token::generate()?;
        let ttl = i64::try_from(self.config.token_ttl.as_millis()).unwrap_or(i64::MAX);
        let expires_at = now.saturating_add(ttl);
        repo::tokens::insert(
            &self.db.conn,
            auth_token::Model {
                token_hash: token::hash(&token),
                user_id: user.id.clone(),
                device_id: device_id.clone(),
                created_at: now,
                expires_at,
                last_used_at: now,
            },
        )
        .await?;
        let stem = repo::devices::prefix_stem(&user.name, &user.email);
        let quote_prefix =
            repo::devices::register(&self.db, &device_id, &user.id, &stem, now).await?;
        tracing::info!(user_id = %user.id, %quote_prefix, "login");
        Ok(Session {
            token,
            expires_at,
            user,
            quote_prefix,
        })
    }

    /// Check an email and password from `source` (the client's address), with the same rules as
    /// [`Accounts::login`], without issuing a token: also for a manager confirming a decision on someone
    /// else's laptop.
    ///
    /// Each attempt takes a place before its password is checked ([`repo::throttle::reserve`]) under the
    /// email's counter for `source` and the email's own, atomically: refused while either is locked, waiting
    /// while attempts still being checked fill a limit. So no more attempts than the limit are ever checked,
    /// however many arrive at once. A failure may lock a counter; a success clears both. A disabled user is
    /// refused (after the password, so the answer reveals nothing to someone without it).
    pub async fn check_password(
        &self,
        email: &str,
        password: &str,
        source: IpAddr,
    ) -> Result<app_user::Model, ServerError> {
        let email = normalize_email(email);
        input::check_text("email", &email)?;
        let user = repo::users::by_email(&self.db.conn, &email).await?;
        let known = user.is_some();
        let counters = lockout::counters(&email, source);
        self.reserve_attempt(&counters, known).await?;
        let checked = self
            .passwords
            .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
            .await;
        let outcome = match &checked {
            Ok(true) => Outcome::Success,
            Ok(false) => Outcome::Failure,
            Err(_) => Outcome::Abandoned,
        };
        let txn = self.db.begin_write().await?;
        let (failures, locked) = repo::throttle::finish(
            &txn,
            &counters,
            known,
            now_ms(),
            outcome,
            &self.config.lockout,
        )
        .await?;
        txn.commit().await?;
        let user = match (user, checked?) {
            (Some(u), true) => u,
            _ => {
                tracing::info!(failures, locked, "failed password check");
                return Err(ServerError::InvalidCredentials);
            }
        };
        if user.disabled {
            return Err(ServerError::AccountDisabled);
        }
        Ok(user)
    }

    /// Take a place for one attempt under `counters` ([`repo::throttle::reserve`]), waiting while attempts
    /// still checking their passwords fill the limit (at most [`crate::config::LockoutPolicy::max_wait`]).
    async fn reserve_attempt(&self, counters: &[Counter], known: bool) -> Result<(), ServerError> {
        let policy = &self.config.lockout;
        let deadline = std::time::Instant::now() + policy.max_wait;
        let mut pause = std::time::Duration::from_millis(5);
        loop {
            let txn = self.db.begin_write().await?;
            let reservation =
                repo::throttle::reserve(&txn, counters, known, now_ms(), policy).await?;
            txn.commit().await?;
            match reservation {
                Reservation::Granted => return Ok(()),
                Reservation::Locked { until } => return Err(too_many(until, now_ms())),
                Reservation::Busy => {}
            }
            // Wait for a place with plain reads, which take no lock; then try again.
            loop {
                if std::time::Instant::now() >= deadline {
                    let now = now_ms();
                    return Err(too_many(now + 1000, now));
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_millis(100));
                match repo::throttle::peek(&self.db.conn, counters, now_ms(), policy).await? {
                    Reservation::Busy => {}
                    Reservation::Locked { until } => return Err(too_many(until, now_ms())),
                    Reservation::Granted => break,
                }
            }
        }
    }

    /// The user behind a bearer token: unknown and expired tokens are [`ServerError::Unauthorized`],
    /// a disabled user is [`ServerError::AccountDisabled`].
    pub async fn authenticate(&self, bearer: &str) -> Result<app_user::Model, ServerError> {
        // Tokens are 43 characters; anything far off is not worth a query.
        if bearer.is_empty() || bearer.len() > 256 {
            return Err(ServerError::Unauthorized);
        }
        let hash = token::hash(bearer);
        let now = now_ms();
        let (_, user) = repo::tokens::find_live(&self.db.conn, &hash, now)
            .await?
            .ok_or(ServerError::Unauthorized)?;
        if user.disabled {
            return Err(ServerError::AccountDisabled);
        }
        repo::tokens::touch(&self.db.conn, &hash, now, TOUCH_GRANULARITY_MS).await?;
        Ok(user)
    }

    /// The user with this id (for handlers that already know the caller).
    pub async fn user(&self, id: &str) -> Result<app_user::Model, ServerError> {
        repo::users::by_id(&self.db.conn, id)
            .await?
            .ok_or_else(|| ServerError::not_found("user", id))
    }
}

fn too_many(until: i64, now: i64) -> ServerError {
    let ms = u64::try_from(until.saturating_sub(now)).unwrap_or(0);
    ServerError::TooManyAttempts {
        retry_after_secs: ms.div_ceil(1000).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Ann@Example.COM "), "ann@example.com");
        assert!(check_email("ann@example.com").is_ok());
        for bad in ["", "ann", "@example.com", "ann@", "a b@c.d", "a@b@c"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        let e = too_many(10_001, 0);
        assert!(matches!(
            e,
            ServerError::TooManyAttempts {
                retry_after_secs: 11
            }
        ));
        let e = too_many(5, 5);
        assert!(matches!(
            e,
            ServerError::TooManyAttempts {
                retry_after_secs: 1
            }
        ));
    }
}
