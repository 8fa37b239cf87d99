//! Price lists, written by `fieldquote-server import pricelist FILE.csv`: ordinary synced [`Record`]s of kinds
//! `price_list` and `price_list_entry`, owned by [`SYSTEM_OWNER`] like the catalog, pulled by every device and
//! never accepted from one (they are server-owned kinds).
//!
//! The file format and its checks are the device's ([`parse_price_lists`]); every SKU must name a product of
//! the server's catalog. A list whose name exists gets the file's prices: a tier with a new price is updated,
//! a new tier is created, a tier no longer in the file is deleted, and the list's `version` goes up by one if
//! anything changed, so devices can tell which lines a new version re-prices. All in one transaction; a file
//! with any problem writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

pub use fieldquote_domain::import::PriceListImportReport;
use fieldquote_domain::import::{PriceListRows, parse_price_lists};
use fieldquote_domain::sync::{Change, EntityKind, Record};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::sync::{self, SYSTEM_OWNER, Stored};
use crate::{Db, ServerError, repo};

fn int(r: &Record, name: &str) -> i64 {
    r.fields
        .get(name)
        .and_then(|f| f.value.as_i64())
        .unwrap_or(0)
}

fn new_record(entity: EntityKind) -> Stored {
    Stored {
        record: Record::new(entity, Uuid::now_v7(), SYSTEM_OWNER),
        team_id: None,
    }
}

/// Write `fields` into `stored` at `hlc` where they differ (reviving a deleted record). Whether it changed.
fn merge(stored: &mut Stored, fields: BTreeMap<String, Value>, hlc: &str) -> bool {
    let r = &stored.record;
    let diff: BTreeMap<String, Value> = fields
        .into_iter()
        .filter(|(k, v)| r.fields.get(k).map(|f| &f.value) != Some(v))
        .collect();
    if diff.is_empty() && !r.fields.is_empty() && !r.is_deleted() {
        return false;
    }
    stored.record.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: r.entity,
        entity_id: r.id,
        hlc: hlc.to_string(),
        fields: diff,
        deleted: false,
        base: Default::default(),
    })
}

fn delete(stored: &mut Stored, hlc: &str) -> bool {
    stored.record.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: stored.record.entity,
        entity_id: stored.record.id,
        hlc: hlc.to_string(),
        fields: BTreeMap::new(),
        deleted: true,
        base: Default::default(),
    })
}

/// A list's fields without its version.
fn list_fields(l: &PriceListRows) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("name".to_string(), json!(l.name)),
        ("currency".to_string(), json!(l.currency.code())),
        (
            "tax_inclusive".to_string(),
            json!(i32::from(l.tax_inclusive)),
        ),
        ("valid_from".to_string(), json!(l.valid_from.to_string())),
        (
            "valid_until".to_string(),
            json!(l.valid_until.map_or_else(String::new, |d| d.to_string())),
        ),
        ("is_default".to_string(), json!(i32::from(l.is_default))),
    ])
}

/// Live records of `entity`, decoded.
async fn live(
    txn: &impl sea_orm::ConnectionTrait,
    entity: EntityKind,
) -> Result<Vec<Stored>, ServerError> {
    let mut stored = sync::stored_of(txn, entity).await?;
    stored.retain(|s| !s.record.is_deleted());
    Ok(stored)
}

/// The price-list service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct PriceLists {
    db: Db,
}

impl PriceLists {
    pub fn new(db: Db) -> PriceLists {
        PriceLists { db }
    }

