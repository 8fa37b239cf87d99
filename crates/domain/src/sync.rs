//! The sync protocol between a device and the server, and the merge rule both sides use.
//!
//! A device pushes [`Change`]s from its outbox; the server merges each into the record it holds with
//! [`Record::apply`] and answers accepted or rejected per change. Devices pull [`Record`]s changed after a
//! cursor. The merge is per field, last writer wins by hybrid logical clock: a field takes the value of the
//! change with the greatest clock reading that wrote it. Deletion is a field too (`_deleted`), so a later edit
//! brings a record back and a later delete removes it. Because each field keeps the maximum by a total order,
//! applying the same changes in any order, any number of times, gives the same record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The protocol this build speaks.
pub const PROTOCOL_VERSION: u32 = 3;
/// Name of the deletion field in a [`Record`].
pub const DELETED: &str = "_deleted";
/// Columns that describe a row rather than belong to it: never sent as fields.
pub const METADATA_COLUMNS: [&str; 4] = ["id", "updated_at", "deleted_at", "owner_id"];

/// Kinds of synced records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    CompanyProfile,
    Customer,
    Product,
    Quote,
    QuoteLine,
    PriceList,
    PriceListEntry,
    /// A person at an account (`account_id`).
    Contact,
    /// A step of the client's buying process, of an account (its usual process) or of one opportunity.
    BuyingStep,
    Opportunity,
    /// A member of an opportunity: the explicit share of an opportunity with a colleague.
    OpportunityMember,
    /// The explicit share of an account with a colleague.
    AccountShare,
    /// One move of an opportunity from a stage to another: written once, never edited.
    StageChange,
    /// One of an opportunity's parallel workstreams (technical, commercial, contract).
    Workstream,
    WorkstreamItem,
    /// The client's needs and the deal's SWOT: one per opportunity (its id is the opportunity's).
    Needs,
    Requirement,
    Activity,
    Feedback,
    /// The company directory (server-owned; the id is the user's), so a laptop can name, assign and share
    /// with colleagues offline.
    Colleague,
    /// A block of the content library (`domain::content`): a company block (scope `company`, owned by the
    /// server's system owner) is the server's and reaches everyone; a personal one is its owner's alone.
    ContentBlock,
    /// One version of an opportunity's proposal (`domain::proposal::record`): a draft, or a frozen sent
    /// version, signed on the spot once accepted. Seen and written as its quote is.
    Proposal,
}

impl EntityKind {
    /// In the order a device writes a pulled page's records: parents before their children (an account
    /// before its contacts, an opportunity before its workstreams, a workstream before its items, a quote
    /// before its lines, a list before its entries).
    pub const ALL: [EntityKind; 22] = [
        EntityKind::CompanyProfile,
        EntityKind::Colleague,
        EntityKind::Customer,
        EntityKind::AccountShare,
        EntityKind::Contact,
        EntityKind::Opportunity,
        EntityKind::OpportunityMember,
        EntityKind::StageChange,
        EntityKind::Workstream,
        EntityKind::WorkstreamItem,
        EntityKind::Needs,
        EntityKind::Requirement,
        EntityKind::BuyingStep,
        EntityKind::Product,
        EntityKind::Quote,
        EntityKind::QuoteLine,
        EntityKind::Proposal,
        EntityKind::PriceList,
        EntityKind::PriceListEntry,
        EntityKind::Activity,
        EntityKind::Feedback,
        EntityKind::ContentBlock,
    ];

