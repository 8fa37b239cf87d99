//! Quotes and their opportunity: a quote made for an opportunity, a sent quote moving an early opportunity
//! to `quoted`, and the client's answer (accepted or rejected) recorded with when and by whom and moving the
//! opportunity (see `domain::opportunity::mark_quote`).

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use uuid::Uuid;

use fieldquote_domain::opportunity::{
    QuoteFact, QuoteOutcome, StageMove, mark_quote, move_stage, stage_after_quote_sent,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteStatus, QuoteView};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::{FieldError, FieldErrorKind, device_time};

use super::{KIND, apply_stage_outcome, quote_facts, stage_of};
use crate::entities::quote;
use crate::query::parse_id;
use crate::rows;
use crate::write::Write;
use crate::{Origin, Store, StoreError};

/// After `q` was sent in `w`: its opportunity, if still at needs identified or solution design, moves to
/// quoted (by this device's user, at device time `at`).
pub(crate) async fn after_quote_sent(
    w: &Write,
    q: &quote::Model,
    at: DateTime<FixedOffset>,
) -> Result<(), StoreError> {
    let Ok(opportunity_id) = q.opportunity_id.parse::<Uuid>() else {
        return Ok(());
    };
    let Some(opp) = rows::load(&w.txn, KIND, opportunity_id)
        .await?
        .filter(|r| !r.is_deleted())
    else {
        return Ok(());
    };
    let Some(to) = stage_after_quote_sent(stage_of(&opp)) else {
        return Ok(());
    };
    let quotes = quote_facts(&w.txn, opportunity_id).await?;
    let out = move_stage(
        stage_of(&opp),
        &quotes,
        &StageMove {
            reason: format!("{} sent", q.number),
            ..StageMove::to(to)
        },
        parse_id(&w.owner_id)?,
        at,
    )?;
    apply_stage_outcome(w, &opp, &out).await?;
    Ok(())
}

impl Store {
    /// Save a draft as a quote of an opportunity (the rep quotes from the opportunity). The quote is for the
    /// opportunity's account: a draft without an account gets it, one for another account is refused
    /// (`customer_id`). Otherwise as [`Store::save_quote`].
    pub async fn save_quote_for_opportunity(
        &self,
        opportunity_id: Uuid,
        draft: &QuoteDraft,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let opp = rows::live(&self.db, KIND, opportunity_id).await?;
        let account = opp.req_id("account_id")?;
        let mut draft = draft.clone();
        match draft.customer_id {
            None => draft.customer_id = Some(account),
            Some(c) if c == account => {}
            Some(_) => {
                return Err(StoreError::Invalid(vec![FieldError::new(
                    "customer_id",
                    FieldErrorKind::NotOneOf {
                        allowed: account.to_string(),
                    },
                )]));
            }
        }
        self.save_quote_in(&draft, origin, &HashSet::new(), Some(opportunity_id))
            .await
    }

    /// The client accepted or rejected a sent quote: its status, when (device time `at`) and by whom (the
    /// signed-in user's name) are recorded, and its opportunity moves — won with it when accepted, from
    /// quoted to negotiation when rejected — in the same transaction.
    pub async fn mark_quote_outcome(
        &self,
        quote_id: Uuid,
        outcome: QuoteOutcome,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<QuoteView, StoreError> {
        let who = self.decider_name().await?;
        let w = self.begin_write(origin).await?;
        self.mark_quote_outcome_in(&w, quote_id, outcome, at, &who)
            .await?;
        w.commit().await?;
        self.get_quote(quote_id).await
    }

    /// Who records a client's answer: the signed-in account's name, else nobody named.
    pub(crate) async fn decider_name(&self) -> Result<String, StoreError> {
        Ok(self
            .signed_in_user()
            .await?
            .map(|u| u.display_name().to_string())
            .unwrap_or_default())
    }

    /// [`Store::mark_quote_outcome`] inside the write `w` (by `who`), with the rest of a larger step.
    pub(crate) async fn mark_quote_outcome_in(
        &self,
        w: &Write,
        quote_id: Uuid,
        outcome: QuoteOutcome,
        at: DateTime<FixedOffset>,
        who: &str,
    ) -> Result<(), StoreError> {
        let q = self.quote_row(&w.txn, quote_id).await?;
        let status = QuoteStatus::parse(&q.status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown quote status {:?}", q.status)))?;
        let opp = match q.opportunity_id.parse::<Uuid>() {
            Ok(id) => rows::load(&w.txn, EntityKind::Opportunity, id)
                .await?
                .filter(|r| !r.is_deleted()),
            Err(_) => None,
        };
        let quotes = match &opp {
            Some(o) => quote_facts(&w.txn, o.id()?).await?,
            None => Vec::new(),
        };
        let effect = mark_quote(
            QuoteFact {
                id: quote_id,
                status,
            },
            outcome,
            opp.as_ref()
                .map(|o| (stage_of(o), o.opt_id("won_quote_id"), quotes.as_slice())),
            parse_id(&w.owner_id)?,
            at,
        )?;
        let before = q.clone();
        let mut am = q.into_active_model();
        am.status = Set(effect.status.as_str().to_string());
        let when = device_time::format(at);
        match outcome {
            QuoteOutcome::Accepted => {
                am.accepted_at = Set(when);
                am.accepted_by = Set(who.to_string());
            }
            QuoteOutcome::Rejected => {
                am.rejected_at = Set(when);
                am.rejected_by = Set(who.to_string());
            }
        }
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("quote", &row.id, "upsert", Some(&before), &row)
            .await?;
        if let (Some(opp), Some(stage)) = (&opp, &effect.stage) {
            apply_stage_outcome(w, opp, stage).await?;
        }
        Ok(())
    }
}
