//! A quote as the editor sends it: the draft, its lines and quote discount, and their validation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::document::PdfLanguage;
use crate::money::{Currency, Money};
use crate::pricing::{LineInclusion, LineKind, QuoteDiscount};
use crate::validation::{self, MAX_TEXT, Percent, Quantity, collect};
use crate::{FieldError, FieldErrorKind};

/// A quote being edited: what the editor sends for a live preview and for saving.
///
/// Fields added after the first release default when absent, so an older editor's draft still saves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteDraft {
    /// `None` for a new quote.
    pub id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub notes: String,
    /// Printed on the quote, e.g. "30 % with the order, 70 % before delivery".
    #[serde(default)]
    pub payment_terms: String,
    /// Printed on the quote, e.g. "Ex works Suzhou, 4 weeks after order".
    #[serde(default)]
    pub delivery_terms: String,
    /// `YYYY-MM-DD`. Empty: a new quote is valid for 30 days from its issue date, a saved one keeps its date.
    #[serde(default)]
    pub valid_until: String,
    /// A discount on the whole quote, spread over its counted lines.
    #[serde(default)]
    pub quote_discount: QuoteDiscountDraft,
    /// The labels of the quote's PDF (`None`: the device's default from settings).
    #[serde(default)]
    pub pdf_lang: Option<PdfLanguage>,
    pub lines: Vec<QuoteLineDraft>,
}

/// One line of a draft. The unit price and tax rate come from the catalog when the line is first saved and
/// stay as recorded afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteLineDraft {
    /// `None` for a line not saved yet.
    pub id: Option<Uuid>,
    pub product_id: Uuid,
    pub quantity: String,
    pub discount_percent: String,
    /// Taken off the line after the percentage, in the quote's currency; empty for none.
    #[serde(default)]
    pub discount_amount: String,
    /// An option the client may take: shown with its price, counted in the totals only once `selected`.
    #[serde(default)]
    pub optional: bool,
    /// Whether the client took an optional line (ignored for other lines).
    #[serde(default)]
    pub selected: bool,
    /// An item, a bundle (its product is a bundle) or a component of the bundle line at `parent`.
    #[serde(default)]
    pub kind: QuoteLineKind,
    /// For a component: the index in `lines` of its bundle line, which comes before it.
    #[serde(default)]
    pub parent: Option<u32>,
}

/// What a quote line is in the line tree: bundles are parent lines followed by their components.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuoteLineKind {
    #[default]
    Item,
    Bundle,
    Component,
}

impl QuoteDraft {
    /// Append lines whose `parent` indexes count from the first of them (as `Store::lines_for_product`
    /// returns a bundle with its components): the parents are moved to the lines' places in the draft.
    pub fn push_lines(&mut self, lines: Vec<QuoteLineDraft>) {
        let offset = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        for mut l in lines {
            l.parent = l.parent.map(|p| p.saturating_add(offset));
            self.lines.push(l);
        }
    }

    /// Remove line `index`; a bundle line takes its components with it. Later lines' `parent` indexes are
    /// renumbered. An index past the end removes nothing.
    pub fn remove_line(&mut self, index: usize) {
        if index >= self.lines.len() {
            return;
        }
        let parent = u32::try_from(index).ok();
        let bundle = self.lines[index].kind == QuoteLineKind::Bundle;
        let mut removed = vec![false; self.lines.len()];
        for (i, l) in self.lines.iter().enumerate() {
            removed[i] =
                i == index || (bundle && l.kind == QuoteLineKind::Component && l.parent == parent);
        }
        // New index of each kept line.
        let mut new_index = Vec::with_capacity(self.lines.len());
        let mut next = 0_u32;
        for &gone in &removed {
            new_index.push(if gone { None } else { Some(next) });
            next += u32::from(!gone);
        }
        let mut i = 0;
        self.lines.retain(|_| {
            i += 1;
            !removed[i - 1]
        });
        for l in &mut self.lines {
            if let Some(p) = l.parent {
                l.parent = usize::try_from(p)
                    .ok()
                    .and_then(|p| new_index.get(p).copied().flatten());
            }
        }
    }
}

impl QuoteLineDraft {
    /// Parse quantity and discount; errors name `lines[index].quantity` / `.discount_percent`.
    pub fn parse(&self, index: usize) -> Result<(Quantity, Percent), Vec<FieldError>> {
        let mut e = Vec::new();
        let q = collect(
            &mut e,
            Quantity::parse(&format!("lines[{index}].quantity"), &self.quantity),
        );
        let d = collect(
            &mut e,
            Percent::parse_or_zero(
                &format!("lines[{index}].discount_percent"),
                &self.discount_percent,
            ),
        );
        match (q, d) {
            (Some(q), Some(d)) => Ok((q, d)),
            _ => Err(e),
        }
    }

