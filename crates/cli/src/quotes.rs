//! `fq quote`: list, show, send, revise, compare with what a revision revises, re-price, and the PDF. (Approving
//! is in `approvals`.)

use anyhow::Result;

use fieldquote_domain::approval::Decision;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::list::{ListQuery, SortDir};
use fieldquote_domain::opportunity::QuoteOutcome;
use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::quote::{
    LineChange, QuoteDiff, QuoteDiscountDraft, QuoteLineKind, QuoteLineView, QuoteView,
    RepricingView,
};
use fieldquote_domain::quote::{QuoteFilter, QuoteSort, QuoteStatus};
use fieldquote_domain::{FieldError, FieldErrorKind};
use fieldquote_service::{account, opportunity, pdf};
use fieldquote_store::{Origin, Store};

use crate::accounts::shown;
use crate::args::{Format, QuoteCmd};
use crate::words::{self, Words};

const SORTS: &str = "number, issue_date, account, status, total, valid_until";
use crate::print::{print_json, print_table, report_quote};

pub async fn run(store: &Store, cmd: QuoteCmd) -> Result<()> {
    match cmd {
        QuoteCmd::List {
            query,
            account,
            owner,
            status,
            industry,
            from,
            to,
            sort,
            asc,
            offset,
            limit,
            format,
        } => {
            let mut w = Words::default();
            let status = w.given("status", status.as_deref(), |field, word| {
                QuoteStatus::parse(word.trim()).ok_or_else(|| {
                    FieldError::new(
                        field,
                        FieldErrorKind::NotOneOf {
                            allowed: QuoteStatus::ALL.map(QuoteStatus::as_str).join(", "),
                        },
                    )
                })
            });
            w.finish()?;
            let filter = QuoteFilter {
                text: query.unwrap_or_default(),
                account_id: match account {
                    Some(a) => Some(account::find(store, &a).await?.id),
                    None => None,
                },
                opportunity_id: None,
                owner_id: match owner {
                    Some(o) => Some(words::user_id(store, &o).await?),
                    None => None,
                },
                status,
                industry: industry.unwrap_or_default(),
                from: from.unwrap_or_default(),
                to: to.unwrap_or_default(),
            };
            let query = ListQuery {
                filter,
                sort: words::sort::<QuoteSort>(&sort, SORTS)?,
                dir: if asc { SortDir::Asc } else { SortDir::Desc },
                offset,
                limit,
            };
            let page = store.list_quotes_page(&query).await?;
            match format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    print_table(
                        &["NUMBER", "ACCOUNT", "STATUS", "DATE", "LINES", "TOTAL"],
                        &page
                            .rows
                            .iter()
                            .map(|q| {
                                vec![
                                    q.number.clone(),
                                    q.customer.clone(),
                                    q.shown_status.as_str().to_string(),
                                    q.issue_date.clone(),
                                    q.line_count.to_string(),
                                    q.shown_total.clone(),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    );
                    shown(page.offset, page.rows.len(), page.total, "quotes");
                }
            }
        }
        QuoteCmd::Show { number, format } => {
            let q = store.get_quote_by_number(&number).await?;
            match format {
                Format::Json => print_json(&q)?,
                Format::Table => print_quote(&q),
            }
        }
        QuoteCmd::Send { number, format } => {
            let id = store.quote_id_by_number(&number).await?;
            let q = store.send_quote(id, Origin::Cli).await?;
            report_quote(&q, format, "sent")?;
        }
        QuoteCmd::Accept { number, format } => {
            let id = store.quote_id_by_number(&number).await?;
            let q = opportunity::mark_quote(store, id, QuoteOutcome::Accepted, Origin::Cli).await?;
            report_quote(&q, format, "accepted by the client")?;
        }
        QuoteCmd::Reject { number, format } => {
            let id = store.quote_id_by_number(&number).await?;
            let q = opportunity::mark_quote(store, id, QuoteOutcome::Rejected, Origin::Cli).await?;
            report_quote(&q, format, "rejected by the client")?;
        }
        QuoteCmd::Approve(args) => crate::approvals::decide(store, Decision::Approve, args).await?,
        QuoteCmd::RejectApproval(args) => {
            crate::approvals::decide(store, Decision::Reject, args).await?;
        }
        QuoteCmd::Revise { number, format } => {
            let id = store.quote_id_by_number(&number).await?;
            let q = store.revise_quote(id, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&q)?,
                Format::Table => println!(
                    "Revised {}: the new draft is {} ({}).",
                    q.revises_number.as_deref().unwrap_or(number.trim()),
                    q.number.as_deref().unwrap_or(""),
                    q.status.as_str()
                ),
            }
        }
        QuoteCmd::Diff { number, format } => {
            let id = store.quote_id_by_number(&number).await?;
            let d = store.diff_quote(id).await?;
            match format {
                Format::Json => print_json(&d)?,
                Format::Table => print_diff(&d),
            }
        }
        QuoteCmd::Reprice {
            number,
            check,
            format,
        } => {
            let id = store.quote_id_by_number(&number).await?;
            let r = store.repricing(id).await?;
            if check {
                match format {
                    Format::Json => print_json(&r)?,
                    Format::Table => print_repricing(&r),
                }
            } else {
                let q = store.reprice_quote(id, Origin::Cli).await?;
                match format {
                    Format::Json => print_json(&q)?,
                    Format::Table => {
                        print_repricing(&r);
                        if !r.lines.is_empty() {
                            println!(
                                "Re-priced {} line(s) of {} (status {}).",
                                r.lines.len(),
                                q.number.as_deref().unwrap_or(""),
                                q.shown_status.as_str()
                            );
                        }
                    }
                }
            }
        }
        QuoteCmd::Pdf { number, out, lang } => {
            let quote = store.get_quote_by_number(&number).await?;
            // Nobody chose (here, for the quote or on this device): English.
            let chosen = lang.map(|l| l.0);
            let file = pdf::write_quote_pdf(store, quote, chosen, PdfLanguage::En, &out).await?;
            println!("Wrote {} ({} bytes)", out.display(), file.bytes);
        }
    }
    Ok(())
}

