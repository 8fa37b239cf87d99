//! The quote lifecycle on real SQLite files: pricing through `domain`, approval, sending, revisions, old
//! databases.
#![allow(clippy::unwrap_used)]

mod common;

use fieldquote_domain::Role;
use fieldquote_domain::account::AccountInput;
use fieldquote_domain::approval::Decision;
use fieldquote_domain::catalog::ProductInput;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::pricing::{LineInclusion, PricingInput, PricingLine, QuoteDiscount, price};
use fieldquote_domain::quote::LineChange;
use fieldquote_domain::quote::QuoteStatus;
use fieldquote_domain::quote::{QuoteDiscountDraft, QuoteDraft, QuoteLineDraft};
use fieldquote_domain::sync::EntityKind;
use fieldquote_domain::validation::{Percent, Quantity};
use fieldquote_domain::{Currency, Money};
use fieldquote_store::{Origin, Store, StoreError};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use uuid::Uuid;

fn product(sku: &str, price: &str, rate: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        name: format!("Product {sku}"),
        description: String::new(),
        unit: "pcs".into(),
        unit_price: price.into(),
        currency: "CNY".into(),
        tax_rate: rate.into(),
        ..Default::default()
    }
}

fn line(product_id: Uuid, qty: &str, disc: &str) -> QuoteLineDraft {
    QuoteLineDraft {
        product_id,
        quantity: qty.into(),
        discount_percent: disc.into(),
        ..Default::default()
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    customer: Uuid,
    plc: Uuid,
    svc: Uuid,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = store
        .create_account(
            &AccountInput {
                name: "上海华东机电设备有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    let plc = store
        .upsert_product(&product("PLC", "3880.00", "13"), Origin::Ui)
        .await
        .unwrap()
        .id;
    let svc = store
        .upsert_product(&product("SVC", "680.00", "6"), Origin::Ui)
        .await
        .unwrap()
        .id;
    Fixture {
        _dir: dir,
        store,
        customer,
        plc,
        svc,
    }
}

impl Fixture {
    fn draft(&self, lines: Vec<QuoteLineDraft>) -> QuoteDraft {
        QuoteDraft {
            customer_id: Some(self.customer),
            lines,
            ..Default::default()
        }
    }

    /// Stored columns of a quote and its lines, read with plain SQL.
    async fn stored(&self, id: Uuid) -> (Vec<i64>, Vec<Vec<i64>>) {
        let db = Database::connect(format!("sqlite://{}", self.store.path().display()))
            .await
            .unwrap();
        let one = |sql: String| Statement::from_string(DbBackend::Sqlite, sql);
        let q = db
            .query_one_raw(one(format!(
                "SELECT subtotal_minor, tax_minor, total_minor FROM quote WHERE id = '{id}'"
            )))
            .await
            .unwrap()
            .unwrap();
        let header = (0..3)
            .map(|i| q.try_get_by_index::<i64>(i).unwrap())
            .collect();
        let lines = db
            .query_all_raw(one(format!(
                "SELECT net_minor, tax_minor, gross_minor FROM quote_line \
                 WHERE quote_id = '{id}' AND deleted_at IS NULL ORDER BY position"
            )))
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (0..3)
                    .map(|i| r.try_get_by_index::<i64>(i).unwrap())
                    .collect()
            })
            .collect();
        db.close().await.unwrap();
        (header, lines)
    }
}

fn minor(s: &str) -> i64 {
    s.replace('.', "").parse().unwrap()
}

#[tokio::test]
async fn totals_stored_viewed_and_priced_by_domain_are_the_same() {
    let f = fixture().await;
    let mut draft = f.draft(vec![
        QuoteLineDraft {
            discount_amount: "100.00".into(),
            ..line(f.plc, "3", "5")
        },
        line(f.svc, "12.5", "0"),
        QuoteLineDraft {
            optional: true,
            selected: false,
            ..line(f.plc, "1", "0")
        },
        QuoteLineDraft {
            optional: true,
            selected: true,
            ..line(f.svc, "2", "10")
        },
    ]);
    draft.quote_discount = QuoteDiscountDraft::Percent { value: "3".into() };
    draft.payment_terms = "30 % with the order".into();
    let preview = f.store.preview_quote(&draft).await.unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    let saved = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(
        saved.status,
        QuoteStatus::Draft,
        "3 % and 10 % are within 15 %"
    );

    // The same quote priced by domain directly.
    let cny = |minor| Money::from_minor(minor, Currency::CNY);
    let pct = |s| Percent::parse("p", s).unwrap();
    let qty = |s| Quantity::parse("q", s).unwrap();
    let input = PricingInput {
        currency: Currency::CNY,
        lines: vec![
            PricingLine {
                discount_percent: pct("5"),
                discount_amount: Some(cny(10_000)),
                ..PricingLine::new(qty("3"), cny(388_000), pct("13"))
            },
            PricingLine::new(qty("12.5"), cny(68_000), pct("6")),
            PricingLine {
                inclusion: LineInclusion::Optional { selected: false },
                ..PricingLine::new(qty("1"), cny(388_000), pct("13"))
            },
            PricingLine {
                inclusion: LineInclusion::Optional { selected: true },
                discount_percent: pct("10"),
                ..PricingLine::new(qty("2"), cny(68_000), pct("6"))
            },
        ],
        quote_discount: QuoteDiscount::Percent(pct("3")),
    };
    let domain = price(&input).unwrap();
    let t = &domain.totals;
    for view in [&preview, &saved] {
        assert_eq!(view.totals.subtotal, t.subtotal.amount_string());
        assert_eq!(view.totals.tax, t.tax.amount_string());
        assert_eq!(view.totals.total, t.total.amount_string());
        assert_eq!(view.total, view.totals.total);
        assert_eq!(view.totals.quote_discount, t.quote_discount.amount_string());
        assert_eq!(view.totals.lines_total, t.lines_total.amount_string());
        for (l, d) in view.lines.iter().zip(&domain.lines) {
            assert_eq!(
                (l.net.as_str(), l.tax.as_str(), l.gross.as_str()),
                (
                    d.net.amount_string().as_str(),
                    d.tax.amount_string().as_str(),
                    d.gross.amount_string().as_str()
                )
            );
            assert_eq!(l.counts_in_totals, d.counts_in_totals);
        }
    }
    // 3 × 3880 × 0.95 − 100 = 10958.00; 12.5 × 680 = 8500.00; 2 × 680 × 0.9 = 1224.00 → 20682.00, 3 % = 620.46.
    assert_eq!(saved.totals.lines_total, "20682.00");
    assert_eq!(saved.totals.quote_discount, "620.46");
    assert!(!saved.lines[2].counts_in_totals && saved.lines[2].optional);
    assert_eq!(
        saved.lines[2].net, "3880.00",
        "an unselected option is priced"
    );
    assert_eq!(saved.lines[0].discount_amount, "100.00");
    let rates: Vec<_> = saved
        .totals
        .tax_by_rate
        .iter()
        .map(|b| b.rate.as_str())
        .collect();
    assert_eq!(rates, ["6", "13"]);
    assert_eq!(
        saved.totals.total_in_capitals,
        Some(fieldquote_domain::capital::rmb_capital(t.total).unwrap())
    );
    assert_eq!(saved.payment_terms, "30 % with the order");

    // What the database holds is the same.
    let (header, lines) = f.stored(saved.id.unwrap()).await;
    assert_eq!(header, [t.subtotal.minor(), t.tax.minor(), t.total.minor()]);
    for (stored, d) in lines.iter().zip(&domain.lines) {
        assert_eq!(*stored, [d.net.minor(), d.tax.minor(), d.gross.minor()]);
    }
    let listed = f.store.list_quotes("").await.unwrap();
    assert_eq!(listed[0].total, saved.total);
    assert_eq!(minor(&listed[0].subtotal), t.subtotal.minor());

    // Reopened from the file, the view is the same.
    let got = f.store.get_quote(saved.id.unwrap()).await.unwrap();
    assert_eq!(got, saved);

    // A quote discount larger than the lines is an error on the field, and nothing is saved.
    draft.id = saved.id;
    draft.quote_discount = QuoteDiscountDraft::Amount {
        value: "99999.00".into(),
    };
    let preview = f.store.preview_quote(&draft).await.unwrap();
    assert_eq!(preview.errors[0].field, "quote_discount");
    let err = f.store.save_quote(&draft, Origin::Ui).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e[0].field == "quote_discount"));
    // A bad discount amount names its line.
    let bad = f.draft(vec![
        line(f.svc, "1", "0"),
        QuoteLineDraft {
            discount_amount: "-1".into(),
            ..line(f.plc, "1", "0")
        },
    ]);
    let err = f.store.save_quote(&bad, Origin::Ui).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e[0].field == "lines[1].discount_amount"));
}

