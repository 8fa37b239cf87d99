use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement, TryIntoModel,
};
use uuid::Uuid;

use fieldquote_domain::model::{Customer, QuoteDraft, QuoteLineView, QuoteSummary, QuoteView};
use fieldquote_domain::numbering::quote_number;
use fieldquote_domain::pricing::{LineAmounts, LineInput, QuoteTotals, price_quote};
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::validation::{Percent, Quantity};
use fieldquote_domain::{Currency, FieldError, FieldErrorKind, Money};

use super::customers::to_customer;
use super::{like, like_pattern, parse_id};
use crate::entities::{customer, quote, quote_line};
use crate::{Origin, Store, StoreError};

/// Days a new quote stays valid.
pub const DEFAULT_VALIDITY_DAYS: i64 = 30;

/// Everything a line's price and description come from, resolved from the draft or the stored row.
struct LineSource {
    id: Option<Uuid>,
    product_id: Uuid,
    sku: String,
    description: String,
    unit: String,
    input: LineInput,
}

/// A draft resolved against the database.
struct Resolved {
    customer: Option<Customer>,
    notes: String,
    /// `None` where the line has errors.
    lines: Vec<Option<LineSource>>,
    errors: Vec<FieldError>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} is invalid: {value:?}"))
}

fn parse_currency(raw: &str) -> Result<Currency, StoreError> {
    raw.parse().map_err(|()| corrupt("currency", raw))
}

fn parse_status(raw: &str) -> Result<QuoteStatus, StoreError> {
    QuoteStatus::parse(raw).ok_or_else(|| corrupt("status", raw))
}

fn stored_line(m: &quote_line::Model, currency: Currency) -> Result<LineSource, StoreError> {
    Ok(LineSource {
        id: Some(parse_id(&m.id)?),
        product_id: parse_id(&m.product_id)?,
        sku: m.sku.clone(),
        description: m.description.clone(),
        unit: m.unit.clone(),
        input: LineInput {
            quantity: Quantity::parse("quantity", &m.quantity)
                .map_err(|_| corrupt("quantity", &m.quantity))?,
            unit_price: Money::from_minor(m.unit_price_minor, currency),
            discount: Percent::parse("discount", &m.discount_percent)
                .map_err(|_| corrupt("discount", &m.discount_percent))?,
            tax_rate: Percent::parse("tax_rate", &m.tax_rate)
                .map_err(|_| corrupt("tax rate", &m.tax_rate))?,
        },
    })
}

/// Header fields of a view that do not come from the draft.
struct Header {
    id: Option<Uuid>,
    number: Option<String>,
    status: QuoteStatus,
    currency: Currency,
    issue_date: String,
    valid_until: String,
}

fn new_header(currency: Currency) -> Header {
    let today = chrono::Local::now().date_naive();
    Header {
        id: None,
        number: None,
        status: QuoteStatus::Draft,
        currency,
        issue_date: today.format("%Y-%m-%d").to_string(),
        valid_until: (today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS))
            .format("%Y-%m-%d")
            .to_string(),
    }
}

fn stored_header(q: &quote::Model) -> Result<Header, StoreError> {
    Ok(Header {
        id: Some(parse_id(&q.id)?),
        number: Some(q.number.clone()),
        status: parse_status(&q.status)?,
        currency: parse_currency(&q.currency)?,
        issue_date: q.issue_date.clone(),
        valid_until: q.valid_until.clone(),
    })
}

