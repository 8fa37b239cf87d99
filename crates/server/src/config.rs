//! Settings of a running server. Defaults suit production; tests shorten the delays.

use std::time::Duration;

/// How failed logins are slowed down, persisted in the database so every server process sees the same counts.
///
/// Two counters are kept per email address: one per source address (a guesser slows only itself down)
/// and one for the account as a whole, with a higher ceiling (many addresses together are stopped too).
/// Each attempt takes a place under both before its password is checked, under a lock on the counters'
/// rows, so parallel attempts cannot slip past the limit ([`crate::repo::throttle`]); a success clears both
/// counters.
#[derive(Clone, Debug)]
pub struct LockoutPolicy {
    /// Failures from one source address allowed before that address is locked out of the account.
    pub max_failures: u32,
    /// Failures from all addresses together allowed before the account is locked for everyone.
    pub account_max_failures: u32,
    /// Lock after the limit's failure; each further failure doubles it.
    pub base_delay: Duration,
    /// Upper bound of the lock.
    pub max_delay: Duration,
    /// Counters idle (no failure, no lock) for this long are forgotten.
    pub forget_after: Duration,
    /// Most counters kept for emails that are no account's; the oldest go first.
    pub max_unknown_rows: u64,
    /// How long an attempt waits for its turn while earlier ones are still checking their passwords and fill
    /// the limit; then it is answered 429.
    pub max_wait: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            account_max_failures: 25,
            base_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(60 * 60),
            forget_after: Duration::from_secs(24 * 60 * 60),
            max_unknown_rows: 10_000,
            max_wait: Duration::from_secs(5),
        }
    }
}

impl LockoutPolicy {
    /// Lock duration after `failures` from one source address (`None` while under the limit).
    pub fn delay_after(&self, failures: u32) -> Option<Duration> {
        self.delay(self.max_failures, failures)
    }

    /// Lock duration after `failures` from all addresses together (`None` while under the ceiling).
    pub fn account_delay_after(&self, failures: u32) -> Option<Duration> {
        self.delay(self.account_max_failures, failures)
    }

    fn delay(&self, limit: u32, failures: u32) -> Option<Duration> {
        if failures < limit.max(1) {
            return None;
        }
        let doublings = (failures - limit.max(1)).min(31);
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
    /// Largest request body accepted, in bytes (a blob larger than this is uploaded in parts).
    pub body_limit: usize,
    /// Largest blob accepted, in bytes ([`crate::blobs`]).
    pub max_blob_size: u64,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none by default: the peer address is the
    /// client's). See [`crate::http::client_addr`].
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// A trusted proxy as given to `serve --trusted-proxy`: an address (`127.0.0.1`, `::1`) or a network in
/// CIDR notation (`10.0.0.0/8`).
pub fn parse_proxy(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| format!("{text:?} is neither an IP address nor a network such as 10.0.0.0/8"))
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
            max_blob_size: crate::blobs::DEFAULT_MAX_BLOB,
            trusted_proxies: Vec::new(),
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

    #[test]
    fn proxies_are_addresses_or_networks() {
        assert_eq!(
            parse_proxy("127.0.0.1").unwrap().to_string(),
            "127.0.0.1/32"
        );
        assert_eq!(parse_proxy(" ::1 ").unwrap().to_string(), "::1/128");
        assert_eq!(parse_proxy("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert!(parse_proxy("proxy.example").is_err());
    }

    #[test]
    fn the_account_wide_ceiling_is_higher() {
        let p = LockoutPolicy::default();
        assert_eq!(p.account_delay_after(24), None);
        assert_eq!(p.account_delay_after(25), Some(Duration::from_secs(30)));
        assert_eq!(p.account_delay_after(26), Some(Duration::from_secs(60)));
    }
}
