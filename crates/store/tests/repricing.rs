//! Re-pricing quotes with bundles on real SQLite files: a bundle priced as the sum of its components has no
//! price of its own, so it never "would change" by itself; and "Keep current prices" holds for the version of
//! the lists it was given for, on the quote and on its revisions.
#![allow(clippy::unwrap_used)]

use fieldquote_domain::quote::QuoteStatus;
use fieldquote_store::{Origin, Store, demo};

/// The demo's quote with a servo-axis kit (a sum bundle), a fixed-price starter kit and an option, as a new
/// user meets it: nothing in its price lists changed since it was priced.
#[tokio::test]
async fn a_quote_with_bundles_has_nothing_to_reprice_when_no_price_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    demo::load(&store).await.unwrap();
    let id = store.quote_id_by_number("Q-2026-0004").await.unwrap();
    let quote = store.get_quote(id).await.unwrap();
    assert!(
        quote.lines.iter().any(|l| l.bundle_pricing == "sum"),
        "the demo quote has a sum bundle"
    );

    let r = store.repricing(id).await.unwrap();
    assert!(r.can_reprice);
    assert!(
        r.lines.is_empty(),
        "nothing would change, yet it lists {:?}",
        r.lines
            .iter()
            .map(|l| format!("{} {} -> {}", l.sku, l.old_unit_price, l.new_unit_price))
            .collect::<Vec<_>>()
    );
    assert_eq!(r.before, r.after);
    // Re-pricing it writes nothing.
    let pending = store.pending_changes().await.unwrap();
    assert_eq!(store.reprice_quote(id, Origin::Ui).await.unwrap(), quote);
    assert_eq!(store.pending_changes().await.unwrap(), pending);

    assert!(!r.prompt);
    assert!(quote.actions.edit && quote.actions.send && !quote.actions.revise);

    // Nor does its revision offer anything.
    let sent = store.send_quote(id, Origin::Ui).await.unwrap();
    assert!(!sent.actions.edit && !sent.actions.send && sent.actions.revise && sent.actions.accept);
    let revision = store.revise_quote(id, Origin::Ui).await.unwrap();
    assert_eq!(revision.status, QuoteStatus::Draft);
    assert!(revision.actions.edit && !revision.actions.revise);
    let r = store.repricing(revision.id.unwrap()).await.unwrap();
    assert!(r.lines.is_empty(), "{:?}", r.lines);
}

const CATALOG: &str = "\
sku,name,description,unit,unit_price,currency,tax_rate,bundle_pricing,components
DRV,Servo drive,,pcs,4280.00,CNY,13,,
MOT,Servo motor,,pcs,3160.00,CNY,13,,
CBL,Servo cable 5 m,,set,420.00,CNY,13,,
AXIS,Servo axis kit,,set,0.00,CNY,13,sum,DRV*1;MOT*1;CBL*2
";

const LISTS: &str =
    "price_list,currency,tax_inclusive,valid_from,valid_until,default,sku,min_qty,unit_price\n";

async fn import_default_list(store: &Store, drive_price: &str) {
    let from = (chrono::Local::now().date_naive() - chrono::Duration::days(10)).format("%Y-%m-%d");
    let file = fieldquote_domain::import::parse_price_lists(
        format!("{LISTS}Standard,CNY,no,{from},,yes,DRV,0,{drive_price}\n").as_bytes(),
    )
    .unwrap();
    store
        .import_price_lists(&file, Origin::Import)
        .await
        .unwrap();
}

/// A new list price for one component: only that component would change (the bundle's sum follows it);
/// "Keep current prices" stops the prompt for that version of the list, on the quote and on its revision,
/// and a newer version asks again.
#[tokio::test]
async fn keeping_current_prices_holds_until_the_lists_change_again() {
    use fieldquote_domain::account::AccountInput;
    use fieldquote_domain::quote::QuoteDraft;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let rows = fieldquote_domain::import::parse_products(CATALOG.as_bytes()).unwrap();
    store.import_products(&rows, Origin::Import).await.unwrap();
    let customer = store
        .create_account(
            &AccountInput {
                name: "苏州精工自动化有限公司".into(),
                ..Default::default()
            },
            Origin::Ui,
        )
        .await
        .unwrap()
        .id;
    let axis = store
        .all_products()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.sku == "AXIS")
        .unwrap()
        .id;
    let mut draft = QuoteDraft {
        customer_id: Some(customer),
        ..Default::default()
    };
    draft.push_lines(store.lines_for_product(axis, "2").await.unwrap());
    let quote = store.save_quote(&draft, Origin::Ui).await.unwrap();
    let id = quote.id.unwrap();
    // The bundle line shows its components' sum: 2 × (4280 + 3160 + 2 × 420).
    assert_eq!(quote.lines[0].unit_price, "16560.00");
    assert!(store.repricing(id).await.unwrap().lines.is_empty());

    // The company's default list now sells the drive for less.
    import_default_list(&store, "4000.00").await;
    let r = store.repricing(id).await.unwrap();
    let changed: Vec<(&str, &str, &str)> = r
        .lines
        .iter()
        .map(|l| {
            (
                l.sku.as_str(),
                l.old_unit_price.as_str(),
                l.new_unit_price.as_str(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [("DRV", "4280.00", "4000.00")],
        "the bundle line is not listed"
    );
    assert!(r.prompt && !r.kept);
    assert_ne!(r.after.total, r.before.total);

    // Keep current prices: recorded, so the editor stops asking, also when the quote is opened again.
    let pending = store.pending_changes().await.unwrap();
    let kept = store.keep_current_prices(id).await.unwrap();
    assert!(kept.kept && !kept.prompt);
    assert_eq!(
        kept.lines, r.lines,
        "what would change is still shown on request"
    );
    let again = store.repricing(id).await.unwrap();
    assert!(again.kept && !again.prompt);
    assert_eq!(
        store.pending_changes().await.unwrap(),
        pending,
        "a device-local choice: nothing to sync"
    );
    assert_eq!(
        store.get_quote(id).await.unwrap(),
        quote,
        "prices untouched"
    );

    // Its revision has the same recorded prices: the same offer is not asked again.
    store.send_quote(id, Origin::Ui).await.unwrap();
    assert!(
        !store.repricing(id).await.unwrap().prompt,
        "a sent quote never asks"
    );
    let revision = store.revise_quote(id, Origin::Ui).await.unwrap();
    let rid = revision.id.unwrap();
    let r = store.repricing(rid).await.unwrap();
    assert_eq!(r.lines.len(), 1);
    assert!(r.kept && !r.prompt);

    // A new version of the list: asked again.
    import_default_list(&store, "3900.00").await;
    let r = store.repricing(rid).await.unwrap();
    assert!(r.prompt && !r.kept);
    assert_eq!(r.lines[0].new_unit_price, "3900.00");
    assert_eq!(r.lines[0].new_list_version, Some(2));

    // Re-priced: the drive takes the new price, the bundle its new sum, and nothing is left to offer.
    let repriced = store.reprice_quote(rid, Origin::Ui).await.unwrap();
    assert_eq!(repriced.lines[1].unit_price, "3900.00");
    assert_eq!(repriced.lines[0].unit_price, "15800.00");
    let r = store.repricing(rid).await.unwrap();
    assert!(r.lines.is_empty() && !r.prompt);

    // Nothing to keep on a quote that can no longer change.
    assert!(matches!(
        store.keep_current_prices(id).await,
        Err(fieldquote_store::StoreError::Refused(
            fieldquote_domain::Refusal::Frozen { .. }
        ))
    ));
}
