//! Approval on the spot: a manager at the rep's side types their email and password on the rep's laptop,
//! the server checks them (argon2, the login's lock-out), the manager's role and team, and that the quote
//! waits for approval here; then it records the decision itself, as a write with the server's clock (so it
//! wins over earlier writes and reaches every device with its next pull, the rep's first).
//!
//! Decisions made on the manager's own device need none of this: they are ordinary pushed edits, which the
//! push rules ([`crate::sync::plan`]) accept only from a manager of the owner's team or an admin.

use fieldquote_domain::sync::EntityKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use fieldquote_domain::Role;

use crate::entities::app_user;
use crate::sync::plan::server_write;
use crate::sync::{Caller, decode, server_tick, write_records};
use crate::{Db, ServerError, ms_to_rfc3339, now_ms, repo};

/// Longest comment accepted (the same as any text field of a quote).
pub const MAX_COMMENT: usize = fieldquote_domain::validation::MAX_TEXT;

/// What the manager decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// The quote's approval as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decided {
    pub quote_id: String,
    /// `approved`, or `draft` after a refusal.
    pub status: String,
    /// The manager's name (empty after a refusal).
    pub approved_by: String,
    /// RFC 3339 (empty after a refusal).
    pub approved_at: String,
    pub approval_comment: String,
}

/// Record `manager`'s decision on the quote `quote_id`, asked for from a device signed in as `device_user`.
///
/// Refused (nothing written) when: the device's user may not change the quote; the manager is not a manager
/// of the owner's team (or an admin), or owns the quote; the quote is unknown, deleted, or not waiting for
/// approval on the server.
pub async fn decide_on_the_spot(
    db: &Db,
    device_user: &Caller,
    manager: &app_user::Model,
    quote_id: Uuid,
    decision: Decision,
    comment: &str,
) -> Result<Decided, ServerError> {
    crate::input::check_text("comment", comment)?;
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(ServerError::Invalid(format!(
            "the comment is longer than {MAX_COMMENT} characters"
        )));
    }
    let approver = Caller::new(&manager.id, manager.role.0, manager.team_id.clone())?;
    if approver.role == Role::Rep {
        return Err(ServerError::Forbidden(format!(
            "{} is a rep: only a manager of the team (or an admin) may approve discounts",
            manager.email
        )));
    }
    let txn = db.begin_write().await?;
    let counter = repo::sync::lock_counter(&txn).await?;
    let row = repo::sync::record(&txn, EntityKind::Quote.as_str(), &quote_id.to_string())
        .await?
        .ok_or_else(|| ServerError::NotFound {
            entity: "quote",
            key: format!("{quote_id} (sync first, so the server has it)"),
        })?;
    let (mut stored, _) = decode(row)?;
    if stored.record.is_deleted() {
        return Err(ServerError::not_found("quote", quote_id));
    }
    if !device_user.may_edit_quote(&stored) {
        return Err(ServerError::Forbidden(format!(
            "quote {quote_id} belongs to someone whose quotes this device's user may not change"
        )));
    }
    if !approver.may_decide_approval(&stored) {
        let why = if stored.record.owner_id == approver.user_id {
            "nobody approves their own quote: another manager or an admin does".to_string()
        } else {
            format!(
                "{} is not a manager of the team this quote belongs to",
                manager.email
            )
        };
        return Err(ServerError::Forbidden(why));
    }
    let number = stored.record.text("number").unwrap_or_default();
    let status = stored.record.text("status").unwrap_or_default();
    if status != "pending_approval" {
        return Err(ServerError::StateConflict(format!(
            "quote {number} is not waiting for approval on the server (it is {}): nothing to decide",
            if status.is_empty() {
                "unknown"
            } else {
                &status
            }
        )));
    }
    let hlc = server_tick(&counter, stored.record.hlc()).to_string();
    let decided = match decision {
        Decision::Approve => Decided {
            quote_id: quote_id.to_string(),
            status: "approved".into(),
            approved_by: manager.name.clone(),
            approved_at: ms_to_rfc3339(now_ms()),
            approval_comment: comment.to_string(),
        },
        Decision::Reject => Decided {
            quote_id: quote_id.to_string(),
            status: "draft".into(),
            approved_by: String::new(),
            approved_at: String::new(),
            approval_comment: if comment.is_empty() {
                format!("Refused by {}", manager.name)
            } else {
                format!("Refused by {}: {comment}", manager.name)
            },
        },
    };
    // The request decided: the one the server holds (the laptop pushed before asking).
    let request = match decision {
        Decision::Approve => stored
            .record
            .fields
            .get("approval_requested_at")
            .map(|f| f.hlc.clone())
            .unwrap_or_default(),
        Decision::Reject => String::new(),
    };
    let fields = [
        ("status", decided.status.as_str()),
        ("approved_by", &decided.approved_by),
        ("approved_at", &decided.approved_at),
        ("approval_comment", &decided.approval_comment),
        ("approved_request", &request),
    ];
    server_write(&mut stored.record, &fields, &hlc);
    write_records(&txn, &counter, vec![stored], Some(&hlc)).await?;
    txn.commit().await?;
    tracing::info!(
        quote_id = %quote_id,
        manager_id = %manager.id,
        device_user = %device_user.user_id,
        ?decision,
        "approval on the spot"
    );
    Ok(decided)
}
