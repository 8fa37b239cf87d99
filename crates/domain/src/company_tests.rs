use super::*;
use crate::access::{Role, SignedInUser};

fn profile() -> CompanyProfile {
    CompanyProfile {
        name: " 华东智控 ".into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        tax_id: String::new(),
        currency: Currency::CNY,
        bank: BankDetails::default(),
    }
}

fn bank() -> BankDetails {
    BankDetails {
        bank_name: "中国工商银行".into(),
        account_name: "华东智控科技有限公司".into(),
        account_number: "1102 0200 0901 2345 678".into(),
        branch: String::new(),
        swift: String::new(),
    }
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &FieldErrorKind)> {
    errors.iter().map(|e| (e.field.as_str(), &e.kind)).collect()
}

#[test]
fn a_profile_without_bank_details_is_valid_and_trimmed() {
    let p = profile().validate().unwrap();
    assert_eq!(p.name, "华东智控");
    assert!(p.bank.is_empty());
}

#[test]
fn bank_details_need_the_bank_the_account_name_and_its_number() {
    let p = CompanyProfile {
        bank: BankDetails {
            swift: "ICBKCNBJ".into(),
            ..BankDetails::default()
        },
        ..profile()
    };
    let errors = p.validate().unwrap_err();
    assert_eq!(
        fields(&errors),
        [
            ("bank_name", &FieldErrorKind::Required),
            ("bank_account_name", &FieldErrorKind::Required),
            ("bank_account_number", &FieldErrorKind::Required),
        ]
    );
    let p = CompanyProfile {
        bank: bank(),
        ..profile()
    };
    let valid = p.validate().unwrap();
    assert_eq!(valid.bank.account_number, "1102 0200 0901 2345 678");
}

#[test]
fn a_swift_code_has_8_or_11_letters_and_digits_and_is_kept_in_capitals() {
    for good in ["ICBKCNBJ", "icbkcnbjszp", " ICBK CNBJ SZP "] {
        let b = BankDetails {
            swift: good.into(),
            ..bank()
        };
        let v = b.validate().unwrap_or_else(|e| panic!("{good}: {e:?}"));
        assert!(
            v.swift == "ICBKCNBJ" || v.swift == "ICBKCNBJSZP",
            "{good} → {}",
            v.swift
        );
    }
    for bad in [
        "ICBKCN",
        "ICBKCNBJS",
        "1CBKCNBJ",
        "ICBK-CNBJ",
        "工商银行代码",
    ] {
        let b = BankDetails {
            swift: bad.into(),
            ..bank()
        };
        let errors = b.validate().unwrap_err();
        assert_eq!(
            fields(&errors),
            [("bank_swift", &FieldErrorKind::InvalidSwift)],
            "{bad}"
        );
    }
}

#[test]
fn a_quote_names_the_signed_in_account_with_this_laptops_phone_and_title() {
    let mine = SellerContact {
        name: "Typed name".into(),
        title: "销售经理".into(),
        phone: "138 0000 1234".into(),
        email: "typed@example.cn".into(),
    };
    assert_eq!(SellerContact::for_quote(None, &mine), mine);
    let ann = SignedInUser {
        user_id: "u1".into(),
        email: "ann@example.cn".into(),
        name: "Ann Li".into(),
        role: Some(Role::Rep),
    };
    assert_eq!(
        SellerContact::for_quote(Some(&ann), &mine),
        SellerContact {
            name: "Ann Li".into(),
            title: "销售经理".into(),
            phone: "138 0000 1234".into(),
            email: "ann@example.cn".into(),
        }
    );
    let unnamed = SignedInUser {
        name: String::new(),
        ..ann
    };
    assert_eq!(
        SellerContact::for_quote(Some(&unnamed), &SellerContact::default()).name,
        "ann@example.cn"
    );
}

#[test]
fn a_contact_may_be_empty_but_not_malformed() {
    assert!(SellerContact::default().validate().unwrap().is_empty());
    let bad = SellerContact {
        email: "not an address".into(),
        ..SellerContact::default()
    };
    assert_eq!(
        fields(&bad.validate().unwrap_err()),
        [("email", &FieldErrorKind::InvalidEmail)]
    );
}
