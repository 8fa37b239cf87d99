//! `fq activity` (log, check in and out, correct, next steps, list, the agenda) and `fq feedback`.

use anyhow::Result;
use uuid::Uuid;

use fieldquote_domain::activity::{ActivityFilter, ActivityInput, ActivityKind, ActivitySort};
use fieldquote_domain::feedback::{
    FeedbackAction, FeedbackCategory, FeedbackFilter, FeedbackInput, FeedbackSort, FeedbackStatus,
    Severity,
};
use fieldquote_service::activity::{self, WrapUp};
use fieldquote_service::{account, feedback, opportunity};
use fieldquote_store::{Origin, Store};

use crate::accounts::shown;
use crate::args::{ActivityAbout, ActivityCmd, FeedbackCmd, Format};
use crate::print::{print_json, print_table};
use crate::words::{self, Words};

fn id(raw: &str) -> Result<Uuid> {
    raw.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("not an id: {raw}"))
}

/// The activity input the arguments describe (account, opportunity and contacts looked up by name).
async fn about(store: &Store, a: ActivityAbout, kind: ActivityKind) -> Result<ActivityInput> {
    let account = account::find(store, &a.account).await?;
    let opportunity_id = match a.opportunity {
        Some(o) => Some(opportunity::find(store, &o).await?.id),
        None => None,
    };
    let mut contact_ids = Vec::new();
    for c in &a.contacts {
        contact_ids.push(crate::contacts::find(store, account.id, c).await?.id);
    }
    Ok(ActivityInput {
        account_id: account.id,
        opportunity_id,
        kind,
        subject: a.subject,
        notes: a.notes,
        starts_at: String::new(),
        ends_at: String::new(),
        contact_ids,
        user_ids: Vec::new(),
        outcome: String::new(),
        next_step: String::new(),
        next_step_due: String::new(),
        next_step_done: false,
    })
}

fn said(a: &fieldquote_domain::activity::Activity, format: Format, what: &str) -> Result<()> {
    match format {
        Format::Json => print_json(a)?,
        Format::Table => println!("{what} {} ({})", a.subject, a.id),
    }
    Ok(())
}

