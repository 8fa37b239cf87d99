//! The demo quotes made before the client visit existed: three drafts and one with bundles, for customers
//! without a quote yet. Tests rely on their numbers (Q-2026-0001 … 0004), so they are made first.

use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};

use super::DemoReport;
use crate::{Origin, Store, StoreError};

/// (customer name, notes, [(sku, qty, discount %)])
type DemoQuote = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);
const QUOTES: &[DemoQuote] = &[
    (
        "上海华东机电设备有限公司",
        "二号产线改造: PLC 升级及触摸屏更换。",
        &[
            ("PLC-S7-1500", "1", "5"),
            ("PLC-IO-16DI", "4", "5"),
            ("PLC-IO-16DO", "4", "5"),
            ("HMI-12", "2", "0"),
            ("SVC-COMM-DAY", "6", "0"),
        ],
    ),
    (
        "Northwind Food Processing Inc.",
        "Packaging line retrofit, phase 1.",
        &[
            ("SRV-DRV-1K", "6", "8"),
            ("SRV-MOT-1K", "6", "8"),
            ("SRV-CBL-5M", "6", "0"),
            ("SVC-ENG-HR", "40", "0"),
        ],
    ),
    (
        "杭州绿源水务集团",
        "泵站远程监控系统 (SCADA + 网关)。",
        &[
            ("LIC-SCADA-500", "1", "10"),
            ("LIC-SCADA-CL", "3", "10"),
            ("NET-GW-MQTT", "4", "0"),
            ("SNS-PRESS-10B", "8", "0"),
            ("SVC-TRAIN", "1", "0"),
            ("SVC-MAINT-YR", "1", "0"),
        ],
    ),
];

/// The quotes, each for its customer unless it has a quote already.
pub(super) async fn load(store: &Store, report: &mut DemoReport) -> Result<(), StoreError> {
    let quotes = store.list_quotes("").await?;
    let products = store.list_products("").await?;
    for &(customer_name, notes, lines) in QUOTES {
        let Some(customer) = store.find_account_by_name(customer_name).await? else {
            continue;
        };
        if quotes.iter().any(|q| q.customer_id == customer.id) {
            continue;
        }
        let lines = lines
            .iter()
            .filter_map(|&(sku, qty, disc)| {
                products
                    .iter()
                    .find(|p| p.sku == sku)
                    .map(|p| QuoteLineDraft {
                        id: None,
                        product_id: p.id,
                        quantity: qty.into(),
                        discount_percent: disc.into(),
                        ..Default::default()
                    })
            })
            .collect();
        let draft = QuoteDraft {
            id: None,
            customer_id: Some(customer.id),
            notes: notes.into(),
            payment_terms: "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款"
                .into(),
            delivery_terms: "Delivered to site within 4 weeks of order / 下单后 4 周内送货到现场"
                .into(),
            lines,
            ..Default::default()
        };
        store.save_quote(&draft, Origin::Demo).await?;
        report.quotes_created += 1;
    }
    bundle_quote(store, &quotes, &products, report).await?;
    Ok(())
}

/// A quote with both kinds of bundle and an option the client has not taken yet, for a customer without one.
async fn bundle_quote(
    store: &Store,
    quotes: &[fieldquote_domain::quote::QuoteSummary],
    products: &[fieldquote_domain::catalog::Product],
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let Some(customer) = store.find_account_by_name("苏州精工自动化有限公司").await?
    else {
        return Ok(());
    };
    if quotes.iter().any(|q| q.customer_id == customer.id) {
        return Ok(());
    }
    let id = |sku: &str| products.iter().find(|p| p.sku == sku).map(|p| p.id);
    let (Some(servo), Some(starter), Some(training)) =
        (id("KIT-SERVO-1K"), id("KIT-PLC-START"), id("SVC-TRAIN"))
    else {
        return Ok(());
    };
    let mut draft = QuoteDraft {
        customer_id: Some(customer.id),
        notes: "装配线伺服轴改造 (4 轴) 及控制系统入门套装。".into(),
        payment_terms: "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款"
            .into(),
        ..Default::default()
    };
    draft.push_lines(store.lines_for_product(servo, "4").await?);
    draft.push_lines(store.lines_for_product(starter, "1").await?);
    draft.push_lines(store.lines_for_product(training, "1").await?);
    if let Some(option) = draft.lines.last_mut() {
        option.optional = true;
    }
    store.save_quote(&draft, Origin::Demo).await?;
    report.quotes_created += 1;
    Ok(())
}
