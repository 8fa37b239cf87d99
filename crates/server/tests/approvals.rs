//! Approvals over sync, against the real router on SQLite and PostgreSQL: who may approve through a push,
//! how racing edits void an approval, and the manager's decision on the spot.
#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod common;

use common::{
    Api, Backend, Device, PASSWORD, TestDb, TestServer, cli, error_body, field, rejection,
    sync_snapshot,
};
use fieldquote_domain::sync::{Change, ChangeOutcome, EntityKind, PulledRecord, RejectCode};
use fieldquote_server::entities::app_user::Role;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    a_rep_cannot_approve_or_refuse_by_push,
    a_manager_of_the_team_approves_by_push,
    content_changed_after_an_approval_voids_it,
    an_approval_of_an_older_request_is_refused,
    on_the_spot_with_the_right_password_approves,
    on_the_spot_refuses_wrong_passwords_and_counts_them,
    on_the_spot_refuses_reps_other_teams_and_quotes_not_waiting,
    on_the_spot_refuses_malformed_requests_and_changes_nothing,
    company_set_takes_discount_limits_per_role,
);

/// Teams North (rep ann, managers mia and max) and South (rep sam, manager sol), and admin root.
struct Cast {
    s: TestServer,
    ann: Api,
    mia: Api,
    sam: Api,
    root: Api,
    dev: Device,
}

async fn cast(backend: Backend) -> Option<Cast> {
    let s = TestServer::start(backend).await?;
    s.add_team("North").await;
    s.add_team("South").await;
    for (name, role, team) in [
        ("ann", Role::Rep, Some("North")),
        ("mia", Role::Manager, Some("North")),
        ("max", Role::Manager, Some("North")),
        ("sam", Role::Rep, Some("South")),
        ("sol", Role::Manager, Some("South")),
        ("root", Role::Admin, None),
    ] {
        s.add_user(&format!("{name}@example.com"), role, team).await;
    }
    Some(Cast {
        ann: s.api("ann@example.com").await,
        mia: s.api("mia@example.com").await,
        sam: s.api("sam@example.com").await,
        root: s.api("root@example.com").await,
        s,
        dev: Device::new("dev-1"),
    })
}

fn quote_fields(status: &str) -> Value {
    json!({
        "number": "Q-2026-AL1-0001", "customer_id": Uuid::now_v7().to_string(), "status": status,
        "currency": "CNY", "issue_date": "2026-11-23", "valid_until": "2026-12-23", "notes": "",
        "subtotal_minor": 80_000, "tax_minor": 10_400, "total_minor": 90_400,
        "approved_by": "", "approved_at": "", "approval_comment": "",
        "approval_requested_by": "Ann", "approval_requested_at": "2026-11-23T08:00:00Z",
    })
}

/// A quote of `who`'s waiting for approval, pushed; its id.
async fn pending_quote(c: &mut Cast, who: &Api) -> Uuid {
    let id = Uuid::now_v7();
    who.push_accepted(&[c
        .dev
        .change(EntityKind::Quote, id, quote_fields("pending_approval"))])
        .await;
    id
}

/// The quote as `who` pulls it.
async fn pulled(who: &Api, id: Uuid) -> PulledRecord {
    who.pull_all()
        .await
        .into_iter()
        .rfind(|r| r.record.id == id)
        .expect("the quote is visible")
}

/// An approval as a manager's device writes it, having seen the status of `seen`.
fn approval(dev: &mut Device, seen: &PulledRecord, by: &str) -> Change {
    // As the manager's device writes it: naming the request it saw.
    let request = seen
        .record
        .fields
        .get("approval_requested_at")
        .map(|f| f.hlc.clone())
        .unwrap_or_default();
    dev.change(
        EntityKind::Quote,
        seen.record.id,
        json!({"status": "approved", "approved_by": by, "approved_at": "2026-11-23T09:00:00Z",
               "approval_comment": "strategic client", "approved_request": request}),
    )
}

fn reason(outcome: &ChangeOutcome) -> String {
    match outcome {
        ChangeOutcome::Rejected { reason, .. } => reason.clone(),
        ChangeOutcome::Accepted => String::new(),
    }
}

