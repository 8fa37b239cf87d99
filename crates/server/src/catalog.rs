//! Server-owned records, written by the admin commands: the product catalog (`import products
//! FILE.csv`) and the company profile (`company set`). They are ordinary synced [`Record`]s, owned by
//! [`SYSTEM_OWNER`], stamped with the server's clock (node `server`), and pulled by every device.
//!
//! Parsing and validating a file is pure ([`parse_products`], shared with the device's own import); a file
//! with any problem is refused
//! whole, with every problem listed by row and column, and nothing is written. Writes take the sync
//! counter's lock like a push does (see [`crate::sync`]), in one transaction.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use fieldquote_domain::catalog::ValidProduct;
use fieldquote_domain::catalog::{
    CatalogEntry, LinkRequest, ProductKind, ResolvedLinks, decode_components, encode_accessories,
    encode_components, resolve_links,
};
use fieldquote_domain::company::{BankDetails, CompanyProfile};
pub use fieldquote_domain::import::{
    OPTIONAL_PRODUCT_COLUMNS, PRODUCT_COLUMNS, ProductImportReport, ProductRow, RowProblem,
    describe_problems, link_row_problems, parse_products,
};
use fieldquote_domain::sync::{Change, EntityKind, Record};
use fieldquote_domain::{Currency, FieldError, validation};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::sync::{self, SYSTEM_OWNER, Stored};
use crate::{Db, ServerError, repo};

/// The company profile's record id: there is one profile.
pub const COMPANY_PROFILE_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001);

/// Fields of `company set`; `None` keeps the stored value (or the default, the first time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompanyUpdate {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub tax_id: Option<String>,
    pub currency: Option<String>,
    /// The largest discount a rep may give without a manager's approval, in percent ("" unsets it: devices
    /// keep their own setting).
    pub rep_discount_limit: Option<String>,
    /// The same for managers. Admins have no limit.
    pub manager_discount_limit: Option<String>,
    /// The account clients pay into, printed on quotes ("" clears a field; see `company::BankDetails`).
    pub bank_name: Option<String>,
    pub bank_account_name: Option<String>,
    pub bank_account_number: Option<String>,
    pub bank_branch: Option<String>,
    pub bank_swift: Option<String>,
}

/// The discount limits per role, in percent; empty when not set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleLimits {
    pub rep: String,
    pub manager: String,
}

/// The profile after `company set`, and whether anything changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyOutcome {
    pub profile: CompanyProfile,
    pub limits: RoleLimits,
    pub changed: bool,
}

/// A discount limit as given to `company set`: a percentage from 0 to 100 (stored normalized), or empty.
fn parse_limit(field: &str, raw: &str) -> Result<String, ServerError> {
    let raw = raw.trim().trim_end_matches('%').trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    validation::Percent::parse(field, raw)
        .map(|p| p.to_string())
        .map_err(|e| invalid(&[e]))
}

/// A product's fields in the device's column format. The catalog fields a file leaves out are not written
/// (the record keeps its values); `links` are its components and accessories resolved to ids.
fn product_fields(p: &ValidProduct, links: &ResolvedLinks) -> BTreeMap<String, Value> {
    let mut fields = BTreeMap::from([
        ("sku".to_string(), json!(p.sku)),
        ("name".to_string(), json!(p.name)),
        ("description".to_string(), json!(p.description)),
        ("unit".to_string(), json!(p.unit)),
        ("unit_price_minor".to_string(), json!(p.unit_price.minor())),
        (
            "currency".to_string(),
            json!(p.unit_price.currency().code()),
        ),
        ("tax_rate".to_string(), json!(p.tax_rate.to_string())),
    ]);
    let optional = [
        ("name_zh", p.name_zh.as_ref().map(|v| json!(v))),
        (
            "description_zh",
            p.description_zh.as_ref().map(|v| json!(v)),
        ),
        ("category", p.category.as_ref().map(|v| json!(v))),
        ("active", p.active.map(|v| json!(i32::from(v)))),
        ("bundle_pricing", p.kind.map(|k| json!(k.code()))),
        (
            "components",
            match (&links.components, p.kind) {
                (Some(c), _) => Some(json!(encode_components(c))),
                // A bundle made an item loses its components.
                (None, Some(ProductKind::Item)) => Some(json!("")),
                (None, _) => None,
            },
        ),
        (
            "accessories",
            links
                .accessories
                .as_ref()
                .map(|a| json!(encode_accessories(a))),
        ),
    ];
    for (name, value) in optional {
        if let Some(v) = value {
            fields.insert(name.to_string(), v);
        }
    }
    fields
}

