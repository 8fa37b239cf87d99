//! The benchmark's data: customers, products and quotes as the reps' laptops would push them.

use super::*;

pub(crate) const CITIES: [&str; 8] = [
    "上海", "北京", "深圳", "广州", "杭州", "苏州", "成都", "武汉",
];
pub(crate) const TRADES: [&str; 6] = [
    "机电设备",
    "自动化",
    "精密机械",
    "电气工程",
    "工业控制",
    "包装机械",
];

/// A device's clock and id, making changes as its outbox would.
pub(crate) struct Author {
    pub(crate) device_id: Uuid,
    pub(crate) node: String,
    pub(crate) clock: Option<Hlc>,
}

impl Author {
    pub(crate) fn new() -> Author {
        let device_id = Uuid::now_v7();
        Author {
            device_id,
            node: device_id.simple().to_string()[20..].to_string(),
            clock: None,
        }
    }

    pub(crate) fn change(&mut self, entity: EntityKind, id: Uuid, fields: Value) -> Change {
        let now = chrono_now_ms();
        let hlc = Hlc::tick(self.clock.as_ref(), now, &self.node);
        self.clock = Some(hlc.clone());
        let fields = match fields {
            Value::Object(m) => m.into_iter().collect(),
            _ => BTreeMap::new(),
        };
        Change {
            change_id: Uuid::now_v7(),
            entity,
            entity_id: id,
            hlc: hlc.to_string(),
            fields,
            deleted: false,
            base: BTreeMap::new(),
        }
    }
}

pub(crate) fn chrono_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub(crate) fn customer_fields(i: usize) -> Value {
    let city = CITIES[i % CITIES.len()];
    json!({
        "name": format!("{city}{}{}有限公司", TRADES[i % TRADES.len()], i),
        "contact_person": format!("王经理 {i}"),
        "phone": format!("+86 21 {:04} {:04}", i / 10_000 % 10_000, i % 10_000),
        "email": format!("buyer{i}@customer{}.cn", i % 997),
        "address": format!("{city}市浦东新区张江高科技园区科苑路 {} 号 {} 栋", i % 1000, i % 17),
        "tax_id": format!("91310000{i:010}"),
    })
}

pub(crate) fn product_csv(n: usize) -> String {
    let mut csv = String::from("sku,name,description,unit,unit_price,currency,tax_rate\n");
    for i in 0..n {
        csv.push_str(&format!(
            "SKU-{i:06},{} 型号 {i},\"{}系列, 含安装与调试, 质保 24 个月\",台,{}.{:02},CNY,13\n",
            TRADES[i % TRADES.len()],
            CITIES[i % CITIES.len()],
            100 + i * 7 % 9900,
            i % 100
        ));
    }
    csv
}

/// A catalog product as the server stores it.
pub(crate) struct Product {
    pub(crate) id: Uuid,
    pub(crate) sku: String,
    pub(crate) price_minor: i64,
}

pub(crate) async fn products(db: &Db) -> Res<Vec<Product>> {
    let rows = fieldquote_server::repo::sync::records_of_entity(db.connection(), "product").await?;
    rows.into_iter()
        .map(|r| {
            let doc: Value = serde_json::from_str(&r.doc)?;
            Ok(Product {
                id: Uuid::parse_str(&r.id)?,
                sku: doc["sku"]["value"].as_str().unwrap_or_default().to_string(),
                price_minor: doc["unit_price_minor"]["value"].as_i64().unwrap_or(0),
            })
        })
        .collect()
}

/// Pushes changes of one user through the server's sync service, a full batch at a time.
pub(crate) struct Seeder {
    pub(crate) service: SyncService,
    pub(crate) caller: Caller,
    pub(crate) author: Author,
    pub(crate) batch: Vec<Change>,
    pub(crate) pushed: usize,
}

impl Seeder {
    pub(crate) fn new(db: &Db, user_id: &str, role: Role, team_id: Option<String>) -> Res<Seeder> {
        Ok(Seeder {
            service: SyncService::new(db.clone()),
            caller: Caller::new(user_id, role, team_id)?,
            author: Author::new(),
            batch: Vec::new(),
            pushed: 0,
        })
    }

