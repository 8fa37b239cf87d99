//! Deciding an approval on a standalone laptop once the company has set a manager PIN, on a real SQLite store
//! with the demo data: no PIN or a wrong one decides nothing (the quote, its outbox and its approval stay as
//! they were), the right one approves and the comment shows; the PIN itself is never on disk.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use fieldquote_domain::Refusal;
use fieldquote_domain::Role;
use fieldquote_domain::approval::{Decision, PinRefusal};
use fieldquote_domain::quote::{QuoteStatus, QuoteView};
use fieldquote_service::{ServiceError, approval, settings};
use fieldquote_store::{Origin, Store, StoreError, demo};

const PIN: &str = "Zhang-Mgr-8642";

async fn demo_store(dir: &Path) -> Store {
    let store = Store::open(dir).await.unwrap();
    demo::load(&store).await.unwrap();
    store
}

async fn waiting_for_approval(store: &Store) -> QuoteView {
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    let mut draft = q.to_draft();
    draft.lines[0].discount_percent = "30".into();
    let q = store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(q.status, QuoteStatus::PendingApproval);
    q
}

fn pin_refusal(e: &ServiceError) -> Option<&PinRefusal> {
    match e.refusal() {
        Some(Refusal::ManagerPin { reason }) => Some(reason),
        _ => None,
    }
}

async fn decide(
    store: &Store,
    q: &QuoteView,
    pin: Option<&str>,
    comment: &str,
) -> Result<QuoteView, ServiceError> {
    approval::decide(
        store,
        q.id.unwrap(),
        Decision::Approve,
        Some("Zhang Wei"),
        pin,
        comment,
        Origin::Ui,
    )
    .await
}

#[tokio::test]
async fn without_the_right_pin_nothing_is_decided_with_it_the_quote_is_approved() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let waiting = waiting_for_approval(&store).await;
    // Before a PIN is set, a name is enough (as before).
    settings::set_manager_pin(&store, None, Some(PIN))
        .await
        .unwrap();
    let pending = store.pending_changes().await.unwrap();

    let err = decide(&store, &waiting, None, "ok").await.unwrap_err();
    assert_eq!(pin_refusal(&err), Some(&PinRefusal::Required), "{err}");
    let err = decide(&store, &waiting, Some("8642"), "ok")
        .await
        .unwrap_err();
    assert_eq!(
        pin_refusal(&err),
        Some(&PinRefusal::Wrong { attempts_left: 4 }),
        "{err}"
    );
    assert!(err.to_string().contains("wrong"), "{err}");
    // Nothing changed: the same quote, nothing new to sync.
    assert_eq!(store.get_quote(waiting.id.unwrap()).await.unwrap(), waiting);
    assert_eq!(store.pending_changes().await.unwrap(), pending);

    let approved = decide(&store, &waiting, Some(PIN), "Strategic account, OK to 30 %")
        .await
        .unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    let approval = approved.approval.unwrap();
    assert!(approval.approved);
    assert_eq!(approval.approved_by, "Zhang Wei");
    assert_eq!(approval.comment, "Strategic account, OK to 30 %");
}

#[tokio::test]
async fn a_refusal_needs_the_pin_too_and_wrong_pins_lock_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let waiting = waiting_for_approval(&store).await;
    settings::set_manager_pin(&store, None, Some(PIN))
        .await
        .unwrap();
    let reject = |pin| {
        approval::decide(
            &store,
            waiting.id.unwrap(),
            Decision::Reject,
            Some("Zhang Wei"),
            pin,
            "too deep",
            Origin::Ui,
        )
    };
    for _ in 0..5 {
        assert!(pin_refusal(&reject(Some("0000")).await.unwrap_err()).is_some());
    }
    let err = reject(Some(PIN)).await.unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::Locked { .. })),
        "{err}"
    );
    assert_eq!(store.get_quote(waiting.id.unwrap()).await.unwrap(), waiting);
}

#[tokio::test]
async fn a_new_pin_must_be_long_enough_and_changing_it_needs_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let err = settings::set_manager_pin(&store, None, Some("12"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ServiceError::Store(StoreError::Invalid(f)) if f[0].field == "new_pin"),
        "{err}"
    );
    assert!(!settings::view(&store).await.unwrap().manager_pin_set);
    settings::set_manager_pin(&store, None, Some(PIN))
        .await
        .unwrap();
    assert!(settings::view(&store).await.unwrap().manager_pin_set);
    let err = settings::set_manager_pin(&store, Some("nope"), None)
        .await
        .unwrap_err();
    assert!(matches!(pin_refusal(&err), Some(PinRefusal::Wrong { .. })));
    assert!(settings::view(&store).await.unwrap().manager_pin_set);
    settings::set_manager_pin(&store, Some(PIN), None)
        .await
        .unwrap();
    assert!(!settings::view(&store).await.unwrap().manager_pin_set);
}

#[tokio::test]
async fn a_connected_laptop_signs_with_the_account_not_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let waiting = waiting_for_approval(&store).await;
    settings::set_manager_pin(&store, None, Some(PIN))
        .await
        .unwrap();
    store
        .set_sync_account(
            "http://127.0.0.1:9",
            uuid::Uuid::now_v7(),
            "mia@example.cn",
            "MI1",
        )
        .await
        .unwrap();
    store
        .set_account_profile("Mia Chen", Role::Admin)
        .await
        .unwrap();
    // No PIN asked: the admin's account signs.
    let q = approval::decide(
        &store,
        waiting.id.unwrap(),
        Decision::Approve,
        None,
        None,
        "",
        Origin::Ui,
    )
    .await
    .unwrap();
    assert_eq!(q.approval.unwrap().approved_by, "Mia Chen");
    let err = settings::set_manager_pin(&store, Some(PIN), None)
        .await
        .unwrap_err();
    assert!(
        matches!(pin_refusal(&err), Some(PinRefusal::SignedIn { .. })),
        "{err}"
    );
}
