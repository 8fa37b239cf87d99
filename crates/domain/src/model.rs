//! Records of the sales domain and the views that cross the app boundary.
//!
//! Money in views is a decimal string with exactly the currency's decimals (`"1234.50"`), never a float: the
//! UI and the CLI display it, they never compute with it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::approval::DiscountReview;
use crate::catalog::{
    BundleComponent, ComponentRef, ProductKind, parse_component_list, parse_sku_list,
};
use crate::money::{Currency, Money};
use crate::pricing::{LineInclusion, PricedLine, PricedTotals, QuoteDiscount, TaxBucket};
use crate::quote::QuoteStatus;
use crate::validation::{self, MAX_NAME, MAX_TEXT, Percent, Quantity};
use crate::{FieldError, FieldErrorKind};

/// Collect the field errors of several parses; `Ok` only if all succeeded.
fn collect<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// The selling company, printed on every quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_id: String,
    pub currency: Currency,
}

impl CompanyProfile {
    pub fn validate(&self) -> Result<CompanyProfile, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let address = collect(
            &mut e,
            validation::text("address", &self.address, MAX_TEXT, false),
        );
        let phone = collect(
            &mut e,
            validation::text("phone", &self.phone, MAX_NAME, false),
        );
        let email = collect(&mut e, validation::email("email", &self.email));
        let tax_id = collect(
            &mut e,
            validation::text("tax_id", &self.tax_id, MAX_NAME, false),
        );
        match (name, address, phone, email, tax_id) {
            (Some(name), Some(address), Some(phone), Some(email), Some(tax_id)) if e.is_empty() => {
                Ok(CompanyProfile {
                    name,
                    address,
                    phone,
                    email,
                    tax_id,
                    currency: self.currency,
                })
            }
            _ => Err(e),
        }
    }
}

/// A customer as the user types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerInput {
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
}

/// A customer input that passed validation (trimmed, bounded). Only [`CustomerInput::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCustomer(CustomerInput);

impl ValidCustomer {
    pub fn get(&self) -> &CustomerInput {
        &self.0
    }
}

impl CustomerInput {
    pub fn validate(&self) -> Result<ValidCustomer, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let contact_person = collect(
            &mut e,
            validation::text("contact_person", &self.contact_person, MAX_NAME, false),
        );
        let phone = collect(
            &mut e,
            validation::text("phone", &self.phone, MAX_NAME, false),
        );
        let email = collect(&mut e, validation::email("email", &self.email));
        let address = collect(
            &mut e,
            validation::text("address", &self.address, MAX_TEXT, false),
        );
        let tax_id = collect(
            &mut e,
            validation::text("tax_id", &self.tax_id, MAX_NAME, false),
        );
        match (name, contact_person, phone, email, address, tax_id) {
            (
                Some(name),
                Some(contact_person),
                Some(phone),
                Some(email),
                Some(address),
                Some(tax_id),
            ) if e.is_empty() => Ok(ValidCustomer(CustomerInput {
                name,
                contact_person,
                phone,
                email,
                address,
                tax_id,
            })),
            _ => Err(e),
        }
    }
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
    pub updated_at: String,
}

/// A catalog product as typed or imported.
///
/// The catalog fields after `tax_rate` are optional: `None` keeps what the product has (a new product: no
/// Chinese texts, no category, active, an item without accessories), so a file with only the first seven
/// columns changes nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: String,
    pub tax_rate: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// `1`/`0`, `true`/`false`, `yes`/`no`; empty is active.
    #[serde(default)]
    pub active: Option<String>,
    /// Empty for an item; `sum` or `fixed` for a bundle.
    #[serde(default)]
    pub bundle_pricing: Option<String>,
    /// A bundle's components by SKU with the quantity per bundle: `SKU-A*2;SKU-B*1`.
    #[serde(default)]
    pub components: Option<String>,
    /// Products suggested as options when this one is added: `SKU-C;SKU-D`.
    #[serde(default)]
    pub accessories: Option<String>,
}

