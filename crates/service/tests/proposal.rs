//! Proposals end to end through the use cases, on a real SQLite store with the demo data: a draft from the
//! template, refused while it does not print (naming the section), sent and frozen, the client's optional
//! item priced before signing, signed (the quote accepted, the opportunity won), and the signed PDF verified
//! — and refused once a byte changed, or against another version.
#![allow(clippy::unwrap_used)]

use fieldquote_domain::DomainError;
use fieldquote_domain::list::ListQuery;
use fieldquote_domain::opportunity::{OpportunityFilter, Stage};
use fieldquote_domain::proposal::{ProposalInput, ProposalStatus, ProposalStep};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft, QuoteStatus};
use fieldquote_domain::rule::RuleRefusal;
use fieldquote_service::proposal::{self, SignInput, VerifyOutcome};
use fieldquote_service::{ServiceError, opportunity};
use fieldquote_store::{Origin, Store, StoreError, demo};
use uuid::Uuid;

/// A 24×8 grayscale PNG: a stroke.
const SIGNATURE_PNG: &[u8] = include_bytes!("fixtures/signature.png");

/// The demo's formation-line opportunity (its needs are captured) with a new sent quote of two lines, the
/// second optional: `(opportunity, quote, optional line)`.
async fn opportunity_with_quote(store: &Store) -> (Uuid, Uuid, Uuid) {
    let found = store
        .list_opportunities(&ListQuery::filtered(OpportunityFilter {
            text: "Formation-line".into(),
            ..OpportunityFilter::default()
        }))
        .await
        .unwrap();
    let opp = store.get_opportunity(found.rows[0].id).await.unwrap();
    let products = store.list_products("").await.unwrap();
    let items: Vec<_> = products
        .iter()
        .filter(|p| p.bundle_pricing.is_empty())
        .take(2)
        .collect();
    let line = |p: &fieldquote_domain::catalog::Product, optional| QuoteLineDraft {
        product_id: p.id,
        quantity: "2".into(),
        discount_percent: "0".into(),
        optional,
        ..QuoteLineDraft::default()
    };
    let draft = QuoteDraft {
        customer_id: Some(opp.account_id),
        lines: vec![line(items[0], false), line(items[1], true)],
        ..QuoteDraft::default()
    };
    let q = opportunity::save_quote(store, opp.id, &draft, Origin::Ui)
        .await
        .unwrap();
    let q = store.send_quote(q.id.unwrap(), Origin::Ui).await.unwrap();
    (opp.id, q.id.unwrap(), q.lines[1].id.unwrap())
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap()
}

