//! Handlers of `/api/v1/sync`: parse, call [`crate::sync::SyncService`], answer. No rules, no queries.
//!
//! The wire types are the domain's ([`fieldquote_domain::sync`]), shared with the devices. The domain
//! crate does not depend on utoipa, so [`schema`] mirrors them for the OpenAPI document; a test
//! round-trips real values through the mirrors, so the two cannot drift apart unnoticed.

use axum::extract::State;
use fieldquote_domain::sync::{PullResponse, PushRequest, PushResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ApiError, AppState, AuthUser, ErrorBody, Json, Query};
use crate::sync::{Caller, DEFAULT_PULL_LIMIT};

fn caller(user: &AuthUser) -> Result<Caller, ApiError> {
    Ok(Caller::new(&user.user_id, user.role, user.team_id.clone())?)
}

/// Push a batch of changes from a device's outbox.
///
/// The batch is applied in one transaction, change by change in order. Each change is accepted
/// (merged per field by clock, or already applied before: a replay changes nothing) or rejected with a
/// code and reason; a rejection does not stop the batch. A malformed body is refused whole (400).
#[utoipa::path(
    post,
    path = "/api/v1/sync/push",
    tag = "sync",
    security(("bearer" = [])),
    request_body = schema::PushRequest,
    responses(
        (status = 200, description = "One result per change, in order", body = schema::PushResponse),
        (status = 400, description = "Malformed JSON, unknown entity kind, missing fields (`invalid_json`, `invalid_body`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 413, description = "More than 1000 changes (`batch_too_large`) or body too large (`payload_too_large`)", body = ErrorBody),
        (status = 415, description = "The body is not declared as JSON (`Content-Type: application/json`)", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
    )
)]
pub async fn push(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let caller = caller(&user)?;
    Ok(Json(state.sync.push(&caller, req).await?))
}

/// Query of `GET /api/v1/sync/pull`.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullParams {
    /// Server sequence number to continue after: the `cursor` of the previous pull (0 or absent: from
    /// the start). Negative is 400.
    #[param(minimum = 0)]
    pub cursor: Option<i64>,
    /// Most records to return: default 500, clamped to 1..=5000.
    pub limit: Option<i64>,
}

/// Pull the records visible to the caller that changed after `cursor`, oldest first.
///
/// Visible: the catalog, price lists, company profile, colleague directory and company content blocks to
/// everyone; personal content blocks to their owner; accounts (and
/// what hangs under them, opportunities included) to the owner's team, to colleagues they are shared with
/// and to the members of their opportunities; quotes to their owner, the owner team's managers and their
/// opportunity's members; everything to an admin. A record that becomes visible (a share given) comes with
/// the next pull, however old it is; one that stops being visible (a share withdrawn) comes in `revoked`:
/// delete it on the device. Deleted records come as tombstones (field `_deleted` true). Store the returned
/// `cursor` with the applied records; pull again while `has_more`.
#[utoipa::path(
    get,
    path = "/api/v1/sync/pull",
    tag = "sync",
    security(("bearer" = [])),
    params(PullParams),
    responses(
        (status = 200, description = "Records after the cursor, in seq order", body = schema::PullResponse),
        (status = 400, description = "Malformed or negative cursor (`invalid_query`, `invalid_input`)", body = ErrorBody),
        (status = 401, description = "Missing, unknown or expired token", body = ErrorBody),
        (status = 403, description = "Account disabled", body = ErrorBody),
        (status = 426, description = "Client too old: please update", body = ErrorBody),
    )
)]
pub async fn pull(
    State(state): State<AppState>,
    user: AuthUser,
    Query(params): Query<PullParams>,
) -> Result<Json<PullResponse>, ApiError> {
    let caller = caller(&user)?;
    let limit = params
        .limit
        .map_or(DEFAULT_PULL_LIMIT, |l| u64::try_from(l).unwrap_or(0));
    let pulled = state
        .sync
        .pull(&caller, params.cursor.unwrap_or(0), limit)
        .await?;
    Ok(Json(pulled))
}