/// A validated product. `None` in the catalog fields: keep the stored value (see [`ProductInput`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProduct {
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: Money,
    pub tax_rate: Percent,
    pub name_zh: Option<String>,
    pub description_zh: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
    pub kind: Option<ProductKind>,
    pub components: Option<Vec<ComponentRef>>,
    pub accessories: Option<Vec<String>>,
}

/// Parse an active flag; empty is active.
fn parse_active(field: &str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "y" => Ok(true),
        "0" | "false" | "no" | "n" => Ok(false),
        _ => Err(FieldError::new(
            field,
            FieldErrorKind::NotOneOf {
                allowed: "1, 0, true, false, yes, no".into(),
            },
        )),
    }
}

impl ProductInput {
    pub fn validate(&self) -> Result<ValidProduct, Vec<FieldError>> {
        let mut e = Vec::new();
        let sku = collect(&mut e, validation::text("sku", &self.sku, 64, true));
        let name = collect(&mut e, validation::text("name", &self.name, MAX_NAME, true));
        let description = collect(
            &mut e,
            validation::text("description", &self.description, MAX_TEXT, false),
        );
        let unit = collect(&mut e, validation::text("unit", &self.unit, 32, true));
        let currency = collect(&mut e, validation::currency("currency", &self.currency));
        let unit_price = currency
            .and_then(|c| collect(&mut e, validation::price("unit_price", &self.unit_price, c)));
        let tax_rate = collect(&mut e, Percent::parse("tax_rate", &self.tax_rate));
        let mut optional_text = |field: &str, value: &Option<String>, max: usize| {
            value
                .as_deref()
                .and_then(|v| collect(&mut e, validation::text(field, v, max, false)))
        };
        let name_zh = optional_text("name_zh", &self.name_zh, MAX_NAME);
        let description_zh = optional_text("description_zh", &self.description_zh, MAX_TEXT);
        let category = optional_text("category", &self.category, MAX_NAME);
        let active = self
            .active
            .as_deref()
            .and_then(|v| collect(&mut e, parse_active("active", v)));
        let kind = self.bundle_pricing.as_deref().and_then(|v| {
            let kind = ProductKind::parse(v).ok_or_else(|| {
                FieldError::new(
                    "bundle_pricing",
                    FieldErrorKind::NotOneOf {
                        allowed: "empty (not a bundle), sum, fixed".into(),
                    },
                )
            });
            collect(&mut e, kind)
        });
        let list_error = |field: &str, reason: String| {
            FieldError::new(field, FieldErrorKind::InvalidList { reason })
        };
        let components = self.components.as_deref().and_then(|v| {
            collect(
                &mut e,
                parse_component_list(v).map_err(|r| list_error("components", r)),
            )
        });
        let accessories = self.accessories.as_deref().and_then(|v| {
            collect(
                &mut e,
                parse_sku_list(v).map_err(|r| list_error("accessories", r)),
            )
        });
        match (sku, name, description, unit, unit_price, tax_rate) {
            (
                Some(sku),
                Some(name),
                Some(description),
                Some(unit),
                Some(unit_price),
                Some(tax_rate),
            ) if e.is_empty() => Ok(ValidProduct {
                sku,
                name,
                description,
                unit,
                unit_price,
                tax_rate,
                name_zh,
                description_zh,
                category,
                active,
                kind,
                components,
                accessories,
            }),
            _ => Err(e),
        }
    }
}

/// A quote waiting for a manager's approval, as the Approvals list shows it. Money and percentages are the
/// strings `domain` produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingApprovalView {
    pub quote_id: Uuid,
    pub number: String,
    pub customer_name: String,
    /// Who asked for approval (the rep's name), empty when the quote was saved before requests were recorded.
    pub requested_by: String,
    /// RFC 3339, empty when unknown.
    pub requested_at: String,
    /// The account that owns the quote.
    pub owner_id: String,
    pub currency: Currency,
    pub total: String,
    /// The largest effective line discount, in percent.
    pub max_discount: String,
    /// The limit it exceeds (the rep's), in percent.
    pub limit: String,
}

