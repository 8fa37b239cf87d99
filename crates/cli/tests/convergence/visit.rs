//! The client visit's kinds in the offline work: contacts made, edited and deleted, opportunities made and
//! edited, quotes made on an opportunity, accounts shared and their shares withdrawn, colleagues made
//! members of an opportunity and removed, each through the store's own write.
//!
//! A laptop only writes what `domain::access` lets its user edit, judged from what it holds: a rep their own
//! accounts and opportunities and what hangs under them, the manager the team's. A share or a membership
//! gives visibility only (a rep never edits through one), so a share withdrawn while its colleague was
//! offline never makes a change refused, and the end state stays checkable change by change.

use std::collections::BTreeSet;

use fieldquote_domain::Role;
use fieldquote_domain::contact::ContactInput;
use fieldquote_domain::opportunity::{MemberInput, MemberRole, OpportunityInput};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_store::{Origin, Store};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use uuid::Uuid;

use crate::Laptop;
use crate::ledger::open_sqlite;
use crate::work::{Rng, Values};

/// Ids of the live rows `sql` selects (its first column), `?` bound to the laptop's user.
async fn ids(conn: &DatabaseConnection, sql: &str, me: Uuid) -> Vec<Uuid> {
    let n = sql.matches('?').count();
    let values: Vec<sea_orm::Value> = (0..n).map(|_| me.to_string().into()).collect();
    let mut out: Vec<Uuid> = conn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| Uuid::parse_str(&r.try_get_by_index::<String>(0).unwrap()).unwrap())
        .collect();
    out.sort_unstable();
    out
}

/// `column = ?` for a rep (their own), always true for the manager (the team's: a manager's laptop holds
/// only the team's records here, as nobody shares with North).
fn mine(me: &Laptop, column: &str) -> String {
    if me.role == Role::Manager {
        "1 = 1".to_string()
    } else {
        format!("{column} = ?")
    }
}

/// The live records of `table` this laptop's user may edit: those it owns (a rep), or the team's (the
/// manager).
pub async fn editable(me: &Laptop, table: &str) -> BTreeSet<Uuid> {
    let conn = open_sqlite(&me.db_path()).await;
    let sql = format!(
        "SELECT id FROM {table} WHERE deleted_at IS NULL AND {}",
        mine(me, "owner_id")
    );
    let out = ids(&conn, &sql, me.user_id).await.into_iter().collect();
    conn.close().await.unwrap();
    out
}

/// The record a share (`table`: `account_share`, `opportunity_member`) is of, and the colleague it names.
async fn shared_with(me: &Laptop, table: &str, of: &str, id: Uuid) -> (Uuid, Uuid) {
    let conn = open_sqlite(&me.db_path()).await;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("SELECT {of}, user_id FROM {table} WHERE id = ?"),
            [id.to_string().into()],
        ))
        .await
        .unwrap()
        .unwrap();
    let out = {
        let get = |i| Uuid::parse_str(&row.try_get_by_index::<String>(i).unwrap()).unwrap();
        (get(0), get(1))
    };
    conn.close().await.unwrap();
    out
}

fn contact_input(v: &mut Values, who: &str, account_id: Uuid) -> ContactInput {
    ContactInput {
        account_id,
        name: v.next(who, "contact"),
        title: v.next(who, "title"),
        phone: format!("+86 21 {}", v.quantity()),
        email: format!("p{}@example.cn", v.quantity()),
        wechat: v.next(who, "wechat"),
        buying_role: None,
        stance: None,
        notes: v.next(who, "contact notes"),
    }
}

fn opportunity_input(v: &mut Values, who: &str, account_id: Uuid) -> OpportunityInput {
    OpportunityInput {
        account_id,
        name: v.next(who, "opportunity"),
        expected_value: v.quantity(),
        currency: "CNY".into(),
        expected_close: String::new(),
        probability: None,
        notes: v.next(who, "opportunity notes"),
        stage: None,
    }
}

/// One of `ids` at random.
fn pick(rng: &mut Rng, ids: &[Uuid]) -> Option<Uuid> {
    (!ids.is_empty()).then(|| ids[rng.below(ids.len())])
}

