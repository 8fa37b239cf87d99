//! Reading quotes: rows by id or number, a stored quote priced as it is, the editor's preview, the quotes list.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use fieldquote_domain::quote::{QuoteDraft, QuoteSummary, QuoteView};
use fieldquote_domain::refusal::Record;
use fieldquote_domain::{Currency, Refusal};

use crate::account::account_of_model;
use crate::entities::{customer, quote, quote_line};
use crate::price_list as price_lists;
use crate::query::parse_id;
use crate::{Store, StoreError};

use super::assemble::{Header, Priced, assemble, new_header};
use super::codec::{decode_discount, decode_pdf_lang, stored_header, stored_lines};
use super::lifecycle::percent_text;
use super::resolve::{HeaderText, Resolved};
use super::{index_lines, quote_date, today};

/// What the Approvals list shows of a stored quote's pricing.
pub(crate) struct StoredReview {
    pub currency: Currency,
    pub total: String,
    pub max_discount: String,
}

impl Store {
    pub(crate) async fn quote_row(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
    ) -> Result<quote::Model, StoreError> {
        quote::Entity::find_by_id(id.to_string())
            .filter(quote::Column::DeletedAt.is_null())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(Record::Quote, id))
    }

    pub(super) async fn line_rows(
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

    /// A stored quote's header, with the number of the quote it revises.
    pub(super) async fn header_of(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<Header, StoreError> {
        let mut header = stored_header(q)?;
        if let Some(id) = header.revises_id {
            header.revises_number = quote::Entity::find_by_id(id.to_string())
                .one(conn)
                .await?
                .map(|r| r.number);
        }
        Ok(header)
    }

    /// A stored quote resolved from its rows (no draft involved).
    pub(super) async fn stored_quote(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<(Header, Resolved), StoreError> {
        let header = self.header_of(conn, q).await?;
        let customer = customer::Entity::find_by_id(q.customer_id.clone())
            .one(conn)
            .await?
            .map(account_of_model)
            .transpose()?;
        let names = price_lists::list_names(conn).await?;
        let rows = self.line_rows(conn, &q.id).await?;
        let lines = stored_lines(&rows, header.currency, &names)?
            .into_iter()
            .map(Some)
            .collect();
        let resolved = Resolved {
            customer,
            text: HeaderText {
                notes: q.notes.clone(),
                payment_terms: q.payment_terms.clone(),
                delivery_terms: q.delivery_terms.clone(),
                pdf_lang: decode_pdf_lang(&q.pdf_lang),
                valid_until: None,
            },
            quote_discount: decode_discount(&q.quote_discount, header.currency)?,
            lines,
            errors: Vec::new(),
        };
        Ok((header, resolved))
    }

    /// Price a stored quote as it is.
    pub(super) async fn priced_stored(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
    ) -> Result<Priced, StoreError> {
        let (header, resolved) = self.stored_quote(conn, q).await?;
        assemble(header, resolved, self.discount_limit().await?, today())
    }

    /// A stored quote's currency, total and largest line discount.
    pub(crate) async fn stored_review(&self, q: &quote::Model) -> Result<StoredReview, StoreError> {
        let priced = self.priced_stored(&self.db, q).await?;
        Ok(StoredReview {
            currency: priced.view.currency,
            total: priced.view.totals.total.clone(),
            max_discount: percent_text(priced.review.max_line_discount),
        })
    }

    /// Price a draft without saving it: the editor's live totals. Problems come back in `errors`.
    pub async fn preview_quote(&self, draft: &QuoteDraft) -> Result<QuoteView, StoreError> {
        let (header, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&self.db, id).await?;
                let lines = self.line_rows(&self.db, &q.id).await?;
                (self.header_of(&self.db, &q).await?, index_lines(lines)?)
            }
            None => (
                new_header(self.company_or_default().await?.currency),
                HashMap::new(),
            ),
        };
        let resolved = self
            .resolve(
                &self.db,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                &HashSet::new(),
            )
            .await?;
        Ok(assemble(header, resolved, self.discount_limit().await?, today())?.view)
    }

    /// A saved quote with its lines and totals, priced by `domain` from the recorded inputs.
    pub async fn get_quote(&self, id: Uuid) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, id).await?;
        Ok(self.priced_stored(&self.db, &q).await?.view)
    }

    /// The stored row of a quote named by its number (see [`Store::get_quote_by_number`]).
    pub(super) async fn quote_row_by_number(
        &self,
        number: &str,
    ) -> Result<quote::Model, StoreError> {
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
                return Err(Refusal::Ambiguous {
                    record: Record::Quote,
                    key: number.to_string(),
                    count: u32::try_from(found.len()).unwrap_or(u32::MAX),
                }
                .into());
            }
        }
        found
            .pop()
            .ok_or_else(|| StoreError::not_found(Record::Quote, number))
    }

    /// A saved quote by its number. Numbers are unique per device, so where quotes pulled from other
    /// laptops share a number, this device's user's own quote is the one meant; failing that the number is
    /// [`Refusal::Ambiguous`].
    pub async fn get_quote_by_number(&self, number: &str) -> Result<QuoteView, StoreError> {
        let q = self.quote_row_by_number(number).await?;
        Ok(self.priced_stored(&self.db, &q).await?.view)
    }

    /// The id of the quote numbered `number` (see [`Store::get_quote_by_number`]).
    pub async fn quote_id_by_number(&self, number: &str) -> Result<Uuid, StoreError> {
        parse_id(&self.quote_row_by_number(number).await?.id)
    }

    /// The first window (at most [`MAX_LIMIT`](fieldquote_domain::list::MAX_LIMIT)) of the quotes whose
    /// number or account name contains `query` (all when empty), newest first: for checks over a few quotes.
    /// Lists use [`Store::list_quotes_page`], which counts and pages.
    pub async fn list_quotes(&self, query: &str) -> Result<Vec<QuoteSummary>, StoreError> {
        let q = fieldquote_domain::list::ListQuery {
            filter: fieldquote_domain::quote::QuoteFilter {
                text: query.to_string(),
                ..Default::default()
            },
            sort: fieldquote_domain::quote::QuoteSort::Number,
            dir: fieldquote_domain::list::SortDir::Desc,
            offset: 0,
            limit: 0,
        };
        Ok(self.list_quotes_page(&q).await?.rows)
    }
}
