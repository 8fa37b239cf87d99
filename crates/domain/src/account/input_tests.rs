use super::*;
use crate::account::Account;

fn named(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn an_account_needs_a_name_and_a_valid_email() {
    let bad = AccountInput {
        email: "nope".into(),
        ..named(" ")
    };
    let fields: Vec<_> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["name", "email"]);
    let ok = named(" 苏州精工 ").validate().unwrap();
    assert_eq!(ok.get().name, "苏州精工");
    assert_eq!(ok.get().lifecycle, Lifecycle::Prospect);
}

#[test]
fn tags_are_cleaned() {
    let ok = AccountInput {
        tags: vec![" 汽车 ".into(), "".into(), "汽车".into(), "Tier 1".into()],
        ..named("A")
    }
    .validate()
    .unwrap();
    assert_eq!(ok.get().tags, ["汽车", "Tier 1"]);
    let too_long = AccountInput {
        tags: vec!["x".repeat(MAX_TAG + 1)],
        ..named("A")
    };
    assert_eq!(too_long.validate().unwrap_err()[0].field, "tags[0]");
}

#[test]
fn a_special_invoice_needs_the_whole_invoicing_details() {
    let special = AccountInput {
        invoice_type: Some(InvoiceType::Special),
        invoice_bank: "招商银行苏州分行".into(),
        ..named("苏州精工")
    };
    let fields: Vec<_> = special
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.kind))
        .collect();
    assert_eq!(
        fields,
        [
            ("tax_id".to_string(), FieldErrorKind::Required),
            ("invoice_account".to_string(), FieldErrorKind::Required),
            ("invoice_address".to_string(), FieldErrorKind::Required),
            ("invoice_phone".to_string(), FieldErrorKind::Required),
        ]
    );
    let complete = AccountInput {
        tax_id: "91320594MA1XXXXX0K".into(),
        invoice_account: "5129 0000 0000 001".into(),
        invoice_address: "苏州工业园区星湖街 1 号".into(),
        invoice_phone: "0512-6666 0000".into(),
        ..special
    };
    assert!(complete.validate().is_ok());
    // An ordinary invoice (普票) needs only the tax id the account may or may not have.
    let ordinary = AccountInput {
        invoice_type: Some(InvoiceType::Ordinary),
        ..named("苏州精工")
    };
    assert!(ordinary.validate().is_ok());
}

#[test]
fn an_account_gives_back_what_was_typed() {
    let typed = AccountInput {
        tags: vec!["汽车".into()],
        lifecycle: Lifecycle::Active,
        invoice_type: Some(InvoiceType::Ordinary),
        ..named("苏州精工")
    };
    let v = typed.validate().unwrap();
    let stored = Account {
        name: v.get().name.clone(),
        tags: v.get().tags.clone(),
        lifecycle: v.get().lifecycle,
        invoice_type: v.get().invoice_type,
        ..Account::default()
    };
    assert_eq!(stored.input(), typed);
}