#[tokio::test]
async fn a_discount_over_the_limit_waits_for_a_managers_approval_before_sending() {
    let f = fixture().await;
    let draft = f.draft(vec![line(f.plc, "2", "20"), line(f.svc, "1", "0")]);
    let saved = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    let id = saved.id.unwrap();
    let number = saved.number.clone().unwrap();
    assert_eq!(saved.status, QuoteStatus::PendingApproval);
    assert!(saved.discount_review.needs_approval);
    assert_eq!(saved.discount_review.lines_over_limit, [0]);

    let err = f.store.send_quote(id, Origin::Ui).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Refused(fieldquote_domain::Refusal::ApprovalRequired { .. })
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{number} needs a manager's approval before it can be sent: its largest discount is 20 % and the limit is 15 %"
        )
    );

    // Refused: back to draft with the manager's word; still not sendable.
    let refused = f
        .store
        .decide_approval(id, Decision::Reject, "李经理", "最多 15%", Origin::Ui)
        .await
        .unwrap();
    assert_eq!(refused.status, QuoteStatus::Draft);
    let note = refused.approval.unwrap();
    assert!(!note.approved && note.comment.contains("李经理") && note.comment.contains("最多 15%"));
    assert!(matches!(
        f.store.send_quote(id, Origin::Ui).await,
        Err(StoreError::Refused(
            fieldquote_domain::Refusal::ApprovalRequired { .. }
        ))
    ));

    // Approved (a draft over the limit goes through pending approval on the way).
    let err = f
        .store
        .decide_approval(id, Decision::Approve, "  ", "", Origin::Ui)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e[0].field == "approved_by"));
    let approved = f
        .store
        .decide_approval(id, Decision::Approve, "李经理", "战略客户", Origin::Ui)
        .await
        .unwrap();
    assert_eq!(approved.status, QuoteStatus::Approved);
    let a = approved.approval.clone().unwrap();
    assert!(a.approved);
    assert_eq!(
        (a.approved_by.as_str(), a.comment.as_str()),
        ("李经理", "战略客户")
    );
    assert!(a.approved_at.ends_with('Z'));

    // Editing an approved quote voids the approval; saving it unchanged does not.
    let same = QuoteDraft {
        id: Some(id),
        lines: approved
            .lines
            .iter()
            .map(|l| QuoteLineDraft {
                id: l.id,
                ..line(l.product_id, &l.quantity, &l.discount_percent)
            })
            .collect(),
        ..draft.clone()
    };
    let unchanged = f.store.save_quote(&same, Origin::Ui).await.unwrap();
    assert_eq!(unchanged.status, QuoteStatus::Approved);
    let mut edited = same.clone();
    edited.lines[1].quantity = "2".into();
    let edited_view = f.store.save_quote(&edited, Origin::Ui).await.unwrap();
    assert_eq!(edited_view.status, QuoteStatus::PendingApproval);
    assert_eq!(edited_view.approval, None);
    f.store
        .decide_approval(id, Decision::Approve, "李经理", "", Origin::Ui)
        .await
        .unwrap();
    let sent = f.store.send_quote(id, Origin::Ui).await.unwrap();
    assert_eq!(sent.status, QuoteStatus::Sent);
    assert!(matches!(
        f.store.save_quote(&edited, Origin::Ui).await,
        Err(StoreError::Refused(
            fieldquote_domain::Refusal::Frozen { .. }
        ))
    ));
    let err = f
        .store
        .decide_approval(id, Decision::Approve, "李经理", "", Origin::Ui)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(fieldquote_domain::Refusal::NotAllowed { .. })
        ),
        "{err}"
    );

    // Within the limit, no approval is involved; the limit is a setting.
    let small = f
        .store
        .save_quote(&f.draft(vec![line(f.plc, "1", "15")]), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(small.status, QuoteStatus::Draft);
    let err = f
        .store
        .decide_approval(
            small.id.unwrap(),
            Decision::Approve,
            "李经理",
            "",
            Origin::Ui,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("needs no approval"), "{err}");
    f.store
        .set_discount_limit(Percent::parse("l", "25").unwrap())
        .await
        .unwrap();
    assert_eq!(f.store.discount_limit().await.unwrap().to_string(), "25");
    let generous = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(generous.status, QuoteStatus::Draft);
    assert_eq!(
        f.store
            .send_quote(generous.id.unwrap(), Origin::Ui)
            .await
            .unwrap()
            .status,
        QuoteStatus::Sent
    );
}

