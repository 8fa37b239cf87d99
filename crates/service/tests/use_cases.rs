//! The use cases on a real SQLite store in a temporary directory, with the demo data; PDFs are read back with
//! `pdftotext`.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use fieldquote_domain::Refusal;
use fieldquote_domain::Role;
use fieldquote_domain::approval::Decision;
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::quote::{NotAllowed, QuoteStatus, QuoteView};
use fieldquote_service::{ServiceError, approval, pdf, settings};
use fieldquote_store::{Origin, Store, StoreError, demo};

async fn demo_store(dir: &Path) -> Store {
    let store = Store::open(dir).await.unwrap();
    demo::load(&store).await.unwrap();
    store
}

/// A quote waiting for approval: a demo draft given a discount above the limit.
async fn waiting_for_approval(store: &Store) -> QuoteView {
    let q = store.get_quote_by_number("Q-2026-0001").await.unwrap();
    let mut draft = q.to_draft();
    draft.lines[0].discount_percent = "30".into();
    let q = store.save_quote(&draft, Origin::Ui).await.unwrap();
    assert_eq!(q.status, QuoteStatus::PendingApproval);
    q
}

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_pdf_is_printed_in_the_first_language_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let mut quote = store.get_quote_by_number("Q-2026-0004").await.unwrap();
    assert_eq!(pdf::file_name(&quote), "Q-2026-0004.pdf");
    let write = |quote: QuoteView, chosen, fallback, name: &str| {
        let path = dir.path().join(name);
        let store = &store;
        async move {
            let file = pdf::write_quote_pdf(store, quote, chosen, fallback, &path)
                .await
                .unwrap();
            (file, text_of(&path))
        }
    };
    use PdfLanguage::{Bilingual, En, Zh};

    // Nobody chose: the front door's default.
    quote.pdf_lang = None;
    let (file, text) = write(quote.clone(), None, Zh, "default.pdf").await;
    assert_eq!(file.language, Zh);
    assert!(
        text.contains("报价单") && !text.contains("QUOTATION"),
        "{text}"
    );
    assert!(file.bytes > 1000 && file.path.ends_with("default.pdf"));

    // The device's setting beats the default; the quote's own choice beats the setting.
    store.set_pdf_language(Some(En)).await.unwrap();
    let (file, _) = write(quote.clone(), None, Zh, "setting.pdf").await;
    assert_eq!(file.language, En);
    quote.pdf_lang = Some(Bilingual);
    let (file, text) = write(quote.clone(), None, En, "quote.pdf").await;
    assert_eq!(file.language, Bilingual);
    assert!(text.contains("QUOTATION 报价单"), "{text}");

    // A language picked for this print beats them all.
    let (file, text) = write(quote, Some(En), Zh, "chosen.pdf").await;
    assert_eq!(file.language, En);
    assert!(
        text.contains("QUOTATION") && !text.contains("报价单"),
        "{text}"
    );
}

#[tokio::test]
async fn a_standalone_laptop_names_the_approver_a_connected_one_signs_with_its_account() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path()).await;
    let id = waiting_for_approval(&store).await.id.unwrap();

    // Without a server someone must be named, and not with a blank. Nothing is decided.
    let err = approval::decide(&store, id, Decision::Approve, None, None, "", Origin::Ui)
        .await
        .unwrap_err();
    assert_eq!(err.refusal(), Some(&Refusal::ApproverNotNamed), "{err}");
    let err = approval::decide(
        &store,
        id,
        Decision::Approve,
        Some("  "),
        None,
        "",
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, ServiceError::Store(StoreError::Invalid(f)) if f[0].field == "approved_by"),
        "{err}"
    );
    assert_eq!(
        store.get_quote(id).await.unwrap().status,
        QuoteStatus::PendingApproval
    );
    let q = approval::decide(
        &store,
        id,
        Decision::Reject,
        Some(" Wang Fang "),
        None,
        "too deep",
        Origin::Cli,
    )
    .await
    .unwrap();
    assert_eq!(q.status, QuoteStatus::Draft);
    assert_eq!(
        q.approval.unwrap().comment,
        "Refused by Wang Fang: too deep"
    );

    // Signed in, the account signs: naming someone else is refused, and without a name the account's own
    // rules apply (connecting made the laptop's quotes the manager's own, which another manager decides).
    // The refused draft still needs approval, so it could be approved.
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
        .set_account_profile("Mia Chen", Role::Manager)
        .await
        .unwrap();
    let err = approval::decide(
        &store,
        id,
        Decision::Approve,
        Some("Li Lei"),
        None,
        "",
        Origin::Ui,
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.refusal(),
        Some(&Refusal::AccountSigns {
            email: "mia@example.cn".into()
        })
    );
    let err = approval::decide(&store, id, Decision::Approve, None, None, "ok", Origin::Ui)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.refusal(),
            Some(Refusal::NotAllowed {
                reason: NotAllowed::OwnQuote,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(
        store.get_quote(id).await.unwrap().status,
        QuoteStatus::Draft
    );
}

#[tokio::test]
async fn a_logo_is_kept_only_when_it_can_be_printed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pdf/tests/fixtures");
    let png = std::fs::read(fixtures.join("logo.png")).unwrap();
    for bad in [
        b"<svg/>".to_vec(),
        png[..40].to_vec(),
        std::fs::read(fixtures.join("too-wide.png")).unwrap(),
    ] {
        let err = settings::set_logo(&store, &bad).await.unwrap_err();
        assert!(matches!(err, ServiceError::Logo(_)), "{err}");
        assert_eq!(store.logo().await.unwrap(), None, "nothing stored");
    }

    let info = settings::set_logo(&store, &png).await.unwrap();
    assert!(info.data_url.starts_with("data:image/png;base64,"));
    assert_eq!(info.bytes as usize, png.len());
    let shown = settings::pdf_settings(&store).await.unwrap();
    assert_eq!(shown.logo, Some(info));
    assert_eq!(shown.language, None);

    settings::remove_logo(&store).await.unwrap();
    assert_eq!(settings::pdf_settings(&store).await.unwrap().logo, None);
}