/// A stored product as the link checks see it.
fn catalog_entry(sku: &str, s: &Stored) -> Option<CatalogEntry> {
    let r = &s.record;
    if r.is_deleted() {
        return None;
    }
    let kind = ProductKind::parse(r.text("bundle_pricing").unwrap_or_default()).unwrap_or_default();
    let components = decode_components(r.text("components").unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.product_id)
        .collect();
    Some(CatalogEntry {
        id: r.id,
        sku: sku.to_string(),
        kind,
        components,
    })
}

fn company_fields(p: &CompanyProfile) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("name".to_string(), json!(p.name)),
        ("address".to_string(), json!(p.address)),
        ("phone".to_string(), json!(p.phone)),
        ("email".to_string(), json!(p.email)),
        ("tax_id".to_string(), json!(p.tax_id)),
        ("currency".to_string(), json!(p.currency.code())),
        ("bank_name".to_string(), json!(p.bank.bank_name)),
        ("bank_account_name".to_string(), json!(p.bank.account_name)),
        (
            "bank_account_number".to_string(),
            json!(p.bank.account_number),
        ),
        ("bank_branch".to_string(), json!(p.bank.branch)),
        ("bank_swift".to_string(), json!(p.bank.swift)),
    ])
}

/// Merge `fields` into `stored` with the server's clock reading `hlc`, writing only those that differ
/// (and reviving a deleted record). Returns whether anything was written.
fn merge_server_write(stored: &mut Stored, fields: BTreeMap<String, Value>, hlc: &str) -> bool {
    let r = &stored.record;
    let diff: BTreeMap<String, Value> = fields
        .into_iter()
        .filter(|(k, v)| r.fields.get(k).map(|f| &f.value) != Some(v))
        .collect();
    let fresh = r.fields.is_empty();
    if diff.is_empty() && !fresh && !r.is_deleted() {
        return false;
    }
    let change = Change {
        change_id: Uuid::now_v7(),
        entity: r.entity,
        entity_id: r.id,
        hlc: hlc.to_string(),
        fields: diff,
        deleted: false,
        base: Default::default(),
    };
    stored.record.apply(&change)
}

fn new_server_record(entity: EntityKind, id: Uuid) -> Stored {
    Stored {
        record: Record::new(entity, id, SYSTEM_OWNER),
        team_id: None,
    }
}

/// The catalog and company-profile service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Catalog {
    db: Db,
}

impl Catalog {
    pub fn new(db: Db) -> Catalog {
        Catalog { db }
    }

