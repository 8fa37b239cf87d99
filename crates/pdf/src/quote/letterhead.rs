//! The top of the first page: who sends the quote, its title, number and dates, and who it is for.

use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};
use fieldquote_domain::quote::QuoteView;

use super::labels::Labels;
use super::{ACCENT, BODY, COMPANY, CUSTOMER, INK, MUTED, SMALL, TITLE};
use crate::engine::{Align, Flow, ImageRef, Style};

/// The box a logo is scaled into (keeping its proportions), in points.
const LOGO_MAX_W: f32 = 160.0;
const LOGO_MAX_H: f32 = 48.0;
/// The width of the title, number and dates on the right.
const META_W: f32 = 200.0;

/// Company name and contact details on the left; title, number, dates and the sales contact on the right.
pub(super) fn letterhead(
    flow: &mut Flow<'_>,
    quote: &QuoteView,
    company: &CompanyProfile,
    seller: &SellerContact,
    labels: &Labels,
    logo: Option<&ImageRef>,
    number: &str,
) {
    let page = flow.page;
    let right = page.right();
    let top = flow.y();

    // Right column: drawn first, at fixed positions (it is short and bounded).
    let c = &mut flow.canvas;
    let mut y = top;
    let title = c.one_line(labels.title);
    let baseline = c.baseline(y, TITLE);
    c.text_aligned(
        right - META_W,
        META_W,
        Align::Right,
        baseline,
        &title,
        TITLE,
    );
    y += TITLE.line_height() + 4.0;
    let mut meta: Vec<(&str, String)> = Vec::new();
    if !number.is_empty() {
        meta.push((labels.quote_number, number.to_string()));
    }
    // The number already ends in -R1; say which quote it revises.
    if let Some(original) = quote.revises_number.as_deref() {
        let original = c.one_line(original);
        if !original.is_empty() {
            meta.push(("", labels.revision_of(quote.revision, &original)));
        }
    }
    meta.push((labels.issue_date, c.one_line(&quote.issue_date)));
    meta.push((labels.valid_until, c.one_line(&quote.valid_until)));
    // Who the client calls about it: name (title on the next line), phone, e-mail; empty ones are left out.
    let name = c.one_line(&seller.name);
    let title = c.one_line(&seller.title);
    if name.is_empty() && !title.is_empty() {
        meta.push((labels.sales_contact, title));
    } else {
        meta.push((labels.sales_contact, name));
        meta.push(("", title));
    }
    meta.push((labels.phone, c.one_line(&seller.phone)));
    meta.push((labels.email, c.one_line(&seller.email)));
    for (label, value) in meta {
        if value.is_empty() {
            continue;
        }
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("{label}{}", labels.colon)
        };
        let label_w = c.width(&label, BODY);
        let value_w = (META_W - label_w).max(META_W / 2.0);
        for (i, line) in c.lines(&value, value_w, BODY).into_iter().enumerate() {
            let baseline = c.baseline(y, BODY);
            let line_w = c.width(&line, BODY);
            if i == 0 {
                c.text_at(right - line_w - label_w, baseline, &label, BODY.ink(MUTED));
            }
            c.text_at(right - line_w, baseline, &line, BODY);
            y += BODY.line_height();
        }
    }
    // Not approved or sent yet: the client must not take it for an offer.
    if quote.is_draft_document() {
        let style = BODY.bold().ink(ACCENT);
        let baseline = c.baseline(y, style);
        c.text_aligned(
            right - META_W,
            META_W,
            Align::Right,
            baseline,
            labels.draft,
            style,
        );
        y += style.line_height();
    }
    let meta_bottom = y;

    // Left column: flows (a pathological address could run past the page).
    let left_w = page.content_width() - META_W - 16.0;
    if let Some(logo) = logo {
        let h = flow
            .canvas
            .image(logo, page.left(), top, LOGO_MAX_W.min(left_w), LOGO_MAX_H);
        flow.set_y(flow.y().max(top + h) + 6.0);
    }
    flow.paragraph(page.left(), left_w, &company.name, COMPANY);
    flow.advance(2.0);
    flow.paragraph(page.left(), left_w, &company.address, SMALL);
    let contacts = [
        (labels.phone, company.phone.as_str()),
        (labels.email, company.email.as_str()),
        (labels.tax_id, company.tax_id.as_str()),
    ];
    labelled_lines(flow, left_w, labels.colon, &contacts, SMALL);
    if flow.is_first_page() {
        flow.set_y(flow.y().max(meta_bottom));
    }
    flow.advance(8.0);
    flow.ensure(1.0);
    let y = flow.y();
    flow.canvas.rule(page.left(), right, y, 0.8, INK);
    flow.advance(10.0);
}

