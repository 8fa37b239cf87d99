//! The totals block under the lines table: each row adds to the ones above it down to a subtotal or the total,
//! and a total that includes VAT is broken down under it. The rows for each tax basis are described in the
//! [module docs](super).

use fieldquote_domain::money::group_thousands;
use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteView, TaxRateView};

use super::labels::Labels;
use super::{BODY, Basis, INK, SMALL, TOTAL, is_zero};
use crate::engine::{Align, Canvas, Flow, Page, Style};

const TOTALS_GAP: f32 = 8.0;
/// Space above and below the rule over a subtotal or the total.
const RULE_GAP: f32 = 2.0;

/// What a row is to the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Added to the rows above it.
    Figure,
    /// What the rows above add up to: a thin rule over it.
    Subtotal,
    /// The total: bold, a rule over it.
    Grand,
    /// Part of the total above ("of which …"), in small grey type.
    Part,
}

/// One row of the totals block.
struct TotalRow {
    label: String,
    value: String,
    kind: Kind,
}

impl TotalRow {
    fn style(&self) -> Style {
        match self.kind {
            Kind::Figure | Kind::Subtotal => BODY,
            Kind::Grand => TOTAL,
            Kind::Part => SMALL,
        }
    }

    fn height(&self) -> f32 {
        let rule = match self.kind {
            Kind::Subtotal | Kind::Grand => 2.0 * RULE_GAP,
            Kind::Figure | Kind::Part => 0.0,
        };
        self.style().line_height() + rule
    }
}

/// The totals, laid out before drawing so the table can keep its last row with them.
pub(super) struct Totals {
    rows: Vec<TotalRow>,
    /// "人民币大写：…", wrapped, for CNY quotes.
    capitals: Vec<String>,
}

/// Width of the column the amounts of the totals block line up in.
const CAPITALS_SHARE: f32 = 0.75;

impl Totals {
    pub(super) fn new(
        canvas: &Canvas<'_>,
        page: &Page,
        quote: &QuoteView,
        labels: &Labels,
    ) -> Self {
        let t = &quote.totals;
        // The view's flat fields mirror `totals`; fall back to them for a view built without.
        let pick =
            |a: &str, b: &str| -> String { if a.trim().is_empty() { b } else { a }.to_string() };
        let subtotal = pick(&t.subtotal, &quote.subtotal);
        let tax = pick(&t.tax, &quote.tax);
        let total = pick(&t.total, &quote.total);
        let code = quote.currency.code();
        let money = |s: &str| canvas.one_line(&format!("{code} {}", group_thousands(s.trim())));
        let row = |label: &str, value: String, kind: Kind| TotalRow {
            label: canvas.one_line(label),
            value,
            kind,
        };
        let vat_rows = |buckets: &[TaxRateView], note: &str| -> Vec<TotalRow> {
            buckets
                .iter()
                .map(|b| {
                    let label = labels.tax_at_rate(b.rate.trim(), &money(&b.net));
                    row(&format!("{label}{note}"), money(&b.tax), Kind::Figure)
                })
                .collect()
        };

        let basis = Basis::of(quote.lines.iter().filter(|l| l.counts_in_totals));
        let discounted = !is_zero(&t.quote_discount);
        let mut rows = Vec::new();
        // The lines total continues the amount column: shown whenever something is taken off or added to it
        // before the next sum.
        if discounted || basis == Basis::Mixed {
            rows.push(row(labels.lines_total, money(&t.lines_total), Kind::Figure));
        }
        if discounted {
            let label = match &quote.quote_discount {
                QuoteDiscountDraft::Percent { value } if !is_zero(value) => {
                    labels.with_percent(labels.quote_discount, value.trim())
                }
                _ => labels.quote_discount.to_string(),
            };
            let amount = t.quote_discount.trim();
            let value = money(amount.strip_prefix('-').unwrap_or(amount));
            rows.push(row(&label, format!("-{value}"), Kind::Figure));
        }
        match basis {
            Basis::Exclusive => {
                let kind = if discounted {
                    Kind::Subtotal
                } else {
                    Kind::Figure
                };
                rows.push(row(labels.subtotal, money(&subtotal), kind));
                if t.tax_by_rate.is_empty() {
                    rows.push(row(labels.tax, money(&tax), Kind::Figure));
                } else {
                    rows.extend(vat_rows(&t.tax_by_rate, ""));
                }
            }
            Basis::Inclusive => {}
            Basis::Mixed => {
                rows.extend(vat_rows(&t.added_tax_by_rate, labels.on_prices_excl_vat));
            }
        }
        rows.push(row(labels.total, money(&total), Kind::Grand));
        if basis != Basis::Exclusive {
            rows.push(row(labels.of_which_net, money(&subtotal), Kind::Part));
            if t.tax_by_rate.is_empty() {
                rows.push(row(&labels.of_which_vat(""), money(&tax), Kind::Part));
            }
            for b in &t.tax_by_rate {
                let label = labels.of_which_vat(b.rate.trim());
                rows.push(row(&label, money(&b.tax), Kind::Part));
            }
        }

        let capitals = match &t.total_in_capitals {
            Some(words) if !words.trim().is_empty() => canvas.lines(
                &format!("{}{}{}", labels.in_capitals, labels.colon, words.trim()),
                capitals_width(page),
                BODY,
            ),
            _ => Vec::new(),
        };
        Totals { rows, capitals }
    }