    /// Import a product file: every row creates a product, or updates the one with its SKU. All or
    /// nothing: a file with any problem is refused ([`ServerError::InvalidRows`]).
    pub async fn import_products(
        &self,
        input: impl Read,
    ) -> Result<ProductImportReport, ServerError> {
        let input = crate::input::nul_free_csv(input)?;
        let rows = parse_products(&input[..]).map_err(ServerError::InvalidRows)?;
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let stored = sync::stored_of(&txn, EntityKind::Product).await?;
        let hlc =
            sync::server_tick(&counter, stored.iter().filter_map(|s| s.record.hlc())).to_string();
        // By SKU; should two records share one (an admin pushed a duplicate), the live, latest one.
        let mut by_sku: HashMap<String, Stored> = HashMap::new();
        for s in stored {
            let Some(sku) = s.record.text("sku").map(str::to_string) else {
                continue;
            };
            let rank = |r: &Record| (!r.is_deleted(), r.hlc().map(str::to_string));
            let better = by_sku
                .get(&sku)
                .is_none_or(|old| rank(&s.record) > rank(&old.record));
            if better {
                by_sku.insert(sku, s);
            }
        }
        let mut report = ProductImportReport {
            rows: rows.len(),
            created: 0,
            updated: 0,
            unchanged: 0,
        };
        // Components and accessories are checked against the catalog as it will be after the import.
        let mut catalog: HashMap<String, CatalogEntry> = by_sku
            .iter()
            .filter_map(|(sku, s)| catalog_entry(sku, s).map(|e| (sku.clone(), e)))
            .collect();
        let mut targets = Vec::with_capacity(rows.len());
        let mut requests = Vec::with_capacity(rows.len());
        for row in &rows {
            let p = &row.product;
            let (s, new) = match by_sku.remove(&p.sku) {
                Some(s) => (s, false),
                None => (new_server_record(EntityKind::Product, Uuid::now_v7()), true),
            };
            let stored_kind = catalog.get(&p.sku).map(|e| e.kind);
            let kind = p.kind.or(stored_kind).unwrap_or_default();
            let entry = catalog
                .entry(p.sku.clone())
                .or_insert_with(|| CatalogEntry {
                    id: s.record.id,
                    sku: p.sku.clone(),
                    kind,
                    components: Vec::new(),
                });
            entry.kind = kind;
            requests.push(LinkRequest {
                row: row.row,
                sku: p.sku.clone(),
                kind,
                components: p.components.clone(),
                accessories: p.accessories.clone(),
            });
            targets.push((s, new));
        }
        let links = resolve_links(&requests, &catalog)
            .map_err(|problems| ServerError::InvalidRows(link_row_problems(&rows, problems)))?;
        let mut writes = Vec::new();
        for ((row, (mut s, new)), links) in rows.iter().zip(targets).zip(links) {
            if merge_server_write(&mut s, product_fields(&row.product, &links), &hlc) {
                if new {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
                writes.push(s);
            } else {
                report.unchanged += 1;
            }
        }
        if !writes.is_empty() {
            sync::write_records(&txn, &counter, writes, Some(&hlc)).await?;
            txn.commit().await?;
        }
        tracing::info!(
            rows = report.rows,
            created = report.created,
            updated = report.updated,
            "products imported"
        );
        Ok(report)
    }

    /// The discount limits per role, as set (empty when not).
    pub async fn role_limits(&self) -> Result<RoleLimits, ServerError> {
        let row = repo::sync::record(
            self.db.connection(),
            EntityKind::CompanyProfile.as_str(),
            &COMPANY_PROFILE_ID.to_string(),
        )
        .await?;
        Ok(match row {
            Some(row) => limits_of(&sync::decode(row)?.0.record),
            None => RoleLimits::default(),
        })
    }

    /// The company profile, if one was set.
    pub async fn company(&self) -> Result<Option<CompanyProfile>, ServerError> {
        let row = repo::sync::record(
            self.db.connection(),
            EntityKind::CompanyProfile.as_str(),
            &COMPANY_PROFILE_ID.to_string(),
        )
        .await?;
        match row {
            Some(row) => {
                let (s, _) = sync::decode(row)?;
                Ok((!s.record.is_deleted()).then(|| profile_of(&s.record)))
            }
            None => Ok(None),
        }
    }

    /// Set fields of the company profile (creating it the first time: then a name is required).
    pub async fn set_company(&self, update: CompanyUpdate) -> Result<CompanyOutcome, ServerError> {
        for (what, value) in [
            ("name", &update.name),
            ("address", &update.address),
            ("phone", &update.phone),
            ("email", &update.email),
            ("tax id", &update.tax_id),
            ("currency", &update.currency),
            ("rep discount limit", &update.rep_discount_limit),
            ("manager discount limit", &update.manager_discount_limit),
            ("bank name", &update.bank_name),
            ("bank account name", &update.bank_account_name),
            ("bank account number", &update.bank_account_number),
            ("bank branch", &update.bank_branch),
            ("bank SWIFT/BIC", &update.bank_swift),
        ] {
            if let Some(value) = value {
                crate::input::check_text(what, value)?;
            }
        }
        let txn = self.db.begin_write().await?;
        let counter = repo::sync::lock_counter(&txn).await?;
        let mut stored = match repo::sync::record(
            &txn,
            EntityKind::CompanyProfile.as_str(),
            &COMPANY_PROFILE_ID.to_string(),
        )
        .await?
        {
            Some(row) => sync::decode(row)?.0,
            None => new_server_record(EntityKind::CompanyProfile, COMPANY_PROFILE_ID),
        };
        let current = profile_of(&stored.record);
        let currency = match update.currency {
            Some(c) => validation::currency("currency", &c).map_err(|e| invalid(&[e]))?,
            None => current.currency,
        };
        let wanted = CompanyProfile {
            name: update.name.unwrap_or(current.name),
            address: update.address.unwrap_or(current.address),
            phone: update.phone.unwrap_or(current.phone),
            email: update.email.unwrap_or(current.email),
            tax_id: update.tax_id.unwrap_or(current.tax_id),
            currency,
            bank: BankDetails {
                bank_name: update.bank_name.unwrap_or(current.bank.bank_name),
                account_name: update
                    .bank_account_name
                    .unwrap_or(current.bank.account_name),
                account_number: update
                    .bank_account_number
                    .unwrap_or(current.bank.account_number),
                branch: update.bank_branch.unwrap_or(current.bank.branch),
                swift: update.bank_swift.unwrap_or(current.bank.swift),
            },
        };
        let current_limits = limits_of(&stored.record);
        let limits = RoleLimits {
            rep: match update.rep_discount_limit {
                Some(l) => parse_limit("rep_discount_limit", &l)?,
                None => current_limits.rep,
            },
            manager: match update.manager_discount_limit {
                Some(l) => parse_limit("manager_discount_limit", &l)?,
                None => current_limits.manager,
            },
        };
        let profile = wanted.validate().map_err(|e| invalid(&e))?;
        let hlc = sync::server_tick(&counter, stored.record.hlc()).to_string();
        let mut fields = company_fields(&profile);
        // Bank details never given are not written (a profile from before they existed stays as it was).
        fields.retain(|name, value| {
            !name.starts_with("bank_")
                || value.as_str().is_some_and(|v| !v.is_empty())
                || stored.record.fields.contains_key(name)
        });
        // A limit never set is not written (a profile without limits stays as it was).
        for (name, value) in [
            ("rep_discount_limit", &limits.rep),
            ("manager_discount_limit", &limits.manager),
        ] {
            if !value.is_empty() || stored.record.fields.contains_key(name) {
                fields.insert(name.into(), json!(value));
            }
        }
        let changed = merge_server_write(&mut stored, fields, &hlc);
        if changed {
            sync::write_records(&txn, &counter, vec![stored], Some(&hlc)).await?;
            txn.commit().await?;
        }
        Ok(CompanyOutcome {
            profile,
            limits,
            changed,
        })
    }
}

/// The limits a profile record holds.
fn limits_of(r: &Record) -> RoleLimits {
    RoleLimits {
        rep: r.text("rep_discount_limit").unwrap_or_default().to_string(),
        manager: r
            .text("manager_discount_limit")
            .unwrap_or_default()
            .to_string(),
    }
}

/// The profile a record holds; absent fields are empty (currency: CNY).
fn profile_of(r: &Record) -> CompanyProfile {
    let text = |name: &str| r.text(name).unwrap_or_default().to_string();
    CompanyProfile {
        name: text("name"),
        address: text("address"),
        phone: text("phone"),
        email: text("email"),
        tax_id: text("tax_id"),
        currency: text("currency").parse().unwrap_or(Currency::CNY),
        bank: BankDetails {
            bank_name: text("bank_name"),
            account_name: text("bank_account_name"),
            account_number: text("bank_account_number"),
            branch: text("bank_branch"),
            swift: text("bank_swift"),
        },
    }
}

fn invalid(errors: &[FieldError]) -> ServerError {
    ServerError::Invalid(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<ProductRow>, Vec<String>> {
        parse_products(text.as_bytes()).map_err(|ps| ps.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_good_file_parses_in_any_column_order() {
        let rows = parse(
            "\u{feff}SKU,name,description,unit,unit_price,currency,tax_rate\n\
             PLC-200,PLC 控制器,,台,3880.00,CNY,13\n\
             \"M-1\",\"Motor, 2 kW\",\"line one\nline two\",pcs,1200,jpy,10\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].product.unit_price.minor(), 388_000);
        assert_eq!(rows[1].row, 3, "rows count records, not lines");
        assert_eq!(rows[1].product.name, "Motor, 2 kW");
        assert_eq!(rows[1].product.unit_price.minor(), 1200);
        let none = ResolvedLinks {
            components: None,
            accessories: None,
        };
        let fields = product_fields(&rows[0].product, &none);
        assert!(
            !fields.contains_key("active"),
            "a column not in the file is not written"
        );
        assert_eq!(fields["unit_price_minor"], json!(388_000));
        assert_eq!(fields["tax_rate"], json!("13"));
        assert_eq!(fields["currency"], json!("CNY"));

        let reordered = parse(
            "tax_rate,currency,unit_price,unit,description,name,sku\n9,USD,1.5,kg,,Salt,S-1\n",
        )
        .unwrap();
        assert_eq!(reordered[0].product.sku, "S-1");
        assert_eq!(reordered[0].product.unit_price.minor(), 150);
    }

    #[test]
    fn every_problem_is_reported_with_row_and_column() {
        let errors = parse(
            "sku,name,description,unit,unit_price,currency\n\
             A-1,Alpha,,pcs,-5,CNY\n\
             A-2,Beta,,pcs,10,XYZ\n\
             A-3,Gamma,,pcs,10,CNY,extra\n\
             A-1,Delta,,pcs,1.999,CNY\n\
             ,Epsilon,,pcs,1,EUR\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "row 1: missing column `tax_rate`: the columns are sku,name,description,unit,unit_price,currency,tax_rate",
                "row 2, column 5 (unit_price): must not be negative",
                "row 3, column 6 (currency): unknown currency",
                "row 4: 7 fields, but the header has 6",
                "row 5, column 1 (sku): SKU A-1 is already on row 2",
                "row 5, column 5 (unit_price): at most 2 decimal places",
                "row 6, column 1 (sku): required",
            ]
        );
        let errors = parse("sku,name,description,unit,unit_price,currency,tax_rate,colour\nA,B,,u,1,CNY,13,red\nA,C,,u,1,CNY,13,blue\n")
            .unwrap_err();
        assert_eq!(
            errors,
            [
                "row 1, column 8 (colour): unknown column `colour`: the columns are sku,name,description,unit,unit_price,currency,tax_rate, optionally followed by name_zh,description_zh,category,active,bundle_pricing,components,accessories",
                "row 3, column 1 (sku): SKU A is already on row 2",
            ]
        );
        assert_eq!(parse("").unwrap_err().len(), 1);
        assert_eq!(
            parse("sku,name,description,unit,unit_price,currency,tax_rate\n").unwrap_err(),
            ["row 1: the file has a header but no products"]
        );
        let bad_utf8 =
            b"sku,name,description,unit,unit_price,currency,tax_rate\nA,\xff\xfe,,u,1,CNY,13\n";
        let errors = parse_products(&bad_utf8[..]).unwrap_err();
        assert_eq!(errors[0].row, 2);
        assert!(errors[0].message.contains("UTF-8"), "{errors:?}");
    }

    #[test]
    fn server_writes_touch_only_what_differs() {
        let mut s = new_server_record(EntityKind::CompanyProfile, COMPANY_PROFILE_ID);
        let p = CompanyProfile {
            name: "ACME".into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            tax_id: String::new(),
            currency: Currency::CNY,
            bank: BankDetails::default(),
        };
        assert!(merge_server_write(
            &mut s,
            company_fields(&p),
            "000000000000000001-00000-server"
        ));
        assert!(!merge_server_write(
            &mut s,
            company_fields(&p),
            "000000000000000002-00000-server"
        ));
        let renamed = CompanyProfile {
            name: "ACME Ltd".into(),
            ..p
        };
        assert!(merge_server_write(
            &mut s,
            company_fields(&renamed),
            "000000000000000003-00000-server"
        ));
        assert_eq!(
            s.record.fields["name"].hlc,
            "000000000000000003-00000-server"
        );
        assert_eq!(
            s.record.fields["address"].hlc,
            "000000000000000001-00000-server"
        );
        assert_eq!(profile_of(&s.record), renamed);
    }
}
