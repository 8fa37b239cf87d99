//! The end of the quote: terms and conditions, then the signature boxes, which never start a page alone.

use fieldquote_domain::company::CompanyProfile;
use fieldquote_domain::quote::QuoteView;

use super::labels::Labels;
use super::{BODY, HEADING, MUTED, RULE, SMALL};
use crate::engine::table::{Cell, Column, Grid, Row, Table, TableStyle, Width};
use crate::engine::{Align, Canvas, Flow, Ink, Page};

/// Space above the terms' heading, and under it.
const TERMS_ABOVE: f32 = 12.0;
const TERMS_HEADING_GAP: f32 = 3.0;
/// Space above the signature boxes.
const SIGN_ABOVE: f32 = 14.0;
/// Between the two boxes.
const SIGN_GAP: f32 = 16.0;
const SIGN_PAD: f32 = 7.0;
/// From one signing line to the next: room to write by hand.
const SIGN_ROW: f32 = 21.0;

/// Terms are a two-column list: the item's name, then its text, without rules.
const TERMS_STYLE: TableStyle = TableStyle {
    pad_x: 5.0,
    pad_y: 1.5,
    header_fill: Ink(1.0, 1.0, 1.0),
    rule: RULE,
    rule_width: 0.0,
};

/// Terms and signatures, measured before the page breaks above them are decided.
pub(super) struct Closing {
    heading: String,
    terms: Option<Table>,
    company: String,
    client: String,
}

impl Closing {
    pub(super) fn new(
        canvas: &Canvas<'_>,
        page: &Page,
        quote: &QuoteView,
        company: &CompanyProfile,
        labels: &'static Labels,
    ) -> Self {
        let valid_until = canvas.one_line(&quote.valid_until);
        let validity = if valid_until.is_empty() {
            String::new()
        } else {
            format!("{} {valid_until}", labels.valid_until)
        };
        let rows: Vec<Row> = [
            (labels.payment_terms, quote.payment_terms.as_str()),
            (labels.delivery_terms, quote.delivery_terms.as_str()),
            (labels.validity, validity.as_str()),
            (labels.notes, quote.notes.as_str()),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(label, text)| {
            Row::new(vec![
                Cell::new(label, BODY.bold()),
                Cell::new(text.trim(), BODY),
            ])
        })
        .collect();
        let terms = (!rows.is_empty()).then(|| {
            let columns = [
                Column {
                    width: Width::Fit {
                        min: 60.0,
                        max: page.content_width() * 0.3,
                    },
                    align: Align::Left,
                },
                Column {
                    width: Width::Fill { min: 120.0 },
                    align: Align::Left,
                },
            ];
            // The labels start at the margin, like the heading: the padding hangs outside it.
            let pad = TERMS_STYLE.pad_x;
            let grid = Grid::fit(
                canvas,
                &columns,
                page.left() - pad,
                page.content_width() + 2.0 * pad,
                rows.iter().map(|r| r.cells.as_slice()),
                TERMS_STYLE,
            );
            grid.table(canvas, None, &rows)
        });
        let client = quote
            .customer
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        Closing {
            heading: canvas.one_line(labels.terms),
            terms,
            company: company.name.clone(),
            client,
        }
    }

    pub(super) fn has_terms(&self) -> bool {
        self.terms.is_some()
    }

    fn signature_height() -> f32 {
        2.0 * SIGN_PAD + BODY.line_height() + SMALL.line_height() + 3.0 * SIGN_ROW
    }

    /// What the signature block needs below whatever comes before it.
    pub(super) fn signature_keep(&self) -> f32 {
        SIGN_ABOVE + Self::signature_height()
    }

    pub(super) fn draw(&self, flow: &mut Flow<'_>, labels: &Labels) {
        if let Some(terms) = &self.terms {
            let keep = self.signature_keep();
            flow.advance(TERMS_ABOVE);
            let heading = HEADING.line_height() + TERMS_HEADING_GAP;
            // The heading goes with the first item, or with all of the terms and the signatures when
            // they fit on a page.
            let whole = heading + terms.height() + keep;
            if whole <= flow.fresh_room() {
                flow.ensure(whole);
            } else {
                flow.ensure(heading + terms.lead_height(flow.fresh_room(), keep));
            }
            let (x, width) = (flow.page.left(), flow.page.content_width());
            flow.paragraph(x, width, &self.heading, HEADING);
            flow.advance(TERMS_HEADING_GAP);
            terms.draw(flow, keep);
        }
        self.signatures(flow, labels);
    }

    /// Two boxes side by side, for the company and for the client, each with name, signature and date lines;
    /// kept together on one page.
    fn signatures(&self, flow: &mut Flow<'_>, labels: &Labels) {
        let height = Self::signature_height();
        flow.advance(SIGN_ABOVE);
        flow.keep_together(height, |flow| {
            let page = flow.page;
            let top = flow.y();
            let box_w = (page.content_width() - SIGN_GAP) / 2.0;
            let parties = [
                (labels.for_company, self.company.as_str()),
                (labels.for_client, self.client.as_str()),
            ];
            let c = &mut flow.canvas;
            for (i, (heading, party)) in parties.into_iter().enumerate() {
                let x = page.left() + i as f32 * (box_w + SIGN_GAP);
                let inner = box_w - 2.0 * SIGN_PAD;
                c.stroke_rect(x, top, box_w, height, RULE);
                let mut y = top + SIGN_PAD;
                let heading = c.fit(heading, inner, BODY.bold());
                let baseline = c.baseline(y, BODY);
                c.text_at(x + SIGN_PAD, baseline, &heading, BODY.bold());
                y += BODY.line_height();
                let party = c.fit(party, inner, SMALL);
                let baseline = c.baseline(y, SMALL);
                c.text_at(x + SIGN_PAD, baseline, &party, SMALL);
                y += SMALL.line_height();
                for label in [labels.sign_name, labels.signature, labels.sign_date] {
                    y += SIGN_ROW;
                    let label = format!("{label}{}", labels.colon);
                    let baseline = y - 4.0;
                    c.text_at(x + SIGN_PAD, baseline, &label, BODY.ink(MUTED));
                    let line_from = x + SIGN_PAD + c.width(&label, BODY) + 4.0;
                    c.rule(line_from, x + box_w - SIGN_PAD, baseline + 1.5, 0.5, MUTED);
                }
            }
            flow.set_y(top + height);
        });
    }
}
