//! The signature page's block: blank lines to sign on, or the client's signature stamped with their name,
//! title, the device's time and the SHA-256 of the proposal as they saw it.

use super::labels::Labels;
use super::{BODY, INK, MUTED, RULE, SMALL};
use crate::engine::{Flow, ImageRef, Ink};

/// What the signature section prints.
pub(crate) enum Signing<'a> {
    /// The proposal as the client reads it before signing: the section left out (its hash is what gets
    /// signed).
    Omitted,
    /// Lines to sign on.
    Blank,
    Stamped(Stamp<'a>),
}

/// A signature with what it is stamped with.
pub(crate) struct Stamp<'a> {
    pub image: &'a ImageRef,
    pub name: &'a str,
    pub title: &'a str,
    pub signed_at: &'a str,
    pub document_sha256: &'a str,
}

impl Signing<'_> {
    pub(crate) fn is_omitted(&self) -> bool {
        matches!(self, Signing::Omitted)
    }
}

const SIGNATURE_BOX_W: f32 = 220.0;
const SIGNATURE_BOX_H: f32 = 80.0;
const FIELD_GAP: f32 = 10.0;
const BOX_INK: Ink = Ink(0.55, 0.55, 0.55);

/// Draw the block, kept on one page.
pub(crate) fn draw(flow: &mut Flow<'_>, labels: &Labels, client: &str, signing: &Signing<'_>) {
    let width = flow.page.content_width();
    let left = flow.page.left();
    let note = flow.canvas.lines(labels.sign_here, width, BODY);
    let line_h = BODY.line_height();
    let label_h = SMALL.line_height();
    let field = label_h + line_h + FIELD_GAP;
    let hash_h = match signing {
        Signing::Stamped(s) => {
            let hash = flow.canvas.lines(s.document_sha256, width, BODY);
            let note = flow.canvas.lines(labels.document_hash_note, width, SMALL);
            label_h + hash.len() as f32 * line_h + note.len() as f32 * label_h + FIELD_GAP
        }
        _ => 0.0,
    };
    let height = note.len() as f32 * line_h
        + FIELD_GAP
        + 4.0 * field
        + label_h
        + SIGNATURE_BOX_H
        + FIELD_GAP
        + hash_h;
    flow.keep_together(height, |flow| {
        for l in &note {
            let y = flow.y();
            let b = flow.canvas.baseline(y, BODY);
            flow.canvas.text_at(left, b, l, BODY);
            flow.advance(line_h);
        }
        flow.advance(FIELD_GAP);
        let (name, title, at) = match signing {
            Signing::Stamped(s) => (s.name, s.title, s.signed_at),
            _ => ("", "", ""),
        };
        field_line(flow, labels.accepted_by, client);
        field_line(flow, labels.name, name);
        field_line(flow, labels.title, title);
        // The signature, in its box.
        let y = flow.y();
        let b = flow.canvas.baseline(y, SMALL);
        flow.canvas.text_at(left, b, labels.signature, SMALL);
        flow.advance(label_h);
        let top = flow.y();
        flow.canvas
            .stroke_rect(left, top, SIGNATURE_BOX_W, SIGNATURE_BOX_H, BOX_INK);
        if let Signing::Stamped(s) = signing {
            let pad = 6.0;
            let max_w = SIGNATURE_BOX_W - 2.0 * pad;
            let max_h = SIGNATURE_BOX_H - 2.0 * pad;
            flow.canvas
                .image(s.image, left + pad, top + pad, max_w, max_h);
        }
        flow.advance(SIGNATURE_BOX_H + FIELD_GAP);
        field_line(flow, labels.signed_at, at);
        if let Signing::Stamped(s) = signing {
            let y = flow.y();
            let b = flow.canvas.baseline(y, SMALL);
            flow.canvas.text_at(left, b, labels.document_hash, SMALL);
            flow.advance(label_h);
            for l in flow.canvas.lines(s.document_sha256, width, BODY) {
                let y = flow.y();
                let b = flow.canvas.baseline(y, BODY);
                flow.canvas.text_at(left, b, &l, BODY.ink(INK));
                flow.advance(line_h);
            }
            for l in flow.canvas.lines(labels.document_hash_note, width, SMALL) {
                let y = flow.y();
                let b = flow.canvas.baseline(y, SMALL);
                flow.canvas.text_at(left, b, &l, SMALL.ink(MUTED));
                flow.advance(label_h);
            }
        }
    });
}

/// A label, and under it the value on a rule (a blank rule to write on when there is no value).
fn field_line(flow: &mut Flow<'_>, label: &str, value: &str) {
    let left = flow.page.left();
    let width = flow.page.content_width();
    let y = flow.y();
    let b = flow.canvas.baseline(y, SMALL);
    flow.canvas.text_at(left, b, label, SMALL);
    flow.advance(SMALL.line_height());
    let y = flow.y();
    let value = flow.canvas.fit(value, width, BODY);
    let b = flow.canvas.baseline(y, BODY);
    flow.canvas.text_at(left, b, &value, BODY);
    flow.advance(BODY.line_height());
    let y = flow.y();
    flow.canvas.rule(left, left + SIGNATURE_BOX_W, y, 0.5, RULE);
    flow.advance(FIELD_GAP);
}