    /// The table name on both sides.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::CompanyProfile => "company_profile",
            EntityKind::Customer => "customer",
            EntityKind::Product => "product",
            EntityKind::Quote => "quote",
            EntityKind::QuoteLine => "quote_line",
            EntityKind::PriceList => "price_list",
            EntityKind::PriceListEntry => "price_list_entry",
            EntityKind::Contact => "contact",
            EntityKind::BuyingStep => "buying_step",
            EntityKind::Opportunity => "opportunity",
            EntityKind::OpportunityMember => "opportunity_member",
            EntityKind::AccountShare => "account_share",
            EntityKind::StageChange => "stage_change",
            EntityKind::Workstream => "workstream",
            EntityKind::WorkstreamItem => "workstream_item",
            EntityKind::Needs => "needs",
            EntityKind::Requirement => "requirement",
            EntityKind::Activity => "activity",
            EntityKind::Feedback => "feedback",
            EntityKind::Colleague => "colleague",
            EntityKind::ContentBlock => "content_block",
            EntityKind::Proposal => "proposal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        EntityKind::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The columns a record of this kind syncs, with their types. The same list is the device's table
    /// columns and the server's allowlist of fields a change may write.
    pub fn columns(self) -> &'static [(&'static str, ColumnKind)] {
        use ColumnKind::{Int, Int32, Text};
        match self {
            EntityKind::CompanyProfile => &[
                ("name", Text),
                ("address", Text),
                ("phone", Text),
                ("email", Text),
                ("tax_id", Text),
                ("currency", Text),
                // Discount limits per role, in percent ("" = not set: the device keeps its own setting).
                ("rep_discount_limit", Text),
                ("manager_discount_limit", Text),
                // Where clients pay (`company::BankDetails`); all empty when not given.
                ("bank_name", Text),
                ("bank_account_name", Text),
                ("bank_account_number", Text),
                ("bank_branch", Text),
                ("bank_swift", Text),
            ],
            EntityKind::Customer => &[
                ("name", Text),
                ("contact_person", Text),
                ("phone", Text),
                ("email", Text),
                ("address", Text),
                ("tax_id", Text),
                // The customer's price list; empty for none (the default list applies).
                ("price_list_id", Text),
                // The account (see `domain::account`). Enums are snake_case text, "" where not set.
                ("industry", Text),
                // small_medium, large, multinational.
                ("size_class", Text),
                ("region", Text),
                // trade_show, referral, website, cold_visit, partner, other.
                ("source", Text),
                // prospect, active, dormant, lost.
                ("lifecycle", Text),
                // a, b, c.
                ("value_class", Text),
                // A JSON list of strings.
                ("tags", Text),
                ("notes", Text),
                // What a Chinese VAT invoice needs (开票信息); the tax id is `tax_id` above.
                ("invoice_title", Text),
                ("invoice_bank", Text),
                ("invoice_account", Text),
                ("invoice_address", Text),
                ("invoice_phone", Text),
                // ordinary (普票) or special (专票).
                ("invoice_type", Text),
            ],
            EntityKind::Product => &[
                ("sku", Text),
                ("name", Text),
                ("description", Text),
                ("unit", Text),
                ("unit_price_minor", Int),
                ("currency", Text),
                ("tax_rate", Text),
                ("name_zh", Text),
                ("description_zh", Text),
                ("category", Text),
                // 0/1; absent (a product written before the field existed) is 1, see `int_default`.
                ("active", Int32),
                // "" (an item), "sum" or "fixed".
                ("bundle_pricing", Text),
                // JSON lists (`domain::catalog`), one field each so a merge never mixes two lists.
                ("components", Text),
                ("accessories", Text),
            ],
            EntityKind::Quote => &[
                ("number", Text),
                ("customer_id", Text),
                ("status", Text),
                ("currency", Text),
                ("issue_date", Text),
                ("valid_until", Text),
                ("notes", Text),
                ("subtotal_minor", Int),
                ("tax_minor", Int),
                ("total_minor", Int),
                ("payment_terms", Text),
                ("delivery_terms", Text),
                ("revision", Int32),
                // The quote this one revises; empty for an original.
                ("revises_id", Text),
                // "" (none), "percent:5" or "amount:100.00": one field, so a merge never pairs one
                // device's kind with another's value.
                ("quote_discount", Text),
                // "", "en", "zh" or "bilingual": the labels of the quote's PDF.
                ("pdf_lang", Text),
                ("approved_by", Text),
                ("approved_at", Text),
                ("approval_comment", Text),
                // Who asked for approval (the rep's name) and when (RFC 3339), set when a save puts the
                // quote in pending_approval.
                ("approval_requested_by", Text),
                ("approval_requested_at", Text),
                // The clock reading of `approval_requested_at` the deciding manager saw: the server accepts
                // an approval only for the latest request (see the server's push rules).
                ("approved_request", Text),
                // The opportunity the quote was made for; empty for none.
                ("opportunity_id", Text),
                // When (device time, RFC 3339 with offset) and by whom (the user's name) the quote was sent,
                // accepted or rejected.
                ("sent_at", Text),
                ("sent_by", Text),
                ("accepted_at", Text),
                ("accepted_by", Text),
                ("rejected_at", Text),
                ("rejected_by", Text),
            ],
            EntityKind::QuoteLine => &[
                ("quote_id", Text),
                ("position", Int32),
                ("product_id", Text),
                ("sku", Text),
                ("description", Text),
                ("unit", Text),
                ("quantity", Text),
                ("unit_price_minor", Int),
                ("discount_percent", Text),
                ("tax_rate", Text),
                ("net_minor", Int),
                ("tax_minor", Int),
                ("gross_minor", Int),
                ("discount_amount_minor", Int),
                // Booleans as 0/1.
                ("optional", Int32),
                ("selected", Int32),
                // "item" ("" from a device before lines had kinds), "bundle:sum", "bundle:fixed" or
                // "component".
                ("kind", Text),
                // A component's bundle line; empty otherwise.
                ("parent_id", Text),
                // Where the unit price came from, so the line can be explained and priced again exactly:
                // the price list and its version (empty and 0 for the product's base price), whether the
                // price includes tax, and for a price in another currency that currency, the price in it
                // and the exchange rate recorded when the line was added ("" when in the quote's currency).
                ("price_list_id", Text),
                ("price_list_version", Int),
                ("tax_inclusive", Int32),
                ("source_currency", Text),
                ("source_unit_price_minor", Int),
                ("exchange_rate", Text),
            ],
            EntityKind::PriceList => &[
                ("name", Text),
                ("currency", Text),
                // Booleans as 0/1.
                ("tax_inclusive", Int32),
                ("valid_from", Text),
                // Empty for no end.
                ("valid_until", Text),
                ("is_default", Int32),
                // Bumped on every change of the list or its entries.
                ("version", Int),
            ],
            EntityKind::PriceListEntry => &[
                ("price_list_id", Text),
                ("product_id", Text),
                // Decimal string, at most 3 decimals.
                ("min_qty", Text),
                // In the list's currency.
                ("unit_price_minor", Int),
            ],
            EntityKind::Contact => &[
                ("account_id", Text),
                ("name", Text),
                ("title", Text),
                ("phone", Text),
                ("email", Text),
                ("wechat", Text),
                // decision_maker, influencer, technical_evaluator, user, procurement, finance ("" = unknown).
                ("buying_role", Text),
                // supporter, neutral, opponent ("" = unknown).
                ("stance", Text),
                ("notes", Text),
            ],
            EntityKind::BuyingStep => &[
                ("account_id", Text),
                // "" for the account's usual process.
                ("opportunity_id", Text),
                // need, information, evaluation, approval, purchase, delivery.
                ("step", Text),
                ("position", Int32),
                ("approver_contact_id", Text),
                // YYYY-MM-DD, "" when not known.
                ("expected_date", Text),
                ("done_date", Text),
                // pending, in_progress, done, stalled.
                ("status", Text),
                ("notes", Text),
            ],
            EntityKind::Opportunity => &[
                ("account_id", Text),
                ("name", Text),
                ("expected_value_minor", Int),
                ("currency", Text),
                // YYYY-MM-DD.
                ("expected_close", Text),
                // 0–100.
                ("probability", Int32),
                // needs_identified, solution_design, quoted, negotiation, won, lost.
                ("stage", Text),
                // price, product_fit, competitor, timing, no_decision, other ("" unless lost).
                ("lost_reason", Text),
                ("competitor", Text),
                // The accepted quote of a won opportunity.
                ("won_quote_id", Text),
                ("notes", Text),
            ],
            EntityKind::OpportunityMember => &[
                ("opportunity_id", Text),
                ("user_id", Text),
                // sales, presales, contract, other.
                ("role", Text),
            ],
            EntityKind::AccountShare => &[("account_id", Text), ("user_id", Text)],
            EntityKind::StageChange => &[
                ("opportunity_id", Text),
                ("from_stage", Text),
                ("to_stage", Text),
                ("by_user_id", Text),
                // Device time of the change, RFC 3339 with offset.
                ("at", Text),
                ("reason", Text),
            ],
            EntityKind::Workstream => &[
                ("opportunity_id", Text),
                // technical, commercial, contract.
                ("kind", Text),
                ("owner_user_id", Text),
                ("due_date", Text),
                // "" when not blocked.
                ("blocker", Text),
                // 0/1.
                ("done", Int32),
            ],
            EntityKind::WorkstreamItem => &[
                ("workstream_id", Text),
                ("text", Text),
                ("done", Int32),
                ("due_date", Text),
                ("position", Int32),
            ],
            EntityKind::Needs => &[
                // The id of a needs record is its opportunity's id.
                ("opportunity_id", Text),
                ("background", Text),
                ("pains", Text),
                ("goals", Text),
                ("budget", Text),
                ("timeline", Text),
                ("decision_criteria", Text),
                ("competitors", Text),
                // JSON lists of strings.
                ("swot_strengths", Text),
                ("swot_weaknesses", Text),
                ("swot_opportunities", Text),
                ("swot_threats", Text),
                // The question template used, "" for none.
                ("template", Text),
            ],
            EntityKind::Requirement => &[
                ("opportunity_id", Text),
                ("text", Text),
                // must, should, nice.
                ("priority", Text),
                // meets, partial, gap, unknown.
                ("fit", Text),
                ("notes", Text),
                ("position", Int32),
            ],
            EntityKind::Activity => &[
                ("account_id", Text),
                // "" for none.
                ("opportunity_id", Text),
                // visit, call, meeting, email, demo, note.
                ("kind", Text),
                ("subject", Text),
                ("notes", Text),
                // Device times, RFC 3339 with offset. `starts_at`/`ends_at` may be corrected by the user;
                // `checked_in_at`/`checked_out_at` are the device's time at the click, never edited.
                ("starts_at", Text),
                ("ends_at", Text),
                ("checked_in_at", Text),
                ("checked_out_at", Text),
                // JSON lists of ids.
                ("contact_ids", Text),
                ("user_ids", Text),
                ("outcome", Text),
                ("next_step", Text),
                // YYYY-MM-DD, "" for none.
                ("next_step_due", Text),
                ("next_step_done", Int32),
            ],
            EntityKind::Feedback => &[
                ("account_id", Text),
                // "" for none.
                ("product_id", Text),
                ("quote_id", Text),
                // product_quality, delivery, service, price, documentation, other.
                ("category", Text),
                // low, medium, high, critical.
                ("severity", Text),
                // 1–5, 0 = not given.
                ("satisfaction", Int32),
                ("owner_user_id", Text),
                // identified, assigned, resolved, confirmed.
                ("status", Text),
                ("description", Text),
                ("resolution", Text),
                // Device times, RFC 3339 with offset.
                ("reported_at", Text),
                ("resolved_at", Text),
                ("confirmed_at", Text),
            ],
            EntityKind::Colleague => &[
                ("name", Text),
                ("email", Text),
                ("team_id", Text),
                ("team_name", Text),
                // rep, manager, admin.
                ("role", Text),
                // 0/1; absent is 1.
                ("active", Int32),
            ],
            EntityKind::ContentBlock => &[
                // company_introduction, solution_module, case_study, reference, certification, terms, faq.
                ("kind", Text),
                // company (the server's) or personal (the owner's).
                ("scope", Text),
                ("title_en", Text),
                ("title_zh", Text),
                // The proposal document's JSON text, per language (see `domain::content`).
                ("body_en", Text),
                ("body_zh", Text),
                // JSON lists: tags, ids of catalog products and bundles, SHA-256 of the images.
                ("tags", Text),
                ("industry", Text),
                ("product_ids", Text),
                ("bundle_ids", Text),
                ("image_blobs", Text),
            ],
            EntityKind::Proposal => &[
                ("opportunity_id", Text),
                ("account_id", Text),
                // The quote its pricing section prints.
                ("quote_id", Text),
                ("title", Text),
                // en, zh, bilingual.
                ("lang", Text),
                // 1 for the first version; `revises_id` names the version a later one revises.
                ("version", Int32),
                ("revises_id", Text),
                // draft, sent, accepted, superseded.
                ("status", Text),
                // The sections' JSON (`domain::proposal::ProposalSection`), at most 2 MiB.
                ("sections", Text),
                // Once sent: the frozen document's blob (its JSON), its content hash, and the device time.
                ("document_blob", Text),
                ("content_hash", Text),
                ("sent_at", Text),
                // Once signed on the spot (`domain::proposal::ProposalSignature`).
                ("signer_name", Text),
                ("signer_title", Text),
                ("signed_at", Text),
                ("signature_blob", Text),
                ("seen_sha256", Text),
                ("signed_pdf_sha256", Text),
                ("signed_document_blob", Text),
                ("signed_content_hash", Text),
                // A JSON list of the optional quote lines the client took.
                ("taken_lines", Text),
                // Written by the server when it first receives the signature (its clock, RFC 3339).
                ("witnessed_at", Text),
                ("witnessed_sha256", Text),
                // A JSON list of every blob the version needs (`proposal::record::blobs_needed`).
                ("blobs", Text),
            ],
        }
    }

    /// The most characters a text column of this kind holds: [`crate::validation::MAX_TEXT`], except the
    /// documents (a content block's bodies, a proposal's sections), which have limits of their own.
    pub fn max_chars(self, column: &str) -> usize {
        match (self, column) {
            (EntityKind::ContentBlock, "body_en" | "body_zh") => crate::content::MAX_BODY,
            (EntityKind::Proposal, "sections") => crate::proposal::record::MAX_SECTIONS_JSON,
            (EntityKind::Proposal | EntityKind::ContentBlock, "blobs" | "image_blobs") => 100 * 70,
            _ => crate::validation::MAX_TEXT,
        }
    }

    /// The value of an integer column a record does not hold (written before the column existed): 0, except
    /// a product's and a colleague's `active` flag, which is 1 (products were all active before the flag
    /// existed; a colleague is active unless the server says otherwise).
    pub fn int_default(self, column: &str) -> i64 {
        match (self, column) {
            (EntityKind::Product | EntityKind::Colleague, "active") => 1,
            _ => 0,
        }
    }

    /// The columns of this kind that hold JSON lists of blob hashes (`content::blob`): the blobs a record of
    /// it needs, uploaded before it is pushed and downloaded after it is pulled.
    pub fn blob_columns(self) -> &'static [&'static str] {
        match self {
            EntityKind::ContentBlock => &["image_blobs"],
            EntityKind::Proposal => &["blobs"],
            _ => &[],
        }
    }

    /// Catalog, price lists, company profile and the colleague directory belong to the server: devices pull
    /// them and never push them. (Content blocks are the server's or a rep's by their scope: company blocks
    /// are refused on push like these, personal ones are pushed; see `domain::content`.)
    pub fn server_owned(self) -> bool {
        matches!(
            self,
            EntityKind::CompanyProfile
                | EntityKind::Product
                | EntityKind::PriceList
                | EntityKind::PriceListEntry
                | EntityKind::Colleague
        )
    }
}