#[tokio::test]
async fn revising_a_sent_quote_makes_a_linked_draft_and_supersedes_the_old_one() {
    let f = fixture().await;
    let mut draft = f.draft(vec![line(f.plc, "2", "5"), line(f.svc, "3", "0")]);
    draft.delivery_terms = "4 weeks".into();
    draft.quote_discount = QuoteDiscountDraft::Amount {
        value: "50.00".into(),
    };
    let original = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    let id = original.id.unwrap();
    let number = original.number.clone().unwrap();

    let err = f.store.revise_quote(id, Origin::Ui).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(fieldquote_domain::Refusal::NotAllowed { .. })
        ) && err.to_string().contains("edit it instead"),
        "{err}"
    );
    f.store.send_quote(id, Origin::Ui).await.unwrap();

    let r1 = f.store.revise_quote(id, Origin::Ui).await.unwrap();
    assert_eq!(r1.number.as_deref(), Some(format!("{number}-R1").as_str()));
    assert_eq!(r1.revision, 1);
    assert_eq!(r1.revises_id, Some(id));
    assert_eq!(r1.revises_number.as_deref(), Some(number.as_str()));
    assert_eq!(r1.status, QuoteStatus::Draft);
    // The editor's live preview of the revision still says what it revises.
    let preview = f
        .store
        .preview_quote(&QuoteDraft {
            id: r1.id,
            ..draft.clone()
        })
        .await
        .unwrap();
    assert_eq!(preview.revises_number.as_deref(), Some(number.as_str()));
    assert_eq!(r1.delivery_terms, "4 weeks");
    assert_eq!(r1.quote_discount, draft.quote_discount);
    assert_eq!(r1.totals, original.totals, "same inputs, same amounts");
    assert_eq!(r1.lines.len(), 2);
    assert!(
        r1.lines
            .iter()
            .zip(&original.lines)
            .all(|(a, b)| a.id != b.id && a.product_id == b.product_id && a.net == b.net)
    );

    let old = f.store.get_quote(id).await.unwrap();
    assert_eq!(old.status, QuoteStatus::Superseded);
    assert!(matches!(
        f.store
            .save_quote(
                &QuoteDraft {
                    id: Some(id),
                    ..draft.clone()
                },
                Origin::Ui
            )
            .await,
        Err(StoreError::Refused(
            fieldquote_domain::Refusal::Frozen { .. }
        ))
    ));
    let err = f.store.revise_quote(id, Origin::Ui).await.unwrap_err();
    assert!(err.to_string().contains("superseded"), "{err}");

    // Edit the revision: one line changed, one added, one removed.
    let edit = QuoteDraft {
        id: r1.id,
        lines: vec![
            QuoteLineDraft {
                id: r1.lines[0].id,
                ..line(f.plc, "4", "5")
            },
            line(f.svc, "1", "0"),
        ],
        ..draft.clone()
    };
    let mut edit = edit;
    edit.lines.remove(1);
    edit.lines.push(QuoteLineDraft {
        optional: true,
        ..line(f.plc, "1", "0")
    });
    let r1 = f.store.save_quote(&edit, Origin::Ui).await.unwrap();
    let diff = f.store.diff_quote(r1.id.unwrap()).await.unwrap();
    let kinds: Vec<_> = diff
        .lines
        .iter()
        .map(|l| (l.change, l.sku.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (LineChange::Changed, "PLC"),
            (LineChange::Added, "PLC"),
            (LineChange::Removed, "SVC")
        ]
    );
    assert_eq!(diff.lines[0].fields[0].field, "quantity");
    assert_eq!(diff.totals_before, original.totals);
    assert_eq!(diff.totals_after, r1.totals);
    let err = f.store.diff_quote(id).await.unwrap_err();
    assert!(err.to_string().contains("not a revision"), "{err}");

    // The revision's revision is -R2.
    f.store
        .send_quote(r1.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    let r2 = f
        .store
        .revise_quote(r1.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(r2.number.as_deref(), Some(format!("{number}-R2").as_str()));
    assert_eq!(r2.revises_id, r1.id);
    let list = f.store.list_quotes(&number).await.unwrap();
    assert_eq!(list.len(), 3);
}

#[tokio::test]
async fn a_sent_quote_past_its_validity_shows_as_expired_and_can_be_revised() {
    let f = fixture().await;
    let yesterday = chrono::Local::now().date_naive() - chrono::Duration::days(1);
    let mut draft = f.draft(vec![line(f.plc, "1", "0")]);
    draft.valid_until = yesterday.format("%Y-%m-%d").to_string();
    let q = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(
        q.shown_status,
        QuoteStatus::Draft,
        "only sent quotes expire"
    );
    let sent = f.store.send_quote(q.id.unwrap(), Origin::Ui).await.unwrap();
    assert_eq!(
        (sent.status, sent.shown_status),
        (QuoteStatus::Sent, QuoteStatus::Expired)
    );
    let listed = &f.store.list_quotes("").await.unwrap()[0];
    assert_eq!(listed.shown_status, QuoteStatus::Expired);
    let r1 = f
        .store
        .revise_quote(q.id.unwrap(), Origin::Ui)
        .await
        .unwrap();
    assert!(
        r1.valid_until > sent.valid_until,
        "a revision is valid from today"
    );

    let mut bad = f.draft(vec![]);
    bad.valid_until = "31/12/2026".into();
    let err = f.store.save_quote(&bad, Origin::Ui).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e[0].field == "valid_until"));
}

