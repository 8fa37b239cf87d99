//! Content-addressed blobs (images of case studies, diagrams, logos, signatures): a blob is named by the
//! SHA-256 of its bytes, written as 64 lowercase hexadecimal digits. The same bytes always have the same
//! name, so a blob is stored once however many records name it, and a transfer can be checked on arrival.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The SHA-256 of a blob's bytes, as 64 lowercase hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BlobHash(String);

/// A text that is not a SHA-256 written as 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a SHA-256 (64 hexadecimal digits)")]
pub struct InvalidBlobHash(pub String);

impl BlobHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> BlobHash {
        BlobHash::from_digest(Sha256::digest(bytes).into())
    }

    /// The hash a finished [`Sha256`] computed.
    pub fn from_digest(digest: [u8; 32]) -> BlobHash {
        BlobHash(hex(&digest))
    }

    /// A hash as written (upper-case digits are accepted and kept lower-case); surrounding spaces are not.
    pub fn parse(text: &str) -> Result<BlobHash, InvalidBlobHash> {
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(BlobHash(text.to_ascii_lowercase()))
        } else {
            Err(InvalidBlobHash(text.chars().take(80).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

impl FromStr for BlobHash {
    type Err = InvalidBlobHash;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BlobHash::parse(s)
    }
}

impl TryFrom<String> for BlobHash {
    type Error = InvalidBlobHash;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        BlobHash::parse(&s)
    }
}

impl From<BlobHash> for String {
    fn from(h: BlobHash) -> String {
        h.0
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The blob hashes a stored list field holds (a JSON list of hashes; empty or unreadable: none, and entries
/// that are no hash are left out).
pub fn parse_list(raw: &str) -> Vec<BlobHash> {
    crate::text_list::parse(raw)
        .iter()
        .filter_map(|s| BlobHash::parse(s).ok())
        .collect()
}