/// OpenAPI mirrors of the domain's wire types ([`fieldquote_domain::sync`]), field for field.
pub mod schema {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};
    use utoipa::ToSchema;

    /// Kinds of synced records. `company_profile`, `product`, `price_list`, `price_list_entry` and
    /// `colleague` are server-owned.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum EntityKind {
        CompanyProfile,
        Customer,
        Product,
        Quote,
        QuoteLine,
        PriceList,
        PriceListEntry,
        Contact,
        BuyingStep,
        Opportunity,
        OpportunityMember,
        AccountShare,
        StageChange,
        Workstream,
        WorkstreamItem,
        Needs,
        Requirement,
        Activity,
        Feedback,
        Colleague,
        /// A block of the content library: scope `company` blocks are the server's (pushing one is
        /// rejected `server_owned`), `personal` ones their owner's alone.
        ContentBlock,
        /// A version of a proposal: seen and written as its quote is; a sent version is frozen, and the
        /// server writes `witnessed_at` / `witnessed_sha256` when it first receives a signature.
        Proposal,
    }

    /// One local write, as pushed.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct Change {
        /// Unique per change among the pushing user's changes (UUID): the server applies each at most once. The
        /// same change again is answered `accepted` and changes nothing; another change under a used id is
        /// rejected (`invalid_field`).
        #[schema(format = "uuid")]
        pub change_id: String,
        pub entity: EntityKind,
        #[schema(format = "uuid")]
        pub entity_id: String,
        /// Hybrid logical clock reading `{wall_ms:018}-{counter:05}-{node}` (a node of at most 64 characters,
        /// no control characters); at most 24 h ahead of the server (else `invalid_clock`).
        pub hlc: String,
        /// Column values written (strings without a NUL character; integers for `*_minor` and `position`),
        /// never `id`, `updated_at`, `deleted_at` or `owner_id` (else `invalid_field` or `forged_owner`). A
        /// field naming another record (`customer_id`, `quote_id`, `product_id`, …) must name one the caller
        /// may see (else `forbidden`).
        pub fields: BTreeMap<String, serde_json::Value>,
        /// True for a deletion (then `fields` may be empty).
        pub deleted: bool,
        /// Per field written: the clock reading of the value its author had last seen.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        pub base: BTreeMap<String, String>,
    }

    /// A batch of at most 1000 changes from one device.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct PushRequest {
        #[schema(format = "uuid")]
        pub device_id: String,
        /// At most 1000 (413 `batch_too_large` otherwise).
        #[schema(max_items = 1000)]
        pub changes: Vec<Change>,
    }

    /// Why a change was refused.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum RejectCode {
        /// The record belongs to someone the caller may not write for, or a field names a record the caller
        /// may not see.
        Forbidden,
        /// Catalog and company profile are changed on the server only (or by an admin).
        ServerOwned,
        /// Unknown field for this kind, a metadata column, a value of the wrong type, a text with a NUL
        /// character, or a change id already used for a different change.
        InvalidField,
        /// The change sets `owner_id`.
        ForgedOwner,
        /// The clock reading is malformed or too far in the future.
        InvalidClock,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum ChangeStatus {
        Accepted,
        Rejected,
    }

    /// What happened to one change. `code` and `reason` only when rejected.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct ChangeResult {
        #[schema(format = "uuid")]
        pub change_id: String,
        pub status: ChangeStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code: Option<RejectCode>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reason: Option<String>,
    }

    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct PushResponse {
        /// One per change, in the order of the request.
        pub results: Vec<ChangeResult>,
    }

    /// A field's value and the clock reading of the write that set it.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct FieldValue {
        /// Any JSON value (string, integer, boolean for `_deleted`, null).
        pub value: serde_json::Value,
        pub hlc: String,
        /// The reading of the value the writer had seen, when it said.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub base: Option<String>,
    }

    /// A merged record with the server sequence number of its last change.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct PulledRecord {
        pub seq: i64,
        pub entity: EntityKind,
        #[schema(format = "uuid")]
        pub id: String,
        /// The creating user; the nil UUID for server-owned records.
        #[schema(format = "uuid")]
        pub owner_id: String,
        /// Every field with its clock; `_deleted` (boolean) says whether the record is deleted.
        pub fields: BTreeMap<String, FieldValue>,
    }

    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct PullResponse {
        pub records: Vec<PulledRecord>,
        /// Pass back as `cursor` to continue; store it with the applied records.
        pub cursor: i64,
        /// More records wait after `cursor`.
        pub has_more: bool,
        /// Records the caller saw and no longer sees (a share withdrawn, a member removed): delete them on
        /// the device, without pushing anything. Absent when there are none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub revoked: Vec<Revocation>,
    }

    /// A record the caller no longer sees, at the sequence number of the change that hid it.
    #[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
    pub struct Revocation {
        pub seq: i64,
        pub entity: EntityKind,
        #[schema(format = "uuid")]
        pub id: String,
    }
}

