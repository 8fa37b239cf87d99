//! A proposal version's frozen content hash, and the SHA-256 of bytes (a rendered PDF, a blob).

use sha2::{Digest, Sha256};

use super::build::ProposalDocument;

/// What the canonical serialization starts with: a new layout of it gets a new tag, so old hashes are never
/// compared with new ones by mistake.
const CONTENT_TAG: &[u8] = b"fieldquote-proposal-content-1\n";

/// The SHA-256 (64 lowercase hex digits) of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The canonical serialization of a proposal's content: its JSON, fields in their declared order, maps sorted,
/// no whitespace. Everything printed is in it (texts, image hashes, the pricing figures as shown); nothing
/// device-specific is (the quote view is left out).
pub fn canonical_content(doc: &ProposalDocument) -> Vec<u8> {
    let mut out = CONTENT_TAG.to_vec();
    // The quote view is left out: its printed figures are in `pricing`, the rest is this device's.
    let hashed = ProposalDocument {
        quote: None,
        ..doc.clone()
    };
    serde_json::to_writer(&mut out, &hashed).expect("a proposal document serializes");
    out
}

/// A proposal version's content hash: [`sha256_hex`] of [`canonical_content`]. Equal content, equal hash, on
/// any device.
pub fn content_hash(doc: &ProposalDocument) -> String {
    sha256_hex(&canonical_content(doc))
}
