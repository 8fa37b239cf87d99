//! The totals block under the lines table: each row adds to the ones above it down to a subtotal or the total,
//! and a total that includes VAT is broken down under it. The rows for each tax basis are described in the
//! [module docs](super).

use fieldquote_domain::quote::{QuoteShown, QuoteView, TotalsRow, TotalsRowKind, TotalsRowStyle};

use super::labels::Labels;
use super::{BODY, INK, SMALL, TOTAL};
use crate::engine::{Align, Canvas, Flow, Page, Style};

const TOTALS_GAP: f32 = 8.0;
/// Space above and below the rule over a subtotal or the total.
const RULE_GAP: f32 = 2.0;

/// One row of the totals block.
struct TotalRow {
    label: String,
    value: String,
    kind: TotalsRowStyle,
}

impl TotalRow {
    fn style(&self) -> Style {
        match self.kind {
            TotalsRowStyle::Figure | TotalsRowStyle::Subtotal => BODY,
            TotalsRowStyle::Grand => TOTAL,
            TotalsRowStyle::Part => SMALL,
        }
    }

    fn height(&self) -> f32 {
        let rule = match self.kind {
            TotalsRowStyle::Subtotal | TotalsRowStyle::Grand => 2.0 * RULE_GAP,
            TotalsRowStyle::Figure | TotalsRowStyle::Part => 0.0,
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
        // The rows and their figures are `domain`'s; only the words are the PDF's.
        let rows = QuoteShown::of(quote)
            .totals
            .into_iter()
            .map(|r| TotalRow {
                label: canvas.one_line(&label(labels, &r)),
                value: canvas.one_line(&r.value),
                kind: r.style,
            })
            .collect();

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
                TotalsRowStyle::Subtotal => Some(0.5),
                TotalsRowStyle::Grand => Some(0.8),
                TotalsRowStyle::Figure | TotalsRowStyle::Part => None,
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

/// A row's words in the PDF's language.
fn label(labels: &Labels, row: &TotalsRow) -> String {
    match row.kind {
        TotalsRowKind::LinesTotal => labels.lines_total.to_string(),
        TotalsRowKind::QuoteDiscount if !row.rate.is_empty() => {
            labels.with_percent(labels.quote_discount, &row.rate)
        }
        TotalsRowKind::QuoteDiscount => labels.quote_discount.to_string(),
        TotalsRowKind::Subtotal => labels.subtotal.to_string(),
        TotalsRowKind::Vat => labels.tax_at_rate(&row.rate, &row.base),
        TotalsRowKind::Tax => labels.tax.to_string(),
        TotalsRowKind::VatAdded => format!(
            "{}{}",
            labels.tax_at_rate(&row.rate, &row.base),
            labels.on_prices_excl_vat
        ),
        TotalsRowKind::Total => labels.total.to_string(),
        TotalsRowKind::OfWhichNet => labels.of_which_net.to_string(),
        TotalsRowKind::OfWhichVat => labels.of_which_vat(&row.rate),
    }
}

fn capitals_width(page: &Page) -> f32 {
    page.content_width() * CAPITALS_SHARE
}
