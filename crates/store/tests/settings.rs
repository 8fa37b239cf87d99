//! A standalone laptop's settings on a real SQLite file: the company profile with its bank details, "my contact
//! details", exchange rates removed, and the manager PIN — kept only as a hash, checked with a count of wrong
//! attempts that locks it, and refused on a laptop signed in to a server.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Instant;

use fieldquote_domain::Refusal;
use fieldquote_domain::approval::pin::{ManagerPin, PinRefusal};
use fieldquote_domain::company::{BankDetails, CompanyProfile, SellerContact};
use fieldquote_domain::money::ExchangeRate;
use fieldquote_domain::refusal::{Record, ServerData};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::{Currency, FieldErrorKind};
use fieldquote_store::{Origin, Store, StoreError, WRONG_PIN_DELAY};
use uuid::Uuid;

async fn store(dir: &Path) -> Store {
    Store::open(dir).await.unwrap()
}

fn profile() -> CompanyProfile {
    CompanyProfile {
        name: "苏州精工机电有限公司".into(),
        address: "苏州工业园区星湖街 328 号".into(),
        phone: "+86 512 6288 0001".into(),
        email: "sales@sz-jinggong.cn".into(),
        tax_id: "91320594MA1P2QRS3T".into(),
        currency: Currency::CNY,
        bank: BankDetails {
            bank_name: "中国银行".into(),
            account_name: "苏州精工机电有限公司".into(),
            account_number: "5388 7723 0011".into(),
            branch: "苏州工业园区支行".into(),
            swift: "bkchcnbj95h".into(),
        },
    }
}

async fn connect(store: &Store) {
    store
        .set_sync_account(
            "http://127.0.0.1:9",
            Uuid::now_v7(),
            "ann@example.cn",
            "AL1",
        )
        .await
        .unwrap();
}

fn pin(text: &str) -> ManagerPin {
    ManagerPin::parse("pin", text).unwrap()
}

fn pin_refusal(e: &StoreError) -> Option<&PinRefusal> {
    match e.refusal() {
        Some(Refusal::ManagerPin { reason }) => Some(reason),
        _ => None,
    }
}

/// Every byte of every file in `dir` (the database, its WAL and shared memory).
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn the_company_profile_keeps_its_bank_details_and_syncs_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    let saved = s.set_company(&profile(), Origin::Ui).await.unwrap();
    assert_eq!(saved.bank.swift, "BKCHCNBJ95H", "checked and in capitals");
    assert_eq!(s.company().await.unwrap().unwrap(), saved);
    // The outbox carries the bank columns for the server.
    let changes = s.outbox_batch(100).await.unwrap();
    let change = changes
        .iter()
        .map(|c| &c.change)
        .find(|c| c.entity == EntityKind::CompanyProfile)
        .expect("the profile is recorded");
    assert_eq!(change.fields["bank_account_number"], "5388 7723 0011");
    assert_eq!(change.fields["bank_swift"], "BKCHCNBJ95H");
    s.close().await.unwrap();

    // Reopened, it is all there.
    let s = store(dir.path()).await;
    assert_eq!(s.company().await.unwrap().unwrap(), saved);
}

#[tokio::test]
async fn a_bad_profile_is_refused_with_its_fields_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    let saved = s.set_company(&profile(), Origin::Ui).await.unwrap();
    let pending = s.pending_changes().await.unwrap();
    let mut bad = profile();
    bad.name = "  ".into();
    bad.bank.account_number = String::new();
    bad.bank.swift = "BKCH".into();
    let err = s.set_company(&bad, Origin::Ui).await.unwrap_err();
    let StoreError::Invalid(fields) = &err else {
        panic!("{err:?}")
    };
    let named: Vec<(&str, &FieldErrorKind)> =
        fields.iter().map(|f| (f.field.as_str(), &f.kind)).collect();
    assert_eq!(
        named,
        [
            ("name", &FieldErrorKind::Required),
            ("bank_account_number", &FieldErrorKind::Required),
            ("bank_swift", &FieldErrorKind::InvalidSwift),
        ]
    );
    assert_eq!(s.company().await.unwrap().unwrap(), saved);
    assert_eq!(s.pending_changes().await.unwrap(), pending);
}

#[tokio::test]
async fn a_connected_laptop_leaves_the_company_profile_to_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    connect(&s).await;
    let err = s.set_company(&profile(), Origin::Ui).await.unwrap_err();
    assert!(
        matches!(
            err.refusal(),
            Some(Refusal::ServerOwned {
                data: ServerData::CompanyProfile,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(s.company().await.unwrap(), None);
}

#[tokio::test]
async fn my_contact_details_are_kept_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    assert!(s.my_contact().await.unwrap().is_empty());
    let me = SellerContact {
        name: " 王芳 ".into(),
        title: "销售经理".into(),
        phone: "139 1234 5678".into(),
        email: "wang.fang@example.cn".into(),
    };
    let saved = s.set_my_contact(&me).await.unwrap();
    assert_eq!(saved.name, "王芳");
    let bad = SellerContact {
        email: "wang.fang".into(),
        ..me
    };
    let err = s.set_my_contact(&bad).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(f) if f[0].field == "email"),
        "{err:?}"
    );
    assert_eq!(s.my_contact().await.unwrap(), saved);
}

