//! The demo's content library and proposals: a company introduction, two solution modules linked to catalog
//! products, case studies in the demo accounts' industries and standard terms, as the user's own blocks; and a
//! complete proposal for the stalled formation-line deal, sent and frozen, with a draft of a second one.
//! Blocks are matched by title, proposals by their opportunity (an opportunity that has one gets none).

use uuid::Uuid;

use fieldquote_domain::content::{BlockKind, ContentBlockInput};
use fieldquote_domain::document::PdfLanguage;
use fieldquote_domain::proposal::{Doc, build_proposal};

use super::{Clock, DemoReport};
use crate::{ContentFilter, Origin, ProposalFilter, Store, StoreError};

/// A block: kind, English title, Chinese title, English text, Chinese text, industry, product SKUs.
type DemoBlock = (
    BlockKind,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const BLOCKS: &[DemoBlock] = &[
    (
        BlockKind::CompanyIntroduction,
        "About East China Smart Control",
        "关于华东智控",
        "East China Smart Control designs and commissions control systems for factories, warehouses and utilities across the Yangtze delta: PLC and SCADA, drives, sensing and the networks that tie them together. Our engineers stay on site until your line runs.",
        "华东智控为长三角的工厂、仓储和公用事业设计并调试控制系统：PLC 与 SCADA、驱动、传感以及把它们连在一起的网络。我们的工程师在现场直到产线稳定运行。",
        "",
        &[],
    ),
    (
        BlockKind::SolutionModule,
        "Energy monitoring with SCADA",
        "SCADA 能耗监控模块",
        "Metering by process and shift, alarms on idle consumption, and daily reports to the phone. Built on our standard SCADA licence and MQTT gateways.",
        "按工序、班次计量能耗，空载能耗报警，日报推送到手机。基于标准 SCADA 授权与 MQTT 网关。",
        "",
        &["LIC-SCADA-500", "NET-GW-MQTT"],
    ),
    (
        BlockKind::SolutionModule,
        "Process sensing",
        "过程检测模块",
        "Temperature and pressure points wired to the control cabinet, calibrated and documented at commissioning.",
        "温度、压力测点接入控制柜，调试时完成标定并提供文档。",
        "",
        &["SNS-PT100", "SNS-PRESS-10B"],
    ),
    (
        BlockKind::CaseStudy,
        "Formation-line metering at a battery plant, Changzhou",
        "常州某电池厂化成线计量",
        "Challenge: formation cabinets metered monthly by hand. Solution: per-cabinet meters on SCADA with MQTT gateways. Result: idle consumption down 11 % in the first quarter.",
        "挑战：化成柜每月人工抄表。方案：每台化成柜独立计量，接入 SCADA 与 MQTT 网关。效果：第一季度空载能耗下降 11%。",
        "energy",
        &[],
    ),
    (
        BlockKind::CaseStudy,
        "Conveyor controls for a port warehouse, Ningbo",
        "宁波港区立体仓库输送线控制",
        "Three conveyor lines on S7-1500 with touch panels and drives, commissioned during a two-week stop.",
        "三条输送线采用 S7-1500、触摸屏与变频器，在两周停产期内完成调试。",
        "logistics",
        &[],
    ),
    (
        BlockKind::Terms,
        "Standard terms",
        "标准条款",
        "Prices include VAT at the rate shown. Delivery four weeks after order; installation and commissioning on site; twelve months' warranty from acceptance.",
        "价格含所列税率的增值税。订货后四周交货；现场安装调试；自验收起保修十二个月。",
        "",
        &[],
    ),
];

/// The library blocks, made once (matched by English title).
async fn blocks(store: &Store) -> Result<(), StoreError> {
    let have = store.list_content_blocks(&ContentFilter::default()).await?;
    let products = store.list_products("").await?;
    for (kind, en, zh, text_en, text_zh, industry, skus) in BLOCKS {
        if have.iter().any(|b| b.title_en == *en) {
            continue;
        }
        let product_ids: Vec<Uuid> = skus
            .iter()
            .filter_map(|sku| products.iter().find(|p| p.sku == *sku).map(|p| p.id))
            .collect();
        store
            .create_content_block(
                &ContentBlockInput {
                    kind: kind.as_str().into(),
                    title_en: (*en).into(),
                    title_zh: (*zh).into(),
                    body_en: Doc::from_plain(text_en).to_json(),
                    body_zh: Doc::from_plain(text_zh).to_json(),
                    industry: (*industry).into(),
                    product_ids,
                    ..ContentBlockInput::default()
                },
                Origin::Demo,
            )
            .await?;
    }
    Ok(())
}

/// The id of the demo opportunity named `name`, if it is here.
async fn opportunity(store: &Store, name: &str) -> Result<Option<Uuid>, StoreError> {
    let page = store
        .list_opportunities(&fieldquote_domain::list::ListQuery::filtered(
            fieldquote_domain::opportunity::OpportunityFilter {
                text: name.to_string(),
                ..Default::default()
            },
        ))
        .await?;
    Ok(page.rows.iter().find(|o| o.name == name).map(|o| o.id))
}

pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    blocks(store).await?;
    // The stalled deal: a bilingual proposal, complete and sent, waiting for the client's signature.
    if let Some(o) = opportunity(store, super::opportunities::STALLED).await?
        && store
            .list_proposals(&ProposalFilter {
                opportunity_id: Some(o),
                status: None,
            })
            .await?
            .is_empty()
    {
        let p = store
            .start_proposal(o, None, PdfLanguage::Bilingual, Origin::Demo)
            .await?;
        let date = clock.today().format("%Y-%m-%d").to_string();
        let inputs = store.proposal_inputs(&p, &date, None).await?;
        let doc = build_proposal(&p.sections, &inputs)
            .map_err(|e| StoreError::Corrupt(format!("the demo proposal does not print: {e}")))?;
        store
            .send_proposal(p.id, &doc, clock.at(0, 10, 0), Origin::Demo)
            .await?;
        report.proposals_created += 1;
    }
    Ok(())
}