#[cfg(test)]
mod tests {
    use fieldquote_domain::sync::{
        Change, ChangeOutcome, ChangeResult, EntityKind, FieldValue, PullResponse, PulledRecord,
        PushRequest, PushResponse, Record, RejectCode, Revocation,
    };
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::json;
    use uuid::Uuid;

    use super::schema;

    /// `value` reads as the mirror `M` and writes back identically (a field the mirror lacks would be
    /// dropped, one it has extra would be missing or `null`: either way the JSON differs).
    fn same_shape<D: Serialize, M: Serialize + DeserializeOwned>(value: &D) {
        let json = serde_json::to_value(value).unwrap();
        let mirror: M = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("the mirror does not read {json}: {e}"));
        assert_eq!(serde_json::to_value(&mirror).unwrap(), json);
    }

    #[test]
    fn mirrors_match_the_domain_wire_types() {
        for entity in EntityKind::ALL {
            same_shape::<_, schema::EntityKind>(&entity);
        }
        let change = Change {
            change_id: Uuid::now_v7(),
            entity: EntityKind::QuoteLine,
            entity_id: Uuid::now_v7(),
            hlc: "001765000000000000-00001-dev".into(),
            fields: [
                ("position".to_string(), json!(1)),
                ("sku".to_string(), json!("A")),
            ]
            .into(),
            deleted: false,
            base: [(
                "sku".to_string(),
                "001764000000000000-00000-dev".to_string(),
            )]
            .into(),
        };
        same_shape::<_, schema::PushRequest>(&PushRequest {
            device_id: Uuid::now_v7(),
            changes: vec![change.clone()],
        });
        for code in [
            RejectCode::Forbidden,
            RejectCode::ServerOwned,
            RejectCode::InvalidField,
            RejectCode::ForgedOwner,
            RejectCode::InvalidClock,
        ] {
            same_shape::<_, schema::PushResponse>(&PushResponse {
                results: vec![
                    ChangeResult {
                        change_id: Uuid::now_v7(),
                        outcome: ChangeOutcome::Accepted,
                    },
                    ChangeResult {
                        change_id: Uuid::now_v7(),
                        outcome: ChangeOutcome::Rejected {
                            code,
                            reason: "why".into(),
                        },
                    },
                ],
            });
        }
        let mut record = Record::new(EntityKind::Customer, Uuid::now_v7(), Uuid::now_v7());
        record.fields.insert(
            "name".into(),
            FieldValue {
                value: json!("A"),
                hlc: "001765000000000000-00001-dev".into(),
                base: None,
            },
        );
        record.apply(&change);
        same_shape::<_, schema::PullResponse>(&PullResponse {
            records: vec![PulledRecord { seq: 7, record }],
            cursor: 8,
            has_more: true,
            revoked: vec![Revocation {
                seq: 8,
                entity: EntityKind::Contact,
                id: Uuid::now_v7(),
            }],
        });
    }
}
