//! Saving a draft: one transaction that writes what changed, decides approval again and records the outbox.

use std::collections::{HashMap, HashSet};

use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TryIntoModel};
use uuid::Uuid;

use fieldquote_domain::Refusal;
use fieldquote_domain::approval::ApprovalRequest;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::price_list::PriceSource;
use fieldquote_domain::pricing::{LineKind, PricingLine};
use fieldquote_domain::quote::{QuoteDraft, QuoteView, status_after_edit};
use fieldquote_domain::{FieldError, FieldErrorKind};

use crate::entities::{quote, quote_line};
use crate::query::parse_id;
use crate::{Origin, Store, StoreError};

use super::assemble::{Header, assemble, new_header};
use super::codec::{encode_discount, line_fields, stored_header};
use super::lifecycle::now_text;
use super::{index_lines, parse_status, quote_date, today};

impl Store {
    /// Save a draft (new or existing) in one transaction. Invalid input writes nothing.
    ///
    /// The saved quote is a `draft`, or `pending_approval` when its discounts exceed the limit. A quote waiting
    /// for or holding approval that is edited loses the approval and is decided again; a sent quote is
    /// [`Refusal::Frozen`].
    pub async fn save_quote(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        self.save_quote_repricing(draft, origin, &HashSet::new())
            .await
    }

    /// [`Self::save_quote`], pricing the saved lines in `reprice` again from the current price lists.
    pub(super) async fn save_quote_repricing(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
        reprice: &HashSet<Uuid>,
    ) -> Result<QuoteView, StoreError> {
        self.save_quote_in(draft, origin, reprice, None).await
    }