/// Price the valid lines with `domain` and build the view. Invalid lines show without amounts.
fn assemble(
    h: Header,
    r: Resolved,
) -> Result<(QuoteView, Vec<Option<LineAmounts>>, QuoteTotals), StoreError> {
    let inputs: Vec<LineInput> = r.lines.iter().flatten().map(|l| l.input).collect();
    let (amounts, totals) = price_quote(h.currency, &inputs)?;
    let mut amounts = amounts.into_iter();
    // Keep the draft's order and show invalid lines too, without amounts, so indices match the editor.
    let mut views = Vec::with_capacity(r.lines.len());
    let mut priced = Vec::with_capacity(r.lines.len());
    for line in &r.lines {
        let Some(line) = line else {
            views.push(QuoteLineView::default());
            priced.push(None);
            continue;
        };
        let a = amounts
            .next()
            .ok_or_else(|| StoreError::Corrupt("pricing lost a line".into()))?;
        priced.push(Some(a));
        views.push(QuoteLineView {
            id: line.id,
            product_id: line.product_id,
            sku: line.sku.clone(),
            description: line.description.clone(),
            unit: line.unit.clone(),
            quantity: line.input.quantity.to_string(),
            unit_price: line.input.unit_price.amount_string(),
            discount_percent: line.input.discount.to_string(),
            tax_rate: line.input.tax_rate.to_string(),
            net: a.net.amount_string(),
            tax: a.tax.amount_string(),
            gross: a.gross.amount_string(),
        });
    }
    let view = QuoteView {
        id: h.id,
        number: h.number,
        status: h.status,
        customer: r.customer,
        currency: h.currency,
        issue_date: h.issue_date,
        valid_until: h.valid_until,
        notes: r.notes,
        lines: views,
        subtotal: totals.subtotal.amount_string(),
        tax: totals.tax.amount_string(),
        total: totals.total.amount_string(),
        errors: r.errors,
    };
    Ok((view, priced, totals))
}