/// Where a line's price came from, in a few words: `华东 VIP v2`, `base price`, with `USD 100.00 × 7.1`
/// when converted.
fn price_source_text(l: &QuoteLineView) -> String {
    let mut text = match l.price.source {
        PriceSource::PriceList { version, .. } if l.price.price_list_name.is_empty() => {
            format!("list v{version}")
        }
        PriceSource::PriceList { version, .. } => {
            format!("{} v{version}", l.price.price_list_name)
        }
        PriceSource::BasePrice => "base price".to_string(),
    };
    if l.price.tax_inclusive {
        text.push_str(", incl. tax");
    }
    if !l.price.exchange_rate.is_empty() {
        text.push_str(&format!(
            ", {} {} × {}",
            l.price.source_currency, l.price.source_unit_price, l.price.exchange_rate
        ));
    }
    text
}

fn print_repricing(r: &RepricingView) {
    if !r.can_reprice {
        println!("{} can no longer change: it is never re-priced.", r.number);
        return;
    }
    if r.lines.is_empty() {
        println!(
            "{}: every line has the current price; nothing to re-price.",
            r.number
        );
        return;
    }
    let version = |v: Option<u32>| v.map_or_else(|| "base".to_string(), |v| format!("v{v}"));
    print_table(
        &["#", "SKU", "UNIT PRICE", "NET", "LIST"],
        &r.lines
            .iter()
            .map(|l| {
                vec![
                    (l.position + 1).to_string(),
                    l.sku.clone(),
                    format!("{} -> {}", l.old_unit_price, l.new_unit_price),
                    format!("{} -> {}", l.old_net, l.new_net),
                    format!(
                        "{} -> {}",
                        version(l.old_list_version),
                        version(l.new_list_version)
                    ),
                ]
            })
            .collect::<Vec<_>>(),
    );
    println!(
        "Total {} -> {} {}",
        r.before.total, r.after.total, r.currency
    );
}