/// The type of a synced column, as JSON: text (names, decimal strings, dates, ids) or an integer (money
/// in minor units; a line's position, which fits in 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Int,
    Int32,
}

/// The node (device) part of a clock reading, if it has one.
pub fn clock_node(hlc: &str) -> Option<&str> {
    hlc.splitn(3, '-').nth(2)
}

/// One local write, as pushed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Unique per change: the server applies each at most once.
    pub change_id: Uuid,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    /// Clock reading of the write (see [`crate::hlc::Hlc`]).
    pub hlc: String,
    /// Column values written, without [`METADATA_COLUMNS`].
    pub fields: BTreeMap<String, serde_json::Value>,
    /// True for a deletion (then `fields` may be empty).
    pub deleted: bool,
    /// For each field written, the clock reading of the value the author had last seen for it (from the
    /// server). A write whose base is not the reading it replaces was made without seeing that value: the
    /// replaced value's author is told of the conflict.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub base: BTreeMap<String, String>,
}

/// A batch of changes from one device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub device_id: Uuid,
    pub changes: Vec<Change>,
}

/// Why the server refused a change. The device shows it to the user; it is never dropped silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The record belongs to someone the caller may not write for.
    Forbidden,
    /// Catalog, company profile and company content blocks are edited on the server only.
    ServerOwned,
    /// A field that does not exist for this kind of record, or a value of the wrong type.
    InvalidField,
    /// The change names an owner other than the caller.
    ForgedOwner,
    /// The clock reading is malformed or too far in the future.
    InvalidClock,
}

