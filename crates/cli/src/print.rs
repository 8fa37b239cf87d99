//! Output for people and machines: JSON (money as decimal strings) and aligned tables.

use std::io::Write as _;
use std::path::Path;

use anyhow::Result;

use fieldquote_domain::quote::QuoteView;

use crate::args::Format;

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Print rows as aligned columns (widths by characters; CJK counts double).
pub fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| if c as u32 >= 0x1100 { 2 } else { 1 })
            .sum()
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(width(c)))))
            .collect();
        // A reader that stopped reading (`| head`) ends the table, not the program.
        let _ = writeln!(std::io::stdout(), "{}", parts.join("  ").trim_end());
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Rows as JSON, or as a table of `headers` with one row per item.
pub fn print_list<T: serde::Serialize>(
    format: Format,
    items: Vec<T>,
    headers: &[&str],
    row: impl Fn(T) -> Vec<String>,
) -> Result<()> {
    match format {
        Format::Json => print_json(&items)?,
        Format::Table => print_table(headers, &items.into_iter().map(row).collect::<Vec<_>>()),
    }
    Ok(())
}

/// After an import: what the file held (`12 products`) and what it changed.
pub fn report_import(what: &str, file: &Path, created: usize, updated: usize, unchanged: usize) {
    println!(
        "Imported {what} from {}: {created} new, {updated} updated, {unchanged} unchanged.",
        file.display()
    );
}

/// After a lifecycle step: the quote as JSON, or one line saying what happened.
pub fn report_quote(q: &QuoteView, format: Format, what: &str) -> Result<()> {
    match format {
        Format::Json => print_json(q)?,
        Format::Table => println!(
            "Quote {} {what} (status {}).",
            q.number.as_deref().unwrap_or(""),
            q.shown_status.as_str()
        ),
    }
    Ok(())
}