fn print_quote(q: &QuoteView) {
    let status = if q.shown_status == q.status {
        q.status.as_str().to_string()
    } else {
        format!(
            "{} (stored as {})",
            q.shown_status.as_str(),
            q.status.as_str()
        )
    };
    println!(
        "{}  {status}  issued {}  valid until {}",
        q.number.as_deref().unwrap_or(""),
        q.issue_date,
        q.valid_until
    );
    if let Some(revises) = &q.revises_number {
        println!("Revision {} of {revises}", q.revision);
    }
    println!(
        "Customer: {}",
        q.customer.as_ref().map_or("", |c| c.name.as_str())
    );
    for (label, text) in [
        ("Payment terms", &q.payment_terms),
        ("Delivery terms", &q.delivery_terms),
    ] {
        if !text.is_empty() {
            println!("{label}: {text}");
        }
    }
    print_table(
        &[
            "SKU",
            "DESCRIPTION",
            "QTY",
            "UNIT PRICE",
            "DISC %",
            "DISC",
            "NET",
            "TAX",
            "GROSS",
            "PRICE FROM",
        ],
        &q.lines
            .iter()
            .map(|l| {
                let mut description = match (l.optional, l.selected) {
                    (true, true) => format!("{} [option, selected]", l.description),
                    (true, false) => format!("{} [option, not selected]", l.description),
                    _ => l.description.clone(),
                };
                let parent_pricing = l
                    .parent
                    .and_then(|p| q.lines.get(p as usize))
                    .map(|b| b.bundle_pricing.as_str());
                match (l.kind, l.bundle_pricing.as_str(), parent_pricing) {
                    (QuoteLineKind::Bundle, "sum", _) => {
                        description.push_str(" [bundle: sum of its components]");
                    }
                    (QuoteLineKind::Bundle, _, _) => {
                        description.push_str(" [bundle at a fixed price]");
                    }
                    (QuoteLineKind::Component, _, Some("fixed")) => {
                        description.push_str(" [included]");
                    }
                    _ => {}
                }
                // Components are indented under their bundle line.
                let indent = "  ".repeat(l.depth as usize);
                vec![
                    format!("{indent}{}", l.sku),
                    description,
                    format!("{} {}", l.quantity, l.unit),
                    l.unit_price.clone(),
                    l.discount_percent.clone(),
                    l.discount_amount.clone(),
                    l.net.clone(),
                    l.tax.clone(),
                    l.gross.clone(),
                    price_source_text(l),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let t = &q.totals;
    if q.quote_discount != QuoteDiscountDraft::None {
        println!(
            "Lines {}  Quote discount -{}",
            t.lines_total, t.quote_discount
        );
    }
    for b in &t.tax_by_rate {
        println!("  Tax {} %: on {}  {}", b.rate, b.net, b.tax);
    }
    println!(
        "Subtotal {}  Tax {}  Total {} {}",
        t.subtotal, t.tax, t.total, q.currency
    );
    if let Some(capitals) = &t.total_in_capitals {
        println!("Total in capitals: 人民币{capitals}");
    }
    if q.discount_review.needs_approval {
        println!(
            "Largest discount {} % is above the limit of {} %: a manager's approval is needed before sending.",
            q.discount_review.max_line_discount, q.discount_review.limit
        );
    }
    if let Some(a) = &q.approval {
        if a.approved {
            println!("Approved by {} at {}.", a.approved_by, a.approved_at);
            if !a.comment.is_empty() {
                println!("Approval comment: {}", a.comment);
            }
        } else {
            // "Refused by Wang Fang: too deep".
            println!("{}", a.comment);
        }
    }
}

fn print_diff(d: &QuoteDiff) {
    println!(
        "{} -> {}",
        d.from_number.as_deref().unwrap_or(""),
        d.to_number.as_deref().unwrap_or("")
    );
    if d.is_empty() {
        println!("No changes.");
        return;
    }
    for f in &d.header {
        println!("  {}: {:?} -> {:?}", f.field, f.before, f.after);
    }
    for l in &d.lines {
        let change = match l.change {
            LineChange::Added => "added",
            LineChange::Removed => "removed",
            LineChange::Changed => "changed",
        };
        let fields: Vec<String> = l
            .fields
            .iter()
            .map(|f| match l.change {
                LineChange::Changed => {
                    format!("{} {} -> {}", f.field, f.before, f.after)
                }
                LineChange::Added => format!("{} {}", f.field, f.after),
                LineChange::Removed => {
                    format!("{} {}", f.field, f.before)
                }
            })
            .collect();
        println!(
            "  {change} {} {}: {}",
            l.sku,
            l.description,
            fields.join(", ")
        );
    }
    let (b, a) = (&d.totals_before, &d.totals_after);
    println!(
        "  Totals: subtotal {} -> {}, tax {} -> {}, total {} -> {}",
        b.subtotal, a.subtotal, b.tax, a.tax, b.total, a.total
    );
}
