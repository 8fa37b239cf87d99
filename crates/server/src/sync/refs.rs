//! Fields that name another record, and the rule they follow: a pushed change may only name records its
//! author may see. Otherwise a rep could, say, make a quote for another team's customer, which the rep
//! cannot see: the quote would carry that customer into places the rep's scope does not reach.
//!
//! [`REFERENCES`] is the one list of them. The push loads the records they name with the records the
//! changes touch ([`ids_to_load`]); the planner checks them ([`check_references`]). A test fails for every
//! `*_id` column of a kind that is neither in the list nor in [`NOT_REFERENCES`], so a reference added to
//! a kind later cannot be forgotten here.

use fieldquote_domain::sync::{Change, EntityKind, RejectCode};
use uuid::Uuid;

use super::access::{Graph, domain_caller};
use super::fields::Rejection;
use super::plan::{Caller, Key};

/// Every field that names another record: (kind, field, kind of the record named). An empty value names
/// nothing.
pub const REFERENCES: &[(EntityKind, &str, EntityKind)] = &[
    (EntityKind::Customer, "price_list_id", EntityKind::PriceList),
    (EntityKind::Quote, "customer_id", EntityKind::Customer),
    (EntityKind::Quote, "revises_id", EntityKind::Quote),
    (EntityKind::QuoteLine, "quote_id", EntityKind::Quote),
    (EntityKind::QuoteLine, "product_id", EntityKind::Product),
    (EntityKind::QuoteLine, "parent_id", EntityKind::QuoteLine),
    (
        EntityKind::QuoteLine,
        "price_list_id",
        EntityKind::PriceList,
    ),
    (
        EntityKind::PriceListEntry,
        "price_list_id",
        EntityKind::PriceList,
    ),
    (
        EntityKind::PriceListEntry,
        "product_id",
        EntityKind::Product,
    ),
    (EntityKind::Quote, "opportunity_id", EntityKind::Opportunity),
    (EntityKind::Contact, "account_id", EntityKind::Customer),
    (EntityKind::AccountShare, "account_id", EntityKind::Customer),
    (EntityKind::AccountShare, "user_id", EntityKind::Colleague),
    (EntityKind::BuyingStep, "account_id", EntityKind::Customer),
    (
        EntityKind::BuyingStep,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (
        EntityKind::BuyingStep,
        "approver_contact_id",
        EntityKind::Contact,
    ),
    (EntityKind::Opportunity, "account_id", EntityKind::Customer),
    (EntityKind::Opportunity, "won_quote_id", EntityKind::Quote),
    (
        EntityKind::OpportunityMember,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (
        EntityKind::OpportunityMember,
        "user_id",
        EntityKind::Colleague,
    ),
    (
        EntityKind::StageChange,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (EntityKind::StageChange, "by_user_id", EntityKind::Colleague),
    (
        EntityKind::Workstream,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (
        EntityKind::Workstream,
        "owner_user_id",
        EntityKind::Colleague,
    ),
    (
        EntityKind::WorkstreamItem,
        "workstream_id",
        EntityKind::Workstream,
    ),
    (EntityKind::Needs, "opportunity_id", EntityKind::Opportunity),
    (
        EntityKind::Requirement,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (EntityKind::Activity, "account_id", EntityKind::Customer),
    (
        EntityKind::Activity,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (EntityKind::Feedback, "account_id", EntityKind::Customer),
    (EntityKind::Feedback, "product_id", EntityKind::Product),
    (EntityKind::Feedback, "quote_id", EntityKind::Quote),
    (EntityKind::Feedback, "owner_user_id", EntityKind::Colleague),
    (
        EntityKind::Proposal,
        "opportunity_id",
        EntityKind::Opportunity,
    ),
    (EntityKind::Proposal, "account_id", EntityKind::Customer),
    (EntityKind::Proposal, "quote_id", EntityKind::Quote),
    (EntityKind::Proposal, "revises_id", EntityKind::Proposal),
];

/// Columns whose names end in `_id` that name no record.
pub const NOT_REFERENCES: &[(EntityKind, &str)] = &[
    (EntityKind::CompanyProfile, "tax_id"),
    (EntityKind::Customer, "tax_id"),
    // Teams are no records: the colleague directory names them.
    (EntityKind::Colleague, "team_id"),
];

/// The references a change writes: (field, kind named, value), non-empty values only.
fn written(change: &Change) -> impl Iterator<Item = (&'static str, EntityKind, &str)> {
    REFERENCES
        .iter()
        .filter(move |(kind, _, _)| *kind == change.entity)
        .filter_map(move |(_, field, target)| {
            let value = change.fields.get(*field)?.as_str()?;
            (!value.is_empty()).then_some((*field, *target, value))
        })
}

/// The records the references of `changes` name, to load before planning.
pub fn ids_to_load(changes: &[Change]) -> impl Iterator<Item = Key> + '_ {
    changes.iter().flat_map(|c| {
        written(c).filter_map(|(_, target, value)| Some((target, Uuid::parse_str(value).ok()?)))
    })
}

/// Check the references a change writes against the records known (stored, or created earlier in the
/// batch, as `graph` holds them): each must be a record id, and a record the caller may see
/// ([`fieldquote_domain::access::may_see`]). A record the server does not hold
/// (not pushed yet, or only ever on a laptop, such as a product of a laptop's demo catalog) is not refused:
/// nothing of anyone else's can be reached through it.
pub fn check_references(caller: &Caller, change: &Change, graph: &Graph) -> Result<(), Rejection> {
    let kind = change.entity.as_str();
    let who = domain_caller(caller);
    for (field, target, value) in written(change) {
        let Ok(id) = Uuid::parse_str(value) else {
            return Err((
                RejectCode::InvalidField,
                format!(
                    "field `{field}` of {kind} must name a record by its id (a UUID) or be empty, not {value:?}"
                ),
            ));
        };
        if let Some(named) = graph.subject(&(target, id))
            && !fieldquote_domain::access::may_see(&who, &named)
        {
            return Err((
                RejectCode::Forbidden,
                format!(
                    "field `{field}` of {kind} {} names {} {id}, which you may not see",
                    change.entity_id,
                    target.as_str()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldquote_domain::sync::ColumnKind;

    #[test]
    fn every_id_column_of_every_kind_is_declared() {
        for kind in EntityKind::ALL {
            for (column, ty) in kind.columns() {
                let is_ref = REFERENCES.iter().any(|(k, f, _)| *k == kind && f == column);
                let not_ref = NOT_REFERENCES
                    .iter()
                    .any(|(k, f)| *k == kind && f == column);
                if column.ends_with("_id") {
                    assert!(
                        is_ref ^ not_ref,
                        "{}.{column}: list it in REFERENCES (the kind it names) or NOT_REFERENCES",
                        kind.as_str()
                    );
                }
                if is_ref {
                    assert_eq!(*ty, ColumnKind::Text, "{}.{column}", kind.as_str());
                }
            }
        }
        for (kind, field, _) in REFERENCES {
            assert!(
                kind.columns().iter().any(|(c, _)| c == field),
                "{}.{field} is no column",
                kind.as_str()
            );
        }
    }
}
