//! A believable demo data set: an industrial automation supplier in Shanghai, its catalog, its accounts
//! (Chinese and international) with their contacts and buying processes, and a quarter of a small team's
//! work: opportunities in every stage with their quotes, workstreams and needs, activities with next steps,
//! and feedback. Everything is written through the store's own use cases (and so through the outbox, as a
//! user's writes are), dated relative to the device's clock. Loading it twice changes nothing the second time:
//! each record is matched by its natural key (a SKU, an account's name, an opportunity's name on its account,
//! …) and made only when missing.

mod accounts;
mod activities;
mod catalog;
mod classes;
mod contacts;
mod feedback;
mod needs;
mod opportunities;
mod proposals;
mod quotes;
mod team;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use uuid::Uuid;

use fieldquote_domain::Currency;
use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};

use crate::{Origin, Store, StoreError};

/// What a demo load did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoReport {
    pub products: usize,
    pub customers_created: usize,
    pub quotes_created: usize,
    pub colleagues_created: usize,
    pub contacts_created: usize,
    pub buying_steps_created: usize,
    pub opportunities_created: usize,
    pub activities_created: usize,
    pub feedback_created: usize,
    pub proposals_created: usize,
}

/// The demo's days and times, relative to the device's clock when it loads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    now: DateTime<FixedOffset>,
}

impl Clock {
    pub fn new(now: DateTime<FixedOffset>) -> Self {
        Self { now }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// `days` from today (negative: in the past).
    pub fn day(&self, days: i64) -> NaiveDate {
        self.today() + Duration::days(days)
    }

    /// The day `days` from today as `YYYY-MM-DD`.
    pub fn date(&self, days: i64) -> String {
        self.day(days).to_string()
    }

    /// `hour:minute` on the day `days` from today, in the device's time zone; never later than now.
    pub fn at(&self, days: i64, hour: u32, minute: u32) -> DateTime<FixedOffset> {
        self.day(days)
            .and_hms_opt(hour, minute, 0)
            .and_then(|t| self.now.offset().from_local_datetime(&t).single())
            .map_or(self.now, |t| t.min(self.now))
    }
}

pub fn company() -> CompanyProfile {
    CompanyProfile {
        name: "华东智控科技有限公司 East China Smart Control Co., Ltd.".into(),
        address:
            "上海市浦东新区张江路 188 号 3 楼\n3F, 188 Zhangjiang Road, Pudong, Shanghai 201203"
                .into(),
        phone: "+86 21 5080 1234".into(),
        email: "sales@ecsmartcontrol.cn".into(),
        tax_id: "91310115MA1K4XYZ8Q".into(),
        currency: Currency::CNY,
        bank: BankDetails {
            bank_name: "中国工商银行 Industrial and Commercial Bank of China".into(),
            account_name: "华东智控科技有限公司".into(),
            account_number: "1001 2345 0900 0123 456".into(),
            branch: "上海张江支行 Shanghai Zhangjiang Sub-branch".into(),
            swift: "ICBKCNBJSHI".into(),
        },
    }
}

/// The demo laptop's "my contact details": the rep printed on its quotes.
pub fn my_contact() -> SellerContact {
    SellerContact {
        name: "李明 Li Ming".into(),
        title: "销售工程师 Sales Engineer".into(),
        phone: "+86 138 1650 2231".into(),
        email: "li.ming@ecsmartcontrol.cn".into(),
    }
}

/// Load the demo set into `store`, dated relative to the device's clock now. A device connected to a server
/// gets nothing (its data is the server's).
pub async fn load(store: &Store) -> Result<DemoReport, StoreError> {
    load_at(store, chrono::Local::now().fixed_offset()).await
}

/// Load the demo set as if the device's clock said `now`. Products are matched by SKU, accounts by name; a
/// demo quote of the first set is only created for a customer that has no quote yet; the quarter's records
/// are matched by their natural keys (see each module).
pub async fn load_at(store: &Store, now: DateTime<FixedOffset>) -> Result<DemoReport, StoreError> {
    let mut report = DemoReport::default();
    // A device connected to a server has the server's data (and may not change its catalog): no demo.
    if store.sync_state().await?.server_url.is_some() {
        return Ok(report);
    }
    if store.company().await?.is_none() {
        store.set_company(&company(), Origin::Demo).await?;
    }
    if store.my_contact().await?.is_empty() {
        store.set_my_contact(&my_contact()).await?;
    }
    catalog::load(store, &mut report).await?;
    accounts::load(store, &mut report).await?;
    quotes::load(store, &mut report).await?;
    let clock = Clock::new(now);
    let team = team::load(store, &mut report).await?;
    contacts::load(store, &clock, &mut report).await?;
    opportunities::load(store, &clock, &team, &mut report).await?;
    activities::load(store, &clock, &team, &mut report).await?;
    feedback::load(store, &clock, &mut report).await?;
    proposals::load(store, &clock, &mut report).await?;
    Ok(report)
}

/// The id of the live account named `name`, if there is one.
pub(crate) async fn account_id(store: &Store, name: &str) -> Result<Option<Uuid>, StoreError> {
    Ok(store.find_account_by_name(name).await?.map(|a| a.id))
}
