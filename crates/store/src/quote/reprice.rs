//! Re-pricing: which lines of a quote that can still change would get another price from today's lists, and
//! applying it.

use std::collections::HashSet;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteDraft, QuoteView, RepricedLineView, RepricingView};
use fieldquote_domain::validation::Percent;

use crate::entities::quote;
use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

use super::assemble::assemble;
use super::codec::stored_header;
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
        let status = parse_status(&q.status)?;
        let can_reprice = matches!(
            status,
            QuoteStatus::Draft | QuoteStatus::PendingApproval | QuoteStatus::Approved
        );
        let mut view = RepricingView {
            quote_id: parse_id(&q.id)?,
            number: q.number.clone(),
            currency: before.currency,
            can_reprice,
            lines: Vec::new(),
            before: before.totals.clone(),
            after: before.totals.clone(),
        };
        if !can_reprice {
            return Ok((view, HashSet::new()));
        }
        let draft = before.to_draft();
        let after = self.priced_anew(conn, q, &draft, limit, None).await?;
        if !after.errors.is_empty() {
            return Err(StoreError::Invalid(after.errors));
        }
        let version = |s: PriceSource| match s {
            PriceSource::PriceList { version, .. } => Some(version),
            PriceSource::BasePrice => None,
        };
        let mut changed = HashSet::new();
        for (position, (old, new)) in before.lines.iter().zip(&after.lines).enumerate() {
            let differs = old.unit_price != new.unit_price
                || old.price.tax_inclusive != new.price.tax_inclusive
                || old.price.source_currency != new.price.source_currency
                || old.price.source_unit_price != new.price.source_unit_price;
            let Some(line_id) = old.id.filter(|_| differs) else {
                continue;
            };
            changed.insert(line_id);
            view.lines.push(RepricedLineView {
                line_id,
                position: u32::try_from(position).unwrap_or(u32::MAX),
                sku: old.sku.clone(),
                old_unit_price: old.unit_price.clone(),
                new_unit_price: new.unit_price.clone(),
                old_net: old.net.clone(),
                new_net: new.net.clone(),
                old_source: old.price.source,
                new_source: new.price.source,
                old_list_version: version(old.price.source),
                new_list_version: version(new.price.source),
            });
        }
        if !changed.is_empty() {
            // Only the changed lines are priced again: the others keep what they recorded.
            view.after = self
                .priced_anew(conn, q, &draft, limit, Some(&changed))
                .await?
                .totals;
        }
        Ok((view, changed))
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
    /// A sent (or later) quote is [`StoreError::Frozen`]. Nothing to change writes nothing.
    pub async fn reprice_quote(
        &self,
        quote_id: Uuid,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        let limit = self.discount_limit().await?;
        let (view, changed) = self.repricing_in(&self.db, &q, limit).await?;
        if !view.can_reprice {
            return Err(StoreError::Frozen { number: q.number });
        }
        if changed.is_empty() {
            return self.get_quote(quote_id).await;
        }
        let draft = self.priced_stored(&self.db, &q).await?.view.to_draft();
        self.save_quote_repricing(&draft, origin, &changed).await
    }
}