/// What happened to one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChangeOutcome {
    /// Merged (or already merged before: a replay is accepted and changes nothing).
    Accepted,
    Rejected {
        code: RejectCode,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeResult {
    pub change_id: Uuid,
    #[serde(flatten)]
    pub outcome: ChangeOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<ChangeResult>,
}

/// One field's value and the clock reading of the write that set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: serde_json::Value,
    pub hlc: String,
    /// The reading of the value the writer had seen (see [`Change::base`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// A record as merged: every field with its clock. What the server stores and devices pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub entity: EntityKind,
    pub id: Uuid,
    pub owner_id: Uuid,
    pub fields: BTreeMap<String, FieldValue>,
}

impl Record {
    pub fn new(entity: EntityKind, id: Uuid, owner_id: Uuid) -> Self {
        Self {
            entity,
            id,
            owner_id,
            fields: BTreeMap::new(),
        }
    }

    /// Merge a change: each field it writes wins if its clock is later than the field's. Returns whether
    /// anything changed (false for a replay or a change older than every field it touches).
    pub fn apply(&mut self, change: &Change) -> bool {
        let mut changed = false;
        let deleted = (DELETED.to_string(), serde_json::Value::Bool(change.deleted));
        for (name, value) in change
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain([deleted])
        {
            let newer = self
                .fields
                .get(&name)
                .is_none_or(|f| f.hlc.as_str() < change.hlc.as_str());
            if newer {
                let base = change.base.get(&name).cloned();
                self.fields.insert(
                    name,
                    FieldValue {
                        value,
                        hlc: change.hlc.clone(),
                        base,
                    },
                );
                changed = true;
            }
        }
        changed
    }

