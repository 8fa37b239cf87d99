use crate::account::{InvoiceType, Lifecycle, SizeClass, Source, ValueClass};
use crate::activity::ActivityKind;
use crate::buying_process::{BuyingStepKind, BuyingStepStatus};
use crate::contact::{BuyingRole, Stance};
use crate::feedback::{FeedbackCategory, FeedbackStatus, Severity};
use crate::needs::{RequirementFit, RequirementPriority};
use crate::opportunity::{LostReason, MemberRole, Stage};
use crate::workstream::WorkstreamKind;
use crate::{FieldError, FieldErrorKind};

/// Each value's serde form is its stored word, and parses back.
fn same_words<T>(all: &[T])
where
    T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    for v in all {
        let json = serde_json::to_value(v).unwrap();
        let word = json.as_str().unwrap();
        assert!(
            word.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{word} is not snake_case"
        );
        assert_eq!(serde_json::from_value::<T>(json.clone()).unwrap(), *v);
    }
}

#[test]
fn every_enum_speaks_snake_case_words_as_stored() {
    same_words(SizeClass::ALL);
    same_words(Source::ALL);
    same_words(Lifecycle::ALL);
    same_words(ValueClass::ALL);
    same_words(InvoiceType::ALL);
    same_words(BuyingRole::ALL);
    same_words(Stance::ALL);
    same_words(BuyingStepKind::ALL);
    same_words(BuyingStepStatus::ALL);
    same_words(Stage::ALL);
    same_words(LostReason::ALL);
    same_words(MemberRole::ALL);
    same_words(WorkstreamKind::ALL);
    same_words(RequirementPriority::ALL);
    same_words(RequirementFit::ALL);
    same_words(ActivityKind::ALL);
    same_words(FeedbackCategory::ALL);
    same_words(Severity::ALL);
    same_words(FeedbackStatus::ALL);
    for s in Stage::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert_eq!(Stage::parse(s.as_str()), Some(*s));
    }
    assert_eq!(SizeClass::SmallMedium.as_str(), "small_medium");
    assert_eq!(Stage::NeedsIdentified.to_string(), "needs_identified");
}

#[test]
fn a_word_not_accepted_names_the_accepted_ones() {
    assert_eq!(
        Stance::parse_field("stance", " supporter "),
        Ok(Stance::Supporter)
    );
    assert_eq!(
        Stance::parse_field("stance", "friend"),
        Err(FieldError::new(
            "stance",
            FieldErrorKind::NotOneOf {
                allowed: "supporter, neutral, opponent".into()
            }
        ))
    );
    assert_eq!(ValueClass::parse_optional("value_class", " "), Ok(None));
    assert_eq!(
        ValueClass::parse_optional("value_class", "b"),
        Ok(Some(ValueClass::B))
    );
}