    pub(super) fn height(&self) -> f32 {
        let rows: f32 = self.rows.iter().map(TotalRow::height).sum();
        let capitals = if self.capitals.is_empty() {
            0.0
        } else {
            4.0 + self.capitals.len() as f32 * BODY.line_height()
        };
        TOTALS_GAP + rows + capitals
    }

    /// Right-aligned under the table, on one page; with the `keep_with` points that follow when they fit too.
    pub(super) fn draw(&self, flow: &mut Flow<'_>, keep_with: f32) {
        let height = self.height();
        if height + keep_with <= flow.fresh_room() {
            flow.ensure(height + keep_with);
        } else {
            flow.ensure(height);
        }
        flow.advance(TOTALS_GAP);
        let page = flow.page;
        let mut y = flow.y();
        let c = &mut flow.canvas;
        let value_w = self
            .rows
            .iter()
            .map(|r| c.width(&r.value, r.style()))
            .fold(90.0, f32::max)
            .min(page.content_width() / 2.0);
        // Values line up with the table's right-aligned amounts.
        let value_right = page.right() - super::lines::STYLE.pad_x;
        let label_right = value_right - value_w - 16.0;
        let label_room = label_right - page.left();
        let labels: Vec<String> = self
            .rows
            .iter()
            .map(|r| c.fit(&r.label, label_room, r.style()))
            .collect();
        let widest = self
            .rows
            .iter()
            .zip(&labels)
            .map(|(r, l)| c.width(l, r.style()))
            .fold(60.0, f32::max);
        for (row, label) in self.rows.iter().zip(&labels) {
            let style = row.style();
            let rule = match row.kind {
                Kind::Subtotal => Some(0.5),
                Kind::Grand => Some(0.8),
                Kind::Figure | Kind::Part => None,
            };
            if let Some(thickness) = rule {
                y += RULE_GAP;
                c.rule(label_right - widest, page.right(), y, thickness, INK);
                y += RULE_GAP;
            }
            let baseline = c.baseline(y, style);
            let label_w = c.width(label, style);
            c.text_at(label_right - label_w, baseline, label, style);
            let value = c.fit(&row.value, value_w, style);
            c.text_aligned(
                value_right - value_w,
                value_w,
                Align::Right,
                baseline,
                &value,
                style,
            );
            y += style.line_height();
        }
        if !self.capitals.is_empty() {
            y += 4.0;
            let width = capitals_width(&page);
            for line in &self.capitals {
                let baseline = c.baseline(y, BODY);
                c.text_aligned(
                    value_right - width,
                    width,
                    Align::Right,
                    baseline,
                    line,
                    BODY,
                );
                y += BODY.line_height();
            }
        }
        flow.set_y(y);
    }
}

fn capitals_width(page: &Page) -> f32 {
    page.content_width() * CAPITALS_SHARE
}
