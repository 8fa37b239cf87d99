//! What changed between two versions of a quote (a revision and the quote it revises).
//!
//! Lines are paired by product: the k-th line of a product in the old quote with the k-th line of the same
//! product in the new one (a revision copies lines under new ids, so ids cannot pair them). A bundle's
//! component pairs only with a component of the same product in a bundle of the same product, so moving a
//! part into or out of a bundle shows as removed and added. Unpaired lines
//! are added or removed; paired lines that differ in what the client sees (quantity, price, discounts,
//! option, amounts) are changed. Totals are reported before and after.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{QuoteDiscountDraft, QuoteLineView, QuoteTotalsView, QuoteView};
use crate::format;

/// How a line differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Added,
    Removed,
    Changed,
}

/// One field's value before and after (empty on the side where the line does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
    /// The values as shown: figures with thousands separators ([`crate::format::decimal`]), other text as is.
    #[serde(default)]
    pub shown_before: String,
    #[serde(default)]
    pub shown_after: String,
}

impl FieldChange {
    pub fn new(field: impl Into<String>, before: String, after: String) -> FieldChange {
        FieldChange {
            field: field.into(),
            shown_before: format::decimal(&before),
            shown_after: format::decimal(&after),
            before,
            after,
        }
    }
}

/// A line that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineDiff {
    pub change: LineChange,
    pub product_id: Uuid,
    pub sku: String,
    pub description: String,
    /// For a bundle's component, the bundle line's SKU; empty otherwise.
    #[serde(default)]
    pub bundle: String,
    /// For a changed line, the fields that differ; for an added or removed one, its values.
    pub fields: Vec<FieldChange>,
}

/// The differences between two quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteDiff {
    pub from_number: Option<String>,
    pub to_number: Option<String>,
    /// Header fields that differ (customer, validity, terms, notes, quote discount).
    pub header: Vec<FieldChange>,
    /// In the new quote's order, removed lines last.
    pub lines: Vec<LineDiff>,
    pub totals_before: QuoteTotalsView,
    pub totals_after: QuoteTotalsView,
}

impl QuoteDiff {
    /// Whether the two quotes differ in anything the client would see.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.lines.is_empty() && self.totals_before == self.totals_after
    }
}

fn discount_text(d: &QuoteDiscountDraft) -> String {
    match d {
        QuoteDiscountDraft::None => String::new(),
        QuoteDiscountDraft::Percent { value } => format!("{value} %"),
        QuoteDiscountDraft::Amount { value } => value.clone(),
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The fields of a line compared, in the order they are reported.
fn line_fields(l: &QuoteLineView) -> [(&'static str, String); 9] {
    [
        ("quantity", l.quantity.clone()),
        ("unit_price", l.unit_price.clone()),
        ("discount_percent", l.discount_percent.clone()),
        ("discount_amount", l.discount_amount.clone()),
        ("optional", yes_no(l.optional)),
        ("selected", yes_no(l.optional && l.selected)),
        ("tax_rate", l.tax_rate.clone()),
        ("net", l.net.clone()),
        ("gross", l.gross.clone()),
    ]
}

fn changes(
    before: &[(&'static str, String)],
    after: &[(&'static str, String)],
) -> Vec<FieldChange> {
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| FieldChange::new(b.0, b.1.clone(), a.1.clone()))
        .collect()
}

/// The bundle line a component belongs to.
fn bundle_of<'a>(lines: &'a [QuoteLineView], l: &QuoteLineView) -> Option<&'a QuoteLineView> {
    l.parent
        .and_then(|p| usize::try_from(p).ok())
        .and_then(|p| lines.get(p))
}

/// What a line pairs by: its product, and its bundle's product for a component.
fn pairing_key(lines: &[QuoteLineView], l: &QuoteLineView) -> (Uuid, Option<Uuid>) {
    (l.product_id, bundle_of(lines, l).map(|b| b.product_id))
}

fn bundle_sku(lines: &[QuoteLineView], l: &QuoteLineView) -> String {
    bundle_of(lines, l)
        .map(|b| b.sku.clone())
        .unwrap_or_default()
}

fn one_sided(lines: &[QuoteLineView], line: &QuoteLineView, change: LineChange) -> LineDiff {
    let fields = line_fields(line)
        .into_iter()
        .filter(|(f, _)| !matches!(*f, "optional" | "selected") || line.optional)
        .map(|(field, value)| {
            let (before, after) = match change {
                LineChange::Removed => (value, String::new()),
                _ => (String::new(), value),
            };
            FieldChange::new(field, before, after)
        })
        .collect();
    LineDiff {
        change,
        product_id: line.product_id,
        sku: line.sku.clone(),
        description: line.description.clone(),
        bundle: bundle_sku(lines, line),
        fields,
    }
}

/// What changed from `old` to `new`.
pub fn quote_diff(old: &QuoteView, new: &QuoteView) -> QuoteDiff {
    let header_of = |q: &QuoteView| {
        [
            (
                "customer",
                q.customer
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
            ),
            ("currency", q.currency.to_string()),
            ("valid_until", q.valid_until.clone()),
            ("payment_terms", q.payment_terms.clone()),
            ("delivery_terms", q.delivery_terms.clone()),
            ("notes", q.notes.clone()),
            ("quote_discount", discount_text(&q.quote_discount)),
        ]
    };
    let header = changes(&header_of(old), &header_of(new));

    // Old lines by product, in order; each new line takes the first unpaired one of its product.
    let mut unpaired: HashMap<(Uuid, Option<Uuid>), std::collections::VecDeque<usize>> =
        HashMap::new();
    for (i, l) in old.lines.iter().enumerate() {
        unpaired
            .entry(pairing_key(&old.lines, l))
            .or_default()
            .push_back(i);
    }
    let mut paired = vec![false; old.lines.len()];
    let mut lines = Vec::new();
    for l in &new.lines {
        match unpaired
            .get_mut(&pairing_key(&new.lines, l))
            .and_then(|q| q.pop_front())
        {
            Some(i) => {
                paired[i] = true;
                let fields = changes(&line_fields(&old.lines[i]), &line_fields(l));
                if !fields.is_empty() {
                    lines.push(LineDiff {
                        change: LineChange::Changed,
                        product_id: l.product_id,
                        sku: l.sku.clone(),
                        description: l.description.clone(),
                        bundle: bundle_sku(&new.lines, l),
                        fields,
                    });
                }
            }
            None => lines.push(one_sided(&new.lines, l, LineChange::Added)),
        }
    }
    for (l, _) in old.lines.iter().zip(&paired).filter(|(_, p)| !**p) {
        lines.push(one_sided(&old.lines, l, LineChange::Removed));
    }
    QuoteDiff {
        from_number: old.number.clone(),
        to_number: new.number.clone(),
        header,
        lines,
        totals_before: old.totals.clone(),
        totals_after: new.totals.clone(),
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "diff_bundle_tests.rs"]
mod bundle_tests;
