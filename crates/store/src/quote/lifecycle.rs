//! The lifecycle: sending a quote, a manager's decision on its discounts, and the refusals with their reasons.

use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use fieldquote_domain::Refusal;
use fieldquote_domain::approval::{Decision, DecisionInput, DecisionRecord, decide};
use fieldquote_domain::quote::{NotAllowed, QuoteStatus, QuoteView, SendRefusal, check_send};

use crate::entities::quote;
use crate::{Origin, Store, StoreError};

use super::parse_status;

/// A percentage for a view: `20`, `15.5`.
pub(super) fn percent_text(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

pub(crate) fn not_allowed(q: &quote::Model, status: QuoteStatus, reason: NotAllowed) -> StoreError {
    Refusal::NotAllowed {
        number: q.number.clone(),
        status,
        reason,
    }
    .into()
}

/// The error of a send the domain refused.
fn send_refused(q: &quote::Model, status: QuoteStatus, refusal: SendRefusal) -> StoreError {
    match refusal {
        SendRefusal::ApprovalRequired {
            max_discount,
            limit,
        } => Refusal::ApprovalRequired {
            number: q.number.clone(),
            max_discount: max_discount.normalize(),
            limit: limit.value().normalize(),
        }
        .into(),
        SendRefusal::NotAllowed(reason) => not_allowed(q, status, reason),
    }
}

/// The time a decision or request is recorded with: now, RFC 3339 to the second, UTC.
pub(super) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Write a new status (and a decision's columns) on a quote row, recorded in the outbox.
    pub(super) async fn set_status(
        &self,
        w: &crate::write::Write,
        q: quote::Model,
        status: QuoteStatus,
        decision: Option<&DecisionRecord>,
    ) -> Result<quote::Model, StoreError> {
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(status.as_str().to_string());
        if let Some(d) = decision {
            am.approved_by = Set(d.approved_by.clone());
            am.approved_at = Set(d.approved_at.clone());
            am.approval_comment = Set(d.approval_comment.clone());
            am.approved_request = Set(d.approved_request.clone());
        }
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        Ok(row)
    }

    /// Send a quote: a draft within the discount limit, or an approved one ([`check_send`]). From then on it is
    /// frozen.
    ///
    /// A quote whose discounts need approval is [`Refusal::ApprovalRequired`] (naming its largest discount
    /// and the limit) until a manager approved it.
    ///
    /// When (the device's time) and by whom (the signed-in user's name) it was sent are recorded with it; a
    /// quote of an opportunity still at needs identified or solution design moves the opportunity to quoted.
    pub async fn send_quote(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        self.send_quote_at(id, chrono::Local::now().fixed_offset(), origin)
            .await
    }

    /// [`Store::send_quote`] at device time `at` (the demo data sends its quotes on the days they were sent).
    pub async fn send_quote_at(
        &self,
        id: Uuid,
        at: chrono::DateTime<chrono::FixedOffset>,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let who = self
            .signed_in_user()
            .await?
            .map(|u| u.display_name().to_string())
            .unwrap_or_default();
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        check_send(status, &priced.review).map_err(|r| send_refused(&q, status, r))?;
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(QuoteStatus::Sent.as_str().to_string());
        am.sent_at = Set(fieldquote_domain::device_time::format(at));
        am.sent_by = Set(who);
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        crate::opportunity::after_quote_sent(&w, &row, at).await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// A manager's decision on a quote's discounts, signed by `signer` with `comment` ([`decide`]): an
    /// approval makes a quote waiting for approval (or a draft that needs it, e.g. after the limit was
    /// lowered) `approved`, recording who, when, why and the request it answers; a refusal sends it back to
    /// draft for the rep to rework, the view's `approval` then saying `approved: false` with who refused and
    /// why in its comment, until the next edit.
    ///
    /// On a connected laptop only a manager of the team (not for their own quote) or an admin decides; the
    /// decision syncs like any edit. An empty signer is [`StoreError::Invalid`].
    pub async fn decide_approval(
        &self,
        id: Uuid,
        decision: Decision,
        signer: &str,
        comment: &str,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let input = DecisionInput::parse(signer, comment).map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        self.check_approver(&q, status).await?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        let request = self.request_seen(&w.txn, &q.id).await?;
        let record = decide(
            decision,
            status,
            priced.review.needs_approval,
            &input,
            &now_text(),
            &request,
        )
        .map_err(|reason| not_allowed(&q, status, reason))?;
        self.set_status(&w, q, record.status, Some(&record)).await?;
        w.commit().await?;
        self.get_quote(id).await
    }
}
