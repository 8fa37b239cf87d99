//! Errors of the domain: a field-level validation error the UI can attach to an input, and the crate's error.

use serde::{Deserialize, Serialize};

/// What is wrong with one field. Serialized as `{"code": "...", ...params}` so the UI can translate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldErrorKind {
    Required,
    TooLong {
        max: u32,
    },
    NotANumber,
    MustBePositive,
    Negative,
    AboveMax {
        max: String,
    },
    TooManyDecimals {
        max: u32,
    },
    InvalidEmail,
    ControlCharacters,
    UnknownCurrency,
    CurrencyMismatch {
        expected: String,
        found: String,
    },
    NotFound,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    /// A price in `from` on a quote in `to`, and no exchange rate recorded for the pair on this device.
    MissingExchangeRate {
        from: String,
        to: String,
    },
    /// Not one of the accepted words (`allowed`, comma-separated).
    NotOneOf {
        allowed: String,
    },
    /// A list (a bundle's components, accessories) that cannot be read; `reason` says where.
    InvalidList {
        reason: String,
    },
    /// The product is no longer offered (inactive): it cannot be added to a quote.
    Inactive,
    /// A bundle component line without a bundle line before it to belong to.
    ComponentWithoutBundle,
    /// A bundle inside a bundle: bundles do not nest.
    NestedBundle,
    /// A bundle line for a product that is not a bundle.
    NotABundle,
    /// A bundle product on a plain line: a bundle is added as a bundle line with its components.
    IsABundle,
    /// A bundle priced as the sum of its components takes no discount of its own.
    BundleDiscount,
    /// Shorter than `min` characters (a manager PIN).
    TooShort {
        min: u32,
    },
    /// Not a SWIFT/BIC code (8 or 11 letters and digits, the first six letters).
    InvalidSwift,
}

/// A validation problem attached to a named field (`name`, `lines[2].quantity`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub kind: FieldErrorKind,
}

impl FieldError {
    pub fn new(field: impl Into<String>, kind: FieldErrorKind) -> Self {
        Self {
            field: field.into(),
            kind,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = &self.field;
        match &self.kind {
            FieldErrorKind::Required => write!(f, "{field}: required"),
            FieldErrorKind::TooLong { max } => write!(f, "{field}: longer than {max} characters"),
            FieldErrorKind::NotANumber => write!(f, "{field}: not a number"),
            FieldErrorKind::MustBePositive => write!(f, "{field}: must be greater than zero"),
            FieldErrorKind::Negative => write!(f, "{field}: must not be negative"),
            FieldErrorKind::AboveMax { max } => write!(f, "{field}: must be at most {max}"),
            FieldErrorKind::TooManyDecimals { max } => {
                write!(f, "{field}: at most {max} decimal places")
            }
            FieldErrorKind::InvalidEmail => write!(f, "{field}: not a valid e-mail address"),
            FieldErrorKind::ControlCharacters => write!(f, "{field}: contains control characters"),
            FieldErrorKind::UnknownCurrency => write!(f, "{field}: unknown currency"),
            FieldErrorKind::CurrencyMismatch { expected, found } => {
                write!(
                    f,
                    "{field}: priced in {found}, but the quote is in {expected}"
                )
            }
            FieldErrorKind::NotFound => write!(f, "{field}: not found"),
            FieldErrorKind::InvalidDate => write!(f, "{field}: not a date (YYYY-MM-DD)"),
            FieldErrorKind::MissingExchangeRate { from, to } => write!(
                f,
                "{field}: priced in {from}, but the quote is in {to} and no {from} → {to} exchange rate is set on \
                 this device: set one with `fq settings exchange-rate {from} {to} RATE`"
            ),
            FieldErrorKind::NotOneOf { allowed } => write!(f, "{field}: must be one of {allowed}"),
            FieldErrorKind::InvalidList { reason } => write!(f, "{field}: {reason}"),
            FieldErrorKind::Inactive => {
                write!(f, "{field}: the product is no longer offered (inactive)")
            }
            FieldErrorKind::ComponentWithoutBundle => {
                write!(
                    f,
                    "{field}: a component must follow the bundle it belongs to"
                )
            }
            FieldErrorKind::NestedBundle => {
                write!(f, "{field}: a bundle cannot be part of another bundle")
            }
            FieldErrorKind::NotABundle => write!(f, "{field}: the product is not a bundle"),
            FieldErrorKind::IsABundle => write!(
                f,
                "{field}: the product is a bundle: add it as a bundle line with its components"
            ),
            FieldErrorKind::BundleDiscount => write!(
                f,
                "{field}: a bundle priced as the sum of its components takes no discount of its own"
            ),
            FieldErrorKind::TooShort { min } => {
                write!(f, "{field}: shorter than {min} characters")
            }
            FieldErrorKind::InvalidSwift => write!(
                f,
                "{field}: not a SWIFT/BIC code (8 or 11 letters and digits, e.g. ICBKCNBJ)"
            ),
        }
    }
}

/// Errors of domain computations.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("invalid input: {}", join(.0))]
    Invalid(Vec<FieldError>),
    #[error("amount out of range")]
    Overflow,
    #[error("cannot combine {0} and {1} amounts")]
    CurrencyMismatch(String, String),
    #[error("a {from} quote cannot become {to}")]
    StatusTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error("the discounts need approval before the quote can be sent")]
    ApprovalRequired,
    #[error("line {line}: {reason}")]
    InvalidLineTree { line: usize, reason: &'static str },
    /// A step a rule of the client visit does not allow (a stage change, a check-out, a feedback step).
    #[error(transparent)]
    Rule(#[from] crate::rule::RuleRefusal),
    /// An import file refused whole: every problem by row and column.
    #[error("{}", crate::import::describe_problems(.0))]
    InvalidRows(Vec<crate::import::RowProblem>),
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
