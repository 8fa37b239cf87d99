//! The quote list as a query: filter, sort, one window and the real count (see `domain::list`).

use fieldquote_domain::format;
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::money::Money;
use fieldquote_domain::quote::{QuoteFilter, QuoteSort, QuoteSummary};
use sea_orm::ConnectionTrait;

use super::assemble::shown_status;
use super::{parse_currency, parse_status, today};
use crate::paging::{Where, dir, page};
use crate::query::parse_id;
use crate::{Store, StoreError};

const COLUMNS: &str = "q.id, q.number, q.customer_id, c.name, q.status, q.currency, q.issue_date, q.valid_until, \
    q.subtotal_minor, q.tax_minor, q.total_minor, \
    (SELECT COUNT(*) FROM quote_line l WHERE l.quote_id = q.id AND l.deleted_at IS NULL)";

fn summary(r: &sea_orm::QueryResult) -> Result<QuoteSummary, StoreError> {
    let text = |i| r.try_get_by_index::<String>(i);
    let int = |i| r.try_get_by_index::<i64>(i);
    let currency = parse_currency(&text(5)?)?;
    let money = |minor| Money::from_minor(minor, currency).amount_string();
    let total_minor = int(10)?;
    let status = parse_status(&text(4)?)?;
    let valid_until = text(7)?;
    Ok(QuoteSummary {
        id: parse_id(&text(0)?)?,
        number: text(1)?,
        customer_id: parse_id(&text(2)?)?,
        customer: text(3)?,
        status,
        shown_status: shown_status(status, &valid_until, today()),
        currency,
        issue_date: text(6)?,
        valid_until,
        subtotal: money(int(8)?),
        tax: money(int(9)?),
        total: money(total_minor),
        shown_total: format::money(Money::from_minor(total_minor, currency)),
        line_count: u32::try_from(int(11)?).unwrap_or(u32::MAX),
    })
}

/// A window of the quotes `q` keeps (see [`Store::list_quotes_page`]).
pub(crate) async fn quotes_page(
    conn: &impl ConnectionTrait,
    q: &ListQuery<QuoteFilter, QuoteSort>,
) -> Result<Page<QuoteSummary>, StoreError> {
    let f = &q.filter;
    let mut w = Where::new();
    w.and("q.deleted_at IS NULL", vec![])
        .contains(&["q.number", "c.name"], &f.text)
        .eq_opt("q.customer_id", f.account_id.map(|u| u.to_string()))
        .eq_opt("q.opportunity_id", f.opportunity_id.map(|u| u.to_string()))
        .eq_opt("q.owner_id", f.owner_id.map(|u| u.to_string()))
        .eq_opt("q.status", f.status.map(|s| s.as_str().to_string()))
        .eq_text("c.industry", &f.industry)
        .day_range("q.issue_date", &f.from, &f.to);
    let d = dir(q.dir);
    let order = match q.sort {
        QuoteSort::Number => format!("q.number {d}"),
        QuoteSort::IssueDate => format!("q.issue_date {d}, q.number {d}"),
        QuoteSort::Account => format!("c.sort_key {d}, c.name {d}, q.number DESC"),
        QuoteSort::Status => format!("q.status {d}, q.number DESC"),
        QuoteSort::Total => format!("q.currency, q.total_minor {d}"),
        QuoteSort::ValidUntil => format!("q.valid_until {d}, q.number"),
    };
    page(
        conn,
        COLUMNS,
        "quote q LEFT JOIN customer c ON c.id = q.customer_id",
        &w,
        &format!("{order}, q.id"),
        q.offset,
        q.window(),
        summary,
    )
    .await
}

impl Store {
    /// One window of the quote list, with the count of every quote the filter keeps (by account,
    /// opportunity, owner, status, issue dates; number or account name containing a text), sorted by a
    /// column.
    pub async fn list_quotes_page(
        &self,
        q: &ListQuery<QuoteFilter, QuoteSort>,
    ) -> Result<Page<QuoteSummary>, StoreError> {
        quotes_page(&self.db, q).await
    }
}
