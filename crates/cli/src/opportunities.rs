//! `fq opportunity`: list, show, add, edit, move stages and members.

use anyhow::Result;

use fieldquote_domain::opportunity::{
    LostReason, MemberInput, MemberRole, OpportunityFilter, OpportunityInput, OpportunityPage,
    OpportunitySort, Stage, StageMove,
};
use fieldquote_service::{account, opportunity};
use fieldquote_store::{Origin, Store};

use crate::accounts::{section, shown};
use crate::args::{Format, OpportunityCmd};
use crate::print::{print_json, print_table};
use crate::words::{self, Words};

const SORTS: &str = "name, account, stage, expected_value, expected_close, probability, updated_at";

pub async fn run(store: &Store, cmd: OpportunityCmd) -> Result<()> {
    match cmd {
        OpportunityCmd::List {
            query,
            account,
            owner,
            stage,
            open,
            industry,
            close_from,
            close_to,
            sort,
            window,
        } => {
            let mut w = Words::default();
            let stage = w.given("stage", stage.as_deref(), Stage::parse_field);
            w.finish()?;
            let filter = OpportunityFilter {
                text: query.unwrap_or_default(),
                account_id: match account {
                    Some(a) => Some(account::find(store, &a).await?.id),
                    None => None,
                },
                owner_id: match owner {
                    Some(o) => Some(words::user_id(store, &o).await?),
                    None => None,
                },
                stage,
                open_only: open,
                industry: industry.unwrap_or_default(),
                close_from: close_from.unwrap_or_default(),
                close_to: close_to.unwrap_or_default(),
            };
            let sort: OpportunitySort = words::sort(&sort, SORTS)?;
            let page = opportunity::list(store, &words::list_query(filter, sort, &window)).await?;
            match window.format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    print_opportunities(page.rows.iter().map(|o| OpportunityCells {
                        name: &o.name,
                        account: Some(&o.account_name),
                        stage: o.stage,
                        value: &o.expected_value_shown,
                        close: &o.expected_close,
                        probability: o.probability,
                    }));
                    shown(page.offset, page.rows.len(), page.total, "opportunities");
                }
            }
        }
        OpportunityCmd::Show {
            opportunity: key,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let page = opportunity::page(store, o.id).await?;
            match format {
                Format::Json => print_json(&page)?,
                Format::Table => print_page(&page),
            }
        }
        OpportunityCmd::Add {
            account,
            name,
            value,
            currency,
            close,
            probability,
            stage,
            notes,
            format,
        } => {
            let a = account::find(store, &account).await?;
            let mut w = Words::default();
            let stage = w.given("stage", stage.as_deref(), Stage::parse_field);
            w.finish()?;
            let input = OpportunityInput {
                account_id: a.id,
                name,
                expected_value: value,
                currency,
                expected_close: close,
                probability,
                notes,
                stage,
            };
            let o = opportunity::create(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&o)?,
                Format::Table => println!(
                    "Added opportunity {} for {} at {} ({})",
                    o.name, a.name, o.stage, o.id
                ),
            }
        }
        OpportunityCmd::Edit {
            opportunity: key,
            name,
            value,
            currency,
            close,
            probability,
            notes,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let input = OpportunityInput {
                account_id: o.account_id,
                name: name.unwrap_or(o.name),
                expected_value: value.unwrap_or(o.expected_value),
                currency: currency.unwrap_or(o.currency),
                expected_close: close.unwrap_or(o.expected_close),
                probability: Some(probability.unwrap_or(u32::from(o.probability))),
                notes: notes.unwrap_or(o.notes),
                stage: None,
            };
            let o = opportunity::update(store, o.id, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&o)?,
                Format::Table => println!("Saved opportunity {} ({})", o.name, o.id),
            }
        }
        OpportunityCmd::Stage {
            opportunity: key,
            stage,
            reason,
            competitor,
            quote,
            note,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let mut w = Words::default();
            let to = w.read("stage", &stage, Stage::parse_field);
            let lost_reason = w.given("lost_reason", reason.as_deref(), LostReason::parse_field);
            w.finish()?;
            let won_quote_id = match quote {
                Some(n) => Some(store.quote_id_by_number(&n).await?),
                None => None,
            };
            let mv = StageMove {
                to: to.unwrap_or(Stage::NeedsIdentified),
                lost_reason,
                competitor,
                won_quote_id,
                reason: note,
            };
            let o = opportunity::move_stage(store, o.id, &mv, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&o)?,
                Format::Table => println!("{} is now {} ({} %).", o.name, o.stage, o.probability),
            }
        }
        OpportunityCmd::Member {
            opportunity: key,
            colleague,
            role,
            remove,
        } => {
            let o = opportunity::find(store, &key).await?;
            let user_id = words::user_id(store, &colleague).await?;
            if remove {
                match opportunity::remove_member(store, o.id, user_id, Origin::Cli).await? {
                    0 => println!("{colleague} was not a member of {}.", o.name),
                    _ => println!("{colleague} is no longer a member of {}.", o.name),
                }
            } else {
                let mut w = Words::default();
                let role = w.read("role", &role, MemberRole::parse_field);
                w.finish()?;
                let m = opportunity::add_member(
                    store,
                    &MemberInput {
                        opportunity_id: o.id,
                        user_id,
                        role: role.unwrap_or(MemberRole::Other),
                    },
                    Origin::Cli,
                )
                .await?;
                println!("{} is a member of {} ({}).", m.name, o.name, m.role);
            }
        }
    }
    Ok(())
}

