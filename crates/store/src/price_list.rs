//! Price lists: import and export (CSV, see [`fieldquote_domain::import::parse_price_lists`]), listing,
//! assignment to customers, and the exchange rates set on this device.
//!
//! A list is named; importing a list whose name exists replaces that list's prices (a tier whose price did
//! not change keeps its row, a tier no longer in the file is removed) and bumps its version once, if anything
//! changed. Lines keep the version they were priced with, so a re-import can show what would change
//! ([`Store::repricing`]). Like the catalog, price lists are edited here only while the device is not
//! connected to a server; then they are the server's (`fieldquote-server import pricelist`).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use fieldquote_domain::import::{
    PriceListEntryRow, PriceListFile, PriceListImportReport, PriceListRows,
};
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::money::ExchangeRateView;
use fieldquote_domain::price_list::PriceListSummary;
use fieldquote_domain::price_list::{PriceList, Tier};
use fieldquote_domain::refusal::{Record, ServerData};
use fieldquote_domain::{Currency, Money};

use crate::catalog::ensure_local;
use crate::entities::{customer, exchange_rate, price_list, price_list_entry, product};
use crate::query::parse_id;
use crate::write::Write;
use crate::{Origin, Store, StoreError};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} is invalid: {value:?}"))
}

fn parse_day(raw: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| corrupt("date", raw))
}

fn parse_currency(raw: &str) -> Result<Currency, StoreError> {
    raw.parse().map_err(|()| corrupt("currency", raw))
}

