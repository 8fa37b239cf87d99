//! The lifecycle: sending a quote, a manager's decision on its discounts, and the refusals with their reasons.

use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use fieldquote_domain::DomainError;
use fieldquote_domain::approval::DiscountReview;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::QuoteView;
use fieldquote_domain::validation::{self, MAX_NAME, MAX_TEXT};

use crate::entities::quote;
use crate::{Origin, Store, StoreError};

use super::parse_status;

/// A percentage for a sentence: `20`, `15.5`.
pub(super) fn percent_text(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

pub(super) fn status_words(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Draft => "a draft",
        QuoteStatus::PendingApproval => "waiting for approval",
        QuoteStatus::Approved => "approved",
        QuoteStatus::Sent => "sent",
        QuoteStatus::Accepted => "accepted",
        QuoteStatus::Rejected => "rejected",
        QuoteStatus::Expired => "expired",
        QuoteStatus::Superseded => "superseded by a newer revision",
    }
}

pub(crate) fn not_allowed(q: &quote::Model, status: QuoteStatus, reason: &str) -> StoreError {
    StoreError::NotAllowed {
        number: q.number.clone(),
        status: status_words(status),
        reason: reason.to_string(),
    }
}

pub(super) fn approval_required(q: &quote::Model, review: &DiscountReview) -> StoreError {
    StoreError::ApprovalRequired {
        number: q.number.clone(),
        max_discount: percent_text(review.max_line_discount),
        limit: percent_text(review.limit.value()),
    }
}

/// Who asks for approval and when, for a quote saved with this review: empty when it needs none.
pub(super) fn request_of(review: &DiscountReview, requester: &str) -> (String, String) {
    if review.needs_approval {
        (
            requester.to_string(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
    } else {
        (String::new(), String::new())
    }
}

/// The status a quote takes when its content is saved.
pub(super) fn status_after_edit(review: &DiscountReview) -> QuoteStatus {
    if review.needs_approval {
        QuoteStatus::PendingApproval
    } else {
        QuoteStatus::Draft
    }
}

impl Store {
    /// Write a new status (and approval columns) on a quote row, recorded in the outbox.
    pub(super) async fn set_status(
        &self,
        w: &crate::write::Write,
        q: quote::Model,
        status: QuoteStatus,
        approval: Option<(&str, &str, &str, &str)>,
    ) -> Result<quote::Model, StoreError> {
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(status.as_str().to_string());
        if let Some((by, at, comment, request)) = approval {
            am.approved_by = Set(by.to_string());
            am.approved_at = Set(at.to_string());
            am.approval_comment = Set(comment.to_string());
            am.approved_request = Set(request.to_string());
        }
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        Ok(row)
    }

    /// Send a quote: a draft within the discount limit, or an approved one. From then on it is frozen.
    ///
    /// A quote whose discounts need approval is [`StoreError::ApprovalRequired`] (naming its largest discount
    /// and the limit) until a manager approved it.
    pub async fn send_quote(&self, id: Uuid, origin: Origin) -> Result<QuoteView, StoreError> {
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        match status.check_transition(QuoteStatus::Sent, priced.review.needs_approval) {
            Ok(()) => {}
            Err(DomainError::ApprovalRequired) => {
                return Err(approval_required(&q, &priced.review));
            }
            Err(_) if status == QuoteStatus::PendingApproval => {
                return Err(approval_required(&q, &priced.review));
            }
            Err(_) => {
                return Err(not_allowed(
                    &q,
                    status,
                    "only a draft or an approved quote can be sent",
                ));
            }
        }
        self.set_status(&w, q, QuoteStatus::Sent, None).await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// A manager approves a quote's discounts: a quote waiting for approval (or a draft that needs it, e.g.
    /// after the limit was lowered) becomes `approved`, recording who, when and why.
    pub async fn approve_quote(
        &self,
        id: Uuid,
        approver: &str,
        comment: &str,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let (approver, comment) = approval_inputs(approver, comment)?;
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        self.check_approver(&q, status).await?;
        let priced = self.priced_stored(&w.txn, &q).await?;
        match status {
            QuoteStatus::PendingApproval => {}
            // A draft over the limit (the limit was lowered after it was saved) goes through
            // pending_approval on its way.
            QuoteStatus::Draft if priced.review.needs_approval => {}
            QuoteStatus::Draft => {
                return Err(not_allowed(
                    &q,
                    status,
                    "its discounts are within the limit, so it needs no approval",
                ));
            }
            _ => {
                return Err(not_allowed(
                    &q,
                    status,
                    "only a quote waiting for approval can be approved",
                ));
            }
        }
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let request = self.request_seen(&w.txn, &q.id).await?;
        self.set_status(
            &w,
            q,
            QuoteStatus::Approved,
            Some((&approver, &at, &comment, &request)),
        )
        .await?;
        w.commit().await?;
        self.get_quote(id).await
    }

    /// A manager refuses a quote's discounts: it goes back to draft for the rep to rework. The view's
    /// `approval` then says `approved: false` with who refused and why in its comment, until the next edit.
    pub async fn reject_approval(
        &self,
        id: Uuid,
        manager: &str,
        comment: &str,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let (manager, comment) = approval_inputs(manager, comment)?;
        let w = self.begin_write(origin).await?;
        let q = self.quote_row(&w.txn, id).await?;
        let status = parse_status(&q.status)?;
        if status != QuoteStatus::PendingApproval {
            return Err(not_allowed(
                &q,
                status,
                "only a quote waiting for approval can be refused",
            ));
        }
        self.check_approver(&q, status).await?;
        status.check_transition(QuoteStatus::Draft, true)?;
        let comment = if comment.is_empty() {
            format!("Refused by {manager}")
        } else {
            format!("Refused by {manager}: {comment}")
        };
        self.set_status(&w, q, QuoteStatus::Draft, Some(("", "", &comment, "")))
            .await?;
        w.commit().await?;
        self.get_quote(id).await
    }
}

/// A manager's name (required) and comment, validated.
pub(super) fn approval_inputs(name: &str, comment: &str) -> Result<(String, String), StoreError> {
    let mut errors = Vec::new();
    let name = validation::text("approved_by", name, MAX_NAME, true).map_err(|e| errors.push(e));
    let comment =
        validation::text("approval_comment", comment, MAX_TEXT, false).map_err(|e| errors.push(e));
    match (name, comment) {
        (Ok(n), Ok(c)) => Ok((n, c)),
        _ => Err(StoreError::Invalid(errors)),
    }
}
