//! Whom work can be given to on a laptop that never synced: the directory is empty, yet the rep can own the
//! feedback they record (a real SQLite store in a temporary directory, without the demo data).
#![allow(clippy::unwrap_used)]

use fieldquote_domain::account::AccountInput;
use fieldquote_domain::company::SellerContact;
use fieldquote_domain::feedback::{
    FeedbackAction, FeedbackCategory, FeedbackInput, FeedbackStatus, Severity,
};
use fieldquote_service::{account, colleague, feedback, settings};
use fieldquote_store::{Origin, Store};

#[tokio::test]
async fn a_laptop_without_a_directory_offers_its_own_user() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let me = store.my_user_id().await.unwrap();

    let directory = colleague::list(&store).await.unwrap();
    assert_eq!(directory.len(), 1, "{directory:?}");
    assert_eq!(directory[0].id, me);
    assert_eq!(
        directory[0].name, "",
        "unnamed until my contact details say"
    );

    settings::set_my_contact(
        &store,
        &SellerContact {
            name: "周立 Zhou Li".into(),
            email: "zhou.li@example.cn".into(),
            ..SellerContact::default()
        },
    )
    .await
    .unwrap();
    let directory = colleague::list(&store).await.unwrap();
    assert_eq!(
        (directory[0].name.as_str(), directory[0].email.as_str()),
        ("周立 Zhou Li", "zhou.li@example.cn")
    );

    // The complaint recorded here is assigned to that user, and its loop goes on.
    let client = account::create(
        &store,
        &AccountInput {
            name: "无锡德润电子有限公司".into(),
            ..AccountInput::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    let complaint = feedback::add(
        &store,
        &FeedbackInput {
            account_id: client.id,
            product_id: None,
            quote_id: None,
            category: FeedbackCategory::Delivery,
            severity: Severity::High,
            satisfaction: Some(2),
            description: "交货晚了两周".into(),
            owner_user_id: None,
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    let assigned = feedback::act(
        &store,
        complaint.id,
        &FeedbackAction::Assign {
            owner_user_id: directory[0].id,
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    assert_eq!(assigned.owner_user_id, Some(me));
    assert_eq!(assigned.status, FeedbackStatus::Assigned);
}

#[tokio::test]
async fn a_directory_that_names_the_user_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fieldquote_store::demo::load(&store).await.unwrap();
    let me = store.my_user_id().await.unwrap();
    let directory = colleague::list(&store).await.unwrap();
    assert_eq!(
        directory.iter().filter(|c| c.id == me).count(),
        1,
        "the demo's directory names the laptop's rep once: {directory:?}"
    );
    assert_eq!(
        directory.len(),
        store.list_colleagues().await.unwrap().len()
    );
}
