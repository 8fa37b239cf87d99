//! Hybrid logical clock: a timestamp that follows wall time but never goes backwards on one device and
//! orders causally related events across devices. Every synced row's `updated_at` is one.
//!
//! Encoded as a fixed-width string (`000001763870400000-00000-<node>`) so that string order is clock order
//! in SQLite and PostgreSQL alike.

use std::fmt;
use std::str::FromStr;

/// A hybrid logical clock reading.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch.
    pub wall_ms: i64,
    /// Orders events within one millisecond.
    pub counter: u32,
    /// The device that made the event (ties between devices break on it).
    pub node: String,
}

impl Hlc {
    /// The next reading on this device: after both `previous` and the wall clock.
    pub fn tick(previous: Option<&Hlc>, now_ms: i64, node: &str) -> Hlc {
        match previous {
            Some(p) if p.wall_ms >= now_ms => Hlc {
                wall_ms: p.wall_ms,
                counter: p.counter.saturating_add(1),
                node: node.to_string(),
            },
            _ => Hlc {
                wall_ms: now_ms,
                counter: 0,
                node: node.to_string(),
            },
        }
    }

    /// The reading after receiving `remote` from another device.
    pub fn receive(local: Option<&Hlc>, remote: &Hlc, now_ms: i64, node: &str) -> Hlc {
        let wall = now_ms
            .max(remote.wall_ms)
            .max(local.map_or(i64::MIN, |l| l.wall_ms));
        let counter = match local {
            Some(l) if l.wall_ms == wall && remote.wall_ms == wall => {
                l.counter.max(remote.counter).saturating_add(1)
            }
            Some(l) if l.wall_ms == wall => l.counter.saturating_add(1),
            _ if remote.wall_ms == wall => remote.counter.saturating_add(1),
            _ => 0,
        };
        Hlc {
            wall_ms: wall,
            counter,
            node: node.to_string(),
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:018}-{:05}-{}",
            self.wall_ms.max(0),
            self.counter,
            self.node
        )
    }
}

impl FromStr for Hlc {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut parts = s.splitn(3, '-');
        let wall = parts.next().and_then(|p| p.parse().ok());
        let counter = parts.next().and_then(|p| p.parse().ok());
        let node = parts.next();
        match (wall, counter, node) {
            (Some(wall_ms), Some(counter), Some(node)) if !node.is_empty() => Ok(Hlc {
                wall_ms,
                counter,
                node: node.to_string(),
            }),
            _ => Err(format!("not a clock reading: {s:?}")),
        }
    }
}

#[cfg(test)]
#[path = "hlc_tests.rs"]
mod tests;
