//! The demo pipeline: opportunities in every stage (needs identified, solution design, quoted, negotiation,
//! won with its accepted quote, lost with its reason and the competitor), each walked through its stages on
//! the days it moved, with its quote and its members; needs and workstreams come from [`super::needs`].

use uuid::Uuid;

use fieldquote_domain::list::ListQuery;
use fieldquote_domain::opportunity::{
    LostReason, MemberInput, MemberRole, OpportunityFilter, OpportunityInput, QuoteOutcome, Stage,
    StageMove,
};
use fieldquote_domain::quote::{QuoteDraft, QuoteLineDraft};

use super::team::{CHEN_JING, EMMA, Team, WANG_LEI, ZHANG_WEI};
use super::{Clock, DemoReport, account_id, needs};
use crate::{Origin, Store, StoreError};

/// What happened to an opportunity on a day.
pub(super) enum Step {
    /// Moved to an open stage, saying why.
    Move(Stage, &'static str),
    /// Its quote was saved and sent (an early opportunity moves to quoted).
    Send,
    /// The client accepted the quote: won.
    Accept,
    /// The client rejected the quote: back to negotiation.
    Reject,
    /// Lost: the reason, the competitor who won it (or none), and why.
    Lose(LostReason, &'static str, &'static str),
}

pub(super) struct DemoOpportunity {
    pub account: &'static str,
    pub name: &'static str,
    pub value: &'static str,
    pub currency: &'static str,
    /// The expected close, in days from today.
    pub close: i64,
    pub notes: &'static str,
    /// The day it was opened (at needs identified), in days from today.
    pub opened: i64,
    pub path: &'static [(i64, Step)],
    /// The quote's notes and lines (SKU, quantity, discount %), sent by the path's `Send`.
    pub quote: (
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    ),
    /// Colleagues besides the rep (always a member, as sales).
    pub members: &'static [(Uuid, MemberRole)],
}

use LostReason::{Competitor, Price};
use MemberRole::{Contract, Presales, Sales};
use Stage::{Negotiation, SolutionDesign};
use Step::{Accept, Lose, Move, Reject, Send};

const NO_QUOTE: (&str, &[(&str, &str, &str)]) = ("", &[]);

pub(super) const WON: &str = "立体仓库输送线控制系统 AS/RS conveyor controls";
pub(super) const STALLED: &str = "化成车间能耗监控 Formation-line energy monitoring";

const OPPORTUNITIES: &[DemoOpportunity] = &[
    DemoOpportunity {
        account: "宁波港通物流装备有限公司",
        name: WON,
        value: "386000",
        currency: "CNY",
        close: -20,
        notes: "北仑港区新立体仓库, 三条输送线。",
        opened: -85,
        path: &[
            (-70, Move(SolutionDesign, "现场勘查完成, 开始方案设计")),
            (-50, Send),
            (-35, Move(Negotiation, "客户要求交期提前两周")),
            (-20, Accept),
        ],
        quote: (
            "立体仓库输送线控制系统: 三条线 PLC、触摸屏、变频及现场调试。",
            &[
                ("PLC-S7-1500", "3", "3"),
                ("PLC-IO-16DI", "9", "3"),
                ("PLC-IO-16DO", "9", "3"),
                ("HMI-12", "3", "0"),
                ("VFD-7K5", "12", "3"),
                ("NET-SW-8", "4", "0"),
                ("CAB-CTRL-800", "3", "0"),
                ("SVC-COMM-DAY", "12", "0"),
            ],
        ),
        members: &[(WANG_LEI, Presales), (CHEN_JING, Contract)],
    },
    DemoOpportunity {
        account: "无锡新能电池科技有限公司",
        name: STALLED,
        value: "268000",
        currency: "CNY",
        close: 21,
        notes: "二期化成车间, 能耗监控及报表。审批卡在预算。",
        opened: -72,
        path: &[
            (-58, Move(SolutionDesign, "需求确认, 王磊出方案")),
            (-38, Send),
            (-26, Move(Negotiation, "客户要求分两期付款")),
        ],
        quote: (
            "化成车间能耗监控: SCADA、物联网网关、温度与压力测点。",
            &[
                ("LIC-SCADA-500", "1", "5"),
                ("LIC-SCADA-CL", "4", "5"),
                ("NET-GW-MQTT", "12", "0"),
                ("SNS-PT100", "60", "0"),
                ("SNS-PRESS-10B", "24", "0"),
                ("SVC-ENG-HR", "80", "0"),
                ("SVC-MAINT-YR", "1", "0"),
            ],
        ),
        members: &[
            (WANG_LEI, Presales),
            (CHEN_JING, Contract),
            (ZHANG_WEI, Sales),
        ],
    },
    DemoOpportunity {
        account: "南京金陵制药厂",
        name: "洁净车间 HVAC 变频改造 Clean-room HVAC drives",
        value: "152000",
        currency: "CNY",
        close: 40,
        notes: "固体制剂车间空调机组变频改造, 需 GMP 验证文件。",
        opened: -48,
        path: &[(-36, Move(SolutionDesign, "完成现场测绘")), (-12, Send)],
        quote: (
            "洁净车间空调机组变频改造, 含 PLC 联动及验证文件。",
            &[
                ("VFD-22K", "6", "0"),
                ("VFD-7K5", "8", "0"),
                ("PLC-S7-1200", "2", "0"),
                ("HMI-7", "2", "0"),
                ("SVC-COMM-DAY", "6", "0"),
            ],
        ),
        members: &[(WANG_LEI, Presales)],
    },
    DemoOpportunity {
        account: "合肥智造汽车零部件有限公司",
        name: "冲压线安全改造 Press-line safety upgrade",
        value: "58000",
        currency: "CNY",
        close: 20,
        notes: "四台压力机加装光幕与安全继电器。",
        opened: -40,
        path: &[(-28, Move(SolutionDesign, "安全评估完成")), (-6, Send)],
        quote: (
            "冲压线安全改造: 安全继电器、光电检测及调试。",
            &[
                ("RLY-SAFE", "8", "0"),
                ("SNS-PHOTO-10M", "16", "0"),
                ("PLC-S7-1200", "1", "0"),
                ("SVC-COMM-DAY", "3", "0"),
            ],
        ),
        members: &[],
    },
    DemoOpportunity {
        account: "Rheinmetall Pumpen GmbH",
        name: "Pump test stand SCADA 泵测试台监控",
        value: "185000",
        currency: "CNY",
        close: 15,
        notes: "Two test stands at the Taicang plant; the order is placed in Düsseldorf.",
        opened: -66,
        path: &[
            (-52, Move(SolutionDesign, "Test stand survey done")),
            (-33, Send),
            (-19, Move(Negotiation, "Waiting for the EUR budget release")),
        ],
        quote: (
            "Test stand SCADA: licences, PLC with analog inputs, pressure transmitters, engineering.",
            &[
                ("LIC-SCADA-500", "1", "0"),
                ("LIC-SCADA-CL", "2", "0"),
                ("PLC-S7-1500", "1", "0"),
                ("PLC-IO-8AI", "6", "0"),
                ("SNS-PRESS-10B", "12", "0"),
                ("SVC-ENG-HR", "60", "0"),
            ],
        ),
        members: &[(EMMA, Sales), (WANG_LEI, Presales)],
    },
    DemoOpportunity {
        account: "天津渤海重工集团",
        name: "焊接车间伺服改造 Welding-shop servo retrofit",
        value: "298000",
        currency: "CNY",
        close: -25,
        notes: "十二轴焊接变位机伺服改造, 集团集采。",
        opened: -80,
        path: &[
            (-66, Move(SolutionDesign, "车间调研")),
            (-45, Send),
            (-30, Reject),
            (
                -25,
                Lose(
                    Competitor,
                    "德控自动化 DeKon Automation",
                    "对手报价低 12%, 集采中心按最低价中标",
                ),
            ),
        ],
        quote: (
            "焊接变位机伺服改造 (12 轴)。",
            &[
                ("SRV-DRV-1K", "12", "5"),
                ("SRV-MOT-1K", "12", "5"),
                ("SRV-CBL-5M", "12", "0"),
                ("SVC-COMM-DAY", "8", "0"),
            ],
        ),
        members: &[(WANG_LEI, Presales), (ZHANG_WEI, Sales)],
    },
    DemoOpportunity {
        account: "Osaka Precision Machinery K.K.",
        name: "Spindle test bench controls",
        value: "96000",
        currency: "CNY",
        close: -10,
        notes: "Controls for two spindle run-in benches.",
        opened: -62,
        path: &[
            (-50, Move(SolutionDesign, "Requirements workshop")),
            (
                -10,
                Lose(
                    Price,
                    "",
                    "Budget frozen; our price 18 % above their target",
                ),
            ),
        ],
        quote: NO_QUOTE,
        members: &[(EMMA, Sales)],
    },
    DemoOpportunity {
        account: "武汉光谷智能制造研究院",
        name: "实训产线 PLC 教学平台 Training-line PLC kits",
        value: "210000",
        currency: "CNY",
        close: 60,
        notes: "二十套 PLC 实训台, 财政资金, 需走政府采购。",
        opened: -30,
        path: &[(-16, Move(SolutionDesign, "需求调研完成, 准备方案"))],
        quote: NO_QUOTE,
        members: &[(WANG_LEI, Presales)],
    },
    DemoOpportunity {
        account: "深圳云启电子有限公司",
        name: "SMT 线数据采集 SMT line data collection",
        value: "72000",
        currency: "CNY",
        close: 35,
        notes: "六条 SMT 线接入 MES。",
        opened: -20,
        path: &[(-8, Move(SolutionDesign, "网关选型"))],
        quote: NO_QUOTE,
        members: &[],
    },
    DemoOpportunity {
        account: "Dubai Desalination Services LLC",
        name: "RO plant high-pressure pump VFD retrofit",
        value: "420000",
        currency: "USD",
        close: 90,
        notes: "Eight high-pressure pumps, 22 kW drives; tender expected next quarter.",
        opened: -9,
        path: &[],
        quote: NO_QUOTE,
        members: &[(EMMA, Sales)],
    },
    DemoOpportunity {
        account: "苏州东吴医疗器械有限公司",
        name: "洁净装配线温湿度监控 Clean assembly monitoring",
        value: "45000",
        currency: "CNY",
        close: 75,
        notes: "官网询盘, 待首次拜访。",
        opened: -5,
        path: &[],
        quote: NO_QUOTE,
        members: &[],
    },
    DemoOpportunity {
        account: "扬州清源新能源有限公司",
        name: "储能站 PLC 控制柜 ESS control cabinets",
        value: "130000",
        currency: "CNY",
        close: 50,
        notes: "两座储能站的控制柜。",
        opened: -14,
        path: &[],
        quote: NO_QUOTE,
        members: &[],
    },
];

/// The opportunity of `account` named `name`.
pub(super) async fn opportunity_id(
    store: &Store,
    account: Uuid,
    name: &str,
) -> Result<Option<Uuid>, StoreError> {
    let page = store
        .list_opportunities(&ListQuery::filtered(OpportunityFilter {
            account_id: Some(account),
            ..OpportunityFilter::default()
        }))
        .await?;
    Ok(page.rows.iter().find(|o| o.name == name).map(|o| o.id))
}

/// The missing opportunities (by name on their account), each with its history, quote, members, needs and
/// workstreams.
pub(super) async fn load(
    store: &Store,
    clock: &Clock,
    team: &Team,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    for o in OPPORTUNITIES {
        let Some(account) = account_id(store, o.account).await? else {
            continue;
        };
        if opportunity_id(store, account, o.name).await?.is_some() {
            continue;
        }
        let input = OpportunityInput {
            expected_value: o.value.into(),
            // The rep's estimate is the usual one of the stage the path ends at (won and lost set their own).
            probability: Some(u32::from(final_stage(o.path).default_probability())),
            expected_close: clock.date(o.close),
            notes: o.notes.into(),
            ..OpportunityInput::named(account, o.name, o.currency)
        };
        let id = store
            .create_opportunity(&input, clock.at(o.opened, 9, 30), Origin::Demo)
            .await?
            .id;
        report.opportunities_created += 1;
        for &(user_id, role) in std::iter::once(&(team.me, Sales)).chain(o.members) {
            let member = MemberInput {
                opportunity_id: id,
                user_id,
                role,
            };
            store.add_opportunity_member(&member, Origin::Demo).await?;
        }
        walk(store, clock, o, id, report).await?;
        needs::load(store, clock, team, o.name, id).await?;
    }
    Ok(())
}

/// The stage an opportunity's path ends at.
fn final_stage(path: &[(i64, Step)]) -> Stage {
    path.iter()
        .fold(Stage::NeedsIdentified, |stage, (_, step)| match step {
            Move(to, _) => *to,
            Send if matches!(stage, Stage::NeedsIdentified | Stage::SolutionDesign) => {
                Stage::Quoted
            }
            Send => stage,
            Accept => Stage::Won,
            Reject => Stage::Negotiation,
            Lose(..) => Stage::Lost,
        })
}

/// Walk an opportunity through its path.
async fn walk(
    store: &Store,
    clock: &Clock,
    o: &DemoOpportunity,
    id: Uuid,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let mut quote = None;
    for (day, step) in o.path {
        let at = clock.at(*day, 16, 0);
        match step {
            Move(stage, reason) => {
                let mv = StageMove {
                    reason: (*reason).into(),
                    ..StageMove::to(*stage)
                };
                store
                    .move_opportunity_stage(id, &mv, at, Origin::Demo)
                    .await?;
            }
            Send => {
                let q = save_quote(store, id, o.quote).await?;
                store.send_quote_at(q, at, Origin::Demo).await?;
                report.quotes_created += 1;
                quote = Some(q);
            }
            Accept | Reject => {
                let outcome = if matches!(step, Accept) {
                    QuoteOutcome::Accepted
                } else {
                    QuoteOutcome::Rejected
                };
                if let Some(q) = quote {
                    store
                        .mark_quote_outcome(q, outcome, at, Origin::Demo)
                        .await?;
                }
            }
            Lose(lost_reason, competitor, reason) => {
                let mv = StageMove {
                    lost_reason: Some(*lost_reason),
                    competitor: (*competitor).into(),
                    reason: (*reason).into(),
                    ..StageMove::to(Stage::Lost)
                };
                store
                    .move_opportunity_stage(id, &mv, at, Origin::Demo)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Save the opportunity's quote as a draft; its id.
async fn save_quote(
    store: &Store,
    opportunity: Uuid,
    (notes, lines): (&str, &[(&str, &str, &str)]),
) -> Result<Uuid, StoreError> {
    let products = store.list_products("").await?;
    let lines = lines
        .iter()
        .filter_map(|&(sku, qty, disc)| {
            products
                .iter()
                .find(|p| p.sku == sku)
                .map(|p| QuoteLineDraft {
                    product_id: p.id,
                    quantity: qty.into(),
                    discount_percent: disc.into(),
                    ..Default::default()
                })
        })
        .collect();
    let draft = QuoteDraft {
        notes: notes.into(),
        payment_terms: "30 % with the order, 70 % before delivery / 预付 30%，发货前付清余款"
            .into(),
        delivery_terms: "Delivered to site within 6 weeks of order / 下单后 6 周内送货到现场"
            .into(),
        lines,
        ..Default::default()
    };
    let saved = store
        .save_quote_for_opportunity(opportunity, &draft, Origin::Demo)
        .await?;
    saved
        .id
        .ok_or_else(|| StoreError::Corrupt("a saved quote has no id".into()))
}
