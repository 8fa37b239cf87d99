use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::Currency;
use crate::approval::DiscountReviewView;
use crate::money::Money;
use crate::pricing::{BundlePricing, LineInclusion, LineKind, PricingInput, PricingLine, price};
use crate::quote::{LinePriceView, PricedLineView, QuoteActions, QuoteStatus, QuoteTotalsView};
use crate::validation::{Percent, Quantity};

/// A line of the test quotes: quantity, unit price, own discount %, VAT included, kind, option flags.
struct Spec {
    qty: &'static str,
    price: &'static str,
    discount: &'static str,
    incl: bool,
    kind: LineKind,
    inclusion: LineInclusion,
}

fn item(qty: &'static str, price: &'static str, discount: &'static str) -> Spec {
    Spec {
        qty,
        price,
        discount,
        incl: false,
        kind: LineKind::Item,
        inclusion: LineInclusion::Always,
    }
}

fn cny(s: &str) -> Money {
    Money::from_decimal_rounded(Decimal::from_str(s).unwrap(), Currency::CNY).unwrap()
}

/// Price `specs` with the engine and build the view the store would, display strings included.
fn quote(specs: &[Spec], discount: QuoteDiscountDraft) -> QuoteView {
    let input = PricingInput {
        currency: Currency::CNY,
        lines: specs
            .iter()
            .map(|s| PricingLine {
                kind: s.kind,
                inclusion: s.inclusion,
                tax_inclusive: s.incl,
                discount_percent: Percent::parse("d", s.discount).unwrap(),
                ..PricingLine::new(
                    Quantity::parse("q", s.qty).unwrap(),
                    cny(s.price),
                    Percent::parse("t", "13").unwrap(),
                )
            })
            .collect(),
        quote_discount: discount.parse(Currency::CNY).unwrap(),
    };
    let priced = price(&input).unwrap();
    let lines = specs
        .iter()
        .zip(&priced.lines)
        .enumerate()
        .map(|(i, (s, p))| {
            let v = PricedLineView::from(p);
            let (kind, bundle_pricing, parent) = match s.kind {
                LineKind::Item => (QuoteLineKind::Item, "", None),
                LineKind::Bundle(BundlePricing::SumOfComponents) => {
                    (QuoteLineKind::Bundle, "sum", None)
                }
                LineKind::Bundle(BundlePricing::Fixed) => (QuoteLineKind::Bundle, "fixed", None),
                LineKind::Component { parent } => {
                    (QuoteLineKind::Component, "", Some(parent as u32))
                }
            };
            let (optional, selected) = match s.inclusion {
                LineInclusion::Always => (false, false),
                LineInclusion::Optional { selected } => (true, selected),
            };
            QuoteLineView {
                sku: format!("SKU-{i}"),
                quantity: s.qty.into(),
                unit_price: v.unit_price,
                discount_percent: s.discount.into(),
                discount_amount: "0.00".into(),
                optional,
                selected,
                tax_rate: v.tax_rate,
                list_amount: v.list_amount,
                amount: v.amount,
                quote_discount_share: v.quote_discount_share,
                net: v.net,
                tax: v.tax,
                gross: v.gross,
                counts_in_totals: v.counts_in_totals,
                kind,
                bundle_pricing: bundle_pricing.into(),
                parent,
                price: LinePriceView {
                    tax_inclusive: s.incl,
                    ..Default::default()
                },
                ..Default::default()
            }
        })
        .collect();
    let totals = QuoteTotalsView::from(&priced.totals);
    QuoteView {
        id: None,
        number: None,
        status: QuoteStatus::Draft,
        shown_status: QuoteStatus::Draft,
        actions: QuoteActions::default(),
        customer: None,
        currency: Currency::CNY,
        issue_date: "2027-01-04".into(),
        valid_until: "2027-02-03".into(),
        notes: String::new(),
        payment_terms: String::new(),
        delivery_terms: String::new(),
        pdf_lang: None,
        revision: 0,
        revises_id: None,
        revises_number: None,
        quote_discount: discount,
        lines,
        subtotal: totals.subtotal.clone(),
        tax: totals.tax.clone(),
        total: totals.total.clone(),
        totals,
        discount_review: DiscountReviewView::default(),
        approval: None,
        errors: Vec::new(),
        shown: QuoteShown::default(),
    }
    .with_shown()
}