    /// Parse the discount amount in `currency`; empty (or zero) is none. Errors name
    /// `lines[index].discount_amount`.
    pub fn parse_discount_amount(
        &self,
        index: usize,
        currency: Currency,
    ) -> Result<Option<Money>, FieldError> {
        if self.discount_amount.trim().is_empty() {
            return Ok(None);
        }
        let amount = validation::price(
            &format!("lines[{index}].discount_amount"),
            &self.discount_amount,
            currency,
        )?;
        Ok((amount.minor() != 0).then_some(amount))
    }

    /// How the line counts in the totals.
    pub fn inclusion(&self) -> LineInclusion {
        if self.optional {
            LineInclusion::Optional {
                selected: self.selected,
            }
        } else {
            LineInclusion::Always
        }
    }
}

/// The bundle-discount rule on a draft's line `index` of `kind`: a line that is not priced by itself (a bundle
/// priced as the sum of its components, see [`LineKind::priced_by_itself`]) is discounted through its
/// components and carries no discount of its own. `percent` and `amount` are the line's discounts as parsed
/// (`None` where not given or not valid). The error names `lines[index].discount_percent`.
pub fn check_own_discount(
    index: usize,
    kind: LineKind,
    percent: Option<Percent>,
    amount: Option<Money>,
) -> Result<(), FieldError> {
    let discounted = percent.is_some_and(|p| p != Percent::ZERO) || amount.is_some();
    if discounted && !kind.priced_by_itself() {
        Err(FieldError::new(
            format!("lines[{index}].discount_percent"),
            FieldErrorKind::BundleDiscount,
        ))
    } else {
        Ok(())
    }
}

/// A draft's header after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuoteHeader {
    pub customer_id: Uuid,
    pub notes: String,
    pub payment_terms: String,
    pub delivery_terms: String,
    pub pdf_lang: Option<PdfLanguage>,
    /// `None` when the draft leaves it empty.
    pub valid_until: Option<NaiveDate>,
}

impl QuoteDraft {
    /// Header checks: a customer is chosen, texts are bounded, the validity date is a date.
    pub fn validate_header(&self) -> Result<ValidQuoteHeader, Vec<FieldError>> {
        let mut e = Vec::new();
        let customer = match self.customer_id {
            Some(id) => Some(id),
            None => {
                e.push(FieldError::new("customer_id", FieldErrorKind::Required));
                None
            }
        };
        let notes = collect(
            &mut e,
            validation::text("notes", &self.notes, MAX_TEXT, false),
        );
        let payment_terms = collect(
            &mut e,
            validation::text("payment_terms", &self.payment_terms, MAX_TEXT, false),
        );
        let delivery_terms = collect(
            &mut e,
            validation::text("delivery_terms", &self.delivery_terms, MAX_TEXT, false),
        );
        let valid_until = collect(&mut e, validation::date("valid_until", &self.valid_until));
        match (customer, notes, payment_terms, delivery_terms, valid_until) {
            (
                Some(customer_id),
                Some(notes),
                Some(payment_terms),
                Some(delivery_terms),
                Some(valid_until),
            ) if e.is_empty() => Ok(ValidQuoteHeader {
                customer_id,
                notes,
                payment_terms,
                delivery_terms,
                pdf_lang: self.pdf_lang,
                valid_until,
            }),
            _ => Err(e),
        }
    }
}

/// A quote-level discount as the editor sends it: `{"kind": "none"}`, `{"kind": "percent", "value": "5"}` or
/// `{"kind": "amount", "value": "100.00"}` (in the quote's currency).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuoteDiscountDraft {
    #[default]
    None,
    Percent {
        value: String,
    },
    Amount {
        value: String,
    },
}

impl From<QuoteDiscount> for QuoteDiscountDraft {
    fn from(d: QuoteDiscount) -> Self {
        match d {
            QuoteDiscount::None => QuoteDiscountDraft::None,
            QuoteDiscount::Percent(p) => QuoteDiscountDraft::Percent {
                value: p.to_string(),
            },
            QuoteDiscount::Amount(a) => QuoteDiscountDraft::Amount {
                value: a.amount_string(),
            },
        }
    }
}

impl QuoteDiscountDraft {
    /// Parse into a [`QuoteDiscount`]; errors name `quote_discount`. An empty value means no discount.
    pub fn parse(&self, currency: Currency) -> Result<QuoteDiscount, FieldError> {
        const FIELD: &str = "quote_discount";
        match self {
            QuoteDiscountDraft::None => Ok(QuoteDiscount::None),
            QuoteDiscountDraft::Percent { value } if value.trim().is_empty() => {
                Ok(QuoteDiscount::None)
            }
            QuoteDiscountDraft::Amount { value } if value.trim().is_empty() => {
                Ok(QuoteDiscount::None)
            }
            QuoteDiscountDraft::Percent { value } => {
                Percent::parse(FIELD, value).map(QuoteDiscount::Percent)
            }
            QuoteDiscountDraft::Amount { value } => {
                validation::price(FIELD, value, currency).map(QuoteDiscount::Amount)
            }
        }
    }
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