impl Store {
    /// Resolve a draft: customer, products and recorded prices, collecting every field error.
    async fn resolve(
        &self,
        conn: &impl ConnectionTrait,
        draft: &QuoteDraft,
        currency: Currency,
        existing_lines: &HashMap<Uuid, quote_line::Model>,
    ) -> Result<Resolved, StoreError> {
        let mut errors = Vec::new();
        let (customer_id, notes) = match draft.validate_header() {
            Ok((c, n)) => (Some(c), n),
            Err(e) => {
                errors.extend(e);
                (draft.customer_id, draft.notes.chars().take(2_000).collect())
            }
        };
        let customer = match customer_id {
            Some(id) => match self.customer_row(conn, id).await {
                Ok(m) => Some(to_customer(m)?),
                Err(StoreError::NotFound { .. }) => {
                    errors.push(FieldError::new("customer_id", FieldErrorKind::NotFound));
                    None
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        let mut lines = Vec::with_capacity(draft.lines.len());
        for (i, l) in draft.lines.iter().enumerate() {
            let parsed = match l.parse(i) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            };
            // A saved line keeps the price and text it was recorded with.
            let recorded =
                l.id.and_then(|id| existing_lines.get(&id))
                    .filter(|m| m.product_id == l.product_id.to_string());
            let source = match recorded {
                Some(m) => Some(stored_line(m, currency)?),
                None => match self.product_row(conn, l.product_id).await? {
                    None => {
                        errors.push(FieldError::new(
                            format!("lines[{i}].product_id"),
                            FieldErrorKind::NotFound,
                        ));
                        None
                    }
                    Some(p) => {
                        let pc = parse_currency(&p.currency)?;
                        if pc == currency {
                            Some(LineSource {
                                id: None,
                                product_id: l.product_id,
                                sku: p.sku,
                                description: if p.description.is_empty() {
                                    p.name
                                } else {
                                    format!("{} — {}", p.name, p.description)
                                },
                                unit: p.unit,
                                input: LineInput {
                                    quantity: Quantity::parse("quantity", "1")
                                        .map_err(|_| corrupt("quantity", "1"))?,
                                    unit_price: Money::from_minor(p.unit_price_minor, pc),
                                    discount: Percent::ZERO,
                                    tax_rate: Percent::parse("tax_rate", &p.tax_rate)
                                        .map_err(|_| corrupt("tax rate", &p.tax_rate))?,
                                },
                            })
                        } else {
                            errors.push(FieldError::new(
                                format!("lines[{i}].product_id"),
                                FieldErrorKind::CurrencyMismatch {
                                    expected: currency.to_string(),
                                    found: pc.to_string(),
                                },
                            ));
                            None
                        }
                    }
                },
            };
            lines.push(match (parsed, source) {
                (Some((quantity, discount)), Some(mut s)) => {
                    s.input.quantity = quantity;
                    s.input.discount = discount;
                    Some(s)
                }
                _ => None,
            });
        }
        Ok(Resolved {
            customer,
            notes,
            lines,
            errors,
        })
    }

    async fn quote_row(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
    ) -> Result<quote::Model, StoreError> {
        quote::Entity::find_by_id(id.to_string())
            .filter(quote::Column::DeletedAt.is_null())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found("quote", id))
    }

    async fn line_rows(
        &self,
        conn: &impl ConnectionTrait,
        quote_id: &str,
    ) -> Result<Vec<quote_line::Model>, StoreError> {
        Ok(quote_line::Entity::find()
            .filter(quote_line::Column::QuoteId.eq(quote_id))
            .filter(quote_line::Column::DeletedAt.is_null())
            .order_by_asc(quote_line::Column::Position)
            .all(conn)
            .await?)
    }

    /// Price a draft without saving it: the editor's live totals. Problems come back in `errors`.
    pub async fn preview_quote(&self, draft: &QuoteDraft) -> Result<QuoteView, StoreError> {
        let (header, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&self.db, id).await?;
                let lines = self.line_rows(&self.db, &q.id).await?;
                (stored_header(&q)?, index_lines(lines)?)
            }
            None => (
                new_header(self.company_or_default().await?.currency),
                HashMap::new(),
            ),
        };
        let resolved = self
            .resolve(&self.db, draft, header.currency, &existing)
            .await?;
        Ok(assemble(header, resolved)?.0)
    }

    /// Save a draft (new or existing) in one transaction. Invalid input writes nothing.
    pub async fn save_quote(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let company_currency = self.company_or_default().await?.currency;
        let w = self.begin_write(origin).await?;
        let (mut header, existing_row, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&w.txn, id).await?;
                let status = parse_status(&q.status)?;
                if !status.is_editable() {
                    return Err(StoreError::Frozen { number: q.number });
                }
                let lines = self.line_rows(&w.txn, &q.id).await?;
                (stored_header(&q)?, Some(q), index_lines(lines)?)
            }
            None => (new_header(company_currency), None, HashMap::new()),
        };
        let resolved = self
            .resolve(&w.txn, draft, header.currency, &existing)
            .await?;
        if !resolved.errors.is_empty() {
            return Err(StoreError::Invalid(resolved.errors));
        }
        let customer_id = resolved
            .customer
            .as_ref()
            .map(|c| c.id.to_string())
            .ok_or_else(|| {
                StoreError::Invalid(vec![FieldError::new(
                    "customer_id",
                    FieldErrorKind::Required,
                )])
            })?;
        let quote_id = match &existing_row {
            Some(q) => q.id.clone(),
            None => {
                let id = Uuid::now_v7();
                header.id = Some(id);
                header.number = Some(self.next_quote_number(&w).await?);
                id.to_string()
            }
        };
        let sources: Vec<(Option<Uuid>, Uuid, String, String, String, LineInput)> = resolved
            .lines
            .iter()
            .flatten()
            .map(|l| {
                (
                    l.id,
                    l.product_id,
                    l.sku.clone(),
                    l.description.clone(),
                    l.unit.clone(),
                    l.input,
                )
            })
            .collect();
        let (view, priced, totals) = assemble(header, resolved)?;

        let before = existing_row.clone();
        let row = match existing_row {
            Some(q) => {
                let mut am = q.clone().into_active_model();
                am.customer_id = Set(customer_id);
                am.notes = Set(view.notes.clone());
                am.subtotal_minor = Set(totals.subtotal.minor());
                am.tax_minor = Set(totals.tax.minor());
                am.total_minor = Set(totals.total.minor());
                // A header (or line, below) the save leaves as it was is not written: it keeps the clock of
                // its last change, as the server's copy does (an unchanged row has no change to sync).
                if am.clone().try_into_model()? == q {
                    q
                } else {
                    am.updated_at = Set(w.hlc.clone());
                    am.update(&w.txn).await?
                }
            }
            None => {
                quote::ActiveModel {
                    id: Set(quote_id.clone()),
                    number: Set(view.number.clone().unwrap_or_default()),
                    customer_id: Set(customer_id),
                    status: Set(QuoteStatus::Draft.as_str().to_string()),
                    currency: Set(view.currency.to_string()),
                    issue_date: Set(view.issue_date.clone()),
                    valid_until: Set(view.valid_until.clone()),
                    notes: Set(view.notes.clone()),
                    subtotal_minor: Set(totals.subtotal.minor()),
                    tax_minor: Set(totals.tax.minor()),
                    total_minor: Set(totals.total.minor()),
                    updated_at: Set(w.hlc.clone()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.record("quote", &row.id, "upsert", before.as_ref(), &row)
            .await?;

        // Lines: keep, add, and tombstone the ones the draft dropped.
        let mut kept = std::collections::HashSet::new();
        for (position, ((line_id, product_id, sku, description, unit, input), amounts)) in sources
            .into_iter()
            .zip(priced.into_iter().flatten())
            .enumerate()
        {
            let fields = |am: &mut quote_line::ActiveModel| {
                am.position = Set(position as i32);
                am.quantity = Set(input.quantity.to_string());
                am.discount_percent = Set(input.discount.to_string());
                am.net_minor = Set(amounts.net.minor());
                am.tax_minor = Set(amounts.tax.minor());
                am.gross_minor = Set(amounts.gross.minor());
            };
            let before = line_id.and_then(|id| existing.get(&id));
            let saved = match before {
                Some(m) => {
                    kept.insert(m.id.clone());
                    let mut am = m.clone().into_active_model();
                    fields(&mut am);
                    if am.clone().try_into_model()? == *m {
                        m.clone()
                    } else {
                        am.updated_at = Set(w.hlc.clone());
                        am.update(&w.txn).await?
                    }
                }
                None => {
                    let mut am = quote_line::ActiveModel {
                        id: Set(Uuid::now_v7().to_string()),
                        quote_id: Set(quote_id.clone()),
                        product_id: Set(product_id.to_string()),
                        sku: Set(sku),
                        description: Set(description),
                        unit: Set(unit),
                        unit_price_minor: Set(input.unit_price.minor()),
                        tax_rate: Set(input.tax_rate.to_string()),
                        deleted_at: Set(None),
                        owner_id: Set(w.owner_id.clone()),
                        updated_at: Set(w.hlc.clone()),
                        ..Default::default()
                    };
                    fields(&mut am);
                    am.insert(&w.txn).await?
                }
            };
            w.record("quote_line", &saved.id, "upsert", before, &saved)
                .await?;
        }
        for m in existing.values().filter(|m| !kept.contains(&m.id)) {
            let mut am = m.clone().into_active_model();
            am.deleted_at = Set(Some(w.hlc.clone()));
            am.updated_at = Set(w.hlc.clone());
            let gone = am.update(&w.txn).await?;
            w.record("quote_line", &gone.id, "delete", Some(m), &gone)
                .await?;
        }
        w.commit().await?;
        self.get_quote(parse_id(&quote_id)?).await
    }

    /// Allocate the next quote number inside the write transaction: the write lock makes it race-free across
    /// processes, and the device's prefix (once registered) makes it unique across the team.
    async fn next_quote_number(&self, w: &crate::write::Write) -> Result<String, StoreError> {
        use chrono::Datelike;
        let year = chrono::Local::now().year();
        let row = w
            .txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO quote_sequence (year, last) VALUES (?, 1) \
                 ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                [year.into()],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("quote sequence returned nothing".into()))?;
        let last: i64 = row.try_get_by_index(0)?;
        let seq = u32::try_from(last)
            .map_err(|_| StoreError::Corrupt("quote sequence overflow".into()))?;
        Ok(quote_number(year, w.device.quote_prefix.as_deref(), seq))
    }

    /// A saved quote with its lines and totals, priced by `domain` from the recorded inputs.
    pub async fn get_quote(&self, id: Uuid) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, id).await?;
        self.quote_view(q).await
    }

    /// A saved quote by its number. Numbers are unique per device, so where quotes pulled from other
    /// laptops share a number, this device's user's own quote is the one meant; failing that the number is
    /// [`StoreError::Ambiguous`].
    pub async fn get_quote_by_number(&self, number: &str) -> Result<QuoteView, StoreError> {
        let number = number.trim();
        let mut found = quote::Entity::find()
            .filter(quote::Column::Number.eq(number))
            .filter(quote::Column::DeletedAt.is_null())
            .all(&self.db)
            .await?;
        if found.len() > 1 {
            let me = self.device().await?.owner_id;
            let mine: Vec<_> = found.iter().filter(|q| q.owner_id == me).cloned().collect();
            if mine.len() == 1 {
                found = mine;
            } else {
                return Err(StoreError::Ambiguous {
                    entity: "quote",
                    key: number.to_string(),
                    count: found.len(),
                });
            }
        }
        let q = found
            .pop()
            .ok_or_else(|| StoreError::not_found("quote", number))?;
        self.quote_view(q).await
    }

    async fn quote_view(&self, q: quote::Model) -> Result<QuoteView, StoreError> {
        let header = stored_header(&q)?;
        let customer = customer::Entity::find_by_id(q.customer_id.clone())
            .one(&self.db)
            .await?
            .map(to_customer)
            .transpose()?;
        let lines = self
            .line_rows(&self.db, &q.id)
            .await?
            .iter()
            .map(|m| stored_line(m, header.currency).map(Some))
            .collect::<Result<Vec<_>, _>>()?;
        let resolved = Resolved {
            customer,
            notes: q.notes.clone(),
            lines,
            errors: Vec::new(),
        };
        Ok(assemble(header, resolved)?.0)
    }

    /// Quotes whose number or customer name contains `query` (all when empty), newest first.
    pub async fn list_quotes(&self, query: &str) -> Result<Vec<QuoteSummary>, StoreError> {
        let mut q = quote::Entity::find()
            .find_also_related(customer::Entity)
            .filter(quote::Column::DeletedAt.is_null());
        if !query.trim().is_empty() {
            let p = like_pattern(query);
            q = q.filter(
                Condition::any()
                    .add(like(quote::Column::Number, &p))
                    .add(like(customer::Column::Name, &p)),
            );
        }
        let rows = q
            .order_by_desc(quote::Column::Id)
            .limit(super::customers::LIST_LIMIT)
            .all(&self.db)
            .await?;
        let counts: HashMap<String, i64> = quote_line::Entity::find()
            .select_only()
            .column(quote_line::Column::QuoteId)
            .column_as(Expr::col(quote_line::Column::Id).count(), "n")
            .filter(quote_line::Column::DeletedAt.is_null())
            .group_by(quote_line::Column::QuoteId)
            .into_tuple::<(String, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        rows.into_iter()
            .map(|(q, c)| {
                let currency = parse_currency(&q.currency)?;
                let money = |minor| Money::from_minor(minor, currency).amount_string();
                Ok(QuoteSummary {
                    id: parse_id(&q.id)?,
                    line_count: u32::try_from(counts.get(&q.id).copied().unwrap_or(0))
                        .unwrap_or(u32::MAX),
                    number: q.number,
                    customer_id: parse_id(&q.customer_id)?,
                    customer: c.map(|c| c.name).unwrap_or_default(),
                    status: parse_status(&q.status)?,
                    currency,
                    issue_date: q.issue_date,
                    subtotal: money(q.subtotal_minor),
                    tax: money(q.tax_minor),
                    total: money(q.total_minor),
                })
            })
            .collect()
    }

    /// Mark a draft as sent; from then on it is frozen.
    pub async fn mark_quote_sent(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        if !parse_status(&q.status)?.can_become(QuoteStatus::Sent) {
            return Err(StoreError::Frozen { number: q.number });
        }
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(QuoteStatus::Sent.as_str().to_string());
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        w.commit().await?;
        self.get_quote(id).await
    }
}

fn index_lines(
    lines: Vec<quote_line::Model>,
) -> Result<HashMap<Uuid, quote_line::Model>, StoreError> {
    lines
        .into_iter()
        .map(|m| Ok((parse_id(&m.id)?, m)))
        .collect()
}