fn print_page(p: &OpportunityPage) {
    let o = &p.opportunity;
    println!("{}  ({})", o.name, o.id);
    println!("  Account: {}", p.account_name);
    println!(
        "  Stage: {}  Probability: {} %  Value: {} {} (weighted {})",
        o.stage, o.probability, o.expected_value, o.currency, o.weighted_value
    );
    if !o.expected_close.is_empty() {
        println!("  Expected close: {}", o.expected_close);
    }
    if let Some(r) = o.lost_reason {
        println!("  Lost: {r} {}", o.competitor);
    }
    section("Members", p.members.len());
    for m in &p.members {
        println!("  {} ({})", m.name, m.role);
    }
    section("Stage history", p.stage_changes.len());
    for c in &p.stage_changes {
        let from = c.from.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
        println!("  {}  {from} → {}  {}", c.at, c.to, c.reason);
    }
    section("Workstreams", p.workstreams.len());
    crate::workstreams::print_workstreams(&p.workstreams);
    section("Requirements", p.needs.requirements.len());
    for r in &p.needs.requirements {
        println!("  [{}] {} — {}", r.priority, r.text, r.fit);
    }
    section("Quotes", p.quotes.len());
    print_table(
        &["NUMBER", "STATUS", "TOTAL"],
        &p.quotes
            .iter()
            .map(|q| {
                vec![
                    q.number.clone(),
                    q.shown_status.as_str().to_string(),
                    format!("{} {}", q.shown_total, q.currency.code()),
                ]
            })
            .collect::<Vec<_>>(),
    );
    section("Activities", p.activities.len());
    for v in &p.activities {
        println!("  {} {} {}", v.starts_at, v.kind, v.subject);
    }
}

/// What a table row of an opportunity shows, from a list row or an account page's opportunity.
pub(crate) struct OpportunityCells<'a> {
    pub name: &'a str,
    /// `None`: the table is of one account's opportunities (no account column).
    pub account: Option<&'a str>,
    pub stage: Stage,
    /// As `domain::format` shows it (`CNY 1,200,000.00`).
    pub value: &'a str,
    pub close: &'a str,
    pub probability: u8,
}

/// Opportunities as a table; the account column only when the rows say whose they are.
pub(crate) fn print_opportunities<'a>(rows: impl Iterator<Item = OpportunityCells<'a>>) {
    let rows: Vec<OpportunityCells> = rows.collect();
    let with_account = rows.iter().any(|o| o.account.is_some());
    let mut headers = vec!["NAME"];
    if with_account {
        headers.push("ACCOUNT");
    }
    headers.extend(["STAGE", "VALUE", "CLOSE", "PROB"]);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|o| {
            let mut row = vec![o.name.to_string()];
            if with_account {
                row.push(o.account.unwrap_or_default().to_string());
            }
            row.extend([
                o.stage.to_string(),
                o.value.to_string(),
                o.close.to_string(),
                format!("{} %", o.probability),
            ]);
            row
        })
        .collect();
    print_table(&headers, &cells);
}
