//! Approvals on a connected device: the signed-in account (name and role), the discount limit its role
//! has (from the company profile the server syncs), and the quotes a manager may decide.
//!
//! A standalone laptop (never signed in) keeps the local setting (`fq settings discount-limit`). Once signed
//! in, the role's limit from the server wins when the server set one; an admin has no limit. The decision
//! itself is an ordinary synced edit of the quote (`status`, `approved_by`, `approved_at`,
//! `approval_comment`): the server accepts it only from a manager of the owner's team or an admin, and the
//! rep's device gets it with its next pull.

use fieldquote_domain::Role;
use fieldquote_domain::access::SignedInUser;
use fieldquote_domain::approval::PendingApprovalView;
use fieldquote_domain::approval::{DEFAULT_DISCOUNT_LIMIT, NO_LIMIT, check_decider};
use fieldquote_domain::format;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::validation::Percent;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};

use crate::entities::{company_profile as cp, customer, device, quote};
use crate::{Store, StoreError};

/// The discount limits the server set per role (`None`: not set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleLimits {
    pub rep: Option<Percent>,
    pub manager: Option<Percent>,
}

fn limit_of(raw: &str) -> Option<Percent> {
    let raw = raw.trim();
    (!raw.is_empty())
        .then(|| Percent::parse("discount_limit", raw).ok())
        .flatten()
}