/// `label: value` paragraphs at the left margin, one per pair, skipping empty values.
fn labelled_lines(
    flow: &mut Flow<'_>,
    width: f32,
    colon: &str,
    pairs: &[(&str, &str)],
    style: Style,
) {
    let x = flow.page.left();
    for (label, value) in pairs {
        let value = flow.canvas.one_line(value);
        if !value.is_empty() {
            flow.paragraph(x, width, &format!("{label}{colon}{value}"), style);
        }
    }
}

/// Who the quote is for on the left ("Bill to") and, beside it, where the client pays ("Payment to"): the
/// bank block takes the room the client block leaves on its right, so it costs a short quote no height.
pub(super) fn client_block(
    flow: &mut Flow<'_>,
    quote: &QuoteView,
    bank: &BankDetails,
    labels: &Labels,
) {
    let top = flow.y();
    let page = flow.page;
    let share = if bank.is_empty() {
        CLIENT_ALONE_SHARE
    } else {
        CLIENT_SHARE
    };
    let width = page.content_width() * share;
    if let Some(customer) = &quote.customer {
        let x = page.left();
        flow.paragraph(x, width, labels.bill_to, SMALL.bold());
        flow.advance(1.0);
        flow.paragraph(x, width, &customer.name, CUSTOMER);
        let contact = flow.canvas.one_line(&customer.contact_person);
        if !contact.is_empty() {
            let text = format!("{}{}{contact}", labels.contact, labels.colon);
            flow.paragraph(x, width, &text, BODY);
        }
        flow.paragraph(x, width, &customer.address, BODY);
        let contacts = [
            (labels.phone, customer.phone.as_str()),
            (labels.email, customer.email.as_str()),
            (labels.tax_id, customer.tax_id.as_str()),
        ];
        labelled_lines(flow, width, labels.colon, &contacts, BODY);
    }
    let client_bottom = flow.y();
    let bank_bottom = payment_to(flow, top, bank, labels);
    if client_bottom > top || bank_bottom > top {
        flow.set_y(client_bottom.max(bank_bottom));
        flow.advance(8.0);
    }
}

/// The share of the content width the client block takes; the bank block has the rest, after a gap.
const CLIENT_SHARE: f32 = 0.58;
/// Without bank details: lines that long are still easy to read.
const CLIENT_ALONE_SHARE: f32 = 0.62;
const BLOCK_GAP: f32 = 14.0;

/// The account the client pays into, from `top` in the right part of the page: account name and number, bank,
/// branch and SWIFT/BIC, each `label: value`, leaving out what is empty. Returns where it ends (`top` when
/// there are no bank details).
fn payment_to(flow: &mut Flow<'_>, top: f32, bank: &BankDetails, labels: &Labels) -> f32 {
    let lines: Vec<(&str, String)> = [
        (labels.account_name, &bank.account_name),
        (labels.account_number, &bank.account_number),
        (labels.bank, &bank.bank_name),
        (labels.bank_branch, &bank.branch),
        (labels.swift, &bank.swift),
    ]
    .into_iter()
    .map(|(label, value)| (label, flow.canvas.one_line(value)))
    .filter(|(_, value)| !value.is_empty())
    .collect();
    if lines.is_empty() {
        return top;
    }
    let page = flow.page;
    let x = page.left() + page.content_width() * CLIENT_SHARE + BLOCK_GAP;
    let width = page.right() - x;
    flow.set_y(top);
    flow.paragraph(x, width, labels.payment_to, SMALL.bold());
    flow.advance(1.0);
    for (label, value) in lines {
        flow.paragraph(x, width, &format!("{label}{}{value}", labels.colon), SMALL);
    }
    flow.y()
}
