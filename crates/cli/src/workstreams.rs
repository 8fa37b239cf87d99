//! `fq workstream`: an opportunity's parallel workstreams and their checklists.

use anyhow::Result;
use uuid::Uuid;

use fieldquote_domain::workstream::{
    WorkState, WorkstreamInput, WorkstreamItemInput, WorkstreamKind, WorkstreamView,
};
use fieldquote_service::{opportunity, workstream};
use fieldquote_store::{Origin, Store};

use crate::args::{Format, WorkstreamCmd};
use crate::print::print_json;
use crate::words::{self, Words};

fn id(field: &str, raw: &str) -> Result<Uuid> {
    raw.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{field}: not an id: {raw}"))
}

pub async fn run(store: &Store, cmd: WorkstreamCmd) -> Result<()> {
    match cmd {
        WorkstreamCmd::List {
            opportunity: key,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let all = workstream::list(store, o.id).await?;
            match format {
                Format::Json => print_json(&all)?,
                Format::Table => print_workstreams(&all),
            }
        }
        WorkstreamCmd::Add {
            opportunity: key,
            kind,
            owner,
            due,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let mut w = Words::default();
            let kind = w.read("kind", &kind, WorkstreamKind::parse_field);
            w.finish()?;
            let owner_user_id = match owner {
                Some(k) => Some(words::user_id(store, &k).await?),
                None => None,
            };
            let input = WorkstreamInput {
                opportunity_id: o.id,
                kind: kind.unwrap_or(WorkstreamKind::Technical),
                owner_user_id,
                due_date: due,
                blocker: String::new(),
                done: false,
            };
            let v = workstream::create(store, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => println!(
                    "Added the {} workstream to {} ({})",
                    v.workstream.kind, o.name, v.workstream.id
                ),
            }
        }
        WorkstreamCmd::Set {
            id: raw,
            owner,
            due,
            blocker,
            done,
            format,
        } => {
            let ws = workstream::get(store, id("id", &raw)?).await?.workstream;
            let owner_user_id = match owner {
                Some(k) => Some(words::user_id(store, &k).await?),
                None => ws.owner_user_id,
            };
            let input = WorkstreamInput {
                opportunity_id: ws.opportunity_id,
                kind: ws.kind,
                owner_user_id,
                due_date: due.unwrap_or(ws.due_date),
                blocker: blocker.unwrap_or(ws.blocker),
                done: done.unwrap_or(ws.done),
            };
            let v = workstream::update(store, ws.id, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => print_workstreams(&[v]),
            }
        }
        WorkstreamCmd::Item { id: raw, text, due } => {
            let ws = workstream::get(store, id("id", &raw)?).await?.workstream;
            let item = workstream::add_item(
                store,
                &WorkstreamItemInput {
                    workstream_id: ws.id,
                    text,
                    done: false,
                    due_date: due,
                },
                Origin::Cli,
            )
            .await?;
            println!(
                "Added “{}” to the {} workstream ({})",
                item.text, ws.kind, item.id
            );
        }
        WorkstreamCmd::Check {
            id: raw,
            item,
            undo,
        } => {
            let v = workstream::get(store, id("id", &raw)?).await?;
            let item_id = id("item", &item)?;
            let it = v
                .items
                .iter()
                .map(|i| &i.item)
                .find(|i| i.id == item_id)
                .ok_or_else(|| anyhow::anyhow!("no such item on this workstream: {item}"))?;
            workstream::update_item(
                store,
                it.id,
                &WorkstreamItemInput {
                    workstream_id: v.workstream.id,
                    text: it.text.clone(),
                    done: !undo,
                    due_date: it.due_date.clone(),
                },
                Origin::Cli,
            )
            .await?;
            println!(
                "“{}” is {}.",
                it.text,
                if undo { "open again" } else { "done" }
            );
        }
    }
    Ok(())
}

fn state_word(s: WorkState) -> &'static str {
    match s {
        WorkState::Done => "done",
        WorkState::OnTrack => "on track",
        WorkState::Blocked => "blocked",
        WorkState::Late => "late",
    }
}

/// Each workstream with its state today, owner, blocker and checklist.
pub fn print_workstreams(all: &[WorkstreamView]) {
    for v in all {
        let w = &v.workstream;
        let owner = if v.owner_name.is_empty() {
            "unassigned"
        } else {
            v.owner_name.as_str()
        };
        println!(
            "  {} ({}): {}  due {}  {}/{} done{}",
            w.kind,
            w.id,
            state_word(v.state),
            if w.due_date.is_empty() {
                "—"
            } else {
                &w.due_date
            },
            v.items_done,
            v.items.len(),
            format_args!(", {owner}"),
        );
        if !w.blocker.is_empty() {
            println!("    blocked: {}", w.blocker);
        }
        for i in &v.items {
            let mark = if i.item.done { "x" } else { " " };
            println!(
                "    [{mark}] {} {} ({})",
                i.item.text, i.item.due_date, i.item.id
            );
        }
    }
}