#[tokio::test]
async fn an_exchange_rate_can_be_removed_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    let usd = ExchangeRate::parse("rate", Currency::USD, Currency::CNY, "7.1").unwrap();
    let eur = ExchangeRate::parse("rate", Currency::EUR, Currency::CNY, "7.8").unwrap();
    s.set_exchange_rate(usd).await.unwrap();
    s.set_exchange_rate(eur).await.unwrap();
    s.remove_exchange_rate(Currency::USD, Currency::CNY)
        .await
        .unwrap();
    let left: Vec<_> = s
        .exchange_rates()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.from, r.to))
        .collect();
    assert_eq!(left, [(Currency::EUR, Currency::CNY)]);
    let err = s
        .remove_exchange_rate(Currency::USD, Currency::CNY)
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
        "{err:?}"
    );
}

#[tokio::test]
async fn the_manager_pin_is_stored_as_a_hash_never_as_typed() {
    const PIN: &str = "Mgr-4711-Zhang";
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    assert!(!s.manager_pin_is_set().await.unwrap());
    s.set_manager_pin(None, Some(&pin(PIN))).await.unwrap();
    assert!(s.manager_pin_is_set().await.unwrap());
    s.check_manager_pin(Some(PIN)).await.unwrap();
    s.close().await.unwrap();
    let bytes = all_bytes(dir.path());
    assert!(!contains(&bytes, PIN), "the PIN is on disk as typed");
    assert!(contains(&bytes, "$argon2id$"), "an argon2id hash is stored");
    let s = store(dir.path()).await;
    s.check_manager_pin(Some(PIN)).await.unwrap();
}

#[tokio::test]
async fn a_wrong_or_missing_pin_is_refused_after_a_delay_and_locks_after_five() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    // No PIN set: nothing to check.
    s.check_manager_pin(None).await.unwrap();
    s.check_manager_pin(Some("anything")).await.unwrap();
    s.set_manager_pin(None, Some(&pin("2468"))).await.unwrap();

    let err = s.check_manager_pin(None).await.unwrap_err();
    assert_eq!(pin_refusal(&err), Some(&PinRefusal::Required));
    let started = Instant::now();
    let err = s.check_manager_pin(Some("1357")).await.unwrap_err();
    assert!(started.elapsed() >= WRONG_PIN_DELAY, "a wrong PIN waits");
    assert_eq!(
        pin_refusal(&err),
        Some(&PinRefusal::Wrong { attempts_left: 4 })
    );
    // A right one clears the count.
    s.check_manager_pin(Some("2468")).await.unwrap();
    for left in (0..5).rev() {
        let err = s.check_manager_pin(Some("0000")).await.unwrap_err();
        assert_eq!(
            pin_refusal(&err),
            Some(&PinRefusal::Wrong {
                attempts_left: left
            })
        );
    }
    // Locked now, even for the right PIN.
    let err = s.check_manager_pin(Some("2468")).await.unwrap_err();
    match pin_refusal(&err) {
        Some(PinRefusal::Locked { retry_after_secs }) => {
            assert!((1..=30).contains(retry_after_secs), "{retry_after_secs}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn changing_or_removing_the_pin_needs_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    s.set_manager_pin(None, Some(&pin("2468"))).await.unwrap();
    let err = s
        .set_manager_pin(None, Some(&pin("9999")))
        .await
        .unwrap_err();
    assert_eq!(pin_refusal(&err), Some(&PinRefusal::Required));
    let err = s
        .set_manager_pin(Some("1111"), Some(&pin("9999")))
        .await
        .unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::Wrong { .. })),
        "{err:?}"
    );
    let err = s.set_manager_pin(Some("1111"), None).await.unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::Wrong { .. })),
        "{err:?}"
    );
    // Still the old PIN.
    s.check_manager_pin(Some("2468")).await.unwrap();
    s.set_manager_pin(Some("2468"), Some(&pin("9999")))
        .await
        .unwrap();
    let err = s.check_manager_pin(Some("2468")).await.unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::Wrong { .. })),
        "{err:?}"
    );
    s.set_manager_pin(Some("9999"), None).await.unwrap();
    assert!(!s.manager_pin_is_set().await.unwrap());
}

#[tokio::test]
async fn a_connected_laptop_has_no_manager_pin() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    connect(&s).await;
    let err = s
        .set_manager_pin(None, Some(&pin("2468")))
        .await
        .unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::SignedIn { server }) if server == "http://127.0.0.1:9"),
        "{err:?}"
    );
    assert!(!s.manager_pin_is_set().await.unwrap());
}

#[tokio::test]
async fn bank_details_pulled_from_the_server_are_the_laptops_profile() {
    use fieldquote_domain::sync::{Change, PullResponse, PulledRecord, Record as Synced};
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path()).await;
    connect(&s).await;
    let mut record = Synced::new(EntityKind::CompanyProfile, Uuid::now_v7(), Uuid::nil());
    let fields = [
        ("name", "上海精工机电有限公司"),
        ("currency", "CNY"),
        ("bank_name", "招商银行"),
        ("bank_account_name", "上海精工机电有限公司"),
        ("bank_account_number", "1219 0888 0010 001"),
        ("bank_swift", "CMBCCNBS"),
    ];
    record.apply(&Change {
        change_id: Uuid::now_v7(),
        entity: EntityKind::CompanyProfile,
        entity_id: record.id,
        hlc: "000001764000000000-00000-server".into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .collect(),
        deleted: false,
        base: Default::default(),
    });
    s.apply_pull(&PullResponse {
        records: vec![PulledRecord { seq: 1, record }],
        cursor: 1,
        has_more: false,
    })
    .await
    .unwrap();
    let p = s.company().await.unwrap().unwrap();
    assert_eq!(p.bank.bank_name, "招商银行");
    assert_eq!(p.bank.account_number, "1219 0888 0010 001");
    assert_eq!(p.bank.swift, "CMBCCNBS");
    assert_eq!(p.bank.branch, "", "a field the server never wrote is empty");
}
