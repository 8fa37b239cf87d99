//! Quotes priced by `fieldquote_domain::pricing::price`, turned into the view the PDF renders the way the
//! store does, so the tests print real figures rather than made-up ones.

use fieldquote_domain::Currency;
use fieldquote_domain::pricing::{
    BundlePricing, LineInclusion, LineKind, PricingInput, PricingLine, QuoteDiscount, price,
};
use fieldquote_domain::quote::{
    LinePriceView, QuoteDiscountDraft, QuoteLineKind, QuoteLineView, QuoteTotalsView, QuoteView,
};
use fieldquote_domain::validation::{Percent, Quantity};

/// What a line is.
#[derive(Clone, Copy)]
pub enum Kind {
    Item,
    SumBundle,
    FixedBundle,
    /// A component of the bundle at this index.
    Component(u32),
}

/// One line as typed: the test states quantities, prices and discounts; the engine prices them.
#[derive(Clone)]
pub struct Spec {
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
    /// Amount off, `""` for none.
    pub off: String,
    pub tax_rate: String,
    pub tax_inclusive: bool,
    pub kind: Kind,
    /// `Some(selected)` for an optional line.
    pub option: Option<bool>,
}

impl Spec {
    pub fn item(
        sku: &str,
        description: &str,
        unit: &str,
        quantity: &str,
        unit_price: &str,
    ) -> Spec {
        Spec {
            sku: sku.into(),
            description: description.into(),
            unit: unit.into(),
            quantity: quantity.into(),
            unit_price: unit_price.into(),
            discount: "0".into(),
            off: String::new(),
            tax_rate: "13".into(),
            tax_inclusive: false,
            kind: Kind::Item,
            option: None,
        }
    }

    /// A bundle priced as the sum of its components (which follow it).
    pub fn sum_bundle(sku: &str, description: &str, unit: &str, quantity: &str) -> Spec {
        Spec {
            kind: Kind::SumBundle,
            ..Spec::item(sku, description, unit, quantity, "0")
        }
    }

    /// A bundle at its own price (its components follow it and are included).
    pub fn fixed_bundle(
        sku: &str,
        description: &str,
        unit: &str,
        quantity: &str,
        unit_price: &str,
    ) -> Spec {
        Spec {
            kind: Kind::FixedBundle,
            ..Spec::item(sku, description, unit, quantity, unit_price)
        }
    }

    pub fn discount(self, percent: &str) -> Spec {
        Spec {
            discount: percent.into(),
            ..self
        }
    }

    pub fn off(self, amount: &str) -> Spec {
        Spec {
            off: amount.into(),
            ..self
        }
    }

    pub fn rate(self, percent: &str) -> Spec {
        Spec {
            tax_rate: percent.into(),
            ..self
        }
    }

    pub fn inclusive(self) -> Spec {
        Spec {
            tax_inclusive: true,
            ..self
        }
    }

    pub fn component_of(self, bundle: u32) -> Spec {
        Spec {
            kind: Kind::Component(bundle),
            ..self
        }
    }

    pub fn option(self, selected: bool) -> Spec {
        Spec {
            option: Some(selected),
            ..self
        }
    }
}

fn money(s: &str) -> fieldquote_domain::Money {
    fieldquote_domain::validation::price("price", s, Currency::CNY).expect("a valid CNY amount")
}

/// Price `specs` (CNY) with `discount` on the quote, and build the view the store would show.
pub fn priced_quote(specs: &[Spec], discount: QuoteDiscountDraft) -> QuoteView {
    let lines: Vec<PricingLine> = specs
        .iter()
        .map(|s| PricingLine {
            kind: match s.kind {
                Kind::Item => LineKind::Item,
                Kind::SumBundle => LineKind::Bundle(BundlePricing::SumOfComponents),
                Kind::FixedBundle => LineKind::Bundle(BundlePricing::Fixed),
                Kind::Component(parent) => LineKind::Component {
                    parent: parent as usize,
                },
            },
            inclusion: match s.option {
                None => LineInclusion::Always,
                Some(selected) => LineInclusion::Optional { selected },
            },
            quantity: Quantity::parse("quantity", &s.quantity).expect("a valid quantity"),
            unit_price: money(&s.unit_price),
            exchange_rate: None,
            tax_inclusive: s.tax_inclusive,
            tax_rate: Percent::parse("tax_rate", &s.tax_rate).expect("a valid rate"),
            discount_percent: Percent::parse("discount", &s.discount).expect("a valid discount"),
            discount_amount: (!s.off.is_empty()).then(|| money(&s.off)),
        })
        .collect();
    let quote_discount = match &discount {
        QuoteDiscountDraft::None => QuoteDiscount::None,
        QuoteDiscountDraft::Percent { value } => {
            QuoteDiscount::Percent(Percent::parse("quote_discount", value).expect("a percentage"))
        }
        QuoteDiscountDraft::Amount { value } => QuoteDiscount::Amount(money(value)),
    };
    let priced = price(&PricingInput {
        currency: Currency::CNY,
        lines: lines.clone(),
        quote_discount,
    })
    .expect("the quote prices");

    let views = specs
        .iter()
        .zip(&lines)
        .zip(&priced.lines)
        .map(|((s, l), a)| {
            let (kind, bundle_pricing, parent) = match s.kind {
                Kind::Item => (QuoteLineKind::Item, "", None),
                Kind::SumBundle => (QuoteLineKind::Bundle, "sum", None),
                Kind::FixedBundle => (QuoteLineKind::Bundle, "fixed", None),
                Kind::Component(p) => (QuoteLineKind::Component, "", Some(p)),
            };
            QuoteLineView {
                sku: s.sku.clone(),
                description: s.description.clone(),
                unit: s.unit.clone(),
                quantity: l.quantity.to_string(),
                unit_price: a.unit_price.amount_string(),
                discount_percent: l.discount_percent.to_string(),
                discount_amount: l
                    .discount_amount
                    .unwrap_or(fieldquote_domain::Money::zero(Currency::CNY))
                    .amount_string(),
                optional: s.option.is_some(),
                selected: s.option == Some(true),
                tax_rate: l.tax_rate.to_string(),
                list_amount: a.list_amount.amount_string(),
                amount: a.amount.amount_string(),
                quote_discount_share: a.quote_discount_share.amount_string(),
                net: a.net.amount_string(),
                tax: a.tax.amount_string(),
                gross: a.gross.amount_string(),
                counts_in_totals: a.counts_in_totals,
                kind,
                bundle_pricing: bundle_pricing.into(),
                parent,
                depth: u32::from(parent.is_some()),
                price: LinePriceView {
                    tax_inclusive: s.tax_inclusive,
                    source_currency: "CNY".into(),
                    source_unit_price: s.unit_price.clone(),
                    ..LinePriceView::default()
                },
                ..QuoteLineView::default()
            }
        })
        .collect();
    let mut q = super::quote(views, "Acme Manufacturing Inc.");
    q.quote_discount = discount;
    q.totals = QuoteTotalsView::from(&priced.totals);
    q.subtotal = q.totals.subtotal.clone();
    q.tax = q.totals.tax.clone();
    q.total = q.totals.total.clone();
    q
}