/// A catalog product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Product {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: Currency,
    pub tax_rate: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub category: String,
    /// An inactive product stays on saved quotes but is not offered for new lines.
    #[serde(default = "yes")]
    pub active: bool,
    /// Empty for an item; `sum` (priced as the sum of its components) or `fixed` for a bundle.
    #[serde(default)]
    pub bundle_pricing: String,
    /// A bundle's components, with the quantity in one bundle.
    #[serde(default)]
    pub components: Vec<BundleComponent>,
    /// Products suggested as options when this one is added to a quote.
    #[serde(default)]
    pub accessories: Vec<Uuid>,
}

fn yes() -> bool {
    true
}

impl Product {
    pub fn kind(&self) -> ProductKind {
        ProductKind::parse(&self.bundle_pricing).unwrap_or_default()
    }
}

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
    /// The labels of the quote's PDF: one of [`PDF_LANGUAGES`] (`""`: the device's default from settings).
    #[serde(default)]
    pub pdf_lang: String,
    pub lines: Vec<QuoteLineDraft>,
}

/// The languages a quote's PDF can be labelled in; `""` leaves it to the device's default.
pub const PDF_LANGUAGES: [&str; 4] = ["", "en", "zh", "bilingual"];

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

/// A draft's header after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuoteHeader {
    pub customer_id: Uuid,
    pub notes: String,
    pub payment_terms: String,
    pub delivery_terms: String,
    /// One of [`PDF_LANGUAGES`].
    pub pdf_lang: String,
    /// `None` when the draft leaves it empty.
    pub valid_until: Option<NaiveDate>,
}

/// Parse a `YYYY-MM-DD` date; empty is `None`.
pub fn parse_date(field: &str, input: &str) -> Result<Option<NaiveDate>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| FieldError::new(field, FieldErrorKind::InvalidDate))
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
        let valid_until = collect(&mut e, parse_date("valid_until", &self.valid_until));
        let pdf_lang = self.pdf_lang.trim().to_ascii_lowercase();
        if !PDF_LANGUAGES.contains(&pdf_lang.as_str()) {
            e.push(FieldError::new(
                "pdf_lang",
                FieldErrorKind::NotOneOf {
                    allowed: "en, zh, bilingual (or empty for the default)".into(),
                },
            ));
        }
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
                pdf_lang,
                valid_until,
            }),
            _ => Err(e),
        }
    }
}

/// A priced line as shown in the editor, the PDF and the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteLineView {
    pub id: Option<Uuid>,
    pub product_id: Uuid,
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_percent: String,
    /// The line's discount amount (`"0.00"` for none).
    pub discount_amount: String,
    pub optional: bool,
    pub selected: bool,
    pub tax_rate: String,
    /// `round(quantity × unit price)`, before any discount.
    pub list_amount: String,
    /// After the line's own discounts, before the quote discount.
    pub amount: String,
    /// The line's part of the quote discount.
    pub quote_discount_share: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    /// False for an optional line the client has not selected: shown, not added up.
    pub counts_in_totals: bool,
    /// An item, a bundle or a component of the bundle line at `parent`.
    pub kind: QuoteLineKind,
    /// A bundle line's pricing: `sum` (the line shows its components' sums) or `fixed` (its own price; the
    /// components are included); empty for other lines.
    pub bundle_pricing: String,
    /// For a component: the index in `lines` of its bundle line.
    pub parent: Option<u32>,
    /// How far to indent the line: 1 for a component, 0 otherwise.
    pub depth: u32,
    /// Where the unit price came from and the rate it was converted with.
    pub price: LinePriceView,
}

