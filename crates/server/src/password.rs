//! Password hashing with argon2id, stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
//!
//! Hashing is deliberately slow; callers on the async runtime go through [`Passwords`], which runs it
//! on the blocking pool.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};

use crate::ServerError;
use crate::config::HashCost;

/// Shortest password accepted for a new account.
pub const MIN_PASSWORD_LEN: usize = 10;

fn hasher(cost: HashCost) -> Result<Argon2<'static>, ServerError> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(|e| ServerError::PasswordHash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Reject passwords too short to be worth hashing.
pub fn check_strength(password: &str) -> Result<(), ServerError> {
    if password.trim().is_empty() {
        return Err(ServerError::Invalid("the password is empty".into()));
    }
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ServerError::Invalid(format!(
            "the password is too short: use at least {MIN_PASSWORD_LEN} characters"
        )));
    }
    Ok(())
}

/// Hash `password` with a fresh random salt; returns the PHC string.
pub fn hash(password: &str, cost: HashCost) -> Result<String, ServerError> {
    hasher(cost)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServerError::PasswordHash(e.to_string()))
}

/// Whether `password` matches the PHC string `phc` (using the parameters stored in it).
/// A malformed stored hash is an error, not a mismatch.
pub fn verify(password: &str, phc: &str) -> Result<bool, ServerError> {
    let parsed = PasswordHash::new(phc)
        .map_err(|e| ServerError::Corrupt(format!("stored password hash: {e}")))?;
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(ServerError::PasswordHash(e.to_string())),
    }
}

/// Hashing and verifying off the async runtime, with a dummy hash of the same cost so that a login
/// for an unknown email takes as long as one with a wrong password.
#[derive(Clone, Debug)]
pub struct Passwords {
    cost: HashCost,
    /// Made on first need (or by [`Passwords::warm_up`]); a constant, not state.
    dummy_hash: Arc<OnceLock<String>>,
}

impl Passwords {
    pub fn new(cost: HashCost) -> Passwords {
        Passwords {
            cost,
            dummy_hash: Arc::new(OnceLock::new()),
        }
    }

    pub fn cost(&self) -> HashCost {
        self.cost
    }

    /// Make the dummy hash now, so that the first login for an unknown email is not slower.
    pub async fn warm_up(&self) -> Result<(), ServerError> {
        self.dummy().await.map(drop)
    }

    async fn dummy(&self) -> Result<String, ServerError> {
        if let Some(h) = self.dummy_hash.get() {
            return Ok(h.clone());
        }
        let cost = self.cost;
        let h = blocking(move || hash("not a password: a timing stand-in", cost)).await?;
        Ok(self.dummy_hash.get_or_init(|| h).clone())
    }

    pub async fn hash(&self, password: &str) -> Result<String, ServerError> {
        let (password, cost) = (password.to_string(), self.cost);
        blocking(move || hash(&password, cost)).await
    }

    /// Verify against `phc`, or against the dummy hash when there is no user (always `false` then).
    pub async fn verify(&self, password: &str, phc: Option<&str>) -> Result<bool, ServerError> {
        let (phc, real) = match phc {
            Some(p) => (p.to_string(), true),
            None => (self.dummy().await?, false),
        };
        let password = password.to_string();
        let ok = blocking(move || verify(&password, &phc)).await?;
        Ok(ok && real)
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServerError::PasswordHash(format!("hashing task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: HashCost = HashCost {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn hash_is_argon2id_phc_and_verifies() {
        let h = hash("correct horse battery", CHEAP).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{h}");
        assert!(!h.contains("correct horse"));
        assert!(verify("correct horse battery", &h).unwrap());
        assert!(!verify("correct horse batterx", &h).unwrap());
    }

    #[test]
    fn default_cost_is_owasp() {
        let h = hash("correct horse battery", HashCost::default()).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
    }

    #[test]
    fn two_hashes_of_one_password_differ() {
        assert_ne!(
            hash("same password!", CHEAP).unwrap(),
            hash("same password!", CHEAP).unwrap()
        );
    }

    #[test]
    fn malformed_stored_hash_is_an_error() {
        assert!(verify("x", "plaintext").is_err());
    }

    #[test]
    fn short_and_empty_passwords_are_refused() {
        assert!(check_strength("").is_err());
        assert!(check_strength("          ").is_err());
        assert!(check_strength("123456789").is_err());
        assert!(check_strength("1234567890").is_ok());
        assert!(check_strength("密码密码密码密码密码").is_ok());
    }
}
