//! The settings a standalone laptop changes in the app and with `fq settings`, on a real SQLite store: the
//! company profile with its bank details, the discount limit, exchange rates, "my contact details" — and what
//! a quote's PDF is made from (read back with `pdftotext`).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use fieldquote_domain::company::SellerContact;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::refusal::{Record, ServerData};
use fieldquote_domain::{Currency, FieldErrorKind, Refusal, Role};
use fieldquote_service::settings::{self, CompanyUpdate, LimitSource};
use fieldquote_service::{ServiceError, pdf};
use fieldquote_store::{Origin, Store, StoreError, demo};

async fn demo_store(dir: &Path) -> Store {
    let store = Store::open(dir).await.unwrap();
    demo::load(&store).await.unwrap();
    store
}

async fn connect(store: &Store) {
    store
        .set_sync_account(
            "http://127.0.0.1:9",
            uuid::Uuid::now_v7(),
            "ann@example.cn",
            "AL1",
        )
        .await
        .unwrap();
}

fn fields(e: &ServiceError) -> Vec<(String, FieldErrorKind)> {
    match e {
        ServiceError::Store(StoreError::Invalid(f)) => f
            .iter()
            .map(|f| (f.field.clone(), f.kind.clone()))
            .collect(),
        other => panic!("not field errors: {other:?}"),
    }
}

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn the_company_profile_changes_only_the_fields_given_and_checks_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let before = settings::view(&store).await.unwrap().company;
    let p = settings::set_company(
        &store,
        CompanyUpdate {
            phone: Some("+86 21 5080 9999".into()),
            bank_swift: Some("icbkcnbj".into()),
            ..CompanyUpdate::default()
        },
        Origin::Cli,
    )
    .await
    .unwrap();
    assert_eq!(p.phone, "+86 21 5080 9999");
    assert_eq!(p.bank.swift, "ICBKCNBJ");
    assert_eq!(p.name, before.name);
    assert_eq!(p.bank.account_number, before.bank.account_number);

    let err = settings::set_company(
        &store,
        CompanyUpdate {
            name: Some(" ".into()),
            currency: Some("RMB".into()),
            ..CompanyUpdate::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert_eq!(
        fields(&err),
        [("currency".to_string(), FieldErrorKind::UnknownCurrency)]
    );
    let err = settings::set_company(
        &store,
        CompanyUpdate {
            name: Some(" ".into()),
            bank_account_number: Some(String::new()),
            ..CompanyUpdate::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("name".to_string(), FieldErrorKind::Required),
            ("bank_account_number".to_string(), FieldErrorKind::Required),
        ]
    );
    assert_eq!(settings::view(&store).await.unwrap().company, p);
}

#[tokio::test]
async fn a_connected_laptop_shows_the_servers_profile_and_refuses_to_change_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    connect(&store).await;
    let view = settings::view(&store).await.unwrap();
    assert_eq!(view.server.as_deref(), Some("http://127.0.0.1:9"));
    let err = settings::set_company(
        &store,
        CompanyUpdate {
            phone: Some("1".into()),
            ..CompanyUpdate::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.refusal(),
        Some(&Refusal::ServerOwned {
            data: ServerData::CompanyProfile,
            server: "http://127.0.0.1:9".into()
        })
    );
    assert_eq!(settings::view(&store).await.unwrap().company, view.company);
}

#[tokio::test]
async fn the_discount_limit_is_the_devices_until_the_server_sets_one_for_the_role() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let limit = settings::set_discount_limit(&store, " 20 % ")
        .await
        .unwrap();
    assert_eq!(
        (
            limit.limit.as_str(),
            limit.set_by,
            limit.device_limit.as_str()
        ),
        ("20", LimitSource::Device, "20")
    );
    for bad in ["abc", "120", "-1"] {
        let err = settings::set_discount_limit(&store, bad).await.unwrap_err();
        assert_eq!(fields(&err)[0].0, "discount_limit", "{bad}");
    }
    assert_eq!(
        settings::view(&store).await.unwrap().discount_limit.limit,
        "20"
    );
    // Connected as an admin: the server's "no limit" applies, the device keeps its own.
    connect(&store).await;
    store
        .set_account_profile("Ann Li", Role::Admin)
        .await
        .unwrap();
    let limit = settings::view(&store).await.unwrap().discount_limit;
    assert_eq!(
        (
            limit.limit.as_str(),
            limit.set_by,
            limit.role,
            limit.device_limit.as_str()
        ),
        ("100", LimitSource::Server, Some(Role::Admin), "20")
    );
}

