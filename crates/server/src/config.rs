//! Settings of a running server. Defaults suit production; tests shorten the delays.

use std::time::Duration;

/// How failed logins are slowed down (per email address, persisted in the database).
#[derive(Clone, Debug)]
pub struct LockoutPolicy {
    /// Consecutive failures allowed before the email is locked.
    pub max_failures: u32,
    /// Lock after the `max_failures`-th failure; each further failure doubles it.
    pub base_delay: Duration,
    /// Upper bound of the lock.
    pub max_delay: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            base_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(60 * 60),
        }
    }
}

impl LockoutPolicy {
    /// Lock duration after `failures` consecutive failures (`None` while under the limit).
    pub fn delay_after(&self, failures: u32) -> Option<Duration> {
        if failures < self.max_failures {
            return None;
        }
        let doublings = (failures - self.max_failures).min(31);
        let delay = self
            .base_delay
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_delay);
        Some(delay.min(self.max_delay))
    }
}

/// Argon2id cost. The default is OWASP's recommendation (19 MiB, 2 passes, 1 lane), which is also
/// argon2's default; tests may lower it to keep debug builds quick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for HashCost {
    fn default() -> Self {
        HashCost {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Settings of the HTTP API.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// How long a login token stays valid.
    pub token_ttl: Duration,
    pub lockout: LockoutPolicy,
    /// Cost of new password hashes (and of the dummy hash checked for unknown emails).
    pub hash_cost: HashCost,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

/// Default token lifetime in days (`--token-days`).
pub const DEFAULT_TOKEN_DAYS: u32 = 30;
/// Default request body limit: 8 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            token_ttl: Duration::from_secs(u64::from(DEFAULT_TOKEN_DAYS) * 24 * 60 * 60),
            lockout: LockoutPolicy::default(),
            hash_cost: HashCost::default(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_doubles_from_the_fifth_failure_and_is_capped() {
        let p = LockoutPolicy::default();
        assert_eq!(p.delay_after(4), None);
        assert_eq!(p.delay_after(5), Some(Duration::from_secs(30)));
        assert_eq!(p.delay_after(6), Some(Duration::from_secs(60)));
        assert_eq!(p.delay_after(7), Some(Duration::from_secs(120)));
        assert_eq!(p.delay_after(12), Some(Duration::from_secs(3600)));
        assert_eq!(p.delay_after(u32::MAX), Some(Duration::from_secs(3600)));
    }
}
