//! `fq` through a client visit on real SQLite files: an account with contacts, an opportunity through its
//! stages, a workstream, needs and a SWOT, a visit checked in and out with a next step, the agenda, feedback
//! through its loop, and the client's answer to a sent quote. Bad input is refused with a clear error and
//! leaves the database's bytes as they were.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{Duration, Local};
use serde_json::Value;

mod fq;
use fq::{db_bytes, fails_with, fq, ok, ok_json};

/// A sent quote (one line of the demo catalog) saved for opportunity `opp`; its number.
async fn sent_quote_for(d: &Path, opp: &str) -> String {
    use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};
    use fieldquote_store::{Origin, Store};
    let store = Store::open(d).await.unwrap();
    let product = store.list_products("PLC-S7-1200").await.unwrap()[0].id;
    let q = store
        .save_quote_for_opportunity(
            opp.parse().unwrap(),
            &QuoteDraft {
                lines: vec![QuoteLineDraft {
                    product_id: product,
                    quantity: "2".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            Origin::Cli,
        )
        .await
        .unwrap();
    let q = store.send_quote(q.id.unwrap(), Origin::Cli).await.unwrap();
    store.close().await.unwrap();
    q.number.unwrap()
}

/// A colleague in this laptop's company directory, as a sync with the server writes it.
async fn add_colleague(d: &Path, id: &str, name: &str, email: &str) {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let url = format!(
        "sqlite://{}?mode=rw",
        d.join(fieldquote_store::DB_FILE).display()
    );
    let db = Database::connect(&url).await.unwrap();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "INSERT INTO colleague (id, updated_at, deleted_at, owner_id, name, email, team_id, team_name, \
         role, active, sort_key) VALUES (?, '0000000000000-0000-server', NULL, ?, ?, ?, 'presales', \
         '售前', 'rep', 1, ?)",
        [
            id.into(),
            id.into(),
            name.into(),
            email.into(),
            name.to_lowercase().into(),
        ],
    ))
    .await
    .unwrap();
    db.close().await.unwrap();
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_visit_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Files given to fq live apart from the data directory, whose bytes are compared.
    let files = tempfile::tempdir().unwrap();
    ok(d, &["demo"]);
    let today = Local::now().date_naive();
    let yesterday = (today - Duration::days(1)).to_string();
    let today = today.to_string();

    // The account, classified, and two contacts with buying roles.
    let account = ok_json(
        d,
        &[
            "account",
            "add",
            "--name",
            "常州恒力精密",
            "--industry",
            "汽车零部件",
            "--size",
            "large",
            "--lifecycle",
            "active",
            "--tag",
            "Tier 1",
            "--format",
            "json",
        ],
    );
    assert_eq!(account["size_class"], "large");
    ok(d, &["account", "edit", "常州恒力精密", "--region", "华东"]);
    let shown = ok_json(d, &["account", "show", "常州恒力精密", "--format", "json"]);
    assert_eq!(shown["account"]["region"], "华东");
    assert_eq!(
        shown["account"]["industry"], "汽车零部件",
        "an edit keeps the rest"
    );
    for (name, role) in [("王芳", "decision_maker"), ("李工", "technical_evaluator")] {
        ok(
            d,
            &[
                "contact",
                "add",
                "--account",
                "常州恒力精密",
                "--name",
                name,
                "--role",
                role,
                "--stance",
                "supporter",
            ],
        );
    }
    let contacts = ok_json(
        d,
        &[
            "contact",
            "list",
            "--account",
            "常州恒力精密",
            "--format",
            "json",
        ],
    );
    assert_eq!(contacts["total"], 2);
    let list = ok_json(
        d,
        &[
            "account",
            "list",
            "--industry",
            "汽车零部件",
            "--format",
            "json",
        ],
    );
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["name"], "常州恒力精密");

    // The opportunity, a workstream that is late, then blocked; needs and a SWOT; a requirement.
    let opp = ok_json(
        d,
        &[
            "opportunity",
            "add",
            "--account",
            "常州恒力精密",
            "--name",
            "产线视觉检测",
            "--value",
            "860000",
            "--close",
            &today,
            "--format",
            "json",
        ],
    );
    assert_eq!(opp["stage"], "needs_identified");
    let opp_id = id(&opp);
    ok(
        d,
        &["opportunity", "stage", "产线视觉检测", "solution_design"],
    );
    let ws = ok_json(
        d,
        &[
            "workstream",
            "add",
            "产线视觉检测",
            "technical",
            "--due",
            &yesterday,
            "--format",
            "json",
        ],
    );
    assert_eq!(ws["state"], "late");
    let ws_id = id(&ws);
    let ws = ok_json(
        d,
        &[
            "workstream",
            "set",
            &ws_id,
            "--blocker",
            "等客户图纸",
            "--format",
            "json",
        ],
    );
    assert_eq!(ws["state"], "blocked");
    ok(d, &["workstream", "item", &ws_id, "样品测试"]);
    let needs_file = files.path().join("needs.json");
    std::fs::write(
        &needs_file,
        r#"{"background":"三条产线人工目检","pains":"漏检率高","goals":"漏检率低于 0.1%",
            "budget":"90 万","timeline":"Q3 上线","decision_criteria":"检出率","competitors":"Keyence",
            "swot":{"strengths":["本地服务"],"weaknesses":["交期"],"opportunities":["二期"],"threats":["Keyence"]},
            "template":""}"#,
    )
    .unwrap();
    ok(
        d,
        &[
            "needs",
            "edit",
            "产线视觉检测",
            "--file",
            needs_file.to_str().unwrap(),
        ],
    );
    ok(
        d,
        &[
            "needs",
            "requirement",
            "产线视觉检测",
            "检出率 ≥ 99.9%",
            "--priority",
            "must",
            "--fit",
            "meets",
        ],
    );
    let needs = ok_json(d, &["needs", "show", "产线视觉检测", "--format", "json"]);
    assert_eq!(needs["swot"]["threats"][0], "Keyence");
    assert_eq!(needs["requirements"][0]["priority"], "must");

    // A visit: checked in and out with a next step due today; an older one overdue.
    let visit = ok_json(
        d,
        &[
            "activity",
            "check-in",
            "--account",
            "常州恒力精密",
            "--opportunity",
            "产线视觉检测",
            "--subject",
            "现场调研",
            "--contact",
            "王芳",
            "--format",
            "json",
        ],
    );
    assert_eq!(visit["kind"], "visit");
    assert!(!visit["checked_in_at"].as_str().unwrap().is_empty());
    let visit = ok_json(
        d,
        &[
            "activity",
            "check-out",
            &id(&visit),
            "--outcome",
            "确认需求",
            "--next-step",
            "发送报价",
            "--due",
            &today,
            "--format",
            "json",
        ],
    );
    assert!(!visit["checked_out_at"].as_str().unwrap().is_empty());
    assert_eq!(visit["next_step"], "发送报价");
    ok(
        d,
        &[
            "activity",
            "log",
            "--kind",
            "call",
            "--account",
            "常州恒力精密",
            "--subject",
            "电话跟进",
            "--next-step",
            "寄样品",
            "--due",
            &yesterday,
        ],
    );
    let agenda = ok_json(d, &["activity", "agenda", "--format", "json"]);
    let steps = |key: &str| -> Vec<String> {
        agenda[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["next_step"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        steps("due_today").contains(&"发送报价".to_string()),
        "{agenda}"
    );
    assert!(steps("overdue").contains(&"寄样品".to_string()), "{agenda}");

    // Feedback through its loop.
    let fb = ok_json(
        d,
        &[
            "feedback",
            "add",
            "--account",
            "常州恒力精密",
            "--category",
            "delivery",
            "--severity",
            "high",
            "--satisfaction",
            "2",
            "--description",
            "样机交付延迟",
            "--format",
            "json",
        ],
    );
    assert_eq!(fb["status"], "identified");
    let open = ok_json(
        d,
        &[
            "feedback",
            "list",
            "--account",
            "常州恒力精密",
            "--open",
            "--format",
            "json",
        ],
    );
    assert_eq!(open["total"], 1);
    // Resolved only once a colleague handles it.
    fails_with(
        d,
        &["feedback", "resolve", &id(&fb), "--resolution", "加急空运"],
        &["identified cannot become resolved"],
    );
    add_colleague(
        d,
        "01890000-0000-7000-8000-00000000c01e",
        "Zhao Lei",
        "zhao@example.cn",
    )
    .await;
    ok(d, &["feedback", "assign", &id(&fb), "zhao@example.cn"]);
    ok(
        d,
        &["feedback", "resolve", &id(&fb), "--resolution", "加急空运"],
    );
    ok(d, &["feedback", "confirm", &id(&fb)]);
    let closed = ok_json(
        d,
        &[
            "feedback",
            "list",
            "--account",
            "常州恒力精密",
            "--status",
            "confirmed",
            "--format",
            "json",
        ],
    );
    assert_eq!(closed["total"], 1);
    assert_eq!(closed["rows"][0]["resolution"], "加急空运");

    // Bad input: each refused with a clear error, and not one byte of the database changes.
    let before = db_bytes(d);
    let refused = |args: &[&str], needles: &[&str]| {
        fails_with(d, args, needles);
        assert!(
            before == db_bytes(d),
            "fq {:?} changed the database",
            &args[..2]
        );
    };
    refused(
        &["opportunity", "stage", "产线视觉检测", "lost"],
        &["reason"],
    );
    refused(
        &[
            "opportunity",
            "stage",
            "产线视觉检测",
            "lost",
            "--reason",
            "lousy",
        ],
        &["lost_reason", "price, product_fit, competitor"],
    );
    refused(&["opportunity", "stage", "产线视觉检测", "won"], &["quote"]);
    refused(
        &["opportunity", "show", "没有这个商机"],
        &["opportunity not found: 没有这个商机"],
    );
    refused(
        &[
            "activity",
            "check-out",
            "01890000-0000-7000-8000-000000000000",
        ],
        &["activity not found"],
    );
    refused(
        &["account", "add", "--name", "X", "--size", "huge"],
        &["size_class"],
    );
    refused(
        &["account", "add", "--name", &"长".repeat(40_000)],
        &["name: longer than 200 characters"],
    );
    let huge = files.path().join("huge.json");
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&huge).unwrap();
        f.write_all(b"{\"background\":\"").unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"}").unwrap();
    }
    refused(
        &[
            "needs",
            "edit",
            "产线视觉检测",
            "--file",
            huge.to_str().unwrap(),
        ],
        &["larger than 4 MB"],
    );
    refused(
        &[
            "feedback",
            "add",
            "--account",
            "常州恒力精密",
            "--severity",
            "bad",
            "--description",
            "x",
        ],
        &["severity"],
    );
    assert!(
        before == db_bytes(d),
        "a refused command changed the database"
    );
    let still = ok_json(d, &["opportunity", "show", &opp_id, "--format", "json"]);
    assert_eq!(still["opportunity"]["stage"], "solution_design");

    // Lost, with the reason and the competitor, then reopened; a sent quote accepted wins it.
    ok(
        d,
        &[
            "opportunity",
            "stage",
            "产线视觉检测",
            "lost",
            "--reason",
            "competitor",
            "--competitor",
            "Keyence",
        ],
    );
    let lost = ok_json(
        d,
        &["opportunity", "show", "产线视觉检测", "--format", "json"],
    );
    assert_eq!(lost["opportunity"]["lost_reason"], "competitor");
    assert_eq!(lost["opportunity"]["competitor"], "Keyence");
    ok(
        d,
        &[
            "opportunity",
            "stage",
            "产线视觉检测",
            "negotiation",
            "--note",
            "客户重新评估",
        ],
    );
    let number = sent_quote_for(d, &opp_id).await;
    let accepted = ok_json(d, &["quote", "accept", &number, "--format", "json"]);
    assert_eq!(accepted["status"], "accepted");
    let won = ok_json(
        d,
        &["opportunity", "show", "产线视觉检测", "--format", "json"],
    );
    assert_eq!(won["opportunity"]["stage"], "won");
    assert_eq!(won["opportunity"]["won_quote_id"], accepted["id"]);
    let history: Vec<&str> = won["stage_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        [
            "needs_identified",
            "solution_design",
            "lost",
            "negotiation",
            "won"
        ]
    );
    fails_with(
        d,
        &["quote", "reject", &number],
        &["only a sent quote can be accepted or rejected; this one is accepted"],
    );

    // The account page has all of it.
    let page = ok_json(d, &["account", "show", "常州恒力精密", "--format", "json"]);
    assert_eq!(page["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(page["opportunities"].as_array().unwrap().len(), 1);
    assert_eq!(page["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(page["activities"].as_array().unwrap().len(), 2);
    assert_eq!(page["feedback"].as_array().unwrap().len(), 1);
    assert_eq!(page["open_complaints"], 0);
    let table = ok(d, &["account", "show", "常州恒力精密"]);
    assert!(
        table.contains("产线视觉检测") && table.contains("王芳"),
        "{table}"
    );
}

#[test]
fn sharing_needs_a_colleague_of_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["account", "add", "--name", "Acme"]);
    let out = fq(
        d,
        &["account", "share", "Acme", "--with", "wang@example.cn"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("colleague not found: wang@example.cn"));
}