/// A figure as shown, back to a decimal (to add the column up as a reader would).
fn figure(s: &str) -> Decimal {
    let s = s.replace(',', "");
    let (sign, s) = s.strip_prefix('-').map_or((1, s.as_str()), |r| (-1, r));
    let s = s.strip_prefix("CNY ").unwrap_or(s);
    Decimal::from_str(s).unwrap() * Decimal::from(sign)
}

fn rows(q: &QuoteView) -> Vec<(TotalsRowKind, &str, &str, &str)> {
    q.shown
        .totals
        .iter()
        .map(|r| (r.kind, r.rate.as_str(), r.base.as_str(), r.value.as_str()))
        .collect()
}

#[test]
fn a_line_shows_its_own_amount_before_the_quote_discount() {
    // 6 × 4280.00 at 8 % = 23625.60; the 5 % quote discount is a row of the totals, not in the line.
    let q = quote(
        &[item("6", "4280", "8"), item("2", "680", "0")],
        QuoteDiscountDraft::Percent { value: "5".into() },
    );
    let l = &q.lines[0].shown;
    assert_eq!(
        (
            l.quantity.as_str(),
            l.unit_price.as_str(),
            l.amount.as_str()
        ),
        ("6", "4,280.00", "23,625.60")
    );
    assert_eq!(q.lines[1].shown.amount, "1,360.00");
    assert_eq!(q.shown.basis, PriceBasis::Exclusive);
    // 24985.60 − 1249.28 = 23736.32; VAT 13 % = 3085.72
    assert_eq!(
        rows(&q),
        vec![
            (TotalsRowKind::LinesTotal, "", "", "CNY 24,985.60"),
            (TotalsRowKind::QuoteDiscount, "5", "", "-CNY 1,249.28"),
            (TotalsRowKind::Subtotal, "", "", "CNY 23,736.32"),
            (TotalsRowKind::Vat, "13", "CNY 23,736.32", "CNY 3,085.72"),
            (TotalsRowKind::Total, "", "", "CNY 26,822.04"),
        ]
    );
    let styles: Vec<_> = q.shown.totals.iter().map(|r| r.style).collect();
    assert_eq!(
        styles,
        [
            TotalsRowStyle::Figure,
            TotalsRowStyle::Figure,
            TotalsRowStyle::Subtotal,
            TotalsRowStyle::Figure,
            TotalsRowStyle::Grand
        ]
    );
}

#[test]
fn without_a_quote_discount_the_subtotal_is_the_lines_total() {
    let q = quote(&[item("1", "1234.5", "0")], QuoteDiscountDraft::None);
    assert_eq!(
        rows(&q),
        vec![
            (TotalsRowKind::Subtotal, "", "", "CNY 1,234.50"),
            (TotalsRowKind::Vat, "13", "CNY 1,234.50", "CNY 160.49"),
            (TotalsRowKind::Total, "", "", "CNY 1,394.99"),
        ]
    );
}