impl Store {
    /// The signed-in account, if this device is connected to a server.
    pub async fn signed_in_user(&self) -> Result<Option<SignedInUser>, StoreError> {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT user_id, user_email, user_name, user_role FROM sync_state WHERE id = 1",
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("the sync state row is missing".into()))?;
        let user_id: Option<String> = row.try_get_by_index(0)?;
        let email: Option<String> = row.try_get_by_index(1)?;
        let role = match row.try_get_by_index::<Option<String>>(3)? {
            Some(role) => Some(
                role.parse::<Role>()
                    .map_err(|e| StoreError::Corrupt(format!("the signed-in account: {e}")))?,
            ),
            None => None,
        };
        Ok(match (user_id, email) {
            (Some(user_id), Some(email)) => Some(SignedInUser {
                user_id,
                email,
                name: row
                    .try_get_by_index::<Option<String>>(2)?
                    .unwrap_or_default(),
                role,
            }),
            _ => None,
        })
    }

    /// Remember the signed-in account's name and role (from the sign-in answer): the role decides the
    /// discount limit, the name signs approvals and requests.
    pub async fn set_account_profile(&self, name: &str, role: Role) -> Result<(), StoreError> {
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "UPDATE sync_state SET user_name = ?, user_role = ? WHERE id = 1",
                [name.trim().into(), role.as_str().into()],
            ))
            .await?;
        Ok(())
    }

    /// The limits per role the company profile carries (set on the server, pulled with the profile).
    pub async fn role_limits(&self) -> Result<RoleLimits, StoreError> {
        Ok(match self.company_profile_row(&self.db).await? {
            Some(p) => RoleLimits {
                rep: limit_of(&p.rep_discount_limit),
                manager: limit_of(&p.manager_discount_limit),
            },
            None => RoleLimits {
                rep: None,
                manager: None,
            },
        })
    }

    async fn company_profile_row(
        &self,
        conn: &impl ConnectionTrait,
    ) -> Result<Option<cp::Model>, StoreError> {
        Ok(cp::Entity::find()
            .filter(cp::Column::DeletedAt.is_null())
            .one(conn)
            .await?)
    }

    /// The limit the server sets for the signed-in user's role (an admin has none: [`NO_LIMIT`]); `None` on a
    /// standalone laptop, before the role is known, or when the server sets no limit for the role.
    pub async fn role_discount_limit(&self) -> Result<Option<Percent>, StoreError> {
        let Some(user) = self.signed_in_user().await? else {
            return Ok(None);
        };
        let limits = self.role_limits().await?;
        Ok(match user.role {
            Some(Role::Admin) => Some(NO_LIMIT),
            Some(Role::Manager) => limits.manager,
            Some(Role::Rep) => limits.rep,
            None => None,
        })
    }

    /// The largest effective discount this device's user may give without a manager's approval: the limit
    /// of the signed-in user's role when the server set one ([`Store::role_discount_limit`]), else the
    /// device's own setting ([`fieldquote_domain::approval::DEFAULT_DISCOUNT_LIMIT`] unless set).
    pub async fn discount_limit(&self) -> Result<Percent, StoreError> {
        match self.role_discount_limit().await? {
            Some(limit) => Ok(limit),
            None => self.local_discount_limit().await,
        }
    }

    /// The limit a rep's quote is held to, as the Approvals list shows it: the server's rep limit, else the
    /// default.
    async fn rep_limit(&self) -> Result<Percent, StoreError> {
        Ok(self
            .role_limits()
            .await?
            .rep
            .unwrap_or(DEFAULT_DISCOUNT_LIMIT))
    }

    /// Who is asking for approval when a save puts a quote in `pending_approval`: the signed-in account's
    /// name, empty on a standalone laptop.
    pub(crate) async fn requester(&self) -> Result<String, StoreError> {
        Ok(self
            .signed_in_user()
            .await?
            .map(|u| u.display_name().to_string())
            .unwrap_or_default())
    }

    /// Check that the signed-in account (if any) may decide approval of quote `q` ([`check_decider`]): a
    /// manager or an admin, and not for their own quote. A standalone laptop decides locally.
    pub(crate) async fn check_approver(
        &self,
        q: &quote::Model,
        status: QuoteStatus,
    ) -> Result<(), StoreError> {
        let user = self.signed_in_user().await?;
        check_decider(user.as_ref(), &q.owner_id)
            .map_err(|reason| crate::quote::not_allowed(q, status, reason))
    }

    /// The clock reading of the approval request this device has seen from the server for quote `id` (its
    /// `approval_requested_at` as last pulled); empty when it has none (a standalone laptop). An approval
    /// names it, so the server can refuse one given for an older version of the quote.
    pub(crate) async fn request_seen(
        &self,
        conn: &impl ConnectionTrait,
        id: &str,
    ) -> Result<String, StoreError> {
        let row = conn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "SELECT doc FROM sync_shadow WHERE entity = 'quote' AND id = ?",
                [id.into()],
            ))
            .await?;
        let Some(row) = row else {
            return Ok(String::new());
        };
        let doc: String = row.try_get_by_index(0)?;
        let record: fieldquote_domain::sync::Record = serde_json::from_str(&doc)
            .map_err(|e| StoreError::Corrupt(format!("sync shadow of {id}: {e}")))?;
        Ok(record
            .fields
            .get("approval_requested_at")
            .map(|f| f.hlc.clone())
            .unwrap_or_default())
    }

    /// Quotes waiting for approval that the signed-in manager (or admin) may decide, oldest request first:
    /// the team's (what this device pulled), not the manager's own. On a standalone laptop, every quote
    /// waiting for approval. A rep has none to decide.
    pub async fn pending_approvals(&self) -> Result<Vec<PendingApprovalView>, StoreError> {
        let me = self.signed_in_user().await?;
        if me.as_ref().is_some_and(|u| !u.may_approve()) {
            return Ok(Vec::new());
        }
        let mut rows = quote::Entity::find()
            .find_also_related(customer::Entity)
            .filter(quote::Column::DeletedAt.is_null())
            .filter(quote::Column::Status.eq(QuoteStatus::PendingApproval.as_str()))
            .all(&self.db)
            .await?;
        if let Some(me) = &me
            && me.role == Some(Role::Manager)
        {
            rows.retain(|(q, _)| q.owner_id != me.user_id);
        }
        rows.sort_by(|(a, _), (b, _)| {
            (&a.approval_requested_at, &a.number).cmp(&(&b.approval_requested_at, &b.number))
        });
        let limit = self.rep_limit().await?;
        let mut out = Vec::with_capacity(rows.len());
        for (q, c) in rows {
            let review = self.stored_review(&q).await?;
            out.push(PendingApprovalView {
                quote_id: crate::query::parse_id(&q.id)?,
                number: q.number.clone(),
                customer_name: c.map(|c| c.name).unwrap_or_default(),
                requested_by: q.approval_requested_by.clone(),
                requested_at: q.approval_requested_at.clone(),
                owner_id: q.owner_id.clone(),
                currency: review.currency,
                shown_total: format::money_text(review.currency, &review.total),
                total: review.total,
                max_discount: review.max_discount,
                limit: limit.to_string(),
            });
        }
        Ok(out)
    }
}
impl Store {
    /// The device's own discount limit (`fq settings discount-limit`;
    /// [`fieldquote_domain::approval::DEFAULT_DISCOUNT_LIMIT`] unless set). A signed-in device uses its role's
    /// limit from the server when there is one ([`Store::discount_limit`]).
    pub async fn local_discount_limit(&self) -> Result<Percent, StoreError> {
        let d = self.device().await?;
        Percent::parse("discount_limit", &d.discount_limit).map_err(|_| {
            StoreError::Corrupt(format!(
                "stored discount limit is invalid: {:?}",
                d.discount_limit
            ))
        })
    }

    /// Set this device user's discount limit (a local setting; later the server assigns it with the role).
    /// Quotes already saved keep their status; the limit applies from their next save or send.
    pub async fn set_discount_limit(&self, limit: Percent) -> Result<(), StoreError> {
        // Only this column: the row also holds the clock, which concurrent writes advance.
        device::Entity::update_many()
            .col_expr(
                device::Column::DiscountLimit,
                Expr::value(limit.to_string()),
            )
            .filter(device::Column::Id.eq(1))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
