//! The opportunity page: the deal with everything around it, read in one go.

use chrono::{DateTime, FixedOffset};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use fieldquote_domain::list::{ListQuery, SortDir};
use fieldquote_domain::opportunity::{OpportunityPage, stage_history};
use fieldquote_domain::quote::{QuoteFilter, QuoteSort};
use fieldquote_domain::sync::EntityKind;

use super::member::members_of;
use super::stage::to_stage_change;
use super::{KIND, to_opportunity};
use crate::rows;
use crate::{Store, StoreError, activity, buying_process, needs, quote, workstream};

impl Store {
    /// Everything about an opportunity at device time `now`: its account's name, members, stage history
    /// (and the days spent per stage), workstreams as they stand today, needs and requirements, quotes,
    /// activities and the client's buying process for it.
    pub async fn opportunity_page(
        &self,
        id: Uuid,
        now: DateTime<FixedOffset>,
    ) -> Result<OpportunityPage, StoreError> {
        let today = now.date_naive();
        let txn = self.db.begin().await?;
        let row = rows::live(&txn, KIND, id).await?;
        let opportunity = to_opportunity(&row)?;
        let account_name = rows::load(&txn, EntityKind::Customer, opportunity.account_id)
            .await?
            .map(|a| a.text("name").to_string())
            .unwrap_or_default();
        let mut stage_changes = rows::children(
            &txn,
            EntityKind::StageChange,
            "opportunity_id",
            &id.to_string(),
            "a.id",
        )
        .await?
        .iter()
        .map(to_stage_change)
        .collect::<Result<Vec<_>, _>>()?;
        stage_changes.sort_by(|a, b| {
            let t = |s: &str| fieldquote_domain::device_time::parse(s);
            t(&a.at).cmp(&t(&b.at)).then(a.id.cmp(&b.id))
        });
        let quotes = quote::quotes_page(
            &txn,
            &ListQuery {
                filter: QuoteFilter {
                    opportunity_id: Some(id),
                    ..QuoteFilter::default()
                },
                sort: QuoteSort::Number,
                dir: SortDir::Desc,
                offset: 0,
                limit: 0,
            },
        )
        .await?
        .rows;
        let page = OpportunityPage {
            account_name,
            members: members_of(&txn, id).await?,
            stage_spans: stage_history(&stage_changes, now),
            stage_changes,
            workstreams: workstream::of_opportunity(&txn, id, today).await?,
            needs: needs::needs_of(&txn, id).await?,
            quotes,
            activities: activity::of_opportunity(&txn, id).await?,
            buying_process: buying_process::process_of(
                &txn,
                opportunity.account_id,
                Some(id),
                today,
            )
            .await?,
            opportunity,
        };
        txn.commit().await?;
        Ok(page)
    }
}
