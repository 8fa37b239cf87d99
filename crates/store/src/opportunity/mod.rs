//! Opportunities: create (with its opening stage record), edit, delete, read, the pipeline as a query;
//! stage changes through the domain's rule (`stage`), members (`member`), a sent quote accepted or rejected
//! and quotes made for an opportunity (`outcome`), and the opportunity page (`page`).

mod member;
mod outcome;
mod page;
mod stage;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use uuid::Uuid;

use fieldquote_domain::format;
use fieldquote_domain::list::{ListQuery, Page};
use fieldquote_domain::money::{Currency, Money};
use fieldquote_domain::opportunity::{
    LostReason, Opportunity, OpportunityFilter, OpportunityInput, OpportunityRow, OpportunitySort,
    Stage, ValidOpportunity, opening_change,
};
use fieldquote_domain::sync::EntityKind;

use crate::paging::{Where, dir, page};
use crate::query::parse_id;
use crate::rows::{self, Fields, Row, id_text};
use crate::{Origin, Store, StoreError};

pub(crate) use outcome::after_quote_sent;
pub(crate) use stage::{apply_stage_outcome, quote_facts};

const KIND: EntityKind = EntityKind::Opportunity;

/// The stage a stored word says (an empty or unknown word: needs identified).
pub(crate) fn stage_of(r: &Row) -> Stage {
    Stage::parse(r.text("stage")).unwrap_or(Stage::NeedsIdentified)
}

