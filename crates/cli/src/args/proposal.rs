//! `fq proposal`: proposals, from the template to the signed PDF.

use std::path::PathBuf;

use clap::Subcommand;
use uuid::Uuid;

use super::{Format, LangArg};

#[derive(Subcommand)]
pub enum ProposalCmd {
    /// Versions of proposals, newest first
    List {
        /// Only this opportunity's (id or part of its name)
        #[arg(long)]
        opportunity: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// One version: status, sections, and the signature once signed
    Show {
        id: Uuid,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Start a proposal for an opportunity from the standard template (the case studies of the client's
    /// industry already in); prints its id
    New {
        /// The opportunity (id or part of its name)
        #[arg(long)]
        opportunity: String,
        /// [default: "Proposal: <opportunity>"]
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_enum, default_value_t = LangArg(fieldquote_domain::document::PdfLanguage::En))]
        lang: LangArg,
        /// A library block to copy in as a section (repeatable), e.g. a case study
        #[arg(long = "block", value_name = "BLOCK_ID")]
        blocks: Vec<Uuid>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Copy a library block into a draft as a section (before the terms)
    Add {
        id: Uuid,
        #[arg(value_name = "BLOCK_ID")]
        block: Uuid,
    },
    /// Send a draft: it is frozen as printed now (refused, naming the section, if it does not print)
    Send { id: Uuid },
    /// Revise a sent version: the next version, a draft
    Revise { id: Uuid },
    /// Write a version's PDF (a signed version with its stamped signature page)
    Pdf {
        id: Uuid,
        /// A file, or a folder (the file is named after the client, the title and the date)
        #[arg(long, value_name = "FILE|DIR")]
        out: PathBuf,
    },
    /// The client signs a sent version: their optional items, name, title and signature image (PNG). The
    /// quote becomes accepted and the opportunity won
    Sign {
        id: Uuid,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        title: String,
        /// The signature as a PNG file
        #[arg(long, value_name = "PNG")]
        signature: PathBuf,
        /// An optional quote line the client takes (repeatable; the others are left out)
        #[arg(long = "take", value_name = "LINE_ID")]
        take: Vec<Uuid>,
        /// Also write the signed PDF here
        #[arg(long, value_name = "FILE|DIR")]
        out: Option<PathBuf>,
    },
    /// Check a signed PDF against the version it names (or --proposal): exit status 0 only when it is
    /// exactly what was signed
    Verify {
        file: PathBuf,
        /// The version it must be
        #[arg(long)]
        proposal: Option<Uuid>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}