    pub(crate) async fn add(&mut self, entity: EntityKind, id: Uuid, fields: Value) -> Res<()> {
        let change = self.author.change(entity, id, fields);
        self.batch.push(change);
        if self.batch.len() >= SEED_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    pub(crate) async fn flush(&mut self) -> Res<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let changes = std::mem::take(&mut self.batch);
        let n = changes.len();
        let res = self
            .service
            .push(
                &self.caller,
                PushRequest {
                    device_id: self.author.device_id,
                    changes,
                },
            )
            .await?;
        if let Some(r) = res
            .results
            .iter()
            .find(|r| r.outcome != ChangeOutcome::Accepted)
        {
            return Err(format!("seeding: a change was rejected: {r:?}").into());
        }
        self.pushed += n;
        Ok(())
    }
}

/// A rep's records, as seeded.
#[derive(Default, Clone)]
pub(crate) struct Owned {
    pub(crate) customers: Vec<Uuid>,
    pub(crate) quotes: Vec<Uuid>,
    pub(crate) lines: Vec<Uuid>,
}

/// Seed `customers` customers, then `quotes` quotes of `lines_per_quote` lines each (every quote right
/// before its lines, as a laptop pushes them), owned by the seeder's user.
pub(crate) async fn seed_records(
    seeder: &mut Seeder,
    catalog: &[Product],
    customers: usize,
    quotes: usize,
    lines_per_quote: usize,
    number_prefix: &str,
) -> Res<Owned> {
    let mut owned = Owned::default();
    for i in 0..customers {
        let id = Uuid::now_v7();
        seeder
            .add(EntityKind::Customer, id, customer_fields(i))
            .await?;
        owned.customers.push(id);
    }
    for q in 0..quotes {
        let quote_id = Uuid::now_v7();
        let customer = owned.customers[(q * 7919) % owned.customers.len()];
        let mut lines = Vec::with_capacity(lines_per_quote);
        let (mut subtotal, mut tax) = (0_i64, 0_i64);
        for l in 0..lines_per_quote {
            let p = &catalog[(q * lines_per_quote + l) * 31 % catalog.len()];
            let quantity = 1 + (l as i64 % 5);
            let net = p.price_minor * quantity * 95 / 100;
            let line_tax = (net * 13 + 50) / 100;
            subtotal += net;
            tax += line_tax;
            lines.push((
                Uuid::now_v7(),
                json!({
                    "quote_id": quote_id.to_string(),
                    "position": l as i64 + 1,
                    "product_id": p.id.to_string(),
                    "sku": p.sku,
                    "description": format!("{} — 含现场安装调试，第 {} 项", p.sku, l + 1),
                    "unit": "台",
                    "quantity": quantity.to_string(),
                    "unit_price_minor": p.price_minor,
                    "discount_percent": "5",
                    "tax_rate": "13",
                    "net_minor": net,
                    "tax_minor": line_tax,
                    "gross_minor": net + line_tax,
                }),
            ));
        }
        let status = if q % 3 == 0 { "sent" } else { "draft" };
        seeder
            .add(
                EntityKind::Quote,
                quote_id,
                json!({
                    "number": format!("Q-2026-{number_prefix}-{q:05}"),
                    "customer_id": customer.to_string(),
                    "status": status,
                    "currency": "CNY",
                    "issue_date": "2026-11-20",
                    "valid_until": "2026-12-20",
                    "notes": "价格含税，交货期 4 周，付款方式：30% 预付，70% 发货前付清。",
                    "subtotal_minor": subtotal,
                    "tax_minor": tax,
                    "total_minor": subtotal + tax,
                }),
            )
            .await?;
        owned.quotes.push(quote_id);
        for (id, fields) in lines {
            seeder.add(EntityKind::QuoteLine, id, fields).await?;
            owned.lines.push(id);
        }
    }
    seeder.flush().await?;
    Ok(owned)
}

pub(crate) async fn add_user(
    accounts: &Accounts,
    email: &str,
    role: Role,
    team: Option<&str>,
) -> Res<(String, Option<String>)> {
    let user = accounts
        .add_user(NewUser {
            email: email.into(),
            name: format!("User {email}"),
            role,
            team: team.map(str::to_string),
            password: PASSWORD.into(),
        })
        .await?;
    Ok((user.id, user.team_id))
}

/// Bring a freshly seeded database to the state of one that received its records over months: on
/// PostgreSQL, what autovacuum would have done by then (visibility map, hint bits, planner statistics).
pub(crate) async fn settle(db: &Db) -> Res<()> {
    if db.backend() == fieldquote_server::Backend::Postgres {
        db.connection()
            .execute_unprepared("VACUUM (ANALYZE) sync_record")
            .await?;
    }
    Ok(())
}

pub(crate) fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale).round() as usize).max(1)
}