/// A database made by the release before these columns (migrations 1–3) with a quote: it opens, the quote
/// keeps its lines and totals, and the new fields take their defaults.
#[tokio::test]
async fn an_old_database_keeps_its_quote_with_correct_totals() {
    let dir = tempfile::tempdir().unwrap();
    common::old_database(
        dir.path(),
        3,
        &[
        "INSERT INTO device VALUES (1, '019ab000-0000-7000-8000-0000000000e1', NULL, '0000000000000-00000-abc', 'u')",
        "INSERT INTO customer VALUES ('019ab000-0000-7000-8000-0000000000c1', 'Acme', '', '', '', '', '', 't', NULL, 'u')",
        "INSERT INTO product VALUES ('019ab000-0000-7000-8000-0000000000a1', 'PLC-1', 'PLC', '', 'pcs', 388000, 'CNY', '13', 't', NULL, 'u')",
        // 2 × 3880 × 0.95 = 7372.00 + 958.36 tax; 1 × 3880 = 3880.00 + 504.40 tax.
        "INSERT INTO quote VALUES ('019ab000-0000-7000-8000-0000000000b1', 'Q-2026-0001', '019ab000-0000-7000-8000-0000000000c1', 'sent', 'CNY', '2026-11-23', '2099-12-23', \
         'notes', 1125200, 146276, 1271476, 't', NULL, 'u')",
        "INSERT INTO quote_line VALUES ('019ab000-0000-7000-8000-0000000000d1', '019ab000-0000-7000-8000-0000000000b1', 0, '019ab000-0000-7000-8000-0000000000a1', 'PLC-1', 'PLC', 'pcs', '2', 388000, '5', '13', \
         737200, 95836, 833036, 't', NULL, 'u')",
        "INSERT INTO quote_line VALUES ('019ab000-0000-7000-8000-0000000000d2', '019ab000-0000-7000-8000-0000000000b1', 1, '019ab000-0000-7000-8000-0000000000a1', 'PLC-1', 'PLC', 'pcs', '1', 388000, '0', '13', \
         388000, 50440, 438440, 't', NULL, 'u')",
        ],
    )
    .await;

    let store = Store::open(dir.path()).await.unwrap();
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    assert_eq!(q.lines.len(), 2);
    assert_eq!(
        (q.subtotal.as_str(), q.tax.as_str(), q.total.as_str()),
        ("11252.00", "1462.76", "12714.76")
    );
    assert_eq!(q.lines[0].net, "7372.00");
    assert_eq!(q.lines[0].discount_amount, "0.00");
    assert!(!q.lines[0].optional && q.lines[0].counts_in_totals);
    assert_eq!(
        (q.status, q.shown_status),
        (QuoteStatus::Sent, QuoteStatus::Sent)
    );
    assert_eq!((q.revision, q.revises_id, q.approval), (0, None, None));
    assert_eq!(q.quote_discount, QuoteDiscountDraft::None);
    assert_eq!(q.payment_terms, "");
    assert_eq!(
        store.discount_limit().await.unwrap(),
        fieldquote_domain::approval::DEFAULT_DISCOUNT_LIMIT
    );
    let listed = &store.list_quotes("").await.unwrap()[0];
    assert_eq!(
        listed.total, q.total,
        "stored totals agree with the priced ones"
    );
    // And it takes part in the new lifecycle.
    let r1 = store.revise_quote(q.id.unwrap(), Origin::Ui).await.unwrap();
    assert_eq!(r1.number.as_deref(), Some("Q-2026-0001-R1"));
    assert_eq!(r1.total, q.total);
}