    /// [`Self::save_quote_repricing`], making the quote one of `opportunity`'s when given (checked by the
    /// caller: a live opportunity of the quote's account).
    pub(crate) async fn save_quote_in(
        &self,
        draft: &QuoteDraft,
        origin: Origin,
        reprice: &HashSet<Uuid>,
        opportunity: Option<Uuid>,
    ) -> Result<QuoteView, StoreError> {
        let company_currency = self.company_or_default().await?.currency;
        let limit = self.discount_limit().await?;
        let requester = self.requester().await?;
        let w = self.begin_write(origin).await?;
        let (mut header, existing_row, existing) = match draft.id {
            Some(id) => {
                let q = self.quote_row(&w.txn, id).await?;
                let status = parse_status(&q.status)?;
                if !status.content_may_change() {
                    return Err(Refusal::Frozen { number: q.number }.into());
                }
                let lines = self.line_rows(&w.txn, &q.id).await?;
                (stored_header(&q)?, Some(q), index_lines(lines)?)
            }
            None => (new_header(company_currency), None, HashMap::new()),
        };
        let resolved = self
            .resolve(
                &w.txn,
                draft,
                header.currency,
                quote_date(&header),
                &existing,
                reprice,
            )
            .await?;
        let customer_id = resolved.customer.as_ref().map(|c| c.id.to_string());
        #[allow(clippy::type_complexity)]
        let sources: Vec<(
            Option<Uuid>,
            Uuid,
            String,
            String,
            String,
            PricingLine,
            PriceSource,
        )> = resolved
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
                    l.pricing,
                    l.source,
                )
            })
            .collect();
        let quote_discount = resolved.quote_discount;
        let priced = {
            let h = Header {
                id: header.id,
                number: header.number.clone(),
                status: header.status,
                currency: header.currency,
                issue_date: header.issue_date.clone(),
                valid_until: header.valid_until.clone(),
                revision: header.revision,
                revises_id: header.revises_id,
                revises_number: None,
                approval: None,
            };
            assemble(h, resolved, limit, today())?
        };
        if !priced.view.errors.is_empty() {
            return Err(StoreError::Invalid(priced.view.errors));
        }
        let customer_id = customer_id.ok_or_else(|| {
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
        let view = &priced.view;
        let totals = &priced.totals;

        // Lines first as plans (what each row becomes), so the header knows whether the content changed.
        let mut plans: Vec<(Option<&quote_line::Model>, quote_line::ActiveModel)> = Vec::new();
        let mut kept = HashSet::new();
        let mut row_ids: Vec<String> = Vec::new();
        for (position, ((line_id, product_id, sku, description, unit, input, source), amounts)) in
            sources
                .into_iter()
                .zip(priced.lines.iter().flatten())
                .enumerate()
        {
            let before = line_id.and_then(|id| existing.get(&id));
            let mut am = match before {
                Some(m) => {
                    kept.insert(m.id.clone());
                    m.clone().into_active_model()
                }
                None => quote_line::ActiveModel {
                    id: Set(Uuid::now_v7().to_string()),
                    quote_id: Set(quote_id.clone()),
                    product_id: Set(product_id.to_string()),
                    sku: Set(sku),
                    description: Set(description),
                    unit: Set(unit),
                    tax_rate: Set(input.tax_rate.to_string()),
                    kind: Set("item".into()),
                    parent_id: Set(String::new()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                    updated_at: Set(w.hlc.clone()),
                    ..Default::default()
                },
            };
            line_fields(&mut am, position, &input, source, amounts);
            // A component names its bundle line's row, which comes before it.
            am.parent_id = Set(match input.kind {
                LineKind::Component { parent } => row_ids.get(parent).cloned().unwrap_or_default(),
                _ => String::new(),
            });
            row_ids.push(match &am.id {
                sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id.clone(),
                sea_orm::ActiveValue::NotSet => String::new(),
            });
            plans.push((before, am));
        }
        let dropped: Vec<&quote_line::Model> = existing
            .values()
            .filter(|m| !kept.contains(&m.id))
            .collect();
        let mut lines_changed = !dropped.is_empty();
        for (before, am) in &plans {
            lines_changed |= match before {
                Some(m) => am.clone().try_into_model()? != **m,
                None => true,
            };
        }

        // A save of content asks for approval when its discounts need it (see `status_after_edit`).
        let request = ApprovalRequest::on_save(&priced.review, &requester, &now_text());
        let valid_until = view.valid_until.clone();
        let before = existing_row.clone();
        let row = match existing_row {
            Some(q) => {
                let mut am = q.clone().into_active_model();
                am.customer_id = Set(customer_id);
                if let Some(o) = opportunity {
                    am.opportunity_id = Set(o.to_string());
                }
                am.notes = Set(view.notes.clone());
                am.payment_terms = Set(view.payment_terms.clone());
                am.delivery_terms = Set(view.delivery_terms.clone());
                am.pdf_lang = Set(PdfLanguage::choice_code(view.pdf_lang).into());
                am.valid_until = Set(valid_until);
                am.quote_discount = Set(encode_discount(quote_discount));
                am.subtotal_minor = Set(totals.subtotal.minor());
                am.tax_minor = Set(totals.tax.minor());
                am.total_minor = Set(totals.total.minor());
                // The PDF's language is how the quote is printed, not what was approved.
                let mut content = am.clone();
                content.pdf_lang = Set(q.pdf_lang.clone());
                let changed = lines_changed || content.try_into_model()? != q;
                if changed {
                    // Edited content is decided again; an approval (or refusal) was for the old content.
                    am.status = Set(status_after_edit(&priced.review).as_str().to_string());
                    am.approved_by = Set(String::new());
                    am.approved_at = Set(String::new());
                    am.approval_comment = Set(String::new());
                    am.approved_request = Set(String::new());
                    am.approval_requested_by = Set(request.requested_by.clone());
                    am.approval_requested_at = Set(request.requested_at.clone());
                }
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
                    number: Set(header.number.clone().unwrap_or_default()),
                    customer_id: Set(customer_id),
                    status: Set(status_after_edit(&priced.review).as_str().to_string()),
                    currency: Set(header.currency.to_string()),
                    issue_date: Set(header.issue_date.clone()),
                    valid_until: Set(valid_until),
                    notes: Set(view.notes.clone()),
                    payment_terms: Set(view.payment_terms.clone()),
                    delivery_terms: Set(view.delivery_terms.clone()),
                    pdf_lang: Set(PdfLanguage::choice_code(view.pdf_lang).into()),
                    revision: Set(0),
                    revises_id: Set(String::new()),
                    quote_discount: Set(encode_discount(quote_discount)),
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
                    opportunity_id: Set(opportunity.map(|o| o.to_string()).unwrap_or_default()),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        w.record("quote", &row.id, "upsert", before.as_ref(), &row)
            .await?;

        for (before, mut am) in plans {
            let saved = match before {
                Some(m) if am.clone().try_into_model()? == *m => m.clone(),
                Some(_) => {
                    am.updated_at = Set(w.hlc.clone());
                    am.update(&w.txn).await?
                }
                None => am.insert(&w.txn).await?,
            };
            w.record("quote_line", &saved.id, "upsert", before, &saved)
                .await?;
        }
        for m in dropped {
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
}
