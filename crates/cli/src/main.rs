//! `fq`: Fieldquote from the command line, over the same crates as the desktop app.
//!
//! Output for machines with `--format json` (money as decimal strings); errors on stderr with a non-zero exit
//! code (1 for a failed command, 2 for a usage error).
//!
//! The command line is declared in [`args`]; each area's subcommands are in its module (`accounts`,
//! `contacts`, `content`, `opportunities`, `workstreams`, `needs`, `activities` (and feedback), `catalog`,
//! `price_lists`, `quotes`, `approvals`, `settings`, `search`, `sync`, `demo`), which parses, calls the
//! store or a use case of `fieldquote-service` (the same ones the app calls), and prints with [`print`].

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use fieldquote_domain::import::{PriceListFile, ProductRow};
use fieldquote_store::{DATA_DIR_ENV, Store, default_data_dir};

mod accounts;
mod activities;
mod approvals;
mod args;
mod catalog;
mod contacts;
mod content;
mod demo;
mod errors;
mod needs;
mod opportunities;
mod price_lists;
mod print;
mod proposals;
mod quotes;
mod search;
mod settings;
mod sync;
mod words;
mod workstreams;

use args::{Cli, Command, ExportCmd, ImportCmd};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fq: error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fq: error: {}", errors::describe(&e));
            ExitCode::FAILURE
        }
    }
}

/// A file to import, read and checked before the database is opened: a refused file leaves every byte of the
/// database as it was.
enum Imported {
    Products(Vec<ProductRow>),
    PriceLists(PriceListFile),
}

async fn run(cli: Cli) -> Result<()> {
    let imported = match &cli.command {
        Command::Import(ImportCmd::Products { file }) => {
            Some(Imported::Products(catalog::read(file)?))
        }
        Command::Import(ImportCmd::PriceList { file }) => {
            Some(Imported::PriceLists(price_lists::read(file)?))
        }
        _ => None,
    };
    let store = open(cli.data_dir.as_deref()).await?;
    let result = execute(&store, cli.command, imported).await;
    // Close the pool before exiting, whatever happened: the last connection checkpoints the WAL, so a command
    // (even a refused one) leaves the database files in the same settled state.
    let closed = store.close().await;
    result?;
    Ok(closed?)
}

async fn open(data_dir: Option<&Path>) -> Result<Store> {
    let dir = data_dir.map_or_else(default_data_dir, Path::to_path_buf);
    Store::open(&dir).await.with_context(|| {
        format!(
            "cannot open the Fieldquote data in {} (set --data-dir or {DATA_DIR_ENV})",
            dir.display()
        )
    })
}

async fn execute(store: &Store, command: Command, imported: Option<Imported>) -> Result<()> {
    match (command, imported) {
        (Command::Demo, _) => demo::load(store).await,
        (Command::Info { format }, _) => demo::info(store, format).await,
        (Command::Account(cmd), _) => accounts::run(store, cmd).await,
        (Command::Contact(cmd), _) => contacts::run(store, cmd).await,
        (Command::Opportunity(cmd), _) => opportunities::run(store, cmd).await,
        (Command::Workstream(cmd), _) => workstreams::run(store, cmd).await,
        (Command::Needs(cmd), _) => needs::run(store, cmd).await,
        (Command::Activity(cmd), _) => activities::run(store, cmd).await,
        (Command::Feedback(cmd), _) => activities::feedback(store, cmd).await,
        (Command::Product(cmd), _) => catalog::run(store, cmd).await,
        (Command::PriceList(cmd), _) => price_lists::run(store, cmd).await,
        (Command::Import(ImportCmd::Products { file }), Some(Imported::Products(rows))) => {
            catalog::import(store, &file, &rows).await
        }
        (Command::Import(ImportCmd::PriceList { file }), Some(Imported::PriceLists(lists))) => {
            price_lists::import(store, &file, &lists).await
        }
        (Command::Import(_), _) => anyhow::bail!("the file to import was not read"),
        (Command::Export(ExportCmd::Products { out }), _) => catalog::export(store, out).await,
        (Command::Export(ExportCmd::PriceList { out }), _) => price_lists::export(store, out).await,
        (Command::Quote(cmd), _) => quotes::run(store, cmd).await,
        (Command::Content(cmd), _) => content::run(store, cmd).await,
        (Command::Proposal(cmd), _) => proposals::run(store, cmd).await,
        (Command::Approvals { format }, _) => approvals::list(store, format).await,
        (
            Command::Search {
                query,
                limit,
                format,
            },
            _,
        ) => search::run(store, &query, limit, format).await,
        (Command::Settings(cmd), _) => settings::run(store, cmd).await,
        (
            Command::Login {
                server,
                email,
                password_env,
            },
            _,
        ) => sync::login(store, &server, &email, &password_env).await,
        (Command::Sync(args), _) => sync::run(store, args).await,
    }
}