async fn a_rep_cannot_approve_or_refuse_by_push(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let forged = [
        json!({"status": "approved"}),
        json!({"status": "approved", "approved_by": "Mia", "approved_at": "2026-11-23T09:00:00Z"}),
        json!({"approved_by": "Mia"}),
        json!({"approval_comment": "Refused by Mia", "status": "draft"}),
        json!({"status": "sent"}),
    ];
    for fields in forged {
        let out = ann
            .push(&[c.dev.change(EntityKind::Quote, id, fields.clone())])
            .await;
        let r = &out.results[0].outcome;
        assert_eq!(rejection(r), Some(RejectCode::Forbidden), "{fields}");
        assert!(
            reason(r).contains("approv"),
            "{fields}: a reason that says why: {}",
            reason(r)
        );
    }
    // A quote made on a laptop before it was connected arrives whole; an approval recorded there (which the
    // server cannot check) waits for a manager instead, while a sent quote keeps its history.
    let offline = Uuid::now_v7();
    let mut approved_there = quote_fields("approved");
    approved_there["approved_by"] = json!("Wang Fang");
    ann.push_accepted(&[c.dev.change(EntityKind::Quote, offline, approved_there)])
        .await;
    let q = pulled(&ann, offline).await;
    assert_eq!(field(&q, "status"), "pending_approval");
    assert_eq!(field(&q, "approved_by"), "");
    assert_eq!(field(&q, "notes"), "", "the content arrived");
    assert!(
        field(&q, "approval_comment")
            .as_str()
            .unwrap()
            .contains("before this laptop was connected")
    );
    let sent = Uuid::now_v7();
    let mut sent_there = quote_fields("sent");
    sent_there["approved_by"] = json!("Wang Fang");
    ann.push_accepted(&[c.dev.change(EntityKind::Quote, sent, sent_there)])
        .await;
    let q = pulled(&ann, sent).await;
    assert_eq!(
        (field(&q, "status"), field(&q, "approved_by")),
        (&json!("sent"), &json!("Wang Fang"))
    );
    let q = pulled(&ann, id).await;
    assert_eq!(field(&q, "status"), "pending_approval");
    assert_eq!(field(&q, "approved_by"), "");
    // Taking it back to draft (an edit) and clearing the approval fields are the rep's to do.
    ann.push_accepted(&[c.dev.change(
        EntityKind::Quote,
        id,
        json!({"status": "draft", "approved_by": "", "approved_at": "", "approval_comment": "", "notes": "cheaper"}),
    )])
    .await;
    assert_eq!(field(&pulled(&ann, id).await, "status"), "draft");
}

async fn a_manager_of_the_team_approves_by_push(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    // Another team's manager may not touch it; the quote's own team's manager approves.
    let sol = c.s.api("sol@example.com").await;
    let seen = pulled(&c.mia, id).await;
    let mut mgr = Device::new("dev-mia");
    let out = sol.push(&[approval(&mut mgr, &seen, "Sol")]).await;
    assert_eq!(
        rejection(&out.results[0].outcome),
        Some(RejectCode::Forbidden)
    );
    c.mia
        .push_accepted(&[approval(&mut mgr, &seen, "Mia")])
        .await;
    let q = pulled(&ann, id).await;
    assert_eq!(field(&q, "status"), "approved");
    assert_eq!(field(&q, "approved_by"), "Mia");
    assert_eq!(field(&q, "approval_comment"), "strategic client");
    // The rep sends the approved quote.
    ann.push_accepted(&[c
        .dev
        .change(EntityKind::Quote, id, json!({"status": "sent"}))])
        .await;
    assert_eq!(field(&pulled(&ann, id).await, "status"), "sent");

    // An admin approves too; a manager does not approve their own quote.
    let mia = c.mia.clone();
    let own = pending_quote(&mut c, &mia).await;
    let seen = pulled(&mia, own).await;
    let out = mia.push(&[approval(&mut mgr, &seen, "Mia")]).await;
    assert_eq!(
        rejection(&out.results[0].outcome),
        Some(RejectCode::Forbidden)
    );
    let mut admin = Device::new("dev-root");
    c.root
        .push_accepted(&[approval(&mut admin, &seen, "Root")])
        .await;
    assert_eq!(field(&pulled(&mia, own).await, "status"), "approved");
    let _ = &c.sam;
}

