//! `fq proposal`: list, show, start, edit by library block, send, revise, write the PDF, sign and verify.

use anyhow::{Context, Result, bail};

use fieldquote_domain::proposal::Proposal;
use fieldquote_service::opportunity;
use fieldquote_service::proposal::{self, SignInput, VerifyOutcome};
use fieldquote_store::{Origin, Store};

use crate::args::{Format, ProposalCmd};
use crate::print::{print_json, print_list, print_table};

/// One line about a version.
fn summary(p: &Proposal) -> String {
    format!(
        "{} \"{}\" version {} ({})",
        p.id,
        p.title,
        p.version,
        p.status.as_str()
    )
}

fn print_proposal(p: &Proposal) {
    println!("{}", summary(p));
    if !p.content_hash.is_empty() {
        println!("Sent {} · content {}", p.sent_at, p.content_hash);
    }
    if let Some(s) = &p.signature {
        let by = if s.title.is_empty() {
            s.name.clone()
        } else {
            format!("{}, {}", s.name, s.title)
        };
        println!("Signed by {by} at {}", s.signed_at);
        println!("Document the client saw: {}", s.seen_sha256);
        println!("Signed PDF: {}", s.signed_pdf_sha256);
        if s.witnessed_at.is_empty() {
            println!("Not received by the server yet (sync to have it witnessed).");
        } else {
            println!("Received by the server at {}", s.witnessed_at);
        }
    }
    let rows: Vec<Vec<String>> = p
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                (i + 1).to_string(),
                s.kind.as_str().to_string(),
                s.title.clone(),
                if s.required { "required" } else { "" }.to_string(),
            ]
        })
        .collect();
    print_table(&["#", "KIND", "TITLE", ""], &rows);
}

pub async fn run(store: &Store, cmd: ProposalCmd) -> Result<()> {
    match cmd {
        ProposalCmd::List {
            opportunity: key,
            format,
        } => {
            let opportunity = match key {
                Some(k) => Some(opportunity::find(store, &k).await?.id),
                None => None,
            };
            let list = proposal::list(store, opportunity).await?;
            print_list(
                format,
                list,
                &[
                    "ID",
                    "TITLE",
                    "VERSION",
                    "STATUS",
                    "SIGNED BY",
                    "SERVER RECEIVED",
                ],
                |p| {
                    vec![
                        p.id.to_string(),
                        p.title.clone(),
                        p.version.to_string(),
                        p.status.as_str().to_string(),
                        p.signature
                            .as_ref()
                            .map(|s| s.name.clone())
                            .unwrap_or_default(),
                        p.signature
                            .as_ref()
                            .map(|s| s.witnessed_at.clone())
                            .unwrap_or_default(),
                    ]
                },
            )
        }
        ProposalCmd::Show { id, format } => {
            let p = store.get_proposal(id).await?;
            match format {
                Format::Json => print_json(&p)?,
                Format::Table => print_proposal(&p),
            }
            Ok(())
        }
        ProposalCmd::New {
            opportunity: key,
            title,
            lang,
            blocks,
            format,
        } => {
            let o = opportunity::find(store, &key).await?;
            let mut p =
                proposal::create(store, o.id, title.as_deref(), lang.0, Origin::Cli).await?;
            for block in blocks {
                p = proposal::add_block(store, p.id, block, None, Origin::Cli).await?;
            }
            match format {
                Format::Json => print_json(&p)?,
                Format::Table => println!("Started {}", summary(&p)),
            }
            Ok(())
        }
        ProposalCmd::Add { id, block } => {
            let p = proposal::add_block(store, id, block, None, Origin::Cli).await?;
            println!("Added the block to {}", summary(&p));
            Ok(())
        }
        ProposalCmd::Send { id } => {
            let p = proposal::send(store, id, Origin::Cli).await?;
            println!("Sent {}; content {}", summary(&p), p.content_hash);
            Ok(())
        }
        ProposalCmd::Revise { id } => {
            let p = proposal::revise(store, id, Origin::Cli).await?;
            println!("Revised: {}", summary(&p));
            Ok(())
        }
        ProposalCmd::Pdf { id, out } => {
            let f = proposal::write_pdf(store, id, &out).await?;
            println!("Wrote {} ({} bytes)", f.path, f.bytes);
            Ok(())
        }
        ProposalCmd::Sign {
            id,
            name,
            title,
            signature,
            take,
            out,
        } => {
            let png = std::fs::read(&signature)
                .with_context(|| format!("cannot read the signature {}", signature.display()))?;
            let p = proposal::sign(
                store,
                id,
                &SignInput {
                    taken_lines: take,
                    name,
                    title,
                    signature_png: png,
                },
                Origin::Cli,
            )
            .await?;
            println!("Signed: {}", summary(&p));
            if let Some(out) = out {
                let f = proposal::write_pdf(store, id, &out).await?;
                println!("Wrote {} ({} bytes)", f.path, f.bytes);
            }
            Ok(())
        }
        ProposalCmd::Verify {
            file,
            proposal: expected,
            format,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = proposal::verify(store, &bytes, expected).await?;
            match format {
                Format::Json => print_json(&report)?,
                Format::Table => {
                    let what = report.proposal.as_ref().map(summary).unwrap_or_default();
                    println!(
                        "{}: {}",
                        file.display(),
                        match report.outcome {
                            VerifyOutcome::Valid =>
                                format!("valid — exactly {what} as the client signed it"),
                            VerifyOutcome::Altered =>
                                format!("ALTERED — it is not what was signed as {what}"),
                            VerifyOutcome::OtherVersion =>
                                format!("OTHER VERSION — it was not signed as {what}"),
                            VerifyOutcome::NotSigned =>
                                format!("NOT SIGNED — {what} has no signature"),
                            VerifyOutcome::Unknown =>
                                "UNKNOWN — it names no proposal version on this computer".into(),
                        }
                    );
                }
            }
            if report.outcome != VerifyOutcome::Valid {
                bail!("the PDF does not verify");
            }
            Ok(())
        }
    }
}
