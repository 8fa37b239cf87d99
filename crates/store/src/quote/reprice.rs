//! Re-pricing: which lines of a quote that can still change would get another price from today's lists, and
//! applying it.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use fieldquote_domain::Refusal;
use fieldquote_domain::quote::{QuoteDraft, QuoteView, RepricingView, repriced_lines};
use fieldquote_domain::validation::Percent;

use crate::entities::quote;
use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

use super::assemble::assemble;
use super::codec::stored_header;
use super::lifecycle::now_text;
use super::{index_lines, parse_status, quote_date, today};

impl Store {
    /// What re-pricing a quote from the current price lists would change (see [`RepricingView`]): every
    /// line priced again for the quote's date and quantity (customer list, default list, base price), the
    /// lines whose unit price, tax inclusion or currency would differ, and the totals before and after.
    /// A quote that can no longer change (sent, accepted…) gets an empty view with `can_reprice` false.
    /// A price in a currency without a rate on this device is [`StoreError::Invalid`].
    pub async fn repricing(&self, quote_id: Uuid) -> Result<RepricingView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        Ok(self.repricing_in(&self.db, &q, limit).await?.0)
    }

    /// The repricing view of `q` and the ids of the lines that would change.
    pub(super) async fn repricing_in(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
        limit: Percent,
    ) -> Result<(RepricingView, HashSet<Uuid>), StoreError> {
        let before = self.priced_stored(conn, q).await?.view;
        let can_reprice = parse_status(&q.status)?.content_may_change();
        let mut view = RepricingView {
            quote_id: parse_id(&q.id)?,
            number: q.number.clone(),
            currency: before.currency,
            can_reprice,
            lines: Vec::new(),
            before: before.totals.clone(),
            after: before.totals.clone(),
            kept: false,
            prompt: false,
        };
        if !can_reprice {
            return Ok((view, HashSet::new()));
        }
        let draft = before.to_draft();
        let after = self.priced_anew(conn, q, &draft, limit, None).await?;
        if !after.errors.is_empty() {
            return Err(StoreError::Invalid(after.errors));
        }
        view.lines = repriced_lines(&before, &after);
        let changed: HashSet<Uuid> = view.lines.iter().map(|l| l.line_id).collect();
        if !changed.is_empty() {
            // Only the changed lines are priced again: the others keep what they recorded.
            view.after = self
                .priced_anew(conn, q, &draft, limit, Some(&changed))
                .await?
                .totals;
        }
        let kept = kept_offer(conn, &q.id).await?;
        Ok((view.with_declined(kept.as_deref()), changed))
    }

    /// `q` as `draft`, with the lines in `again` (all of them with `None`) priced from the current price
    /// lists; the other lines keep the prices they recorded.
    pub(super) async fn priced_anew(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
        draft: &QuoteDraft,
        limit: Percent,
        again: Option<&HashSet<Uuid>>,
    ) -> Result<QuoteView, StoreError> {
        let header = stored_header(q)?;
        let existing = index_lines(self.line_rows(conn, &q.id).await?)?;
        let all: HashSet<Uuid>;
        let again = match again {
            Some(lines) => lines,
            None => {
                all = existing.keys().copied().collect();
                &all
            }
        };
        let resolved = self
            .resolve(
                conn,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                again,
            )
            .await?;
        Ok(assemble(header, resolved, limit, today())?.view)
    }

    /// Re-price a quote that can still change (draft, waiting for approval, approved): the lines
    /// [`Store::repricing`] lists take their new prices, with the list version and rate they came from; the
    /// others keep theirs. Saved like any edit: a changed quote is decided again (an approval is void).
    /// A sent (or later) quote is [`Refusal::Frozen`]. Nothing to change writes nothing.
    pub async fn reprice_quote(
        &self,
        quote_id: Uuid,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        let (view, changed) = self.repricing_in(&self.db, &q, limit).await?;
        if !view.can_reprice {
            return Err(Refusal::Frozen { number: q.number }.into());
        }
        if changed.is_empty() {
            return self.get_quote(quote_id).await;
        }
        let draft = self.priced_stored(&self.db, &q).await?.view.to_draft();
        self.save_quote_repricing(&draft, origin, &changed).await
    }

    /// "Keep current prices": the rep declines what [`Store::repricing`] offers now, so the editor stops asking
    /// until the lists offer other prices (a list moves to a new version, a base price changes). Recorded on
    /// this device only, for the quote and the revisions made of it later. Returns the repricing view, now
    /// `kept`. A quote that can no longer change is [`Refusal::Frozen`]; with nothing to re-price,
    /// nothing is recorded.
    pub async fn keep_current_prices(&self, quote_id: Uuid) -> Result<RepricingView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        let (view, _) = self.repricing_in(&self.db, &q, limit).await?;
        if !view.can_reprice {
            return Err(Refusal::Frozen { number: q.number }.into());
        }
        if view.lines.is_empty() || view.kept {
            return Ok(view);
        }
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO kept_prices (quote_id, offer, kept_at) VALUES (?, ?, ?) \
                 ON CONFLICT(quote_id) DO UPDATE SET offer = excluded.offer, kept_at = excluded.kept_at",
                [q.id.as_str().into(), view.offer().into(), now_text().into()],
            ))
            .await?;
        let kept = view.offer();
        Ok(view.with_declined(Some(&kept)))
    }
}

/// The re-pricing offer the rep declined on quote `quote_id` ("Keep current prices"), if any.
async fn kept_offer(
    conn: &impl ConnectionTrait,
    quote_id: &str,
) -> Result<Option<String>, StoreError> {
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT offer FROM kept_prices WHERE quote_id = ?",
            [quote_id.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get_by_index(0)?),
        None => None,
    })
}

/// A revision keeps what the rep declined on the quote it revises: its lines carry the same recorded prices,
/// so the same offer is not asked again.
pub(super) async fn copy_kept_prices(
    conn: &impl ConnectionTrait,
    from: &str,
    to: &str,
) -> Result<(), StoreError> {
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "INSERT INTO kept_prices (quote_id, offer, kept_at) \
         SELECT ?, offer, kept_at FROM kept_prices WHERE quote_id = ?",
        [to.into(), from.into()],
    ))
    .await?;
    Ok(())
}