pub async fn run(store: &Store, cmd: ActivityCmd) -> Result<()> {
    match cmd {
        ActivityCmd::Log {
            kind,
            about: a,
            starts,
            ends,
            wrap_up,
            format,
        } => {
            let mut w = Words::default();
            let kind = w.read("kind", &kind, ActivityKind::parse_field);
            w.finish()?;
            let mut input = about(store, a, kind.unwrap_or(ActivityKind::Note)).await?;
            input.starts_at = starts;
            input.ends_at = ends;
            input.outcome = wrap_up.outcome.unwrap_or_default();
            input.next_step = wrap_up.next_step.unwrap_or_default();
            input.next_step_due = wrap_up.due.unwrap_or_default();
            let v = activity::log(store, &input, Origin::Cli).await?;
            said(&v, format, "Logged")
        }
        ActivityCmd::CheckIn { about: a, format } => {
            let input = about(store, a, ActivityKind::Visit).await?;
            let v = activity::check_in(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => println!("Checked in at {} ({})", v.checked_in_at, v.id),
            }
            Ok(())
        }
        ActivityCmd::CheckOut {
            id: raw,
            wrap_up,
            format,
        } => {
            let wrap_up = WrapUp {
                outcome: wrap_up.outcome,
                next_step: wrap_up.next_step,
                next_step_due: wrap_up.due,
            };
            let v = activity::check_out_with(store, id(&raw)?, wrap_up, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => println!("Checked out at {} ({})", v.checked_out_at, v.id),
            }
            Ok(())
        }
        ActivityCmd::Correct {
            id: raw,
            starts,
            ends,
        } => {
            let v = activity::correct_times(store, id(&raw)?, &starts, &ends, Origin::Cli).await?;
            println!(
                "{} now runs {} – {} (checked in {}, out {}).",
                v.subject, v.starts_at, v.ends_at, v.checked_in_at, v.checked_out_at
            );
            Ok(())
        }
        ActivityCmd::Done { id: raw, undo } => {
            let v = activity::next_step_done(store, id(&raw)?, !undo, Origin::Cli).await?;
            println!(
                "Next step “{}” is {}.",
                v.next_step,
                if v.next_step_done { "done" } else { "open" }
            );
            Ok(())
        }
        ActivityCmd::List {
            query,
            account,
            opportunity: opp,
            owner,
            kind,
            from,
            to,
            open_next_steps,
            sort,
            window,
        } => {
            let mut w = Words::default();
            let kind = w.given("kind", kind.as_deref(), ActivityKind::parse_field);
            w.finish()?;
            let filter = ActivityFilter {
                text: query.unwrap_or_default(),
                account_id: match account {
                    Some(a) => Some(account::find(store, &a).await?.id),
                    None => None,
                },
                opportunity_id: match opp {
                    Some(o) => Some(opportunity::find(store, &o).await?.id),
                    None => None,
                },
                owner_id: match owner {
                    Some(o) => Some(words::user_id(store, &o).await?),
                    None => None,
                },
                kind,
                from: from.unwrap_or_default(),
                to: to.unwrap_or_default(),
                open_next_steps,
            };
            let sort: ActivitySort =
                words::sort(&sort, "starts_at, kind, subject, account, next_step_due")?;
            let page = activity::list(store, &words::list_query(filter, sort, &window)).await?;
            match window.format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    print_table(
                        &["STARTS", "KIND", "ACCOUNT", "SUBJECT", "NEXT STEP", "DUE"],
                        &page
                            .rows
                            .iter()
                            .map(|v| {
                                vec![
                                    v.starts_at.clone(),
                                    v.kind.to_string(),
                                    v.account_name.clone(),
                                    v.subject.clone(),
                                    v.next_step.clone(),
                                    v.next_step_due.clone(),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    );
                    shown(page.offset, page.rows.len(), page.total, "activities");
                }
            }
            Ok(())
        }
        ActivityCmd::Agenda { format } => {
            let a = activity::agenda(store).await?;
            match format {
                Format::Json => print_json(&a)?,
                Format::Table => {
                    println!("Agenda for {}", a.today);
                    println!("\nOverdue ({})", a.overdue.len());
                    for i in &a.overdue {
                        println!(
                            "  ! {}  {} — {} ({} days late)",
                            i.due, i.account_name, i.next_step, i.days_overdue
                        );
                    }
                    println!("\nToday ({})", a.due_today.len());
                    for i in &a.due_today {
                        println!("  {} — {}", i.account_name, i.next_step);
                    }
                    println!("\nOpen complaints ({})", a.open_complaints.len());
                    for c in &a.open_complaints {
                        println!(
                            "  [{}] {} — {} ({})",
                            c.severity, c.account_name, c.description, c.status
                        );
                    }
                }
            }
            Ok(())
        }
    }
}

pub async fn feedback(store: &Store, cmd: FeedbackCmd) -> Result<()> {
    let act = |action: FeedbackAction, raw: String| async move {
        let f = feedback::act(store, id(&raw)?, &action, Origin::Cli).await?;
        println!("Feedback {} is {}.", f.id, f.status);
        anyhow::Ok(())
    };
    match cmd {
        FeedbackCmd::Add {
            account,
            category,
            severity,
            satisfaction,
            description,
            quote,
            owner,
            format,
        } => {
            let a = account::find(store, &account).await?;
            let mut w = Words::default();
            let category = w.read("category", &category, FeedbackCategory::parse_field);
            let severity = w.read("severity", &severity, Severity::parse_field);
            w.finish()?;
            let (Some(category), Some(severity)) = (category, severity) else {
                anyhow::bail!("category and severity are required");
            };
            let quote_id = match quote {
                Some(n) => Some(store.quote_id_by_number(&n).await?),
                None => None,
            };
            let owner_user_id = match owner {
                Some(o) => Some(words::user_id(store, &o).await?),
                None => None,
            };
            let input = FeedbackInput {
                account_id: a.id,
                product_id: None,
                quote_id,
                category,
                severity,
                satisfaction,
                description,
                owner_user_id,
            };
            let f = feedback::add(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&f)?,
                Format::Table => {
                    println!("Recorded feedback on {} ({}, {})", a.name, f.status, f.id)
                }
            }
            Ok(())
        }
        FeedbackCmd::List {
            account,
            status,
            open,
            sort,
            window,
        } => {
            let mut w = Words::default();
            let status = w.given("status", status.as_deref(), FeedbackStatus::parse_field);
            w.finish()?;
            let filter = FeedbackFilter {
                account_id: match account {
                    Some(a) => Some(account::find(store, &a).await?.id),
                    None => None,
                },
                status,
                open_only: open,
                owner_user_id: None,
            };
            let sort: FeedbackSort = words::sort(&sort, "reported_at, severity, status, account")?;
            let page = feedback::list(store, &words::list_query(filter, sort, &window)).await?;
            match window.format {
                Format::Json => print_json(&page)?,
                Format::Table => {
                    print_table(
                        &[
                            "REPORTED",
                            "STATUS",
                            "SEVERITY",
                            "CATEGORY",
                            "DESCRIPTION",
                            "ID",
                        ],
                        &page
                            .rows
                            .iter()
                            .map(|f| {
                                vec![
                                    f.reported_at.clone(),
                                    f.status.to_string(),
                                    f.severity.to_string(),
                                    f.category.to_string(),
                                    f.description.clone(),
                                    f.id.to_string(),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    );
                    shown(page.offset, page.rows.len(), page.total, "feedback items");
                }
            }
            Ok(())
        }
        FeedbackCmd::Assign { id: raw, owner } => {
            let owner_user_id = words::user_id(store, &owner).await?;
            act(FeedbackAction::Assign { owner_user_id }, raw).await
        }
        FeedbackCmd::Resolve {
            id: raw,
            resolution,
        } => act(FeedbackAction::Resolve { resolution }, raw).await,
        FeedbackCmd::Confirm { id: raw } => act(FeedbackAction::Confirm, raw).await,
        FeedbackCmd::Reopen { id: raw } => act(FeedbackAction::Reopen, raw).await,
    }
}