/// Where a line's unit price came from, as recorded when the line was priced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LinePriceView {
    /// The price list and its version, or the product's base price.
    pub source: crate::price_list::PriceSource,
    /// The list's name (empty for the base price, or for a list this device no longer has).
    pub price_list_name: String,
    /// The unit price includes tax (含税价): the line's gross is what the client sees.
    pub tax_inclusive: bool,
    /// The currency the price was given in (the quote's, unless converted).
    pub source_currency: String,
    /// The unit price in `source_currency`, before conversion.
    pub source_unit_price: String,
    /// The exchange rate `source_currency` → quote currency recorded on the line; empty when not converted.
    pub exchange_rate: String,
}

/// A manager's decision on a quote's discounts: an approval, or a refusal that sent the quote back to draft
/// (then `approved` is false, `approved_by` is empty and the comment says who refused and why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApprovalView {
    pub approved: bool,
    pub approved_by: String,
    /// RFC 3339, UTC.
    pub approved_at: String,
    pub comment: String,
}

/// A whole quote with its totals: the editor's preview, a saved quote, the PDF's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteView {
    pub id: Option<Uuid>,
    pub number: Option<String>,
    /// As stored.
    pub status: QuoteStatus,
    /// As shown today: a sent quote past its valid-until date shows as expired.
    pub shown_status: QuoteStatus,
    pub customer: Option<Customer>,
    pub currency: Currency,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    pub valid_until: String,
    pub notes: String,
    pub payment_terms: String,
    pub delivery_terms: String,
    /// The labels of the quote's PDF (`""`: the device's default).
    #[serde(default)]
    pub pdf_lang: String,
    /// 0 for an original quote; `Q-2026-0007-R2` is revision 2.
    pub revision: u32,
    /// The quote this one revises.
    pub revises_id: Option<Uuid>,
    pub revises_number: Option<String>,
    pub quote_discount: QuoteDiscountDraft,
    pub lines: Vec<QuoteLineView>,
    /// The same as `totals.subtotal`, `totals.tax`, `totals.total`.
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub totals: QuoteTotalsView,
    /// The discounts against this device's limit.
    pub discount_review: DiscountReviewView,
    /// A manager's decision on the discounts (cleared when the quote is edited again).
    pub approval: Option<ApprovalView>,
    /// Validation problems of a preview; empty for a saved quote.
    pub errors: Vec<FieldError>,
}

impl QuoteView {
    /// Whether the PDF should say DRAFT: the quote is not approved or sent yet.
    pub fn is_draft_document(&self) -> bool {
        matches!(
            self.status,
            QuoteStatus::Draft | QuoteStatus::PendingApproval
        )
    }

    /// The draft that saves this quote as it is (to edit it from there).
    pub fn to_draft(&self) -> QuoteDraft {
        QuoteDraft {
            id: self.id,
            customer_id: self.customer.as_ref().map(|c| c.id),
            notes: self.notes.clone(),
            payment_terms: self.payment_terms.clone(),
            delivery_terms: self.delivery_terms.clone(),
            valid_until: self.valid_until.clone(),
            quote_discount: self.quote_discount.clone(),
            pdf_lang: self.pdf_lang.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| QuoteLineDraft {
                    id: l.id,
                    product_id: l.product_id,
                    quantity: l.quantity.clone(),
                    discount_percent: l.discount_percent.clone(),
                    discount_amount: l.discount_amount.clone(),
                    optional: l.optional,
                    selected: l.selected,
                    kind: l.kind,
                    parent: l.parent,
                })
                .collect(),
        }
    }
}

/// One row of the quotes list (and of `fq quote list --format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteSummary {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub customer: String,
    pub status: QuoteStatus,
    /// As shown today (a sent quote past its validity shows as expired).
    pub shown_status: QuoteStatus,
    pub currency: Currency,
    pub issue_date: String,
    pub valid_until: String,
    pub line_count: u32,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
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

