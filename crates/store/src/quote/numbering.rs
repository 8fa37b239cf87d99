//! Quote numbers, allocated inside the write transaction so two processes never share one.

use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};

use fieldquote_domain::numbering::{QuoteNumber, quote_number};

use crate::entities::quote;
use crate::query::like;
use crate::{Store, StoreError};

impl Store {
    /// Allocate the next quote number inside the write transaction: the write lock makes it race-free across
    /// processes, and the device's prefix (once registered) makes it unique across the team.
    pub(super) async fn next_quote_number(
        &self,
        w: &crate::write::Write,
    ) -> Result<String, StoreError> {
        use chrono::Datelike;
        let year = chrono::Local::now().year();
        let row = w
            .txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO quote_sequence (year, last) VALUES (?, 1) \
                 ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                [year.into()],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("quote sequence returned nothing".into()))?;
        let last: i64 = row.try_get_by_index(0)?;
        let seq = u32::try_from(last)
            .map_err(|_| StoreError::Corrupt("quote sequence overflow".into()))?;
        Ok(quote_number(year, w.device.quote_prefix.as_deref(), seq))
    }

    /// The next revision's number of `number`, inside the write transaction: one past the highest revision
    /// of the same quote this database holds, so two revisions never share a number even when two processes
    /// revise at once (the write lock orders them).
    pub(super) async fn next_revision_number(
        &self,
        w: &crate::write::Write,
        number: &str,
    ) -> Result<(String, u32), StoreError> {
        let parsed = QuoteNumber::parse(number).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "{number:?} is not a quote number: it cannot be revised"
            ))
        })?;
        let base = parsed.base().to_string();
        let rows = quote::Entity::find()
            .select_only()
            .column(quote::Column::Number)
            .filter(
                Condition::any()
                    .add(quote::Column::Number.eq(base.as_str()))
                    .add(like(quote::Column::Number, &format!("{base}-R%"))),
            )
            .into_tuple::<String>()
            .all(&w.txn)
            .await?;
        let highest = rows
            .iter()
            .filter_map(|n| QuoteNumber::parse(n))
            .filter(|n| n.base() == parsed.base())
            .map(|n| n.revision)
            .max()
            .unwrap_or(0);
        let highest = Ord::max(highest, parsed.revision);
        let next = highest
            .checked_add(1)
            .ok_or_else(|| StoreError::Corrupt(format!("{number} has too many revisions")))?;
        Ok((parsed.with_revision(next).to_string(), next))
    }
}
