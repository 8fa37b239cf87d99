//! Tauri commands: parse arguments, call the crate that owns the work, map the error. No logic here.

pub mod app;
pub mod approvals;
pub mod catalog;
pub mod customers;
pub mod quotes;
pub mod search;
pub mod settings;
pub mod sync;

use crate::error::AppError;

/// Result of every command.
pub type CmdResult<T> = Result<T, AppError>;