fn step_refused(e: ServiceError) -> ProposalStep {
    match e {
        ServiceError::Store(StoreError::Domain(DomainError::Rule(RuleRefusal::ProposalStep {
            step,
            ..
        }))) => step,
        other => panic!("expected a proposal step refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_proposal_goes_from_template_to_a_verified_signature() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    demo::load(&store).await.unwrap();
    let (opp, quote, optional) = opportunity_with_quote(&store).await;

    let p = proposal::create(&store, opp, None, Default::default(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(
        (p.status, p.version, p.quote_id),
        (ProposalStatus::Draft, 1, Some(quote))
    );
    let draft_pdf = proposal::pdf(&store, p.id).await.unwrap();
    let text = text_of(&draft_pdf);
    assert!(
        text.contains("Your needs") && text.contains("Pricing"),
        "{text}"
    );

    // A placeholder nobody knows stops the send, naming its section; the draft stays a draft.
    let mut sections = p.sections.clone();
    let summary = sections
        .iter_mut()
        .find(|s| s.title == "Executive summary")
        .unwrap();
    summary.body =
        fieldquote_domain::proposal::Doc::from_plain("Dear {{client.nickname}}, thank you.");
    let input = ProposalInput {
        title: p.title.clone(),
        lang: p.lang,
        sections,
    };
    proposal::update(&store, p.id, &input, Origin::Ui)
        .await
        .unwrap();
    let e = proposal::send(&store, p.id, Origin::Ui).await.unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("Executive summary") && message.contains("client.nickname"),
        "{message}"
    );
    assert_eq!(
        store.get_proposal(p.id).await.unwrap().status,
        ProposalStatus::Draft
    );
    let input = ProposalInput {
        sections: p.sections.clone(),
        ..input
    };
    proposal::update(&store, p.id, &input, Origin::Ui)
        .await
        .unwrap();

    // Sent: frozen.
    let sent = proposal::send(&store, p.id, Origin::Ui).await.unwrap();
    assert_eq!(sent.status, ProposalStatus::Sent);
    assert_eq!(sent.content_hash.len(), 64);
    let e = proposal::update(&store, p.id, &input, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(step_refused(e), ProposalStep::Edit);

    // The client's optional item changes the totals and the document they would sign.
    let without = proposal::acceptance_preview(&store, p.id, &[])
        .await
        .unwrap();
    let with = proposal::acceptance_preview(&store, p.id, &[optional])
        .await
        .unwrap();
    let total = |q: &Option<fieldquote_domain::quote::QuoteView>| q.as_ref().unwrap().total.clone();
    assert_ne!(total(&without.quote), total(&with.quote));
    assert_ne!(without.sha256, with.sha256);
    let not_a_line = Uuid::now_v7();
    assert!(
        proposal::acceptance_preview(&store, p.id, &[not_a_line])
            .await
            .is_err(),
        "a line that is not an optional line of the quote is refused"
    );

    // Signing without a name or a signature is refused, and nothing changes.
    let bad = proposal::sign(
        &store,
        p.id,
        &SignInput {
            taken_lines: vec![optional],
            name: " ".into(),
            title: String::new(),
            signature_png: Vec::new(),
        },
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert!(bad.to_string().contains("signer_name"), "{bad}");
    assert_eq!(
        store.get_proposal(p.id).await.unwrap().status,
        ProposalStatus::Sent
    );

    let signed = proposal::sign(
        &store,
        p.id,
        &SignInput {
            taken_lines: vec![optional],
            name: "钱海峰".into(),
            title: "设备部经理".into(),
            signature_png: SIGNATURE_PNG.to_vec(),
        },
        Origin::Ui,
    )
    .await
    .unwrap();
    assert_eq!(signed.status, ProposalStatus::Accepted);
    let s = signed.signature.clone().unwrap();
    assert_eq!(
        s.seen_sha256, with.sha256,
        "the client signed what they saw"
    );
    assert_eq!(s.taken_lines, vec![optional]);
    let q = store.get_quote(quote).await.unwrap();
    assert_eq!(q.status, QuoteStatus::Accepted);
    assert_eq!(
        q.total,
        total(&with.quote),
        "accepted with the optional item"
    );
    assert_eq!(store.get_opportunity(opp).await.unwrap().stage, Stage::Won);

    // The signed PDF verifies; a byte changed, or another version asked about, does not.
    let out = dir.path().join("signed.pdf");
    let file = proposal::write_pdf(&store, p.id, &out).await.unwrap();
    let bytes = std::fs::read(&file.path).unwrap();
    assert_eq!(
        fieldquote_domain::proposal::sha256_hex(&bytes),
        s.signed_pdf_sha256
    );
    let text = text_of(&bytes);
    assert!(
        text.contains("钱海峰") && text.contains(&s.seen_sha256),
        "{text}"
    );
    let verify = |pdf: Vec<u8>, expected: Option<Uuid>| {
        let store = &store;
        async move {
            proposal::verify(store, &pdf, expected)
                .await
                .unwrap()
                .outcome
        }
    };
    assert_eq!(verify(bytes.clone(), None).await, VerifyOutcome::Valid);
    let mut altered = bytes.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x20;
    assert_eq!(verify(altered, None).await, VerifyOutcome::Altered);
    let other = proposal::create(&store, opp, Some("Second"), Default::default(), Origin::Ui)
        .await
        .unwrap();
    assert_eq!(
        verify(bytes.clone(), Some(other.id)).await,
        VerifyOutcome::OtherVersion
    );
    assert_eq!(
        verify(b"%PDF-1.7 not a proposal".to_vec(), None).await,
        VerifyOutcome::Unknown
    );

    // An accepted version is history.
    let e = proposal::revise(&store, p.id, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(step_refused(e), ProposalStep::Revise);
}

#[tokio::test]
async fn revising_a_sent_version_makes_the_next_draft_and_supersedes_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    demo::load(&store).await.unwrap();
    let (opp, _, _) = opportunity_with_quote(&store).await;
    let p = proposal::create(&store, opp, Some("方案"), Default::default(), Origin::Ui)
        .await
        .unwrap();
    let e = proposal::revise(&store, p.id, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(step_refused(e), ProposalStep::Revise);
    proposal::send(&store, p.id, Origin::Ui).await.unwrap();
    let v2 = proposal::revise(&store, p.id, Origin::Ui).await.unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.revises_id),
        (2, ProposalStatus::Draft, Some(p.id))
    );
    assert_eq!(v2.sections, p.sections);
    assert_eq!(
        store.get_proposal(p.id).await.unwrap().status,
        ProposalStatus::Superseded
    );
    let listed = proposal::list(&store, Some(opp)).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .filter(|l| [p.id, v2.id].contains(&l.id))
            .map(|l| l.version)
            .collect::<Vec<_>>(),
        vec![2, 1],
        "newest first"
    );
    // A draft is deleted; a superseded version is kept.
    let e = proposal::delete(&store, p.id, Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(step_refused(e), ProposalStep::Delete);
    proposal::delete(&store, v2.id, Origin::Ui).await.unwrap();
}