#[test]
fn bundles_and_options_not_taken_keep_the_column_adding_up() {
    let component = |parent| LineKind::Component { parent };
    let q = quote(
        &[
            // A sum bundle of 2: its components carry the amounts (2 × 4 × 1035.00 and 2 × 1 × 8280.00).
            Spec {
                kind: LineKind::Bundle(BundlePricing::SumOfComponents),
                ..item("2", "0", "0")
            },
            Spec {
                kind: component(0),
                ..item("8", "1035", "0")
            },
            Spec {
                kind: component(0),
                ..item("2", "8280", "10")
            },
            // A fixed bundle: its price counts, its component is included.
            Spec {
                kind: LineKind::Bundle(BundlePricing::Fixed),
                ..item("1", "9800", "0")
            },
            Spec {
                kind: component(3),
                ..item("1", "3880", "0")
            },
            // An option the client has not taken, and one they took.
            Spec {
                inclusion: LineInclusion::Optional { selected: false },
                ..item("1", "500", "0")
            },
            Spec {
                inclusion: LineInclusion::Optional { selected: true },
                ..item("1", "300", "0")
            },
        ],
        QuoteDiscountDraft::Amount {
            value: "1000".into(),
        },
    );
    let bundle = &q.lines[0].shown;
    // The sum bundle's row: no unit price (not 16 560.00 as if it were the price of one), no amount.
    assert_eq!(bundle.unit_price, "");
    assert_eq!(bundle.amount, "");
    assert_eq!(bundle.sum_of_components, "23,184.00");
    assert_eq!(bundle.quantity, "2");
    assert!(q.lines[4].shown.included);
    assert_eq!(q.lines[4].shown.amount, "");
    assert!(q.lines[5].shown.not_taken);
    assert!(!q.lines[6].shown.not_taken);

    // The amounts shown on the counted rows add up to the lines total.
    let shown_sum: Decimal = q
        .lines
        .iter()
        .filter(|l| !l.shown.not_taken && !l.shown.amount.is_empty())
        .map(|l| figure(&l.shown.amount))
        .sum();
    let lines_total = &q.shown.totals[0];
    assert_eq!(lines_total.kind, TotalsRowKind::LinesTotal);
    assert_eq!(shown_sum, figure(&lines_total.value));
    assert_eq!(lines_total.value, "CNY 33,284.00");
    // And each sum of rows down to the total is what is printed there.
    let by_kind = |k| {
        q.shown
            .totals
            .iter()
            .filter(|r| r.kind == k)
            .map(|r| figure(&r.value))
            .sum::<Decimal>()
    };
    assert_eq!(
        by_kind(TotalsRowKind::LinesTotal) + by_kind(TotalsRowKind::QuoteDiscount),
        by_kind(TotalsRowKind::Subtotal)
    );
    assert_eq!(
        by_kind(TotalsRowKind::Subtotal) + by_kind(TotalsRowKind::Vat),
        by_kind(TotalsRowKind::Total)
    );
    // The quote discount has no percentage to show: it was an amount.
    assert_eq!(q.shown.totals[1].rate, "");
}

#[test]
fn prices_with_vat_included_break_the_total_down() {
    let q = quote(
        &[Spec {
            incl: true,
            ..item("1", "11300", "0")
        }],
        QuoteDiscountDraft::None,
    );
    assert_eq!(q.shown.basis, PriceBasis::Inclusive);
    assert_eq!(
        rows(&q),
        vec![
            (TotalsRowKind::Total, "", "", "CNY 11,300.00"),
            (TotalsRowKind::OfWhichNet, "", "", "CNY 10,000.00"),
            (TotalsRowKind::OfWhichVat, "13", "", "CNY 1,300.00"),
        ]
    );
    assert!(!q.lines[0].shown.incl_vat, "said by the column heading");
}

#[test]
fn both_kinds_of_price_add_the_vat_on_the_prices_without_it() {
    let q = quote(
        &[
            Spec {
                incl: true,
                ..item("1", "1130", "0")
            },
            item("1", "1000", "0"),
        ],
        QuoteDiscountDraft::None,
    );
    assert_eq!(q.shown.basis, PriceBasis::Mixed);
    assert!(q.lines[0].shown.incl_vat);
    assert!(!q.lines[1].shown.incl_vat);
    let kinds: Vec<_> = q.shown.totals.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            TotalsRowKind::LinesTotal,
            TotalsRowKind::VatAdded,
            TotalsRowKind::Total,
            TotalsRowKind::OfWhichNet,
            TotalsRowKind::OfWhichVat
        ]
    );
    // 2130.00 + 130.00 VAT on the price without it = 2260.00
    assert_eq!(q.shown.totals[0].value, "CNY 2,130.00");
    assert_eq!(q.shown.totals[1].value, "CNY 130.00");
    assert_eq!(q.shown.totals[1].base, "CNY 1,000.00");
    assert_eq!(q.shown.totals[2].value, "CNY 2,260.00");
}

#[test]
fn an_amount_off_shows_under_the_discount() {
    let mut q = quote(&[item("1", "100", "0")], QuoteDiscountDraft::None);
    q.lines[0].discount_amount = "1500.00".into();
    let shown = LineShown::of(&q, &q.lines[0]);
    assert_eq!(shown.discount_amount, "-1,500.00");
}
