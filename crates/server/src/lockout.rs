//! Which failed-login counters an attempt falls under: its email's from its source address, and its
//! email's as a whole. Policy in [`crate::config::LockoutPolicy`], storage in [`crate::repo::throttle`].

use std::net::IpAddr;

use sha2::{Digest, Sha256};

use crate::repo::throttle::{Counter, Scope};

/// The part of a source address that counts as one source: an IPv4 address whole (an IPv4-mapped IPv6
/// address as its IPv4 address), an IPv6 address by its /64, since one host commonly holds a whole /64.
pub fn source_label(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(p.as_bytes());
        // A separator no email or address holds, so that no two lists of parts hash alike.
        hasher.update([0u8]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The counters of an attempt at the (normalised) `email` from `source`: the source's, then the account's.
pub fn counters(email: &str, source: IpAddr) -> [Counter; 2] {
    [
        Counter {
            key: key(&[Scope::Source.as_str(), email, &source_label(source)]),
            scope: Scope::Source,
        },
        Counter {
            key: key(&[Scope::Account.as_str(), email]),
            scope: Scope::Account,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_hosts_of_one_64_are_one_source() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(source_label(a), "2001:db8:1:2::/64");
        assert_eq!(source_label(a), source_label(b));
        assert_ne!(source_label(a), source_label(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(source_label(mapped), "192.0.2.7");
    }

    #[test]
    fn counters_differ_by_source_and_scope_and_keep_nothing_in_clear() {
        let one = counters("ann@example.com", IpAddr::from([192, 0, 2, 1]));
        let two = counters("ann@example.com", IpAddr::from([192, 0, 2, 2]));
        assert_ne!(one[0].key, two[0].key, "each source has its own counter");
        assert_eq!(one[1].key, two[1].key, "the account's is shared");
        assert_ne!(one[0].key, one[1].key);
        assert_eq!(one[0].key.len(), 64);
        assert!(!one[0].key.contains("ann"));
    }
}