/// One line's prices as shown (amounts in the quote currency, exact decimal strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PricedLineView {
    pub unit_price: String,
    pub list_amount: String,
    /// After the line's own discounts: the price shown on the line (gross when `tax_inclusive`).
    pub amount: String,
    pub quote_discount_share: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub tax_inclusive: bool,
    pub tax_rate: String,
    /// False for unselected options, fixed-bundle components and sum-bundle headers.
    pub counts_in_totals: bool,
}

impl From<&PricedLine> for PricedLineView {
    fn from(l: &PricedLine) -> Self {
        Self {
            unit_price: l.unit_price.amount_string(),
            list_amount: l.list_amount.amount_string(),
            amount: l.amount.amount_string(),
            quote_discount_share: l.quote_discount_share.amount_string(),
            net: l.net.amount_string(),
            tax: l.tax.amount_string(),
            gross: l.gross.amount_string(),
            tax_inclusive: l.tax_inclusive,
            tax_rate: l.tax_rate.to_string(),
            counts_in_totals: l.counts_in_totals,
        }
    }
}

/// Net and tax at one rate, for the tax breakdown on the PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaxRateView {
    pub rate: String,
    pub net: String,
    pub tax: String,
}

impl From<&TaxBucket> for TaxRateView {
    fn from(b: &TaxBucket) -> Self {
        Self {
            rate: b.rate.to_string(),
            net: b.net.amount_string(),
            tax: b.tax.amount_string(),
        }
    }
}

/// A quote's totals as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteTotalsView {
    /// What the quote discount applies to: Σ of the counted lines' amounts.
    pub lines_total: String,
    pub quote_discount: String,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub tax_by_rate: Vec<TaxRateView>,
    /// The total in Chinese capitals (人民币大写), for CNY quotes.
    pub total_in_capitals: Option<String>,
    /// VAT by rate on the counted tax-exclusive lines only: what is added on top of the prices shown
    /// (`tax_by_rate` when no price includes VAT, empty when all do).
    #[serde(default)]
    pub added_tax_by_rate: Vec<TaxRateView>,
}

impl From<&PricedTotals> for QuoteTotalsView {
    fn from(t: &PricedTotals) -> Self {
        Self {
            lines_total: t.lines_total.amount_string(),
            quote_discount: t.quote_discount.amount_string(),
            subtotal: t.subtotal.amount_string(),
            tax: t.tax.amount_string(),
            total: t.total.amount_string(),
            tax_by_rate: t.tax_by_rate.iter().map(TaxRateView::from).collect(),
            total_in_capitals: crate::capital::rmb_capital(t.total).ok(),
            added_tax_by_rate: t.added_tax_by_rate.iter().map(TaxRateView::from).collect(),
        }
    }
}

/// Whether a quote's discounts need approval, for the editor's banner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiscountReviewView {
    pub needs_approval: bool,
    /// Percentages, as decimal strings.
    pub limit: String,
    pub max_line_discount: String,
    pub quote_discount: String,
    /// Indexes of the lines above the limit.
    pub lines_over_limit: Vec<u32>,
}

