//! Approvals over sync, with real device stores against the real server (in process, SQLite in a temp dir):
//! the request goes up with a sync, the manager decides on their own laptop or on the rep's, and the
//! decision comes back with the rep's next sync.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;
mod laptop;

use common::{PASSWORD, Server, ServerDb};
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
use fieldquote_server::catalog::{Catalog, CompanyUpdate};
use fieldquote_server::entities::app_user::Role;
use fieldquote_store::{Origin, Store, StoreError};
use fieldquote_sync::{Client, Decision, OnTheSpotReport, Session, SyncError, approve_on_the_spot};
use laptop::sign_in;
use uuid::Uuid;

const REP: &str = "rep@example.cn";
const MANAGER: &str = "manager@example.cn";
const OTHER_MANAGER: &str = "south.manager@example.cn";

/// Team North (a rep and a manager), team South (a manager), one product.
async fn team_server(db: &ServerDb) -> Server {
    let server = Server::start(db).await;
    server.add_team("North").await;
    server.add_team("South").await;
    server.add_user(REP, Role::Rep, Some("North")).await;
    server.add_user(MANAGER, Role::Manager, Some("North")).await;
    server
        .add_user(OTHER_MANAGER, Role::Manager, Some("South"))
        .await;
    server
        .import("PLC-200,PLC 控制器,,台,1000.00,CNY,13\n")
        .await;
    server
}

/// A device signed in as `email`, as the app's sign-in leaves it, synced once.
async fn device(dir: &tempfile::TempDir, server: &Server, email: &str) -> (Store, Client, Session) {
    let store = Store::open(dir.path()).await.unwrap();
    let (client, session) = sign_in(&store, server, email).await;
    store
        .set_account_profile(&session.name, session.role)
        .await
        .unwrap();
    sync(&store, &client, &session).await;
    (store, client, session)
}

/// A sync in which the server accepts every change.
async fn sync(store: &Store, client: &Client, session: &Session) {
    let report = laptop::sync(store, client, session).await;
    assert_eq!(
        report.rejected,
        0,
        "{report:?}: {:?}",
        rejections(store).await
    );
}

/// The changes the server refused, with its reasons.
async fn rejections(store: &Store) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let db = Database::connect(format!("sqlite://{}", store.path().display()))
        .await
        .unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT entity || ' ' || code || ': ' || reason || ' ' || payload FROM sync_rejection",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// A one-line quote with `discount` % off; returns its id.