/// One random change of the visit's kinds on laptop `who`; what it did (`None`: nothing to do it on yet).
pub async fn visit_work(
    store: &Store,
    laptops: &[Laptop],
    who: usize,
    rng: &mut Rng,
    v: &mut Values,
) -> Option<&'static str> {
    let me = &laptops[who];
    let conn = open_sqlite(&me.db_path()).await;
    let accounts = ids(
        &conn,
        &format!(
            "SELECT id FROM customer WHERE deleted_at IS NULL AND {}",
            mine(me, "owner_id")
        ),
        me.user_id,
    )
    .await;
    let contacts = ids(
        &conn,
        &format!(
            "SELECT c.id FROM contact c JOIN customer a ON a.id = c.account_id \
             WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL AND {}",
            mine(me, "a.owner_id")
        ),
        me.user_id,
    )
    .await;
    let opportunities = ids(
        &conn,
        &format!(
            "SELECT o.id FROM opportunity o JOIN customer a ON a.id = o.account_id \
             WHERE o.deleted_at IS NULL AND a.deleted_at IS NULL AND {}",
            mine(me, "o.owner_id")
        ),
        me.user_id,
    )
    .await;
    // Live shares of those accounts, live members of those opportunities.
    let shares = ids(
        &conn,
        &format!(
            "SELECT s.id FROM account_share s JOIN customer a ON a.id = s.account_id \
             WHERE s.deleted_at IS NULL AND a.deleted_at IS NULL AND {}",
            mine(me, "a.owner_id")
        ),
        me.user_id,
    )
    .await;
    let members = ids(
        &conn,
        &format!(
            "SELECT m.id FROM opportunity_member m JOIN opportunity o ON o.id = m.opportunity_id \
             WHERE m.deleted_at IS NULL AND o.deleted_at IS NULL AND {}",
            mine(me, "o.owner_id")
        ),
        me.user_id,
    )
    .await;
    conn.close().await.unwrap();
    // Colleagues to share with: the directory's reps and managers but oneself.
    let colleagues: Vec<Uuid> = store
        .list_colleagues()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.id != me.user_id && c.active && c.role != Some(Role::Admin))
        .map(|c| c.id)
        .collect();
    let done = match rng.below(100) {
        0..18 => {
            let account = pick(rng, &accounts)?;
            store
                .create_contact(&contact_input(v, me.name, account), Origin::Ui)
                .await
                .unwrap();
            "contact created"
        }
        18..33 => {
            let id = pick(rng, &contacts)?;
            let before = store.get_contact(id).await.unwrap();
            let fresh = contact_input(v, me.name, before.account_id);
            let mut input = ContactInput {
                account_id: before.account_id,
                name: before.name,
                title: before.title,
                phone: before.phone,
                email: before.email,
                wechat: before.wechat,
                buying_role: before.buying_role,
                stance: before.stance,
                notes: before.notes,
            };
            match rng.below(4) {
                0 => input.name = fresh.name,
                1 => input.phone = fresh.phone,
                2 => input.wechat = fresh.wechat,
                _ => input.notes = fresh.notes,
            }
            store.update_contact(id, &input, Origin::Ui).await.unwrap();
            "contact edited"
        }
        33..40 => {
            let id = pick(rng, &contacts)?;
            store.delete_contact(id, Origin::Ui).await.unwrap();
            "contact deleted"
        }
        40..52 => {
            let account = pick(rng, &accounts)?;
            let at = fieldquote_domain::device_time::parse("2027-01-05T10:30:00+08:00").unwrap();
            store
                .create_opportunity(&opportunity_input(v, me.name, account), at, Origin::Ui)
                .await
                .unwrap();
            "opportunity created"
        }
        52..60 => {
            let id = pick(rng, &opportunities)?;
            let o = store.get_opportunity(id).await.unwrap();
            let mut input = opportunity_input(v, me.name, o.account_id);
            if rng.percent(50) {
                input.name = o.name;
            } else {
                input.notes = o.notes;
            }
            input.expected_close = o.expected_close;
            input.probability = Some(u32::from(o.probability));
            store
                .update_opportunity(id, &input, Origin::Ui)
                .await
                .unwrap();
            "opportunity edited"
        }
        60..70 => {
            let opportunity = pick(rng, &opportunities)?;
            let products = store.list_products("").await.unwrap();
            let draft = QuoteDraft {
                id: None,
                customer_id: None,
                notes: v.next(me.name, "notes"),
                lines: vec![QuoteLineDraft {
                    id: None,
                    product_id: products[rng.below(products.len())].id,
                    quantity: v.quantity(),
                    discount_percent: "0".into(),
                    ..Default::default()
                }],
                ..Default::default()
            };
            store
                .save_quote_for_opportunity(opportunity, &draft, Origin::Ui)
                .await
                .unwrap();
            "quote made on an opportunity"
        }
        70..80 => {
            let account = pick(rng, &accounts)?;
            let user = pick(rng, &colleagues)?;
            store
                .share_account(account, user, Origin::Ui)
                .await
                .unwrap();
            "account shared"
        }
        80..86 => {
            let share = pick(rng, &shares)?;
            let s = shared_with(me, "account_share", "account_id", share).await;
            store.unshare_account(s.0, s.1, Origin::Ui).await.unwrap();
            "account share withdrawn"
        }
        86..93 => {
            let opportunity = pick(rng, &opportunities)?;
            // Mostly a colleague on a laptop here, who then receives (and loses) the opportunity's quotes.
            let on_laptops: Vec<Uuid> = laptops
                .iter()
                .map(|l| l.user_id)
                .filter(|u| *u != me.user_id)
                .collect();
            let among = if rng.percent(70) {
                &on_laptops
            } else {
                &colleagues
            };
            let user = pick(rng, among)?;
            let role = [
                MemberRole::Sales,
                MemberRole::Presales,
                MemberRole::Contract,
            ][rng.below(3)];
            store
                .add_opportunity_member(
                    &MemberInput {
                        opportunity_id: opportunity,
                        user_id: user,
                        role,
                    },
                    Origin::Ui,
                )
                .await
                .unwrap();
            "opportunity member added"
        }
        _ => {
            let member = pick(rng, &members)?;
            let m = shared_with(me, "opportunity_member", "opportunity_id", member).await;
            store
                .remove_opportunity_member(m.0, m.1, Origin::Ui)
                .await
                .unwrap();
            "opportunity member removed"
        }
    };
    Some(done)
}