    /// Whether the last write to the record deleted it.
    pub fn is_deleted(&self) -> bool {
        self.fields
            .get(DELETED)
            .is_some_and(|f| f.value == serde_json::Value::Bool(true))
    }

    /// The value of text field `name`; `None` when the record has no such field or it is not text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(|f| f.value.as_str())
    }

    /// The blobs the record names ([`EntityKind::blob_columns`]); none once it is deleted.
    pub fn blobs(&self) -> Vec<crate::content::BlobHash> {
        if self.is_deleted() {
            return Vec::new();
        }
        blobs_in(self.entity, |c| self.text(c))
    }

    /// The latest clock reading of any field.
    pub fn hlc(&self) -> Option<&str> {
        self.fields.values().map(|f| f.hlc.as_str()).max()
    }

    /// The plain column values (without clocks and the deletion flag).
    pub fn values(&self) -> BTreeMap<String, serde_json::Value> {
        self.fields
            .iter()
            .filter(|(k, _)| k.as_str() != DELETED)
            .map(|(k, f)| (k.clone(), f.value.clone()))
            .collect()
    }
}

/// The blobs named by the blob columns of a record of `kind`, given how to read a text column; each once.
pub fn blobs_in<'a>(
    kind: EntityKind,
    text: impl Fn(&str) -> Option<&'a str>,
) -> Vec<crate::content::BlobHash> {
    let mut out = Vec::new();
    for column in kind.blob_columns() {
        for h in crate::content::blob::parse_list(text(column).unwrap_or_default()) {
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    out
}

/// Records changed after a cursor, oldest first, and records the caller no longer sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub records: Vec<PulledRecord>,
    /// Pass back as `cursor` to continue; store it with the applied records.
    pub cursor: i64,
    /// More records wait after `cursor`.
    pub has_more: bool,
    /// Records the caller saw and no longer sees (a share withdrawn, a member removed): the device removes
    /// them, without telling the server. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked: Vec<Revocation>,
}

/// A record the caller no longer sees, with the server sequence number of the change that hid it. A record
/// appears at most once per page, as a record or as a revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub seq: i64,
    pub entity: EntityKind,
    pub id: Uuid,
}

/// A record with the server sequence number of its last change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledRecord {
    pub seq: i64,
    #[serde(flatten)]
    pub record: Record,
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