impl From<&DiscountReview> for DiscountReviewView {
    fn from(r: &DiscountReview) -> Self {
        Self {
            needs_approval: r.needs_approval,
            limit: r.limit.to_string(),
            max_line_discount: r.max_line_discount.normalize().to_string(),
            quote_discount: r.quote_discount.normalize().to_string(),
            lines_over_limit: r
                .lines_over_limit
                .iter()
                .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_of_priced_quotes() {
        use crate::pricing::{PricingInput, PricingLine, price};
        let line = PricingLine {
            tax_inclusive: true,
            ..PricingLine::new(
                Quantity::parse("q", "1").unwrap(),
                Money::from_minor(1_234_567, Currency::CNY),
                Percent::parse("t", "13").unwrap(),
            )
        };
        let draft = QuoteDiscountDraft::Amount {
            value: "0.01".into(),
        };
        let input = PricingInput {
            currency: Currency::CNY,
            lines: vec![line],
            quote_discount: draft.parse(Currency::CNY).unwrap(),
        };
        let priced = price(&input).unwrap();
        let totals = QuoteTotalsView::from(&priced.totals);
        assert_eq!(totals.total, "12345.66");
        assert_eq!(totals.quote_discount, "0.01");
        assert_eq!(
            totals.total_in_capitals.as_deref(),
            Some("壹万贰仟叁佰肆拾伍元陆角陆分")
        );
        assert_eq!(totals.tax_by_rate[0].rate, "13");
        let line = PricedLineView::from(&priced.lines[0]);
        assert_eq!(
            (line.amount.as_str(), line.gross.as_str()),
            ("12345.67", "12345.66")
        );
        let json =
            serde_json::to_string(&QuoteDiscountDraft::Percent { value: "5".into() }).unwrap();
        assert_eq!(json, r#"{"kind":"percent","value":"5"}"#);
        assert_eq!(
            QuoteDiscountDraft::Percent { value: "-5".into() }
                .parse(Currency::CNY)
                .unwrap_err()
                .kind,
            FieldErrorKind::Negative
        );
        assert_eq!(
            QuoteDiscountDraft::Amount { value: " ".into() }.parse(Currency::CNY),
            Ok(QuoteDiscount::None)
        );
        let review = crate::approval::review_discounts(
            &input,
            &priced,
            crate::approval::DEFAULT_DISCOUNT_LIMIT,
        )
        .unwrap();
        let view = DiscountReviewView::from(&review);
        assert!(!view.needs_approval);
        assert_eq!(view.limit, "15");
        assert_eq!(view.max_line_discount, "0.0001");
    }

    #[test]
    fn customer_validation_reports_every_bad_field() {
        let input = CustomerInput {
            name: " ".into(),
            email: "nope".into(),
            ..Default::default()
        };
        let errors = input.validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email"]);
        let ok = CustomerInput {
            name: " 华东机电 ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.get().name, "华东机电");
    }

    #[test]
    fn product_validation() {
        let p = ProductInput {
            sku: "PLC-200".into(),
            name: "PLC 控制器".into(),
            description: String::new(),
            unit: "台".into(),
            unit_price: "3880.00".into(),
            currency: "CNY".into(),
            tax_rate: "13".into(),
            ..Default::default()
        };
        let v = p.validate().unwrap();
        assert_eq!(
            (v.active, v.kind, v.components.as_ref()),
            (None, None, None)
        );
        let bundle = ProductInput {
            sku: "KIT".into(),
            name_zh: Some("套件".into()),
            active: Some("no".into()),
            bundle_pricing: Some("Sum".into()),
            components: Some("A*2;B".into()),
            accessories: Some("C".into()),
            ..p.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(bundle.active, Some(false));
        assert_eq!(
            bundle.kind,
            Some(ProductKind::Bundle(
                crate::pricing::BundlePricing::SumOfComponents
            ))
        );
        assert_eq!(bundle.components.map(|c| c.len()), Some(2));
        let bad = ProductInput {
            active: Some("maybe".into()),
            bundle_pricing: Some("nested".into()),
            components: Some("A*-1".into()),
            ..p.clone()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["active", "bundle_pricing", "components"]);
        assert!(bad[2].to_string().contains("quantity of A"), "{}", bad[2]);
        assert_eq!(v.unit_price.minor(), 388_000);
        let bad = ProductInput {
            unit_price: "-1".into(),
            currency: "XXX".into(),
            ..p
        };
        let errors = bad.validate().unwrap_err();
        assert_eq!(
            errors.len(),
            1,
            "price is not checked without a currency: {errors:?}"
        );
        assert_eq!(errors[0].kind, FieldErrorKind::UnknownCurrency);
    }

    #[test]
    fn line_draft_errors_name_the_line() {
        let line = QuoteLineDraft {
            id: None,
            product_id: Uuid::nil(),
            quantity: "-2".into(),
            discount_percent: "120".into(),
            ..Default::default()
        };
        let errors = line.parse(3).unwrap_err();
        assert_eq!(errors[0].field, "lines[3].quantity");
        assert_eq!(errors[0].kind, FieldErrorKind::MustBePositive);
        assert_eq!(errors[1].field, "lines[3].discount_percent");
    }

    fn draft_line(kind: QuoteLineKind, parent: Option<u32>, product: u128) -> QuoteLineDraft {
        QuoteLineDraft {
            product_id: Uuid::from_u128(product),
            quantity: "1".into(),
            kind,
            parent,
            ..Default::default()
        }
    }

    #[test]
    fn removing_a_bundle_line_removes_its_components() {
        use QuoteLineKind::{Bundle, Component, Item};
        let mut draft = QuoteDraft {
            lines: vec![
                draft_line(Item, None, 1),
                draft_line(Bundle, None, 2),
                draft_line(Component, Some(1), 3),
                draft_line(Component, Some(1), 4),
                draft_line(Bundle, None, 5),
                draft_line(Component, Some(4), 6),
            ],
            ..Default::default()
        };
        draft.remove_line(1);
        let left: Vec<_> = draft
            .lines
            .iter()
            .map(|l| (l.product_id.as_u128(), l.parent))
            .collect();
        assert_eq!(left, [(1, None), (5, None), (6, Some(1))]);
        draft.remove_line(2);
        assert_eq!(draft.lines.len(), 2, "a component goes alone");
        draft.remove_line(9);
        assert_eq!(draft.lines.len(), 2);
        // Older drafts without kinds still parse.
        let old: QuoteLineDraft = serde_json::from_str(
            r#"{"id":null,"product_id":"00000000-0000-0000-0000-000000000001","quantity":"1","discount_percent":""}"#,
        )
        .unwrap();
        assert_eq!((old.kind, old.parent), (Item, None));
    }

    #[test]
    fn field_errors_serialize_with_a_code() {
        let e = FieldError::new("name", FieldErrorKind::TooLong { max: 200 });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"field":"name","code":"too_long","max":200}"#);
    }
}

/// One line whose price would change if the quote were priced again from the current price lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepricedLineView {
    pub line_id: Uuid,
    /// Index of the line in the quote.
    pub position: u32,
    pub sku: String,
    /// Unit prices in the quote's currency (after conversion).
    pub old_unit_price: String,
    pub new_unit_price: String,
    pub old_net: String,
    pub new_net: String,
    pub old_source: crate::price_list::PriceSource,
    pub new_source: crate::price_list::PriceSource,
    /// The price list versions (`None` for the base price).
    pub old_list_version: Option<u32>,
    pub new_list_version: Option<u32>,
}

/// What re-pricing a quote from the current price lists would change: the lines whose price differs, and the
/// totals before and after. Empty (`lines` empty, equal totals) when nothing changes or the quote can no longer
/// change (sent, accepted…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepricingView {
    pub quote_id: Uuid,
    pub number: String,
    pub currency: Currency,
    /// False for a quote that can no longer change: it is never re-priced.
    pub can_reprice: bool,
    pub lines: Vec<RepricedLineView>,
    pub before: QuoteTotalsView,
    pub after: QuoteTotalsView,
}

/// A price list as listed (`fq price-list list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PriceListSummary {
    pub id: Uuid,
    pub name: String,
    pub version: u32,
    pub currency: Currency,
    pub tax_inclusive: bool,
    pub valid_from: String,
    /// Empty for no end.
    pub valid_until: String,
    pub is_default: bool,
    /// Prices (quantity tiers) in the list.
    pub entries: u32,
    /// Customers the list is assigned to.
    pub customers: u32,
}

/// An exchange rate set on this device: one `from` buys `rate` `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeRateView {
    pub from: Currency,
    pub to: Currency,
    pub rate: String,
    pub updated_at: String,
}