async fn quote_with_discount(store: &Store, discount: &str) -> Uuid {
    let product = store.list_products("PLC").await.unwrap()[0].id;
    let customer = store
        .create_account(
            &AccountInput {
                name: "苏州精工".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let draft = QuoteDraft {
        customer_id: Some(customer.id),
        lines: vec![QuoteLineDraft {
            product_id: product,
            quantity: "2".into(),
            discount_percent: discount.into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    store
        .save_quote(&draft, Origin::Ui)
        .await
        .unwrap()
        .id
        .unwrap()
}

/// A manager approves quote `id` on the spot, without a comment.
async fn approve_here(
    store: &Store,
    client: &Client,
    token: &str,
    id: Uuid,
    manager: &str,
    password: &str,
) -> Result<OnTheSpotReport, SyncError> {
    approve_on_the_spot(
        store,
        client,
        token,
        id,
        manager,
        password,
        Decision::Approve,
        "",
    )
    .await
}

async fn status(store: &Store, id: Uuid) -> QuoteStatus {
    store.get_quote(id).await.unwrap().status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_goes_up_the_manager_approves_on_their_laptop_and_the_rep_sends() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let (dr, dm) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let (mgr, mc, ms) = device(&dm, &server, MANAGER).await;

    let id = quote_with_discount(&rep, "25").await;
    assert_eq!(status(&rep, id).await, QuoteStatus::PendingApproval);
    let number = rep.get_quote(id).await.unwrap().number.unwrap();
    let refused = rep.send_quote(id, Origin::Ui).await.unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::Refused(fieldquote_domain::Refusal::ApprovalRequired { .. })
        ),
        "{refused}"
    );
    // The rep has nothing to decide, and may not approve their own request.
    assert!(rep.pending_approvals().await.unwrap().is_empty());
    let err = rep
        .decide_approval(id, Decision::Approve, "Rep", "", Origin::Ui)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("only a manager"), "{err}");

    sync(&rep, &rc, &rs).await;
    sync(&mgr, &mc, &ms).await;
    let list = mgr.pending_approvals().await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let a = &list[0];
    assert_eq!((a.quote_id, a.number.as_str()), (id, number.as_str()));
    assert_eq!(a.customer_name, "苏州精工");
    assert_eq!(a.requested_by, format!("User {REP}"));
    assert!(!a.requested_at.is_empty());
    assert_eq!((a.max_discount.as_str(), a.limit.as_str()), ("25", "15"));
    assert_eq!(a.total, "1695.00", "2 × 1000 − 25 %, plus 13 % VAT");

    let signer = mgr.signed_in_user().await.unwrap().unwrap();
    let approved = mgr
        .decide_approval(
            id,
            Decision::Approve,
            signer.display_name(),
            "战略客户",
            Origin::Ui,
        )
        .await
        .unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    sync(&mgr, &mc, &ms).await;
    assert!(mgr.pending_approvals().await.unwrap().is_empty());

    sync(&rep, &rc, &rs).await;
    let q = rep.get_quote(id).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Approved);
    let approval = q.approval.unwrap();
    assert_eq!(approval.approved_by, format!("User {MANAGER}"));
    assert_eq!(approval.comment, "战略客户");
    assert_eq!(
        rep.send_quote(id, Origin::Ui).await.unwrap().status,
        QuoteStatus::Sent
    );
    sync(&rep, &rc, &rs).await;
    sync(&mgr, &mc, &ms).await;
    assert_eq!(status(&mgr, id).await, QuoteStatus::Sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_with_a_comment_reaches_the_rep() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let (dr, dm) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let (mgr, mc, ms) = device(&dm, &server, MANAGER).await;
    let id = quote_with_discount(&rep, "40").await;
    sync(&rep, &rc, &rs).await;
    sync(&mgr, &mc, &ms).await;
    mgr.decide_approval(id, Decision::Reject, "User manager", "最多 20%", Origin::Ui)
        .await
        .unwrap();
    sync(&mgr, &mc, &ms).await;
    sync(&rep, &rc, &rs).await;
    let q = rep.get_quote(id).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Draft);
    assert!(
        q.approval.unwrap().comment.contains("最多 20%"),
        "the reason reaches the rep"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_limits_per_role_reach_the_devices_and_decide_approval() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    Catalog::new(server.db.clone())
        .set_company(CompanyUpdate {
            name: Some("华东智控".into()),
            rep_discount_limit: Some("20".into()),
            manager_discount_limit: Some("30 %".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let (dr, dm, ds) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let (mgr, _, _) = device(&dm, &server, MANAGER).await;
    assert_eq!(rep.discount_limit().await.unwrap().to_string(), "20");
    assert_eq!(mgr.discount_limit().await.unwrap().to_string(), "30");
    // The device's own setting no longer decides while the server sets one.
    rep.set_discount_limit(fieldquote_domain::validation::Percent::parse("limit", "50").unwrap())
        .await
        .unwrap();
    assert_eq!(rep.discount_limit().await.unwrap().to_string(), "20");
    let within = quote_with_discount(&rep, "18").await;
    assert_eq!(status(&rep, within).await, QuoteStatus::Draft);
    let over = quote_with_discount(&rep, "22").await;
    assert_eq!(status(&rep, over).await, QuoteStatus::PendingApproval);
    let managers = quote_with_discount(&mgr, "22").await;
    assert_eq!(status(&mgr, managers).await, QuoteStatus::Draft);

    // Lowered on the server: the rep's device takes it with the next sync.
    Catalog::new(server.db.clone())
        .set_company(CompanyUpdate {
            rep_discount_limit: Some("10".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    sync(&rep, &rc, &rs).await;
    assert_eq!(rep.discount_limit().await.unwrap().to_string(), "10");
    let now_over = quote_with_discount(&rep, "12").await;
    assert_eq!(status(&rep, now_over).await, QuoteStatus::PendingApproval);

    // A standalone laptop keeps its own setting.
    let standalone = Store::open(ds.path()).await.unwrap();
    assert_eq!(standalone.discount_limit().await.unwrap().to_string(), "15");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_connected_before_roles_were_kept_learns_its_role_at_the_next_sync() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    // Only the account, as a sign-in of an older release left it.
    let (client, session) = sign_in(&store, &server, MANAGER).await;
    assert_eq!(store.signed_in_user().await.unwrap().unwrap().role, None);
    sync(&store, &client, &session).await;
    let user = store.signed_in_user().await.unwrap().unwrap();
    assert_eq!(user.role, Some(fieldquote_domain::Role::Manager));
    assert_eq!(user.display_name(), format!("User {MANAGER}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_approves_on_the_spot_on_the_reps_laptop() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dr = tempfile::tempdir().unwrap();
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    // Made at the client's site, not synced yet: the approval pushes it first.
    let id = quote_with_discount(&rep, "30").await;
    assert!(rep.sync_state().await.unwrap().pending_changes > 0);

    // A wrong password, a rep's password and another team's manager decide nothing.
    let err = approve_here(&rep, &rc, &rs.token, id, MANAGER, "wrong password!")
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::ManagerNotAccepted(_)), "{err}");
    let err = approve_here(&rep, &rc, &rs.token, id, OTHER_MANAGER, PASSWORD)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SyncError::Server { status: 403, .. }),
        "{err}"
    );
    assert_eq!(status(&rep, id).await, QuoteStatus::PendingApproval);

    let report = approve_on_the_spot(
        &rep,
        &rc,
        &rs.token,
        id,
        MANAGER,
        PASSWORD,
        Decision::Approve,
        "客户现场批准",
    )
    .await
    .unwrap();
    assert_eq!(report.decided.status, "approved");
    let q = rep.get_quote(id).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Approved, "pulled at once");
    let approval = q.approval.unwrap();
    assert_eq!(approval.approved_by, format!("User {MANAGER}"));
    assert_eq!(approval.comment, "客户现场批准");
    assert_eq!(rep.sync_state().await.unwrap().pending_changes, 0);
    assert_eq!(rep.sync_state().await.unwrap().open_conflicts, 0);
    assert_eq!(
        rep.send_quote(id, Origin::Ui).await.unwrap().status,
        QuoteStatus::Sent
    );
    sync(&rep, &rc, &rs).await;
}

/// The laptop's own sign-in refused (expired or revoked) is not the manager's password: the answer says which.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_spot_tells_a_refused_laptop_sign_in_from_a_wrong_manager_password() {
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let dr = tempfile::tempdir().unwrap();
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let id = quote_with_discount(&rep, "30").await;
    sync(&rep, &rc, &rs).await;
    assert_eq!(rep.sync_state().await.unwrap().pending_changes, 0);

    // Nothing left to push: the first request is the decision itself, with a token the server does not know.
    let expired = "fq_0000000000000000000000000000000000000000000";
    let err = approve_here(&rep, &rc, expired, id, MANAGER, PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized(_)), "{err:?}");

    // With something to push, the push is refused first; the manager's password was never sent.
    rep.create_account(
        &AccountInput {
            name: "无锡新客户".into(),
            ..Default::default()
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    assert!(rep.sync_state().await.unwrap().pending_changes > 0);
    let err = approve_here(&rep, &rc, expired, id, MANAGER, "wrong password!")
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized(_)), "{err:?}");
    assert_eq!(status(&rep, id).await, QuoteStatus::PendingApproval);

    // The same laptop with its valid sign-in and a wrong manager password: the manager's.
    let err = approve_here(&rep, &rc, &rs.token, id, MANAGER, "wrong password!")
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::ManagerNotAccepted(_)), "{err:?}");
    assert!(
        err.to_string().contains("manager's email or password"),
        "{err}"
    );
    assert_eq!(status(&rep, id).await, QuoteStatus::PendingApproval);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_spot_with_the_server_down_says_why_and_changes_nothing() {
    let db = ServerDb::new();
    let mut server = team_server(&db).await;
    let dr = tempfile::tempdir().unwrap();
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let id = quote_with_discount(&rep, "30").await;
    let before = rep.get_quote(id).await.unwrap();
    let pending = rep.sync_state().await.unwrap().pending_changes;
    server.stop().await;

    let err = approve_here(&rep, &rc, &rs.token, id, MANAGER, PASSWORD)
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::OnTheSpotUnavailable { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("needs the server to check the manager's password"),
        "{message}"
    );
    assert!(message.contains("with the next sync"), "{message}");
    assert_eq!(rep.get_quote(id).await.unwrap(), before);
    assert_eq!(rep.sync_state().await.unwrap().pending_changes, pending);

    // Back online, the request goes up with the next sync as usual.
    server.restart(&db).await;
    sync(&rep, &rc, &rs).await;
    assert_eq!(status(&rep, id).await, QuoteStatus::PendingApproval);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quote_approved_on_a_standalone_laptop_waits_for_a_manager_once_connected() {
    use fieldquote_domain::catalog::ProductInput;
    let db = ServerDb::new();
    let server = team_server(&db).await;
    let (dr, dm) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = Store::open(dr.path()).await.unwrap();
    store
        .upsert_product(
            &ProductInput {
                sku: "PLC-9".into(),
                name: "PLC".into(),
                description: String::new(),
                unit: "pcs".into(),
                unit_price: "1000.00".into(),
                currency: "CNY".into(),
                tax_rate: "13".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap();
    let id = quote_with_discount(&store, "30").await;
    store
        .decide_approval(id, Decision::Approve, "Wang Fang", "", Origin::Ui)
        .await
        .unwrap();
    store.close().await.unwrap();

    // Connected: the quote goes up whole, and the approval nobody on the server gave is void.
    let (rep, rc, rs) = device(&dr, &server, REP).await;
    let q = rep.get_quote(id).await.unwrap();
    assert_eq!(q.status, QuoteStatus::PendingApproval);
    assert!(
        q.approval
            .unwrap()
            .comment
            .contains("before this laptop was connected"),
        "the rep is told why"
    );
    assert_eq!(rep.sync_state().await.unwrap().rejected_changes, 0);
    let (mgr, _, _) = device(&dm, &server, MANAGER).await;
    assert_eq!(mgr.pending_approvals().await.unwrap().len(), 1);
    sync(&rep, &rc, &rs).await;
}