fn parse_min_qty(raw: &str) -> Result<Decimal, StoreError> {
    raw.parse::<Decimal>()
        .map(|d| d.normalize())
        .map_err(|_| corrupt("minimum quantity", raw))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn version_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Live lists, by name.
async fn live_lists(conn: &impl ConnectionTrait) -> Result<Vec<price_list::Model>, StoreError> {
    Ok(price_list::Entity::find()
        .filter(price_list::Column::DeletedAt.is_null())
        .order_by_asc(price_list::Column::Name)
        .order_by_asc(price_list::Column::Id)
        .all(conn)
        .await?)
}

/// A list with its entries for `products` only (all entries when `None`), as the domain prices with it.
pub(crate) async fn load_price_list(
    conn: &impl ConnectionTrait,
    m: &price_list::Model,
    products: Option<&[Uuid]>,
) -> Result<PriceList, StoreError> {
    let currency = parse_currency(&m.currency)?;
    let mut q = price_list_entry::Entity::find()
        .filter(price_list_entry::Column::PriceListId.eq(m.id.as_str()))
        .filter(price_list_entry::Column::DeletedAt.is_null());
    if let Some(products) = products {
        q = q.filter(
            price_list_entry::Column::ProductId.is_in(products.iter().map(ToString::to_string)),
        );
    }
    let mut entries: BTreeMap<Uuid, Vec<Tier>> = BTreeMap::new();
    for e in q.all(conn).await? {
        entries
            .entry(parse_id(&e.product_id)?)
            .or_default()
            .push(Tier {
                min_qty: parse_min_qty(&e.min_qty)?,
                unit_price: Money::from_minor(e.unit_price_minor, currency),
            });
    }
    Ok(PriceList {
        id: parse_id(&m.id)?,
        name: m.name.clone(),
        version: version_u32(m.version),
        currency,
        tax_inclusive: m.tax_inclusive != 0,
        valid_from: parse_day(&m.valid_from)?,
        valid_until: match m.valid_until.as_str() {
            "" => None,
            d => Some(parse_day(d)?),
        },
        entries,
    })
}

/// A live list by id.
pub(crate) async fn list_row(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<price_list::Model>, StoreError> {
    if id.is_empty() {
        return Ok(None);
    }
    Ok(price_list::Entity::find_by_id(id.to_string())
        .filter(price_list::Column::DeletedAt.is_null())
        .one(conn)
        .await?)
}

/// The company's default list: the live list marked default (the most recently changed, should several be).
pub(crate) async fn default_list_row(
    conn: &impl ConnectionTrait,
) -> Result<Option<price_list::Model>, StoreError> {
    Ok(price_list::Entity::find()
        .filter(price_list::Column::DeletedAt.is_null())
        .filter(price_list::Column::IsDefault.eq(1))
        .order_by_desc(price_list::Column::UpdatedAt)
        .one(conn)
        .await?)
}

/// Names of every list this device has (also removed ones, which old lines may name), by id.
pub(crate) async fn list_names(
    conn: &impl ConnectionTrait,
) -> Result<HashMap<String, String>, StoreError> {
    Ok(price_list::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

/// The rate set on this device for `from` → `to`, if any.
pub(crate) async fn exchange_rate_for(
    conn: &impl ConnectionTrait,
    from: Currency,
    to: Currency,
) -> Result<Option<ExchangeRate>, StoreError> {
    let row = exchange_rate::Entity::find_by_id((from.to_string(), to.to_string()))
        .one(conn)
        .await?;
    row.map(|r| {
        ExchangeRate::parse("exchange_rate", from, to, &r.rate)
            .map_err(|_| corrupt("exchange rate", &r.rate))
    })
    .transpose()
}

impl Store {
    /// Import checked price lists (see [`fieldquote_domain::import::parse_price_lists`]) in one transaction.
    ///
    /// Every SKU must name a product of the catalog; unknown ones are [`StoreError::InvalidRows`] at their
    /// row and the `sku` column, and nothing is written. A list whose name exists gets the file's prices
    /// (unchanged tiers keep their rows, missing ones are removed) and its version goes up by one if
    /// anything changed; other lists are created at version 1. A list marked default in the file makes the
    /// other lists not default. Refused, writing nothing, once the device is connected to a server.
    pub async fn import_price_lists(
        &self,
        file: &PriceListFile,
        origin: Origin,
    ) -> Result<PriceListImportReport, StoreError> {
        self.import_price_lists_reporting(file, origin, &|_| {})
            .await
    }

    /// [`Store::import_price_lists`], telling `written` how many prices (tiers) it has written so far, after
    /// each list (for a progress bar; nothing is visible to others before the commit).
    pub async fn import_price_lists_reporting(
        &self,
        file: &PriceListFile,
        origin: Origin,
        written: &(dyn Fn(usize) + Sync),
    ) -> Result<PriceListImportReport, StoreError> {
        let w = self.begin_write(origin).await?;
        ensure_local(&w, ServerData::PriceLists).await?;
        let products: HashMap<String, String> = product::Entity::find()
            .filter(product::Column::DeletedAt.is_null())
            .all(&w.txn)
            .await?
            .into_iter()
            .map(|p| (p.sku, p.id))
            .collect();
        let problems = file.unknown_skus(|sku| products.contains_key(sku));
        if !problems.is_empty() {
            return Err(StoreError::InvalidRows(problems));
        }
        let mut report = PriceListImportReport {
            lists: file.lists.len(),
            entries: file.entry_count(),
            ..Default::default()
        };
        let existing = live_lists(&w.txn).await?;
        let mut by_name: HashMap<&str, &price_list::Model> = HashMap::new();
        for m in &existing {
            // Should two live lists share a name (pulled from two sources), the latest is the one meant.
            if by_name
                .get(m.name.as_str())
                .is_none_or(|o| o.updated_at < m.updated_at)
            {
                by_name.insert(&m.name, m);
            }
        }
        let mut done = 0;
        for list in &file.lists {
            if done > 0 {
                written(done);
            }
            done += list.entries.len();
            match by_name.get(list.name.as_str()) {
                Some(m) => {
                    if write_list(&w, Some(m), list, &products).await? {
                        report.updated += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
                None => {
                    write_list(&w, None, list, &products).await?;
                    report.created += 1;
                }
            }
        }
        if let Some(default) = file.lists.iter().find(|l| l.is_default) {
            for m in existing
                .iter()
                .filter(|m| m.is_default != 0 && m.name != default.name)
            {
                let before = m.clone();
                let mut am = m.clone().into_active_model();
                am.is_default = Set(0);
                am.version = Set(m.version + 1);
                am.updated_at = Set(w.hlc.clone());
                let row = am.update(&w.txn).await?;
                w.record("price_list", &row.id, "upsert", Some(&before), &row)
                    .await?;
            }
        }
        w.commit().await?;
        Ok(report)
    }

    /// Every live list with its prices, in the import format's shape (SKUs, not product ids).
    pub async fn export_price_lists(&self) -> Result<Vec<PriceListRows>, StoreError> {
        let skus: HashMap<String, String> = product::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.sku))
            .collect();
        let mut out = Vec::new();
        for m in live_lists(&self.db).await? {
            let list = load_price_list(&self.db, &m, None).await?;
            let mut entries = Vec::new();
            for (product, tiers) in &list.entries {
                let sku = skus
                    .get(&product.to_string())
                    .cloned()
                    .ok_or_else(|| corrupt("price list product", &product.to_string()))?;
                for t in tiers {
                    entries.push(PriceListEntryRow {
                        row: 0,
                        sku: sku.clone(),
                        min_qty: t.min_qty,
                        unit_price: t.unit_price,
                    });
                }
            }
            out.push(PriceListRows {
                row: 0,
                name: list.name,
                currency: list.currency,
                tax_inclusive: list.tax_inclusive,
                valid_from: list.valid_from,
                valid_until: list.valid_until,
                is_default: m.is_default != 0,
                entries,
            });
        }
        Ok(out)
    }

    /// Every live list, by name, with how many prices it has and how many customers use it.
    pub async fn list_price_lists(&self) -> Result<Vec<PriceListSummary>, StoreError> {
        use sea_orm::{DbBackend, Statement};
        let counts = |sql: &str| Statement::from_string(DbBackend::Sqlite, sql.to_string());
        let mut entries: HashMap<String, i64> = HashMap::new();
        for r in self
            .db
            .query_all_raw(counts(
                "SELECT price_list_id, COUNT(*) FROM price_list_entry WHERE deleted_at IS NULL GROUP BY price_list_id",
            ))
            .await?
        {
            entries.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        }
        let mut customers: HashMap<String, i64> = HashMap::new();
        for r in self
            .db
            .query_all_raw(counts(
                "SELECT price_list_id, COUNT(*) FROM customer WHERE deleted_at IS NULL AND price_list_id <> '' GROUP BY price_list_id",
            ))
            .await?
        {
            customers.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        }
        let count = |map: &HashMap<String, i64>, id: &str| {
            u32::try_from(map.get(id).copied().unwrap_or(0)).unwrap_or(u32::MAX)
        };
        live_lists(&self.db)
            .await?
            .into_iter()
            .map(|m| {
                Ok(PriceListSummary {
                    id: parse_id(&m.id)?,
                    version: version_u32(m.version),
                    currency: parse_currency(&m.currency)?,
                    tax_inclusive: m.tax_inclusive != 0,
                    is_default: m.is_default != 0,
                    entries: count(&entries, &m.id),
                    customers: count(&customers, &m.id),
                    name: m.name,
                    valid_from: m.valid_from,
                    valid_until: m.valid_until,
                })
            })
            .collect()
    }

    /// The live list named `name` (exactly).
    pub async fn price_list_by_name(&self, name: &str) -> Result<PriceListSummary, StoreError> {
        self.list_price_lists()
            .await?
            .into_iter()
            .filter(|l| l.name == name.trim())
            .max_by_key(|l| l.id)
            .ok_or_else(|| StoreError::not_found(Record::PriceList, name.trim()))
    }

    /// Give an account a price list (`None`: none, so the company's default list applies). New lines of the
    /// account's quotes are priced from it; saved lines keep their prices. Recorded and synced like any
    /// account change.
    pub async fn assign_price_list(
        &self,
        account_id: Uuid,
        list: Option<Uuid>,
        origin: Origin,
    ) -> Result<(), StoreError> {
        let w = self.begin_write(origin).await?;
        let before = crate::account::account_model(&w.txn, account_id).await?;
        let list_id = match list {
            Some(id) => {
                list_row(&w.txn, &id.to_string())
                    .await?
                    .ok_or_else(|| StoreError::not_found(Record::PriceList, id))?
                    .id
            }
            None => String::new(),
        };
        if before.price_list_id == list_id {
            return Ok(());
        }
        let mut am: customer::ActiveModel = before.clone().into_active_model();
        am.price_list_id = Set(list_id);
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("customer", &row.id, "upsert", Some(&before), &row)
            .await?;
        w.commit().await
    }

    /// The id of an account's price list, if it has one.
    pub async fn account_price_list(&self, account_id: Uuid) -> Result<Option<Uuid>, StoreError> {
        let c = crate::account::account_model(&self.db, account_id).await?;
        match c.price_list_id.as_str() {
            "" => Ok(None),
            id => parse_id(id).map(Some),
        }
    }

    /// Set this device's rate for `rate.from()` → `rate.to()` (a local setting, not synced). Lines already
    /// priced keep the rate they recorded; new lines use this one.
    pub async fn set_exchange_rate(&self, rate: ExchangeRate) -> Result<(), StoreError> {
        let row = exchange_rate::ActiveModel {
            from_currency: Set(rate.from().to_string()),
            to_currency: Set(rate.to().to_string()),
            rate: Set(rate.rate().normalize().to_string()),
            updated_at: Set(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        };
        exchange_rate::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([
                    exchange_rate::Column::FromCurrency,
                    exchange_rate::Column::ToCurrency,
                ])
                .update_columns([
                    exchange_rate::Column::Rate,
                    exchange_rate::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }

    /// Remove this device's rate for `from` → `to` ([`Record::ExchangeRate`] not found when there is none).
    /// Lines priced with it keep the rate they recorded; new lines in another currency need a rate again.
    pub async fn remove_exchange_rate(
        &self,
        from: Currency,
        to: Currency,
    ) -> Result<(), StoreError> {
        let removed = exchange_rate::Entity::delete_many()
            .filter(exchange_rate::Column::FromCurrency.eq(from.to_string()))
            .filter(exchange_rate::Column::ToCurrency.eq(to.to_string()))
            .exec(&self.db)
            .await?;
        if removed.rows_affected == 0 {
            return Err(StoreError::not_found(
                Record::ExchangeRate,
                format!("{from} → {to}"),
            ));
        }
        Ok(())
    }

    /// The rates set on this device, by pair.
    pub async fn exchange_rates(&self) -> Result<Vec<ExchangeRateView>, StoreError> {
        exchange_rate::Entity::find()
            .order_by_asc(exchange_rate::Column::FromCurrency)
            .order_by_asc(exchange_rate::Column::ToCurrency)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| {
                Ok(ExchangeRateView {
                    from: parse_currency(&r.from_currency)?,
                    to: parse_currency(&r.to_currency)?,
                    rate: r.rate,
                    updated_at: r.updated_at,
                })
            })
            .collect()
    }
}

/// Write one list of a file over `existing` (or as a new list), recording every change. Returns whether
/// anything changed.
async fn write_list(
    w: &Write,
    existing: Option<&price_list::Model>,
    list: &PriceListRows,
    products: &HashMap<String, String>,
) -> Result<bool, StoreError> {
    let yes = i32::from;
    let list_id = existing.map_or_else(|| Uuid::now_v7().to_string(), |m| m.id.clone());
    // Stored tiers by (product, minimum quantity).
    let mut stored: HashMap<(String, Decimal), price_list_entry::Model> = HashMap::new();
    if existing.is_some() {
        for e in price_list_entry::Entity::find()
            .filter(price_list_entry::Column::PriceListId.eq(list_id.as_str()))
            .filter(price_list_entry::Column::DeletedAt.is_null())
            .all(&w.txn)
            .await?
        {
            stored.insert((e.product_id.clone(), parse_min_qty(&e.min_qty)?), e);
        }
    }
    let mut changed = false;
    for e in &list.entries {
        let product_id = products
            .get(&e.sku)
            .ok_or_else(|| StoreError::Corrupt(format!("SKU {} vanished", e.sku)))?;
        let key = (product_id.clone(), e.min_qty.normalize());
        match stored.remove(&key) {
            Some(m) if m.unit_price_minor == e.unit_price.minor() => {}
            Some(m) => {
                let before = m.clone();
                let mut am = m.into_active_model();
                am.unit_price_minor = Set(e.unit_price.minor());
                am.updated_at = Set(w.hlc.clone());
                let row = am.update(&w.txn).await?;
                w.record("price_list_entry", &row.id, "upsert", Some(&before), &row)
                    .await?;
                changed = true;
            }
            None => {
                let row = price_list_entry::ActiveModel {
                    id: Set(Uuid::now_v7().to_string()),
                    price_list_id: Set(list_id.clone()),
                    product_id: Set(product_id.clone()),
                    min_qty: Set(e.min_qty.normalize().to_string()),
                    unit_price_minor: Set(e.unit_price.minor()),
                    updated_at: Set(w.hlc.clone()),
                    deleted_at: Set(None),
                    owner_id: Set(w.owner_id.clone()),
                }
                .insert(&w.txn)
                .await?;
                w.record("price_list_entry", &row.id, "upsert", None, &row)
                    .await?;
                changed = true;
            }
        }
    }
    for (_, m) in stored {
        let before = m.clone();
        let mut am = m.into_active_model();
        am.deleted_at = Set(Some(w.hlc.clone()));
        am.updated_at = Set(w.hlc.clone());
        let row = am.update(&w.txn).await?;
        w.record("price_list_entry", &row.id, "delete", Some(&before), &row)
            .await?;
        changed = true;
    }
    let valid_until = list.valid_until.map(day).unwrap_or_default();
    match existing {
        Some(m) => {
            let header_same = m.currency == list.currency.code()
                && m.tax_inclusive == yes(list.tax_inclusive)
                && m.valid_from == day(list.valid_from)
                && m.valid_until == valid_until
                && m.is_default == yes(list.is_default);
            if header_same && !changed {
                return Ok(false);
            }
            let before = m.clone();
            let mut am = m.clone().into_active_model();
            am.currency = Set(list.currency.to_string());
            am.tax_inclusive = Set(yes(list.tax_inclusive));
            am.valid_from = Set(day(list.valid_from));
            am.valid_until = Set(valid_until);
            am.is_default = Set(yes(list.is_default));
            am.version = Set(m.version + 1);
            am.updated_at = Set(w.hlc.clone());
            let row = am.update(&w.txn).await?;
            w.record("price_list", &row.id, "upsert", Some(&before), &row)
                .await?;
            Ok(true)
        }
        None => {
            let row = price_list::ActiveModel {
                id: Set(list_id),
                name: Set(list.name.clone()),
                currency: Set(list.currency.to_string()),
                tax_inclusive: Set(yes(list.tax_inclusive)),
                valid_from: Set(day(list.valid_from)),
                valid_until: Set(valid_until),
                is_default: Set(yes(list.is_default)),
                version: Set(1),
                updated_at: Set(w.hlc.clone()),
                deleted_at: Set(None),
                owner_id: Set(w.owner_id.clone()),
            }
            .insert(&w.txn)
            .await?;
            w.record("price_list", &row.id, "upsert", None, &row)
                .await?;
            Ok(true)
        }
    }
}
