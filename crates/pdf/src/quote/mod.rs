//! The quote document, built on the [layout engine](crate::engine): letterhead, client block, the lines table,
//! totals, the optional items not taken, terms and the signature boxes.
//!
//! # How the figures add up
//!
//! Every column of figures on the page adds up to the figure printed beneath it, and every line's amount
//! follows from its own quantity, unit price and discount, so a finance department can check the quote with a
//! pencil. All figures come from `fieldquote_domain::pricing`, and which figure goes in which cell and which
//! rows the totals block has is `fieldquote_domain::quote::{LineShown, QuoteShown}`, written by
//! `fieldquote_domain::format`: the quote editor shows the same presentation. Nothing is computed here; this
//! module adds the words and the layout.
//!
//! - **A line's amount** is `round(quantity × unit price × (1 − discount %)) − amount off`, the line's
//!   `amount` in the view: after its own discounts, *before* its share of the quote discount. The discount
//!   column shows the percentage and, under it, the amount off.
//! - **The lines table** holds what counts in the totals, in the quote's order: items, options the client took
//!   (marked as taken), fixed-price bundles with their components indented under them and marked "Included"
//!   (no amount: the bundle's price is the amount), and sum bundles whose heading row has no amount (its
//!   description says what its components below add up to) while the indented components carry the amounts.
//!   So the amount column holds exactly the counted lines, and adds up to the lines total.
//! - **The totals block** goes on from there, depending on the prices' tax basis:
//!   - prices without VAT (the usual case): *Lines total*, *Quote discount* −D, *Subtotal* (= lines total − D,
//!     the net), one *VAT r % on N* row per rate, *Total*. Without a quote discount the first two rows are left
//!     out and the subtotal is the lines total.
//!   - prices with VAT included (含税价): the amount column says "incl. VAT"; *Lines total*, *Quote discount*
//!     −D, *Total* (= lines total − D); then, in small grey type under the total, its breakdown: *of which net
//!     (excl. VAT)* and *of which VAT r %* per rate, which add up to the total.
//!   - both kinds on one quote: each line with VAT included says so under its amount; *Lines total*, *Quote
//!     discount* −D, one *VAT r % on N (prices excl. VAT)* row per rate for the VAT added to the prices without
//!     it, *Total*; then the same breakdown as above.
//! - **Options not taken** are listed after the totals under their own heading, "not included in the total",
//!   with their prices, so they are visibly outside the sum.
//!
//! # Who sends it and where to pay
//!
//! The sales contact (name, title, phone, e-mail) is printed under the quote's dates at the top right, and the
//! company's bank account ("Payment to": account name and number, bank, branch, SWIFT/BIC) beside the client
//! ("Bill to"), in room the page has anyway, so neither lengthens a short quote. Both leave out what is empty.
//!
//! # Pages
//!
//! The lines table's last row stays on the page of the totals; the signature block never starts a page alone:
//! it keeps the last lines of the terms (or the options, or the totals) with it.

mod closing;
pub(crate) mod labels;
mod letterhead;
mod lines;
mod totals;

use printpdf::{FontId, Op};

use fieldquote_domain::company::{CompanyProfile, SellerContact};
use fieldquote_domain::quote::QuoteView;

use crate::engine::text::FontMeasure;
use crate::engine::{Canvas, Decor, Flow, ImageRef, Ink, Page, Style};
use labels::Labels;

const INK: Ink = Ink(0.12, 0.12, 0.12);
const MUTED: Ink = Ink(0.38, 0.38, 0.38);
const RULE: Ink = Ink(0.75, 0.75, 0.75);
const HEADER_FILL: Ink = Ink(0.92, 0.93, 0.95);
const ACCENT: Ink = Ink(0.75, 0.1, 0.1);

const COMPANY: Style = Style::new(16.0, true, INK);
const TITLE: Style = Style::new(16.0, true, INK);
const BODY: Style = Style::new(9.0, false, INK);
const SMALL: Style = Style::new(8.5, false, MUTED);
const CUSTOMER: Style = Style::new(11.0, true, INK);
const CELL: Style = Style::new(8.5, false, INK);
/// Notes under a cell's value: an option's status, a bundle's sum, "incl. VAT".
const CELL_NOTE: Style = Style::new(7.5, false, MUTED);
const HEAD: Style = Style::new(8.0, true, INK);
const TOTAL: Style = Style::new(10.5, true, INK);
const HEADING: Style = Style::new(10.0, true, INK);
const FOOTER: Style = Style::new(8.0, false, MUTED);

/// Lay out the whole quote; returns each page's ops.
pub(crate) fn quote_pages(
    quote: &QuoteView,
    company: &CompanyProfile,
    seller: &SellerContact,
    labels: &'static Labels,
    font: FontId,
    logo: Option<&ImageRef>,
    m: &FontMeasure<'_>,
) -> Vec<Vec<Op>> {
    let page = Page::A4;
    let canvas = Canvas::new(font, m, page.height);
    let number = quote
        .number
        .as_deref()
        .map(|n| canvas.one_line(n))
        .unwrap_or_default();
    let number_label = if number.is_empty() {
        String::new()
    } else {
        format!("{}{}{}", labels.quote_number, labels.colon, number)
    };
    let decor = Decor {
        header_left: company.name.clone(),
        header_right: number_label.clone(),
        footer_left: number_label,
        page_label: Box::new(|page, pages| labels.page_of(page, pages)),
        style: SMALL,
        footer_style: FOOTER,
        rule: RULE,
        plain_first: false,
    };
    let mut flow = Flow::new(canvas, page, decor);

    letterhead::letterhead(&mut flow, quote, company, seller, labels, logo, &number);
    letterhead::client_block(&mut flow, quote, &company.bank, labels);

    let tables = lines::LineTables::new(&flow.canvas, &page, quote, labels);
    let totals = totals::Totals::new(&flow.canvas, &page, quote, labels);
    let closing = closing::Closing::new(&flow.canvas, &page, quote, company, labels);

    // What the signature block keeps with: the terms, else the options, else the totals.
    let signatures = closing.signature_keep();
    let totals_keep = if tables.options.is_none() && !closing.has_terms() {
        signatures
    } else {
        0.0
    };
    flow.advance(6.0);
    if let Some(main) = &tables.main {
        main.draw(&mut flow, totals.height() + totals_keep);
    }
    totals.draw(&mut flow, totals_keep);
    if let Some(options) = &tables.options {
        let keep = if closing.has_terms() { 0.0 } else { signatures };
        tables.draw_options(&mut flow, options, keep);
    }
    closing.draw(&mut flow, labels);
    flow.finish()
}

/// Is a decimal string zero (or empty)? Only to decide whether something is worth printing.
fn is_zero(s: &str) -> bool {
    s.trim()
        .chars()
        .all(|c| matches!(c, '0' | '.' | ',' | '-' | '+'))
}

/// The quote's lines table, totals and the options not taken, at the cursor: what a proposal's pricing
/// section prints, drawn by the same code as the quote, from the same figures.
pub(crate) fn draw_pricing(flow: &mut Flow<'_>, quote: &QuoteView, labels: &'static Labels) {
    let page = flow.page;
    let tables = lines::LineTables::new(&flow.canvas, &page, quote, labels);
    let totals = totals::Totals::new(&flow.canvas, &page, quote, labels);
    if let Some(main) = &tables.main {
        main.draw(flow, totals.height());
    }
    totals.draw(flow, 0.0);
    if let Some(options) = &tables.options {
        tables.draw_options(flow, options, 0.0);
    }
}
