//! `fq needs`: an opportunity's needs and SWOT (JSON in and out) and its requirements.

use std::io::Read as _;

use anyhow::{Context, Result};

use fieldquote_domain::needs::{
    NeedsInput, NeedsView, RequirementFit, RequirementInput, RequirementPriority,
};
use fieldquote_service::{needs, opportunity};
use fieldquote_store::{Origin, Store};

use crate::args::{Format, NeedsCmd};
use crate::print::print_json;
use crate::words::Words;

/// The most JSON `needs edit` reads: far more than any needs form holds.
const MAX_JSON: u64 = 4 * 1024 * 1024;

pub async fn run(store: &Store, cmd: NeedsCmd) -> Result<()> {
    match cmd {
        NeedsCmd::Show {
            opportunity: key,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let v = needs::get(store, o.id).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => print_needs(&v),
            }
        }
        NeedsCmd::Edit {
            opportunity: key,
            file,
            format,
        } => {
            // Read and parsed before anything is written: a bad file changes nothing.
            let mut text = String::new();
            let read = if file.as_os_str() == "-" {
                std::io::stdin()
                    .take(MAX_JSON + 1)
                    .read_to_string(&mut text)
            } else {
                std::fs::File::open(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?
                    .take(MAX_JSON + 1)
                    .read_to_string(&mut text)
            };
            read.context("cannot read the needs JSON")?;
            anyhow::ensure!(
                text.len() as u64 <= MAX_JSON,
                "the needs JSON is larger than {} MB",
                MAX_JSON / 1024 / 1024
            );
            let input: NeedsInput =
                serde_json::from_str(&text).context("the needs JSON is not a needs object")?;
            let o = opportunity::find(store, &key).await?;
            let v = needs::save(store, o.id, &input, Origin::Cli).await?;
            match format {
                Format::Json => print_json(&v)?,
                Format::Table => println!("Saved the needs of {}.", o.name),
            }
        }
        NeedsCmd::Requirement {
            opportunity: key,
            text,
            priority,
            fit,
            notes,
        } => {
            let o = opportunity::find(store, &key).await?;
            let mut w = Words::default();
            let priority = w.read("priority", &priority, RequirementPriority::parse_field);
            let fit = w.read("fit", &fit, RequirementFit::parse_field);
            w.finish()?;
            let (Some(priority), Some(fit)) = (priority, fit) else {
                anyhow::bail!("priority and fit are required");
            };
            let r = needs::add_requirement(
                store,
                &RequirementInput {
                    opportunity_id: o.id,
                    text,
                    priority,
                    fit,
                    notes,
                },
                Origin::Cli,
            )
            .await?;
            println!("Added requirement “{}” to {} ({})", r.text, o.name, r.id);
        }
    }
    Ok(())
}

fn print_needs(v: &NeedsView) {
    let n = &v.needs;
    for (label, text) in [
        ("Background", &n.background),
        ("Pains", &n.pains),
        ("Goals", &n.goals),
        ("Budget", &n.budget),
        ("Timeline", &n.timeline),
        ("Decision criteria", &n.decision_criteria),
        ("Competitors", &n.competitors),
    ] {
        if !text.is_empty() {
            println!("{label}: {text}");
        }
    }
    for (label, list) in [
        ("Strengths", &n.swot.strengths),
        ("Weaknesses", &n.swot.weaknesses),
        ("Opportunities", &n.swot.opportunities),
        ("Threats", &n.swot.threats),
    ] {
        if !list.is_empty() {
            println!("{label}: {}", list.join("; "));
        }
    }
    println!("\nRequirements ({})", v.requirements.len());
    for r in &v.requirements {
        println!("  [{}] {} — {}", r.priority, r.text, r.fit);
    }
    if v.fit.must_gaps > 0 {
        println!("  {} must-have requirement(s) not met.", v.fit.must_gaps);
    }
}
