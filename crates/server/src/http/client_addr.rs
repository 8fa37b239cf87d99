//! `ClientAddr`: the address a request comes from, which failed logins are counted by.
//!
//! By default it is the peer of the TCP connection, and `X-Forwarded-For` is ignored (anyone can send it).
//! Behind a reverse proxy every peer is the proxy, so the server is told which proxies to believe
//! (`serve --trusted-proxy ADDR_OR_CIDR`, [`crate::ServerConfig::trusted_proxies`]): when the peer is one of
//! them, the client is the right-most address of `X-Forwarded-For` that is not a trusted proxy (each proxy
//! appends the address it received the request from, so entries left of that one are the client's to forge).

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use ipnet::IpNet;

use super::AppState;

/// Header in which reverse proxies name the addresses a request passed through.
pub const FORWARDED_FOR: &str = "x-forwarded-for";

/// The client's address (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(client_addr(
            peer,
            parts.headers.get_all(FORWARDED_FOR).iter(),
            &state.accounts.config().trusted_proxies,
        )))
    }
}

fn trusted(addr: IpAddr, proxies: &[IpNet]) -> bool {
    proxies.iter().any(|net| net.contains(&addr))
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The client of a request from `peer` carrying the `X-Forwarded-For` lines `forwarded`, believing the
/// header only from `proxies`. Without a peer (a router called in process) the unspecified address.
pub fn client_addr<'a>(
    peer: Option<IpAddr>,
    forwarded: impl DoubleEndedIterator<Item = &'a HeaderValue>,
    proxies: &[IpNet],
) -> IpAddr {
    let Some(peer) = peer.map(|p| p.to_canonical()) else {
        return IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    };
    if !trusted(peer, proxies) {
        return peer;
    }
    let mut client = peer;
    let entries = forwarded
        .rev()
        .flat_map(|line| line.to_str().unwrap_or("").rsplit(',').collect::<Vec<_>>());
    for entry in entries {
        // A malformed entry ends the walk: what is left of it cannot be told apart from a forgery.
        let Some(addr) = parse_entry(entry) else {
            break;
        };
        client = addr;
        if !trusted(addr, proxies) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn from(peer: &str, lines: &[&str], proxies: &[&str]) -> IpAddr {
        let values: Vec<HeaderValue> = lines
            .iter()
            .map(|l| HeaderValue::from_str(l).unwrap())
            .collect();
        let proxies: Vec<IpNet> = proxies
            .iter()
            .map(|p| crate::config::parse_proxy(p).unwrap())
            .collect();
        client_addr(Some(addr(peer)), values.iter(), &proxies)
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        assert_eq!(
            from("198.51.100.7", &["192.0.2.1"], &[]),
            addr("198.51.100.7")
        );
        assert_eq!(
            from("198.51.100.7", &["192.0.2.1"], &["127.0.0.1/32"]),
            addr("198.51.100.7")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_entry_is_the_client() {
        let proxies = ["127.0.0.1", "10.0.0.0/8"];
        assert_eq!(
            from("127.0.0.1", &["192.0.2.1"], &proxies),
            addr("192.0.2.1")
        );
        // The client forged an entry of its own: the proxy appended the real one after it.
        assert_eq!(
            from("127.0.0.1", &["203.0.113.9, 192.0.2.1"], &proxies),
            addr("192.0.2.1")
        );
        // Two proxies in a row, the header split over two lines.
        assert_eq!(
            from(
                "127.0.0.1",
                &["203.0.113.9, 192.0.2.1", "10.1.2.3"],
                &proxies
            ),
            addr("192.0.2.1")
        );
        assert_eq!(
            from("127.0.0.1", &["[2001:db8::1]:4711"], &proxies),
            addr("2001:db8::1")
        );
        // No header, or nothing usable in it: the proxy itself.
        assert_eq!(from("127.0.0.1", &[], &proxies), addr("127.0.0.1"));
        assert_eq!(from("127.0.0.1", &["unknown"], &proxies), addr("127.0.0.1"));
        // An IPv4-mapped peer is its IPv4 address.
        assert_eq!(
            from("::ffff:127.0.0.1", &["192.0.2.1"], &proxies),
            addr("192.0.2.1")
        );
    }

    #[test]
    fn without_a_peer_the_address_is_unspecified() {
        assert_eq!(
            client_addr(None, std::iter::empty(), &[]),
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        );
    }
}