async fn content_changed_after_an_approval_voids_it(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let line = Uuid::now_v7();
    ann.push_accepted(&[c.dev.change(
        EntityKind::QuoteLine,
        line,
        json!({"quote_id": id.to_string(), "quantity": "1", "discount_percent": "20"}),
    )])
    .await;
    // The rep raises the discount offline, *before* (by the clocks) the manager approves ...
    let raised = c.dev.change(
        EntityKind::QuoteLine,
        line,
        json!({"discount_percent": "45"}),
    );
    let seen = pulled(&c.mia, id).await;
    let mut mgr = Device::new("dev-mia");
    c.mia
        .push_accepted(&[approval(&mut mgr, &seen, "Mia")])
        .await;
    // ... and pushes after it: the approval was not for this content, so it is void.
    ann.push_accepted(&[raised]).await;
    let q = pulled(&ann, id).await;
    assert_eq!(field(&q, "status"), "pending_approval");
    assert_eq!(field(&q, "approved_by"), "");
    assert!(
        field(&q, "approval_comment")
            .as_str()
            .unwrap()
            .contains("changed after it was approved")
    );
    assert!(
        q.record.fields["status"].hlc.ends_with("-server"),
        "written with the server's clock, so it wins: {:?}",
        q.record.fields["status"]
    );
    assert!(
        q.record.fields["approval_requested_at"]
            .hlc
            .ends_with("-server")
    );
    // The manager sees it waiting again and may approve the new content.
    let seen = pulled(&c.mia, id).await;
    c.mia
        .push_accepted(&[approval(&mut mgr, &seen, "Mia")])
        .await;
    assert_eq!(field(&pulled(&ann, id).await, "status"), "approved");
}

async fn an_approval_of_an_older_request_is_refused(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let seen = pulled(&c.mia, id).await;
    // The rep changes the quote (still waiting) after the manager looked at it.
    ann.push_accepted(&[c
        .dev
        .change(EntityKind::Quote, id, json!({"notes": "bigger order"}))])
        .await;
    let mut mgr = Device::new("dev-mia");
    let out = c.mia.push(&[approval(&mut mgr, &seen, "Mia")]).await;
    assert_eq!(
        rejection(&out.results[0].outcome),
        Some(RejectCode::Forbidden)
    );
    assert!(reason(&out.results[0].outcome).contains("changed after you saw it"));
    assert_eq!(field(&pulled(&ann, id).await, "status"), "pending_approval");
    // Having synced, the manager decides on the latest version.
    let seen = pulled(&c.mia, id).await;
    c.mia
        .push_accepted(&[approval(&mut mgr, &seen, "Mia")])
        .await;
    // A quote no longer waiting cannot be approved.
    let out = c
        .mia
        .push(&[approval(&mut mgr, &pulled(&c.mia, id).await, "Mia")])
        .await;
    assert!(reason(&out.results[0].outcome).contains("no longer waiting for approval"));
}

async fn on_the_spot(
    s: &TestServer,
    device: &Api,
    email: &str,
    password: &str,
    quote: Uuid,
    decision: &str,
) -> reqwest::Response {
    s.client
        .post(s.url("/api/v1/approvals/on-the-spot"))
        .bearer_auth(&device.token)
        .json(&json!({"manager_email": email, "manager_password": password,
                      "quote_id": quote.to_string(), "decision": decision, "comment": "ok for this client"}))
        .send()
        .await
        .unwrap()
}