#[tokio::test]
async fn a_connected_laptop_signs_decisions_with_its_account_and_role() {
    let f = fixture().await;
    let over = QuoteDraft {
        customer_id: Some(f.customer),
        lines: vec![line(f.plc, "1", "25")],
        ..Default::default()
    };
    // Standalone: every quote waiting is listed, and the manager is named.
    let standalone = f.store.save_quote(&over, Origin::Ui).await.unwrap();
    assert_eq!(standalone.status, QuoteStatus::PendingApproval);
    assert_eq!(f.store.pending_approvals().await.unwrap().len(), 1);
    assert!(f.store.signed_in_user().await.unwrap().is_none());

    let me = Uuid::now_v7();
    f.store
        .set_sync_account("http://127.0.0.1:9", me, "mia@example.cn", "MI1")
        .await
        .unwrap();
    f.store
        .set_account_profile(" Mia ", Role::Manager)
        .await
        .unwrap();
    let user = f.store.signed_in_user().await.unwrap().unwrap();
    assert_eq!(
        (user.display_name(), user.role),
        ("Mia", Some(Role::Manager))
    );
    // Connected, the quotes made here are the manager's own: not theirs to decide.
    assert!(f.store.pending_approvals().await.unwrap().is_empty());
    let own = f.store.save_quote(&over, Origin::Ui).await.unwrap();
    assert_eq!(own.status, QuoteStatus::PendingApproval);
    let err = f
        .store
        .decide_approval(own.id.unwrap(), Decision::Approve, "Mia", "", Origin::Ui)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("their own quote"), "{err}");
    let stored = f.store.get_quote(own.id.unwrap()).await.unwrap();
    assert_eq!(
        stored.status,
        QuoteStatus::PendingApproval,
        "nothing changed"
    );

    // A rep signed in decides nothing.
    f.store.set_account_profile("Ann", Role::Rep).await.unwrap();
    let err = f
        .store
        .decide_approval(own.id.unwrap(), Decision::Reject, "Ann", "no", Origin::Ui)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("only a manager"), "{err}");
    assert!(f.store.pending_approvals().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_quote_keeps_the_language_of_its_pdf_and_its_revisions_too() {
    let f = fixture().await;
    let mut draft = f.draft(vec![line(f.plc, "1", "0")]);
    let q = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(
        q.pdf_lang, None,
        "none chosen: the device's default applies"
    );

    draft.id = q.id;
    draft.pdf_lang = Some(PdfLanguage::Bilingual);
    let q = f.store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(q.pdf_lang, Some(PdfLanguage::Bilingual));
    let id = q.id.unwrap();
    assert_eq!(
        f.store.get_quote(id).await.unwrap().pdf_lang,
        Some(PdfLanguage::Bilingual)
    );
    // It syncs as the word other laptops and the server know.
    let outbox = f.store.outbox_batch(100).await.unwrap();
    let last = outbox
        .iter()
        .rev()
        .find(|c| c.change.entity == EntityKind::Quote)
        .unwrap();
    assert_eq!(last.change.fields["pdf_lang"], "bilingual");
    f.store.send_quote(id, Origin::Ui).await.unwrap();
    let r1 = f.store.revise_quote(id, Origin::Ui).await.unwrap();
    assert_eq!(
        r1.pdf_lang,
        Some(PdfLanguage::Bilingual),
        "a revision prints like the quote it revises"
    );
}