fn currency_of(r: &Row) -> Result<Currency, StoreError> {
    r.text("currency").parse().map_err(|()| {
        StoreError::Corrupt(format!(
            "opportunity {} has an unknown currency {:?}",
            r.text("id"),
            r.text("currency")
        ))
    })
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

pub(crate) fn to_opportunity(r: &Row) -> Result<Opportunity, StoreError> {
    let currency = currency_of(r)?;
    let value = money(r.int("expected_value_minor"), currency);
    let probability = u8::try_from(r.int("probability").clamp(0, 100)).unwrap_or(0);
    let weighted = Money::from_decimal_rounded(
        value.to_decimal() * Decimal::from(probability) / Decimal::ONE_HUNDRED,
        currency,
    )?;
    Ok(Opportunity {
        id: r.id()?,
        account_id: r.req_id("account_id")?,
        name: r.text("name").into(),
        expected_value: value.amount_string(),
        expected_value_minor: value.minor(),
        currency: currency.code().into(),
        weighted_value: weighted.amount_string(),
        expected_value_shown: format::money(value),
        weighted_value_shown: format::money(weighted),
        expected_close: r.text("expected_close").into(),
        probability,
        stage: stage_of(r),
        lost_reason: LostReason::parse(r.text("lost_reason")),
        competitor: r.text("competitor").into(),
        won_quote_id: r.opt_id("won_quote_id"),
        notes: r.text("notes").into(),
        owner_id: r.owner_id()?,
        updated_at: r.updated_at(),
    })
}

/// The columns an input writes (not the stage: that changes by the stage rule only).
fn input_fields(v: &ValidOpportunity) -> Fields {
    let mut f = rows::fields([
        ("account_id", id_text(Some(v.account_id))),
        ("name", v.name.clone().into()),
        ("expected_value_minor", v.expected_value.minor().into()),
        ("currency", v.currency().code().into()),
        (
            "expected_close",
            v.expected_close
                .map(|d| d.to_string())
                .unwrap_or_default()
                .into(),
        ),
        ("notes", v.notes.clone().into()),
    ]);
    if let Some(p) = v.probability {
        f.insert("probability".into(), i64::from(p).into());
    }
    f
}

/// The live opportunities of an account: open ones first, then by name.
pub(crate) async fn of_account(
    conn: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
) -> Result<Vec<Opportunity>, StoreError> {
    rows::children(
        conn,
        KIND,
        "account_id",
        &account_id.to_string(),
        "CASE WHEN a.stage IN ('won', 'lost') THEN 1 ELSE 0 END, a.sort_key, a.name, a.id",
    )
    .await?
    .iter()
    .map(to_opportunity)
    .collect()
}

const LIST_COLUMNS: &str = "a.id, a.account_id, c.name, a.name, a.stage, a.expected_value_minor, a.currency, \
    a.expected_close, a.probability, a.owner_id, a.updated_at";

fn list_row(r: &sea_orm::QueryResult) -> Result<OpportunityRow, StoreError> {
    let text = |i| r.try_get_by_index::<String>(i);
    let currency: Currency = text(6)?
        .parse()
        .map_err(|()| StoreError::Corrupt("an opportunity has an unknown currency".into()))?;
    let value = money(r.try_get_by_index::<i64>(5)?, currency);
    Ok(OpportunityRow {
        id: parse_id(&text(0)?)?,
        account_id: parse_id(&text(1)?)?,
        account_name: text(2)?,
        name: text(3)?,
        stage: Stage::parse(&text(4)?).unwrap_or(Stage::NeedsIdentified),
        expected_value: value.amount_string(),
        expected_value_shown: format::money(value),
        currency: currency.code().into(),
        expected_close: text(7)?,
        probability: u8::try_from(r.try_get_by_index::<i64>(8)?.clamp(0, 100)).unwrap_or(0),
        owner_id: parse_id(&text(9)?)?,
        updated_at: text(10)?,
    })
}

impl Store {
    /// Create an opportunity on a live account, at its opening stage (needs identified unless the input says
    /// another open stage), with the stage's default probability unless one is given, and the opening stage
    /// record (who, device time `at`).
    pub async fn create_opportunity(
        &self,
        input: &OpportunityInput,
        at: DateTime<FixedOffset>,
        origin: Origin,
    ) -> Result<Opportunity, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        rows::live(&w.txn, EntityKind::Customer, v.account_id).await?;
        let mut f = input_fields(&v);
        f.insert("stage".into(), v.stage.as_str().into());
        f.insert(
            "probability".into(),
            i64::from(v.probability.unwrap_or(v.stage.default_probability())).into(),
        );
        let id = Uuid::now_v7();
        let row = w.insert_row(KIND, id, f).await?;
        let by = parse_id(&w.owner_id)?;
        stage::record_change(&w, id, &opening_change(v.stage, by, at)).await?;
        w.commit().await?;
        to_opportunity(&row)
    }

    /// Change an opportunity's name, value, currency, expected close, probability and notes (its stage
    /// changes with [`Store::move_opportunity_stage`]). Moving it to another account is allowed (a live one).
    pub async fn update_opportunity(
        &self,
        id: Uuid,
        input: &OpportunityInput,
        origin: Origin,
    ) -> Result<Opportunity, StoreError> {
        let v = input.validate().map_err(StoreError::Invalid)?;
        let w = self.begin_write(origin).await?;
        let before = rows::live(&w.txn, KIND, id).await?;
        rows::live(&w.txn, EntityKind::Customer, v.account_id).await?;
        let row = w.update_row(&before, input_fields(&v)).await?;
        w.commit().await?;
        to_opportunity(&row)
    }

    /// Delete an opportunity (a tombstone that syncs). Its quotes stay, no longer part of it in lists.
    pub async fn delete_opportunity(&self, id: Uuid, origin: Origin) -> Result<(), StoreError> {
        self.delete_live(KIND, id, origin).await
    }

    pub async fn get_opportunity(&self, id: Uuid) -> Result<Opportunity, StoreError> {
        to_opportunity(&rows::live(&self.db, KIND, id).await?)
    }

    /// One window of the pipeline (opportunities of live accounts), with the count of every opportunity the
    /// filter keeps.
    pub async fn list_opportunities(
        &self,
        q: &ListQuery<OpportunityFilter, OpportunitySort>,
    ) -> Result<Page<OpportunityRow>, StoreError> {
        let f = &q.filter;
        let mut w = Where::new();
        w.and("a.deleted_at IS NULL AND c.deleted_at IS NULL", vec![])
            .contains(&["a.name", "c.name"], &f.text)
            .eq_opt("a.account_id", f.account_id.map(|u| u.to_string()))
            .eq_opt("a.owner_id", f.owner_id.map(|u| u.to_string()))
            .eq_opt("a.stage", f.stage.map(|s| s.as_str().to_string()))
            .eq_text("c.industry", &f.industry)
            .day_range("a.expected_close", &f.close_from, &f.close_to);
        if f.open_only {
            w.and("a.stage NOT IN ('won', 'lost')", vec![]);
        }
        let d = dir(q.dir);
        let stage_order = "CASE a.stage WHEN 'needs_identified' THEN 0 WHEN 'solution_design' THEN 1 \
            WHEN 'quoted' THEN 2 WHEN 'negotiation' THEN 3 WHEN 'won' THEN 4 WHEN 'lost' THEN 5 ELSE 0 END";
        let order = match q.sort {
            OpportunitySort::Name => format!("a.sort_key {d}, a.name {d}"),
            OpportunitySort::Account => format!("c.sort_key {d}, c.name {d}, a.sort_key"),
            OpportunitySort::Stage => format!("{stage_order} {d}, a.sort_key"),
            OpportunitySort::ExpectedValue => {
                format!("a.currency, a.expected_value_minor {d}, a.sort_key")
            }
            OpportunitySort::ExpectedClose => {
                format!("a.expected_close = '', a.expected_close {d}, a.sort_key")
            }
            OpportunitySort::Probability => format!("a.probability {d}, a.sort_key"),
            OpportunitySort::UpdatedAt => format!("a.updated_at {d}"),
        };
        page(
            &self.db,
            LIST_COLUMNS,
            "opportunity a JOIN customer c ON c.id = a.account_id",
            &w,
            &format!("{order}, a.id"),
            q.offset,
            q.window(),
            list_row,
        )
        .await
    }
}