async fn on_the_spot_with_the_right_password_approves(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let cursor = ann.pull_from(0, 1000).await.1;
    let res = on_the_spot(&c.s, &ann, " MIA@example.com ", PASSWORD, id, "approve").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "approved");
    assert_eq!(body["approved_by"], "User mia@example.com");
    // A server-side change: in the change log, pulled by the rep and the team's manager.
    let (after, _) = ann.pull_from(cursor, 1000).await;
    assert_eq!(after.len(), 1);
    assert_eq!(field(&after[0], "status"), "approved");
    assert_eq!(field(&after[0], "approval_comment"), "ok for this client");
    assert!(after[0].record.fields["status"].hlc.ends_with("-server"));
    assert_eq!(field(&pulled(&c.mia, id).await, "status"), "approved");

    // Refusing on the spot sends it back to draft with the reason.
    let other = pending_quote(&mut c, &ann).await;
    let res = on_the_spot(&c.s, &ann, "mia@example.com", PASSWORD, other, "reject").await;
    assert_eq!(res.status(), 200);
    let q = pulled(&ann, other).await;
    assert_eq!(field(&q, "status"), "draft");
    assert_eq!(
        field(&q, "approval_comment"),
        "Refused by User mia@example.com: ok for this client"
    );
}

async fn on_the_spot_refuses_wrong_passwords_and_counts_them(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let before = pulled(&ann, id).await;
    let max = c.s.accounts.config().lockout.max_failures;
    for _ in 0..max {
        let res = on_the_spot(
            &c.s,
            &ann,
            "mia@example.com",
            "not the password",
            id,
            "approve",
        )
        .await;
        let (code, _) = error_body(res, 401).await;
        assert_eq!(code, "invalid_credentials");
    }
    // Locked now: even the right password waits, and so does signing in.
    let res = on_the_spot(&c.s, &ann, "mia@example.com", PASSWORD, id, "approve").await;
    let (code, _) = error_body(res, 429).await;
    assert_eq!(code, "too_many_attempts");
    let res = c.s.login("mia@example.com", PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert_eq!(pulled(&ann, id).await, before, "nothing was decided");
}

async fn on_the_spot_refuses_reps_other_teams_and_quotes_not_waiting(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let before = pulled(&ann, id).await;
    // A rep's password, even the rep's own.
    for rep in ["ann@example.com", "sam@example.com"] {
        let res = on_the_spot(&c.s, &ann, rep, PASSWORD, id, "approve").await;
        let (code, message) = error_body(res, 403).await;
        assert_eq!(code, "forbidden");
        assert!(message.contains("is a rep"), "{message}");
    }
    // Another team's manager.
    let res = on_the_spot(&c.s, &ann, "sol@example.com", PASSWORD, id, "approve").await;
    let (code, message) = error_body(res, 403).await;
    assert_eq!(code, "forbidden");
    assert!(message.contains("not a manager of the team"), "{message}");
    // A device whose user may not see the quote cannot have it decided.
    let res = on_the_spot(&c.s, &c.sam, "mia@example.com", PASSWORD, id, "approve").await;
    error_body(res, 403).await;
    // Unknown quote (not pushed yet).
    let res = on_the_spot(
        &c.s,
        &ann,
        "mia@example.com",
        PASSWORD,
        Uuid::now_v7(),
        "approve",
    )
    .await;
    let (_, message) = error_body(res, 404).await;
    assert!(message.contains("sync first"), "{message}");
    assert_eq!(pulled(&ann, id).await, before, "nothing was decided");
    // A quote not waiting for approval.
    ann.push_accepted(&[c
        .dev
        .change(EntityKind::Quote, id, json!({"status": "draft"}))])
        .await;
    let res = on_the_spot(&c.s, &ann, "mia@example.com", PASSWORD, id, "approve").await;
    let (code, message) = error_body(res, 409).await;
    assert_eq!(code, "conflict");
    assert!(message.contains("not waiting for approval"), "{message}");
    // An admin may decide any team's quotes.
    let sam = c.sam.clone();
    let south = pending_quote(&mut c, &sam).await;
    let res = on_the_spot(&c.s, &sam, "root@example.com", PASSWORD, south, "approve").await;
    assert_eq!(res.status(), 200);
    let _ = &c.root;
}

async fn on_the_spot_refuses_malformed_requests_and_changes_nothing(backend: Backend) {
    let Some(mut c) = cast(backend).await else {
        return;
    };
    let ann = c.ann.clone();
    let id = pending_quote(&mut c, &ann).await;
    let before = sync_snapshot(c.s.accounts.db()).await;
    let post = |body: Value| {
        c.s.client
            .post(c.s.url("/api/v1/approvals/on-the-spot"))
            .bearer_auth(&ann.token)
            .json(&body)
            .send()
    };
    let res = post(
        json!({"manager_email": "mia@example.com", "manager_password": PASSWORD,
                          "quote_id": "Q-2026-AL1-0001", "decision": "approve"}),
    )
    .await
    .unwrap();
    let (code, message) = error_body(res, 400).await;
    assert_eq!(code, "invalid_input");
    assert!(message.contains("not a UUID"), "{message}");
    let res = post(
        json!({"manager_email": "mia@example.com", "manager_password": PASSWORD,
                          "quote_id": id.to_string(), "decision": "maybe"}),
    )
    .await
    .unwrap();
    let (code, _) = error_body(res, 400).await;
    assert_eq!(code, "invalid_body");
    let res = post(
        json!({"manager_email": "mia@example.com", "manager_password": PASSWORD,
                          "quote_id": id.to_string(), "decision": "approve",
                          "comment": "x".repeat(fieldquote_domain::validation::MAX_TEXT + 1)}),
    )
    .await
    .unwrap();
    let (_, message) = error_body(res, 400).await;
    assert!(message.contains("comment is longer"), "{message}");
    // A NUL character in the manager's email or the comment (PostgreSQL stores none in text).
    for (email, comment) in [
        ("mia@example.com\u{0}", "ok"),
        ("mia@example.com", "ok\u{0}"),
    ] {
        let res = post(json!({"manager_email": email, "manager_password": PASSWORD,
                   "quote_id": id.to_string(), "decision": "approve", "comment": comment}))
        .await
        .unwrap();
        let (code, message) = error_body(res, 400).await;
        assert_eq!(code, "invalid_input");
        assert!(message.contains("NUL"), "{message}");
    }
    // Without the device's own sign-in, nothing is even checked.
    let res =
        c.s.client
            .post(c.s.url("/api/v1/approvals/on-the-spot"))
            .json(
                &json!({"manager_email": "mia@example.com", "manager_password": PASSWORD,
                      "quote_id": id.to_string(), "decision": "approve"}),
            )
            .send()
            .await
            .unwrap();
    error_body(res, 401).await;
    assert_eq!(sync_snapshot(c.s.accounts.db()).await, before);
}

async fn company_set_takes_discount_limits_per_role(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let run = |args: &[&str]| {
        let out = cli(&db)
            .args(["company", "set"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&[
        "--name",
        "华东智控",
        "--rep-discount-limit",
        "15",
        "--manager-discount-limit",
        "30 %",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("discount limits: rep 15 %, manager 30 %"),
        "{out}"
    );
    let s = TestServer::serve(db, common::test_config()).await;
    s.add_team("North").await;
    s.add_user("ann@example.com", Role::Rep, Some("North"))
        .await;
    let ann = s.api("ann@example.com").await;
    let profile = &ann.pull_all().await[0];
    assert_eq!(field(profile, "rep_discount_limit"), "15");
    assert_eq!(field(profile, "manager_discount_limit"), "30");

    // Bad limits are refused, each with its reason, and nothing changes.
    let before = sync_snapshot(s.accounts.db()).await;
    for (bad, why) in [
        ("150", "rep_discount_limit"),
        ("-1", "rep_discount_limit"),
        ("abc", "rep_discount_limit"),
    ] {
        let out = cli(&s.db)
            .args(["company", "set", &format!("--rep-discount-limit={bad}")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{bad}: {err}");
        assert!(err.contains(why), "{bad}: {err}");
    }
    assert_eq!(sync_snapshot(s.accounts.db()).await, before);
    let out = cli(&s.db).args(["company", "show"]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(shown.contains("rep_discount_limit\t15\n"), "{shown}");
    // "" unsets one: devices then keep their own setting for that role.
    let out = cli(&s.db)
        .args(["company", "set", "--rep-discount-limit", ""])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (records, _) = ann.pull_from(0, 100).await;
    assert_eq!(field(records.last().unwrap(), "rep_discount_limit"), "");
}
