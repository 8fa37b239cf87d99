//! Revisions: a sent quote's new draft `…-R1`, and what changed from the quote it revises.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use fieldquote_domain::approval::ApprovalRequest;
use fieldquote_domain::quote::{
    NotAllowed, QuoteDiff, QuoteStatus, QuoteView, check_revise, quote_diff, status_after_edit,
};
use fieldquote_domain::refusal::Record;

use crate::entities::quote;
use crate::{Origin, Store, StoreError};

use super::assemble::{Header, assemble};
use super::lifecycle::{not_allowed, now_text};
use super::reprice::copy_kept_prices;
use super::{DEFAULT_VALIDITY_DAYS, day_string, parse_status, today};

impl Store {
    /// Make a new revision of a sent (or rejected, or expired) quote: a draft numbered `…-R1` (`-R2`, …),
    /// linked to the old quote, with its header and lines copied, issued today and valid for
    /// [`DEFAULT_VALIDITY_DAYS`]. The old quote becomes `superseded`. All in one write transaction.
    pub async fn revise_quote(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        let limit = self.discount_limit().await?;
        let requester = self.requester().await?;
        let w = self.begin_write(origin).await?;
        let old = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&old.status)?;
        check_revise(status).map_err(|reason| not_allowed(&old, status, reason))?;
        status.check_transition(QuoteStatus::Superseded, false)?;
        let (number, revision) = self.next_revision_number(&w, &old.number).await?;
        let today = today();
        let new_id = Uuid::now_v7();

        // Price the copy as the new quote will be: same recorded inputs, so the same amounts.
        let (old_header, resolved) = self.stored_quote(&w.txn, &old).await?;
        let header = Header {
            id: Some(new_id),
            number: Some(number.clone()),
            status: QuoteStatus::Draft,
            issue_date: day_string(today),
            valid_until: day_string(today + chrono::Duration::days(DEFAULT_VALIDITY_DAYS)),
            revision,
            revises_id: Some(id),
            revises_number: Some(old.number.clone()),
            approval: None,
            ..old_header
        };
        let priced = assemble(header, resolved, limit, today)?;
        let totals = &priced.totals;
        let request = ApprovalRequest::on_save(&priced.review, &requester, &now_text());
        let row = quote::ActiveModel {
            id: Set(new_id.to_string()),
            number: Set(number),
            customer_id: Set(old.customer_id.clone()),
            status: Set(status_after_edit(&priced.review).as_str().to_string()),
            currency: Set(old.currency.clone()),
            issue_date: Set(priced.view.issue_date.clone()),
            valid_until: Set(priced.view.valid_until.clone()),
            notes: Set(old.notes.clone()),
            payment_terms: Set(old.payment_terms.clone()),
            delivery_terms: Set(old.delivery_terms.clone()),
            pdf_lang: Set(old.pdf_lang.clone()),
            revision: Set(i32::try_from(revision)
                .map_err(|_| StoreError::Corrupt("revision out of range".into()))?),
            revises_id: Set(old.id.clone()),
            quote_discount: Set(old.quote_discount.clone()),
            approved_by: Set(String::new()),
            approved_at: Set(String::new()),
            approval_comment: Set(String::new()),
            approval_requested_by: Set(request.requested_by),
            approval_requested_at: Set(request.requested_at),
            approved_request: Set(String::new()),
            subtotal_minor: Set(totals.subtotal.minor()),
            tax_minor: Set(totals.tax.minor()),
            total_minor: Set(totals.total.minor()),
            updated_at: Set(w.hlc.clone()),
            deleted_at: Set(None),
            owner_id: Set(w.owner_id.clone()),
            // A revision is made for the same opportunity.
            opportunity_id: Set(old.opportunity_id.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.record("quote", &row.id, "upsert", None, &row).await?;
        let old_lines = self.line_rows(&w.txn, &old.id).await?;
        // New ids first, so each component can name its bundle line's copy.
        let new_ids: HashMap<&str, String> = old_lines
            .iter()
            .map(|m| (m.id.as_str(), Uuid::now_v7().to_string()))
            .collect();
        for (m, amounts) in old_lines.iter().zip(priced.lines.iter().flatten()) {
            let mut am = m.clone().into_active_model();
            am.id = Set(new_ids.get(m.id.as_str()).cloned().unwrap_or_default());
            am.parent_id = Set(new_ids
                .get(m.parent_id.as_str())
                .cloned()
                .unwrap_or_default());
            am.quote_id = Set(row.id.clone());
            am.net_minor = Set(amounts.net.minor());
            am.tax_minor = Set(amounts.tax.minor());
            am.gross_minor = Set(amounts.gross.minor());
            am.owner_id = Set(w.owner_id.clone());
            am.updated_at = Set(w.hlc.clone());
            am.deleted_at = Set(None);
            let line = am.insert(&w.txn).await?;
            w.record("quote_line", &line.id, "upsert", None, &line)
                .await?;
        }
        copy_kept_prices(&w.txn, &old.id, &row.id).await?;
        self.set_status(&w, old, QuoteStatus::Superseded, None)
            .await?;
        w.commit().await?;
        self.get_quote(new_id).await
    }

    /// What changed from the quote this one revises to this one. A quote that revises nothing is
    /// [`Refusal::NotAllowed`].
    pub async fn diff_quote(&self, id: Uuid) -> Result<QuoteDiff, StoreError> {
        let q = self.quote_row(&self.db, id).await?;
        let new = self.priced_stored(&self.db, &q).await?.view;
        let Some(old_id) = new.revises_id else {
            return Err(not_allowed(&q, new.status, NotAllowed::NotARevision));
        };
        let old_row = quote::Entity::find_by_id(old_id.to_string())
            .one(&self.db)
            .await?
            .ok_or_else(|| StoreError::not_found(Record::Quote, old_id))?;
        let old = self.priced_stored(&self.db, &old_row).await?.view;
        Ok(quote_diff(&old, &new))
    }
}
