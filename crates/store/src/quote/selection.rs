//! The client's choice of optional items on a sent quote: the quote as it would be with that choice (priced
//! by the same function as every view, nothing written), and the choice recorded when the client accepts.

use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set};
use uuid::Uuid;

use fieldquote_domain::pricing::LineInclusion;
use fieldquote_domain::quote::QuoteView;
use fieldquote_domain::{FieldError, FieldErrorKind};

use crate::entities::{quote, quote_line};
use crate::write::Write;
use crate::{Store, StoreError};

use super::assemble::{Priced, assemble};
use super::today;

impl Store {
    /// Quote `quote_id` as the client would take it: the optional lines (and optional bundles) in `taken`
    /// selected, every other optional one not. Nothing is written.
    pub async fn quote_with_selection(
        &self,
        quote_id: Uuid,
        taken: &[Uuid],
    ) -> Result<QuoteView, StoreError> {
        let q = self.quote_row(&self.db, quote_id).await?;
        Ok(self.price_selection(&self.db, &q, taken).await?.0.view)
    }

    /// Record the client's choice on quote `quote_id` in `w`: each optional line's `selected` flag, and the
    /// amounts stored for lists (the lines' and the quote's totals), as [`Store::quote_with_selection`]
    /// prices them.
    pub(crate) async fn apply_selection(
        &self,
        w: &Write,
        quote_id: Uuid,
        taken: &[Uuid],
    ) -> Result<(), StoreError> {
        let q = self.quote_row(&w.txn, quote_id).await?;
        let (priced, rows) = self.price_selection(&w.txn, &q, taken).await?;
        for (row, line) in rows.into_iter().zip(&priced.lines) {
            let selected =
                i32::from(row.optional != 0 && taken.iter().any(|t| row.id == t.to_string()));
            let (net, tax, gross) = line
                .as_ref()
                .map_or((row.net_minor, row.tax_minor, row.gross_minor), |l| {
                    (l.net.minor(), l.tax.minor(), l.gross.minor())
                });
            if (row.selected, row.net_minor, row.tax_minor, row.gross_minor)
                == (selected, net, tax, gross)
            {
                continue;
            }
            let before = row.clone();
            let mut am = row.into_active_model();
            am.selected = Set(selected);
            am.net_minor = Set(net);
            am.tax_minor = Set(tax);
            am.gross_minor = Set(gross);
            am.updated_at = Set(w.hlc.clone());
            let row = am.update(&w.txn).await?;
            w.record("quote_line", &row.id, "upsert", Some(&before), &row)
                .await?;
        }
        let totals = &priced.totals;
        let before = q.clone();
        let mut am = q.into_active_model();
        am.subtotal_minor = Set(totals.subtotal.minor());
        am.tax_minor = Set(totals.tax.minor());
        am.total_minor = Set(totals.total.minor());
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        Ok(())
    }

    /// Price `q` with the optional lines in `taken` selected; every id in `taken` must be an optional line
    /// of the quote. Returns the priced quote and its line rows, in the same order.
    async fn price_selection(
        &self,
        conn: &impl ConnectionTrait,
        q: &quote::Model,
        taken: &[Uuid],
    ) -> Result<(Priced, Vec<quote_line::Model>), StoreError> {
        let rows = self.line_rows(conn, &q.id).await?;
        for id in taken {
            let row = rows.iter().find(|r| r.id == id.to_string());
            if row.is_none_or(|r| r.optional == 0) {
                return Err(StoreError::Invalid(vec![FieldError::new(
                    "taken_lines",
                    FieldErrorKind::InvalidList {
                        reason: format!("{id} is not an optional line of quote {}", q.number),
                    },
                )]));
            }
        }
        let limit = self.discount_limit().await?;
        let (header, mut resolved) = self.stored_quote(conn, q).await?;
        for (row, line) in rows.iter().zip(resolved.lines.iter_mut()) {
            if let Some(l) = line
                && matches!(l.pricing.inclusion, LineInclusion::Optional { .. })
            {
                l.pricing.inclusion = LineInclusion::Optional {
                    selected: taken.iter().any(|t| row.id == t.to_string()),
                };
            }
        }
        Ok((assemble(header, resolved, limit, today())?, rows))
    }
}
