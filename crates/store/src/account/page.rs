//! The account page: everything about a client at once, read in one go.

use chrono::NaiveDate;
use uuid::Uuid;

use fieldquote_domain::account::AccountPage;
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::list::SortDir;
use fieldquote_domain::quote::{QuoteFilter, QuoteSort};
use fieldquote_domain::sync::EntityKind;

use super::{share::shares_of, to_account};
use crate::rows;
use crate::{Store, StoreError, activity, buying_process, contact, feedback, opportunity, quote};

impl Store {
    /// Everything about an account on `today`: its contacts (by name), opportunities (open first), quotes
    /// (newest first), activities (newest first), feedback (open first), its usual buying process and who it
    /// is shared with. Read in one transaction, so the parts agree with each other.
    pub async fn account_page(
        &self,
        id: Uuid,
        today: NaiveDate,
    ) -> Result<AccountPage, StoreError> {
        use sea_orm::TransactionTrait;
        let txn = self.db.begin().await?;
        let account = to_account(&rows::live(&txn, EntityKind::Customer, id).await?)?;
        let feedback = feedback::of_account(&txn, id).await?;
        let quotes = quote::quotes_page(
            &txn,
            &ListQuery {
                filter: QuoteFilter {
                    account_id: Some(id),
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
        let open_complaints = u32::try_from(feedback.iter().filter(|f| f.status.is_open()).count())
            .unwrap_or(u32::MAX);
        let page = AccountPage {
            contacts: contact::of_account(&txn, id).await?,
            opportunities: opportunity::of_account(&txn, id).await?,
            quotes,
            activities: activity::of_account(&txn, id).await?,
            open_complaints,
            feedback,
            buying_process: buying_process::process_of(&txn, id, None, today).await?,
            shared_with: shares_of(&txn, id).await?,
            account,
        };
        txn.commit().await?;
        Ok(page)
    }
}
