//! How `fq` words a failure on stderr: the error chain as one sentence, validation problems one a line, and
//! refusals with the command or flag that helps.

use std::error::Error;

use fieldquote_domain::approval::PinRefusal;
use fieldquote_domain::refusal::ServerData;
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_domain::{DomainError, Refusal};
use fieldquote_service::ServiceError;
use fieldquote_store::StoreError;

/// The error chain as one sentence, with validation problems one a line and refusals worded for `fq`.
pub fn describe(e: &anyhow::Error) -> String {
    if let Some(StoreError::Invalid(fields)) = store_error(e.as_ref()) {
        let list: Vec<String> = fields.iter().map(|f| format!("  - {f}")).collect();
        return format!("invalid input:\n{}", list.join("\n"));
    }
    let parts: Vec<String> = e.chain().map(cause).collect();
    parts.join(": ")
}

/// The local database's error in `cause`, directly or through a use case.
fn store_error<'a>(cause: &'a (dyn Error + 'static)) -> Option<&'a StoreError> {
    match cause.downcast_ref::<ServiceError>() {
        Some(ServiceError::Store(e)) => Some(e),
        _ => cause.downcast_ref::<StoreError>(),
    }
}

/// One link of the chain.
fn cause(cause: &(dyn Error + 'static)) -> String {
    if let Some(StoreError::Refused(r)) = store_error(cause) {
        return refusal(r);
    }
    if let Some(StoreError::Domain(DomainError::Rule(r))) = store_error(cause) {
        return rule(r);
    }
    if let Some(ServiceError::StoredLogo(e)) = cause.downcast_ref::<ServiceError>() {
        return format!("the stored logo; set another with `fq settings logo FILE`: {e}");
    }
    cause.to_string()
}

/// A rule of the client visit in `fq`'s words: the sentence, with the flag or command that helps.
fn rule(r: &RuleRefusal) -> String {
    let hint = match r {
        RuleRefusal::LostNeedsReason => " with --reason",
        RuleRefusal::CompetitorNeeded => " with --competitor NAME",
        RuleRefusal::WonNeedsAcceptedQuote => " (`fq quote accept NUMBER` wins it with that quote)",
        RuleRefusal::ReopenNeedsReason { .. } => " with --note",
        _ => "",
    };
    format!("{r}{hint}")
}

/// A refusal in `fq`'s words: the English sentence, with the command or flag that helps where there is one.
fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::ServerOwned { data, server } => {
            let (verb, them, command) = match data {
                ServerData::Catalog => ("is", "it", "import products FILE.csv"),
                ServerData::PriceLists => ("are", "them", "import pricelist FILE.csv"),
                ServerData::CompanyProfile => ("is", "it", "company set …"),
                ServerData::ContentLibrary => ("are", "them", "content import DIR|FILE"),
            };
            format!(
                "the {data} {verb} managed on the server {server}: ask an admin to change {them} there \
                 (fieldquote-server {command}); changes reach this computer with the next sync"
            )
        }
        Refusal::AccountSigns { email } => format!(
            "this laptop is signed in as {email}: the decision is signed by that account, so drop --by (a \
             manager at your side uses --manager EMAIL --password-env VAR)"
        ),
        Refusal::ApproverNotNamed => {
            "name the deciding manager with --by NAME (this laptop is not signed in to a server)"
                .into()
        }
        Refusal::ManagerPin {
            reason: PinRefusal::Required,
        } => "a manager PIN is set on this laptop: pass --pin-env VAR (a variable holding it) to decide, or \
              --current-pin-env VAR to change or remove it; nothing was changed"
            .into(),
        Refusal::ManagerPin { reason } => format!("{reason}; nothing was changed"),
        other => other.to_string(),
    }
}
