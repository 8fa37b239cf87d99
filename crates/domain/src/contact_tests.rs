use super::*;
use crate::FieldErrorKind;

#[test]
fn a_contact_needs_a_name_and_a_valid_email() {
    let account = Uuid::from_u128(1);
    let bad = ContactInput {
        email: "wang.fang@".into(),
        ..ContactInput::named(account, "")
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.field.as_str(), &e.kind))
            .collect::<Vec<_>>(),
        [
            ("name", &FieldErrorKind::Required),
            ("email", &FieldErrorKind::InvalidEmail)
        ]
    );
    let ok = ContactInput {
        email: " wang.fang@jinggong.cn ".into(),
        buying_role: Some(BuyingRole::DecisionMaker),
        stance: Some(Stance::Supporter),
        ..ContactInput::named(account, " 王芳 ")
    }
    .validate()
    .unwrap();
    assert_eq!(ok.get().name, "王芳");
    assert_eq!(ok.get().email, "wang.fang@jinggong.cn");
}