    /// Import a price-list file (see the module docs). All or nothing: a file with any problem, an unknown
    /// SKU included, is refused ([`ServerError::InvalidRows`]).
    pub async fn import(&self, input: impl Read) -> Result<PriceListImportReport, ServerError> {
        let input = crate::input::nul_free_csv(input)?;
        let file = parse_price_lists(&input[..]).map_err(ServerError::InvalidRows)?;
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let products = live(&txn, EntityKind::Product).await?;
        let mut product_ids: HashMap<String, (Option<String>, Uuid)> = HashMap::new();
        for p in &products {
            if let Some(sku) = p.record.text("sku").map(str::to_string) {
                let hlc = p.record.hlc().map(str::to_string);
                if product_ids.get(&sku).is_none_or(|(h, _)| *h < hlc) {
                    product_ids.insert(sku, (hlc, p.record.id));
                }
            }
        }
        let problems = file.unknown_skus(|sku| product_ids.contains_key(sku));
        if !problems.is_empty() {
            return Err(ServerError::InvalidRows(problems));
        }
        let lists = live(&txn, EntityKind::PriceList).await?;
        let entries = live(&txn, EntityKind::PriceListEntry).await?;
        let hlc = sync::server_tick(
            &counter,
            products
                .iter()
                .chain(&lists)
                .chain(&entries)
                .filter_map(|s| s.record.hlc()),
        )
        .to_string();
        // Lists by name (should two share one, the latest); entries by list, product and minimum quantity.
        let mut by_name: HashMap<String, Stored> = HashMap::new();
        let mut others: Vec<Stored> = Vec::new();
        for s in lists {
            let name = s.record.text("name").unwrap_or_default().to_string();
            match by_name.remove(&name) {
                Some(old) if old.record.hlc() > s.record.hlc() => {
                    others.push(s);
                    by_name.insert(name, old);
                }
                Some(old) => {
                    others.push(old);
                    by_name.insert(name, s);
                }
                None => {
                    by_name.insert(name, s);
                }
            }
        }
        let mut tiers: HashMap<String, HashMap<(String, Decimal), Stored>> = HashMap::new();
        for s in entries {
            let list = s
                .record
                .text("price_list_id")
                .unwrap_or_default()
                .to_string();
            let product = s.record.text("product_id").unwrap_or_default().to_string();
            let min: Decimal = s
                .record
                .text("min_qty")
                .and_then(|m| m.parse().ok())
                .unwrap_or_default();
            tiers
                .entry(list)
                .or_default()
                .insert((product, min.normalize()), s);
        }
        let mut report = PriceListImportReport {
            lists: file.lists.len(),
            entries: file.entry_count(),
            ..Default::default()
        };
        let mut writes: Vec<Stored> = Vec::new();
        for l in &file.lists {
            let (mut list, new) = match by_name.remove(&l.name) {
                Some(s) => (s, false),
                None => (new_record(EntityKind::PriceList), true),
            };
            let list_id = list.record.id.to_string();
            let mut stored = tiers.remove(&list_id).unwrap_or_default();
            let mut changed = false;
            for e in &l.entries {
                let product = product_ids
                    .get(&e.sku)
                    .map(|(_, id)| id.to_string())
                    .unwrap_or_default();
                let min = e.min_qty.normalize();
                let (mut s, fresh) = match stored.remove(&(product.clone(), min)) {
                    Some(s) => (s, false),
                    None => (new_record(EntityKind::PriceListEntry), true),
                };
                let fields = BTreeMap::from([
                    ("price_list_id".to_string(), json!(list_id)),
                    ("product_id".to_string(), json!(product)),
                    ("min_qty".to_string(), json!(min.to_string())),
                    ("unit_price_minor".to_string(), json!(e.unit_price.minor())),
                ]);
                if merge(&mut s, fields, &hlc) || fresh {
                    changed = true;
                    writes.push(s);
                }
            }
            for (_, mut gone) in stored {
                if delete(&mut gone, &hlc) {
                    changed = true;
                    writes.push(gone);
                }
            }
            let version = int(&list.record, "version");
            let mut fields = list_fields(l);
            let header_changed = fields
                .iter()
                .any(|(k, v)| list.record.fields.get(k).map(|f| &f.value) != Some(v));
            if new || changed || header_changed {
                fields.insert("version".to_string(), json!(version + 1));
                merge(&mut list, fields, &hlc);
                writes.push(list);
                if new {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
            } else {
                report.unchanged += 1;
            }
        }
        // One default list: a default in the file makes every other list not default.
        if let Some(default) = file.lists.iter().find(|l| l.is_default) {
            for mut s in by_name.into_values().chain(others) {
                if int(&s.record, "is_default") != 0
                    && s.record.text("name") != Some(default.name.as_str())
                {
                    let version = int(&s.record, "version");
                    let fields = BTreeMap::from([
                        ("is_default".to_string(), json!(0)),
                        ("version".to_string(), json!(version + 1)),
                    ]);
                    if merge(&mut s, fields, &hlc) {
                        writes.push(s);
                    }
                }
            }
        }
        if !writes.is_empty() {
            sync::write_records(&txn, &counter, writes, Some(&hlc)).await?;
            txn.commit().await?;
        }
        tracing::info!(
            lists = report.lists,
            entries = report.entries,
            created = report.created,
            updated = report.updated,
            "price lists imported"
        );
        Ok(report)
    }
}
