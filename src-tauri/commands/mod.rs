//! Tauri commands: parse arguments, call the crate that owns the work, map the error. No logic here.

pub mod accounts;
pub mod activities;
pub mod app;
pub mod approvals;
pub mod buying_process;
pub mod catalog;
pub mod contacts;
pub mod feedback;
pub mod import;
pub mod needs;
pub mod opportunities;
pub mod proposals;
pub mod quotes;
pub mod search;
pub mod settings;
pub mod sync;
pub mod workstreams;

use crate::error::AppError;

/// Result of every command.
pub type CmdResult<T> = Result<T, AppError>;