#[tokio::test]
async fn exchange_rates_are_set_checked_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let rates = settings::set_exchange_rate(&store, " usd", "CNY", "7.1")
        .await
        .unwrap();
    assert_eq!(rates.len(), 1);
    assert_eq!((rates[0].from, rates[0].to), (Currency::USD, Currency::CNY));
    assert_eq!(rates[0].rate, "7.1");
    let rates = settings::set_exchange_rate(&store, "USD", "CNY", "7.25")
        .await
        .unwrap();
    assert_eq!(rates.len(), 1, "edited in place");
    assert_eq!(rates[0].rate, "7.25");

    let err = settings::set_exchange_rate(&store, "XYZ", "ABC", "7")
        .await
        .unwrap_err();
    let named: Vec<String> = fields(&err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(named, ["from", "to"]);
    let err = settings::set_exchange_rate(&store, "EUR", "CNY", "0")
        .await
        .unwrap_err();
    assert_eq!(fields(&err)[0].0, "rate");
    let err = settings::set_exchange_rate(&store, "EUR", "CNY", "7.123456789012")
        .await
        .unwrap_err();
    assert_eq!(fields(&err)[0].0, "rate");

    let rates = settings::remove_exchange_rate(&store, "USD", "CNY")
        .await
        .unwrap();
    assert!(rates.is_empty());
    let err = settings::remove_exchange_rate(&store, "USD", "CNY")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.refusal(),
            Some(Refusal::NotFound {
                record: Record::ExchangeRate,
                ..
            })
        ),
        "{err}"
    );
}

#[tokio::test]
async fn the_pdf_names_this_laptops_contact_or_the_signed_in_account_and_the_bank() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    settings::set_my_contact(
        &store,
        &SellerContact {
            name: "Zhou Min".into(),
            title: "Key account manager".into(),
            phone: "+86 139 0000 7788".into(),
            email: "zhou.min@example.cn".into(),
        },
    )
    .await
    .unwrap();
    let quote = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    let path = dir.path().join("standalone.pdf");
    pdf::write_quote_pdf(
        &store,
        quote.clone(),
        Some(PdfLanguage::En),
        PdfLanguage::En,
        &path,
    )
    .await
    .unwrap();
    let text = text_of(&path);
    for printed in [
        "Salescontact:ZhouMin",
        "Keyaccountmanager",
        "Tel.:+8613900007788",
        "Email:zhou.min@example.cn",
        "Accountno.:1001234509000123456",
        "SWIFT/BIC:ICBKCNBJSHI",
    ] {
        assert!(text.contains(printed), "{printed} in {text}");
    }

    // Signed in: the account's name and e-mail, this laptop's phone and title.
    connect(&store).await;
    store
        .set_account_profile("Ann Li", Role::Rep)
        .await
        .unwrap();
    let shown = settings::view(&store).await.unwrap().quote_contact;
    assert_eq!(
        (
            shown.name.as_str(),
            shown.email.as_str(),
            shown.phone.as_str()
        ),
        ("Ann Li", "ann@example.cn", "+86 139 0000 7788")
    );
    let path = dir.path().join("signed-in.pdf");
    pdf::write_quote_pdf(&store, quote, Some(PdfLanguage::En), PdfLanguage::En, &path)
        .await
        .unwrap();
    let text = text_of(&path);
    assert!(text.contains("Salescontact:AnnLi"), "{text}");
    assert!(text.contains("Email:ann@example.cn"), "{text}");
    assert!(text.contains("Tel.:+8613900007788"), "{text}");
    assert!(!text.contains("ZhouMin"), "{text}");
}
